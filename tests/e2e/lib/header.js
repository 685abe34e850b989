'use strict';
// Recomputes a block hash from the JSON-RPC header fields: keccak256(RLP(header)), with the
// optional fields of London (baseFee), Shanghai (withdrawalsRoot), Cancun (blob gas, beacon root)
// and Prague (requestsHash) appended in order when present.
const { encodeRlp, keccak256, toBeArray, hexlify, concat } = require('ethers');

const int = (x) => (BigInt(x) === 0n ? '0x' : hexlify(toBeArray(BigInt(x))));

function headerRlp(b) {
  const fields = [
    b.parentHash, b.sha3Uncles, b.miner, b.stateRoot, b.transactionsRoot, b.receiptsRoot, b.logsBloom,
    int(b.difficulty), int(b.number), int(b.gasLimit), int(b.gasUsed), int(b.timestamp), b.extraData,
    b.mixHash, b.nonce,
  ];
  const optional = [
    ['baseFeePerGas', int], ['withdrawalsRoot', (x) => x], ['blobGasUsed', int], ['excessBlobGas', int],
    ['parentBeaconBlockRoot', (x) => x], ['requestsHash', (x) => x],
  ];
  for (const [k, enc] of optional) {
    if (b[k] === undefined || b[k] === null) break;
    fields.push(enc(b[k]));
  }
  return encodeRlp(fields);
}

const blockHash = (b) => keccak256(headerRlp(b));

module.exports = { headerRlp, blockHash };

/** EIP-2718 receipt encoding from the JSON-RPC receipt (non-deposit types). */
function receiptEncoding(r) {
  const body = encodeRlp([
    BigInt(r.status) === 1n ? '0x01' : '0x', int(r.cumulativeGasUsed), r.logsBloom,
    r.logs.map((l) => [l.address, l.topics, l.data]),
  ]);
  const type = Number(BigInt(r.type || '0x0'));
  return type === 0 ? body : concat([toBeArray(type), body]);
}

module.exports.receiptEncoding = receiptEncoding;
