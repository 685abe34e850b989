'use strict';
// scripts/bench-vs-anvil.sh's driver (bench/bench.js) on a tiny load, so the benchmark keeps
// working: every scenario (default, burst, rate, reads) runs against real nodes and the JSON report has
// the fields the table prints. Not a performance test: no figure is compared with anything.
// The four scenarios run at the same time (each on its own nodes and ports): they mostly wait
// for blocks, and one after the other they would take three times as long.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { IS_ANVIL, E2E_DIR } = require('../lib/node');

const NODES = IS_ANVIL ? ['anvil'] : ['anvil', 'lumio'];

/** Runs bench.js with `args` (plus --nodes, --no-cache, --json); resolves to the report and stdout. */
async function runBench(args, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  const out = path.join(dir, 'report.json');
  try {
    const child = spawn(process.execPath, ['bench/bench.js', '--nodes', NODES.join(','), '--no-cache', '--json', out, ...args],
      { cwd: E2E_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    assert.equal(status, 0, `bench.js ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
    return { report: JSON.parse(fs.readFileSync(out, 'utf8')), stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every transfer found by receipt polling, none refused, and latencies that make sense. */
function assertLoad(kind, l, txs) {
  assert.ok(l, `${kind}: no load result`);
  assert.equal(l.sent, txs, `${kind}: every transfer sent`);
  assert.equal(l.included, txs, `${kind}: every receipt found: ${JSON.stringify(l)}`);
  assert.equal(l.rejected, 0, `${kind}: no rejections: ${l.firstError}`);
  assert.equal(l.missing, 0, `${kind}: nothing missing`);
  assert.ok(l.tps > 0 && l.blocks >= 1 && l.maxPerBlock >= 1, `${kind}: ${JSON.stringify(l)}`);
  assert.ok(l.p50 > 0 && l.p99 >= l.p50 && l.max >= l.p99, `${kind}: ${JSON.stringify(l)}`);
  assert.ok(l.sweeps >= 1 && l.rssKiB > 0, `${kind}: ${JSON.stringify(l)}`);
}

describe('bench-vs-anvil driver on a small load', { concurrency: true }, () => {
  it('default scenario: interval TPS and instant-mining latency', async () => {
    const { report, stdout } = await runBench(['--txs', '300', '--senders', '30', '--latency-txs', '20', '--block-time-ms', '500']);
    for (const kind of NODES) {
      const r = report.results[kind];
      assert.ok(r && !r.error, `${kind}: ${JSON.stringify(r)}`);
      assert.equal(r.interval.included, 300, `${kind}: every transfer included`);
      assert.equal(r.interval.rejected, 0, `${kind}: no rejections`);
      assert.ok(r.interval.tps > 0 && r.interval.blocks >= 1, `${kind}: ${JSON.stringify(r.interval)}`);
      assert.equal(r.latency.n, 20, `${kind}: every latency sample has a receipt`);
      assert.ok(r.latency.p50 > 0 && r.latency.p99 >= r.latency.p50, `${kind}: ${JSON.stringify(r.latency)}`);
      assert.ok(r.rssKiB > 0, `${kind}: peak RSS read`);
    }
    assert.match(stdout, /TPS \(interval\)/);
    if (NODES.length === 2) assert.match(stdout, /ratios lumio\/anvil: TPS/);
  });

  it('burst scenario: deep nonce queues, receipts polled in batches', async () => {
    const { report, stdout } = await runBench(['--scenario', 'burst', '--txs', '200', '--senders', '4', '--batch', '50',
      '--block-time-ms', '250']);
    for (const kind of NODES) assertLoad(kind, report.results[kind].load, 200);
    assert.match(stdout, /p99 submit->receipt/);
    if (NODES.length === 2) assert.match(stdout, /ratios lumio\/anvil: tx\/s/);
  });

  it('rate scenario: open loop on a timer', async () => {
    // with lumio: the transfers come from `lumio bench sign-transfers` (checked against ethers by
    // the driver before use), as they do in long runs
    const { report, stdout } = await runBench(['--scenario', 'rate', '--rate', '150', '--duration', '1', '--senders', '20', '--batch', '20',
      '--block-time-ms', '250'], { LUMIO_BENCH_RUST_SIGN_MIN: '1' });
    if (!IS_ANVIL) assert.match(stdout, /150 transfers signed by lumio bench sign-transfers/);
    for (const kind of NODES) {
      const l = report.results[kind].load;
      assertLoad(kind, l, 150);
      assert.ok(l.targetRate === 150 && l.sendRate > 0 && l.maxLagMs >= 0, `${kind}: ${JSON.stringify(l)}`);
    }
  });

  it('reads scenario: receipts and transactions by hash on two block sizes', async () => {
    const { report, stdout } = await runBench(['--scenario', 'reads', '--read-blocks', '20,60', '--read-secs', '0.3', '--senders', '20']);
    for (const kind of NODES) {
      const sizes = report.results[kind].sizes;
      assert.ok(sizes, `${kind}: ${JSON.stringify(report.results[kind])}`);
      assert.deepEqual(sizes.map((r) => r.size), [20, 60]);
      for (const r of sizes) {
        assert.deepEqual(r.errors, [], `${kind}: ${JSON.stringify(r)}`);
        assert.ok(r.receipts > 0 && r.byHash > 0 && r.blockReceiptsMs > 0 && r.fullBlockMs > 0, `${kind}: ${JSON.stringify(r)}`);
      }
    }
    assert.match(stdout, /block of 60 vs 20/);
  });
});
