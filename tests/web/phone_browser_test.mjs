// Browser test of what a planner does on a phone (390×844), and of what must not cover what, on a
// phone and a desktop (1400×900): a real `caravan serve --port 0` and Debian's Chromium.
//   1. The options name their places. The map beside the sheet: the scale bar and the map's credits are in the window, above the
//      sheet (open and folded) and apart from each other; the chosen route is above the sheet, also
//      when a query comes back (the Back button) while the sheet was folded.
//   2. Finding places on a phone: typos get suggestions in view, with their country; a city not
//      covered says so where it can be seen; swap, a via point, the covered places, a tap on the map.
//   3. Export on a phone: CSV, GeoJSON and JSON from buttons in view, equal to the API's answer.
//   4. Transit sign-in on a phone: the key files of `caravan transit keygen` sign every actor in;
//      lodging shows the declaration in view; sign-out; what to do on 401, in view.
//   5. A phone's warnings and prices: a past departure is said above the options; 500 containers show
//      the cost of each.
//   6. The options chart 320 px wide (a comparison of 500 containers): no axis label overlaps
//      another, each inside the chart; drawn again for its new width when the window changes.
//   7. Desktop: the map legend is beside the map, not over it; the route's ends are on the map.
//      A sea shipment lists no transit declaration and offers none.
// And no page errors, no request leaves 127.0.0.1. Screenshots go to the output folder.
//
//   node tests/web/phone_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import fs from 'node:fs';
import path from 'node:path';
import { TRANSIT_COUNTRIES, createChecks, finish, launchChromium, outsideRequests, parseArgs, settled, startServer, startWatchdog, transitActors } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const XIAN = '#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08:00';

