// Browser test of prices and risk on the route view, at a desktop size (1400×900) and on a phone
// (390×844): a real `caravan serve --port 0` and Debian's Chromium.
//   1. The risk in words: under the chosen itinerary, the sentence made from the server's own
//      summary (risk and risk_factors) of Shanghai → Rotterdam by sea, Bab-el-Mandeb named.
//   2. A rate card pasted into the form with a row naming an unknown service: nothing is planned,
//      and the server's problem at /rates/1/id is shown under the card at the card's line 3, with
//      the line as typed.
//   3. A good card uploaded as a file: the plan's cheapest cost is exactly the one POST /v1/route
//      gives for the same rows.
//   4. On a phone the card and its problems fit the sheet (nothing wider than the window).
// And no page errors. Screenshots go to the output folder.
//
//   node tests/web/prices_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import path from 'node:path';
import { createChecks, finish, launchChromium, parseArgs, settled, startServer, startWatchdog } from './harness.mjs';
import { riskWords } from '../../web/src/timeline.js';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const SEA = '#/routes?from=CN_SHANGHAI&to=NL_ROTTERDAM&depart=2026-12-07T08:00';
const BAD_CARD = 'applies_to,id,container,usd,valid_from,valid_to\nservice,kuryk-alat-ferry,40ft,1100,,\nservice,no-such-train,40ft,900,,\n';
const GOOD_CARD = 'applies_to,id,container,usd,valid_from,valid_to\nservice,shanghai-rotterdam-suez,40ft,1500,2026-01-01,2026-12-31\n';

const server = startServer(caravan, webDir);
let browser;
const watchdog = startWatchdog('the prices browser test', 420, { server, browser: () => browser, counts });
const post = async (base, body) => (await fetch(`${base}/v1/route`, { method: 'POST', body: JSON.stringify(body) })).json();

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const pageErrors = [];
  const watch = (p) => {
    p.setDefaultNavigationTimeout(90000);
    p.setDefaultTimeout(60000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) pageErrors.push(m.text()); });
    return p;
  };
  const page = watch(await browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' }));
  const planned = () => page.waitForFunction(() => window.__caravan?.selected && !document.querySelector('.route-form button[type=submit]').disabled, null, { timeout: 90000 });
  const showPlan = async () => {
    if (await page.locator('.panel-tabs button[data-pane="plan"]').isVisible()) await page.click('.panel-tabs button[data-pane="plan"]');
  };

  // ---- 1. The risk in words ----
  await page.goto(`${base}/${SEA}`, { waitUntil: 'domcontentloaded' });
  await planned();
  const answer = await post(base, { from: 'CN_SHANGHAI', to: 'NL_ROTTERDAM', depart: '2026-12-07T08:00Z', objectives: ['time', 'cost', 'co2'], containers: 1 });
  const first = answer.itineraries[0].summary;
  const words = await page.locator('.pane-itinerary .risk-words').textContent();
  check(words === riskWords(first), 'the chosen itinerary says its risk in words, from the server\'s risk_factors', `${words} ≠ ${riskWords(first)}`);
  const sea = answer.itineraries.find((it) => it.summary.risk_factors.some((f) => f.id === 'CHK_BABELMANDEB'));
  check(Boolean(sea) && /Bab-el-Mandeb 50\.0 %/.test(riskWords(sea.summary)), 'a route through the Red Sea names Bab-el-Mandeb and its 50 % in the words');
  await page.screenshot({ path: path.join(outDir, 'prices-risk-desktop.png') });

  // ---- 2. A bad rate card: its problem at the card's line ----
  await showPlan();
  await page.click('.rate-card summary');
  await page.fill('#rf-rates', BAD_CARD);
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('.rate-card-errors li').length > 0);
  const shown = await page.locator('.rate-card-errors li').allTextContents();
  check(shown.length === 1 && shown[0] === "line 3, id: unknown service 'no-such-train'service,no-such-train,40ft,900,,",
    'the server\'s problem at /rates/1/id is shown at the card\'s line 3, with the line as typed', JSON.stringify(shown));
  const formProblem = await page.locator('.route-form .form-errors').textContent();
  check(/rate card line 3, id/.test(formProblem), 'the form\'s problem names the card\'s line too', formProblem);
  await settled(page);
  await page.screenshot({ path: path.join(outDir, 'prices-rate-card-error-desktop.png') });

  // ---- 3. A good card uploaded: the plan prices with it ----
  await page.setInputFiles('input[name="ratesFile"]', { name: 'contract.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CARD) });
  await page.waitForFunction((t) => document.querySelector('#rf-rates').value === t, GOOD_CARD);
  check((await page.locator('.rates-status').textContent()) === '1 row', 'the uploaded card is in the form: 1 row');
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => window.__caravan.state.sets[0]?.body.rates?.length === 1 && window.__caravan.selected
    && !document.querySelector('.route-form button[type=submit]').disabled);
  const withCard = await post(base, { from: 'CN_SHANGHAI', to: 'NL_ROTTERDAM', depart: '2026-12-07T08:00Z', objectives: ['time', 'cost', 'co2'], containers: 1,
    rates: [{ applies_to: 'service', id: 'shanghai-rotterdam-suez', container: '40ft', usd: 1500, valid_from: '2026-01-01', valid_to: '2026-12-31' }] });
  const cheapest = (sets) => Math.min(...sets.map((it) => it.summary.cost_usd));
  const pageCheapest = await page.evaluate(() => Math.min(...window.__caravan.state.sets[0].result.itineraries.map((it) => it.summary.cost_usd)));
  check(pageCheapest === cheapest(withCard.itineraries) && pageCheapest !== cheapest(answer.itineraries),
    `the plan prices with the card: cheapest USD ${pageCheapest}, as POST /v1/route with the rows (without: ${cheapest(answer.itineraries)})`);
  check((await page.locator('.rate-card-errors li').count()) === 0, 'a good card leaves no problems under it');

  // ---- 4. On a phone ----
  await page.setViewportSize(PHONE);
  await showPlan();
  await page.fill('#rf-rates', BAD_CARD);
  await page.click('.route-form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('.rate-card-errors li').length > 0);
  await page.locator('.rate-card').scrollIntoViewIfNeeded();
  await settled(page);
  const { scroll, inner } = await page.evaluate(() => ({ scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), inner: innerWidth }));
  check(scroll <= inner, `phone: the card and its problem fit the window (${scroll} px in ${inner})`);
  await page.screenshot({ path: path.join(outDir, 'prices-rate-card-error-phone.png') });

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
};
await finish('the prices browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
