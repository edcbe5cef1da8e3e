// The route planner view: the form, the Pareto options (table + chart), the chosen itinerary on
// the map with its timeline and documents, and the side-by-side comparison with a scenario.
import { describeProblem } from '../api.js';
import { drawScatter, legendHtml } from '../chart.js';
import { escapeHtml, formatCo2e, formatDelta, formatDuration, formatKm, formatLocal, formatRisk, formatUsd, formatUsdCents } from '../format.js';
import { boundsOf, nodePositions, traceItinerary } from '../geometry.js';
import { createMap } from '../map.js';
import { SERIES_COLORS } from '../palette.js';
import { declarationItinerary, officeCodes, placeNames } from '../declaration.js';
import { EXAMPLE_DEMAND, flowFeatures, parseDemand } from '../flow.js';
import { problemHtml } from '../problem.js';
import { CHOKEPOINTS, FIELD_LABELS, OBJECTIVES, accessNotes, buildRouteRequest, departToIso, withScenario } from '../request.js';
import { renderItinerary } from '../timeline.js';
import { EXAMPLE_RATE_CARD, parseRateCard, rateCardMessage, rateCardPlace } from '../ratecard.js';
import { attachPlaceAutocomplete } from './place-autocomplete.js';
import { departProblem, hashToQuery, queryKey, queryToHash } from '../url-state.js';
import { countryName, coveredPlaces, exactPlace, placeIndex, suggestPlaces } from '../places.js';
import { download, fileSlug, itineraryGeojson, optionsCsv } from '../export.js';
import { SHIP_DAYS, shipDayCaveat, shipDayRequest, shipDayRows } from '../shipday.js';

const OBJECTIVE_LABELS = { time: 'Time', cost: 'Cost', co2: 'CO2e', risk: 'Risk' };

// Short explanations, shown on hover (title) and in the help panel ("?").
const HELP_TERMS = {
  objectives: ['Objectives', 'What the options are compared on. Caravan lists every option that no other option beats on all the chosen objectives at once (the Pareto options): with time and cost, a faster option costs more, a cheaper one takes longer.'],
  time: ['Time', 'Door to door, from the departure to the cargo being released at the destination: moving, handling, waiting for departures and openings, and border clearance. Hours and days.'],
  cost: ['Cost', 'What the shipment costs in US dollars: freight, handling, gauge changes and border fees, for all the containers (the itinerary also shows it per container).'],
  co2: ['CO2e', 'Greenhouse gas emissions in CO2 equivalent, well to wheel, for the whole shipment: kg or tonnes.'],
  risk: ['Risk', 'The chance, in per cent, that the shipment meets at least one closure, stoppage or forced diversion of something it passes (a chokepoint, a port, a border, a line), each counted as the share of passages disrupted over the period its source describes: Bab-el-Mandeb 50 % (Red Sea transits roughly halved in early 2024 after the attacks on shipping), Suez 5 % (the Ever Given blockage of March 2021), borders and the way itself by their own figures. The chances combine as independent; the itinerary lists what its risk is made of. A chance per trip, not a delay and not a price.'],
  epsilon: ['ε (epsilon)', 'How different two options must be to both be listed: an option within 5 % of another on every objective is not shown (the server\'s default), so the list stays short.'],
  cargo: ['Cargo', 'Full containers (FCL) are planned box by box. Groupage (LCL) is a consignment that shares a forwarder\'s container: it is handed in at a consolidation hub by its cut-off, rides groupage services and is stripped at the destination hub; it is priced per W/M (revenue tonne), the larger of its volume in m³ and its weight in tonnes. A parcel rides express trucks and flights, priced per chargeable kg; the results name the duty-free (de minimis) rule it meets at the border.'],
  reefer: ['Reefer', 'A temperature-controlled container. It rides only what powers it: its own truck\'s unit on the road, ships\' plugs at sea and the services that carry reefers (the Moscow–Xi\'an cold-chain train); in terminals and on single wagons it runs unplugged, and a route that leaves it unplugged longer than 72 hours is not offered (the results say which). Road legs emit 12 % more CO2e, sea legs 83 % more.'],
  dangerous: ['Dangerous goods', 'The UN class of dangerous goods (1 explosives … 9 miscellaneous). The route keeps out of what forbids the class (the Marmaray tunnel under the Bosporus); where no rule was published (mountain tunnels, the Caspian ferries) it is offered and flagged. The papers add the ADR, RID, SMGS Annex 2 or IMDG entries of each leg.'],
  blockTrain: ['Block train of our own', 'Rail without a scheduled service: a shipment below a whole train (41 FEU, 82 TEU) rides single wagons at each country\'s commercial speed, slower and waiting for the wagons to be gathered. A train of your own runs at line speed and leaves at any hour, but is paid whole, however few containers it carries. From 41 FEU a shipment has a train of its own anyway. The legs say which (single wagons, block train).'],
  greenLane: ['Pre-declared (green lane)', 'The cargo\'s transit declaration is lodged before departure (or the shipper is an authorised economic operator). Road crossings then clear it in their green lanes in about an hour, as China\'s green channels at Bakhty and Khorgos do, instead of the published average time, which is mostly queueing. Opening hours still apply: a truck that reaches a closed border waits for it to open. Rail crossings keep their time: a train\'s border time is its processing and gauge change.'],
  rates: ['Rate card', 'Your own contracted prices, as CSV: applies_to (service, link, crossing or mode), id (the element\'s id, or the mode\'s name), container (20ft, 40ft, 45ft or any), usd (per container; per container and km for a mode), valid_from and valid_to (dates, empty for open). Each row replaces the bundled price of what it names; a card with any bad row plans nothing, and each problem is shown at its line.'],
  scenario: ['Scenario', 'A changed network, such as a border closed or a new railway open: plan under it, or compare it with the baseline.'],
};
const HELP = Object.fromEntries(Object.entries(HELP_TERMS).map(([k, [, text]]) => [k, text]));
// UN dangerous goods classes, as the select names them.
const DANGEROUS_CLASSES = [['1', 'explosives'], ['2', 'gases'], ['3', 'flammable liquids'], ['4', 'flammable solids'], ['5', 'oxidizers, peroxides'],
  ['6', 'toxic, infectious'], ['7', 'radioactive'], ['8', 'corrosives'], ['9', 'miscellaneous']];
const CHOKEPOINT_LABELS = { suez: 'Suez', 'bab-el-mandeb': 'Bab-el-Mandeb', hormuz: 'Hormuz', malacca: 'Malacca', bosporus: 'Bosporus', gibraltar: 'Gibraltar', cape: 'Cape of Good Hope' };

// Next Monday 08:00 UTC, as <input type="datetime-local"> wants it.
function defaultDeparture(now = new Date()) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8, 0));
  d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
  return d.toISOString().slice(0, 16);
}

