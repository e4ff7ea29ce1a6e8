// The harness of the browser tests: the real `zhenxing demo` server, started once per test file
// on a free loopback port, and Debian's Chromium. Test files import `smoke` and the helpers.
//
//   npm ci --prefix tests/browser
//   node tests/browser/smoke.mjs
//
// Environment:
//   ZHENXING_BIN      server binary (default: <target dir>/debug/zhenxing; a relative path is
//                     taken from the current directory)
//   CARGO_TARGET_DIR  cargo's target dir, as for `cargo build` (default: <repo>/target; a
//                     relative path is taken from the current directory)
//   CHROMIUM          browser binary (default: /usr/bin/chromium)
//
// Screenshots go to <repo>/target/browser/. The server runs on a free loopback port with a
// fresh data dir in a temp dir; its log is printed when a test fails.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
// ZHENXING_BIN is taken relative to the current directory; the default, to the repo root.
// Where `cargo build` put the binary: CARGO_TARGET_DIR when set, as cargo reads it.
const TARGET_DIR = process.env.CARGO_TARGET_DIR
  ? path.resolve(process.env.CARGO_TARGET_DIR)
  : path.join(REPO_ROOT, 'target');
const SERVER_BIN = process.env.ZHENXING_BIN
  ? path.resolve(process.env.ZHENXING_BIN)
  : path.join(TARGET_DIR, 'debug', 'zhenxing');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Screenshots stay under the repo (CI lists target/browser/), wherever cargo builds.
export const SHOTS_DIR = path.join(REPO_ROOT, 'target', 'browser');
const SETPRIV = '/usr/bin/setpriv';

const READY_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 20_000;

export const DEMO_USER = 'admin';
export const DEMO_PASSWORD = 'Zhenxing2026!';
export const BAOYING_CODE = '340803100201';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** State shared by the hooks and the tests. */
export const run = {
  tmpDir: null,
  logPath: null,
  server: null,
  serverExit: null,
  baseURL: null,
  browser: null,
  failed: false,
};

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
/** Resolves to null after `ms` without keeping the process alive. */
const timeout = (ms) => new Promise((r) => setTimeout(() => r(null), ms).unref());

function serverLog() {
  try {
    return fs.readFileSync(run.logPath, 'utf8');
  } catch {
    return '(no server log)';
  }
}

function printServerLog(why) {
  process.stderr.write(
    `\n----- zhenxing server log (${why}): ${run.logPath} -----\n${serverLog()}\n----- end of server log -----\n`,
  );
}

