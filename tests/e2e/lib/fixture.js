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

module.exports = { DevNode, httpProvider, waitReceipt, withTimeout };
