'use strict';
// Shells out to the real `cast` binary (npm @foundry-rs/cast-linux-amd64).
const { execFile } = require('node:child_process');
const os = require('node:os');
const { CAST_BIN } = require('./node');

/** Runs cast; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
function castRun(args, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    execFile(CAST_BIN, args, {
      cwd: os.tmpdir(), timeout: timeoutMs, maxBuffer: 16 << 20,
      env: { ...process.env, NO_COLOR: '1', FOUNDRY_DISABLE_NIGHTLY_WARNING: '1' },
    }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim(), args });
    });
  });
}

/** Runs cast and returns trimmed stdout; throws with stderr on failure. */
async function cast(...args) {
  const r = await castRun(args);
  if (r.code !== 0) throw new Error(`cast ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

module.exports = { cast, castRun };
