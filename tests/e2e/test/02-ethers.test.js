'use strict';
// The node driven by an ethers v6 script (JsonRpcProvider / WebSocketProvider + HD wallets).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  ContractFactory, Contract, Wallet, WebSocketProvider, id, zeroPadValue, keccak256, toBeHex,
  toQuantity, concat, parseEther, Transaction,
} = require('ethers');
const { DevNode, httpProvider, withTimeout, mined } = require('../lib/fixture');
const { devWallets } = require('../lib/accounts');
const { compile, slotOf } = require('../lib/solc');
const { verifyAccountProof, verifyStorageProof, orderedTrieRoot } = require('../lib/mpt');
const { blockHash, receiptEncoding } = require('../lib/header');
const { TARGET, CHAIN_ID } = require('../lib/node');

const ETH = 10n ** 18n;
let node;
let provider;
let wallets;
let alice; let bob; let carol;
const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');

before(async () => {
  node = new DevNode();
  await node.start();
  provider = httpProvider(node.url);
  wallets = devWallets(provider);
  [alice, bob, carol] = wallets;
});
after(async () => {
  if (provider) provider.destroy();
  if (node) { await node.stop(); node.cleanup(); }
});

const fee = (r) => r.gasUsed * r.gasPrice + (r.l1Fee ? BigInt(r.l1Fee) : 0n);

test(`[${TARGET}] ethers: chain id 9990 (eth_chainId and net_version)`, async () => {
  assert.equal((await provider.getNetwork()).chainId, CHAIN_ID);
  assert.equal(BigInt(await provider.send('eth_chainId', [])), 9990n);
  assert.equal(await provider.send('net_version', []), '9990');
});

test('ethers: 10 dev accounts from m/44\'/60\'/0\'/0/i hold 10,000 ETH each', async () => {
  const accounts = await provider.send('eth_accounts', []);
  assert.equal(accounts.length, 10);
  for (let i = 0; i < 10; i++) {
    assert.equal(accounts[i].toLowerCase(), wallets[i].address.toLowerCase());
    assert.equal(await provider.getBalance(wallets[i].address), 10_000n * ETH);
    assert.equal(await provider.getTransactionCount(wallets[i].address), 0);
  }
});

test('ethers: transfer, receipt fields, balances change by value + fee exactly', async () => {
  const to = Wallet.createRandom().address;
  const value = parseEther('2.25');
  const before = await provider.getBalance(alice.address);
  const tx = await alice.sendTransaction({ to, value });
  const r = await mined(tx, 'transfer receipt', node);
  assert.equal(r.status, 1);
  assert.equal(r.hash, tx.hash);
  assert.equal(r.gasUsed, 21000n);
  assert.equal(r.cumulativeGasUsed >= r.gasUsed, true);
  assert.ok(r.gasPrice > 0n, 'effectiveGasPrice > 0');
  const raw = await provider.send('eth_getTransactionReceipt', [tx.hash]);
  assert.equal(BigInt(raw.effectiveGasPrice), r.gasPrice);
  assert.equal(raw.type, '0x2', 'ethers sends EIP-1559 txs by default');
  const block = await provider.getBlock(r.blockNumber);
  assert.ok(block.baseFeePerGas !== null && r.gasPrice >= block.baseFeePerGas);
  assert.equal(await provider.getBalance(to), value);
  assert.equal(await provider.getBalance(alice.address), before - value - fee({ ...r, l1Fee: raw.l1Fee }));
  const got = await provider.getTransaction(tx.hash);
  assert.equal(got.blockNumber, r.blockNumber);
  assert.equal(got.value, value);
  assert.equal(got.chainId, CHAIN_ID);
  assert.equal(await provider.getTransactionCount(alice.address), 1);
});

let token; let tokenAddr; let compiled; let deployBlock;
const SUPPLY = 1_000_000n * ETH;

