// Browser test of the border simulation, transit and flow views: a real `caravan serve --port 0`
// (with its own transit roster, actors' key files and store in the output folder) and Debian's Chromium.
//   1. Border simulation: Khorgos road at two capacities; the charts hold exactly the API's numbers
//      and the larger capacity waits less.
//      Measured inputs: a service-times file (all 0.4 h) gives the exit control a mean of exactly
//      0.4 h; a malformed profile file is refused with its line and nothing is sent.
//   2. Transit: Xi'an → Tashkent planned on the Routes view, "Declare transit" on the chosen
//      itinerary, lodged and signed in the page with the holder's key file, then every leg started,
//      terminated and discharged by its country's customs (each signing with its own key file) to
//      the end state; the audit chain shown with its signatures checked, and verified by
//      `caravan transit verify --roster`.
//   3. Flow layer: the toggle draws the loads of POST /v1/analysis/assign.
// And no request leaves 127.0.0.1.
//
//   node tests/web/views_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TRANSIT_COUNTRIES, createChecks, finish, launchChromium, outsideRequests, parseArgs, startServer, startWatchdog, transitActors } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const transitDir = path.join(outDir, 'views-transit');
fs.rmSync(transitDir, { recursive: true, force: true });
fs.mkdirSync(transitDir, { recursive: true });
const actors = transitActors(caravan, transitDir, TRANSIT_COUNTRIES);


