// Browser test of what a planner actually sees of the map: a page screenshot (what the compositor
// shows, not what the map's canvas holds) after planning Xi'an → Tashkent, on a desktop
// (1400×900, 1 device pixel per CSS pixel) and then, in the same browser (a second map), on a
// phone (390×844, 3 device pixels per CSS pixel, touch) with each pane of the bottom sheet open.
// The map's part of the screenshot must hold the route's casing around the route's own projected
// box, mostly the land's and the sea's colours (at least a fifth land), and almost none (< 2 %) of
// the page's background colour. So must the map around a crossing's popup that scrolls.
//
// Chromium's software compositor (`--disable-gpu`) drew the page's background instead of the map
// above the phone's sheet while the sheet's Options pane, a scroll container, painted its own
// opaque white background (docs/web.md, "Phones"); this test shows it.
//
//   node tests/web/map_screenshot_browser_test.mjs --caravan build/caravan --web web/dist --out build/web-test
import path from 'node:path';
import { createChecks, finish, launchChromium, parseArgs, settled, startServer, startWatchdog } from './harness.mjs';

const { caravan, webDir, outDir } = parseArgs();
const { check, counts } = createChecks();
const XIAN = '#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08:00';

const server = startServer(caravan, webDir);
let browser;
const watchdog = startWatchdog('the map screenshot browser test', 420, { server, browser: () => browser, counts });

const mapIdle = (page) => page.evaluate(() => new Promise((resolve) => {
  window.__caravan.map.once('idle', resolve);
  window.__caravan.map.triggerRepaint();
}));

// The map's visible part (under the header, above the phone's sheet) and the route's projected box
// in it, in CSS pixels of the page.
const geometry = (page) => page.evaluate(() => {
  const m = window.__caravan.map;
  const box = m.getCanvas().getBoundingClientRect();
  const sheet = document.querySelector('.panel');
  const sheetTop = getComputedStyle(sheet).position === 'absolute' ? sheet.getBoundingClientRect().top : box.bottom;
  const pts = window.__caravan.highlighted().features.flatMap((f) => f.geometry.coordinates).map((c) => m.project(c));
  const xs = pts.map((p) => p.x + box.left);
  const ys = pts.map((p) => p.y + box.top);
  return { area: { left: box.left, top: box.top, right: box.right, bottom: Math.min(box.bottom, sheetTop) },
    route: { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) } };
});

// Counts colours in a page screenshot, decoded by the browser itself. Inside `area`: the land
// (#f7f5f0), the sea (#d7e6f1) and the page's background (#f3f5f8) exactly; inside `route`
// (grown by 8 px): the route's dark blue casing (#10243a at 90 %; dark blue, not a label's grey).
async function screenshotColours(page, file, area, route) {
  const png = await page.screenshot({ path: path.join(outDir, file) });
  return page.evaluate(async ({ b64, area, route }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(img, 0, 0);
    const k = img.width / innerWidth;
    const pixels = (r) => {
      const x = Math.max(0, Math.round(r.left * k)), y = Math.max(0, Math.round(r.top * k));
      const w = Math.min(img.width, Math.round(r.right * k)) - x, h = Math.min(img.height, Math.round(r.bottom * k)) - y;
      return w > 0 && h > 0 ? g.getImageData(x, y, w, h).data : new Uint8ClampedArray(0);
    };
    const is = (px, i, [r, gr, b]) => px[i] === r && px[i + 1] === gr && px[i + 2] === b;
    const a = pixels(area);
    let land = 0, sea = 0, background = 0;
    for (let i = 0; i < a.length; i += 4) {
      if (is(a, i, [247, 245, 240])) land++;
      else if (is(a, i, [215, 230, 241])) sea++;
      else if (is(a, i, [243, 245, 248])) background++;
    }
    const r = pixels({ left: route.left - 8, top: route.top - 8, right: route.right + 8, bottom: route.bottom + 8 });
    let casing = 0;
    for (let i = 0; i < r.length; i += 4) if (r[i] < 80 && r[i + 1] < 90 && r[i + 2] < 110 && r[i + 2] > r[i] + 15) casing++;
    const n = a.length / 4;
    return { land: land / n, sea: sea / n, background: background / n, casingCssPx: Math.round(casing / (k * k)) };
  }, { b64: png.toString('base64'), area, route });
}

