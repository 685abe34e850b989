'use strict';
// bench-vs-anvil: the same pre-signed transactions sent over eth_sendRawTransaction to anvil and
// to `lumio dev`. Called by scripts/bench-vs-anvil.sh; runnable directly:
//   node bench/bench.js [--scenario default|burst|rate|reads] [--nodes anvil,lumio] [--txs N] [--senders S]
//        [--concurrency 8] [--batch 200] [--block-time-ms 1000 | --block-time SECONDS]
//        [--gas-limit G|default] [--json FILE] [--timeout-s 300] [--no-cache]
//   default scenario: [--latency-txs 500]; rate scenario: [--rate R] [--duration S];
//   burst and rate: [--poll-batch 50] [--poll-concurrency 4] [--poll-mode sweep|head];
//   reads: [--read-blocks 1000,20000] [--read-secs 5] (batches of --batch, --concurrency in flight)
// Every phase runs on a fresh node and temp datadir (127.0.0.1 only); --block-time and --gas-limit
// go to both nodes. Before the timed part the same pre-signed funding txs (dev accounts ->
// senders) are sent and waited for, not timed. Signed transactions are cached in
// $TMPDIR/lumio-bench-txs (per sender count; a longer run extends the file), --no-cache signs anew.
// Large sets are signed by `$LUMIO_BIN bench sign-transfers` (every core), checked against ethers.
//
// --scenario default (100,000 transfers from 5,000 senders):
//   (a) interval mining: all N transfers sent as JSON-RPC batches of --batch with --concurrency
//       batches in flight (--batch 1 --concurrency 64: single requests); sustained TPS = txs
//       included / (first send -> observed inclusion of the last one, from new blocks).
//   (b) instant mining (automine): submit->receipt latency of L txs sent one at a time
//       (receipt polled back to back), p50/p99.
// --scenario burst (20,000 transfers from 10 hot senders: deep nonce queues, 2,000 per sender):
//   interval mining; all transfers sent in batches as in (a) while every receipt is polled with
//   eth_getTransactionReceipt in batches of --poll-batch (sweeps over the not-yet-found ones,
//   --poll-concurrency batches in flight) until all are found; sustained tx/s = receipts found /
//   (first send -> last receipt found); p50/p99 submit->receipt per tx (submit = its batch sent).
// --scenario rate (open loop, --rate R tx/s for --duration S seconds from 5,000 senders):
//   transfers leave on a timer (a batch every few ms holding what is due) whatever the node
//   answers; receipts polled in batches as in burst, but one sweep per new block (--poll-mode
//   head; burst's back-to-back sweeps are --poll-mode sweep); p50/p99 submit->receipt, the rate
//   achieved, and how far the sender fell behind its schedule (max lag).
// --scenario reads (blocks of 1,000 and 20,000 transfers, each mined by evm_mine on a node whose
//   block time is an hour): batched eth_getTransactionReceipt/s and eth_getTransactionByHash/s on
//   random hashes of each block (every answer checked), one eth_getBlockReceipts and one full
//   eth_getBlockByNumber timed; ratios big block / small block and lumio / anvil.
// Peak RSS = VmHWM of the node process (max over its phases). BENCH_LOG_DIR=DIR keeps each node's log.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Wallet, keccak256, toUtf8Bytes, getAddress, dataSlice } = require('ethers');
const { DevNode, sleep, CHAIN_ID } = require('../lib/node');
const { devWallets } = require('../lib/accounts');

const SCENARIOS = {
  // A load that keeps both nodes busy for several blocks, and one block gas limit for both that
  // no 1 s block of this run reaches (with each node's own 30M limit both would be capped at
  // 1,428 transfers per block and the TPS ratio would measure nothing).
  default: { txs: 100000, senders: 5000 },
  burst: { txs: 20000, senders: 10, pollMode: 'sweep' },
  rate: { senders: 5000, rate: 2000, duration: 60, pollMode: 'head' },
  // blocks of --read-blocks transfers (default 1,000 and 20,000), read in batches of --batch
  reads: { senders: 5000 },
};

