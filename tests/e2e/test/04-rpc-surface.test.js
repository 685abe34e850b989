'use strict';
// The rest of the JSON-RPC surface a client relies on (issue 2, items 5 and 6): txpool rules and
// error messages, dev helpers, filters, state overrides, access lists, fee APIs, EIP-7702.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  Wallet, Contract, ContractFactory, keccak256, concat, zeroPadValue, toBeHex, toQuantity, hexlify, randomBytes, id,
} = require('ethers');
const { DevNode, httpProvider, waitReceipt, mined } = require('../lib/fixture');
const { devWallets } = require('../lib/accounts');
const { compile, slotOf } = require('../lib/solc');
const { cast } = require('../lib/cast');
const { rpc, sleep, IS_ANVIL, TARGET, CHAIN_ID } = require('../lib/node');

const GWEI = 1_000_000_000n;
let node; let provider; let url; let wallets;
let token; let tokenAddr; let compiled;

before(async () => {
  node = new DevNode();
  await node.start();
  url = node.url;
  provider = httpProvider(url);
  wallets = devWallets(provider);
  compiled = compile('Token.sol', 'Token');
  const c = await new ContractFactory(compiled.abi, compiled.bytecode, wallets[9]).deploy('Surface', 'SRF', 10n ** 24n);
  await mined(c.deploymentTransaction(), 'deploy', node);
  tokenAddr = await c.getAddress();
  token = new Contract(tokenAddr, compiled.abi, wallets[9]);
});
after(async () => {
  if (provider) provider.destroy();
  if (node) { await node.stop(); node.cleanup(); }
});

const sign = (w, o) => w.signTransaction({
  type: 2, chainId: CHAIN_ID, to: o.to || Wallet.createRandom().address, value: 1n, gasLimit: 21000n,
  maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI, ...o,
});
const sendRaw = (raw) => rpc(url, 'eth_sendRawTransaction', [raw]);
const nonceOf = async (a, tag = 'latest') => Number(await rpc(url, 'eth_getTransactionCount', [a, tag]));
async function rejects(promise, re, what) {
  await assert.rejects(promise, (e) => {
    assert.match(e.message, re, `${what}: unexpected error "${e.message}"`);
    return true;
  }, `${what}: must be rejected`);
}

test(`[${TARGET}] node info: web3_clientVersion, net_listening, eth_syncing, block tags`, async () => {
  assert.ok((await rpc(url, 'web3_clientVersion')).length > 0);
  assert.equal(await rpc(url, 'net_listening'), true);
  assert.equal(await rpc(url, 'eth_syncing'), false);
  const latest = await rpc(url, 'eth_getBlockByNumber', ['latest', false]);
  for (const tag of ['pending', 'safe', 'finalized', 'earliest']) {
    const b = await rpc(url, 'eth_getBlockByNumber', [tag, false]);
    assert.ok(b && BigInt(b.number) <= BigInt(latest.number) + 1n, `tag ${tag}`);
  }
  const n = await rpc(url, 'eth_getBlockTransactionCountByNumber', [latest.number]);
  assert.equal(BigInt(n), BigInt(latest.transactions.length));
  assert.equal(await rpc(url, 'eth_getBlockTransactionCountByHash', [latest.hash]), n);
});

test('fee APIs: eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory', async () => {
  const gp = BigInt(await rpc(url, 'eth_gasPrice'));
  const latest = await rpc(url, 'eth_getBlockByNumber', ['latest', false]);
  assert.ok(gp >= BigInt(latest.baseFeePerGas), 'gas price below the base fee');
  assert.ok(BigInt(await rpc(url, 'eth_maxPriorityFeePerGas')) >= 0n);
  const fh = await rpc(url, 'eth_feeHistory', ['0x2', 'latest', [25, 75]]);
  assert.equal(fh.baseFeePerGas.length, fh.gasUsedRatio.length + 1);
  assert.ok(fh.gasUsedRatio.length >= 1 && fh.gasUsedRatio.length <= 2);
  assert.equal(fh.reward.length, fh.gasUsedRatio.length);
  assert.equal(fh.reward[0].length, 2);
  assert.equal(BigInt(fh.baseFeePerGas[fh.baseFeePerGas.length - 2]), BigInt(latest.baseFeePerGas));
  // cast reads the same
  assert.equal(BigInt((await cast('gas-price', '--rpc-url', url)).split(/\s/)[0]) > 0n, true);
});

