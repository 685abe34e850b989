'use strict';
// The node driven by the real `cast` binary.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { AbiCoder, Interface, id, zeroPadValue, Wallet } = require('ethers');
const { DevNode, waitReceipt } = require('../lib/fixture');
const { cast, castRun } = require('../lib/cast');
const { devWallets } = require('../lib/accounts');
const { compile } = require('../lib/solc');
const { TARGET } = require('../lib/node');

const ETH = 10n ** 18n;
const wallets = devWallets();
const [alice, bob] = wallets;
let node;
let RPC;

before(async () => {
  node = new DevNode();
  await node.start();
  RPC = ['--rpc-url', node.url];
});
after(async () => {
  if (node) { await node.stop(); node.cleanup(); }
});

const big = (s) => BigInt(s.split(/\s+/)[0]); // cast prints e.g. "1000 [1e3]"
const receiptFee = (r) => BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice) + (r.l1Fee ? BigInt(r.l1Fee) : 0n);

test(`[${TARGET}] cast chain-id is 9990`, async () => {
  assert.equal(await cast('chain-id', ...RPC), '9990');
});

test('cast: 10 prefunded accounts with 10,000 ETH each (m/44\'/60\'/0\'/0/i)', async () => {
  const accounts = JSON.parse(await cast('rpc', ...RPC, 'eth_accounts'));
  assert.deepEqual(accounts.map((a) => a.toLowerCase()), wallets.map((w) => w.address.toLowerCase()));
  for (const w of wallets) {
    assert.equal(big(await cast('balance', w.address, ...RPC)), 10_000n * ETH, w.address);
    assert.equal(await cast('nonce', w.address, ...RPC), '0');
  }
});

test('the node prints the 10 prefunded accounts with their private keys (like anvil)', () => {
  const log = node.logTail(400).toLowerCase();
  for (const w of wallets) {
    assert.ok(log.includes(w.address.toLowerCase()), `address ${w.address} not printed`);
    assert.ok(log.includes(w.privateKey.toLowerCase()), `private key of ${w.address} not printed`);
  }
});

test('cast send --value: receipt, nonce, balances change by value + fee exactly', async () => {
  const to = Wallet.createRandom().address;
  const before = big(await cast('balance', alice.address, ...RPC));
  const nonceBefore = Number(await cast('nonce', alice.address, ...RPC));
  const sent = JSON.parse(await cast('send', ...RPC, '--private-key', alice.privateKey, '--value', '1.5ether', to, '--json'));
  assert.equal(sent.status, '0x1');
  const r = JSON.parse(await cast('receipt', sent.transactionHash, ...RPC, '--json'));
  assert.equal(r.status, '0x1');
  assert.equal(r.transactionHash, sent.transactionHash);
  assert.equal(BigInt(r.gasUsed), 21000n);
  assert.ok(BigInt(r.effectiveGasPrice) > 0n, 'effectiveGasPrice > 0');
  assert.equal(r.from.toLowerCase(), alice.address.toLowerCase());
  assert.equal(r.to.toLowerCase(), to.toLowerCase());
  const value = 15n * ETH / 10n;
  assert.equal(big(await cast('balance', to, ...RPC)), value);
  assert.equal(big(await cast('balance', alice.address, ...RPC)), before - value - receiptFee(r));
  assert.equal(Number(await cast('nonce', alice.address, ...RPC)), nonceBefore + 1);
  // the block holds the tx and its header fields are sane
  const block = JSON.parse(await cast('block', String(BigInt(r.blockNumber)), ...RPC, '--json'));
  assert.equal(block.hash, r.blockHash);
  assert.ok(block.transactions.map((h) => h.toLowerCase()).includes(r.transactionHash.toLowerCase()));
  assert.match(block.stateRoot, /^0x[0-9a-f]{64}$/);
  assert.ok(BigInt(block.gasUsed) >= 21000n);
  const latest = JSON.parse(await cast('block', 'latest', ...RPC, '--json'));
  assert.ok(BigInt(latest.number) >= BigInt(r.blockNumber));
});

