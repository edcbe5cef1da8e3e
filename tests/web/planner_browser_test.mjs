// Browser test of the map as a planner's daily tool (issue «The map as a planner's daily tool"):
// a real `caravan serve --port 0` and Debian's Chromium, at a desktop size (1400×900) and a phone
// size (390×844).
//   1. Layout: nothing is wider than the window from 360 to 1920 px on any view; on a phone the map
//      takes the full width under a bottom sheet and the results can be seen; on a desktop the
//      panes fold away.
//   2. Transit sign-in: the key files of `caravan transit keygen` pasted one after another sign
//      every actor in and lodging works (signed in the page); sign-out; an unregistered key (401),
//      another actor's signing key (403, code 342) and a paste that is no key file say what to do.
//   3. State in the URL: the query and the chosen option are in the URL; a reload and a pasted link
//      give the same result; the back button returns to the query before.
//   4. Finding places: typos get suggestions with their country, uncovered cities say so, country
//      names become codes, swap, via points, a click on the map sets a place.
//   5. A blank start: a loading indicator until the network is drawn; city names at the opening
//      zoom; no ring of the countries jumps across the antimeridian (the Arctic band).
//   6. Results: a comparison's identical options stay apart on the chart, its legend is shown whole.
//   7. Words: the flow layer and the objectives in a planner's words with explanations; time-zone
//      changes marked; a past or empty departure warned about; costs per container; the border
//      simulation says where the time to clear goes, in vehicles/day, on a chart in days.
//   8. Export and print: CSV, GeoJSON and JSON equal the API's answer; the printed itinerary is one
//      A4 page (PDF → PNG with pdftoppm).
//   9. Groupage: a link with 5 m³ of LCL Urumqi → Tashkent fills the form's cargo fields and shows
//      the price per W/M in the options and the itinerary, on a desktop and a phone.
// And no page errors, no request leaves 127.0.0.1. Screenshots go to the output folder.
//
//   node tests/web/planner_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TRANSIT_COUNTRIES, createChecks, finish, launchChromium, outsideRequests, parseArgs, settled, startServer, startWatchdog, transitActors } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const WIDTHS = [360, 390, 768, 1024, 1400, 1920];


const transitDir = path.join(outDir, 'planner-transit');
fs.rmSync(transitDir, { recursive: true, force: true });
fs.mkdirSync(transitDir, { recursive: true });
const actors = transitActors(caravan, transitDir, TRANSIT_COUNTRIES);
const server = startServer(caravan, webDir, actors.serverArgs);
let browser;
const watchdog = startWatchdog('the planner browser test', 900, { server, browser: () => browser, counts });
const post = async (base, p, body) => (await fetch(`${base}${p}`, { method: 'POST', body: JSON.stringify(body) })).json();