test('txpool: future nonce is queued, filling the gap mines both', async () => {
  const w = wallets[1];
  const n0 = await nonceOf(w.address);
  const h1 = await sendRaw(await sign(w, { nonce: n0 + 1 }));
  await sleep(300);
  assert.equal(await rpc(url, 'eth_getTransactionReceipt', [h1]), null, 'a gapped tx must not be mined');
  assert.equal(await nonceOf(w.address), n0);
  const h0 = await sendRaw(await sign(w, { nonce: n0 }));
  const r0 = await waitReceipt(url, h0);
  const r1 = await waitReceipt(url, h1);
  assert.equal(r0.status, '0x1');
  assert.equal(r1.status, '0x1');
  assert.ok(BigInt(r1.blockNumber) >= BigInt(r0.blockNumber));
  assert.equal(await nonceOf(w.address), n0 + 2);
});

test('txpool: replacement needs >= 10% higher fees ("replacement transaction underpriced")', async () => {
  const w = wallets[2];
  const n0 = await nonceOf(w.address);
  const to = Wallet.createRandom().address;
  await sendRaw(await sign(w, { nonce: n0 + 1, to, value: 1n })); // queued, so it can be replaced
  await rejects(sendRaw(await sign(w, { nonce: n0 + 1, to, value: 2n })), /replacement transaction underpriced/i, 'same-fee replacement');
  if (!IS_ANVIL) { // anvil accepts any bump; the issue asks for >= 10%
    await rejects(sendRaw(await sign(w, { nonce: n0 + 1, to, value: 3n, maxFeePerGas: 105n * GWEI / 10n, maxPriorityFeePerGas: 105n * GWEI / 100n })),
      /replacement transaction underpriced/i, '+5% replacement');
  }
  const hNew = await sendRaw(await sign(w, { nonce: n0 + 1, to, value: 4n, maxFeePerGas: 11n * GWEI, maxPriorityFeePerGas: 11n * GWEI / 10n }));
  await sendRaw(await sign(w, { nonce: n0 }));
  const r = await waitReceipt(url, hNew);
  assert.equal(r.status, '0x1');
  assert.equal(BigInt(await rpc(url, 'eth_getBalance', [to, 'latest'])), 4n, 'the replacement is the one mined');
});

test('txpool rejections: wrong chain id, insufficient funds, fee below base fee, intrinsic gas, bad signature', async () => {
  const w = wallets[3];
  const n0 = await nonceOf(w.address);
  await rejects(sendRaw(await sign(w, { nonce: n0, chainId: 1n })), /chain ?id/i, 'wrong chain id');
  await rejects(sendRaw(await sign(Wallet.createRandom(), { nonce: 0 })), /insufficient funds/i, 'insufficient funds');
  const baseFee = BigInt((await rpc(url, 'eth_getBlockByNumber', ['latest', false])).baseFeePerGas);
  assert.ok(baseFee >= 4n, `base fee ${baseFee} too small to test a fee below it`);
  await rejects(sendRaw(await sign(w, { nonce: n0, maxFeePerGas: baseFee / 4n, maxPriorityFeePerGas: 1n })),
    /less than block base fee|fee cap|underpriced|fee too low/i, 'fee below base fee');
  await rejects(sendRaw(await sign(w, { nonce: n0, gasLimit: 20_000n })), /intrinsic gas/i, 'intrinsic gas too low');
  const good = await sign(w, { nonce: n0 });
  const tampered = good.slice(0, -64) + (good.slice(-64, -62) === '11' ? '22' : '11') + good.slice(-62);
  await assert.rejects(sendRaw(tampered), 'a tampered signature must be rejected (or recover another, unfunded sender)');
  await assert.rejects(sendRaw('0x02deadbeef'), 'garbage must be rejected');
  // the account is unaffected
  const r = await waitReceipt(url, await sendRaw(good));
  assert.equal(r.status, '0x1');
});