test('cast estimate matches receipt gasUsed for an ETH transfer', async () => {
  const to = Wallet.createRandom().address;
  const est = big(await cast('estimate', ...RPC, '--from', bob.address, '--value', '1', to));
  const sent = JSON.parse(await cast('send', ...RPC, '--private-key', bob.privateKey, '--value', '1', to, '--json'));
  assert.equal(est, BigInt(sent.gasUsed));
  assert.equal(est, 21000n);
});

let token;
const tokenIface = () => new Interface(compile('Token.sol', 'Token').abi);

test('cast: deploy ERC-20 (solc output), call balanceOf, transfer with Transfer event', async () => {
  const c = compile('Token.sol', 'Token');
  const supply = 1_000_000n * ETH;
  const ctor = AbiCoder.defaultAbiCoder().encode(['string', 'string', 'uint256'], ['Cast Token', 'CTK', supply]);
  const code = c.bytecode + ctor.slice(2);
  const dep = JSON.parse(await cast('send', ...RPC, '--private-key', alice.privateKey, '--create', code, '--json'));
  assert.equal(dep.status, '0x1');
  token = dep.contractAddress;
  assert.match(token, /^0x[0-9a-fA-F]{40}$/);
  assert.equal(await cast('code', token, ...RPC), c.deployedBytecode);
  assert.equal(big(await cast('call', token, 'balanceOf(address)(uint256)', alice.address, ...RPC)), supply);
  assert.equal(big(await cast('call', token, 'totalSupply()(uint256)', ...RPC)), supply);
  assert.equal(await cast('call', token, 'symbol()(string)', ...RPC), '"CTK"');
  assert.equal(big(await cast('call', token, 'decimals()(uint8)', ...RPC)), 18n);

  const est = big(await cast('estimate', ...RPC, '--from', alice.address, token, 'transfer(address,uint256)', bob.address, '1000'));
  const tx = JSON.parse(await cast('send', ...RPC, '--private-key', alice.privateKey, token,
    'transfer(address,uint256)', bob.address, '1000', '--json'));
  assert.equal(tx.status, '0x1');
  const gasUsed = BigInt(tx.gasUsed);
  assert.ok(est >= gasUsed && est <= gasUsed * 105n / 100n, `estimate ${est} vs gasUsed ${gasUsed}`);
  assert.equal(big(await cast('call', token, 'balanceOf(address)(uint256)', bob.address, ...RPC)), 1000n);
  assert.equal(tx.logs.length, 1);
  const log = tx.logs[0];
  assert.equal(log.address.toLowerCase(), token.toLowerCase());
  assert.equal(log.topics[0], id('Transfer(address,address,uint256)'));
  const ev = tokenIface().parseLog(log);
  assert.equal(ev.name, 'Transfer');
  assert.equal(ev.args.from, alice.address);
  assert.equal(ev.args.to, bob.address);
  assert.equal(ev.args.value, 1000n);

  // eth_getLogs through cast: by address + topic + from-topic over the tx's block
  const logs = JSON.parse(await cast('logs', ...RPC, '--json', '--address', token,
    '--from-block', String(BigInt(tx.blockNumber)), '--to-block', String(BigInt(tx.blockNumber)),
    id('Transfer(address,address,uint256)'), zeroPadValue(alice.address, 32)));
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, tx.transactionHash);
});

test('cast call: revert reason "insufficient balance"', async () => {
  const poor = Wallet.createRandom().address;
  const r = await castRun(['call', ...RPC, '--from', poor, token, 'transfer(address,uint256)', alice.address, '1']);
  assert.notEqual(r.code, 0, 'the call must fail');
  assert.match(r.stderr + r.stdout, /insufficient balance/);
});

test('cast send with a used nonce fails with "nonce too low"', async () => {
  const to = Wallet.createRandom().address;
  const r = await castRun(['send', ...RPC, '--private-key', alice.privateKey, '--nonce', '0', '--value', '1', to]);
  assert.notEqual(r.code, 0, 'must fail');
  assert.match((r.stderr + r.stdout).toLowerCase(), /nonce too low/);
  // the account still works with the right nonce
  const ok = JSON.parse(await cast('send', ...RPC, '--private-key', alice.privateKey, '--value', '1', to, '--json'));
  assert.equal(ok.status, '0x1');
  const r2 = await waitReceipt(node.url, ok.transactionHash);
  assert.equal(r2.status, '0x1');
});