// The view is a map with three panes: the form (Plan), the options table and chart (Options) and
// the chosen itinerary (Itinerary). Wide screens show the three side by side (each can be folded
// away); narrower ones show one pane at a time under tabs, and phones put them in a bottom sheet
// over a full-width map (style.css has the three layouts).
const TEMPLATE = `
<div class="routes-layout">
  <div class="panel">
    <nav class="panel-tabs" aria-label="Panels">
      <button type="button" data-pane="plan" class="active">Plan</button>
      <button type="button" data-pane="options" disabled>Options</button>
      <button type="button" data-pane="itinerary" disabled>Itinerary</button>
      <button type="button" class="sheet-toggle" aria-expanded="true" title="Fold the panel away to see the map">▾</button>
    </nav>
    <aside class="pane pane-plan sidebar active" data-pane="plan">
    <form class="route-form card" novalidate>
      <div class="pane-head"><h2>Plan a route</h2><button type="button" class="fold" data-fold="plan" title="Hide the form (more room for the map)">«</button></div>
      <div class="field place"><label for="rf-from">From</label><input id="rf-from" name="from" autocomplete="off" placeholder="city, terminal, port or UN/LOCODE" /></div>
      <div class="vias"></div>
      <div class="field place"><label for="rf-to">To</label><input id="rf-to" name="to" autocomplete="off" placeholder="city, terminal, port or UN/LOCODE" /></div>
      <div class="place-actions">
        <button type="button" class="link add-via" title="Go through another place on the way">+ via point</button>
        <button type="button" class="link swap" title="Swap From and To">⇅ swap</button>
        <button type="button" class="link show-covered" aria-expanded="false">covered places</button>
        <span class="hint">or click a place on the map</span>
      </div>
      <div class="covered-places" hidden></div>
      <div class="row">
        <div class="field"><label for="rf-depart">Departure (UTC)</label><input id="rf-depart" name="depart" type="datetime-local" /></div>
      </div>
      <div class="row">
        <div class="field cargo-kind"><label for="rf-cargo" title="${escapeHtml(HELP.cargo)}">Cargo</label>
          <select id="rf-cargo" name="cargo"><option value="fcl">Full containers (FCL)</option><option value="lcl">Groupage (LCL)</option><option value="parcel">Parcel (express truck, air)</option></select></div>
        <div class="field containers"><label for="rf-containers">Containers</label>
          <div class="inline"><input id="rf-containers" name="containers" type="number" min="1" max="10000" value="1" />
          <select id="rf-container" name="container" aria-label="container size"><option>40ft</option><option>20ft</option><option>45ft</option></select></div></div>
      </div>
      <div class="row lcl-fields" hidden>
        <div class="field"><label for="rf-weight">Weight (kg)</label><input id="rf-weight" name="weightKg" type="number" min="0" step="any" inputmode="decimal" /></div>
        <div class="field"><label for="rf-volume">Volume (m³)</label><input id="rf-volume" name="volumeM3" type="number" min="0" step="any" inputmode="decimal" /></div>
        <div class="field"><label for="rf-pieces">Pieces</label><input id="rf-pieces" name="pieces" type="number" min="1" step="1" /></div>
        <div class="field parcel-value" hidden><label for="rf-value">Value (USD)</label><input id="rf-value" name="valueUsd" type="number" min="0" step="any" inputmode="decimal" /></div>
      </div>
      <div class="row cargo-nature">
        <label class="check reefer" title="${escapeHtml(HELP.reefer)}"><input type="checkbox" id="rf-reefer" name="reefer" />Reefer
          <button type="button" class="help-link" data-help="reefer" aria-label="What does a reefer change?">?</button></label>
        <div class="field dangerous"><label for="rf-dangerous" title="${escapeHtml(HELP.dangerous)}">Dangerous goods</label>
          <select id="rf-dangerous" name="dangerous"><option value="">none</option>${DANGEROUS_CLASSES.map(([c, name]) => `<option value="${c}">class ${c}: ${name}</option>`).join('')}</select></div>
      </div>
      <p class="hint lcl-hint" hidden>Groupage shares a forwarder's container between consolidation hubs (Urumqi, Almaty, Tashkent) and is priced per W/M: the larger of m³ and tonnes.</p>
      <p class="hint parcel-hint" hidden>A parcel rides express trucks and flights, priced per chargeable kg (the larger of its weight and its volume over the carrier's divisor); its value is compared with each country's duty-free limit.</p>
      <label class="check block-train" title="${escapeHtml(HELP.blockTrain)}"><input type="checkbox" id="rf-block-train" name="blockTrain" />Block train of our own
        <button type="button" class="help-link" data-help="blockTrain" aria-label="What is a block train of our own?">?</button></label>
      <p class="hint block-train-hint">Below a whole train (41 FEU) a container rides scheduled services or single wagons; a train of your own runs at line speed, any hour, and is paid whole.</p>
      <label class="check green-lane" title="${escapeHtml(HELP.greenLane)}"><input type="checkbox" id="rf-green-lane" name="greenLane" />Pre-declared (green lane)
        <button type="button" class="help-link" data-help="greenLane" aria-label="What is a green lane?">?</button></label>
      <details class="rate-card field">
        <summary title="${escapeHtml(HELP.rates)}">Rate card <small>your contracted prices</small></summary>
        <p class="hint">Paste or upload a CSV with the header <code>applies_to,id,container,usd,valid_from,valid_to</code>: its rows replace the bundled prices of the services, links, crossings and modes they name, on the dates they give.</p>
        <textarea id="rf-rates" name="rates" rows="5" wrap="off" spellcheck="false" aria-label="rate card CSV" placeholder="${escapeHtml(EXAMPLE_RATE_CARD)}"></textarea>
        <div class="rate-card-actions"><label class="link upload-rates">Upload CSV…<input type="file" name="ratesFile" accept=".csv,text/csv,text/plain" /></label>
          <button type="button" class="link example-rates">example</button><button type="button" class="link clear-rates">clear</button><span class="rates-status hint" role="status"></span></div>
        <ul class="rate-card-errors" role="alert"></ul>
      </details>
      <fieldset class="field"><legend title="${escapeHtml(HELP.objectives)}">Objectives <button type="button" class="help-link" data-help="objectives" aria-label="What are objectives?">?</button></legend>
        ${OBJECTIVES.map((o) => `<label class="check" title="${escapeHtml(HELP[o])}"><input type="checkbox" name="objectives" value="${o}" ${o !== 'risk' ? 'checked' : ''}/>${OBJECTIVE_LABELS[o]}</label>`).join('')}
      </fieldset>
      <div class="help-panel card" hidden>
        <div class="pane-head"><h3>What the words mean</h3><button type="button" class="link close-help">close</button></div>
        <dl>${Object.entries(HELP_TERMS).map(([k, [term, text]]) => `<dt data-term="${k}">${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>
      </div>
      <div class="field"><label for="rf-avoid-countries">Avoid countries</label><input id="rf-avoid-countries" name="avoidCountries" placeholder="ISO codes, e.g. RU, IR" /></div>
      <div class="field"><label for="rf-avoid-crossings">Avoid borders and crossings</label><input id="rf-avoid-crossings" name="avoidCrossings" placeholder="e.g. CN-KZ (the whole border), Torugart" /></div>
      <fieldset class="field"><legend>Avoid chokepoints</legend>
        ${CHOKEPOINTS.map((c) => `<label class="check"><input type="checkbox" name="avoidChokepoints" value="${c}" />${CHOKEPOINT_LABELS[c]}</label>`).join('')}
      </fieldset>
      <div class="row">
        <div class="field"><label for="rf-scenario">Scenario</label><select id="rf-scenario" name="scenario"><option value="">Baseline</option></select></div>
        <div class="field"><label for="rf-compare">Compare with</label><select id="rf-compare" name="compare"><option value="">(no comparison)</option></select></div>
      </div>
      <p class="scenario-note" hidden></p>
      <p class="departure-note warning" role="status" hidden></p>
      <div class="form-errors" role="alert"></div>
      <button type="submit" class="primary">Plan route</button>
    </form>
    <form class="flow-form card" novalidate>
      <label class="check flow-toggle"><input type="checkbox" id="flow-toggle" name="show" /><span><b>Flow layer</b>: how a year's demand loads the corridors (TEU per day against capacity)</span></label>
      <div class="flow-body" hidden>
        <div class="field"><label for="flow-demand">Demand (origin,destination,teu_per_year,cargo_class)</label><textarea id="flow-demand" name="demand" rows="6" spellcheck="false"></textarea></div>
        <div class="form-errors flow-errors" role="alert"></div>
        <button type="submit" class="secondary">Assign</button>
        <p class="flow-summary hint"></p>
        <div class="flow-legend">
          <span class="legend-item"><i class="line" style="background:#2e7d32"></i>&lt; 50 %</span><span class="legend-item"><i class="line" style="background:#f2b705"></i>50 %</span>
          <span class="legend-item"><i class="line" style="background:#e07b1a"></i>80 %</span><span class="legend-item"><i class="line" style="background:#c62828"></i>≥ 100 %</span>
          <span class="legend-item"><i class="line" style="background:#8a94a3"></i>no capacity</span><span class="legend-item"><i class="line dashed" style="color:#111"></i>saturated</span>
          <span class="legend-item">width: TEU/day</span>
        </div>
      </div>
    </form>
    </aside>
    <section class="pane pane-options results" data-pane="options" hidden>
      <div class="pane-head"><h2>Options</h2><span class="export-actions"><button type="button" class="link export-csv" title="The options table as CSV (a spreadsheet)">CSV</button>
        <button type="button" class="fold" data-fold="options" title="Fold the options away (more room for the map)">▾</button></span></div>
      <p class="departure-note-copy warning" hidden></p>
      <div class="results-body">
        <div class="results-tables"></div>
        <div class="results-chart"><div class="chart-title">Duration vs cost <small>(point area: CO2e)</small></div><svg class="chart" role="img" aria-label="options chart"></svg><div class="chart-legend"></div></div>
      </div>
      <div class="ship-day">
        <div class="ship-day-head"><h3>Which day to ship</h3>
          <button type="button" class="secondary small ship-day-load" title="The fastest and the cheapest option for each of the next ${SHIP_DAYS} daily departures">Compare the next ${SHIP_DAYS} days</button></div>
        <div class="ship-day-body"></div>
      </div>
    </section>
    <aside class="pane pane-itinerary" data-pane="itinerary" hidden>
      <div class="pane-head"><h2>Itinerary</h2><span class="export-actions">
        <button type="button" class="link export-geojson" title="The chosen itinerary's legs as GeoJSON (for a GIS)">GeoJSON</button>
        <button type="button" class="link export-json" title="The server's answer, as it came">JSON</button>
        <button type="button" class="link print" title="A one-page itinerary: map, timeline, legs, documents, costs">Print</button>
        <button type="button" class="fold" data-fold="itinerary" title="Hide the itinerary (more room for the map)">»</button></span></div>
      <div class="print-only print-header"><h1 class="print-title"></h1><div class="print-map"><img alt="the itinerary on the map" /></div></div>
      <div class="itinerary card"></div>
    </aside>
  </div>
  <div class="map-area">
    <div class="map"></div>
    <div class="map-loading" role="status"><span class="spinner"></span>Loading the map and the corridor network…</div>
    <details class="map-legend"><summary>Legend</summary><div class="legend-items"></div></details>
    <div class="unfold-buttons">
      <button type="button" class="unfold" data-unfold="plan" hidden>☰ Plan</button>
      <button type="button" class="unfold" data-unfold="options" hidden>▴ Options</button>
      <button type="button" class="unfold" data-unfold="itinerary" hidden>Itinerary «</button>
    </div>
  </div>
</div>`;

// Panes by layout: 'wide' shows them side by side, 'tabs' one at a time beside the map, 'sheet'
// one at a time in a bottom sheet over the map. The breakpoints match style.css.
const WIDE = '(min-width: 1200px)';
const PHONE = '(max-width: 720px)';
const layoutOf = () => (matchMedia(WIDE).matches ? 'wide' : matchMedia(PHONE).matches ? 'sheet' : 'tabs');

export const routesView = {
  id: 'routes',
  title: 'Routes',
  // Named steps, each wiring one part of the view; they share one context object.
  mount(root, shell) {
    root.innerHTML = TEMPLATE;
    const $ = (sel) => root.querySelector(sel);
    const ctx = {
      root, $, api: shell.api, shell,
      form: $('.route-form'),
      mapView: createMap($('.map')),
      state: { sets: [], selected: null, scenarios: [] },
      networks: new Map(), // scenario ('' = baseline) → Promise<{geojson, positions}>
    };
    setupPanes(ctx);
    setupNetwork(ctx);
    setupScenarios(ctx);
    setupForm(ctx);
    setupPlaces(ctx);
    setupResults(ctx);
    setupFlowLayer(ctx);
    setupUrlState(ctx);
    setupExport(ctx);
    setupShipDay(ctx);
    // For the browser tests and for debugging from the console.
    window.__caravan = Object.assign(window.__caravan ?? {}, { map: ctx.mapView.map, loaded: ctx.mapView.loaded, highlighted: ctx.mapView.highlighted,
      state: ctx.state, selected: null, flow: ctx.flow, panes: ctx.panes, urlRestored: ctx.urlRestored,
      preparePrint: ctx.preparePrint, departureNote: ctx.departureNote });
  },
};

// The panes: tabs (narrow screens), the bottom sheet's fold (phones) and each pane's fold (wide).
function setupPanes(ctx) {
  const { root, $ } = ctx;
  const layout = $('.routes-layout');
  const panel = $('.panel');
  const folded = new Set();
  const panes = {
    layout: layoutOf,
    // Shows a pane (on narrow screens the others step back) and unfolds it.
    show(name) {
      for (const b of root.querySelectorAll('.panel-tabs button[data-pane]')) b.classList.toggle('active', b.dataset.pane === name);
      for (const p of root.querySelectorAll('.pane')) p.classList.toggle('active', p.dataset.pane === name);
      panes.unfold(name);
      panes.sheet(true);
    },
    // A pane with content: its tab is enabled and the pane shown.
    enable(name, on = true) {
      root.querySelector(`.panel-tabs button[data-pane="${name}"]`).disabled = !on;
      root.querySelector(`.pane[data-pane="${name}"]`).hidden = !on;
      layout.classList.toggle(`has-${name}`, on);
      syncUnfold();
    },
    fold(name) { folded.add(name); layout.classList.add(`folded-${name}`); syncUnfold(); },
    unfold(name) { folded.delete(name); layout.classList.remove(`folded-${name}`); syncUnfold(); },
    folded: () => [...folded],
    // The phone's bottom sheet: open (a pane shown) or folded down to its tabs.
    sheet(open) {
      panel.classList.toggle('sheet-folded', !open);
      $('.sheet-toggle').setAttribute('aria-expanded', String(open));
      $('.sheet-toggle').textContent = open ? '▾' : '▴';
    },
    // Room the map must leave for the panes over it, for fitting a route into view.
    padding() {
      // the legend over the map's top left (folded on narrow screens; a strip above the map on wide ones)
      const pad = { top: layoutOf() === 'wide' ? 30 : 60, bottom: 40, left: 50, right: 60 };
      if (layoutOf() === 'sheet') pad.bottom += panel.getBoundingClientRect().height;
      return pad;
    },
  };
  function syncUnfold() {
    for (const b of root.querySelectorAll('[data-unfold]'))
      b.hidden = !(folded.has(b.dataset.unfold) && !root.querySelector(`.pane[data-pane="${b.dataset.unfold}"]`).hidden);
  }
  $('.panel-tabs').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-pane]');
    if (b) panes.show(b.dataset.pane);
    else if (e.target.closest('.sheet-toggle')) panes.sheet(panel.classList.contains('sheet-folded'));
  });
  root.addEventListener('click', (e) => {
    const f = e.target.closest('[data-fold]');
    if (f) panes.fold(f.dataset.fold);
    const u = e.target.closest('[data-unfold]');
    if (u) panes.unfold(u.dataset.unfold);
  });
  // MapLibre follows its container's size, but not a grid column that changes without a resize event.
  // The chosen route stays in view when the panes fold or the window changes size.
  let refit = null;
  new ResizeObserver(() => {
    ctx.mapView.map.resize();
    clearTimeout(refit);
    refit = setTimeout(() => ctx.mapView.refit(ctx.panes.padding()), 150);
  }).observe($('.map'));
  // A phone's sheet covers the bottom of the map: the scale bar and the credits stand on it
  // (style.css, --sheet-height), and the chosen route is fitted again into the map above it when
  // the sheet opens, folds or shows a pane of another height.
  let sheetHeight = -1;
  new ResizeObserver(() => {
    const h = layoutOf() === 'sheet' ? Math.round(panel.getBoundingClientRect().height) : 0;
    layout.style.setProperty('--sheet-height', `${h}px`);
    if (h === sheetHeight) return;
    sheetHeight = h;
    if (h > 0) {
      clearTimeout(refit);
      refit = setTimeout(() => ctx.mapView.refit(ctx.panes.padding()), 150);
    }
  }).observe(panel);
  $('.legend-items').innerHTML = mapLegendHtml();
  // The legend is open on a wide screen and folded on narrower ones, where it would cover the map;
  // also when the window changes size across the breakpoint.
  $('.map-legend').open = layoutOf() === 'wide';
  matchMedia(WIDE).addEventListener('change', (e) => { $('.map-legend').open = e.matches; });
  ctx.panes = panes;
}

// The network of a scenario, fetched once and indexed for tracing; the one shown on the map.
function setupNetwork(ctx) {
  let shownNetwork = null;
  ctx.networkOf = (scenario) => {
    if (!ctx.networks.has(scenario))
      ctx.networks.set(scenario, ctx.api.network(scenario).then((geojson) => ({ geojson, positions: nodePositions(geojson) })));
    return ctx.networks.get(scenario);
  };
  ctx.showNetwork = async (scenario) => {
    if (shownNetwork === scenario) return;
    shownNetwork = scenario;
    const { geojson } = await ctx.networkOf(scenario);
    await ctx.mapView.setNetwork(geojson);
  };
  // The map is blank until the countries and the network are drawn (seconds on a busy machine):
  // the overlay says so until then.
  ctx.networkShown = ctx.showNetwork('').then(() => ctx.mapView.loaded).then(
    () => { ctx.$('.map-loading').hidden = true; },
    (e) => { ctx.$('.map-loading').textContent = `The network could not be loaded: ${e.message}`; ctx.showProblem(e); });
}

// The scenario lists (plan under, compare with) and the note describing the chosen ones.
function setupScenarios(ctx) {
  const { form, state, $ } = ctx;
  ctx.scenariosLoaded = ctx.api.scenarios().then(({ scenarios }) => {
    state.scenarios = scenarios;
    for (const select of [form.elements.scenario, form.elements.compare])
      for (const s of scenarios) select.add(new Option(s.name, s.name));
  }, (e) => ctx.showProblem(e));
  ctx.describeScenario = () => describeScenario();
  const describeScenario = () => {
    const names = [form.elements.scenario.value, form.elements.compare.value].filter(Boolean);
    const note = $('.scenario-note');
    note.hidden = names.length === 0;
    note.innerHTML = names.map((n) => {
      const s = state.scenarios.find((x) => x.name === n);
      return s ? `<b>${escapeHtml(s.name)}</b>: ${escapeHtml(s.description)}` : '';
    }).join('<br>');
  };
  for (const select of [form.elements.scenario, form.elements.compare])
    select.addEventListener('change', () => {
      describeScenario();
      ctx.showNetwork(form.elements.compare.value || form.elements.scenario.value).catch(ctx.showProblem);
    });
}

// The route form: places, options, the problems the form or the server finds, and planning.
function setupForm(ctx) {
  const { form, state, $, api, root } = ctx;
  form.elements.depart.value = defaultDeparture();

  ctx.readForm = () => {
    const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    const place = (input) => (input.dataset.placeId && input.dataset.placeName === input.value ? input.dataset.placeId : ctx.exactId(input.value));
    return {
      from: place(form.elements.from),
      to: place(form.elements.to),
      via: [...form.querySelectorAll('input[name="via"]')].map(place).filter((v) => v.trim()),
      depart: form.elements.depart.value,
      containers: Number(form.elements.containers.value),
      container: form.elements.container.value,
      cargo: form.elements.cargo.value,
      weightKg: form.elements.weightKg.value,
      volumeM3: form.elements.volumeM3.value,
      pieces: form.elements.pieces.value,
      reefer: form.elements.reefer.checked,
      dangerous: form.elements.dangerous.value,
      valueUsd: form.elements.valueUsd.value,
      objectives: checked('objectives'),
      avoidCountries: form.elements.avoidCountries.value,
      avoidCrossings: form.elements.avoidCrossings.value,
      avoidChokepoints: checked('avoidChokepoints'),
      blockTrain: form.elements.blockTrain.checked,
      greenLane: form.elements.greenLane.checked,
      rates: form.elements.rates.value,
      scenario: form.elements.scenario.value,
      compare: form.elements.compare.value,
    };
  };
  // The form filled from a query (the URL's), as a planner would have typed it.
  ctx.fillForm = (values) => {
    for (const name of ['from', 'to']) ctx.setPlace(form.elements[name], values[name]);
    ctx.setVias(values.via ?? []);
    form.elements.depart.value = values.depart;
    form.elements.containers.value = String(values.containers);
    form.elements.container.value = values.container;
    form.elements.cargo.value = values.cargo ?? 'fcl';
    form.elements.weightKg.value = values.weightKg ?? '';
    form.elements.volumeM3.value = values.volumeM3 ?? '';
    form.elements.pieces.value = values.pieces ?? '';
    form.elements.reefer.checked = Boolean(values.reefer);
    form.elements.dangerous.value = values.dangerous ?? '';
    form.elements.valueUsd.value = values.valueUsd ?? '';
    ctx.showCargoFields();
    for (const box of form.querySelectorAll('input[name="objectives"]')) box.checked = values.objectives.includes(box.value);
    for (const box of form.querySelectorAll('input[name="avoidChokepoints"]')) box.checked = values.avoidChokepoints.includes(box.value);
    form.elements.avoidCountries.value = values.avoidCountries;
    form.elements.avoidCrossings.value = values.avoidCrossings;
    form.elements.blockTrain.checked = Boolean(values.blockTrain);
    form.elements.greenLane.checked = Boolean(values.greenLane);
    form.elements.scenario.value = values.scenario;
    form.elements.compare.value = values.compare;
    ctx.describeScenario();
  };

  // Groupage asks for weight, volume and pieces instead of containers and a train of one's own.
  ctx.showCargoFields = () => {
    // Parcels use the same weight, volume and pieces, and add the goods' value for customs.
    const kind = form.elements.cargo.value;
    const bulk = kind === 'lcl' || kind === 'parcel';
    $('.lcl-fields').hidden = !bulk;
    $('.lcl-hint').hidden = kind !== 'lcl';
    $('.parcel-hint').hidden = kind !== 'parcel';
    $('.field.parcel-value').hidden = kind !== 'parcel';
    form.querySelector('.field.containers').hidden = bulk;
    form.querySelector('.block-train').hidden = bulk;
    form.querySelector('.block-train-hint').hidden = bulk;
    form.querySelector('.check.reefer').hidden = bulk;
  };
  form.elements.cargo.addEventListener('change', ctx.showCargoFields);

  ctx.showProblem = (error) => {
    const p = ctx.withPlaceHints(describeProblem(error));
    // Findings in the rate card are shown at the card's lines, under the card.
    const { lines } = parseRateCard(form.elements.rates.value);
    const atCard = p.items.map((i) => ({ i, place: rateCardPlace(i.where, lines) }));
    ctx.showRateCardErrors(atCard.filter((x) => x.place).map((x) => ({ ...x.place, detail: x.i.detail })));
    p.items = atCard.map(({ i, place }) => (place ? { ...i, where: `rate card line ${place.line}${place.column ? `, ${place.column}` : ''}` } : i));
    $('.form-errors').innerHTML = `<div class="problem"><b>${escapeHtml(p.title)}${p.status ? ` <small>(${p.status})</small>` : ''}</b>
      ${p.items.length === 0 && p.detail ? `<p>${escapeHtml(p.detail)}</p>` : ''}
      <ul>${p.items.map((i) => `<li><code>${escapeHtml(i.where)}</code> ${escapeHtml(i.detail)}${i.hint ? `<p class="problem-hint">${i.hint}</p>` : ''}
        ${i.candidates.length ? `<div class="candidates">${i.candidates.map((c) => `<button type="button" data-field="${escapeHtml(i.where)}" data-id="${escapeHtml(c.id)}" data-name="${escapeHtml(c.name)}">${escapeHtml(c.name)}${c.country ? ` <small>${escapeHtml(c.country)}</small>` : ''}</button>`).join('')}</div>` : ''}</li>`).join('')}</ul></div>`;
    ctx.panes.show('plan');
    $('.form-errors').scrollIntoView({ block: 'nearest' });  // whole, where a phone's sheet cuts it
  };
  // Each problem of the rate card at its line, with the line as typed.
  ctx.showRateCardErrors = (errors) => {
    const list = $('.rate-card-errors');
    const text = form.elements.rates.value.replace(/^\uFEFF/, '').split(/\r?\n/);
    list.innerHTML = errors.map((e) => `<li data-line="${e.line}">${escapeHtml(rateCardMessage(e))}${text[e.line - 1] !== undefined ? `<br><code>${escapeHtml(text[e.line - 1])}</code>` : ''}</li>`).join('');
    if (errors.length) $('.rate-card').open = true;
  };
  const describeRates = () => {
    const { rows, errors } = parseRateCard(form.elements.rates.value);
    $('.rates-status').textContent = rows.length ? `${rows.length} row${rows.length === 1 ? '' : 's'}${errors.length ? `, ${errors.length} to fix` : ''}` : '';
  };
  form.elements.rates.addEventListener('input', () => { describeRates(); ctx.showRateCardErrors([]); });
  form.elements.ratesFile.addEventListener('change', async () => {
    const file = form.elements.ratesFile.files[0];
    if (!file) return;
    form.elements.rates.value = await file.text();
    form.elements.ratesFile.value = '';
    describeRates();
    ctx.showRateCardErrors(parseRateCard(form.elements.rates.value).errors);
  });
  $('.example-rates').addEventListener('click', () => { form.elements.rates.value = EXAMPLE_RATE_CARD; describeRates(); ctx.showRateCardErrors([]); });
  $('.clear-rates').addEventListener('click', () => { form.elements.rates.value = ''; describeRates(); ctx.showRateCardErrors([]); });

  form.addEventListener('click', (e) => {
    if (e.target.closest('.help-link')) {
      e.preventDefault(); // a help link inside a label does not toggle its checkbox
      $('.help-panel').hidden = !$('.help-panel').hidden;
    }
    else if (e.target.closest('.close-help')) $('.help-panel').hidden = true;
  });

  // A candidate from an unknown-place problem fills its field in one click.
  $('.form-errors').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-id]');
    if (!b) return;
    const input = { from: form.elements.from, to: form.elements.to }[b.dataset.field]
      ?? (/^via\/\d+$/.test(b.dataset.field) ? form.querySelectorAll('input[name="via"]')[Number(b.dataset.field.split('/')[1])] : null);
    if (input) {
      input.value = b.dataset.name;
      input.dataset.placeId = b.dataset.id;
      input.dataset.placeName = b.dataset.name;
      b.closest('li').remove();
    } else if (b.dataset.field === 'scenario') {
      form.elements.scenario.value = b.dataset.id;
    }
  });
  $('.form-errors').addEventListener('click', (e) => {
    if (!e.target.closest('[data-covered]')) return;
    e.preventDefault();
    ctx.showCovered(true);
  });

  // Plans the form's query. history: 'push' (a new query: the back button returns to the one
  // before), 'replace' (the URL's own query, restored), or null. chosen: the option to select.
  // keepScroll: the Options pane stays where it is (a day chosen in "which day to ship"); otherwise a
  // new answer shows the pane from its top, the options first.
  // The form's own findings ([{field, detail}]) above the form, which is brought into view.
  ctx.showFormErrors = (errors) => {
    $('.form-errors').innerHTML = `<div class="problem"><b>Check the form</b><ul>${errors.map((x) => `<li><b>${escapeHtml(FIELD_LABELS[x.field] ?? x.field)}</b>: ${escapeHtml(x.detail)}</li>`).join('')}</ul></div>`;
    ctx.panes.show('plan');
    $('.form-errors').scrollIntoView({ block: 'nearest' });  // below the fold on a phone
  };
  ctx.plan = async ({ history = 'push', chosen = null, keepScroll = false } = {}) => {
    $('.form-errors').innerHTML = '';
    const values = ctx.readForm();
    const built = buildRouteRequest(values);
    ctx.showRateCardErrors(built.rateCardErrors ?? []);
    if (built.errors) return ctx.showFormErrors(built.errors);
    ctx.departureNote(values.depart);
    const compare = form.elements.compare.value;
    const queries = [{ label: built.body.scenario || 'Baseline', scenario: built.body.scenario ?? '', body: built.body }];
    if (compare && compare !== (built.body.scenario ?? ''))
      queries.push({ label: compare, scenario: compare, body: withScenario(built.body, compare) });
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Planning…';
    root.classList.add('busy');
    try {
      const answers = await Promise.all(queries.map((q) => api.route(q.body)));
      await ctx.placesReady;
      state.sets = queries.map((q, i) => ({ ...q, result: answers[i] }));
      ctx.clearShipDay?.();
      state.query = values;
      // Ids typed or restored from a URL show as the places' names.
      for (const input of form.querySelectorAll('input[name="from"], input[name="to"], input[name="via"]'))
        if (!input.dataset.placeId) ctx.setPlace(input, ctx.exactId(input.value));
      const wanted = chosen ? state.sets.findIndex((s) => s.scenario === (chosen.in || state.sets[0].scenario)) : -1;
      const first = state.sets.findIndex((s) => s.result.itineraries.length > 0);
      state.selected = wanted >= 0 && state.sets[wanted].result.itineraries[chosen.option - 1] ? { set: wanted, index: chosen.option - 1 }
        : first >= 0 ? { set: first, index: 0 } : null;
      if (history) ctx.recordQuery(history);
      await ctx.render();
      ctx.panes.show('options');
      if (!keepScroll) ctx.$('.pane-options').scrollTop = 0;
    } catch (err) {
      ctx.showProblem(err);
    } finally {
      button.disabled = false;
      button.textContent = 'Plan route';
      root.classList.remove('busy');
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.plan();
  });
  // An empty or past departure is planned, but not without a word.
  ctx.departureNote = (depart, now = Date.now()) => {
    const at = depart ? Date.parse(departToIso(depart)) : NaN;
    for (const note of [$('.departure-note'), $('.departure-note-copy')]) {
      note.hidden = Boolean(depart) && !(at < now);
      note.textContent = !depart ? 'No departure given: planned from now (the server\'s clock).'
        : at < now ? `The departure ${depart.replace('T', ' ')} UTC is in the past: the plan uses today's network and timetables as if it were then.` : '';
    }
  };
}

