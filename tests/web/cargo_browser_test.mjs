// The route form's reefer and dangerous goods, as a shipper would use them in Chromium:
//   1. A link with a reefer of fruit Tashkent → Moscow ticks the Reefer box; the one option is the
//      reefer truck (unplugged 0 h) and the stretch a reefer would spend unplugged on single wagons
//      (Kyzylorda to Aktobe) is named as left out.
//   2. Class 3 dangerous goods Ankara → Kapikule: the select says class 3, the options keep out of the
//      Marmaray tunnel and the results say which restriction decided the route; the request sent
//      carries cargo.dangerous.
// On a desktop (1400×900) and a phone (390×844); screenshots go to the output folder. No page
// errors, no request leaves 127.0.0.1.
//
//   node tests/web/cargo_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import path from 'node:path';
import { createChecks, finish, launchChromium, outsideRequests, parseArgs, settled, startServer, startWatchdog } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
const server = startServer(caravan, webDir);
let browser;
const watchdog = startWatchdog('the cargo browser test', 420, { server, browser: () => browser, counts });

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const requests = [];
  const pageErrors = [];
  const routeBodies = [];
  const open = async (hash) => {
    const p = await browser.newPage({ viewport: DESKTOP, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    p.setDefaultNavigationTimeout(90000);
    p.setDefaultTimeout(60000);
    p.on('request', (r) => {
      requests.push(r.url());
      if (r.method() === 'POST' && r.url().endsWith('/v1/route')) routeBodies.push(r.postDataJSON());
    });
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${base}/${hash}`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => window.__caravan?.selected?.itinerary, null, { timeout: 90000 });
    return p;
  };
  const shots = async (p, name) => {
    await settled(p);
    await p.screenshot({ path: path.join(outDir, `${name}-desktop.png`) });
    await p.setViewportSize(PHONE);
    await settled(p);
    await p.screenshot({ path: path.join(outDir, `${name}-phone.png`) });
  };

  // ---- 1. A reefer of fruit ----
  const cold = await open('#/routes?from=UZ_TASHKENT&to=RU_MOSCOW&depart=2026-12-07T04:00&reefer=1');
  check(await cold.isChecked('#rf-reefer'), 'reefer: the link ticks the Reefer box');
  const coldRows = await cold.locator('tr[data-set="0"]').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
  check(coldRows.length === 1 && /unplugged 0 h/.test(coldRows[0]), 'reefer: one option, the reefer truck, never unplugged', coldRows.join('\n'));
  const notes = await cold.locator('.left-out').allInnerTexts();
  check(/^Kyzylorda to Aktobe left out: a reefer would be unplugged 3\.8 d there/.test(notes[0] ?? '') && notes.length === 8
    && await cold.locator('.more-left-out summary').innerText() === '6 more left out',
    'reefer: the results name the stretch where it would be unplugged too long, the others folded', notes.join('\n'));
  check(routeBodies.some((b) => b.cargo?.reefer === true), 'reefer: the request carries cargo.reefer', JSON.stringify(routeBodies));
  await shots(cold, 'reefer');
  await cold.close();

  // ---- 2. Class 3 dangerous goods ----
  const dg = await open('#/routes?from=TR_ANKARA&to=TR_KAPIKULE&depart=2026-12-07T04:00&dangerous=3');
  check(await dg.inputValue('#rf-dangerous') === '3', 'dangerous goods: the select says class 3');
  const kept = await dg.locator('.restriction').allInnerTexts();
  check(kept.length === 2 && kept.every((k) => /^Kept off: Marmaray tunnel under the Bosporus: no dangerous goods/.test(k)),
    'dangerous goods: the results say the Marmaray rule decided the route', kept.join('\n'));
  check(routeBodies.some((b) => b.cargo?.dangerous === 3), 'dangerous goods: the request carries cargo.dangerous', JSON.stringify(routeBodies));
  await shots(dg, 'dangerous');
  await dg.close();

  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
  const outside = outsideRequests(requests);
  check(requests.length > 0 && outside.length === 0, `no request left 127.0.0.1 (${requests.length} requests)`, outside.join('\n'));
};
await finish('the cargo browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
