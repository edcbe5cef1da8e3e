// The route planner view: the form, the Pareto options (table + chart), the chosen itinerary on
// the map with its timeline and documents, and the side-by-side comparison with a scenario.
import { describeProblem } from '../api.js';
import { drawScatter, legendHtml } from '../chart.js';
import { escapeHtml, formatCo2e, formatDelta, formatDuration, formatKm, formatLocal, formatRisk, formatUsd } from '../format.js';
import { boundsOf, buildNetworkGraph, traceItinerary } from '../geometry.js';
import { createMap } from '../map.js';
import { SERIES_COLORS } from '../palette.js';
import { declarationItinerary, officeCodes } from '../declaration.js';
import { EXAMPLE_DEMAND, flowFeatures, parseDemand } from '../flow.js';
import { problemHtml } from '../problem.js';
import { CHOKEPOINTS, OBJECTIVES, buildRouteRequest, departToIso, withScenario } from '../request.js';
import { renderItinerary } from '../timeline.js';
import { attachPlaceAutocomplete } from './place-autocomplete.js';

const OBJECTIVE_LABELS = { time: 'Time', cost: 'Cost', co2: 'CO2e', risk: 'Risk' };
const CHOKEPOINT_LABELS = { suez: 'Suez', 'bab-el-mandeb': 'Bab-el-Mandeb', hormuz: 'Hormuz', malacca: 'Malacca', bosporus: 'Bosporus', gibraltar: 'Gibraltar', cape: 'Cape of Good Hope' };

// Next Monday 08:00 UTC, as <input type="datetime-local"> wants it.
function defaultDeparture(now = new Date()) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8, 0));
  d.setUTCDate(d.getUTCDate() + (((8 - d.getUTCDay()) % 7) || 7));
  return d.toISOString().slice(0, 16);
}

const TEMPLATE = `
<div class="routes-layout">
  <aside class="sidebar">
    <form class="route-form card" novalidate>
      <h2>Plan a route</h2>
      <div class="field place"><label for="rf-from">From</label><input id="rf-from" name="from" autocomplete="off" placeholder="city, terminal, port or UN/LOCODE" /></div>
      <div class="field place"><label for="rf-to">To</label><input id="rf-to" name="to" autocomplete="off" placeholder="city, terminal, port or UN/LOCODE" /></div>
      <div class="row">
        <div class="field"><label for="rf-depart">Departure (UTC)</label><input id="rf-depart" name="depart" type="datetime-local" /></div>
        <div class="field containers"><label for="rf-containers">Containers</label>
          <div class="inline"><input id="rf-containers" name="containers" type="number" min="1" max="10000" value="1" />
          <select id="rf-container" name="container" aria-label="container size"><option>40ft</option><option>20ft</option></select></div></div>
      </div>
      <fieldset class="field"><legend>Objectives</legend>
        ${OBJECTIVES.map((o) => `<label class="check"><input type="checkbox" name="objectives" value="${o}" ${o !== 'risk' ? 'checked' : ''}/>${OBJECTIVE_LABELS[o]}</label>`).join('')}
      </fieldset>
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
      <div class="form-errors" role="alert"></div>
      <button type="submit" class="primary">Plan route</button>
    </form>
    <div class="itinerary card" hidden></div>
    <form class="flow-form card" novalidate>
      <label class="check flow-toggle"><input type="checkbox" id="flow-toggle" name="show" /><span><b>Flow layer</b>: loads assigned by POST /v1/analysis/assign</span></label>
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
  <div class="map-area">
    <div class="map"></div>
    <div class="map-legend"></div>
    <section class="results" hidden>
      <div class="results-tables"></div>
      <div class="results-chart"><div class="chart-title">Duration vs cost <small>(point area: CO2e)</small></div><svg class="chart" role="img" aria-label="options chart"></svg><div class="chart-legend"></div></div>
    </section>
  </div>
</div>`;

