// Browser test of the web map: starts a real `caravan serve --port 0` serving the built app,
// drives Debian's Chromium with playwright-core, plans Xi'an → Tashkent, checks the options, the
// highlighted itinerary on the map, the timeline, a scenario comparison and an unknown-place
// error, asserts that no request left 127.0.0.1, and saves screenshots.
//
//   node tests/web/map_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import path from 'node:path';
import { createChecks, finish, launchChromium, outsideRequests, parseArgs, root, startServer as startCaravan, startWatchdog } from './harness.mjs';

const { formatDelta, formatUsd } = await import(path.join(root, 'web/src/format.js'));
const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();

// Resolves when the map has drawn everything it has (a repaint is asked for, so an already idle
// map answers too).
function mapIdle(page) {
  return page.evaluate(() => new Promise((resolve) => {
    window.__caravan.map.once('idle', resolve);
    window.__caravan.map.triggerRepaint();
  }));
}

const startServer = (web = webDir) => startCaravan(caravan, web);

// A hung step must not hang ctest: after 400 s (a loaded machine takes ~60 s, a very busy one minutes) the test fails and cleans up.

const server = startServer();
let browser;
const watchdog = startWatchdog('the browser test', 400, { server, browser: () => browser, counts });
const test = async () => {
  const base = await server.started;
  check(server.log().includes(`web map at ${base}/`), 'caravan serve logs the web map URL', server.log());

  // Without a built app, / says how to build it and the API still answers.
  const missing = path.join(outDir, 'no-such-dist');
  const unbuilt = startServer(missing);
  try {
    const unbuiltBase = await unbuilt.started;
    const page = await fetch(`${unbuiltBase}/`);
    const text = await page.text();
    check(page.status === 503 && text.includes(missing) && text.includes('scripts/build-web') && unbuilt.log().includes(`web map not built in ${missing}`),
      'without a built app, GET / answers 503 naming the folder and the build command', `${page.status} ${text.slice(0, 200)}`);
    check((await fetch(`${unbuiltBase}/v1/health`)).status === 200, 'without a built app the API still answers');
  } finally {
    unbuilt.proc.kill('SIGTERM');
  }

  const index = await fetch(`${base}/`);
  const indexHtml = await index.text();
  check(index.status === 200 && indexHtml.includes('<div id="status"') && index.headers.get('cache-control') === 'no-cache', 'GET / serves the built index.html');
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
  const assetRes = asset ? await fetch(`${base}${asset}`) : null;
  check(assetRes?.status === 200 && assetRes.headers.get('content-type') === 'text/javascript' && /immutable/.test(assetRes.headers.get('cache-control')),
    'hashed assets are served as JavaScript and cached for good', `${asset} ${assetRes?.status} ${assetRes?.headers.get('content-type')}`);

  browser = await launchChromium();
  // Reduced motion: MapLibre jumps instead of animating, which saves many SwiftShader frames.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  // A loaded 2-core machine takes many seconds for the first load (the map and the countries chunk).
  page.setDefaultNavigationTimeout(90000);
  page.setDefaultTimeout(60000);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The unknown-place step below asks for a 400 on purpose; Chromium logs that as a console error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) pageErrors.push(m.text());
  });

  await page.goto(`${base}/#/routes`);
  await page.waitForFunction(() => window.__caravan !== undefined);
  await page.evaluate(() => window.__caravan.loaded);
  await page.waitForFunction(async () => (await window.__caravan.map.getSource('network').getData()).features.length > 0);
  const networkCount = await page.evaluate(async () => (await window.__caravan.map.getSource('network').getData()).features.length);
  const health = await (await fetch(`${base}/v1/health`)).json();
  check(networkCount === health.nodes + health.links + health.crossings, 'the map shows every node, link and crossing of GET /v1/network',
    `${networkCount} features, health ${JSON.stringify(health)}`);
  await page.waitForFunction(() => document.querySelectorAll('#rf-scenario option').length > 1);
  check(!(await page.locator('.results').isVisible()) && !(await page.locator('.itinerary').isVisible()), 'before planning, no results panel is shown');
  check(await page.locator('#rf-scenario option').count() === health.scenarios + 1, 'the scenario list has baseline + every scenario');

  // From/to through the autocomplete.
  async function choosePlace(selector, text, expectedId) {
    await page.fill(selector, text);
    const item = page.locator(`${selector} + .suggestions li[data-id="${expectedId}"]`);
    await item.waitFor({ timeout: 60000 });
    await item.dispatchEvent('mousedown');
    return page.evaluate((s) => document.querySelector(s).dataset.placeId, selector);
  }
  check(await choosePlace('#rf-from', "xi'an", 'CN_XIAN') === 'CN_XIAN', 'autocomplete finds Xi\'an');
  check(await choosePlace('#rf-to', 'tashk', 'UZ_TASHKENT') === 'UZ_TASHKENT', 'autocomplete finds Tashkent');
  await page.fill('#rf-depart', '2026-12-07T08:00');
  await page.click('button[type=submit]');
  await page.locator('tr[data-set="0"]').first().waitFor({ timeout: 60000 });

  // The same query straight from the API: the page must show exactly its options.
  const body = { from: 'CN_XIAN', to: 'UZ_TASHKENT', objectives: ['time', 'cost', 'co2'], containers: 1, depart: '2026-12-07T08:00Z' };
  const expected = await (await fetch(`${base}/v1/route`, { method: 'POST', body: JSON.stringify(body) })).json();
  const rows = await page.locator('tr[data-set="0"]').count();
  check(rows >= 1 && rows === expected.itineraries.length, 'the table lists every itinerary of POST /v1/route', `${rows} rows, API ${expected.itineraries.length}`);
  check(await page.locator('svg.chart .point').count() === expected.itineraries.length, 'the chart has one point per itinerary');

  // The map highlights the chosen itinerary: one feature per leg, along the leg's planned line.
  async function highlighted() {
    await page.waitForFunction(() => window.__caravan.selected !== null);
    return page.evaluate(async () => ({
      features: (await window.__caravan.map.getSource('highlight').getData()).features,
      selected: window.__caravan.selected,
    }));
  }
  function checkHighlight({ features, selected }, itinerary, label) {
    const legs = itinerary.legs;
    check(features.length === legs.length && features.every((f, i) => f.properties.from === legs[i].from.id && f.properties.to === legs[i].to.id && f.properties.mode === legs[i].mode),
      `${label}: the highlight layer holds the itinerary's legs`, JSON.stringify(features.map((f) => f.properties)));
    check(features.every((f, i) => f.properties.drawn_from === 'geometry' && JSON.stringify(f.geometry.coordinates) === JSON.stringify(legs[i].geometry.coordinates)),
      `${label}: each highlighted leg is drawn along the line the server planned`, JSON.stringify(features.map((f) => f.properties.drawn_from)));
    check(JSON.stringify(selected.itinerary.summary) === JSON.stringify(itinerary.summary), `${label}: the selection is that itinerary`);
  }
  checkHighlight(await highlighted(), expected.itineraries[0], 'option 1');
  await mapIdle(page);
  const rendered = await page.evaluate(() => window.__caravan.map.queryRenderedFeatures({ layers: ['route-line'] }).length);
  check(rendered > 0, 'the highlighted route is drawn on the map');
  check(await page.locator('.itinerary ol.legs > li').count() === expected.itineraries[0].legs.length, 'the timeline lists every leg');
  const docs = [...new Set(expected.itineraries[0].legs.flatMap((l) => l.documents))];
  check(await page.locator('.itinerary ul.documents > li').count() === docs.length, 'the itinerary lists its documents');

  const last = expected.itineraries.length - 1;
  if (last > 0) {
    await page.click(`tr[data-set="0"][data-index="${last}"]`);
    await page.waitForFunction((i) => window.__caravan.selected.index === i, last);
    checkHighlight(await highlighted(), expected.itineraries[last], `option ${last + 1}`);
  }
  await mapIdle(page);
  await page.screenshot({ path: path.join(outDir, 'map.png') });

  // A crossing popup shows hours, processing times and the gauge break.
  const khorgos = await page.evaluate(() => {
    const f = window.__caravan.map.queryRenderedFeatures({ layers: ['crossings'] }).find((x) => x.properties.id === 'khorgos-altynkol');
    if (!f) return null;
    const p = window.__caravan.map.project(f.geometry.coordinates);
    const box = window.__caravan.map.getContainer().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  if (khorgos) {
    await page.mouse.click(khorgos.x, khorgos.y);
    const popup = page.locator('.crossing-popup', { hasText: 'Khorgos-Altynkol (rail)' });
    await popup.waitFor({ timeout: 30000 });
    const text = await popup.innerText();
    check(/Khorgos/.test(text) && /median/.test(text) && /p90/.test(text) && /Gauge break\s+yes/.test(text) && /Hours/.test(text),
      'the Khorgos–Altynkol popup shows hours, median/p90 and the gauge break', text);
    await mapIdle(page);
    await page.screenshot({ path: path.join(outDir, 'crossing-popup.png') });
    await page.locator('.maplibregl-popup-close-button').click();
  } else {
    check(false, 'the Khorgos–Altynkol crossing is on screen');
  }

  // Scenario comparison: baseline and cku-open (the China–Kyrgyzstan–Uzbekistan railway open) side by side.
  await page.selectOption('#rf-compare', 'cku-open');
  await page.click('button[type=submit]');
  await page.locator('tr[data-set="1"]').first().waitFor({ timeout: 60000 });
  const scenarioExpected = await (await fetch(`${base}/v1/route`, { method: 'POST', body: JSON.stringify({ ...body, scenario: 'cku-open' }) })).json();
  check(await page.locator('tr[data-set="1"]').count() === scenarioExpected.itineraries.length, 'the comparison lists the scenario\'s itineraries');
  check(await page.locator('.comparison tbody tr').count() === 5, 'the comparison table has fastest, cheapest, greenest, safest, options');
  const cheapest = (r) => Math.min(...r.itineraries.map((it) => it.summary.cost_usd));
  const cheapestRow = await page.locator('.comparison tbody tr', { hasText: 'Cheapest' }).innerText();
  const delta = formatDelta(cheapest(scenarioExpected) - cheapest(expected), formatUsd);
  check(cheapestRow.split('\t').map((c) => c.trim()).join('|') === ['Cheapest', formatUsd(cheapest(expected)), formatUsd(cheapest(scenarioExpected)), delta].join('|'),
    `the comparison shows the cheapest of each side and the difference (${delta})`, cheapestRow);
  await page.screenshot({ path: path.join(outDir, 'compare.png') });

  // An unknown place: the problem's detail and its candidates are shown; a candidate fills the field.
  await page.selectOption('#rf-compare', '');
  await page.fill('#rf-from', 'Xia');
  await page.press('#rf-from', 'Escape');
  await page.click('button[type=submit]');
  const problem = page.locator('.form-errors .problem');
  await problem.waitFor({ timeout: 60000 });
  const problemText = await problem.innerText();
  check(/Unknown or ambiguous place/.test(problemText) && /from/.test(problemText), 'an unknown place shows the problem with its field', problemText);
  const candidate = page.locator('.form-errors .candidates button[data-id="CN_XIAN"]');
  check(await candidate.count() === 1, 'the unknown place lists Xi\'an as a candidate');
  await candidate.click();
  check(await page.evaluate(() => document.querySelector('#rf-from').dataset.placeId) === 'CN_XIAN', 'choosing the candidate fills From');

  // Avoiding a whole border (a country pair): Xi'an → Tashkent then never crosses China–Kazakhstan.
  await page.fill('#rf-avoid-crossings', 'CN-KZ');
  await page.click('button[type=submit]');
  const avoidBody = { ...body, avoid_crossings: ['CN-KZ'] };
  const avoidExpected = await (await fetch(`${base}/v1/route`, { method: 'POST', body: JSON.stringify(avoidBody) })).json();
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-set="0"]').length === n && !document.querySelector('.form-errors .problem'),
    avoidExpected.itineraries.length, { timeout: 60000 }).catch(() => {});
  const crossesCnKz = (it) => it.summary.countries.some((c, i) => (c === 'CN' && it.summary.countries[i + 1] === 'KZ'));
  check(avoidExpected.itineraries.length > 0 && !avoidExpected.itineraries.some(crossesCnKz)
    && await page.locator('tr[data-set="0"]').count() === avoidExpected.itineraries.length,
    `avoiding the CN-KZ border lists the API's ${avoidExpected.itineraries.length} options, none crossing it`);
  await page.fill('#rf-avoid-crossings', 'Atlantis');
  await page.click('button[type=submit]');
  await problem.waitFor({ timeout: 60000 });
  const crossingProblem = await problem.innerText();
  check(/avoid_crossings\/0/.test(crossingProblem) && /Atlantis/.test(crossingProblem), 'an unknown crossing shows its problem at avoid_crossings/0', crossingProblem);
  await page.fill('#rf-avoid-crossings', '');

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outside = outsideRequests(requests);
  check(requests.length > 0 && outside.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outside.join('\n'));
};
await finish('the map browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
