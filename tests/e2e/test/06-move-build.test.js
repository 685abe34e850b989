'use strict';
// `lumio move build` on the compiler's fixture packages (crates/move/compiler/tests/packages):
// the Aptos output layout, bytecode that `lumio move verify` accepts, diagnostics and exit codes.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { IS_ANVIL, REPO_ROOT } = require('../lib/node');

const PACKAGES = path.join(REPO_ROOT, 'crates/move/compiler/tests/packages');

function lumio(...args) {
  const bin = process.env.LUMIO_BIN || path.join(REPO_ROOT, 'target/debug/lumio');
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
}

function mvFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.mv'))
    .sort();
}

test('lumio move build writes the Aptos layout and the output verifies', { skip: IS_ANVIL }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'move-build-'));
  const run = lumio('move', 'build', '--package-dir', path.join(PACKAGES, 'app'), '--output-dir', out);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, /^INCLUDING DEPENDENCY Base\nBUILDING App\n/);
  const dir = path.join(out, 'build', 'App');
  assert.equal(run.stdout.trim(), `built App: 3 modules, 1 script (2 dependency modules from 1 package) in ${dir}`);
  const files = mvFiles(dir);
  assert.deepEqual(files, [
    'bytecode_modules/accounting.mv',
    'bytecode_modules/counter.mv',
    'bytecode_modules/dependencies/Base/math.mv',
    'bytecode_modules/dependencies/Base/pair.mv',
    'bytecode_modules/labels.mv',
    'bytecode_scripts/bump.mv',
  ]);
  assert.ok(fs.statSync(path.join(dir, 'package-metadata.bcs')).size > 0);
  const verify = lumio('move', 'verify', ...files.map((f) => path.join(dir, f)));
  assert.equal(verify.status, 0, verify.stdout);
  assert.match(verify.stdout, /6 passed, 0 failed/);
  const decoded = JSON.parse(lumio('move', 'decode', '--json', path.join(dir, 'bytecode_modules/counter.mv')).stdout);
  assert.equal(decoded.version, 7);
  assert.match(JSON.stringify(decoded), /a11ce/i);
  fs.rmSync(out, { recursive: true, force: true });
});

test('lumio move build: named addresses, dev mode, bytecode version', { skip: IS_ANVIL }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'move-build-'));
  const pkg = path.join(PACKAGES, 'dev_app');
  let run = lumio('move', 'build', '--package-dir', pkg, '--output-dir', out);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /error\[M0705\]: named address `dev_app` has no value/);
  assert.match(run.stderr, /dev_app\/Move\.toml:6:11/);
  run = lumio('move', 'build', '--package-dir', pkg, '--output-dir', out, '--dev', '--skip-fetch-latest-git-deps');
  assert.equal(run.status, 0, run.stderr);
  run = lumio('move', 'build', '--package-dir', pkg, '--output-dir', out,
    '--named-addresses', 'dev_app=0x5', '--bytecode-version', '6');
  assert.equal(run.status, 0, run.stderr);
  const decoded = JSON.parse(lumio('move', 'decode', '--json',
    path.join(out, 'build/DevApp/bytecode_modules/main.mv')).stdout);
  assert.equal(decoded.version, 6);
  run = lumio('move', 'build', '--package-dir', pkg, '--named-addresses', 'base=0x7,dev_app=0x5', '--output-dir', out);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /`base` is given two values: 0x7 by --named-addresses and 0xb by package `DevApp`/);
  fs.rmSync(out, { recursive: true, force: true });
});

test('lumio move build: a dependency cycle fails with its path', { skip: IS_ANVIL }, () => {
  const run = lumio('move', 'build', '--package-dir', path.join(PACKAGES, 'cycle_a'));
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /error\[M0704\]: dependency cycle between packages: CycleA -> CycleB -> CycleA/);
  assert.ok(!fs.existsSync(path.join(PACKAGES, 'cycle_a', 'build')));
});
