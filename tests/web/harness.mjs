// Shared pieces of the browser tests: arguments, a real `caravan serve --port 0`, Debian's
// Chromium through playwright-core, numbered ok/FAIL checks, and the end every test shares.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is a dev dependency of web/ (tests/ has no node_modules of its own).
const { chromium } = createRequire(path.join(root, 'web/package.json'))('playwright-core');

export function parseArgs(argv = process.argv.slice(2)) {
  const args = Object.fromEntries(argv.reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
  const outDir = args.out ?? path.join(root, 'build/web-test');
  fs.mkdirSync(outDir, { recursive: true });
  return { caravan: args.caravan ?? path.join(root, 'build/caravan'), webDir: args.web ?? path.join(root, 'web/dist'), outDir };
}

export function createChecks() {
  const startedAt = Date.now();
  const counts = { passes: 0, failures: 0 };
  const check = (ok, what, detail = '') => {
    if (ok) counts.passes++;
    else counts.failures++;
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(5);
    console.log(`${seconds} s ${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `: ${detail}` : ''}`);
  };
  return { check, counts };
}

// Starts the server on a free port; `started` resolves with its base URL once it logs where it listens.
export function startServer(caravan, web, extraArgs = []) {
  const proc = spawn(caravan, ['serve', '--port', '0', '--threads', '8', '--web', web, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`caravan serve did not start in 30 s:\n${log}`)), 30000);
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      // the line after "listening" says where the web map is, or that it is not built
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1\/.*\n.*web map.*\n/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`caravan serve exited with ${code}:\n${log}`)));
  });
  return { proc, started, log: () => log };
}

// SIGTERM, then the exit code (or 'timeout' after 10 s, when the server is killed).
export async function stopServer(server) {
  const exited = new Promise((resolve) => server.proc.once('exit', (code) => resolve(code)));
  server.proc.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 10000))]);
  if (code === 'timeout') server.proc.kill('SIGKILL');
  return code;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Requests to anything but 127.0.0.1 (data: and blob: URLs are local).
export const outsideRequests = (urls) => urls.filter((u) => !/^(data:|blob:)/.test(u) && new URL(u).hostname !== '127.0.0.1');

// Transit actors as a deployment has them: each makes its own key file with `caravan transit
// keygen` (holder and the customs of `countries`), the server gets only the roster of their
// public keys (and makes its own countersigning key). Returns the server's flags, each actor's
// key file and all key files one after another (what a page's sign-in takes).
export function transitActors(caravan, dir, countries) {
  const roster = path.join(dir, 'roster.json');
  const keyFiles = {};
  for (const id of ['holder', ...countries.map((c) => `customs-${c}`)]) {
    keyFiles[id] = path.join(dir, 'actors', `${id}.json`);
    execFileSync(caravan, ['transit', 'keygen', '--actor', id, '--out', keyFiles[id], '--add-to', roster], { stdio: 'ignore' });
  }
  const serverArgs = ['--transit-roster', roster, '--transit-server-key', path.join(dir, 'server-key.json'),
    '--transit-store', `sqlite:${path.join(dir, 'transit.db')}`];
  const read = (id) => JSON.parse(fs.readFileSync(keyFiles[id], 'utf8'));
  const allKeyFiles = Object.keys(keyFiles).map((id) => fs.readFileSync(keyFiles[id], 'utf8')).join('\n');
  return { roster, keyFiles, serverArgs, read, allKeyFiles };
}

// The countries a transit test's route may cross.
export const TRANSIT_COUNTRIES = ['CN', 'KZ', 'KG', 'UZ', 'TJ', 'TM', 'RU', 'MN', 'AF', 'IR'];

// Stops a test that hangs: after `seconds` it says so, kills the server and the browser
// (`browser()`, as the test left it) and exits 1.
export function startWatchdog(name, seconds, { server, browser, counts }) {
  return setTimeout(() => {
    console.log(`FAIL ${name} took longer than ${seconds} s`);
    console.log(`${counts.passes} passed, ${counts.failures + 1} failed`);
    server.proc.kill('SIGKILL');
    browser()?.close().finally(() => process.exit(1));
    setTimeout(() => process.exit(1), 3000).unref();
  }, seconds * 1000);
}

// Two animation frames: what the page changed has been laid out and painted.
export const settled = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// The end every browser test shares. Runs the test's `body` (an async function); an exception
// that escapes it is a failure ("<name> ran to the end"). Then, whatever happened: the browser
// (`browser()`, as the body left it) closes, the server must stop cleanly on SIGTERM, the
// watchdog is cleared, the counts are printed and the process exits 1 when anything failed.
export async function finish(name, body, { browser, server, watchdog, check, counts, outDir }) {
  try {
    await body();
  } catch (e) {
    check(false, `${name} ran to the end`, e.stack);
  }
  await browser()?.close();
  const code = await stopServer(server);
  check(code === 0 && server.log().includes('caravan serve: stopped'), 'caravan serve stops cleanly on SIGTERM', `exit ${code}`);
  clearTimeout(watchdog);
  console.log(`screenshots in ${outDir}`);
  console.log(`${counts.passes} passed, ${counts.failures} failed`);
  process.exit(counts.failures === 0 ? 0 : 1);
}
