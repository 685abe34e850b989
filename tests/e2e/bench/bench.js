'use strict';
// bench-vs-anvil: the same pre-signed transactions sent over eth_sendRawTransaction to anvil and
// to `lumio dev`. Called by scripts/bench-vs-anvil.sh; runnable directly:
//   node bench/bench.js [--nodes anvil,lumio] [--txs 100000] [--senders 5000] [--concurrency 8]
//        [--batch 200] [--block-time-ms 1000] [--latency-txs 500] [--gas-limit G|default] [--json FILE]
// Phases per node (each on a fresh node and temp datadir, 127.0.0.1 only):
//   setup:   the same pre-signed funding txs (dev accounts -> senders), waited for, not timed.
//   (a) interval mining (--block-time): all N transfers sent as JSON-RPC batches of --batch
//       with --concurrency batches in flight (--batch 1 --concurrency 64: single requests);
//       sustained TPS = txs included / (first send -> observed inclusion of the last one).
//   (b) instant mining (automine): submit->receipt latency of L txs sent one at a time
//       (receipt polled back to back), p50/p99.
//   peak RSS = VmHWM of the node process (max over both phases).
const fs = require('node:fs');
const { Wallet, keccak256, toUtf8Bytes, getAddress, dataSlice } = require('ethers');
const { DevNode, sleep, CHAIN_ID } = require('../lib/node');
const { devWallets } = require('../lib/accounts');

function parseArgs(argv) {
  const o = {
    // Defaults: a load that keeps both nodes busy for several blocks, and one block gas limit
    // for both that no 1 s block of this run reaches (with each node's own 30M limit both would
    // be capped at 1,428 transfers per block and the TPS ratio would measure nothing).
    nodes: (process.env.BENCH_NODES || 'anvil,lumio').split(','), txs: 100000, senders: 5000, concurrency: 8,
    batch: 200, blockTimeMs: 1000, latencyTxs: 500, json: null, timeoutS: 300, gasLimit: '1000000000',
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]; const v = argv[i + 1];
    const take = () => { i++; return v; };
    if (a === '--nodes') o.nodes = take().split(',').filter(Boolean);
    else if (a === '--txs') o.txs = Number(take());
    else if (a === '--senders') o.senders = Number(take());
    else if (a === '--concurrency') o.concurrency = Number(take());
    else if (a === '--batch') o.batch = Number(take());
    else if (a === '--block-time-ms') o.blockTimeMs = Number(take());
    else if (a === '--latency-txs') o.latencyTxs = Number(take());
    else if (a === '--json') o.json = take();
    else if (a === '--timeout-s') o.timeoutS = Number(take());
    else if (a === '--gas-limit') { const g = take(); o.gasLimit = g === 'default' ? null : String(BigInt(g)); }
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.latencyTxs > o.txs) o.latencyTxs = o.txs;
  return o;
}

// ---------- JSON-RPC over keep-alive HTTP (node:http; much cheaper per request than fetch) ----------
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let reqId = 0;
function post(url, payload, timeoutMs) {
  const u = new URL(url);
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, path: '/', method: 'POST', agent, timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let d = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { d += c; });
      res.on('end', () => { try { resolve(JSON.parse(d)); } catch (e) { reject(new Error(`bad JSON (${res.statusCode}): ${d.slice(0, 200)}`)); } });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