test('txpool rejections: oversized tx and blob (type 3) tx', { skip: IS_ANVIL && 'anvil accepts both (lumio rejects them, issue 2 items 3 and 5)' }, async () => {
  const w = wallets[3];
  const n0 = await nonceOf(w.address);
  await rejects(sendRaw(await sign(w, { nonce: n0, data: hexlify(randomBytes(200_000)), gasLimit: 29_000_000n })),
    /oversized|too large|exceeds|size/i, 'oversized tx');
  const blob = await w.signTransaction({
    type: 3, chainId: CHAIN_ID, to: Wallet.createRandom().address, nonce: n0, value: 0n, gasLimit: 21000n,
    maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI, maxFeePerBlobGas: 10n * GWEI, blobVersionedHashes: ['0x01' + '00'.repeat(31)],
  });
  await rejects(sendRaw(blob), /blob|type|not supported/i, 'blob tx');
});

test('eth_sendTransaction from an unlocked dev account', async () => {
  const signer = await provider.getSigner(wallets[4].address);
  const to = Wallet.createRandom().address;
  const tx = await signer.sendTransaction({ to, value: 12345n });
  const r = await mined(tx, 'eth_sendTransaction', node);
  assert.equal(r.status, 1);
  assert.equal(r.from, wallets[4].address);
  assert.equal(await provider.getBalance(to), 12345n);
});

test('eth_getStorageAt / eth_getCode / eth_call with state overrides / eth_createAccessList', async () => {
  assert.equal(BigInt(await provider.getStorage(tokenAddr, slotOf(compiled, 'totalSupply'))), 10n ** 24n);
  assert.equal(await provider.getCode(tokenAddr), compiled.deployedBytecode);
  const poor = Wallet.createRandom().address;
  const slot = keccak256(concat([zeroPadValue(poor, 32), toBeHex(slotOf(compiled, 'balanceOf'), 32)]));
  const data = token.interface.encodeFunctionData('transfer', [wallets[0].address, 5n]);
  await assert.rejects(rpc(url, 'eth_call', [{ from: poor, to: tokenAddr, data }, 'latest']), /insufficient balance|revert/);
  const override = { [tokenAddr]: { stateDiff: { [slot]: toBeHex(100n, 32) } } };
  const out = await rpc(url, 'eth_call', [{ from: poor, to: tokenAddr, data }, 'latest', override]);
  assert.equal(BigInt(out), 1n, 'transfer returns true with the overridden balance');
  const bal = await rpc(url, 'eth_call', [{ to: tokenAddr, data: token.interface.encodeFunctionData('balanceOf', [poor]) }, 'latest', override]);
  assert.equal(BigInt(bal), 100n);
  // balance override for an account
  const rich = await rpc(url, 'eth_call', [{ to: tokenAddr, data: token.interface.encodeFunctionData('balanceOf', [poor]) }, 'latest',
    { [poor]: { balance: toQuantity(10n ** 18n) } }]);
  assert.equal(BigInt(rich), 0n);

  const al = await rpc(url, 'eth_createAccessList', [{ from: wallets[9].address, to: tokenAddr,
    data: token.interface.encodeFunctionData('transfer', [wallets[0].address, 5n]) }, 'latest']);
  const entry = al.accessList.find((e) => e.address.toLowerCase() === tokenAddr.toLowerCase());
  assert.ok(entry, 'the token is in the access list');
  const fromSlot = keccak256(concat([zeroPadValue(wallets[9].address, 32), toBeHex(slotOf(compiled, 'balanceOf'), 32)]));
  assert.ok(entry.storageKeys.map((k) => k.toLowerCase()).includes(fromSlot.toLowerCase()), 'sender balance slot in access list');
  assert.ok(BigInt(al.gasUsed) > 21000n);
});