// Finding places: suggestions while typing (over the network's places, typos forgiven), via
// points, the swap button, the covered places by country, and a click on the map that sets From,
// a via point or To. A place typed exactly (name, alias, id or UN/LOCODE) is sent as its id.
function setupPlaces(ctx) {
  const { form, $, mapView } = ctx;
  const index = ctx.networkOf('').then(({ geojson }) => placeIndex(geojson));
  let places = [];
  index.then((p) => { places = p; });
  ctx.placesReady = index.then(() => {}, () => {});  // the answer names its places once they are known
  ctx.exactId = (text) => exactPlace(places, text)?.id ?? text;
  const byId = (id) => places.find((p) => p.id === id);
  placeName = (id) => byId(id)?.short ?? id;
  let lastPlaceInput = form.elements.from;
  const attach = (input) => {
    attachPlaceAutocomplete(input, () => index, { onCovered: (i) => { lastPlaceInput = i; ctx.showCovered(true); } });
    input.addEventListener('focus', () => { lastPlaceInput = input; });
  };
  attach(form.elements.from);
  attach(form.elements.to);

  // input ← a place id (its name shown) or text as typed
  ctx.setPlace = (input, value) => {
    const place = byId(value);
    input.value = place ? place.name : value;
    if (place) {
      input.dataset.placeId = place.id;
      input.dataset.placeName = place.name;
    } else delete input.dataset.placeId;
  };
  const addVia = (value = '') => {
    const n = form.querySelectorAll('input[name="via"]').length;
    if (n >= 16) return null; // the API's limit
    const field = document.createElement('div');
    field.className = 'field place via';
    field.innerHTML = `<label for="rf-via-${n}">Via</label><div class="inline"><input id="rf-via-${n}" name="via" autocomplete="off" placeholder="a place on the way" />
      <button type="button" class="link remove-via" title="Remove this via point">✕</button></div>`;
    $('.vias').appendChild(field);
    const input = field.querySelector('input');
    attach(input);
    ctx.setPlace(input, value);
    return input;
  };
  ctx.setVias = (values) => {
    $('.vias').innerHTML = '';
    for (const v of values) addVia(v);
  };
  $('.add-via').addEventListener('click', () => addVia()?.focus());
  $('.vias').addEventListener('click', (e) => {
    if (e.target.closest('.remove-via')) e.target.closest('.field').remove();
  });
  $('.swap').addEventListener('click', () => {
    const [a, b] = [form.elements.from, form.elements.to];
    const keep = { value: a.value, id: a.dataset.placeId, name: a.dataset.placeName };
    for (const [input, from] of [[a, { value: b.value, id: b.dataset.placeId, name: b.dataset.placeName }], [b, keep]]) {
      input.value = from.value;
      if (from.id) { input.dataset.placeId = from.id; input.dataset.placeName = from.name; } else delete input.dataset.placeId;
    }
  });

  // The covered places, by country; choosing one fills the place field used last.
  ctx.showCovered = async (open) => {
    const box = $('.covered-places');
    box.hidden = !open;
    $('.show-covered').setAttribute('aria-expanded', String(open));
    if (!open || box.innerHTML) return;
    const groups = coveredPlaces(await index);
    box.innerHTML = `<p class="hint">${(await index).length} places in ${groups.length} countries. Choose one to fill the place field you used last.</p>`
      + groups.map((g) => `<div class="covered-country"><b>${escapeHtml(g.name)} <small>${g.country}</small></b> ${g.places.map((p) => `<button type="button" class="link" data-place="${escapeHtml(p.id)}" title="${escapeHtml(p.kind.replace(/_/g, ' '))}">${escapeHtml(p.short)}</button>`).join(' ')}</div>`).join('');
  };
  $('.show-covered').addEventListener('click', () => ctx.showCovered($('.covered-places').hidden));
  $('.covered-places').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-place]');
    if (b) ctx.setPlace(lastPlaceInput, b.dataset.place);
  });

  // Unknown places in a server problem: the page's own close matches when the server has none,
  // and a plain word when the place is simply not covered.
  ctx.withPlaceHints = (p) => {
    for (const item of p.items) {
      if (!/^(from|to|via\/\d+)$/.test(item.where)) continue;
      const typed = /'([^']+)'/.exec(item.detail)?.[1] ?? '';
      if (!item.candidates.length && typed)
        item.candidates = suggestPlaces(places, typed, 5).map((s) => ({ id: s.place.id, name: s.place.name, country: s.place.country }));
      if (!item.candidates.length)
        item.hint = `“${escapeHtml(typed || 'This place')}” is not covered: Caravan plans between the places of its corridor network (China, Central Asia, the Caucasus, Türkiye, Europe and the ports on the way). <a href="#" data-covered>See the covered places</a>.`;
    }
    return p;
  };

  // A click on a place of the map (or near one) offers it as From, a via point or To.
  mapView.map.on('click', (e) => {
    const m = mapView.map;
    // A crossing or a chokepoint has its own popup; a place's dot wins over the links under it.
    if (m.queryRenderedFeatures(e.point, { layers: ['crossings', 'chokepoints', 'flow-line', 'flow-crossings'] }).length) return;
    const hit = m.queryRenderedFeatures([[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]], { layers: ['places'] });
    if (!hit.length && m.queryRenderedFeatures(e.point, { layers: ['links-operational', 'links-under-construction', 'links-planned', 'links-closed'] }).length) return;
    let best = null;
    for (const p of places) {
      const q = m.project(p.coordinates);
      const d = Math.hypot(q.x - e.point.x, q.y - e.point.y);
      if (d <= 24 && (!best || d < best.d)) best = { p, d };
    }
    if (!best) return;
    const p = best.p;
    mapView.popup(e.lngLat, `<div class="place-popup" data-place="${escapeHtml(p.id)}"><h4>${escapeHtml(p.name)}</h4><p>${escapeHtml(countryName(p.country))} · ${escapeHtml(p.kind.replace(/_/g, ' '))}</p>
      <div class="set-place"><button type="button" class="secondary small" data-set="from">From</button><button type="button" class="secondary small" data-set="via">Via</button><button type="button" class="secondary small" data-set="to">To</button></div></div>`);
  });
  mapView.map.getContainer().addEventListener('click', (e) => {
    const b = e.target.closest('.place-popup button[data-set]');
    if (!b) return;
    const id = b.closest('.place-popup').dataset.place;
    if (b.dataset.set === 'via') addVia(id);
    else ctx.setPlace(form.elements[b.dataset.set], id);
    mapView.closePopups();
    ctx.panes.show('plan');
  });
}