test('ethers: deploy the ERC-20 compiled by solc; name/symbol/decimals/totalSupply/balanceOf', async () => {
  compiled = compile('Token.sol', 'Token');
  const factory = new ContractFactory(compiled.abi, compiled.bytecode, alice);
  const c = await factory.deploy('Lumio Test Token', 'LTT', SUPPLY);
  const rcpt = await mined(c.deploymentTransaction(), 'deploy receipt', node);
  assert.equal(rcpt.status, 1);
  deployBlock = rcpt.blockNumber;
  tokenAddr = await c.getAddress();
  assert.equal(rcpt.contractAddress, tokenAddr);
  token = new Contract(tokenAddr, compiled.abi, alice);
  assert.equal(await provider.getCode(tokenAddr), compiled.deployedBytecode);
  assert.equal(await token.name(), 'Lumio Test Token');
  assert.equal(await token.symbol(), 'LTT');
  assert.equal(await token.decimals(), 18n);
  assert.equal(await token.totalSupply(), SUPPLY);
  assert.equal(await token.balanceOf(alice.address), SUPPLY);
  // the constructor's mint event
  const ev = token.interface.parseLog(rcpt.logs[0]);
  assert.equal(ev.name, 'Transfer');
  assert.equal(ev.args.from, '0x0000000000000000000000000000000000000000');
  assert.equal(ev.args.value, SUPPLY);
});

let transferRcpt;
test('ethers: ERC-20 transfer/approve/transferFrom with events decoded from receipts', async () => {
  const tx = await token.transfer(bob.address, 12345n);
  transferRcpt = await mined(tx, 'transfer receipt', node);
  assert.equal(transferRcpt.status, 1);
  assert.equal(transferRcpt.logs.length, 1);
  const ev = token.interface.parseLog(transferRcpt.logs[0]);
  assert.deepEqual([ev.name, ev.args.from, ev.args.to, ev.args.value], ['Transfer', alice.address, bob.address, 12345n]);
  assert.equal(transferRcpt.logs[0].transactionHash, tx.hash);
  assert.equal(transferRcpt.logs[0].blockNumber, transferRcpt.blockNumber);
  assert.equal(await token.balanceOf(bob.address), 12345n);
  assert.equal(await token.balanceOf(alice.address), SUPPLY - 12345n);

  const ar = await mined(await token.connect(bob).approve(carol.address, 1000n), 'approve', node);
  const aev = token.interface.parseLog(ar.logs[0]);
  assert.deepEqual([aev.name, aev.args.owner, aev.args.spender, aev.args.value], ['Approval', bob.address, carol.address, 1000n]);
  assert.equal(await token.allowance(bob.address, carol.address), 1000n);
  const fr = await mined(await token.connect(carol).transferFrom(bob.address, carol.address, 400n), 'transferFrom', node);
  const fev = token.interface.parseLog(fr.logs[0]);
  assert.deepEqual([fev.name, fev.args.from, fev.args.to, fev.args.value], ['Transfer', bob.address, carol.address, 400n]);
  assert.equal(await token.allowance(bob.address, carol.address), 600n);
  assert.equal(await token.balanceOf(carol.address), 400n);
  // logs bloom of the block and receipt are non-zero
  assert.notEqual(BigInt(transferRcpt.logsBloom), 0n);
});

test('ethers: eth_getLogs by address / topic / block range', async () => {
  const latest = await provider.getBlockNumber();
  const all = await provider.getLogs({ address: tokenAddr, fromBlock: deployBlock, toBlock: latest });
  assert.equal(all.length, 4, 'mint, transfer, approval, transferFrom');
  const transfers = await provider.getLogs({ address: tokenAddr, topics: [TRANSFER_TOPIC], fromBlock: deployBlock, toBlock: 'latest' });
  assert.equal(transfers.length, 3);
  const fromAlice = await provider.getLogs({
    address: tokenAddr, topics: [TRANSFER_TOPIC, zeroPadValue(alice.address, 32)], fromBlock: 0, toBlock: latest,
  });
  assert.equal(fromAlice.length, 1);
  assert.equal(fromAlice[0].transactionHash, transferRcpt.hash);
  assert.equal(fromAlice[0].blockHash, transferRcpt.blockHash);
  assert.equal(fromAlice[0].index, transferRcpt.logs[0].index);
  // OR of topics, any address, exact block
  const exact = await provider.getLogs({
    topics: [[TRANSFER_TOPIC, id('Approval(address,address,uint256)')]], fromBlock: transferRcpt.blockNumber, toBlock: transferRcpt.blockNumber,
  });
  assert.equal(exact.length, 1);
  assert.equal(exact[0].transactionHash, transferRcpt.hash);
  // by block hash
  const byHash = await provider.getLogs({ blockHash: transferRcpt.blockHash });
  assert.equal(byHash.length, 1);
  // ranges and filters that must find nothing
  assert.equal((await provider.getLogs({ address: tokenAddr, fromBlock: 0, toBlock: deployBlock - 1 })).length, 0);
  assert.equal((await provider.getLogs({ address: Wallet.createRandom().address, fromBlock: 0, toBlock: latest })).length, 0);
  assert.equal((await provider.getLogs({ address: tokenAddr, topics: [TRANSFER_TOPIC, zeroPadValue(carol.address, 32)], fromBlock: 0, toBlock: latest })).length, 0);
});