export const routesView = {
  id: 'routes',
  title: 'Routes',
  mount(root, shell) {
    const { api } = shell;
    root.innerHTML = TEMPLATE;
    const $ = (sel) => root.querySelector(sel);
    const form = $('.route-form');
    const mapView = createMap($('.map'));
    $('.map-legend').innerHTML = mapLegendHtml();
    const state = { sets: [], selected: null, scenarios: [] };
    const networks = new Map(); // scenario ('' = baseline) → {geojson, graph}

    form.elements.depart.value = defaultDeparture();
    attachPlaceAutocomplete(form.elements.from, api);
    attachPlaceAutocomplete(form.elements.to, api);

    async function networkOf(scenario) {
      if (!networks.has(scenario)) {
        networks.set(scenario, api.network(scenario).then((geojson) => ({ geojson, graph: buildNetworkGraph(geojson) })));
      }
      return networks.get(scenario);
    }
    let shownNetwork = null;
    async function showNetwork(scenario) {
      if (shownNetwork === scenario) return;
      shownNetwork = scenario;
      const { geojson } = await networkOf(scenario);
      await mapView.setNetwork(geojson);
    }
    showNetwork('').catch((e) => showProblem(e));

    api.scenarios().then(({ scenarios }) => {
      state.scenarios = scenarios;
      for (const select of [form.elements.scenario, form.elements.compare])
        for (const s of scenarios) select.add(new Option(s.name, s.name));
    }, (e) => showProblem(e));
    const describeScenario = () => {
      const names = [form.elements.scenario.value, form.elements.compare.value].filter(Boolean);
      const note = $('.scenario-note');
      note.hidden = names.length === 0;
      note.innerHTML = names.map((n) => {
        const s = state.scenarios.find((x) => x.name === n);
        return s ? `<b>${escapeHtml(s.name)}</b>: ${escapeHtml(s.description)}` : '';
      }).join('<br>');
    };
    form.elements.scenario.addEventListener('change', () => {
      describeScenario();
      showNetwork(form.elements.compare.value || form.elements.scenario.value).catch(showProblem);
    });
    form.elements.compare.addEventListener('change', () => {
      describeScenario();
      showNetwork(form.elements.compare.value || form.elements.scenario.value).catch(showProblem);
    });

    function readForm() {
      const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
      const place = (input) => input.dataset.placeId && input.dataset.placeName === input.value ? input.dataset.placeId : input.value;
      return {
        from: place(form.elements.from),
        to: place(form.elements.to),
        depart: form.elements.depart.value,
        containers: Number(form.elements.containers.value),
        container: form.elements.container.value,
        objectives: checked('objectives'),
        avoidCountries: form.elements.avoidCountries.value,
        avoidCrossings: form.elements.avoidCrossings.value,
        avoidChokepoints: checked('avoidChokepoints'),
        scenario: form.elements.scenario.value,
      };
    }

    function showProblem(error) {
      const box = $('.form-errors');
      const p = describeProblem(error);
      box.innerHTML = `<div class="problem"><b>${escapeHtml(p.title)}${p.status ? ` <small>(${p.status})</small>` : ''}</b>
        ${p.items.length === 0 && p.detail ? `<p>${escapeHtml(p.detail)}</p>` : ''}
        <ul>${p.items.map((i) => `<li><code>${escapeHtml(i.where)}</code> ${escapeHtml(i.detail)}
          ${i.candidates.length ? `<div class="candidates">${i.candidates.map((c) => `<button type="button" data-field="${escapeHtml(i.where)}" data-id="${escapeHtml(c.id)}" data-name="${escapeHtml(c.name)}">${escapeHtml(c.name)}${c.country ? ` <small>${escapeHtml(c.country)}</small>` : ''}</button>`).join('')}</div>` : ''}</li>`).join('')}</ul></div>`;
    }
    // A candidate from an unknown-place problem fills its field in one click.
    $('.form-errors').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-id]');
      if (!b) return;
      const input = { from: form.elements.from, to: form.elements.to, scenario: null }[b.dataset.field];
      if (input) {
        input.value = b.dataset.name;
        input.dataset.placeId = b.dataset.id;
        input.dataset.placeName = b.dataset.name;
        b.closest('li').remove();
      } else if (b.dataset.field === 'scenario') {
        form.elements.scenario.value = b.dataset.id;
      }
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      $('.form-errors').innerHTML = '';
      const built = buildRouteRequest(readForm());
      if (built.errors) {
        $('.form-errors').innerHTML = `<div class="problem"><b>Check the form</b><ul>${built.errors.map((x) => `<li><code>${x.field}</code> ${escapeHtml(x.detail)}</li>`).join('')}</ul></div>`;
        return;
      }
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
        state.sets = queries.map((q, i) => ({ ...q, result: answers[i] }));
        const first = state.sets.findIndex((s) => s.result.itineraries.length > 0);
        state.selected = first >= 0 ? { set: first, index: 0 } : null;
        render();
      } catch (err) {
        showProblem(err);
      } finally {
        button.disabled = false;
        button.textContent = 'Plan route';
        root.classList.remove('busy');
      }
    });

    function render() {
      const results = $('.results');
      results.hidden = false;
      root.querySelector('.routes-layout').classList.add('has-results');
      $('.results-tables').innerHTML = state.sets.map((set, si) => resultTableHtml(set, si, state)).join('');
      if (state.sets.length === 2) $('.results-tables').insertAdjacentHTML('beforeend', comparisonHtml(state.sets));
      for (const tr of root.querySelectorAll('.results-tables tr[data-set]'))
        tr.addEventListener('click', () => select(Number(tr.dataset.set), Number(tr.dataset.index)));
      drawChart();
      select(state.selected?.set, state.selected?.index);
    }

    function drawChart() {
      const series = {};
      const points = [];
      state.sets.forEach((set, si) => {
        series[set.label] = { color: SERIES_COLORS[si], hollow: si === 1 };
        set.result.itineraries.forEach((it, i) =>
          points.push({ x: it.summary.duration_hours / 24, y: it.summary.cost_usd, size: it.summary.co2e_kg, label: `${i + 1}`, key: `${si}:${i}`,
            series: set.label, title: `${set.label} #${i + 1}: ${formatDuration(it.summary.duration_hours)}, ${formatUsd(it.summary.cost_usd)}, ${formatCo2e(it.summary.co2e_kg)} CO2e` }));
      });
      drawScatter($('.chart'), { points, series, xLabel: 'days', yLabel: 'USD', xFormat: (d) => `${d}`, yFormat: (v) => `${Math.round(v / 100) / 10}k`,
        selected: state.selected ? `${state.selected.set}:${state.selected.index}` : null, onSelect: (key) => { const [s, i] = key.split(':').map(Number); select(s, i); } });
      $('.chart-legend').innerHTML = state.sets.length > 1 ? legendHtml(series) : '';
    }

    async function select(setIndex, index) {
      const details = $('.itinerary');
      if (setIndex === undefined || !state.sets[setIndex]?.result.itineraries[index]) {
        details.hidden = false;
        details.innerHTML = noRouteHtml(state.sets);
        await mapView.highlight({ type: 'FeatureCollection', features: [] });
        return;
      }
      state.selected = { set: setIndex, index };
      const set = state.sets[setIndex];
      const itinerary = set.result.itineraries[index];
      for (const tr of root.querySelectorAll('.results-tables tr[data-set]'))
        tr.classList.toggle('selected', Number(tr.dataset.set) === setIndex && Number(tr.dataset.index) === index);
      for (const g of root.querySelectorAll('.chart .point')) {
        g.classList.toggle('selected', g.dataset.key === `${setIndex}:${index}`);
        if (g.dataset.key === `${setIndex}:${index}`) g.parentNode.appendChild(g); // on top of equal points
      }
      details.hidden = false;
      renderItinerary(details, itinerary, `${set.label} · option ${index + 1}`);
      details.insertAdjacentHTML('beforeend', '<button type="button" class="secondary declare-transit">Declare transit</button>');
      details.querySelector('.declare-transit').addEventListener('click', () => declareTransit(set, index));
      const { graph } = await networkOf(set.scenario);
      await showNetwork(set.scenario);
      const traced = traceItinerary(graph, itinerary, index);
      await mapView.highlight(traced, boundsOf(traced));
      window.__caravan.selected = { set: setIndex, index, scenario: set.scenario, itinerary };
    }

    // "Declare transit": the chosen itinerary's customs offices (as `caravan route --declare`) go to
    // the Transit view as a draft declaration.
    async function declareTransit(set, index) {
      const itinerary = set.result.itineraries[index];
      const { geojson } = await networkOf(set.scenario);
      const offices = declarationItinerary(officeCodes(geojson), itinerary);
      shell.transitDraft = { label: `${set.result.query.from} → ${set.result.query.to}, ${set.label} option ${index + 1}`,
        mode: offices[0]?.mode ?? 'road', itinerary: offices, localReference: '' };
      window.dispatchEvent(new Event('caravan:declare'));
      location.hash = '#/transit';
    }

    // The flow layer: the demand is assigned once per change and drawn until the toggle is off.
    const flowForm = $('.flow-form');
    flowForm.elements.demand.value = EXAMPLE_DEMAND;
    const flow = { result: null, features: null };
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
        const { geojson } = await networkOf(form.elements.scenario.value);
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

    // For the browser test and for debugging from the console.
    window.__caravan = Object.assign(window.__caravan ?? {}, { map: mapView.map, loaded: mapView.loaded, highlighted: mapView.highlighted, state, selected: null, flow });
  },
};