async function call(url, method, params, timeoutMs = 30_000) {
  const body = await post(url, { jsonrpc: '2.0', id: ++reqId, method, params }, timeoutMs);
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
async function callBatch(url, method, paramsList, timeoutMs = 60_000) {
  const body = await post(url, paramsList.map((p) => ({ jsonrpc: '2.0', id: ++reqId, method, params: p })), timeoutMs);
  if (!Array.isArray(body)) throw new Error(`batch ${method}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

// ---------- the transaction lists (signed once, identical for every node) ----------
const GWEI = 1_000_000_000n;
const FEES = { maxFeePerGas: 200n * GWEI, maxPriorityFeePerGas: 1n * GWEI };

async function buildTxs(o) {
  const t0 = Date.now();
  const senders = [];
  for (let i = 0; i < o.senders; i++) senders.push(new Wallet(keccak256(toUtf8Bytes(`lumio-bench-sender-${i}`))));
  const recipients = [];
  for (let i = 0; i < 256; i++) recipients.push(getAddress(dataSlice(keccak256(toUtf8Bytes(`lumio-bench-recipient-${i}`)), 12)));
  const dev = devWallets();
  const funding = []; // { raw, hash }
  for (let i = 0; i < o.senders; i++) {
    const from = dev[i % dev.length];
    const tx = { type: 2, chainId: CHAIN_ID, nonce: Math.floor(i / dev.length), to: senders[i].address, value: 10n ** 18n, gasLimit: 21000n, ...FEES };
    funding.push(await sign(from, tx));
  }
  const transfers = [];
  for (let k = 0; k < o.txs; k++) {
    const s = k % o.senders;
    const tx = { type: 2, chainId: CHAIN_ID, nonce: Math.floor(k / o.senders), to: recipients[k % recipients.length], value: 1n, gasLimit: 21000n, ...FEES };
    transfers.push(await sign(senders[s], tx));
  }
  return { funding, transfers, signMs: Date.now() - t0 };
}
async function sign(wallet, tx) {
  const raw = await wallet.signTransaction(tx);
  return { raw, hash: keccak256(raw) };
}

// ---------- phases ----------
// the same block gas limit for both nodes when --gas-limit is given (both take `--gas-limit N`)
const gasArgs = (o) => (o.gasLimit ? ['--gas-limit', o.gasLimit] : []);

async function sendAll(url, txs, o, onError) {
  let next = 0;
  const errors = [];
  const worker = async () => {
    while (next < txs.length) {
      if (o.batch > 1) {
        const chunk = txs.slice(next, next + o.batch); next += chunk.length;
        try {
          const out = await callBatch(url, 'eth_sendRawTransaction', chunk.map((t) => [t.raw]));
          for (const r of out) if (r.error) errors.push(r.error.message);
        } catch (e) { errors.push(e.message); }
      } else {
        const t = txs[next++];
        try { await call(url, 'eth_sendRawTransaction', [t.raw]); } catch (e) { errors.push(e.message); }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  if (onError && errors.length) onError(errors);
  return errors;
}

/** Watches new blocks; resolves when every hash in `want` is included or at the deadline. */
async function watchInclusion(url, want, fromBlock, deadline) {
  const pending = new Set(want);
  let next = fromBlock;
  let lastInclusion = null; let blocks = 0; let maxPerBlock = 0; let gasLimit = null;
  while (pending.size && Date.now() < deadline) {
    const head = Number(await call(url, 'eth_blockNumber', []));
    for (; next <= head; next++) {
      const b = await call(url, 'eth_getBlockByNumber', ['0x' + next.toString(16), false]);
      if (!b) break;
      gasLimit = BigInt(b.gasLimit);
      let n = 0;
      for (const h of b.transactions) if (pending.delete(h)) n++;
      if (n) { lastInclusion = Date.now(); blocks++; maxPerBlock = Math.max(maxPerBlock, n); }
    }
    if (pending.size) await sleep(20);
  }
  return { included: want.length - pending.size, lastInclusion, blocks, maxPerBlock, gasLimit };
}

// `funding` is a prefix of txs.funding: funding tx i is dev[i % 10]'s nonce i / 10, so any prefix
// keeps every dev account's nonces gap-free.
async function fund(node, funding, o) {
  const head = Number(await call(node.url, 'eth_blockNumber', []));
  // one at a time, in nonce order: automine does not promote queued (future-nonce) txs by itself
  const errs = await sendAll(node.url, funding, { ...o, batch: 1, concurrency: 1 });
  if (errs.length) throw new Error(`funding: ${errs.length} errors, e.g. ${errs[0]}`);
  // automine makes one block per funding tx; anvil takes ~50 ms a block
  const w = await watchInclusion(node.url, funding.map((t) => t.hash), head, Date.now() + 60_000 + 100 * funding.length);
  if (w.included !== funding.length) throw new Error(`funding: only ${w.included}/${funding.length} included`);
}

async function phaseInterval(kind, txs, o) {
  const node = new DevNode({ kind, blockTimeMs: o.blockTimeMs, extraArgs: gasArgs(o) });
  await node.start();
  try {
    await fund(node, txs.funding, o);
    const head = Number(await call(node.url, 'eth_blockNumber', []));
    const t0 = Date.now();
    const watcher = watchInclusion(node.url, txs.transfers.map((t) => t.hash), head + 1, t0 + o.timeoutS * 1000);
    const errors = await sendAll(node.url, txs.transfers, o);
    const submitMs = Date.now() - t0;
    const w = await watcher;
    const spanMs = w.lastInclusion ? w.lastInclusion - t0 : null;
    return {
      included: w.included, sent: txs.transfers.length, rejected: errors.length, firstError: errors[0],
      submitMs, spanMs, tps: spanMs ? (w.included * 1000) / spanMs : 0, submitRate: (txs.transfers.length * 1000) / submitMs,
      blocks: w.blocks, maxPerBlock: w.maxPerBlock, gasLimit: w.gasLimit, rssKiB: node.peakRssKiB(),
    };
  } finally {
    await node.stop();
    node.cleanup();
  }
}

function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function phaseLatency(kind, txs, o) {
  const node = new DevNode({ kind, extraArgs: gasArgs(o) });
  await node.start();
  try {
    // the first latencyTxs transfers come from senders 0..latencyTxs-1 only
    await fund(node, txs.funding.slice(0, Math.min(o.latencyTxs, txs.funding.length)), o);
    const lat = [];
    let errors = 0;
    const deadline = Date.now() + o.timeoutS * 1000;
    for (const t of txs.transfers.slice(0, o.latencyTxs)) {
      if (Date.now() > deadline) break;
      const s = process.hrtime.bigint();
      try { await call(node.url, 'eth_sendRawTransaction', [t.raw]); } catch { errors++; continue; }
      let r = null;
      const txDeadline = Date.now() + 10_000;
      while (!r && Date.now() < txDeadline) r = await call(node.url, 'eth_getTransactionReceipt', [t.hash]);
      if (r) lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      else errors++;
    }
    lat.sort((a, b) => a - b);
    return {
      n: lat.length, errors, p50: pct(lat, 50), p99: pct(lat, 99), mean: lat.reduce((a, b) => a + b, 0) / (lat.length || 1),
      rssKiB: node.peakRssKiB(),
    };
  } finally {
    await node.stop();
    node.cleanup();
  }
}

// ---------- main ----------
const f = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));

async function main() {
  const o = parseArgs(process.argv);
  console.log(`bench-vs-anvil: ${o.txs} transfers${o.gasLimit ? ` (block gas limit ${o.gasLimit} on both)` : ''} from ${o.senders} senders (signed once), concurrency ${o.concurrency}` +
    `${o.batch > 1 ? `, batches of ${o.batch}` : ''}; interval mining ${o.blockTimeMs} ms; latency over ${o.latencyTxs} txs; chain id ${CHAIN_ID}`);
  const txs = await buildTxs(o);
  console.log(`signed ${txs.funding.length} funding + ${txs.transfers.length} transfer txs in ${txs.signMs} ms`);
  const results = {};
  let failed = false;
  for (const kind of o.nodes) {
    const r = { kind };
    try {
      console.log(`[${kind}] (a) interval mining ...`);
      r.interval = await phaseInterval(kind, txs, o);
      console.log(`[${kind}]     included ${r.interval.included}/${r.interval.sent} in ${f(r.interval.spanMs / 1000, 2)} s -> ${f(r.interval.tps)} TPS` +
        ` (${r.interval.blocks} blocks, max ${r.interval.maxPerBlock}/block, gas limit ${r.interval.gasLimit}, submit ${f(r.interval.submitRate, 0)} tx/s` +
        `${r.interval.rejected ? `, ${r.interval.rejected} rejected e.g. "${r.interval.firstError}"` : ''})`);
      console.log(`[${kind}] (b) instant mining latency ...`);
      r.latency = await phaseLatency(kind, txs, o);
      console.log(`[${kind}]     p50 ${f(r.latency.p50, 2)} ms, p99 ${f(r.latency.p99, 2)} ms over ${r.latency.n} txs (${r.latency.errors} errors)`);
      r.rssKiB = Math.max(r.interval.rssKiB || 0, r.latency.rssKiB || 0) || null;
    } catch (e) {
      failed = true;
      r.error = e.message.split('\n')[0];
      console.log(`[${kind}] FAILED: ${e.message}`);
    }
    results[kind] = r;
  }

  const rows = [['node', 'TPS (interval)', 'included', 'span s', 'blocks', 'p50 ms', 'p99 ms', 'peak RSS MiB']];
  for (const kind of o.nodes) {
    const r = results[kind];
    rows.push([kind, f(r.interval?.tps), r.interval ? `${r.interval.included}/${r.interval.sent}` : 'n/a', f(r.interval?.spanMs / 1000, 2),
      r.interval ? String(r.interval.blocks) : 'n/a', f(r.latency?.p50, 2), f(r.latency?.p99, 2), f(r.rssKiB ? r.rssKiB / 1024 : null, 0)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  console.log('');
  for (const row of rows) console.log(row.map((c, i) => String(c).padStart(widths[i])).join('  '));
  const a = results.anvil; const l = results.lumio;
  if (a?.interval && l?.interval) {
    const ratio = l.interval.tps / a.interval.tps;
    console.log(`\nratios lumio/anvil: TPS ${f(ratio, 2)}x (goal >= 3x: ${ratio >= 3 ? 'met' : 'NOT met'}), ` +
      `latency p50 ${f(l.latency?.p50 / a.latency?.p50, 2)}x, p99 ${f(l.latency?.p99 / a.latency?.p99, 2)}x, peak RSS ${f(l.rssKiB / a.rssKiB, 2)}x (these three: lower is better)`);
  }
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ params: o, results }, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