// Two animation frames: the layout of a new viewport size has been computed and painted.
// The map has drawn everything it has (a repaint is asked for, so an idle map answers too).
const mapIdle = (page) => page.evaluate(() => new Promise((resolve) => {
  window.__caravan.map.once('idle', resolve);
  window.__caravan.map.triggerRepaint();
}));
const rectOf = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height } : null;
}, selector);

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  // A loaded 2-core machine takes seconds for a page load (the map, the countries chunk).
  const newPage = async () => {
    const p = await browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    p.setDefaultNavigationTimeout(90000);
    p.setDefaultTimeout(60000);
    return p;
  };
  const page = await newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const routeBodies = []; // what the page sent to POST /v1/route
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/v1/route')) routeBodies.push(r.postDataJSON()); });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|401|403|409)/.test(m.text())) pageErrors.push(m.text());
  });
  // No wait for the map to go idle: on a loaded machine a software-rendered map takes a minute to
  // settle after a resize, and the screenshots are for looking at, not for checking.
  const shot = (name) => page.screenshot({ path: path.join(outDir, name) });

  await page.goto(`${base}/#/routes`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__caravan?.loaded !== undefined);
  await page.evaluate(() => window.__caravan.loaded);

  // ---- 5 (at the opening zoom). City names and the Arctic ----
  await page.waitForFunction(() => document.querySelector('.map-loading').hidden);
  await page.waitForFunction(() => window.__caravan.map.queryRenderedFeatures({ layers: ['city-labels'] }).length > 0);
  await mapIdle(page); // every label placed, not only the first tile's
  const labels = await page.evaluate(() => ({ zoom: window.__caravan.map.getZoom(),
    names: [...new Set(window.__caravan.map.queryRenderedFeatures({ layers: ['city-labels'] }).map((f) => f.properties.short_name))] }));
  check(labels.names.length >= 8 && ['Almaty', 'Tashkent'].every((n) => labels.names.includes(n)),
    `city names are shown at the opening zoom ${labels.zoom.toFixed(2)} (${labels.names.length}: ${labels.names.slice(0, 6).join(', ')}, …)`, labels.names.join(', '));
  const jumps = await page.evaluate(async () => {
    const data = await window.__caravan.map.getSource('countries').getData();
    const out = [];
    for (const f of data.features) {
      const g = f.geometry;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const poly of polys) for (const ring of poly) for (let i = 1; i < ring.length; i++)
        if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180 && Math.abs(ring[i][1]) < 80 && Math.abs(ring[i - 1][1]) < 80) out.push(`${f.properties.name} ${ring[i - 1]} → ${ring[i]}`);
    }
    return out;
  });
  check(jumps.length === 0, 'no country outline jumps across the antimeridian (no band over the Russian Arctic; the ring of Antarctica around the pole, below 80° S, is off the map)', jumps.slice(0, 4).join('; '));
  await shot('opening.png');

  // The result on screen is for this query and its chosen itinerary is highlighted.
  const shown = (from, to) => page.waitForFunction(([f, t]) => {
    const c = window.__caravan;
    const set = c.state.sets[0];
    return set?.body.from === f && set?.body.to === t && c.selected && c.selected.itinerary === c.state.sets[c.selected.set].result.itineraries[c.selected.index];
  }, [from, to], { timeout: 30000 });
  // Plans from the form (place ids are accepted as typed).
  async function plan(from = 'CN_XIAN', to = 'UZ_TASHKENT') {
    await page.fill('#rf-from', from);
    await page.fill('#rf-to', to);
    await page.press('#rf-to', 'Escape');
    await page.fill('#rf-depart', '2026-12-07T08:00');
    await page.click('.route-form button[type=submit]');
    await shown(from, to);
  }
  const apiRoute = (body) => post(base, '/v1/route', { objectives: ['time', 'cost', 'co2'], containers: 1, depart: '2026-12-07T08:00Z', ...body });

  // ---- 1. Layout ----
  // Horizontal overflow at each width, on each view (the routes view with a result).
  async function overflowAt(width, height) {
    await page.setViewportSize({ width, height });
    await settled(page);
    return page.evaluate(() => ({ scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), inner: window.innerWidth }));
  }
  const viewsToCheck = ['routes', 'border', 'transit'];
  await page.setViewportSize(PHONE);
  await plan();
  for (const view of viewsToCheck) {
    await page.evaluate((v) => { location.hash = `#/${v}`; }, view);
    await page.waitForFunction((v) => !document.querySelector(`.view[data-view="${v}"]`)?.hidden, view);
    const wide = [];
    for (const w of WIDTHS) {
      const { scroll, inner } = await overflowAt(w, w < 800 ? 844 : 900);
      if (scroll > inner) wide.push(`${w}: ${scroll}`);
    }
    check(wide.length === 0, `${view}: nothing overflows horizontally at ${WIDTHS.join(', ')} px`, wide.join('; '));
  }
  await page.evaluate(() => { location.hash = '#/routes'; });

  // Phone: the map takes the full width, the tabs stay in the header, the options are in view.
  await page.setViewportSize(PHONE);
  await settled(page);
  const phoneMap = await rectOf(page, '.routes-layout .map');
  check(phoneMap.width === PHONE.width && phoneMap.height >= PHONE.height - 60, `phone: the map takes the full width (${phoneMap.width}×${phoneMap.height} px)`);
  const tabs = await page.evaluate(() => [...document.querySelectorAll('#tabs a')].map((a) => { const r = a.getBoundingClientRect(); return { text: a.textContent, right: r.right, top: r.top }; }));
  check(tabs.every((t) => t.right <= PHONE.width && t.top >= 0 && t.top < 46), 'phone: every view tab is inside the header', JSON.stringify(tabs));
  check(!await page.evaluate(() => document.querySelector('.map-legend').open), 'phone: the map legend, open on the desktop, folds away from the map');
  await page.click('.panel-tabs button[data-pane="options"]');
  const row = await rectOf(page, 'tr[data-set="0"][data-index="0"]');
  check(row && row.top >= 0 && row.bottom <= PHONE.height && row.width > 0, 'phone: the options are in view in the bottom sheet', JSON.stringify(row));
  const sheet = await rectOf(page, '.panel');
  check(sheet.bottom === PHONE.height && sheet.top > PHONE.height * 0.3, `phone: the panes are a bottom sheet (top at ${Math.round(sheet.top)} px)`);
  await page.click('.panel-tabs button[data-pane="itinerary"]');
  await page.locator('.itinerary ol.legs > li').first().waitFor({ state: 'visible' });
  check(true, 'phone: the itinerary pane shows the legs');
  await shot('phone-itinerary.png');
  await page.click('.sheet-toggle');
  const folded = await rectOf(page, '.panel');
  check(folded.height < 60, `phone: the sheet folds down to its tabs (${Math.round(folded.height)} px)`);
  await shot('phone-map.png');
  await page.click('.sheet-toggle');
  await page.click('.panel-tabs button[data-pane="options"]');
  await shot('phone-options.png');

  // Desktop: the three panes side by side; each folds away and the map grows.
  await page.setViewportSize(DESKTOP);
  await settled(page);
  await shot('desktop-route.png');
  const before = await rectOf(page, '.routes-layout .map');
  await page.click('button[data-fold="options"]');
  await page.click('button[data-fold="plan"]');
  await page.click('button[data-fold="itinerary"]');
  await settled(page);
  const after = await rectOf(page, '.routes-layout .map');
  check(after.width === DESKTOP.width && after.height > before.height, `desktop: folding the panes gives the map the window (${before.width}×${before.height} → ${after.width}×${after.height})`);
  for (const pane of ['plan', 'options', 'itinerary']) await page.click(`button[data-unfold="${pane}"]`);
  await settled(page);
  const unfolded = await rectOf(page, '.routes-layout .map');
  check(unfolded.width === before.width && unfolded.height === before.height, 'desktop: unfolding brings the panes back');
  const cut = await page.evaluate(() => {
    // Every column of the options table is inside its pane (none hidden behind the chart).
    const pane = document.querySelector('.pane-options').getBoundingClientRect();
    const chart = document.querySelector('.results-chart').getBoundingClientRect();
    return [...document.querySelectorAll('table.options thead th')].map((th) => th.getBoundingClientRect())
      .filter((r) => r.right > pane.right + 0.5 || (r.right > chart.left + 0.5 && r.left < chart.right && r.top < chart.bottom && r.bottom > chart.top)).length;
  });
  check(cut === 0, 'desktop: no column of the options table is cut off or under the chart', `${cut} columns`);

  // ---- 2. Transit sign-in ----
  await page.click('.pane-itinerary .declare-transit');
  await page.waitForFunction(() => !document.querySelector('.view[data-view="transit"]')?.hidden && document.querySelector('#td-itinerary').value);
  const ring = Object.keys(actors.keyFiles).map((id) => actors.read(id));
  await page.fill('#tk-keys', actors.allKeyFiles);
  await page.waitForFunction((n) => document.querySelectorAll('.signed-in-actors tbody tr').length === n, ring.length);
  const signedIn = await page.locator('.signed-in-actors tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.actor));
  check(signedIn.length === ring.length && ring.every((a) => signedIn.includes(a.id)), `the key files of caravan transit keygen sign in every actor (${signedIn.length})`, signedIn.join(' '));
  const keyOf = await page.evaluate(() => Object.fromEntries(window.__caravan.transit.actors.map((a) => [a.id, a.apiKey])));
  check(ring.every((a) => keyOf[a.id] === a.api_key), 'each actor is signed in with its own API key', JSON.stringify(keyOf).slice(0, 200));
  const secretKept = await page.evaluate(() => JSON.stringify(window.__caravan.transit.actors).includes('secret') || document.body.innerHTML.includes('secret_key":'));
  check(!secretKept, 'the page keeps no secret key text (each is a non-extractable WebCrypto key)');
  await page.click('.decl-form button[type=submit]');
  await page.locator('.decl-id').waitFor({ timeout: 15000 });
  check(/accepted/.test(await page.locator('.decl-state').innerText()), 'lodged and signed in the page with the holder\'s key file: accepted');
  await shot('transit-desktop.png');
  await page.click('.signed-in button[data-sign-out="holder"]');
  check(!(await page.locator('.signed-in-actors tr[data-actor="holder"]').count()), 'the holder signs out');
  await page.click('.decl-form button[type=submit]');
  check(/Nobody is signed in as the holder/.test(await page.locator('.decl-errors').innerText()), 'lodging without the holder says to sign in as the holder');
  // A key file made but never registered with this server: 401.
  const stranger = path.join(transitDir, 'stranger.json');
  execFileSync(caravan, ['transit', 'keygen', '--actor', 'holder', '--out', stranger], { stdio: 'ignore' });
  await page.fill('#tk-keys', fs.readFileSync(stranger, 'utf8'));
  await page.waitForFunction(() => window.__caravan.transit.actors.some((a) => a.id === 'holder'));
  await page.click('.decl-form button[type=submit]');
  await page.locator('.decl-errors .problem-hint').waitFor({ timeout: 10000 });
  const unauthorised = await page.locator('.decl-errors').innerText();
  check(/401/.test(unauthorised) && /roster/.test(unauthorised), 'an unregistered key file (401) says to sign in with a key file registered in the roster', unauthorised);
  // The holder's API key with another actor's signing key: refused, 403 with code 342.
  const impostor = { ...actors.read('holder'), public_key: actors.read('customs-KZ').public_key, secret_key: actors.read('customs-KZ').secret_key };
  await page.fill('#tk-keys', JSON.stringify(impostor));
  await page.waitForFunction((key) => window.__caravan.transit.actors.some((a) => a.id === 'holder' && a.apiKey === key), impostor.api_key);
  await page.click('.decl-form button[type=submit]');
  await page.waitForFunction(() => /342/.test(document.querySelector('.decl-errors')?.innerText ?? ''), null, { timeout: 10000 });
  const forged = await page.locator('.decl-errors').innerText();
  check(/403/.test(forged) && /342/.test(forged) && /signature/.test(forged), 'a message signed with another actor\'s key is refused (403, code 342 at /signature)', forged);
  await page.fill('#tk-keys', 'holder holder');
  await page.click('.keys-form button[type=submit]');
  await page.locator('.keys-errors .problem').waitFor({ timeout: 5000 });
  const badLine = await page.locator('.keys-errors').innerText();
  check(/not a key file: 'holder holder/.test(badLine), 'a paste that is no key file is refused, saying where', badLine);
  await page.fill('#tk-keys', actors.allKeyFiles);
  await page.waitForFunction((key) => window.__caravan.transit.actors.some((a) => a.id === 'holder' && a.apiKey === key), actors.read('holder').api_key);
  await page.setViewportSize(PHONE);
  await settled(page);
  await page.screenshot({ path: path.join(outDir, 'transit-phone.png') });
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => { location.hash = document.querySelector('#tabs a[data-view="routes"]').getAttribute('href'); });
  await page.waitForFunction(() => !document.querySelector('.view[data-view="routes"]').hidden);

  // ---- 3. State in the URL ----
  await page.click('tr[data-set="0"][data-index="1"]');
  await page.waitForFunction(() => window.__caravan.selected?.index === 1);
  const hash1 = await page.evaluate(() => location.hash);
  const p1 = new URLSearchParams(hash1.split('?')[1]);
  check(hash1.startsWith('#/routes?') && p1.get('from') === 'CN_XIAN' && p1.get('to') === 'UZ_TASHKENT' && p1.get('depart') === '2026-12-07T08:00' && p1.get('option') === '2',
    'the URL holds the view, the query and the chosen option', hash1);
  const tashkent = await apiRoute({ from: 'CN_XIAN', to: 'UZ_TASHKENT' });
  const tableOf = () => page.locator('tr[data-set="0"]').evaluateAll((trs) => trs.map((tr) => tr.innerText));
  const table1 = await tableOf();
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__caravan?.urlRestored !== undefined);
  await shown('CN_XIAN', 'UZ_TASHKENT');
  await page.waitForFunction(() => window.__caravan.selected?.index === 1);
  check(JSON.stringify(await tableOf()) === JSON.stringify(table1) && table1.length === tashkent.itineraries.length, `a reload shows the same ${table1.length} options`);
  check(await page.evaluate(() => window.__caravan.selected.index) === 1 && /Xi'an/.test(await page.inputValue('#rf-from')), 'a reload keeps the chosen option and the form');
  await plan('CN_XIAN', 'KZ_ALMATY');
  check(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('to') === 'KZ_ALMATY', 'a new query is a new URL');
  await page.goBack();
  await shown('CN_XIAN', 'UZ_TASHKENT');
  check(JSON.stringify(await tableOf()) === JSON.stringify(table1) && /Tashkent/.test(await page.inputValue('#rf-to')), 'the back button returns to the query before, with its result');
  await page.goForward();
  await shown('CN_XIAN', 'KZ_ALMATY');
  check(true, 'forward goes to the later query again');

  // ---- 3 (a pasted link) and 5 (a blank start): a new page with the link, its network held back ----
  const pasted = await newPage();
  pasted.on('pageerror', (e) => pageErrors.push(e.message));
  let release;
  const held = new Promise((r) => { release = r; });
  await pasted.route('**/v1/network', async (route) => { await held; await route.continue(); });
  await pasted.goto(`${base}/${hash1}`, { waitUntil: 'domcontentloaded' });
  await pasted.locator('.map-loading').waitFor({ state: 'visible', timeout: 30000 });
  check(/Loading the map/.test(await pasted.locator('.map-loading').innerText()), 'while the network loads, the map says it is loading');
  release();
  await pasted.locator('.map-loading').waitFor({ state: 'hidden', timeout: 90000 });
  check(true, 'the loading indicator goes once the network is drawn');
  await pasted.waitForFunction(() => window.__caravan?.selected?.index === 1, null, { timeout: 90000 });
  check(JSON.stringify(await pasted.locator('tr[data-set="0"]').evaluateAll((trs) => trs.map((tr) => tr.innerText))) === JSON.stringify(table1), 'a pasted link gives the same result and option');
  await pasted.close();

  // ---- 4. Finding places ----
  async function suggestions(selector, text) {
    await page.fill(selector, '');
    await page.fill(selector, text);
    await page.locator(`${selector} + .suggestions li`).first().waitFor({ timeout: 10000 });
    return page.locator(`${selector} + .suggestions li`).evaluateAll((lis) => lis.map((li) => ({ id: li.dataset.id ?? null, text: li.innerText })));
  }
  const almati = await suggestions('#rf-from', 'Almati');
  check(almati[0]?.id === 'KZ_ALMATY' && /Kazakhstan \(KZ\)/.test(almati[0].text), '"Almati" suggests Almaty, Kazakhstan first', JSON.stringify(almati[0]));
  const tashknt = await suggestions('#rf-from', 'Tashknt');
  check(tashknt[0]?.id === 'UZ_TASHKENT' && /Uzbekistan/.test(tashknt[0].text), '"Tashknt" suggests Tashkent, Uzbekistan first', JSON.stringify(tashknt[0]));
  const alma = await suggestions('#rf-from', 'Alma');
  check(alma[0]?.id === 'KZ_ALMATY' && !alma.some((x) => /Mandeb/.test(x.text)), '"Alma" suggests Almaty first and no chokepoint', JSON.stringify(alma.map((x) => x.id)));
  const berlin = await suggestions('#rf-from', 'Toronto');
  check(berlin.length === 1 && berlin[0].id === null && /No covered place matches “Toronto”/.test(berlin[0].text), '"Toronto" says that no covered place matches', JSON.stringify(berlin));
  await page.locator('#rf-from + .suggestions [data-covered]').dispatchEvent('mousedown');
  await page.locator('.covered-places .covered-country').first().waitFor();
  const coveredCountries = await page.locator('.covered-places .covered-country').count();
  const network = await (await fetch(`${base}/v1/network`)).json();
  const nodeCountries = new Set(network.features.filter((f) => f.properties.kind === 'node' && f.properties.node_kind !== 'chokepoint').map((f) => f.properties.country));
  check(coveredCountries === nodeCountries.size, `the covered places list every country of the network (${coveredCountries})`);
  await page.click('.covered-places button[data-place="KZ_ALMATY"]');
  check(await page.evaluate(() => document.querySelector('#rf-from').dataset.placeId) === 'KZ_ALMATY', 'a covered place fills the field used last');
  await page.click('.show-covered');

  // Plan with a typo (no suggestion taken) and with an uncovered city.
  await page.fill('#rf-from', 'Almati');
  await page.press('#rf-from', 'Escape');
  await page.fill('#rf-to', 'Tashkent');
  await page.press('#rf-to', 'Escape');
  await page.click('.route-form button[type=submit]');
  await page.locator('.form-errors .candidates button[data-id="KZ_ALMATY"]').waitFor({ timeout: 10000 });
  check(true, 'planning from "Almati" offers Almaty to fill From');
  await page.fill('#rf-from', 'Toronto');
  await page.press('#rf-from', 'Escape');
  await page.click('.route-form button[type=submit]');
  await page.locator('.form-errors .problem-hint').waitFor({ timeout: 10000 });
  const notCovered = await page.locator('.route-form .form-errors').innerText();
  check(/“Toronto” is not covered/.test(notCovered), 'planning from "Toronto" says the city is not covered', notCovered);

  // Country names in the avoid list.
  await page.fill('#rf-avoid-countries', 'Rusia');
  await page.click('.route-form button[type=submit]');
  const rusia = await page.locator('.route-form .form-errors').innerText();
  check(/Avoid countries: 'Rusia' is not a country code or name: did you mean RU \(Russia\)\?/.test(rusia), '"Rusia" in Avoid countries suggests RU', rusia);
  await page.fill('#rf-avoid-countries', 'Russia');
  await page.fill('#rf-from', "Xi'an");
  await page.press('#rf-from', 'Escape');
  const before4 = routeBodies.length;
  await page.click('.route-form button[type=submit]');
  await shown('CN_XIAN', 'UZ_TASHKENT');
  check(JSON.stringify(routeBodies.slice(before4).map((b) => b.avoid_countries)) === '[["RU"]]', '"Russia" in Avoid countries is sent as RU', JSON.stringify(routeBodies.slice(before4)));
  await page.fill('#rf-avoid-countries', '');

  // Swap, then a via point, then a click on the map.
  await page.click('.swap');
  check(await page.evaluate(() => [document.querySelector('#rf-from').dataset.placeId, document.querySelector('#rf-to').dataset.placeId].join()) === 'UZ_TASHKENT,CN_XIAN', 'swap exchanges From and To');
  await page.click('.swap');
  await page.click('.add-via');
  const via = await suggestions('#rf-via-0', 'Almaty');
  check(via[0]?.id === 'KZ_ALMATY', 'a via point has suggestions too');
  await page.locator('#rf-via-0 + .suggestions li[data-id="KZ_ALMATY"]').dispatchEvent('mousedown');
  const beforeVia = routeBodies.length;
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.via?.[0] === 'KZ_ALMATY' && window.__caravan.selected);
  const viaExpected = await apiRoute({ from: 'CN_XIAN', to: 'UZ_TASHKENT', via: ['KZ_ALMATY'] });
  const viaRows = await page.locator('tr[data-set="0"]').count();
  check(JSON.stringify(routeBodies.at(-1).via) === '["KZ_ALMATY"]' && routeBodies.length === beforeVia + 1 && viaRows === viaExpected.itineraries.length
    && viaRows > 0, `via Almaty lists the API's ${viaRows} options for the same request`,
    JSON.stringify({ sent: routeBodies.slice(beforeVia), rows: viaRows, api: viaExpected.itineraries.map((it) => it.legs.map((l) => l.to.id)) }));
  check(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('via') === 'KZ_ALMATY', 'the via point is in the URL');
  await page.click('.vias .remove-via');
  const almatyAt = await page.evaluate(() => {
    const m = window.__caravan.map;
    m.jumpTo({ center: [76.9115, 43.25249], zoom: 5 });
    const p = m.project([76.9115, 43.25249]);
    const box = m.getContainer().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(almatyAt.x, almatyAt.y);
  await page.locator('.place-popup[data-place="KZ_ALMATY"]').waitFor({ timeout: 10000 });
  await page.click('.place-popup button[data-set="to"]');
  check(await page.evaluate(() => document.querySelector('#rf-to').dataset.placeId) === 'KZ_ALMATY', 'a click on Almaty on the map sets it as To');


  // ---- 6. Results: comparison ----
  await page.fill('#rf-to', 'UZ_TASHKENT');
  await page.press('#rf-to', 'Escape');
  await page.selectOption('#rf-compare', 'cku-open');
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets.length === 2 && document.querySelector('tr[data-set="1"]') && window.__caravan.selected);
  const points = await page.evaluate(() => [...document.querySelectorAll('svg.chart .point circle')].map((c) => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]));
  const overlapping = points.filter((p, i) => points.some((q, j) => j < i && Math.hypot(p[0] - q[0], p[1] - q[1]) < 3)).length;
  const sets = await page.evaluate(() => window.__caravan.state.sets.map((s) => s.result.itineraries.map((it) => `${it.summary.duration_hours}|${it.summary.cost_usd}`)));
  const identical = sets[1].filter((k) => sets[0].includes(k)).length;
  check(identical > 0 && overlapping === 0, `identical options of both sides stay apart on the chart (${identical} identical, ${points.length} points)`, `${overlapping} overlapping`);
  await page.locator('.chart-legend').scrollIntoViewIfNeeded();
  const legendCut = await page.evaluate(() => {
    const pane = document.querySelector('.pane-options').getBoundingClientRect();
    return [...document.querySelectorAll('.chart-legend .legend-item')].map((e) => e.getBoundingClientRect())
      .filter((r) => r.width === 0 || r.right > pane.right + 0.5 || r.bottom > pane.bottom + 0.5).length;
  });
  check(await page.locator('.chart-legend .legend-item').count() === 2 && legendCut === 0, 'the comparison chart\'s legend is shown whole');
  await shot('desktop-compare.png');
  await page.selectOption('#rf-compare', '');

  // ---- 7. Words ----
  check(!/POST \/v1/.test(await page.locator('.flow-toggle').innerText()), 'the flow layer is described in a planner\'s words');
  await page.click('.help-link[data-help="objectives"]');
  const help = await page.locator('.help-panel').innerText();
  check(['Objectives', 'Risk', 'ε (epsilon)', 'CO2e'].every((t) => help.includes(t)) && /chance/.test(help), 'the help panel explains objectives, risk, ε and CO2e');
  check(/chance/.test(await page.locator('label.check:has(input[value="risk"])').getAttribute('title')), 'risk is explained on hover');
  await page.click('.close-help');
  await page.fill('#rf-depart', '2020-01-06T08:00');
  await page.fill('#rf-containers', '500');
  await page.click('.route-form button[type=submit]');
  // The answer for 500 containers, and an option of it chosen (not the previous answer's, still
  // selected while the request runs).
  await page.waitForFunction(() => {
    const set = window.__caravan.state.sets[0];
    const chosen = window.__caravan.selected;
    return set?.body.containers === 500 && set.result?.query?.containers === 500 && chosen
      && chosen.itinerary === set.result.itineraries[chosen.index];
  });
  check(/in the past/.test(await page.locator('.departure-note').innerText()) && await page.locator('.departure-note-copy').isVisible(), 'a past departure is planned with a warning');
  const big = await page.evaluate(() => window.__caravan.selected.itinerary.summary.cost_usd);
  const costs = await page.locator('.itinerary-costs').innerText();
  const { formatUsd } = await import(path.join(path.dirname(new URL(import.meta.url).pathname), '../../web/src/format.js'));
  check(costs.includes(formatUsd(big)) && costs.includes(`${formatUsd(big / 500)} per container`), `500 containers show the total and the cost per container (${formatUsd(big / 500)})`, costs);
  await page.fill('#rf-depart', '');
  await page.fill('#rf-containers', '1');
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.containers === 1 && !window.__caravan.state.sets[0].body.depart && window.__caravan.selected);
  check(/No departure given/.test(await page.locator('.departure-note').innerText()), 'an empty departure is planned with a word');
  await page.fill('#rf-depart', '2026-12-07T08:00');
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.depart === '2026-12-07T08:00Z' && window.__caravan.selected);
  check(await page.locator('.departure-note').isHidden(), 'a future departure has no warning');
  const zoneLegs = await page.evaluate(() => window.__caravan.selected.itinerary.legs.filter((l) => l.depart.local.slice(-6) !== l.arrive.local.slice(-6)).length);
  check(zoneLegs > 0 && await page.locator('.itinerary .leg-notes .tz-change').count() === zoneLegs, `the ${zoneLegs} legs that change time zone are marked`);
  const legendColours = await page.evaluate(() => {
    const bar = new Set([...document.querySelectorAll('.timeline-bar .phase.move')].map((e) => e.style.background));
    const legend = new Set([...document.querySelectorAll('.timeline-legend [data-phase^="move-"] i')].map((e) => e.style.background));
    return { bar: [...bar], legend: [...legend] };
  });
  check(legendColours.bar.length > 0 && legendColours.bar.every((c) => legendColours.legend.includes(c)), 'the timeline legend has the colours of the bars', JSON.stringify(legendColours));
  await page.evaluate(() => { location.hash = '#/border'; });
  await page.waitForFunction(() => document.querySelectorAll('#sf-crossing option').length > 0);
  await page.selectOption('#sf-mode', 'road');
  await page.selectOption('#sf-crossing', 'khorgos-nurzholy');
  await page.fill('#sf-days', '7');
  await page.fill('#sf-replications', '1');
  await page.click('.sim-form button[type=submit]');
  await page.locator('.clear-explained').first().waitFor({ timeout: 60000 });
  const simText = await page.locator('.sim-results').innerText();
  check(/clearance that holds no lane/.test(simText) && /waiting/.test(simText) && !/\/day\b(?! )/.test(simText.replace(/vehicles\/day/g, '')), 'the border simulation says where the time to clear goes, in vehicles/day', simText.slice(0, 300));
  const axis = await page.evaluate(() => window.__caravan.border.charts[0].queue.data[0].slice(0, 2));
  check(axis[0] === 0 && axis[1] > 0 && axis[1] < 1, 'the queue chart counts days from the start of the simulation (no calendar dates)', JSON.stringify(axis));
  await shot('border-desktop.png');
  await page.setViewportSize(PHONE);
  await settled(page);
  await page.screenshot({ path: path.join(outDir, 'border-phone.png') });
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => { location.hash = document.querySelector('#tabs a[data-view="routes"]').getAttribute('href'); });
  await page.waitForFunction(() => !document.querySelector('.view[data-view="routes"]').hidden);
  await settled(page);

  // ---- 8. Export and print ----
  const expected8 = await apiRoute({ from: 'CN_XIAN', to: 'UZ_TASHKENT' });
  async function downloaded(selector) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
  }
  const csv = await downloaded('.export-csv');
  const csvLines = csv.text.trim().split('\r\n');
  check(/\.csv$/.test(csv.name) && csvLines.length === expected8.itineraries.length + 1
    && csvLines.slice(1).every((l, i) => l.split(',')[6] === String(expected8.itineraries[i].summary.cost_usd)), `the CSV has a line per option with the API's costs (${csv.name})`, csvLines.slice(0, 3).join('\n'));
  const json = await downloaded('.export-json');
  check(JSON.stringify(JSON.parse(json.text).itineraries) === JSON.stringify(expected8.itineraries), `the JSON is the API's answer (${json.name})`);
  const chosenIndex = await page.evaluate(() => window.__caravan.selected.index);
  const geo = JSON.parse((await downloaded('.export-geojson')).text);
  const legs8 = expected8.itineraries[chosenIndex].legs;
  check(geo.type === 'FeatureCollection' && geo.features.length === legs8.length && geo.features.every((f, i) => f.properties.from === legs8[i].from.id && f.properties.to === legs8[i].to.id
    && f.properties.cost_usd === legs8[i].cost_usd && f.geometry.coordinates.length >= 2), 'the GeoJSON has the chosen itinerary\'s legs, drawn and with their costs');
  await page.evaluate(() => window.__caravan.preparePrint());
  const pdfPath = path.join(outDir, 'itinerary.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1];
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  check(pages === '1', `the printed itinerary is one page (${pages})`);
  check(/Documents/i.test(pdfText) && legs8.every((l) => pdfText.includes(l.to.name.slice(0, 12))) && !/Plan a route/.test(pdfText) && !/Flow layer/.test(pdfText),
    'it holds the legs and documents, and none of the form', pdfText.slice(0, 400));
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdfPath, path.join(outDir, 'print')]);
  check(fs.existsSync(path.join(outDir, 'print.png')), 'pdftoppm renders it as print.png');

  // ---- 9. Groupage ----
  const lcl = await newPage();
  lcl.on('pageerror', (e) => pageErrors.push(e.message));
  await lcl.goto(`${base}/#/routes?from=CN_URUMQI&to=UZ_TASHKENT&depart=2026-12-09T02:00&cargo=lcl&weight_kg=800&volume_m3=5&pieces=12`,
    { waitUntil: 'domcontentloaded' });
  await lcl.waitForFunction(() => window.__caravan?.selected?.itinerary, null, { timeout: 90000 });
  const lclRows = await lcl.locator('tr[data-set="0"]').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
  check(lclRows.length === 2 && /USD 750 USD 150 per W\/M/.test(lclRows[0]) && /USD 530 USD 106 per W\/M/.test(lclRows[1]),
    'groupage: the options give the consignment\'s cost and its price per W/M (through Almaty USD 750, direct USD 530)', lclRows.join('\n'));
  check(await lcl.inputValue('#rf-cargo') === 'lcl' && await lcl.inputValue('#rf-volume') === '5' && await lcl.locator('.lcl-fields').isVisible()
    && !await lcl.locator('.field.containers').isVisible(), 'groupage: the form shows weight, volume and pieces instead of containers');
  const lclCosts = await lcl.locator('.itinerary-costs').innerText();
  check(/USD 750 for 5 m³, 800 kg of groupage/.test(lclCosts) && /USD 150 per W\/M \(5 W\/M\)/.test(lclCosts), 'groupage: the itinerary prices the consignment per W/M', lclCosts);
  await settled(lcl);
  await lcl.screenshot({ path: path.join(outDir, 'groupage-desktop.png') });
  await lcl.setViewportSize(PHONE);
  await settled(lcl);
  await lcl.screenshot({ path: path.join(outDir, 'groupage-phone.png') });
  await lcl.close();

  // ---- 10. A parcel: express truck or air, per kg, with the customs rule ----
  const parcel = await newPage();
  parcel.on('pageerror', (e) => pageErrors.push(e.message));
  await parcel.goto(`${base}/#/routes?from=CN_YIWU&to=KZ_ALMATY&depart=2026-12-07T00:00&cargo=parcel&weight_kg=20&value_usd=150`,
    { waitUntil: 'domcontentloaded' });
  await parcel.waitForFunction(() => window.__caravan?.selected?.itinerary, null, { timeout: 90000 });
  const parcelRows = await parcel.locator('tr[data-set="0"]').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
  check(parcelRows.length === 2 && /USD 113 USD 5\.64 per kg/.test(parcelRows[0]) && /USD 42 USD 2\.10 per kg/.test(parcelRows[1]),
    'parcel: the options give the parcel\'s cost and its price per kg (by air USD 112.85, by express truck USD 42)', parcelRows.join('\n'));
  check(await parcel.inputValue('#rf-cargo') === 'parcel' && await parcel.inputValue('#rf-value') === '150' && await parcel.locator('.field.parcel-value').isVisible()
    && !await parcel.locator('.field.containers').isVisible(), 'parcel: the form shows weight, volume, pieces and value instead of containers');
  const parcelCosts = await parcel.locator('.itinerary-costs').innerText();
  check(/USD 112\.85 for a 20 kg parcel/.test(parcelCosts) && /USD 5\.64 per kg/.test(parcelCosts), 'parcel: the itinerary prices the parcel per kg', parcelCosts);
  const customs = await parcel.locator('ul.customs').innerText();
  check(/KZ import at Almaty International Airport/.test(customs) && /within: USD 150 is within the limit/.test(customs),
    'parcel: the itinerary names the customs rule applied and where', customs);
  await settled(parcel);
  await parcel.screenshot({ path: path.join(outDir, 'parcel-desktop.png') });
  await parcel.setViewportSize(PHONE);
  await settled(parcel);
  await parcel.screenshot({ path: path.join(outDir, 'parcel-phone.png') });
  await parcel.close();

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outside = outsideRequests(requests);
  check(requests.length > 0 && outside.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outside.join('\n'));
};
await finish('the planner browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