test('ethers: eth_estimateGas within a few % of receipt gasUsed', async () => {
  const to = Wallet.createRandom().address;
  const estEth = await provider.estimateGas({ from: carol.address, to, value: 1n });
  assert.equal(estEth, 21000n);
  const r1 = await mined(await carol.sendTransaction({ to, value: 1n }), 'eth transfer', node);
  assert.equal(r1.gasUsed, estEth);

  const est = await token.transfer.estimateGas(to, 777n);
  const r2 = await mined(await token.transfer(to, 777n, { gasLimit: est }), 'erc20 transfer', node);
  assert.equal(r2.status, 1, 'the estimate must be enough');
  assert.ok(est >= r2.gasUsed, `estimate ${est} < gasUsed ${r2.gasUsed}`);
  assert.ok(est <= (r2.gasUsed * 105n) / 100n, `estimate ${est} more than 5% above gasUsed ${r2.gasUsed}`);
});

test('ethers: revert reason from a failing eth_call / estimateGas ("insufficient balance")', async () => {
  const poor = Wallet.createRandom().connect(provider);
  const t = token.connect(poor);
  await assert.rejects(t.transfer.staticCall(alice.address, 1n), (e) => {
    assert.equal(e.code, 'CALL_EXCEPTION');
    assert.equal(e.reason, 'insufficient balance');
    return true;
  });
  // raw eth_call: revert data is Error(string)
  const data = token.interface.encodeFunctionData('transfer', [alice.address, 1n]);
  await assert.rejects(provider.call({ from: poor.address, to: tokenAddr, data }), (e) => {
    assert.equal(e.reason, 'insufficient balance');
    assert.ok(e.data && e.data.startsWith('0x08c379a0'), `revert data ${e.data}`);
    return true;
  });
  await assert.rejects(provider.estimateGas({ from: poor.address, to: tokenAddr, data }), (e) => {
    assert.equal(e.reason, 'insufficient balance');
    return true;
  });
  await assert.rejects(token.connect(carol).transferFrom.staticCall(bob.address, carol.address, 10_000n), (e) => e.reason === 'insufficient allowance');
});

test('ethers: re-sending a used nonce is rejected with "nonce too low"', async () => {
  const to = Wallet.createRandom().address;
  const signed = await bob.signTransaction({
    to, value: 1n, nonce: 0, chainId: CHAIN_ID, gasLimit: 21000n,
    maxFeePerGas: 100_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, type: 2,
  });
  await assert.rejects(provider.broadcastTransaction(signed), (e) => {
    assert.match(String(e.message + JSON.stringify(e.error || {})).toLowerCase(), /nonce too low/);
    return true;
  });
  // an already included tx re-sent verbatim is rejected too (known tx or nonce too low)
  const old = await provider.getTransaction(transferRcpt.hash);
  await assert.rejects(provider.broadcastTransaction(Transaction.from(old).serialized), (e) => {
    assert.match(String(e.message + JSON.stringify(e.error || {})).toLowerCase(), /nonce too low|already known|known transaction/);
    return true;
  });
  // the right nonce still works
  const r = await mined(await bob.sendTransaction({ to, value: 1n }), 'good nonce', node);
  assert.equal(r.status, 1);
});

