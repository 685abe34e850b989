'use strict';
// Starts / stops the node under test: the real `lumio dev` (default) or anvil (E2E_TARGET=anvil).
//
//   lumio:  $LUMIO_BIN dev --http.port P --datadir D [--block-time MS] $LUMIO_EXTRA_ARGS
//   anvil:  $ANVIL_BIN --host 127.0.0.1 --port P --chain-id 9990 --mnemonic M --accounts 10
//                      --balance 10000 [--block-time MS/1000]
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const E2E_DIR = path.join(__dirname, '..');
const REPO_ROOT = path.join(E2E_DIR, '..', '..');
const MNEMONIC = 'test test test test test test test test test test test junk';
const CHAIN_ID = 9990n;

const TARGET = (process.env.E2E_TARGET || 'lumio').toLowerCase();
if (!['lumio', 'anvil'].includes(TARGET)) throw new Error(`E2E_TARGET must be lumio or anvil, got ${TARGET}`);
const IS_ANVIL = TARGET === 'anvil';

const ANVIL_BIN = process.env.ANVIL_BIN
  || path.join(E2E_DIR, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil');
const CAST_BIN = process.env.CAST_BIN
  || path.join(E2E_DIR, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast');

function lumioBin() {
  if (process.env.LUMIO_BIN) return path.resolve(process.env.LUMIO_BIN);
  for (const p of ['target/release/lumio', 'target/debug/lumio']) {
    const full = path.join(REPO_ROOT, p);
    if (fs.existsSync(full)) return full;
  }
  throw new Error('LUMIO_BIN is not set and no target/{release,debug}/lumio exists (or set E2E_TARGET=anvil)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Never leave a node behind if the test process dies: kill whatever we spawned on exit.
const live = new Set();
const reap = () => { for (const p of live) { try { p.kill('SIGKILL'); } catch {} } };
process.on('exit', reap);
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.once(sig, () => { reap(); process.exit(128 + 15); });

async function rpc(url, method, params = [], timeoutMs = 10_000) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.json();
  if (body.error) {
    const e = new Error(`${method}: ${body.error.message}`);
    e.rpcError = body.error;
    throw e;
  }
  return body.result;
}

/**
 * A running node. `opts`: { datadir, blockTimeMs, port, kind ('lumio'|'anvil'), extraArgs, env }
 * (`env`: extra environment variables of the node process).
 * The same datadir/port can be reused by `restart()`.
 */
class DevNode {
  constructor(opts = {}) {
    this.kind = opts.kind || TARGET;
    this.blockTimeMs = opts.blockTimeMs;
    this.extraArgs = opts.extraArgs || [];
    this.env = opts.env || {};
    this.datadir = opts.datadir || fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${this.kind}-`));
    this.port = opts.port;
    this.logFile = path.join(this.datadir, '..', `${path.basename(this.datadir)}.log`);
    this.proc = null;
    this.exit = null;
    this.starts = 0;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }
  get wsUrl() { return `ws://127.0.0.1:${this.port}`; }
  get pid() { return this.proc && this.proc.pid; }

  command() {
    if (this.kind === 'anvil') {
      const args = ['--host', '127.0.0.1', '--port', String(this.port), '--chain-id', String(CHAIN_ID),
        '--mnemonic', MNEMONIC, '--accounts', '10', '--balance', '10000'];
      if (this.blockTimeMs) args.push('--block-time', String(this.blockTimeMs / 1000));
      return { bin: ANVIL_BIN, args: args.concat(this.extraArgs) };
    }
    const args = ['dev', '--http.port', String(this.port), '--datadir', this.datadir];
    if (this.blockTimeMs) args.push('--block-time', String(this.blockTimeMs));
    const extra = (process.env.LUMIO_EXTRA_ARGS || '').split(/\s+/).filter(Boolean);
    return { bin: lumioBin(), args: args.concat(extra, this.extraArgs) };
  }

  async start({ timeoutMs = 90_000 } = {}) {
    if (!this.port) this.port = await freePort();
    const { bin, args } = this.command();
    this.starts += 1;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n===== start #${this.starts}: ${bin} ${args.join(' ')}\n`);
    this.proc = spawn(bin, args, { stdio: ['ignore', log, log], env: { ...process.env, RUST_BACKTRACE: '1', ...this.env } });
    fs.closeSync(log);
    const child = this.proc;
    live.add(child);
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); });
      child.on('error', (err) => { live.delete(child); resolve({ code: null, signal: null, err }); });
    });
    const deadline = Date.now() + timeoutMs;
    let lastErr;
    let exited = null;
    this.exit.then((e) => { exited = e; });
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${this.kind} exited before ready (${JSON.stringify(exited)}):\n${this.logTail()}`);
      try {
        const id = await rpc(this.url, 'eth_chainId', [], 2000);
        if (id) {
          await sleep(50); // a second server on a taken port would have exited by now
          if (exited) throw new Error(`${this.kind} exited right after start (port ${this.port} taken?):\n${this.logTail()}`);
          return this;
        }
      } catch (e) {
        if (exited) continue;
        lastErr = e;
      }
      await sleep(100);
    }
    this.proc.kill('SIGKILL');
    throw new Error(`${this.kind} not ready on ${this.url} after ${timeoutMs} ms (${lastErr && lastErr.message}):\n${this.logTail()}`);
  }

  /** Graceful stop (SIGINT, like Ctrl-C). Returns { code, signal }. */
  async stop({ timeoutMs = 30_000 } = {}) {
    if (!this.proc) return null;
    const proc = this.proc;
    this.proc = null;
    if (proc.exitCode !== null || proc.signalCode !== null) return this.exit;
    proc.kill('SIGINT');
    let timer;
    const res = await Promise.race([this.exit, new Promise((r) => { timer = setTimeout(() => r(null), timeoutMs); })]);
    clearTimeout(timer);
    if (res) return res;
    proc.kill('SIGKILL');
    await this.exit;
    return { code: null, signal: 'SIGKILL', timedOut: true };
  }

  /** kill -9. */
  async kill9() {
    if (!this.proc) return null;
    const proc = this.proc;
    this.proc = null;
    proc.kill('SIGKILL');
    return this.exit;
  }

  /** Peak resident set size (VmHWM) in KiB from /proc, or null. */
  peakRssKiB() {
    try {
      const s = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const m = s.match(/^VmHWM:\s+(\d+)\s+kB/m);
      return m ? Number(m[1]) : null;
    } catch { return null; }
  }

  logTail(n = 40) {
    try { return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
  }

  cleanup() {
    if (process.env.E2E_KEEP_DATADIR) return;
    try { fs.rmSync(this.datadir, { recursive: true, force: true }); } catch {}
    try { fs.rmSync(this.logFile, { force: true }); } catch {}
  }
}

module.exports = { DevNode, rpc, freePort, sleep, MNEMONIC, CHAIN_ID, TARGET, IS_ANVIL, ANVIL_BIN, CAST_BIN, REPO_ROOT, E2E_DIR };
