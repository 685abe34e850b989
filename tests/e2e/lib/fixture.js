'use strict';
// Shared helpers for the test files: one node per test file, ethers provider with fast polling.
const { JsonRpcProvider, Network } = require('ethers');
const { DevNode, rpc, sleep, CHAIN_ID } = require('./node');

function httpProvider(url) {
  const p = new JsonRpcProvider(url, Network.from(Number(CHAIN_ID)), { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
  p.pollingInterval = 50;
  return p;
}

/** Polls eth_getTransactionReceipt until present (bounded). */
async function waitReceipt(url, hash, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await rpc(url, 'eth_getTransactionReceipt', [hash]);
    if (r) return r;
    await sleep(20);
  }
  throw new Error(`no receipt for ${hash} after ${timeoutMs} ms`);
}

/** Runs `fn` with a timeout so a hung node fails the test instead of the whole run. */
async function withTimeout(promise, ms, what) {
  let t;
  const timeout = new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timeout after ${ms} ms: ${what}`)), ms); });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(t); }
}

/**
 * Waits until an ethers transaction response is mined and returns ethers' receipt (`tx.wait()`,
 * which then answers at once). Polls the receipt itself first: ethers v6's `wait()` can miss a
 * block mined while it sets up its block poller (the poller's first poll only records the head),
 * and with instant mining no later block comes to wake it. On timeout the error says what the node
 * knows of the transaction and, given the node, ends with its log.
 */
async function mined(tx, what, node, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await tx.provider.getTransactionReceipt(tx.hash)) return tx.wait();
    await sleep(20);
  }
  let known;
  try {
    const t = await tx.provider.send('eth_getTransactionByHash', [tx.hash]);
    const head = await tx.provider.send('eth_blockNumber', []);
    known = t ? `known to the node, blockNumber ${t.blockNumber}, head ${head}` : `unknown to the node, head ${head}`;
  } catch (e) { known = `node not answering: ${e.message}`; }
  const log = node ? `\nnode log:\n${node.logTail(30)}` : '';
  throw new Error(`timeout after ${timeoutMs} ms: ${what} (tx ${tx.hash} ${known})${log}`);
}

module.exports = { DevNode, httpProvider, waitReceipt, withTimeout, mined };