async function checkShot(label, page, file) {
  await mapIdle(page);
  await settled(page);
  const { area, route } = await geometry(page);
  const inside = route.left >= area.left && route.right <= area.right && route.top >= area.top && route.bottom <= area.bottom;
  const c = await screenshotColours(page, file, area, route);
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  check(inside, `${label}: the route's box lies in the map's visible part`, JSON.stringify({ area, route }));
  check(c.casingCssPx > 300 && c.land > 0.2 && c.land + c.sea > 0.5 && c.background < 0.02,
    `${label}: the screenshot shows the map: ${c.casingCssPx} px of the route's casing where the route is, land ${pct(c.land)}, sea ${pct(c.sea)}, page background ${pct(c.background)}`,
    JSON.stringify({ ...c, area, route }));
}

const test = async () => {
  const base = await server.started;
  browser = await launchChromium();
  const pageErrors = [];
  const watch = (p) => {
    p.setDefaultNavigationTimeout(90000);
    p.setDefaultTimeout(90000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    return p;
  };
  const open = async (p) => {
    await p.goto(`${base}/${XIAN}`, { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => window.__caravan?.selected, null, { timeout: 120000 });
  };

  // A desktop, kept open: the phone's map below is the second map in this browser.
  const desktop = watch(await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 }));
  await open(desktop);
  await checkShot('desktop 1400×900', desktop, 'shot-desktop-route.png');
  // A crossing's popup long enough to scroll (Khorgos–Altynkol: the crossings at Khorgos and Alashankou–Dostyk, rail and road).
  const at = await desktop.evaluate(() => {
    const m = window.__caravan.map;
    const box = m.getCanvas().getBoundingClientRect();
    const f = m.queryRenderedFeatures({ layers: ['crossings'] }).find((x) => x.properties.id === 'khorgos-altynkol');
    const p = m.project(f.geometry.coordinates);
    return { x: p.x + box.left, y: p.y + box.top };
  });
  await desktop.mouse.click(at.x, at.y);
  await desktop.locator('.popup-body').first().waitFor();
  const scrolls = await desktop.evaluate(() => { const b = document.querySelector('.popup-body'); return b.scrollHeight > b.clientHeight; });
  const { area, route } = await geometry(desktop);
  const c = await screenshotColours(desktop, 'shot-desktop-popup.png', area, route);
  check(scrolls && c.background < 0.02 && c.land > 0.2,
    `desktop 1400×900 with a crossing's popup that scrolls: the map shows around it (page background ${(c.background * 100).toFixed(1)} %, land ${(c.land * 100).toFixed(1)} %)`,
    JSON.stringify({ scrolls, ...c }));
  await desktop.locator('.maplibregl-popup-close-button').click();

  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const phone = watch(await phoneContext.newPage());
  await open(phone);
  // Planning shows the Options pane in the sheet; then the itinerary and the form.
  check(await phone.locator('.pane-options.active').isVisible(), 'phone: planning opens the Options pane in the sheet');
  await checkShot('phone 390×844 ×3, Options', phone, 'shot-phone-options.png');
  for (const pane of ['itinerary', 'plan']) {
    await phone.click(`.panel-tabs button[data-pane="${pane}"]`);
    await checkShot(`phone 390×844 ×3, ${pane[0].toUpperCase()}${pane.slice(1)}`, phone, `shot-phone-${pane}.png`);
  }
  await phoneContext.close();
  await desktop.close();
  check(pageErrors.length === 0, 'no errors in the page', pageErrors.join('\n'));
};
await finish('the map screenshot browser test', test, { browser: () => browser, server, watchdog, check, counts, outDir });