const server = startServer(caravan, webDir, actors.serverArgs);
let browser;
const watchdog = startWatchdog('the views browser test', 400, { server, browser: () => browser, counts });
const post = async (base, p, body) => (await fetch(`${base}${p}`, { method: 'POST', body: JSON.stringify(body) })).json();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  // A loaded 2-core machine takes many seconds for the first load (the map and the countries chunk).
  page.setDefaultNavigationTimeout(90000);
  page.setDefaultTimeout(60000);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const sent = []; // POST bodies the page sent to the API
  page.on('request', (r) => { if (r.method() === 'POST') sent.push({ url: r.url(), body: r.postDataJSON() }); });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The hours and transit steps provoke a 400 and a 409 on purpose; Chromium logs them as console errors.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|409)/.test(m.text())) pageErrors.push(m.text());
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
  // x: days since the start of the simulated period (the series' own calendar means nothing to a planner)
  const days = (t) => t.map((x) => (x - t[0]) / 86400);
  check(same(first.charts[0].queue.slice(0, 4), [days(d1.queue_series.t), d1.queue_series.waiting_mean, d1.queue_series.waiting_p10, d1.queue_series.waiting_p90]),
    'run 1: the queue chart holds the API\'s queue series, in days since the start');
  const h1 = d1.wait_histogram;
  // The waiting-time chart is the histogram summed up: at the end of bin i, the shares of bins 0..i.
  const cumulative = (h) => h.share.reduce((acc, s) => [...acc, acc.at(-1) + s], [0]);
  const c1 = cumulative(h1);
  check(first.charts[0].wait[0].length === c1.length && c1.every((c, i) => first.charts[0].wait[0][i] === (i === 0 ? 0 : i * h1.bin_h) && first.charts[0].wait[1][i] === c),
    'run 1: the waiting-time chart holds the API\'s histogram (cumulative share at each bin edge)');
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
  check(cumulative(h2).every((c, i) => { const k = x2.indexOf(i === 0 ? 0 : i * h2.bin_h); return k >= 0 && second.charts[0].wait[1][k] === c; }),
    'run 2: the waiting-time chart holds this run\'s histogram');
  check(d2.wait_h.mean.mean < d1.wait_h.mean.mean, `capacity 800 waits less than 600 (${d2.wait_h.mean.mean.toFixed(2)} h < ${d1.wait_h.mean.mean.toFixed(2)} h)`);
  const stations = await page.locator('.sim-stations tbody tr').count();
  check(stations === d2.stations.length, `utilisation is listed for every station (${stations})`);
  await page.screenshot({ path: path.join(outDir, 'simulate.png') });
  // Opening hours the server cannot parse: its 400 is shown with the pointer, the runs stay.
  await page.fill('#sf-hours', 'Mo-Zz 25:00');
  await page.click('.sim-form button[type=submit]');
  await page.locator('.sim-form .problem').waitFor({ timeout: 10000 });
  const hoursProblem = await page.locator('.sim-form .problem').innerText();
  check(/\(400\)/.test(hoursProblem) && /\bhours\b/.test(hoursProblem) && await page.evaluate(() => window.__caravan.border.runs.length) === 2,
    'unparsable opening hours show the 400 with its pointer /hours', hoursProblem);

  // Measured inputs (border-simulator.md §1.1), uploaded as CSV files like the CLI's.
  await page.fill('#sf-hours', '');
  const simulateBodies = () => sent.filter((r) => r.url.endsWith('/v1/simulate')).map((r) => r.body);
  const csvFile = (name, lines) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  const summaryOf = (id) => page.locator(`.measured-input:has(#${id}) .measured-summary`).innerText();
  // Service times all 0.4 h: the first side's exit control then has a mean control time of exactly
  // 0.4 h (the server averages in extended precision, so 50 × 0.4 gives 0.4 back).
  await page.setInputFiles('#sf-service', csvFile('exit-times.csv', ['hours', ...Array(50).fill('0.4')]));
  await page.waitForFunction(() => window.__caravan.border.inputs.service_times_h?.values);
  const serviceSummary = await summaryOf('sf-service');
  check(serviceSummary === 'exit-times.csv: 50 times, mean 0.4 h', 'the service-times file is summarised', serviceSummary);
  const before = simulateBodies().length;
  await page.click('.sim-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.border.runs.at(-1)?.request.service_times_h !== undefined);
  const measuredRun = await page.evaluate(() => {
    const r = window.__caravan.border.runs.at(-1);
    return { request: r.request, stations: r.result.directions[0].stations.map((x) => ({ name: x.name, service_mean_h: x.service_mean_h })), service_times: r.result.parameters.service_times };
  });
  const measuredBodies = simulateBodies().slice(before);
  check(measuredBodies.length === 1 && same(measuredBodies[0].service_times_h, Array(50).fill(0.4)) && !('arrival_profile' in measuredBodies[0]),
    'the request sent to /v1/simulate carries service_times_h (and no arrival_profile)', JSON.stringify(measuredBodies.map((b) => Object.keys(b))));
  const exit = measuredRun.stations[0];
  check(/exit/.test(exit.name) && exit.service_mean_h === 0.4 && same(measuredRun.service_times, { count: 50, mean_h: 0.4 }),
    `the first side's exit control runs on the measured times: ${exit.name} service_mean_h ${exit.service_mean_h}`, JSON.stringify(measuredRun));
  const shownMean = await page.locator('.sim-stations tbody tr[data-station="0"] td[data-service-mean]').innerText();
  check(shownMean === '0.4 h', `the station table shows the measured control time (${shownMean})`, shownMean);
  // A malformed profile (hour 3 twice): its line-numbered error is shown and nothing is sent.
  const profileRows = ['hour_of_week,weight', ...Array.from({ length: 168 }, (_, h) => `${h},1`)];
  await page.setInputFiles('#sf-profile', csvFile('bad-profile.csv', profileRows.map((r, i) => (i === 3 ? '3,1' : r))));
  await page.waitForFunction(() => window.__caravan.border.inputs.arrival_profile?.error);
  const sentBefore = simulateBodies().length;
  const runsBefore = await page.evaluate(() => window.__caravan.border.runs.length);
  await page.click('.sim-form button[type=submit]');
  await page.waitForTimeout(300); // a request would have been issued synchronously by the click
  const profileError = await page.locator('.sim-form .form-errors').innerText();
  check(profileError.includes('arrival_profile bad-profile.csv line 5: hour_of_week 3 is given twice (first on line 4)')
    && (await summaryOf('sf-profile')).includes('line 5: hour_of_week 3 is given twice')
    && simulateBodies().length === sentBefore && await page.evaluate(() => window.__caravan.border.runs.length) === runsBefore,
    'a malformed profile shows its line-numbered error and no request is sent', profileError);
  // A good profile whose weight lies only when the sides are shut: the server's 400 names /arrival_profile.
  await page.setInputFiles('#sf-profile', csvFile('sunday-only.csv', profileRows.map((r, i) => (i === 0 ? r : `${i - 1},${i - 1 === 150 ? 1 : 0}`))));
  await page.waitForFunction(() => window.__caravan.border.inputs.arrival_profile?.values);
  await page.fill('#sf-hours', 'Mo-Fr 08:00-20:00');
  await page.click('.sim-form button[type=submit]');
  await page.locator('.sim-form .form-errors .problem:has-text("(400)")').waitFor({ timeout: 10000 });
  const profileProblem = await page.locator('.sim-form .form-errors').innerText();
  check(/\barrival_profile\b/.test(profileProblem) && simulateBodies().at(-1).arrival_profile?.length === 168 && (await summaryOf('sf-profile')) === 'sunday-only.csv: 168 hours, peak Sun 06:00',
    "the server's 400 on the profile is shown with its pointer /arrival_profile", profileProblem);
  // Cleared, and with rail chosen, the profile is not sent.
  await page.click('.measured-input:has(#sf-profile) .measured-clear');
  await page.selectOption('#sf-mode', 'rail');
  check(await page.locator('#sf-profile').isDisabled() && (await summaryOf('sf-profile')).includes('not used for rail')
    && await page.evaluate(() => window.__caravan.border.inputs.arrival_profile === undefined), 'the profile is cleared and disabled for rail');
  await page.selectOption('#sf-mode', 'road');
  await page.fill('#sf-hours', '');

  // ---- 3. Flow layer (on the Routes map) ----
  await page.goto(`${base}/#/routes`);
  await page.waitForFunction(() => window.__caravan?.loaded !== undefined);
  await page.evaluate(() => window.__caravan.loaded);
  await page.check('#flow-toggle');
  await page.waitForFunction(() => window.__caravan.flow.features !== null, null, { timeout: 30000 });
  // The layer turns visible only after its data is set (showFlow awaits setData first): wait for
  // that too, so a loaded machine does not read the visibility in between; the check below fails
  // if it never comes.
  await page.waitForFunction(() => window.__caravan.map.getLayoutProperty('flow-line', 'visibility') === 'visible', null, { timeout: 10000 })
    .catch(() => {});
  const flow = await page.evaluate(async () => ({
    request: window.__caravan.flow.request,
    source: (await window.__caravan.map.getSource('flow').getData()).features.map((f) => f.properties),
    visible: window.__caravan.map.getLayoutProperty('flow-line', 'visibility'),
  }));
  const assigned = await post(base, '/v1/analysis/assign', flow.request);
  const pick = (x) => [x.kind, x.id, x.from, x.to, x.teu_per_day, x.utilisation ?? null, Boolean(x.saturated)];
  check(flow.request.demand.length === 7 && assigned.loads.length > 0 && same(flow.source.map(pick), assigned.loads.map(pick)),
    `the flow source holds every load of POST /v1/analysis/assign (${flow.source.length} loads, ${flow.source.filter((f) => f.saturated).length} saturated)`,
    `${flow.source.length} features, ${assigned.loads.length} loads`);
  check(flow.visible === 'visible', 'the flow layer is shown when toggled on');
  await page.screenshot({ path: path.join(outDir, 'flow.png') });
  await page.uncheck('#flow-toggle');
  check(await page.evaluate(() => window.__caravan.map.getLayoutProperty('flow-line', 'visibility')) === 'none', 'the toggle hides the flow layer');

  // ---- 2. Transit: Xi'an → Tashkent planned, declared, every leg to discharge ----
  async function choosePlace(selector, text, expectedId) {
    await page.fill(selector, text);
    const item = page.locator(`${selector} + .suggestions li[data-id="${expectedId}"]`);
    await item.waitFor({ timeout: 10000 });
    await item.dispatchEvent('mousedown');
  }
  await choosePlace('#rf-from', "xi'an", 'CN_XIAN');
  await choosePlace('#rf-to', 'tashk', 'UZ_TASHKENT');
  await page.fill('#rf-depart', '2026-12-07T08:00');
  await page.click('.route-form button[type=submit]');
  await page.locator('.declare-transit').waitFor({ timeout: 20000 });
  await page.click('.declare-transit');
  await page.waitForFunction(() => location.hash === '#/transit' && document.querySelector('#td-itinerary')?.value.length > 0);
  // The same skeleton from the CLI: `caravan route … --declare FILE` (itinerary #1, same query).
  const skeletonFile = path.join(transitDir, 'skeleton.json');
  execFileSync(caravan, ['route', 'CN_XIAN', 'UZ_TASHKENT', '--depart', '2026-12-07T08:00Z', '--declare', skeletonFile], { stdio: 'ignore' });
  const skeleton = JSON.parse(fs.readFileSync(skeletonFile, 'utf8'));
  const pageItinerary = await page.evaluate(() => document.querySelector('#td-itinerary').value);
  const pageOffices = pageItinerary.split('\n').map((l) => l.replace(/#.*$/, '').trim().split(',').map((x) => x.trim()));
  const norm = (o) => [o.office, o.mode, o.transshipment ?? ''];
  check(same(pageOffices.map(([office, mode, note]) => norm({ office, mode, transshipment: note })), skeleton.itinerary.map(norm)),
    `the declared itinerary is the one of caravan route --declare (${skeleton.itinerary.map((o) => o.office).join(' ')})`, pageItinerary);

  // Every actor signs in with its own key file; the page signs each message with it.
  const holderKey = actors.read('holder').api_key;
  await page.fill('#tk-keys', actors.allKeyFiles);
  await page.waitForFunction((n) => window.__caravan.transit.actors.length === n, Object.keys(actors.keyFiles).length);
  await page.click('.decl-form button[type=submit]');
  await page.locator('.decl-id').waitFor({ timeout: 10000 });
  const id = await page.locator('.decl-id').innerText();
  const asHolder = async () => (await fetch(`${base}/v1/transit/declarations/${id}`, { headers: { Authorization: `Bearer ${holderKey}` } })).json();
  let declared = await asHolder();
  const legs = declared.legs;
  check(declared.state === 'accepted' && legs.length >= 2 && await page.locator('.transit-legs tbody tr').count() === legs.length,
    `the declaration is accepted with one row per country leg (${legs.map((l) => l.country).join(' → ')})`);

  // Terminate before start: 409 with code 213 and its pointer, shown in the page.
  await page.click(`.transit-legs tr[data-leg="1"] button[data-event="terminate"]`);
  await page.locator('.event-errors .problem').waitFor({ timeout: 10000 });
  const problem = await page.locator('.event-errors .problem').innerText();
  check(/\(409\)/.test(problem) && /213/.test(problem) && /\btype\b/.test(problem), 'terminate before start shows 409, code 213 and the pointer', problem);

  const legState = (n) => page.locator(`.transit-legs tr[data-leg="${n}"] .leg-state`).innerText();
  let inOrder = true;
  for (const leg of legs)
    for (const [event, after] of [['start', 'started'], ['terminate', 'terminated'], ['discharge', 'discharged']]) {
      await page.click(`.transit-legs tr[data-leg="${leg.number}"] button[data-event="${event}"]`);
      await page.waitForFunction(([n, s]) => document.querySelector(`.transit-legs tr[data-leg="${n}"] .leg-state`)?.innerText === s, [leg.number, after], { timeout: 10000 });
      inOrder &&= (await legState(leg.number)) === after;
    }
  declared = await asHolder();
  check(inOrder && declared.state === 'discharged' && declared.guarantee.status === 'released' && declared.legs.every((l) => l.state === 'discharged'),
    'every leg started, terminated and discharged by its customs: the declaration is discharged, the guarantee released');
  check(await page.locator('.decl-state').innerText() === 'discharged', 'the page shows the end state');
  const audit = (await (await fetch(`${base}/v1/transit/declarations/${id}/audit`, { headers: { Authorization: `Bearer ${holderKey}` } })).text()).trim().split('\n').slice(1).map((l) => JSON.parse(l));
  const shownAudit = await page.evaluate(() => window.__caravan.transit.audit);
  check(audit.length === 1 + 3 * legs.length && same(shownAudit.entries.map((e) => e.hash), audit.map((e) => e.hash)) && shownAudit.verified,
    `the audit chain shows the export's ${audit.length} entries, hashes and links checked`);
  check(await page.locator('.transit-audit tbody tr').count() === audit.length, 'the audit table lists every entry');
  check(shownAudit.entries.every((e) => e.senderOk === true && e.countersignatureOk === true)
    && (await page.locator('.transit-audit td.signed').allInnerTexts()).every((t) => t === '✓ · ✓'),
  'the page checks each entry\'s sender signature and the server\'s countersignature (Ed25519 in the browser)');
  check(shownAudit.headOk === true && shownAudit.header.head.sequence === audit.length && shownAudit.header.head.hash === audit.at(-1).hash
    && JSON.stringify(shownAudit.header.head) === JSON.stringify(declared.audit_head),
  'the export\'s header carries the head the server signed, the same as the declaration\'s audit_head, checked in the browser', JSON.stringify(shownAudit.header.head));
  // The chain of messages signed in the page verifies with the CLI against the published roster:
  // every sender's signature with its registered key, every entry countersigned by the server.
  const chainFile = path.join(transitDir, 'chain.jsonl');
  const rosterFile = path.join(transitDir, 'public-roster.json');
  fs.writeFileSync(chainFile, await (await fetch(`${base}/v1/transit/declarations/${id}/audit`, { headers: { Authorization: `Bearer ${holderKey}` } })).text());
  const headFile = path.join(transitDir, 'head.json');
  fs.writeFileSync(headFile, JSON.stringify(declared.audit_head));
  fs.writeFileSync(rosterFile, await (await fetch(`${base}/v1/transit/roster`, { headers: { Authorization: `Bearer ${holderKey}` } })).text());
  let verified = '';
  try {
    verified = execFileSync(caravan, ['transit', 'verify', chainFile, '--roster', rosterFile, '--head', headFile], { encoding: 'utf8' });
  } catch (err) {
    verified = `${err.stdout ?? ''}${err.message}`;
  }
  check(verified === `${chainFile}: chain of ${audit.length} entries of declaration ${id} verifies (0 withheld, every key in the roster ${rosterFile}, complete up to its head ${audit.length})\n`,
    'the messages signed in the page verify with caravan transit verify --roster (senders\' keys and the server\'s countersignature)', verified);
  await page.screenshot({ path: path.join(outDir, 'transit.png'), fullPage: true });

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outside = outsideRequests(requests);
  check(requests.length > 0 && outside.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outside.join('\n'));
};
await finish('the views browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