const transitDir = path.join(outDir, 'phone-transit');
fs.rmSync(transitDir, { recursive: true, force: true });
fs.mkdirSync(transitDir, { recursive: true });
const actors = transitActors(caravan, transitDir, TRANSIT_COUNTRIES);
const server = startServer(caravan, webDir, actors.serverArgs);
let browser;
const watchdog = startWatchdog('the phone browser test', 720, { server, browser: () => browser, counts });
const post = async (base, p, body) => (await fetch(`${base}${p}`, { method: 'POST', body: JSON.stringify(body) })).json();

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  page.setDefaultNavigationTimeout(90000);
  page.setDefaultTimeout(60000);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (400|401|403)/.test(m.text())) pageErrors.push(m.text()); });
  const shot = (name) => page.screenshot({ path: path.join(outDir, name) });
  const apiRoute = (body) => post(base, '/v1/route', { objectives: ['time', 'cost', 'co2'], containers: 1, depart: '2026-12-07T08:00Z', ...body });

  // A box as the page lays it out, and the tests on boxes.
  const rect = (selector) => page.evaluate((s) => {
    const e = document.querySelector(s);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  }, selector);
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const inWindow = (r, vp) => r && r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= vp.width + 0.5 && r.bottom <= vp.height + 0.5;
  // The element is shown whole inside the window, as the page left it (the test scrolls nothing).
  const inView = async (selector, vp = PHONE) => inWindow(await rect(selector), vp);
  const show = async (pane) => {
    await page.click(`.panel-tabs button[data-pane="${pane}"]`);
    await settled(page);
  };
  const shown = (from, to) => page.waitForFunction(([f, t]) => {
    const c = window.__caravan;
    const set = c?.state?.sets[0];
    return set?.result.query.from === f && set?.result.query.to === t && c.selected && c.selected.itinerary === c.state.sets[c.selected.set]?.result.itineraries[c.selected.index]
      && !document.querySelector('.route-form button[type=submit]').disabled;
  }, [from, to], { timeout: 90000 });
  // The chosen route's two ends on the screen (the map's coordinates made page coordinates).
  const routeEnds = () => page.evaluate(() => {
    const m = window.__caravan.map;
    const legs = window.__caravan.highlighted().features;
    const box = m.getContainer().getBoundingClientRect();
    return [legs[0].geometry.coordinates[0], legs.at(-1).geometry.coordinates.at(-1)].map((c) => {
      const p = m.project(c);
      return { x: box.left + p.x, y: box.top + p.y };
    });
  });
  // Waits until the route's ends are in the map above the sheet (the map is fitted again a moment
  // after the sheet changes height); false when that never comes.
  const routeAboveSheet = () => page.waitForFunction(() => {
    const m = window.__caravan.map;
    const legs = window.__caravan.highlighted().features;
    if (!legs.length) return false;
    const box = m.getContainer().getBoundingClientRect();
    const sheet = document.querySelector('.panel').getBoundingClientRect();
    return [legs[0].geometry.coordinates[0], legs.at(-1).geometry.coordinates.at(-1)].every((c) => {
      const p = m.project(c);
      return p.x >= 0 && p.x <= box.width && box.top + p.y >= box.top && box.top + p.y <= sheet.top;
    });
  }, null, { timeout: 30000 }).then(() => true, () => false);

  await page.goto(`${base}/${XIAN}`, { waitUntil: 'domcontentloaded' });
  await shown('CN_XIAN', 'UZ_TASHKENT');
  await page.waitForFunction(() => document.querySelector('.map-loading').hidden);
  const head = await page.locator('.result-set h3 small').first().innerText();
  check(/· Xi'an → Tashkent$/.test(head), 'the options name the places, not their ids', head);

  // ---- 1. The map beside the sheet ----
  async function controlsClear(when) {
    // --sheet-height follows the sheet: wait until the controls stand on it
    await page.waitForFunction(() => Math.abs(document.querySelector('.maplibregl-ctrl-bottom-left').getBoundingClientRect().bottom
      - document.querySelector('.panel').getBoundingClientRect().top) < 1, null, { timeout: 10000 }).catch(() => {});
    const [scale, credits, sheet] = [await rect('.maplibregl-ctrl-scale'), await rect('.maplibregl-ctrl-attrib'), await rect('.panel')];
    check(inWindow(scale, PHONE) && inWindow(credits, PHONE) && !overlap(scale, sheet) && !overlap(credits, sheet) && !overlap(scale, credits),
      `phone, ${when}: the scale bar and the map's credits are in the window, above the sheet and apart`, JSON.stringify({ scale, credits, sheet }));
  }
  await controlsClear('sheet open');
  check(await routeAboveSheet(), 'phone: the chosen route is above the sheet');
  await page.click('.sheet-toggle');
  await controlsClear('sheet folded');
  await shot('phone-controls-folded.png');
  await page.click('.sheet-toggle');
  // A later query, the sheet folded, then Back: the earlier query comes back with the sheet open
  // and its route fitted above it.
  await page.evaluate(() => { location.hash = '#/routes?from=CN_XIAN&to=KZ_ALMATY&depart=2026-12-07T08:00'; });
  await shown('CN_XIAN', 'KZ_ALMATY');
  await page.click('.sheet-toggle');
  await page.goBack();
  await shown('CN_XIAN', 'UZ_TASHKENT');
  check(await routeAboveSheet(), 'phone: after Back (sheet folded before), the route is fitted above the opened sheet');
  await shot('phone-after-back.png');

  // ---- 2. Finding places on a phone ----
  await show('plan');
  async function suggestionsFor(selector, text) {
    await page.fill(selector, '');
    await page.fill(selector, text);
    await page.locator(`${selector} + .suggestions li`).first().waitFor({ timeout: 10000 });
    return page.locator(`${selector} + .suggestions li`).evaluateAll((lis) => lis.map((li) => ({ id: li.dataset.id ?? null, text: li.innerText })));
  }
  const almati = await suggestionsFor('#rf-from', 'Almati');
  check(almati[0]?.id === 'KZ_ALMATY' && /Kazakhstan \(KZ\)/.test(almati[0].text) && await inView('#rf-from + .suggestions li[data-id="KZ_ALMATY"]'),
    'phone: "Almati" suggests Almaty, Kazakhstan first, in view', JSON.stringify(almati[0]));
  await shot('phone-suggestions.png');
  await page.click('#rf-from + .suggestions li[data-id="KZ_ALMATY"]');
  check(await page.evaluate(() => document.querySelector('#rf-from').dataset.placeId) === 'KZ_ALMATY', 'phone: a tap on the suggestion fills From');
  await page.click('.swap');
  check(await page.evaluate(() => [document.querySelector('#rf-from').dataset.placeId, document.querySelector('#rf-to').dataset.placeId].join()) === 'UZ_TASHKENT,KZ_ALMATY',
    'phone: swap exchanges From and To');
  await page.click('.add-via');
  const via = await suggestionsFor('#rf-via-0', 'Bishkek');
  check(via[0]?.id === 'KG_BISHKEK' && await inView('#rf-via-0 + .suggestions li[data-id="KG_BISHKEK"]'), 'phone: a via point has suggestions in view', JSON.stringify(via[0]));
  await page.click('#rf-via-0 + .suggestions li[data-id="KG_BISHKEK"]');
  await page.click('.vias .remove-via');
  await page.click('.show-covered');
  const covered = await page.evaluate(() => { const b = document.querySelector('.covered-places'); return { scroll: b.scrollWidth, client: b.clientWidth, n: b.querySelectorAll('button[data-place]').length }; });
  check(covered.n > 100 && covered.scroll <= covered.client && await inView('.show-covered'), `phone: the covered places (${covered.n}) fit the sheet's width`, JSON.stringify(covered));
  await page.click('#rf-from');
  await page.click('.covered-places button[data-place="CN_XIAN"]');
  check(await page.evaluate(() => document.querySelector('#rf-from').dataset.placeId) === 'CN_XIAN', 'phone: a covered place fills the field used last');
  await page.click('.show-covered');
  await page.fill('#rf-from', 'Toronto');
  await page.press('#rf-from', 'Escape');
  await page.click('.route-form button[type=submit]');
  await page.locator('.form-errors .problem-hint').waitFor({ timeout: 30000 });
  await settled(page);
  check(/“Toronto” is not covered/.test(await page.locator('.route-form .form-errors').innerText()) && await inView('.form-errors .problem-hint'),
    'phone: planning from "Toronto" says, in view, that the city is not covered');
  await shot('phone-not-covered.png');
  // A tap on Almaty on the map (the sheet folded so that the place is not under it) sets To.
  await page.click('.sheet-toggle');
  await settled(page);
  const almatyAt = await page.evaluate(() => {
    const m = window.__caravan.map;
    m.jumpTo({ center: [76.9115, 43.25249], zoom: 5 });
    const p = m.project([76.9115, 43.25249]);
    const box = m.getContainer().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(almatyAt.x, almatyAt.y);
  await page.locator('.place-popup[data-place="KZ_ALMATY"]').waitFor({ timeout: 10000 });
  check(await inView('.maplibregl-popup-content'), 'phone: the place\'s popup is in view');
  await page.click('.place-popup button[data-set="to"]');
  await settled(page);
  check(await page.evaluate(() => document.querySelector('#rf-to').dataset.placeId) === 'KZ_ALMATY' && await inView('#rf-to'),
    'phone: a tap on Almaty on the map sets it as To and opens the form');

  // ---- 3. Export on a phone ----
  await page.fill('#rf-from', 'CN_XIAN');
  await page.fill('#rf-to', 'UZ_TASHKENT');
  await page.press('#rf-to', 'Escape');
  await page.click('.route-form button[type=submit]');
  await shown('CN_XIAN', 'UZ_TASHKENT');
  const expected = await apiRoute({ from: 'CN_XIAN', to: 'UZ_TASHKENT' });
  async function downloaded(selector) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
  }
  await settled(page);
  check(await inView('.export-csv'), 'phone: the CSV button is in view above the options');
  const csv = await downloaded('.export-csv');
  const csvLines = csv.text.trim().split('\r\n');
  check(csvLines.length === expected.itineraries.length + 1 && csvLines.slice(1).every((l, i) => l.split(',')[6] === String(expected.itineraries[i].summary.cost_usd)),
    `phone: the CSV has a line per option with the API's costs (${csv.name})`, csvLines.slice(0, 3).join('\n'));
  await show('itinerary');
  check((await Promise.all(['.export-geojson', '.export-json', '.print'].map((s) => inView(s)))).every(Boolean), 'phone: GeoJSON, JSON and Print are in view above the itinerary');
  const json = await downloaded('.export-json');
  check(JSON.stringify(JSON.parse(json.text).itineraries) === JSON.stringify(expected.itineraries), `phone: the JSON is the API's answer (${json.name})`);
  const geo = JSON.parse((await downloaded('.export-geojson')).text);
  const legs = expected.itineraries[0].legs;
  check(geo.features.length === legs.length && geo.features.every((f, i) => f.properties.from === legs[i].from.id && f.properties.to === legs[i].to.id),
    'phone: the GeoJSON has the chosen itinerary\'s legs');
  await shot('phone-export.png');

  // ---- 4. Transit sign-in on a phone ----
  await page.locator('.pane-itinerary .declare-transit').click();
  await page.waitForFunction(() => !document.querySelector('.view[data-view="transit"]')?.hidden && document.querySelector('#td-itinerary').value);
  await page.fill('#tk-keys', actors.allKeyFiles);
  const ring = Object.keys(actors.keyFiles);
  await page.waitForFunction((n) => document.querySelectorAll('.signed-in-actors tbody tr').length === n, ring.length);
  const rows = await page.evaluate(() => [...document.querySelectorAll('.signed-in-actors tbody tr')].map((tr) => { const r = tr.getBoundingClientRect(); return { id: tr.dataset.actor, right: r.right }; }));
  check(rows.length === ring.length && rows.every((r) => ring.includes(r.id) && r.right <= PHONE.width), `phone: every actor is signed in (${rows.length}), the list as wide as the window at most`, JSON.stringify(rows));
  await shot('phone-transit-signed-in.png');
  await page.click('.decl-form button[type=submit]');
  await page.locator('.decl-id').waitFor({ timeout: 30000 });
  await settled(page);
  check(/accepted/.test(await page.locator('.decl-state').innerText()) && await inView('.decl-state'), 'phone: lodged and accepted, and the declaration is brought into view');
  await shot('phone-transit-lodged.png');
  await page.click('.signed-in button[data-sign-out="holder"]');
  check(!(await page.locator('.signed-in-actors tr[data-actor="holder"]').count()), 'phone: the holder signs out');
  await page.click('.decl-form button[type=submit]');
  await settled(page);
  check(/Nobody is signed in as the holder/.test(await page.locator('.decl-errors').innerText()) && await inView('.decl-errors .problem'),
    'phone: lodging without the holder says, in view, to sign in as the holder');
  const stranger = path.join(transitDir, 'stranger.json');
  const { execFileSync } = await import('node:child_process');
  execFileSync(caravan, ['transit', 'keygen', '--actor', 'holder', '--out', stranger], { stdio: 'ignore' });
  await page.fill('#tk-keys', fs.readFileSync(stranger, 'utf8'));
  await page.waitForFunction(() => window.__caravan.transit.actors.some((a) => a.id === 'holder'));
  await page.click('.decl-form button[type=submit]');
  await page.locator('.decl-errors .problem-hint').waitFor({ timeout: 10000 });
  await settled(page);
  const unauthorised = await page.locator('.decl-errors').innerText();
  check(/401/.test(unauthorised) && /roster/.test(unauthorised) && await inView('.decl-errors .problem-hint'), 'phone: an unregistered key file (401) says, in view, what to do', unauthorised);
  await shot('phone-transit-401.png');

  // ---- 5. A phone's warnings and prices ----
  await page.evaluate(() => { location.hash = '#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2020-01-06T08:00&containers=500'; });
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.containers === 500 && window.__caravan.selected, null, { timeout: 90000 });
  await settled(page);
  check(/in the past/.test(await page.locator('.departure-note-copy').innerText()) && await inView('.departure-note-copy'), 'phone: a past departure is said above the options');
  const firstCost = await page.locator('tr[data-set="0"][data-index="0"] td[data-label^="Cost"]').innerText();
  const cost0 = await page.evaluate(() => window.__caravan.state.sets[0].result.itineraries[0].summary.cost_usd);
  const { formatUsd } = await import(path.join(path.dirname(new URL(import.meta.url).pathname), '../../web/src/format.js'));
  check(firstCost.includes(formatUsd(cost0)) && firstCost.includes(`${formatUsd(cost0 / 500)} each`), `phone: 500 containers show the total and each one's cost (${formatUsd(cost0 / 500)})`, firstCost);

  // ---- 6. The options chart 320 px wide ----
  await page.setViewportSize({ width: 320, height: 700 });
  await page.evaluate(() => { location.hash = '#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08:00&containers=500&compare=cku-open'; });
  await page.waitForFunction(() => window.__caravan.state.sets.length === 2 && window.__caravan.selected, null, { timeout: 90000 });
  await page.locator('.results-chart').scrollIntoViewIfNeeded();
  await settled(page);
  const axisLabels = () => page.evaluate(() => {
    const svg = document.querySelector('svg.chart');
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text.tick, text.axis-label')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, x: t.classList.contains('tick') && t.getAttribute('text-anchor') === 'middle', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    return { box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width }, viewBox: svg.viewBox.baseVal.width, texts };
  });
  const chart = await axisLabels();
  const clash = chart.texts.flatMap((a, i) => chart.texts.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.text} × ${b.text}`));
  const outside = chart.texts.filter((t) => t.left < chart.box.left - 0.5 || t.right > chart.box.right + 0.5 || t.top < chart.box.top - 0.5 || t.bottom > chart.box.bottom + 0.5);
  check(chart.box.width <= 320 && chart.texts.filter((t) => t.x).length >= 2 && clash.length === 0 && outside.length === 0,
    `a comparison of 500 containers, its chart ${Math.round(chart.box.width)} px wide: no axis label overlaps another, each inside the chart (${chart.texts.map((t) => t.text).join(' ')})`,
    JSON.stringify({ clash, outside: outside.map((t) => t.text) }));
  check(chart.texts.some((t) => /^\d+(\.\d+)?M$/.test(t.text)), 'costs in millions are written as millions (M)', chart.texts.map((t) => t.text).join(' '));
  await page.locator('.results-chart').screenshot({ path: path.join(outDir, 'chart-320.png') });
  await page.setViewportSize(PHONE);
  await page.waitForFunction(() => { const s = document.querySelector('svg.chart'); return Math.abs(s.viewBox.baseVal.width - s.clientWidth) < 1; }, null, { timeout: 10000 }).catch(() => {});
  const wider = await axisLabels();
  check(Math.abs(wider.viewBox - (wider.box.right - wider.box.left)) < 1 && wider.box.width > chart.box.width, `the chart is drawn again for its new width (${Math.round(wider.box.width)} px)`, JSON.stringify(wider.box));

  // ---- 7. Desktop: the legend beside the map; a sea shipment's documents ----
  await page.setViewportSize(DESKTOP);
  await page.evaluate((h) => { location.hash = h; }, XIAN);
  await shown('CN_XIAN', 'UZ_TASHKENT');
  await settled(page);
  const [legend, canvas] = [await rect('.map-legend'), await rect('.routes-layout .map canvas')];
  const legendItems = await page.locator('.map-legend .legend-item').evaluateAll((items) => items.map((i) => { const r = i.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }; }));
  check(await page.evaluate(() => document.querySelector('.map-legend').open) && !overlap(legend, canvas) && legendItems.length === 10 && legendItems.every((r) => inWindow(r, DESKTOP)),
    'desktop: the map legend is shown whole beside the map, over none of it', JSON.stringify({ legend, canvas }));
  const ends = await routeEnds();
  check(ends.every((p) => p.x >= canvas.left && p.x <= canvas.right && p.y >= canvas.top && p.y <= canvas.bottom), 'desktop: the chosen route\'s ends are on the map', JSON.stringify({ ends, canvas }));
  await shot('desktop-legend.png');
  const sea = await apiRoute({ from: 'CN_SHANGHAI', to: 'NL_ROTTERDAM' });
  const bySea = sea.itineraries.findIndex((it) => it.legs.every((l) => l.mode === 'sea'));
  check(bySea >= 0 && sea.itineraries[bySea].legs.every((l) => !l.documents.includes('Transit declaration')), 'the API lists no transit declaration for a shipment by sea');
  await page.evaluate(() => { location.hash = '#/routes?from=CN_SHANGHAI&to=NL_ROTTERDAM&depart=2026-12-07T08:00'; });
  await shown('CN_SHANGHAI', 'NL_ROTTERDAM');
  await page.click(`tr[data-set="0"][data-index="${bySea}"]`);
  await page.waitForFunction((i) => window.__caravan.selected?.index === i, bySea);
  const docs = await page.locator('.itinerary ul.documents > li').allInnerTexts();
  check(JSON.stringify(docs) === '["Bill of lading"]' && await page.locator('.itinerary .declare-transit').count() === 0 && await page.locator('.itinerary .no-transit').isVisible(),
    'a shipment by sea lists the bill of lading alone and offers no transit declaration', JSON.stringify(docs));

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outsideUrls = outsideRequests(requests);
  check(requests.length > 0 && outsideUrls.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outsideUrls.join('\n'));
};
await finish('the phone browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