test('ethers: eth_getProof (account + ERC-20 balance slot) verifies against the header stateRoot', async () => {
  const n = await provider.getBlockNumber();
  const block = await provider.send('eth_getBlockByNumber', [toQuantity(n), false]);
  // the stateRoot is bound to the block hash: keccak256(RLP(header)) == hash
  assert.equal(blockHash(block), block.hash, 'block hash is not keccak256(rlp(header))');
  // dev account (EOA)
  const pa = await provider.send('eth_getProof', [alice.address, [], toQuantity(n)]);
  const acc = verifyAccountProof(block.stateRoot, alice.address, pa);
  assert.ok(acc, 'alice must be in the state trie');
  assert.equal(acc.balance, await provider.getBalance(alice.address, n));
  assert.equal(acc.nonce, BigInt(await provider.getTransactionCount(alice.address, n)));
  assert.equal(acc.balance, BigInt(pa.balance));
  assert.equal(acc.nonce, BigInt(pa.nonce));
  assert.equal(acc.codeHash, keccak256('0x'));
  assert.equal(acc.storageHash.toLowerCase(), pa.storageHash.toLowerCase());

  // the token contract and its balanceOf[bob] slot: keccak256(pad(bob) . pad(slot))
  const base = slotOf(compiled, 'balanceOf');
  const slot = keccak256(concat([zeroPadValue(bob.address, 32), toBeHex(base, 32)]));
  const pt = await provider.send('eth_getProof', [tokenAddr, [slot], toQuantity(n)]);
  const tacc = verifyAccountProof(block.stateRoot, tokenAddr, pt);
  assert.ok(tacc);
  assert.equal(tacc.codeHash, keccak256(await provider.getCode(tokenAddr, n)));
  assert.equal(tacc.storageHash.toLowerCase(), pt.storageHash.toLowerCase());
  assert.equal(pt.storageProof.length, 1);
  const v = verifyStorageProof(tacc.storageHash, pt.storageProof[0]);
  const expected = await token.balanceOf(bob.address, { blockTag: n });
  assert.equal(v, expected);
  assert.equal(v, BigInt(pt.storageProof[0].value));
  assert.equal(v, BigInt(await provider.getStorage(tokenAddr, slot, n)));
  // an unused slot proves zero (exclusion proof in the storage trie)
  const emptySlot = keccak256(concat([zeroPadValue(Wallet.createRandom().address, 32), toBeHex(base, 32)]));
  const pe = await provider.send('eth_getProof', [tokenAddr, [emptySlot], toQuantity(n)]);
  assert.equal(verifyStorageProof(tacc.storageHash, pe.storageProof[0]), 0n);

  // an absent account: valid exclusion proof
  const nobody = Wallet.createRandom().address;
  const pn = await provider.send('eth_getProof', [nobody, [], toQuantity(n)]);
  assert.equal(verifyAccountProof(block.stateRoot, nobody, pn), null);
  assert.equal(BigInt(pn.balance), 0n);

  // the verifier is not a rubber stamp: a tampered proof or wrong root fails
  const bad = { ...pa, accountProof: [...pa.accountProof] };
  const last = bad.accountProof.length - 1;
  const b = bad.accountProof[last];
  bad.accountProof[last] = b.slice(0, -2) + (b.slice(-2) === '00' ? '01' : '00');
  assert.throws(() => verifyAccountProof(block.stateRoot, alice.address, bad));
  assert.throws(() => verifyAccountProof(keccak256('0x01'), alice.address, pa));
});

test('ethers: eth_getProof at an older block verifies against that block\'s stateRoot', async () => {
  const before = await provider.getBlockNumber();
  const old = await provider.send('eth_getBlockByNumber', [toQuantity(before), false]);
  const oldBalance = await provider.getBalance(alice.address, before);
  await mined(await alice.sendTransaction({ to: Wallet.createRandom().address, value: 12345n }), 'transfer', node);
  assert.ok((await provider.getBalance(alice.address)) < oldBalance, 'the transfer changed the balance');
  // the older block's proof shows the older balance and verifies against the older root only
  const p = await provider.send('eth_getProof', [alice.address, [], toQuantity(before)]);
  const acc = verifyAccountProof(old.stateRoot, alice.address, p);
  assert.equal(acc.balance, oldBalance);
  const latest = await provider.send('eth_getBlockByNumber', ['latest', false]);
  assert.notEqual(latest.stateRoot, old.stateRoot);
  assert.throws(() => verifyAccountProof(latest.stateRoot, alice.address, p));
});

test('block headers: hash = keccak256(RLP(header)), parent links, genesis', async () => {
  const head = await provider.getBlockNumber();
  let prev = null;
  for (let n = 0; n <= head; n++) {
    const b = await provider.send('eth_getBlockByNumber', [toQuantity(n), false]);
    assert.equal(blockHash(b), b.hash, `block ${n}: hash mismatch`);
    if (prev) assert.equal(b.parentHash, prev.hash, `block ${n}: parentHash`);
    else assert.equal(BigInt(b.number), 0n);
    const byHash = await provider.send('eth_getBlockByHash', [b.hash, false]);
    assert.equal(byHash.number, b.number);
    prev = b;
  }
  const earliest = await provider.send('eth_getBlockByNumber', ['earliest', false]);
  assert.equal(BigInt(earliest.number), 0n);
});