// Export: the options as CSV, the chosen itinerary as GeoJSON, the answer as JSON, and a printed
// one-page itinerary (the print stylesheet in style.css; the map is printed as a picture of its canvas).
function setupExport(ctx) {
  const { $, state, mapView } = ctx;
  const chosen = () => {
    const set = state.sets[state.selected?.set];
    return set ? { set, index: state.selected.index, itinerary: set.result.itineraries[state.selected.index] } : null;
  };
  const name = (set) => `caravan-${fileSlug(set.result.query.from)}-${fileSlug(set.result.query.to)}`;
  $('.export-csv').addEventListener('click', () => download(`${name(state.sets[0])}-options.csv`, optionsCsv(state.sets), 'text/csv'));
  $('.export-geojson').addEventListener('click', () => {
    const c = chosen();
    if (!c) return;
    const geojson = itineraryGeojson(mapView.highlighted(), c.itinerary, { from: c.set.result.query.from, to: c.set.result.query.to, option: c.index + 1, scenario: c.set.scenario });
    download(`${name(c.set)}-option-${c.index + 1}.geojson`, `${JSON.stringify(geojson, null, 1)}\n`, 'application/geo+json');
  });
  $('.export-json').addEventListener('click', () => {
    const c = chosen() ?? { set: state.sets[0] };
    download(`${name(c.set)}${c.set.scenario ? `-${fileSlug(c.set.scenario)}` : ''}.json`, `${JSON.stringify(c.set.result, null, 1)}\n`, 'application/json');
  });
  // The print shows the map as a picture taken from its canvas at the moment of printing.
  ctx.preparePrint = async () => {
    const c = chosen();
    if (!c) return;
    await new Promise((resolve) => { mapView.map.once('render', resolve); mapView.map.triggerRepaint(); });
    $('.print-map img').src = mapView.map.getCanvas().toDataURL('image/png');
    $('.print-title').textContent = `${endName(c.set.result, 'from')} → ${endName(c.set.result, 'to')} · ${c.set.label} option ${c.index + 1} · Caravan`;
  };
  $('.print').addEventListener('click', async () => {
    await ctx.preparePrint();
    window.print();
  });
}

