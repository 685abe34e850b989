'use strict';
// `lumio move test` with the real binary: our MoveStdlib's own tests all pass; a package with a
// failing test prints PASS/FAIL lines, the abort code and source line of the failure, the
// summary `N passed, M failed`, and exits non-zero; --filter selects tests.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { IS_ANVIL, REPO_ROOT } = require('../lib/node');

function lumio(...args) {
  const bin = process.env.LUMIO_BIN || path.join(REPO_ROOT, 'target/debug/lumio');
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000 });
}

test('lumio move test passes our MoveStdlib', { skip: IS_ANVIL }, () => {
  const run = lumio('move', 'test', '--package-dir', path.join(REPO_ROOT, 'crates/move/framework/move-stdlib'));
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  assert.match(lines[lines.length - 1], /^(\d+) passed, 0 failed$/);
  const passed = Number(lines[lines.length - 1].split(' ')[0]);
  assert.ok(passed >= 250, `only ${passed} tests`);
  assert.ok(lines.includes('[ PASS ] 0x1::vector_tests::zip_reverse_pairs_backwards'));
});

test('lumio move test reports failures and exits non-zero', { skip: IS_ANVIL }, () => {
  const dir = path.join(REPO_ROOT, 'crates/move/testing/tests/packages/mixed');
  const run = lumio('move', 'test', '--package-dir', dir);
  assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  assert.match(out, /^\[ FAIL \] 0xbee::counter::fails_on_purpose$/m);
  assert.match(out, /^\[ PASS \] 0xbee::counter::publishes$/m);
  assert.match(out, /^\[ PASS \] 0xbee::counter::zero_is_refused$/m);
  assert.match(out, /^\[ PASS \] 0xbee::counter::overflow_expected$/m);
  assert.match(out, /abort 42 \(0x2a\) in 0xbee::counter/);
  assert.match(out, /sources\/counter\.move:\d+:\d+/);
  assert.match(out.trim().split('\n').pop(), /^3 passed, 1 failed$/);

  const one = lumio('move', 'test', '--package-dir', dir, '--filter', 'publishes');
  assert.equal(one.status, 0, `${one.stdout}\n${one.stderr}`);
  assert.equal(one.stdout.trim().split('\n').pop(), '1 passed, 0 failed');
});

test('lumio move test shows build errors with the source line', { skip: IS_ANVIL }, () => {
  const run = lumio('move', 'test', '--package-dir', path.join(REPO_ROOT, 'crates/move/compiler/tests/packages/cycle_a'));
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /error\[M07\d\d\]/);
});