test('block headers: transactionsRoot and receiptsRoot match the txs and eth_getBlockReceipts', async () => {
  const head = await provider.getBlockNumber();
  let checked = 0;
  for (let n = 0; n <= head; n++) {
    const b = await provider.send('eth_getBlockByNumber', [toQuantity(n), false]);
    const raws = [];
    for (const h of b.transactions) raws.push(Transaction.from(await provider.getTransaction(h)).serialized);
    for (let i = 0; i < raws.length; i++) assert.equal(keccak256(raws[i]), b.transactions[i]);
    assert.equal(orderedTrieRoot(raws), b.transactionsRoot, `block ${n}: transactionsRoot`);
    const receipts = await provider.send('eth_getBlockReceipts', [toQuantity(n)]);
    assert.equal(receipts.length, b.transactions.length, `block ${n}: eth_getBlockReceipts length`);
    for (let i = 0; i < receipts.length; i++) {
      assert.equal(receipts[i].transactionHash, b.transactions[i]);
      const single = await provider.send('eth_getTransactionReceipt', [b.transactions[i]]);
      assert.equal(single.cumulativeGasUsed, receipts[i].cumulativeGasUsed);
    }
    assert.equal(orderedTrieRoot(receipts.map(receiptEncoding)), b.receiptsRoot, `block ${n}: receiptsRoot`);
    const gas = receipts.reduce((m, r) => (BigInt(r.cumulativeGasUsed) > m ? BigInt(r.cumulativeGasUsed) : m), 0n);
    assert.equal(gas, BigInt(b.gasUsed), `block ${n}: gasUsed`);
    checked += receipts.length;
  }
  assert.ok(checked >= 8, `only ${checked} txs checked`);
});

test('ethers WebSocketProvider: newHeads subscription receives new blocks', async () => {
  const ws = new WebSocketProvider(node.wsUrl, Number(CHAIN_ID), { staticNetwork: true, cacheTimeout: -1 });
  try {
    const start = await ws.getBlockNumber();
    const heads = [];
    const got = new Promise((resolve) => {
      ws.on('block', (bn) => { heads.push(bn); if (bn > start) resolve(bn); });
    });
    // ethers installs eth_subscribe("newHeads") asynchronously; give it a moment, then make a block
    await new Promise((r) => setTimeout(r, 300));
    const tx = await alice.sendTransaction({ to: Wallet.createRandom().address, value: 1n });
    const r = await mined(tx, 'ws tx', node);
    const bn = await withTimeout(got, 20_000, 'newHeads event');
    assert.ok(bn > start);
    const viaWs = await ws.getBlock(r.blockNumber);
    const viaHttp = await provider.getBlock(r.blockNumber);
    assert.equal(viaWs.hash, viaHttp.hash);
  } finally {
    await ws.destroy();
  }
});

test('ethers WebSocketProvider: logs subscription delivers a Transfer event', async () => {
  const ws = new WebSocketProvider(node.wsUrl, Number(CHAIN_ID), { staticNetwork: true, cacheTimeout: -1 });
  try {
    const filter = { address: tokenAddr, topics: [TRANSFER_TOPIC, zeroPadValue(alice.address, 32)] };
    const got = new Promise((resolve) => { ws.on(filter, (log) => resolve(log)); });
    await new Promise((r) => setTimeout(r, 300));
    const dest = Wallet.createRandom().address;
    const tx = await token.transfer(dest, 42n);
    await mined(tx, 'transfer', node);
    const log = await withTimeout(got, 20_000, 'logs event');
    assert.equal(log.transactionHash, tx.hash);
    const e = token.interface.parseLog(log);
    assert.equal(e.name, 'Transfer');
    assert.equal(e.args.to, dest);
    assert.equal(e.args.value, 42n);
  } finally {
    await ws.destroy();
  }
});

test('JSON-RPC batch request is answered per element', async () => {
  const res = await fetch(node.url, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
      { jsonrpc: '2.0', id: 3, method: 'eth_getBalance', params: [alice.address, 'latest'] },
    ]),
  });
  const body = await res.json();
  assert.ok(Array.isArray(body) && body.length === 3);
  const byId = Object.fromEntries(body.map((x) => [x.id, x]));
  assert.equal(byId[1].result, '0x2706');
  assert.ok(BigInt(byId[2].result) > 0n);
  assert.equal(BigInt(byId[3].result), await provider.getBalance(alice.address));
});