// The query and the chosen option live in the URL (#/routes?from=…&to=…&option=2): a reload or a
// pasted link plans the same query again and selects the same option, and the back button steps
// through the queries planned before (choosing another option replaces the URL, it adds no step).
function setupUrlState(ctx) {
  const { state } = ctx;
  let planned = ''; // queryKey of the query on screen
  const chosenNow = () => (state.selected ? { option: state.selected.index + 1, in: state.selected.set > 0 ? state.sets[state.selected.set].scenario : '' } : null);
  const routesTab = () => document.querySelector('#tabs a[data-view="routes"]');
  const write = (how) => {
    const hash = queryToHash(state.query, chosenNow());
    planned = queryKey(hash);
    if (location.hash !== hash) window.history[how === 'push' ? 'pushState' : 'replaceState'](null, '', hash);
    if (routesTab()) routesTab().href = hash; // back to the same result from another view
  };
  ctx.recordQuery = (how) => write(how);
  ctx.recordSelection = () => { if (state.query && location.hash.startsWith('#/routes')) write('replace'); };
  let restoring = false;
  const apply = async () => {
    if (restoring || !/^#\/?routes\b/.test(location.hash)) return;
    const q = hashToQuery(location.hash);
    if (!q) return;
    if (queryKey(location.hash) === planned) {
      // The same query: only the chosen option may differ.
      const set = q.chosen ? state.sets.findIndex((s) => s.scenario === (q.chosen.in || state.sets[0].scenario)) : -1;
      if (set >= 0 && (state.selected?.set !== set || state.selected?.index !== q.chosen.option - 1)) ctx.select(set, q.chosen.option - 1);
      return;
    }
    planned = queryKey(location.hash);
    restoring = true;
    try {
      await ctx.scenariosLoaded;
      ctx.fillForm(q.values);
      const problem = departProblem(q.values.depart);
      if (problem) ctx.showFormErrors([{ field: 'depart', detail: problem }]);
      else await ctx.plan({ history: null, chosen: q.chosen });
    } finally {
      restoring = false;
    }
    if (routesTab()) routesTab().href = location.hash;
  };
  window.addEventListener('popstate', apply);
  window.addEventListener('hashchange', apply);
  ctx.urlRestored = apply();
}

// The options (tables, chart, comparison) and the chosen itinerary on the map and in its pane.
function setupResults(ctx) {
  const { state, $, root, mapView } = ctx;
  ctx.render = () => {
    ctx.panes.enable('options');
    $('.results-tables').innerHTML = state.sets.map((set, si) => resultTableHtml(set, si, state)).join('');
    if (state.sets.length === 2) $('.results-tables').insertAdjacentHTML('beforeend', comparisonHtml(state.sets));
    for (const tr of root.querySelectorAll('.results-tables tr[data-set]'))
      tr.addEventListener('click', () => select(Number(tr.dataset.set), Number(tr.dataset.index)));
    drawChart();
    return select(state.selected?.set, state.selected?.index);
  };

  function drawChart() {
    const series = {};
    const points = [];
    state.sets.forEach((set, si) => {
      series[set.label] = { color: SERIES_COLORS[si], hollow: si === 1 };
      set.result.itineraries.forEach((it, i) =>
        points.push({ x: it.summary.duration_hours / 24, y: it.summary.cost_usd, size: it.summary.co2e_kg, label: `${i + 1}`, key: `${si}:${i}`,
          series: set.label, title: `${set.label} #${i + 1}: ${formatDuration(it.summary.duration_hours)}, ${formatUsd(it.summary.cost_usd)}, ${formatCo2e(it.summary.co2e_kg)} CO2e` }));
    });
    drawScatter($('.chart'), { points, series, xLabel: 'days', yLabel: 'USD', yUnit: 'usd',
      selected: state.selected ? `${state.selected.set}:${state.selected.index}` : null, onSelect: (key) => { const [s, i] = key.split(':').map(Number); select(s, i); } });
    $('.chart-legend').innerHTML = state.sets.length > 1 ? legendHtml(series) : '';
    drawnWidth = $('.chart').clientWidth;
  }
  // The chart is drawn for its size: again when that changes (a pane shown, a phone turned), so its
  // labels keep their size and their room instead of being scaled with the picture.
  let drawnWidth = 0;
  new ResizeObserver(() => {
    const w = $('.chart').clientWidth;
    if (state.sets.length && w > 0 && Math.abs(w - drawnWidth) >= 1) {
      drawChart();
      if (state.selected) for (const g of root.querySelectorAll('.chart .point.selected')) g.parentNode.appendChild(g);
    }
  }).observe($('.chart'));

  async function select(setIndex, index) {
    const details = $('.itinerary');
    ctx.panes.enable('itinerary');
    if (setIndex === undefined || !state.sets[setIndex]?.result.itineraries[index]) {
      details.innerHTML = noRouteHtml(state.sets);
      await mapView.highlight({ type: 'FeatureCollection', features: [] });
      return;
    }
    state.selected = { set: setIndex, index };
    ctx.recordSelection();
    const set = state.sets[setIndex];
    const itinerary = set.result.itineraries[index];
    for (const tr of root.querySelectorAll('.results-tables tr[data-set]'))
      tr.classList.toggle('selected', Number(tr.dataset.set) === setIndex && Number(tr.dataset.index) === index);
    for (const g of root.querySelectorAll('.chart .point')) {
      g.classList.toggle('selected', g.dataset.key === `${setIndex}:${index}`);
      if (g.dataset.key === `${setIndex}:${index}`) g.parentNode.appendChild(g); // on top of equal points
    }
    renderItinerary(details, itinerary, `${set.label} · option ${index + 1}`,
      { containers: set.body.containers, container: set.body.container ?? '40ft', cargo: set.result.query.cargo ?? null });
    // Only a trip that needs a customs transit (over land or a ferry between countries) offers to
    // declare one; a ship's cargo travels under its bill of lading.
    if (itinerary.legs.some((l) => (l.documents ?? []).includes('Transit declaration'))) {
      details.insertAdjacentHTML('beforeend', '<button type="button" class="secondary declare-transit">Declare transit</button>');
      details.querySelector('.declare-transit').addEventListener('click', () => declareTransit(set, index));
    } else {
      details.insertAdjacentHTML('beforeend', '<p class="hint no-transit">No transit declaration: the cargo is not carried over land between countries (a ship\'s cargo travels under its bill of lading and is declared where it is discharged).</p>');
    }
    const { positions } = await ctx.networkOf(set.scenario);
    await ctx.showNetwork(set.scenario);
    const traced = traceItinerary(positions, itinerary, index);
    // A phone (or a touch screen) jumps to the route: a flight there is slow to draw on one.
    await mapView.highlight(traced, boundsOf(traced), ctx.panes.padding(), { animate: layoutOf() === 'wide' && !matchMedia('(pointer: coarse)').matches });
    window.__caravan.selected = { set: setIndex, index, scenario: set.scenario, itinerary };
  }
  ctx.select = select;

  // "Declare transit": the chosen itinerary's customs offices (as `caravan route --declare`) go to
  // the Transit view as a draft declaration.
  async function declareTransit(set, index) {
    const itinerary = set.result.itineraries[index];
    const { geojson } = await ctx.networkOf(set.scenario);
    const offices = declarationItinerary(officeCodes(geojson), itinerary, placeNames(geojson));
    ctx.shell.transitDraft = { label: `${endName(set.result, 'from')} → ${endName(set.result, 'to')}, ${set.label} option ${index + 1}`,
      mode: offices[0]?.mode ?? 'road', itinerary: offices, localReference: '' };
    window.dispatchEvent(new Event('caravan:declare'));
    location.hash = '#/transit';
  }
}

// "Which day to ship": the first option set's origin and destination over the next days (the
// matrix endpoint's departures); a day's row plans that departure.
function setupShipDay(ctx) {
  const { $, state, form, api } = ctx;
  const body = $('.ship-day-body');
  let shown = ''; // origin|destination|scenario of the days shown; another query clears them
  const keyOf = (set) => `${set.result.query.from}|${set.result.query.to}|${set.scenario}`;
  const mark = () => {
    for (const tr of body.querySelectorAll('tr[data-depart]')) tr.classList.toggle('selected', tr.dataset.depart === state.sets[0]?.body.depart?.replace(/Z$/, ''));
  };
  ctx.clearShipDay = () => {
    if (state.sets[0] && keyOf(state.sets[0]) === shown) mark();
    else { body.innerHTML = ''; shown = ''; }
  };
  $('.ship-day-load').addEventListener('click', async () => {
    const set = state.sets[0];
    if (!set) return;
    const request = shipDayRequest(set.result.query, set.body.depart, set.scenario);
    if (set.body.rates) request.rates = set.body.rates;  // the same contracted prices, day by day
    const button = $('.ship-day-load');
    button.disabled = true;
    body.innerHTML = '<p class="hint">Planning the next days…</p>';
    try {
      const rows = shipDayRows(await api.matrix(request));
      const slowest = Math.max(...rows.map((r) => r.fastest?.duration_hours ?? 0));
      const caveat = shipDayCaveat(set.body);
      body.innerHTML = `<p class="hint">${escapeHtml(endName(set.result, 'from'))} → ${escapeHtml(endName(set.result, 'to'))}, leaving each day at ${escapeHtml(request.depart ? request.depart.slice(11, 16) : 'this hour')} UTC (local times at each end). Choose a day to plan it.${caveat ? ` ${escapeHtml(caveat)}` : ''}</p>
        <table class="options ship-days"><thead><tr><th>Departs (local)</th><th>Fastest: arrives (local)</th><th>door to door</th><th>Cheapest, per 40ft</th></tr></thead><tbody>
        ${rows.map((r) => `<tr data-depart="${escapeHtml(r.depart)}" title="Plan the departure of ${escapeHtml(r.day)}">
          <td><b>${escapeHtml(r.day)}</b> <small>${r.departLocal ? escapeHtml(r.departLocal.slice(11, 16)) : ''}</small></td>
          <td>${r.fastest ? `${escapeHtml(formatLocal(r.fastest.arrive.local))}${r.earliest ? ' <span class="badge good">earliest</span>' : ''}` : '<span class="empty">no route</span>'}</td>
          <td class="bar-cell">${r.fastest ? `<div><span class="day-bar" style="width:${Math.max(4, Math.round((r.fastest.duration_hours / slowest) * 60))}%"></span><span>${escapeHtml(formatDuration(r.fastest.duration_hours))}</span></div>` : ''}</td>
          <td class="num">${r.cheapest ? `${escapeHtml(formatUsd(r.cheapest.cost_usd))}${r.lowest ? ' <span class="badge good">lowest</span>' : ''}` : ''}</td></tr>`).join('')}
        </tbody></table>`;
      shown = keyOf(set);
      mark();
    } catch (err) {
      body.innerHTML = problemHtml(err);
    } finally {
      button.disabled = false;
    }
  });
  body.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-depart]');
    if (!tr) return;
    form.elements.depart.value = tr.dataset.depart;
    ctx.plan({ keepScroll: true });
  });
}

