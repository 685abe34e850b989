'use strict';
// scripts/bench-vs-anvil.sh's driver (bench/bench.js) on a tiny load, so the benchmark keeps
// working: every phase runs against real nodes and the JSON report has the fields the table
// prints. Not a performance test: no figure is compared with anything.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { IS_ANVIL, E2E_DIR } = require('../lib/node');

test('bench-vs-anvil driver runs end to end on a small load', () => {
  const nodes = IS_ANVIL ? ['anvil'] : ['anvil', 'lumio'];
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-')), 'report.json');
  const run = spawnSync(process.execPath, [
    'bench/bench.js', '--nodes', nodes.join(','), '--txs', '300', '--senders', '30',
    '--latency-txs', '20', '--block-time-ms', '500', '--json', out,
  ], { cwd: E2E_DIR, encoding: 'utf8', timeout: 240_000 });
  assert.equal(run.status, 0, `bench.js failed:\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  for (const kind of nodes) {
    const r = report.results[kind];
    assert.ok(r && !r.error, `${kind}: ${JSON.stringify(r)}`);
    assert.equal(r.interval.included, 300, `${kind}: every transfer included`);
    assert.equal(r.interval.rejected, 0, `${kind}: no rejections`);
    assert.ok(r.interval.tps > 0 && r.interval.blocks >= 1, `${kind}: ${JSON.stringify(r.interval)}`);
    assert.equal(r.latency.n, 20, `${kind}: every latency sample has a receipt`);
    assert.ok(r.latency.p50 > 0 && r.latency.p99 >= r.latency.p50, `${kind}: ${JSON.stringify(r.latency)}`);
    assert.ok(r.rssKiB > 0, `${kind}: peak RSS read`);
  }
  assert.match(run.stdout, /TPS \(interval\)/);
  if (nodes.length === 2) assert.match(run.stdout, /ratios lumio\/anvil: TPS/);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});