function parseArgs(argv) {
  const o = {
    scenario: 'default', nodes: (process.env.BENCH_NODES || 'anvil,lumio').split(','), txs: null, senders: null,
    concurrency: 8, batch: 200, blockTimeMs: 1000, latencyTxs: 500, json: null, timeoutS: 300, gasLimit: '1000000000',
    rate: null, duration: null, pollBatch: 50, pollConcurrency: 4, pollMode: null, cache: true,
    readBlocks: [1000, 20000], readSecs: 5,
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]; const v = argv[i + 1];
    const take = () => { i++; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    const num = () => { const x = Number(take()); if (!Number.isFinite(x) || x <= 0) throw new Error(`${a}: positive number expected, got ${v}`); return x; };
    if (a === '--scenario') o.scenario = take();
    else if (a === '--nodes') o.nodes = take().split(',').filter(Boolean);
    else if (a === '--txs') o.txs = num();
    else if (a === '--senders') o.senders = num();
    else if (a === '--concurrency') o.concurrency = num();
    else if (a === '--batch') o.batch = num();
    else if (a === '--block-time-ms') o.blockTimeMs = num();
    else if (a === '--block-time') o.blockTimeMs = Math.round(num() * 1000);
    else if (a === '--latency-txs') o.latencyTxs = num();
    else if (a === '--json') o.json = take();
    else if (a === '--timeout-s') o.timeoutS = num();
    else if (a === '--gas-limit') { const g = take(); o.gasLimit = g === 'default' ? null : String(BigInt(g)); }
    else if (a === '--rate') o.rate = num();
    else if (a === '--duration') o.duration = num();
    else if (a === '--poll-batch') o.pollBatch = num();
    else if (a === '--poll-concurrency') o.pollConcurrency = num();
    else if (a === '--poll-mode') { o.pollMode = take(); if (!['sweep', 'head'].includes(o.pollMode)) throw new Error(`--poll-mode: sweep or head, got ${o.pollMode}`); }
    else if (a === '--no-cache') o.cache = false;
    else if (a === '--read-blocks') o.readBlocks = take().split(',').map(Number);
    else if (a === '--read-secs') o.readSecs = num();
    else throw new Error(`unknown argument ${a}`);
  }
  const d = SCENARIOS[o.scenario];
  if (!d) throw new Error(`unknown scenario ${o.scenario} (${Object.keys(SCENARIOS).join(', ')})`);
  for (const k of Object.keys(d)) if (o[k] === null) o[k] = d[k];
  if (o.scenario === 'rate') {
    if (o.txs === null) o.txs = Math.round(o.rate * o.duration);
    else o.duration = o.txs / o.rate;
  }
  if (o.scenario === 'reads') {
    if (!o.readBlocks.length || o.readBlocks.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--read-blocks: positive integers, e.g. 1000,20000');
    o.txs = o.readBlocks.reduce((a, b) => a + b, 0);
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
/** A batch whose answers come back in request order (matched by id; a missing one is an error). */
async function callBatchOrdered(url, method, paramsList, timeoutMs = 60_000) {
  const first = reqId + 1;
  reqId += paramsList.length;
  const body = await post(url, paramsList.map((p, i) => ({ jsonrpc: '2.0', id: first + i, method, params: p })), timeoutMs);
  if (!Array.isArray(body)) throw new Error(`batch ${method}: ${JSON.stringify(body).slice(0, 200)}`);
  const out = new Array(paramsList.length).fill(null);
  for (const r of body) if (typeof r.id === 'number' && r.id >= first && r.id < first + paramsList.length) out[r.id - first] = r;
  return out.map((r) => r || { error: { message: 'no answer in the batch' } });
}

// ---------- the transaction lists (signed once, identical for every node) ----------
const GWEI = 1_000_000_000n;
// A max fee that covers ~25 full blocks of base-fee growth from 1 gwei (x1.125 each), and a
// funding of 10 ETH per sender: a pool that checks a sender's queued txs together (cost = gas x
// max fee + value, summed) accepts 23,000 of them; 5,000 senders take 500 x 10 ETH from each of
// the 10 dev accounts (10,000 ETH each).
const FEES = { maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 1n * GWEI };
const FUNDING_WEI = 10n * 10n ** 18n;

// Transfer k: sender k % S, nonce floor(k / S), recipient k % 256; funding tx i: dev[i % 10]'s
// nonce floor(i / 10) -> sender i. Both depend only on S and the index, so a cache per S holds
// any prefix of any run with S senders.
async function buildTxs(o) {
  const t0 = Date.now();
  // wallets made on first use: deriving 5,000 addresses costs seconds a cached run need not pay
  const wallets = [];
  const sender = (i) => (wallets[i] ||= new Wallet(keccak256(toUtf8Bytes(`lumio-bench-sender-${i}`))));
  const recipients = [];
  for (let i = 0; i < 256; i++) recipients.push(getAddress(dataSlice(keccak256(toUtf8Bytes(`lumio-bench-recipient-${i}`)), 12)));
  const cacheFile = path.join(process.env.LUMIO_BENCH_CACHE || path.join(os.tmpdir(), 'lumio-bench-txs'), `v2-chain${CHAIN_ID}-senders${o.senders}.json`);
  let cached = { funding: [], transfers: [] };
  if (o.cache && fs.existsSync(cacheFile)) {
    try { cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')); } catch { cached = { funding: [], transfers: [] }; }
  }
  const dev = devWallets();
  const funding = cached.funding.length === o.senders ? cached.funding : [];
  for (let i = funding.length; i < o.senders; i++) {
    const from = dev[i % dev.length];
    const tx = { type: 2, chainId: CHAIN_ID, nonce: Math.floor(i / dev.length), to: sender(i).address, value: FUNDING_WEI, gasLimit: 21000n, ...FEES };
    funding.push(await sign(from, tx));
  }
  const transfers = cached.transfers.slice(0, o.txs);
  const fresh = o.txs - transfers.length;
  const transferTx = (k) => ({ type: 2, chainId: CHAIN_ID, nonce: Math.floor(k / o.senders), to: recipients[k % recipients.length], value: 1n, gasLimit: 21000n, ...FEES });
  const signer = fresh >= RUST_SIGN_MIN ? rustSigner() : null;
  if (signer) {
    const from = transfers.length;
    const signed = await signWithLumio(signer, o.senders, from, o.txs);
    // the same transactions as ethers signs them (both sign deterministically, RFC 6979): checked
    // on the first, a middle and the last one before any is used
    for (const k of [from, from + Math.floor(fresh / 2), o.txs - 1]) {
      const mine = await sign(sender(k % o.senders), transferTx(k));
      const theirs = signed[k - from];
      if (mine.raw !== theirs.raw || mine.hash !== theirs.hash) {
        throw new Error(`lumio bench sign-transfers: transfer ${k} differs from ethers' signing (${theirs.raw} vs ${mine.raw})`);
      }
    }
    for (const t of signed) transfers.push(t);
  } else {
    for (let k = transfers.length; k < o.txs; k++) transfers.push(await sign(sender(k % o.senders), transferTx(k)));
  }
  if (o.cache && (fresh > 0 || cached.funding.length !== o.senders)) {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ funding, transfers: transfers.length >= cached.transfers.length ? transfers : cached.transfers }));
    fs.renameSync(tmp, cacheFile);
  }
  return { funding, transfers, signMs: Date.now() - t0, signed: fresh, signedBy: signer ? 'lumio bench sign-transfers' : 'ethers' };
}
// From this many fresh transfers on, `$LUMIO_BIN bench sign-transfers` signs them on every core
// (ethers signs ~1,000/s: a 60 s run at 10k tx/s would take 10 minutes to prepare);
// LUMIO_BENCH_JS_SIGN=1 keeps ethers for all, LUMIO_BENCH_RUST_SIGN_MIN=N moves the threshold.
const RUST_SIGN_MIN = Number(process.env.LUMIO_BENCH_RUST_SIGN_MIN || 2000);
function rustSigner() {
  if (process.env.LUMIO_BENCH_JS_SIGN === '1' || !process.env.LUMIO_BIN) return null;
  const bin = path.resolve(process.env.LUMIO_BIN);
  return fs.existsSync(bin) ? bin : null;
}
/** Transfers `from..to` as `lumio bench sign-transfers` prints them (`0x<raw> 0x<hash>` lines). */
function signWithLumio(bin, senders, from, to) {
  const { spawn } = require('node:child_process');
  const readline = require('node:readline');
  return new Promise((resolve, reject) => {
    const env = { ...process.env, LUMIO_SIGN_SENDERS: String(senders), LUMIO_SIGN_FROM: String(from), LUMIO_SIGN_TO: String(to), LUMIO_SIGN_CHAIN_ID: String(CHAIN_ID) };
    const child = spawn(bin, ['bench', 'sign-transfers'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const [raw, hash] = line.split(' ');
      out.push({ raw, hash });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${bin} bench sign-transfers exited with ${code}: ${stderr.trim()}`));
      else if (out.length !== to - from) reject(new Error(`${bin} bench sign-transfers: ${out.length} lines, ${to - from} expected`));
      else resolve(out);
    });
  });
}
async function sign(wallet, tx) {
  const raw = await wallet.signTransaction(tx);
  return { raw, hash: keccak256(raw) };
}

// ---------- phases ----------
/** Removes the node's datadir and log; BENCH_LOG_DIR=DIR keeps the log there first. */
function cleanup(node) {
  if (process.env.BENCH_LOG_DIR) {
    try {
      fs.mkdirSync(process.env.BENCH_LOG_DIR, { recursive: true });
      fs.copyFileSync(node.logFile, path.join(process.env.BENCH_LOG_DIR, `${node.kind}-${Date.now()}.log`));
    } catch (e) { console.log(`(log not kept: ${e.message})`); }
  }
  node.cleanup();
}

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
    cleanup(node);
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
    cleanup(node);
  }
}

// ---------- burst and rate: per-tx submit -> receipt ----------
// An entry per transfer: { hash, raw, sentAt, foundAt, block, rejected }. Times from
// performance.now() (ms).
const entriesOf = (transfers) => transfers.map((t) => ({ hash: t.hash, raw: t.raw, sentAt: null, foundAt: null, block: null, rejected: null }));

/** Polls eth_getTransactionReceipt for every added entry, in sweeps over the ones not found yet. */
class ReceiptPoller {
  constructor(url, o) {
    this.url = url; this.batch = o.pollBatch; this.concurrency = o.pollConcurrency; this.mode = o.pollMode;
    this.pending = []; this.found = 0; this.sweeps = 0; this.sweepMs = 0; this.errors = 0; this.firstError = null;
  }

  add(entry) { this.pending.push(entry); }

  async sweep() {
    const list = this.pending.filter((e) => e.foundAt === null && e.rejected === null);
    this.pending = [];
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const chunk = list.slice(next, next + this.batch); next += chunk.length;
        let out;
        try { out = await callBatchOrdered(this.url, 'eth_getTransactionReceipt', chunk.map((e) => [e.hash])); } catch (e) {
          this.errors++; this.firstError ||= e.message; continue;
        }
        const at = performance.now();
        out.forEach((r, i) => {
          if (r.error) { this.errors++; this.firstError ||= r.error.message; } else if (r.result) {
            chunk[i].foundAt = at; chunk[i].block = Number(r.result.blockNumber); this.found++;
          }
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.concurrency) }, worker));
    this.sweeps++; this.sweepMs += performance.now() - t0;
    // entries added while sweeping come after the ones still waiting
    this.pending = list.filter((e) => e.foundAt === null && e.rejected === null).concat(this.pending);
  }

  /**
   * Sweeps until `sendingDone()` and nothing is pending, or `deadline` (Date.now() ms). Mode
   * `sweep`: back to back (at most one every 20 ms); mode `head`: one sweep per new block, the
   * head polled with eth_blockNumber every 10 ms (the way ethers' and viem's receipt waiters
   * watch blocks, and far fewer lookups for the node to answer).
   */
  async run(sendingDone, deadline) {
    let head = -1;
    while (Date.now() < deadline) {
      if (sendingDone() && !this.pending.some((e) => e.foundAt === null && e.rejected === null)) return;
      if (this.mode === 'head') {
        let now = head;
        try { now = Number(await call(this.url, 'eth_blockNumber', [])); } catch (e) { this.errors++; this.firstError ||= e.message; }
        if (now === head) { await sleep(10); continue; }
        head = now;
        await this.sweep();
        continue;
      }
      const t = performance.now();
      await this.sweep();
      if (performance.now() - t < 20) await sleep(20);
    }
  }
}

/** Sends `chunk` as one eth_sendRawTransaction batch; marks the entries the node refused. */
async function sendChunk(url, chunk) {
  try {
    const out = await callBatchOrdered(url, 'eth_sendRawTransaction', chunk.map((e) => [e.raw]));
    out.forEach((r, i) => { if (r.error) chunk[i].rejected = r.error.message; });
  } catch (e) {
    for (const x of chunk) x.rejected = e.message;
  }
}

function latencySummary(entries, t0, blockTimeMs) {
  const found = entries.filter((e) => e.foundAt !== null);
  const lat = found.map((e) => e.foundAt - e.sentAt).sort((a, b) => a - b);
  const rejected = entries.filter((e) => e.rejected !== null);
  const perBlock = new Map();
  for (const e of found) perBlock.set(e.block, (perBlock.get(e.block) || 0) + 1);
  const last = found.reduce((m, e) => Math.max(m, e.foundAt), t0);
  const spanMs = found.length ? last - t0 : null;
  return {
    sent: entries.filter((e) => e.sentAt !== null).length, included: found.length, rejected: rejected.length,
    firstError: rejected[0]?.rejected, missing: entries.length - found.length - rejected.length,
    spanMs, tps: spanMs ? (found.length * 1000) / spanMs : 0,
    p50: pct(lat, 50), p99: pct(lat, 99), max: lat.length ? lat[lat.length - 1] : null,
    p99Blocks: lat.length && blockTimeMs ? pct(lat, 99) / blockTimeMs : null,
    blocks: perBlock.size, maxPerBlock: Math.max(0, ...perBlock.values()),
  };
}

async function startFunded(kind, txs, o) {
  const node = new DevNode({ kind, blockTimeMs: o.blockTimeMs, extraArgs: gasArgs(o) });
  await node.start();
  try {
    // transfer k comes from sender k % S: a run shorter than S needs only its first txs senders
    await fund(node, txs.funding.slice(0, Math.min(txs.funding.length, txs.transfers.length)), o);
  } catch (e) {
    await node.stop(); cleanup(node);
    throw e;
  }
  return node;
}

async function phaseBurst(kind, txs, o) {
  const node = await startFunded(kind, txs, o);
  try {
    const entries = entriesOf(txs.transfers);
    const poller = new ReceiptPoller(node.url, o);
    let sending = true;
    const t0 = performance.now();
    const polling = poller.run(() => !sending, Date.now() + o.timeoutS * 1000);
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const chunk = entries.slice(next, next + o.batch); next += chunk.length;
        const at = performance.now();
        for (const e of chunk) { e.sentAt = at; poller.add(e); }
        await sendChunk(node.url, chunk);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
    const submitMs = performance.now() - t0;
    sending = false;
    await polling;
    return {
      ...latencySummary(entries, t0, o.blockTimeMs), submitMs, submitRate: (entries.length * 1000) / submitMs,
      sweeps: poller.sweeps, sweepMsMean: poller.sweeps ? poller.sweepMs / poller.sweeps : null, pollErrors: poller.errors,
      rssKiB: node.peakRssKiB(),
    };
  } finally {
    await node.stop();
    cleanup(node);
  }
}

async function phaseRate(kind, txs, o) {
  const node = await startFunded(kind, txs, o);
  try {
    const entries = entriesOf(txs.transfers);
    const poller = new ReceiptPoller(node.url, o);
    let sending = true;
    const inflight = [];
    let sent = 0; let maxLagMs = 0;
    const t0 = performance.now();
    const polling = poller.run(() => !sending, Date.now() + (o.duration + o.timeoutS) * 1000);
    const intervalMs = 1000 / o.rate;
    while (sent < entries.length) {
      const now = performance.now();
      const due = Math.min(entries.length, Math.floor((now - t0) / intervalMs) + 1);
      while (sent < due) {
        const chunk = entries.slice(sent, Math.min(due, sent + o.batch));
        maxLagMs = Math.max(maxLagMs, now - (t0 + sent * intervalMs));
        sent += chunk.length;
        for (const e of chunk) { e.sentAt = now; poller.add(e); }
        inflight.push(sendChunk(node.url, chunk)); // open loop: not awaited before the next send
      }
      await sleep(5);
    }
    const sendMs = performance.now() - t0;
    await Promise.all(inflight);
    sending = false;
    await polling;
    return {
      ...latencySummary(entries, t0, o.blockTimeMs), targetRate: o.rate, sendMs, sendRate: (entries.length * 1000) / sendMs, maxLagMs,
      sweeps: poller.sweeps, sweepMsMean: poller.sweeps ? poller.sweepMs / poller.sweeps : null, pollErrors: poller.errors,
      rssKiB: node.peakRssKiB(),
    };
  } finally {
    await node.stop();
    cleanup(node);
  }
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  console.log('');
  for (const row of rows) console.log(row.map((c, i) => String(c).padStart(widths[i])).join('  '));
}

// ---------- reads: receipts and transactions by hash on big and small blocks ----------
/** Mines what the pool holds into one block with evm_mine; returns that block (hashes only). */
async function mineOne(url, expectTxs) {
  const before = Number(await call(url, 'eth_blockNumber', []));
  await call(url, 'evm_mine', [], 300_000);
  const head = Number(await call(url, 'eth_blockNumber', []));
  if (head !== before + 1) throw new Error(`evm_mine: head ${before} -> ${head}, one block expected`);
  const b = await call(url, 'eth_getBlockByNumber', ['0x' + head.toString(16), false]);
  if (b.transactions.length !== expectTxs) throw new Error(`block ${head}: ${b.transactions.length} txs, ${expectTxs} expected (pool not drained into one block)`);
  return b;
}

/**
 * Calls `method` with random hashes of `hashes` in batches of `o.batch`, `o.concurrency` batches
 * in flight, for `secs` seconds; every answer is checked (non-null, the asked hash).
 */
async function readRate(url, method, hashes, o, secs) {
  let n = 0; let bad = null;
  const end = performance.now() + secs * 1000;
  const worker = async () => {
    while (performance.now() < end && !bad) {
      const ask = Array.from({ length: o.batch }, () => hashes[Math.floor(Math.random() * hashes.length)]);
      const out = await callBatchOrdered(url, method, ask.map((h) => [h]));
      out.forEach((r, i) => {
        const got = r.result && (r.result.transactionHash || r.result.hash);
        if (got !== ask[i]) bad ||= `${method}(${ask[i]}): ${JSON.stringify(r).slice(0, 200)}`;
      });
      n += ask.length;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  if (bad) throw new Error(bad);
  return (n * 1000) / (performance.now() - t0);
}

/**
 * One node: blocks of each size in --read-blocks (default 1,000 and 20,000 transfers), each built
 * by sending the transfers and mining them with evm_mine (block time one hour: nothing else is
 * mined), then batched eth_getTransactionReceipt and eth_getTransactionByHash for --read-secs s
 * each on random hashes of that block, and one eth_getBlockReceipts / full-block call timed.
 */
async function phaseReads(kind, txs, o) {
  const node = new DevNode({ kind, blockTimeMs: 3_600_000, extraArgs: gasArgs(o) });
  await node.start();
  try {
    const errs = await sendAll(node.url, txs.funding, { ...o, batch: 100, concurrency: 1 });
    if (errs.length) throw new Error(`funding: ${errs.length} errors, e.g. ${errs[0]}`);
    await mineOne(node.url, txs.funding.length);
    const out = [];
    let next = 0;
    for (const size of o.readBlocks) {
      const chunk = txs.transfers.slice(next, next + size); next += size;
      const e = await sendAll(node.url, chunk, { ...o, concurrency: 1 });
      if (e.length) throw new Error(`transfers: ${e.length} errors, e.g. ${e[0]}`);
      const t = performance.now();
      const b = await mineOne(node.url, size);
      const mineMs = performance.now() - t;
      const hashes = b.transactions;
      // a figure the node cannot produce in time (anvil on big blocks) is recorded as missing,
      // with why, and the others are still measured
      const errors = [];
      const measure = async (what, fn) => {
        try { return await fn(); } catch (e) { errors.push(`${what}: ${e.message.split('\n')[0]}`); return null; }
      };
      const receipts = await measure('receipts', () => readRate(node.url, 'eth_getTransactionReceipt', hashes, o, o.readSecs));
      const byHash = await measure('byHash', () => readRate(node.url, 'eth_getTransactionByHash', hashes, o, o.readSecs));
      const timed = (what, method, params, check) => measure(what, async () => {
        const t1 = performance.now();
        const r = await call(node.url, method, params, 120_000);
        const ms = performance.now() - t1;
        check(r);
        return ms;
      });
      const blockReceiptsMs = await timed('eth_getBlockReceipts', 'eth_getBlockReceipts', [b.number], (br) => {
        if (!br || br.length !== size) throw new Error(`${br ? br.length : br} receipts, ${size} expected`);
      });
      const fullBlockMs = await timed('full block', 'eth_getBlockByNumber', [b.number, true], (full) => {
        if (full.transactions.length !== size) throw new Error(`${full.transactions.length} txs, ${size} expected`);
      });
      out.push({ size, block: Number(b.number), mineMs, receipts, byHash, blockReceiptsMs, fullBlockMs, errors });
      console.log(`[${kind}]     block of ${size}: ${f(receipts, 0)} receipts/s, ${f(byHash, 0)} eth_getTransactionByHash/s, ` +
        `eth_getBlockReceipts ${f(blockReceiptsMs, 0)} ms, full block ${f(fullBlockMs, 0)} ms (evm_mine ${f(mineMs, 0)} ms)` +
        `${errors.length ? `; not measured: ${errors.join('; ')}` : ''}`);
    }
    return { sizes: out, rssKiB: node.peakRssKiB() };
  } finally {
    await node.stop();
    cleanup(node);
  }
}

async function mainReads(o, txs) {
  const results = {};
  let failed = false;
  for (const kind of o.nodes) {
    try {
      console.log(`[${kind}] reads ...`);
      results[kind] = await phaseReads(kind, txs, o);
      // a figure anvil cannot produce in time is a finding; one lumio cannot is a failure
      if (kind === 'lumio' && results[kind].sizes.some((r) => r.errors.length)) failed = true;
    } catch (e) {
      failed = true;
      results[kind] = { error: e.message.split('\n')[0] };
      console.log(`[${kind}] FAILED: ${e.message}`);
    }
  }
  const rows = [['node', 'block txs', 'receipts/s', 'byHash/s', 'blockReceipts ms', 'full block ms']];
  for (const kind of o.nodes) {
    for (const r of results[kind].sizes || []) rows.push([kind, r.size, f(r.receipts, 0), f(r.byHash, 0), f(r.blockReceiptsMs, 0), f(r.fullBlockMs, 0)]);
  }
  printTable(rows);
  for (const kind of o.nodes) {
    const sz = results[kind].sizes;
    if (sz && sz.length > 1) {
      const a = sz[0]; const b = sz[sz.length - 1];
      console.log(`${kind}: block of ${b.size} vs ${a.size}: receipts/s ${f(b.receipts / a.receipts, 2)}x, byHash/s ${f(b.byHash / a.byHash, 2)}x (goal for lumio: 0.8-1.2x, >= 30,000 receipts/s)`);
    }
  }
  const a = results.anvil?.sizes; const l = results.lumio?.sizes;
  if (a && l) {
    for (let i = 0; i < Math.min(a.length, l.length); i++) {
      // a figure one node did not produce (a timeout) gives no ratio
      const ratio = (x, y) => (x === null || y === null || !y ? null : x / y);
      console.log(`ratios lumio/anvil, block of ${l[i].size}: receipts/s ${f(ratio(l[i].receipts, a[i].receipts), 2)}x, byHash/s ${f(ratio(l[i].byHash, a[i].byHash), 2)}x, ` +
        `eth_getBlockReceipts ${f(ratio(a[i].blockReceiptsMs, l[i].blockReceiptsMs), 2)}x faster, full block ${f(ratio(a[i].fullBlockMs, l[i].fullBlockMs), 2)}x faster`);
    }
  }
  return { results, failed };
}

/** burst / rate: one phase per node, a table, and the lumio/anvil ratios. */
async function mainLoad(o, txs) {
  const phase = o.scenario === 'burst' ? phaseBurst : phaseRate;
  const results = {};
  let failed = false;
  for (const kind of o.nodes) {
    const r = { kind };
    try {
      console.log(`[${kind}] ${o.scenario} ...`);
      r.load = await phase(kind, txs, o);
      const l = r.load;
      console.log(`[${kind}]     ${l.included}/${txs.transfers.length} receipts in ${f(l.spanMs / 1000, 2)} s -> ${f(l.tps)} tx/s; ` +
        `submit->receipt p50 ${f(l.p50, 0)} ms, p99 ${f(l.p99, 0)} ms, max ${f(l.max, 0)} ms; ${l.blocks} blocks, max ${l.maxPerBlock}/block; ` +
        `${o.scenario === 'rate' ? `sent at ${f(l.sendRate, 0)} tx/s (max lag ${f(l.maxLagMs, 0)} ms)` : `submit ${f(l.submitRate, 0)} tx/s`}; ` +
        `${l.sweeps} receipt sweeps of ${f(l.sweepMsMean, 0)} ms` +
        `${l.rejected ? `; ${l.rejected} rejected e.g. "${l.firstError}"` : ''}${l.missing ? `; ${l.missing} never found` : ''}`);
      if (l.rejected || l.missing) failed = true;
    } catch (e) {
      failed = true;
      r.error = e.message.split('\n')[0];
      console.log(`[${kind}] FAILED: ${e.message}`);
    }
    results[kind] = r;
  }
  const head = o.scenario === 'rate'
    ? ['node', 'target tx/s', 'sent tx/s', 'max lag ms', 'included', 'tx/s', 'p50 ms', 'p99 ms', 'max ms', 'blocks', 'peak RSS MiB']
    : ['node', 'tx/s', 'included', 'span s', 'submit s', 'p50 ms', 'p99 ms', 'max ms', 'blocks', 'max/block', 'peak RSS MiB'];
  const rows = [head];
  for (const kind of o.nodes) {
    const l = results[kind].load || {};
    const common = [f(l.p50, 0), f(l.p99, 0), f(l.max, 0), l.blocks ?? 'n/a'];
    rows.push(o.scenario === 'rate'
      ? [kind, f(o.rate, 0), f(l.sendRate, 0), f(l.maxLagMs, 0), l.included !== undefined ? `${l.included}/${txs.transfers.length}` : 'n/a', f(l.tps), ...common, f(l.rssKiB / 1024, 0)]
      : [kind, f(l.tps), l.included !== undefined ? `${l.included}/${txs.transfers.length}` : 'n/a', f(l.spanMs / 1000, 2), f(l.submitMs / 1000, 2), ...common, l.maxPerBlock ?? 'n/a', f(l.rssKiB / 1024, 0)]);
  }
  printTable(rows);
  const a = results.anvil?.load; const l = results.lumio?.load;
  const p99Goal = 2 * o.blockTimeMs;
  for (const [kind, x] of [['anvil', a], ['lumio', l]]) {
    if (x) console.log(`${kind}: p99 submit->receipt ${f(x.p99, 0)} ms = ${f(x.p99Blocks, 2)} block intervals (goal <= 2: ${x.p99 !== null && x.p99 <= p99Goal ? 'met' : 'NOT met'})`);
    // issue #11's fixed-rate goal: p99 <= 1.2 s at 1 s blocks
    if (x && o.scenario === 'rate' && o.blockTimeMs === 1000) console.log(`${kind}: p99 ${f(x.p99, 0)} ms at 1 s blocks (goal <= 1200 ms: ${x.p99 !== null && x.p99 <= 1200 ? 'met' : 'NOT met'})`);
  }
  if (a && l) {
    const ratio = l.tps / a.tps;
    console.log(`ratios lumio/anvil: tx/s ${f(ratio, 2)}x, p50 ${f(l.p50 / a.p50, 2)}x, p99 ${f(l.p99 / a.p99, 2)}x, peak RSS ${f(l.rssKiB / a.rssKiB, 2)}x (latency and RSS: lower is better)`);
  }
  return { results, failed };
}

// ---------- main ----------
const f = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));

async function main() {
  const o = parseArgs(process.argv);
  const load = o.scenario === 'rate' ? `, open loop at ${o.rate} tx/s for ${f(o.duration, 1)} s` : '';
  console.log(`bench-vs-anvil [${o.scenario}${load}]: ${o.txs} transfers${o.gasLimit ? ` (block gas limit ${o.gasLimit} on both)` : ''} from ${o.senders} senders (signed once), concurrency ${o.concurrency}` +
    `${o.batch > 1 ? `, batches of ${o.batch}` : ''}; interval mining ${o.blockTimeMs} ms; ${o.scenario === 'default' ? `latency over ${o.latencyTxs} txs` : `receipts polled in batches of ${o.pollBatch} (${o.pollMode === 'head' ? 'a sweep per new block' : 'sweeps back to back'})`}; chain id ${CHAIN_ID}`);
  const txs = await buildTxs(o);
  console.log(`${txs.funding.length} funding + ${txs.transfers.length} transfer txs ready in ${txs.signMs} ms (${txs.signed} transfers signed by ${txs.signedBy}, the rest cached)`);
  if (o.scenario !== 'default') {
    const { results, failed } = await (o.scenario === 'reads' ? mainReads : mainLoad)(o, txs);
    writeJson(o, results);
    process.exit(failed ? 1 : 0);
  }
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
  writeJson(o, results);
  process.exit(failed ? 1 : 0);
}

function writeJson(o, results) {
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ params: o, results }, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
}

main().catch((e) => { console.error(e); process.exit(2); });
