// Browser test of the route view's daily use at a desktop size (1400×900) and on a phone (390×844):
// a real `caravan serve --port 0` and Debian's Chromium.
//   1. The options table fits: on a phone each option is a compact card, nothing scrolls sideways;
//      on a desktop no column is cut off (every cell inside the visible box of its table).
//   2. A phone (iPhone 12: 390×844, 3 device pixels per CSS pixel, touch) shows the routes above the
//      bottom sheet: the map jumps to the chosen option (no flight of many frames), draws at most
//      2 device pixels per CSS pixel, and the route's pixels are on the canvas above the sheet.
//   3. Which day to ship: the matrix's 14 daily departures as a table equal to POST /v1/matrix
//      (arrival, time door to door, cost), the earliest and the cheapest marked; a day plans it and
//      the Options pane stays at the days. Another query's answer shows the pane from its top; on a
//      phone a border simulation brings its results (under the form) into view.
//   4. Rail without a service says how it moves (legs[].rail_dispatch) where a service name would
//      be; "Block train of our own" is explained and sent as block_train. Where the server does not
//      know block_train yet (its OpenAPI document lacks it), the answer is the server's own for
//      the request without it, with rail_dispatch set as the API documents: the page is checked.
//   5. Nothing is wider than the window at 360, 390, 768, 1024, 1400 and 1920 px, with the days shown.
// And no page errors. Screenshots go to the output folder.
//
//   node tests/web/daily_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import { createRequire } from 'node:module';
import path from 'node:path';
import { createChecks, finish, launchChromium, parseArgs, root, settled, startServer, startWatchdog } from './harness.mjs';

const { devices } = createRequire(path.join(root, 'web/package.json'))('playwright-core');
const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const WIDTHS = [360, 390, 768, 1024, 1400, 1920];
const KASHGAR = '#/routes?from=Kashgar&to=Islamabad&depart=2026-12-07T08:00';
const XIAN = '#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08:00';