function resultTableHtml(set, si, state) {
  const its = set.result.itineraries;
  const rows = its
    .map((it, i) => {
      const s = it.summary;
      const sel = state.selected && state.selected.set === si && state.selected.index === i;
      return `<tr data-set="${si}" data-index="${i}" class="${sel ? 'selected' : ''}">
        <td class="num">${i + 1}</td><td>${formatDuration(s.duration_hours)}</td><td>${formatLocal(s.arrive.local)}</td>
        <td class="num">${formatUsd(s.cost_usd)}</td><td class="num">${formatCo2e(s.co2e_kg)}</td><td class="num">${formatRisk(s.risk)}</td>
        <td class="num">${formatKm(s.distance_km)}</td><td>${s.countries.join('-')}</td>
        <td class="num">${s.border_crossings} / ${s.gauge_changes}</td></tr>`;
    })
    .join('');
  const head = `<h3><i class="series-swatch" style="border-color:${SERIES_COLORS[si]};background:${si === 1 ? '#fff' : SERIES_COLORS[si]}"></i>${escapeHtml(set.label)} <small>${its.length} option${its.length === 1 ? '' : 's'} · ${escapeHtml(set.result.query.from)} → ${escapeHtml(set.result.query.to)}</small></h3>`;
  if (!its.length) return `<div class="result-set">${head}<p class="no-route">${escapeHtml(set.result.no_route?.reason ?? 'no route')}</p></div>`;
  return `<div class="result-set">${head}<table class="options"><thead><tr><th>#</th><th>Duration</th><th>Arrives (local)</th><th>Cost</th><th>CO2e</th><th>Risk</th><th>Distance</th><th>Via</th><th title="border crossings / gauge changes">Borders / gauge</th></tr></thead><tbody>${rows}</tbody></table></div>`;
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