test('filters: eth_newFilter / eth_newBlockFilter / eth_getFilterChanges / eth_uninstallFilter', async () => {
  const logFilter = await rpc(url, 'eth_newFilter', [{ address: tokenAddr, topics: [id('Transfer(address,address,uint256)')] }]);
  const blockFilter = await rpc(url, 'eth_newBlockFilter', []);
  const r = await mined(await token.transfer(wallets[5].address, 77n), 'transfer', node);
  let logs = [];
  let blocks = [];
  for (let i = 0; i < 50 && (!logs.length || !blocks.length); i++) {
    logs = logs.concat(await rpc(url, 'eth_getFilterChanges', [logFilter]));
    blocks = blocks.concat(await rpc(url, 'eth_getFilterChanges', [blockFilter]));
    if (!logs.length || !blocks.length) await sleep(100);
  }
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, r.hash);
  assert.ok(blocks.includes(r.blockHash), 'block filter reports the new block');
  assert.deepEqual(await rpc(url, 'eth_getFilterChanges', [logFilter]), [], 'changes are reported once');
  assert.equal(await rpc(url, 'eth_uninstallFilter', [logFilter]), true);
  assert.equal(await rpc(url, 'eth_uninstallFilter', [blockFilter]), true);
  assert.equal(await rpc(url, 'eth_uninstallFilter', [logFilter]), false);
});

test('dev helpers: evm_mine, evm_snapshot / evm_revert, anvil_setBalance', async () => {
  const n0 = Number(await rpc(url, 'eth_blockNumber'));
  await rpc(url, 'evm_mine', []);
  assert.equal(Number(await rpc(url, 'eth_blockNumber')), n0 + 1);
  const who = Wallet.createRandom().address;
  await rpc(url, 'anvil_setBalance', [who, toQuantity(7n * 10n ** 18n)]);
  assert.equal(BigInt(await rpc(url, 'eth_getBalance', [who, 'latest'])), 7n * 10n ** 18n);

  const snap = await rpc(url, 'evm_snapshot', []);
  const head = Number(await rpc(url, 'eth_blockNumber'));
  const to = Wallet.createRandom().address;
  const h = await sendRaw(await sign(wallets[6], { nonce: await nonceOf(wallets[6].address), to, value: 99n }));
  await waitReceipt(url, h);
  assert.equal(BigInt(await rpc(url, 'eth_getBalance', [to, 'latest'])), 99n);
  assert.equal(await rpc(url, 'evm_revert', [snap]), true);
  assert.equal(BigInt(await rpc(url, 'eth_getBalance', [to, 'latest'])), 0n);
  assert.equal(Number(await rpc(url, 'eth_blockNumber')), head);
  assert.equal(await rpc(url, 'eth_getTransactionReceipt', [h]), null);
  // the chain goes on after a revert
  const r = await waitReceipt(url, await sendRaw(await sign(wallets[6], { nonce: await nonceOf(wallets[6].address), to, value: 1n })));
  assert.equal(r.status, '0x1');
});

test('EIP-7702 set-code transaction (type 4) delegates an EOA', async () => {
  const eoa = Wallet.createRandom().connect(provider);
  const sponsor = wallets[7];
  const auth = await eoa.authorize({ address: tokenAddr, nonce: 0, chainId: CHAIN_ID });
  const spender = wallets[8].address;
  const data = token.interface.encodeFunctionData('approve', [spender, 5n]); // runs as the EOA's code
  const tx = await sponsor.sendTransaction({ type: 4, to: eoa.address, data, value: 0n, authorizationList: [auth], gasLimit: 200_000n });
  const r = await mined(tx, '7702 tx', node);
  assert.equal(r.status, 1);
  const ev = token.interface.parseLog(r.logs[0]);
  assert.equal(r.logs[0].address, eoa.address, 'the event comes from the delegated EOA');
  assert.deepEqual([ev.name, ev.args.owner, ev.args.spender, ev.args.value], ['Approval', sponsor.address, spender, 5n]);
  const code = await provider.getCode(eoa.address);
  assert.equal(code.toLowerCase(), ('0xef0100' + tokenAddr.slice(2)).toLowerCase());
  assert.equal(await provider.getTransactionCount(eoa.address), 1, 'the authority nonce is bumped');
  // calls to the EOA run the delegated code against the EOA's own storage
  const asToken = new Contract(eoa.address, compiled.abi, provider);
  assert.equal(await asToken.balanceOf(wallets[0].address), 0n);
  assert.equal(await asToken.allowance(sponsor.address, spender), 5n);
  assert.equal(await token.allowance(sponsor.address, spender), 0n, 'the token contract itself is untouched');
});