// The flow layer: the demand is assigned once per change and drawn until the toggle is off.
function setupFlowLayer(ctx) {
  const { $, form, api, mapView } = ctx;
  const flowForm = $('.flow-form');
  flowForm.elements.demand.value = EXAMPLE_DEMAND;
  const flow = { result: null, features: null };
  ctx.flow = flow;
  async function assignFlow() {
    $('.flow-errors').innerHTML = '';
    const parsed = parseDemand(flowForm.elements.demand.value);
    if (parsed.errors) {
      $('.flow-errors').innerHTML = `<div class="problem"><b>Check the demand</b><ul>${parsed.errors.map((x) => `<li><code>${escapeHtml(x.field)}</code> ${escapeHtml(x.detail)}</li>`).join('')}</ul></div>`;
      return;
    }
    const button = flowForm.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const body = { demand: parsed.demand, at: departToIso(form.elements.depart.value) ?? undefined };
      if (form.elements.scenario.value) body.scenario = form.elements.scenario.value;
      const result = await api.assign(body);
      const { geojson } = await ctx.networkOf(form.elements.scenario.value);
      flow.request = body;
      flow.result = result;
      flow.features = flowFeatures(geojson, result.loads);
      $('.flow-summary').textContent = `${result.method}, ${result.iterations} iteration${result.iterations === 1 ? '' : 's'}, relative gap ${result.relative_gap.toExponential(2)}${result.converged ? ' (converged)' : ''}; ${result.loads.length} loaded elements, ${result.loads.filter((l) => l.saturated).length} saturated.`;
      if (flowForm.elements.show.checked) await mapView.showFlow(flow.features);
    } catch (err) {
      $('.flow-errors').innerHTML = problemHtml(err);
    } finally {
      button.disabled = false;
    }
  }
  flowForm.elements.show.addEventListener('change', async () => {
    const on = flowForm.elements.show.checked;
    $('.flow-body').hidden = !on;
    if (on && !flow.features) await assignFlow();
    else await mapView.showFlow(on ? flow.features : null);
  });
  flowForm.addEventListener('submit', (e) => { e.preventDefault(); assignFlow(); });
}