/** Starts `zhenxing demo` and waits until GET /readyz answers 200. */
async function startServer() {
  if (!fs.existsSync(SERVER_BIN)) {
    throw new Error(
      `server binary not found: ${SERVER_BIN} (build it with \`cargo build --bin zhenxing\` or set ZHENXING_BIN)`,
    );
  }
  const port = await freePort();
  const dataDir = path.join(run.tmpDir, 'data');
  fs.mkdirSync(dataDir);
  run.logPath = path.join(run.tmpDir, 'server.log');
  const logFd = fs.openSync(run.logPath, 'a');

  // The server is configured by flags only: ZHENXING_* settings from the caller's shell
  // (a database URL, say) must not leak into the demo.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ZHENXING_')),
  );
  env.NO_COLOR = '1'; // a plain log file
  // Uploads limited to 20 MiB (the default is 64 MiB), so that the over-limit file a suite
  // sends stays small.
  const args = [
    'demo', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir,
    '--upload-max-bytes', String(20 * 1024 * 1024),
  ];
  fs.writeSync(logFd, `$ ${SERVER_BIN} ${args.join(' ')}\n`);
  // Where util-linux's setpriv exists, the kernel kills the server if this process dies
  // without running its hooks (an error thrown inside node's own test harness, say).
  const [cmd, cmdArgs] = fs.existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', SERVER_BIN, ...args]]
    : [SERVER_BIN, args];
  const child = spawn(cmd, cmdArgs, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  run.server = child;
  run.serverExit = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => resolve({ code: null, signal: null, err }));
  });
  run.baseURL = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const exited = await Promise.race([run.serverExit, timeout(0)]);
    if (exited) {
      throw new Error(
        `server exited before it was ready (code ${exited.code}, signal ${exited.signal}${exited.err ? `, ${exited.err.message}` : ''})`,
      );
    }
    try {
      const res = await fetch(`${run.baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code || err.message;
    }
    await sleep(250);
  }
  throw new Error(`GET /readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

async function stopServer() {
  const child = run.server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([run.serverExit, timeout(10_000)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await run.serverExit;
  }
}

// If this process ends without running `after`, the server goes with it.
function killServerNow() {
  if (run.server && run.server.exitCode === null && run.server.signalCode === null) {
    run.server.kill('SIGKILL');
  }
}
process.on('exit', killServerNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killServerNow();
    process.exit(128 + os.constants.signals[signal]);
  });
}

/** Runs a test body; on failure marks the run failed and keeps a screenshot of where it stood. */
export function smoke(name, body) {
  test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await run.browser.newContext({
      baseURL: run.baseURL,
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    // Script errors and console errors (a CSP refusal, say) are reported with a failure.
    const browserErrors = [];
    page.on('pageerror', (e) => browserErrors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') browserErrors.push(`console: ${m.text()} (${page.url()})`);
    });
    try {
      await body(page, context);
    } catch (err) {
      run.failed = true;
      if (browserErrors.length) err.message += `\n  browser errors:\n    ${browserErrors.join('\n    ')}`;
      const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
      const shot = path.join(SHOTS_DIR, `failure-${slug}.png`);
      try {
        fs.mkdirSync(SHOTS_DIR, { recursive: true });
        await page.screenshot({ path: shot, fullPage: true });
        err.message += `\n  at page ${page.url()} (screenshot: ${shot})`;
      } catch {
        err.message += `\n  at page ${page.url()}`;
      }
      throw err;
    } finally {
      await context.close();
    }
  });
}

export async function pageText(page) {
  return page.locator('body').innerText();
}

export async function assertText(page, text) {
  const body = await pageText(page);
  assert.ok(body.includes(text), `expected the page to contain ${JSON.stringify(text)}; it shows:\n${body.slice(0, 2000)}`);
}

export async function assertHtmlLang(page, lang) {
  await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached' });
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
}

export async function signIn(page, user = DEMO_USER) {
  await page.goto('/');
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
  const form = page.locator('form#login-form');
  await form.locator('input[name=username]').fill(user);
  await form.locator('input[name=password]').fill(DEMO_PASSWORD);
  await form.locator('button[type=submit]').click();
  try {
    await page.waitForURL((url) => !url.pathname.includes('/login'));
  } catch (err) {
    err.message += `\n  still on the sign-in page, which shows:\n${(await pageText(page)).slice(0, 2000)}`;
    throw err;
  }
  await page.waitForLoadState('load');
}

export async function screenshot(page, file) {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const target = path.join(SHOTS_DIR, file);
  await page.screenshot({ path: target, fullPage: true });
  return target;
}

before(async () => {
  run.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhenxing-browser-'));
  try {
    await startServer();
  } catch (err) {
    run.failed = true;
    throw err;
  }
  try {
    run.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    run.failed = true;
    err.message += `\n  (browser: ${CHROMIUM}; on Debian: apt-get install chromium fonts-noto-cjk, or set CHROMIUM)`;
    throw err;
  }
});

after(async () => {
  if (run.browser) await run.browser.close().catch(() => {});
  await stopServer();
  if (run.failed) {
    if (run.logPath) printServerLog('a test failed');
    process.stderr.write(`temp dir kept for inspection: ${run.tmpDir}\n`);
  } else if (run.tmpDir) {
    fs.rmSync(run.tmpDir, { recursive: true, force: true });
  }
});