const server = startServer(caravan, webDir);
let browser;
const watchdog = startWatchdog('the daily browser test', 600, { server, browser: () => browser, counts });
const post = async (base, p, body) => (await fetch(`${base}${p}`, { method: 'POST', body: JSON.stringify(body) })).json();

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const pageErrors = [];
  const watch = (p) => {
    p.setDefaultNavigationTimeout(90000);
    p.setDefaultTimeout(60000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    return p;
  };
  const desktopPage = () => browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' }).then(watch);
  let page = await desktopPage();
  const shot = (name) => page.screenshot({ path: path.join(outDir, name) });
  const open = async (p, hash) => {
    await p.goto(`${base}/${hash}`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => window.__caravan?.selected, null, { timeout: 90000 });
  };

  // ---- 1. The options table fits (a desktop, then a phone) ----
  // Cells outside the visible box of their table's scroller, and how much the scroller hides.
  const fit = (p) => p.evaluate(() => [...document.querySelectorAll('.result-set')].filter((s) => s.querySelector('table.route-options')).map((s) => {
    const box = s.getBoundingClientRect();
    const cells = [...s.querySelectorAll('table.route-options tbody td')].map((td) => td.getBoundingClientRect());
    return { hidden: s.scrollWidth - s.clientWidth, out: cells.filter((r) => r.right > box.right + 0.5 || r.left < box.left - 0.5 || r.right > innerWidth).length,
      cells: cells.length, width: Math.round(box.width) };
  }));
  await open(page, KASHGAR);
  await shot('daily-desktop-route.png');
  let sets = await fit(page);
  check(sets.length === 1 && sets.every((x) => x.hidden <= 0 && x.out === 0 && x.cells > 0),
    `desktop: every column of the options table is in view, none cut off (${sets[0]?.cells} cells in ${sets[0]?.width} px)`, JSON.stringify(sets));
  // A page opened at the phone's size (the map's screenshots are checked by the map screenshot test).
  await page.close();
  const small = watch(await browser.newPage({ viewport: PHONE, deviceScaleFactor: 1, reducedMotion: 'reduce' }));
  await open(small, KASHGAR);
  await small.click('.panel-tabs button[data-pane="options"]');
  sets = await fit(small);
  const card = await small.evaluate(() => {
    const tr = document.querySelector('table.route-options tbody tr[data-set]');
    return { display: getComputedStyle(tr).display, thead: getComputedStyle(document.querySelector('table.route-options thead')).display,
      labels: [...tr.querySelectorAll('td')].map((td) => getComputedStyle(td, '::before').content) };
  });
  check(sets.every((x) => x.hidden <= 0 && x.out === 0) && card.display === 'grid' && card.thead === 'none' && card.labels.includes('"Arrives (local)"'),
    `phone: each option is a card with labelled values, nothing scrolls sideways (${sets[0]?.width} px)`, JSON.stringify({ sets, card }));
  await small.screenshot({ path: path.join(outDir, 'daily-phone-options.png') });

  // ---- 3. Which day to ship (the phone size, then the desktop) ----
  const routeBodies = [];
  const expected = await post(base, '/v1/matrix', { from: ['CN_KASHGAR'], to: ['PK_ISLAMABAD'], depart: '2026-12-07T08:00Z', departures: 14, every_hours: 24 });
  const { formatLocal, formatUsd, formatDuration } = await import(path.join(root, 'web/src/format.js'));
  async function shipDays(label, page) {
    if (await page.locator('.panel-tabs button[data-pane="options"]').isVisible()) await page.click('.panel-tabs button[data-pane="options"]'); // tabs only below 1200 px
    await page.click('.ship-day-load');
    await page.locator('table.ship-days tbody tr').first().waitFor();
    const rows = await page.locator('table.ship-days tbody tr').evaluateAll((trs) => trs.map((tr) => ({ depart: tr.dataset.depart, cells: [...tr.cells].map((td) => td.innerText.trim()) })));
    const same = rows.length === 14 && rows.every((r, i) => {
      const c = expected.cells[i];
      return r.depart === c.depart.replace(/Z$/, '') && r.cells[1].startsWith(formatLocal(c.fastest.arrive.local)) && r.cells[2] === formatDuration(c.fastest.duration_hours)
        && r.cells[3].startsWith(formatUsd(c.cheapest.cost_usd));
    });
    check(same, `${label}: which day to ship lists the matrix's 14 daily departures, each with its arrival, time and cost`, JSON.stringify(rows.slice(0, 2)));
    const earliest = rows.findIndex((r) => /earliest/.test(r.cells[1]));
    const arrivals = expected.cells.map((c) => Date.parse(c.fastest.arrive.utc));
    const costs = expected.cells.map((c) => c.cheapest.cost_usd);
    const lowest = rows.map((r, i) => (/lowest/.test(r.cells[3]) ? i : -1)).filter((i) => i >= 0);
    const differ = (xs) => xs.some((x) => x !== xs[0]);
    check((differ(arrivals) ? earliest === arrivals.indexOf(Math.min(...arrivals)) : earliest === -1)
      && (differ(costs) ? lowest.length > 0 && lowest.every((i) => costs[i] === Math.min(...costs)) : lowest.length === 0),
      `${label}: the earliest arrival (${rows[earliest]?.cells[0] ?? 'every day the same'}) and the lowest cost (${lowest.length ? rows[lowest[0]].cells[0] : 'every day the same'}) are marked where the days differ`);
    const days = await page.evaluate(() => { const t = document.querySelector('table.ship-days'); const b = t.getBoundingClientRect(); return { right: b.right, inner: innerWidth, sw: t.parentElement.scrollWidth, cw: t.parentElement.clientWidth }; });
    check(days.right <= days.inner && days.sw <= days.cw, `${label}: the days fit the pane`, JSON.stringify(days));
    return rows;
  }
  await shipDays('phone', small);
  await small.locator('.ship-day').scrollIntoViewIfNeeded();
  await small.screenshot({ path: path.join(outDir, 'daily-phone-shipday.png') });
  // A new query's answer shows the Options pane from its top, though it was scrolled to the days.
  const scrolledToDays = await small.evaluate(() => document.querySelector('.pane-options').scrollTop);
  await small.evaluate((h) => { location.hash = h; }, XIAN);
  await small.waitForFunction(() => window.__caravan.state.sets[0]?.body.from === 'CN_XIAN' && !document.querySelector('.route-form button[type=submit]').disabled);
  const fromTop = await small.evaluate(() => ({ scroll: document.querySelector('.pane-options').scrollTop,
    row: document.querySelector('tr[data-set="0"][data-index="0"]').getBoundingClientRect().top, sheet: document.querySelector('.panel').getBoundingClientRect().top }));
  check(scrolledToDays > 0 && fromTop.scroll === 0 && fromTop.row > fromTop.sheet && fromTop.row < PHONE.height,
    `phone: a new answer shows the options from the top of the pane (it was scrolled ${Math.round(scrolledToDays)} px down to the days)`, JSON.stringify({ scrolledToDays, fromTop }));
  // A border simulation's results are under its form on a phone: running it brings them into view.
  await small.evaluate(() => { location.hash = '#/border'; });
  await small.waitForFunction(() => document.querySelectorAll('#sf-crossing option').length > 0);
  await small.selectOption('#sf-mode', 'road');
  await small.selectOption('#sf-crossing', 'khorgos-nurzholy');
  await small.fill('#sf-days', '2');
  await small.fill('#sf-replications', '1');
  await small.click('.sim-form button[type=submit]');
  await small.locator('.clear-explained').first().waitFor();
  const results = await small.evaluate(() => document.querySelector('.sim-results').getBoundingClientRect().top);
  check(results >= 0 && results < PHONE.height / 2, `phone: a border simulation brings its results into view (their top at ${Math.round(results)} px)`);
  await small.screenshot({ path: path.join(outDir, 'daily-phone-border.png') });
  await small.close();
  page = await desktopPage();
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/v1/route')) routeBodies.push(r.postDataJSON()); });
  await open(page, KASHGAR);
  const rows = await shipDays('desktop', page);
  await page.locator('table.ship-days').scrollIntoViewIfNeeded();
  await shot('daily-desktop-shipday.png');
  const before = routeBodies.length;
  const daysScroll = await page.evaluate(() => document.querySelector('.pane-options').scrollTop);
  await page.click(`table.ship-days tr[data-depart="${rows[3].depart}"]`);
  await page.waitForFunction((d) => window.__caravan.state.sets[0]?.body.depart === `${d}Z` && window.__caravan.selected
    && !document.querySelector('.route-form button[type=submit]').disabled, rows[3].depart);
  const daysScrollAfter = await page.evaluate(() => document.querySelector('.pane-options').scrollTop);
  check(daysScroll > 0 && daysScrollAfter === daysScroll, `a day chosen leaves the Options pane where it was (${Math.round(daysScroll)} px down, at the days)`,
    JSON.stringify({ daysScroll, daysScrollAfter }));
  check(routeBodies.length === before + 1 && routeBodies.at(-1).depart === `${rows[3].depart}Z` && await page.inputValue('#rf-depart') === rows[3].depart
    && await page.locator(`table.ship-days tr.selected[data-depart="${rows[3].depart}"]`).count() === 1,
    `a day (${rows[3].cells[0]}) plans that departure and stays marked`, JSON.stringify(routeBodies.slice(before)));

  // ---- 4. Rail dispatch and a block train of our own ----
  const openapi = JSON.stringify(await (await fetch(`${base}/v1/openapi.json`)).json());
  const known = openapi.includes('block_train') && openapi.includes('rail_dispatch');
  const sent = [];
  await page.route('**/v1/route', async (route) => {
    const body = route.request().postDataJSON();
    sent.push(body);
    if (known) return route.continue();
    const { block_train: blockTrain, ...rest } = body;
    const answer = await post(base, '/v1/route', rest);
    for (const it of answer.itineraries ?? []) for (const leg of it.legs) if (leg.mode === 'rail' && !leg.service_name) leg.rail_dispatch = blockTrain ? 'block train' : 'single wagons';
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
  });
  const hint = await page.locator('.block-train-hint').innerText();
  check(/41 FEU/.test(hint) && /single wagons/.test(hint) && /paid whole/.test(hint), 'the block train box is explained (41 FEU, single wagons, paid whole)', hint);
  const dispatchShown = async () => page.evaluate(() => {
    const legs = window.__caravan.selected.itinerary.legs;
    const items = [...document.querySelectorAll('.itinerary ol.legs > li')];
    return legs.map((l, i) => ({ want: l.mode === 'rail' && !l.service_name ? l.rail_dispatch : null, shown: items[i].querySelector('.rail-dispatch')?.textContent ?? null }));
  });
  // The first option with rail that has no service is chosen.
  const chooseRail = async () => {
    const i = await page.evaluate(() => window.__caravan.state.sets[0].result.itineraries.findIndex((it) => it.legs.some((l) => l.mode === 'rail' && !l.service_name)));
    if (i >= 0) {
      await page.click(`tr[data-set="0"][data-index="${i}"]`);
      await page.waitForFunction((n) => window.__caravan.selected?.index === n, i);
    }
  };
  await page.evaluate((h) => { location.hash = h; }, XIAN);
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.from === 'CN_XIAN' && window.__caravan.selected);
  await chooseRail();
  let legs = await dispatchShown();
  check(legs.some((l) => l.want === 'single wagons') && legs.every((l) => l.want === l.shown),
    `rail legs without a service say "single wagons" in the legs list (${legs.filter((l) => l.shown).length} legs${known ? '' : ', answer completed as the API documents'})`, JSON.stringify(legs));
  check(!('block_train' in sent.at(-1)), 'block_train is not sent unless asked for');
  if (await page.locator('.panel-tabs button[data-pane="plan"]').isVisible()) await page.click('.panel-tabs button[data-pane="plan"]');
  await page.check('#rf-block-train');
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.block_train === true && window.__caravan.selected);
  await chooseRail();
  legs = await dispatchShown();
  check(sent.at(-1).block_train === true && legs.some((l) => l.want === 'block train') && legs.every((l) => l.want === l.shown),
    'with "Block train of our own" the request has block_train: true and the rail legs say "block train"', JSON.stringify({ body: sent.at(-1), legs }));
  check(new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]).get('block_train') === '1', 'the block train is in the URL');
  await shot('daily-desktop-blocktrain.png');
  await page.uncheck('#rf-block-train');
  await page.unroute('**/v1/route');

  // ---- 4b. Pre-declared cargo: the green lane box, from the link, and what the legs say ----
  const greenHelp = await page.locator('label.green-lane').getAttribute('title');
  check(/lodged before departure/.test(greenHelp) && /about an hour/.test(greenHelp) && /Rail crossings keep their time/.test(greenHelp),
    'the green lane box is explained (declaration lodged before departure, about an hour, rail keeps its time)', greenHelp);
  await page.evaluate((h) => { location.hash = h; }, '#/routes?from=CN_URUMQI&to=KZ_ALMATY&depart=2026-12-07T08:00&green_lane=1');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.from === 'CN_URUMQI' && window.__caravan.selected);
  const greenBody = await page.evaluate(() => window.__caravan.state.sets[0].body);
  const greenBorders = await page.evaluate(() => {
    const sets = window.__caravan.state.sets[0].result.itineraries;
    const road = sets.findIndex((it) => it.legs.some((l) => l.crossing?.green_lane));
    return { road, checked: document.querySelector('#rf-green-lane').checked };
  });
  check(greenBody.green_lane === true && greenBorders.checked && greenBorders.road >= 0,
    'a link with green_lane=1 ticks the box, asks for green lanes, and an option clears a road border in its green lane', JSON.stringify({ greenBody, greenBorders }));
  await page.click(`tr[data-set="0"][data-index="${greenBorders.road}"]`);
  await page.waitForFunction((n) => window.__caravan.selected?.index === n, greenBorders.road);
  const greenText = await page.locator('.itinerary').innerText();
  check(/to clear in the green lane/.test(greenText), 'the legs say the border is cleared in the green lane', greenText.slice(0, 400));
  await page.uncheck('#rf-green-lane');

  // ---- 5. Nothing wider than the window, with the days shown ----
  await page.evaluate((h) => { location.hash = h; }, KASHGAR);
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.from === 'CN_KASHGAR' && window.__caravan.selected);
  await shipDays('desktop again', page);
  const wide = [];
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w, height: w < 800 ? 844 : 900 });
    await settled(page);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), inner: innerWidth }));
    if (scroll > inner) wide.push(`${w}: ${scroll}`);
  }
  check(wide.length === 0, `routes with options and days: nothing overflows horizontally at ${WIDTHS.join(', ')} px`, wide.join('; '));

  // ---- 2. The map on a phone (last: a second browser context with 3 device pixels per CSS pixel) ----
  const phoneContext = await browser.newContext({ ...devices['iPhone 12'], reducedMotion: 'no-preference' });
  const phone = watch(await phoneContext.newPage());
  await phone.goto(`${base}/${KASHGAR}`, { waitUntil: 'domcontentloaded' });
  // The moment the chosen option is on the map: is the camera still flying there?
  const atAnswer = await phone.waitForFunction(() => window.__caravan?.selected && { moving: window.__caravan.map.isMoving(), ratio: window.__caravan.map.getPixelRatio() },
    null, { timeout: 90000 }).then((h) => h.jsonValue());
  check(!atAnswer.moving, 'phone: the map jumps to the chosen option (no flight over zooms not drawn yet)');
  check(atAnswer.ratio <= 2, `phone: the map draws ${atAnswer.ratio} device pixels per CSS pixel (the phone has 3)`);
  await phone.evaluate(() => new Promise((resolve) => { window.__caravan.map.once('idle', resolve); window.__caravan.map.triggerRepaint(); }));
  const drawn = await phone.evaluate(() => {
    const m = window.__caravan.map;
    const canvas = m.getCanvas();
    const mapBox = canvas.getBoundingClientRect();
    const sheetTop = document.querySelector('.panel').getBoundingClientRect().top;
    // the route's bounds, on the part of the map above the sheet
    const coords = window.__caravan.highlighted().features.flatMap((f) => f.geometry.coordinates);
    const pts = coords.map((c) => m.project(c));
    const inView = pts.every((p) => p.x >= 0 && p.x <= mapBox.width && p.y >= 0 && p.y <= sheetTop - mapBox.top);
    // the route's dark blue casing (#10243a at 90 %) on the canvas above the sheet
    const k = canvas.width / mapBox.width;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = Math.round((sheetTop - mapBox.top) * k);
    const g = copy.getContext('2d');
    g.drawImage(canvas, 0, 0);
    const px = g.getImageData(0, 0, copy.width, copy.height).data;
    let casing = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] < 80 && px[i + 1] < 90 && px[i + 2] < 110 && px[i + 2] > px[i] + 15) casing++; // dark blue, not the grey of a label
    return { inView, casing: casing / (k * k), points: pts.length, above: Math.round(sheetTop - mapBox.top) };
  });
  check(drawn.inView && drawn.casing > 400, `phone: the whole route is drawn above the sheet (${drawn.points} points in ${drawn.above} px, ${Math.round(drawn.casing)} px of route)`, JSON.stringify(drawn));
  await phone.screenshot({ path: path.join(outDir, 'daily-phone-map.png') });
  await phoneContext.close();

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
};
await finish('the daily browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