// A place id as a planner reads it ("Xi'an" for CN_XIAN), once the network's places are known.
let placeName = (id) => id;

// The query's end as the header shows it: its place's name, or for a first or last mile the place
// asked for.
function endName(result, end) {
  const id = result.query[end];
  return result.access?.find((a) => a.node === id)?.name ?? placeName(id);
}

function resultTableHtml(set, si, state) {
  const its = set.result.itineraries;
  const containers = set.body.containers ?? 1;
  // Groupage: the price per W/M (revenue tonne) beside the consignment's cost.
  const perWm = (it) => {
    const wm = it.legs.find((l) => l.revenue_tonnes)?.revenue_tonnes;
    if (wm) return `<br><small class="per-wm">${formatUsd(it.summary.cost_usd / wm)} per W/M</small>`;
    // Parcels: the price per kg of the parcel's weight.
    return it.summary.usd_per_kg !== undefined ? `<br><small class="per-kg">${formatUsdCents(it.summary.usd_per_kg)} per kg</small>` : '';
  };
  const rows = its
    .map((it, i) => {
      const s = it.summary;
      const sel = state.selected && state.selected.set === si && state.selected.index === i;
      return `<tr data-set="${si}" data-index="${i}" class="${sel ? 'selected' : ''}">
        <td class="num opt" data-label="#">${i + 1}</td><td data-label="Duration">${formatDuration(s.duration_hours)}${s.reefer ? `<br><small class="reefer-note" title="the longest time the reefer runs without power">unplugged ${Math.round(s.reefer.unplugged_hours)} h</small>` : ''}</td><td data-label="Arrives (local)">${formatLocal(s.arrive.local)}</td>
        <td class="num" data-label="${containers > 1 ? `Cost, ${containers} containers` : 'Cost'}">${formatUsd(s.cost_usd)}${containers > 1 ? `<br><small class="per-container">${formatUsd(s.cost_usd / containers)} each</small>` : ''}${perWm(it)}</td><td class="num" data-label="CO2e">${formatCo2e(s.co2e_kg)}</td><td class="num" data-label="Risk">${formatRisk(s.risk)}</td>
        <td class="num" data-label="Distance">${formatKm(s.distance_km)}</td><td class="via" data-label="Via">${s.countries.map(escapeHtml).join('-<wbr>')}${(s.dangerous_goods ?? []).map((d) => `<br><small class="dg-flag" title="${escapeHtml(d.restriction)}">check: ${escapeHtml(d.id)}</small>`).join('')}</td>
        <td class="num" data-label="Borders / gauge">${s.border_crossings} / ${s.gauge_changes}</td></tr>`;
    })
    .join('');
  const head = `<h3><i class="series-swatch" style="border-color:${SERIES_COLORS[si]};background:${si === 1 ? '#fff' : SERIES_COLORS[si]}"></i>${escapeHtml(set.label)} <small>${its.length} option${its.length === 1 ? '' : 's'} · ${escapeHtml(endName(set.result, 'from'))} → ${escapeHtml(endName(set.result, 'to'))}</small></h3>`;
  // Crossings, services or links only a wait over max_wait_days reaches (or where a reefer would be
  // unplugged too long): named, not offered; and the dangerous goods rules that decided the route.
  // Past the first two, the notes fold so that the options stay in view (a reefer may name many).
  const notes = (set.result.left_out ?? []).map((l) => `<p class="left-out">${escapeHtml(l.note)}</p>`);
  const leftOut = notes.slice(0, 2).join('') +
    (notes.length > 2 ? `<details class="more-left-out"><summary>${notes.length - 2} more left out</summary>${notes.slice(2).join('')}</details>` : '') +
    (set.result.restrictions ?? []).map((r) => `<p class="left-out restriction">Kept off: ${escapeHtml(r.restriction)} (${escapeHtml(r.id)}); the fastest option it keeps the cargo off takes ${r.fastest_without_days} d.</p>`).join('') +
    accessNotes(set.result).map((note) => `<p class="access-note">${escapeHtml(note)}</p>`).join('');
  if (!its.length) return `<div class="result-set">${head}<p class="no-route">${escapeHtml(set.result.no_route?.reason ?? 'no route')}</p>${leftOut}</div>`;
  return `<div class="result-set">${head}${leftOut}<table class="options route-options"><thead><tr><th>#</th><th>Duration</th><th>Arrives (local)</th><th title="${escapeHtml(HELP.cost)}">Cost${containers > 1 ? ` (${containers} containers)` : ''}</th><th title="${escapeHtml(HELP.co2)}">CO2e</th><th title="${escapeHtml(HELP.risk)}">Risk</th><th>Distance</th><th>Via</th><th title="border crossings / gauge changes">Borders / gauge</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

// Best time, cost and CO2e of each side and the scenario's difference to the baseline.
function comparisonHtml([a, b]) {
  const best = (set, key) => (set.result.itineraries.length ? Math.min(...set.result.itineraries.map((it) => it.summary[key])) : NaN);
  const line = (label, key, fmt) => {
    const x = best(a, key), y = best(b, key);
    return `<tr><th>${label}</th><td>${fmt(x)}</td><td>${fmt(y)}</td><td class="delta ${y > x ? 'worse' : y < x ? 'better' : ''}">${formatDelta(y - x, fmt)}</td></tr>`;
  };
  return `<div class="result-set comparison"><h3>Best of each <small>${escapeHtml(b.label)} against ${escapeHtml(a.label)}</small></h3>
    <table class="options"><thead><tr><th></th><th>${escapeHtml(a.label)}</th><th>${escapeHtml(b.label)}</th><th>difference</th></tr></thead><tbody>
    ${line('Fastest', 'duration_hours', formatDuration)}${line('Cheapest', 'cost_usd', formatUsd)}${line('Greenest', 'co2e_kg', formatCo2e)}${line('Safest', 'risk', formatRisk)}
    <tr><th>Options</th><td>${a.result.itineraries.length}</td><td>${b.result.itineraries.length}</td><td></td></tr></tbody></table></div>`;
}

function noRouteHtml(sets) {
  const reasons = sets.map((s) => `<li><b>${escapeHtml(s.label)}</b>: ${escapeHtml(s.result.no_route?.reason ?? 'no route')}</li>`).join('');
  return `<h3>No route</h3><ul>${reasons}</ul>`;
}

function mapLegendHtml() {
  const item = (cls, label, style) => `<span class="legend-item"><i class="${cls}" style="${style}"></i>${label}</span>`;
  return [
    item('line', 'rail', 'background:#6a3d9a'), item('line', 'road', 'background:#e07b1a'), item('line', 'ferry', 'background:#138a8a'),
    item('line', 'sea', 'background:#2c6db5'), item('line', 'pipeline', 'background:#7f7f7f'),
    item('line dashed', 'under construction', 'color:#6a3d9a'), item('line dashed', 'closed', 'color:#c62828'),
    item('dot', 'crossing', 'background:#fff;border-color:#6a3d9a'), item('dot', 'gauge break', 'background:#f2b705;border-color:#6a3d9a'),
    item('dot', 'chokepoint', 'background:#fff;border-color:#c62828'),
  ].join('');
}
