// The border simulation view: a crossing, its demand, capacity, hours and green-lane share →
// POST /v1/simulate. Shows the queue over time and the waiting-time distribution (uPlot), time to
// clear p50/p90/p99, utilisation per control station and throughput. The previous run stays on the
// charts as a faded series, so a planner sees what a change of capacity, hours or green share does.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { escapeHtml, formatDuration } from '../format.js';
import { problemHtml } from '../problem.js';
import { buildSimulateRequest, histogramSeries, parseArrivalProfile, parseServiceTimes, queueSeries } from '../simulate.js';

const TEMPLATE = `
<div class="page-layout">
  <aside class="sidebar">
    <form class="sim-form card" novalidate>
      <h2>Simulate a border crossing</h2>
      <div class="field"><label for="sf-crossing">Crossing</label><select id="sf-crossing" name="crossing"></select></div>
      <div class="row">
        <div class="field"><label for="sf-mode">Mode</label><select id="sf-mode" name="mode"><option>road</option><option>rail</option></select></div>
        <div class="field"><label for="sf-direction">Direction</label><select id="sf-direction" name="direction">
          <option value="a_to_b">A → B</option><option value="b_to_a">B → A</option><option value="both">both</option></select></div>
      </div>
      <div class="row">
        <div class="field"><label for="sf-days" title="How many days are simulated (after a week of warm-up that is not counted).">Days</label><input id="sf-days" name="days" type="number" min="1" max="3660" value="14" /></div>
        <div class="field"><label for="sf-replications" title="Independent runs with different random draws; the results are their mean, with the spread between them.">Replications</label><input id="sf-replications" name="replications" type="number" min="1" max="100" value="4" /></div>
        <div class="field"><label for="sf-seed" title="The random seed: the same seed and inputs give exactly the same results.">Seed</label><input id="sf-seed" name="seed" type="number" min="0" value="1" /></div>
      </div>
      <div class="row">
        <div class="field"><label for="sf-arrivals" title="Vehicles (trucks on a road crossing, trains on a rail one) arriving per day. Empty: the calibrated demand, a share of the capacity in the data; changing the capacity below does not change it.">Arrivals (vehicles/day)</label><input id="sf-arrivals" name="arrivals" type="number" min="0" step="any" placeholder="calibrated" /></div>
        <div class="field"><label for="sf-capacity" title="Vehicles per day each side can clear when open (it sets the number of lanes). Empty: the published capacity.">Capacity (vehicles/day)</label><input id="sf-capacity" name="capacity" type="number" min="0" step="any" placeholder="published" /></div>
      </div>
      <div class="field"><label for="sf-hours" title="When both sides are open, in OpenStreetMap opening_hours syntax, in each side's local time.">Opening hours (both sides)</label><input id="sf-hours" name="hours" placeholder="as published, e.g. Mo-Fr 08:00-20:00; PH off" /></div>
      <div class="field"><label for="sf-green" title="The share of vehicles with pre-declared cargo that use the green lane (faster control), from 0 to 1.">Green lane share (0–1)</label><input id="sf-green" name="green" type="number" min="0" max="1" step="0.05" value="0.3" /></div>
      <fieldset class="measured">
        <legend>Measured inputs <small>(optional CSV files, as for the CLI)</small></legend>
        <div class="field measured-input" data-input="arrival_profile">
          <label for="sf-profile">Arrival profile <small>hour_of_week,weight · 168 rows · road only</small></label>
          <input id="sf-profile" type="file" accept=".csv,text/csv,text/plain" />
          <div class="measured-status"><span class="measured-summary"></span> <button type="button" class="measured-clear" hidden>clear</button></div>
        </div>
        <div class="field measured-input" data-input="service_times_h">
          <label for="sf-service">Exit control times <small>hours · one a line · first side's exit</small></label>
          <input id="sf-service" type="file" accept=".csv,text/csv,text/plain" />
          <div class="measured-status"><span class="measured-summary"></span> <button type="button" class="measured-clear" hidden>clear</button></div>
        </div>
        <p class="hint">Hour 0 of the profile is Monday 00:00 in the first side's local time; the mean stays the arrivals per day. Measured control times replace the modelled ones at the first side's exit control.</p>
      </fieldset>
      <div class="form-errors" role="alert"></div>
      <button type="submit" class="primary">Simulate</button>
      <p class="hint">Change capacity, hours or green share and simulate again: the previous run stays on the charts, faded.</p>
    </form>
  </aside>
  <div class="page-main sim-results"><p class="empty">Choose a crossing and simulate.</p></div>
</div>`;

const CURRENT = '#1f5fa8';
const PREVIOUS = 'rgba(120,130,145,0.55)';

export const borderView = {
  id: 'border',
  title: 'Border simulation',
  mount(root, { api }) {
    root.innerHTML = TEMPLATE;
    const $ = (s) => root.querySelector(s);
    const form = $('.sim-form');
    // runs: [{request, result}], newest last; inputs: the measured files by request field,
    // {name, values, summary} or {name, error}.
    const state = { runs: [], charts: [], crossings: [], inputs: {} };
    window.__caravan = Object.assign(window.__caravan ?? {}, { border: state });

    api.network().then((net) => {
      state.crossings = net.features.filter((f) => f.properties.kind === 'crossing' && ['road', 'rail'].includes(f.properties.mode))
        .map((f) => f.properties).sort((a, b) => a.name.localeCompare(b.name));
      fillCrossings();
    }, (e) => { $('.form-errors').innerHTML = problemHtml(e); });

    function fillCrossings() {
      const select = form.elements.crossing;
      const keep = select.value;
      select.innerHTML = state.crossings.filter((c) => c.mode === form.elements.mode.value)
        .map((c) => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.name)} · ${c.countries.join('→')}</option>`).join('');
      if ([...select.options].some((o) => o.value === keep)) select.value = keep;
    }
    form.elements.mode.addEventListener('change', () => { fillCrossings(); showInputs(); });

    const showFormErrors = (errors) => {
      $('.form-errors').innerHTML = errors.length ? `<div class="problem"><b>Check the form</b><ul>${errors.map((x) => `<li><code>${x.field}</code> ${escapeHtml(x.detail)}</li>`).join('')}</ul></div>` : '';
    };
    const parsers = { arrival_profile: parseArrivalProfile, service_times_h: parseServiceTimes };
    const inputBox = (key) => root.querySelector(`.measured-input[data-input="${key}"]`);
    // The profile is for road only: rail runs to a timetable, so for rail it is disabled and not sent.
    const profileUsed = () => form.elements.mode.value === 'road';
    function showInputs() {
      for (const key of Object.keys(parsers)) {
        const box = inputBox(key);
        const input = state.inputs[key];
        const unused = key === 'arrival_profile' && !profileUsed();
        box.querySelector('input[type=file]').disabled = unused;
        box.classList.toggle('unused', unused);
        box.querySelector('.measured-clear').hidden = !input;
        const summary = box.querySelector('.measured-summary');
        summary.classList.toggle('error', Boolean(input?.error));
        summary.textContent = input
          ? `${input.name}: ${input.error ?? input.summary}${unused ? ' (not used: rail runs to a timetable)' : ''}`
          : unused ? 'not used for rail: trains run to a timetable' : '';
      }
    }
    for (const key of Object.keys(parsers)) {
      const box = inputBox(key);
      const file = box.querySelector('input[type=file]');
      file.addEventListener('change', async () => {
        const f = file.files[0];
        if (!f) return;
        state.inputs[key] = { name: f.name, ...parsers[key](await f.text()) };
        file.value = ''; // so that choosing the same file again, once corrected, reads it again
        showInputs();
        showFormErrors(state.inputs[key].error ? [{ field: key, detail: `${f.name} ${state.inputs[key].error}` }] : []);
      });
      box.querySelector('.measured-clear').addEventListener('click', () => {
        delete state.inputs[key];
        file.value = '';
        showInputs();
        showFormErrors([]);
      });
    }
    showInputs();

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      $('.form-errors').innerHTML = '';
      const built = buildSimulateRequest({
        crossing: form.elements.crossing.value, mode: form.elements.mode.value, direction: form.elements.direction.value,
        days: form.elements.days.value, replications: form.elements.replications.value, seed: form.elements.seed.value,
        arrivals: form.elements.arrivals.value, capacity: form.elements.capacity.value, hours: form.elements.hours.value,
        green: form.elements.green.value,
        arrivalProfile: profileUsed() ? state.inputs.arrival_profile : undefined, serviceTimes: state.inputs.service_times_h,
      });
      if (built.errors) {
        showFormErrors(built.errors.map((x) => (state.inputs[x.field] ? { ...x, detail: `${state.inputs[x.field].name} ${x.detail}` } : x)));
        return;
      }
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      button.textContent = 'Simulating…';
      try {
        const result = await api.simulate(built.body);
        // A comparison only makes sense for the same crossing and direction.
        const prev = state.runs.at(-1);
        const comparable = prev && prev.result.crossing.id === result.crossing.id && prev.request.direction === built.body.direction;
        state.runs = comparable ? [prev, { request: built.body, result }] : [{ request: built.body, result }];
        render();
        // On a phone the results are under the form, out of sight: they are brought into view.
        if (matchMedia('(max-width: 720px)').matches) $('.sim-results').scrollIntoView({ block: 'start' });
      } catch (err) {
        $('.form-errors').innerHTML = problemHtml(err);
      } finally {
        button.disabled = false;
        button.textContent = 'Simulate';
      }
    });

    function render() {
      for (const c of state.charts) { c.queue.destroy(); c.wait.destroy(); }
      state.charts = [];
      const [current, previous] = state.runs.length === 2 ? [state.runs[1], state.runs[0]] : [state.runs[0], null];
      const c = current.result.crossing;
      const main = $('.sim-results');
      main.innerHTML = `<h2>${escapeHtml(c.name)} <small>${escapeHtml(c.side_a.name)} ↔ ${escapeHtml(c.side_b.name)} · hours ${escapeHtml(c.hours_a)} / ${escapeHtml(c.hours_b)}</small></h2>
        ${measuredHtml(current.result.parameters)}
        ${previous ? `<p class="hint">Faded: the previous run (${escapeHtml(runLabel(previous.request))}). Solid: this run (${escapeHtml(runLabel(current.request))}).</p>` : ''}
        ${current.result.directions.map((d, i) => directionHtml(d, i, previous?.result.directions[i])).join('')}`;
      current.result.directions.forEach((d, i) => {
        const prevDir = previous?.result.directions[i] ?? null;
        // Two charts side by side where there is room, one above the other on a phone.
        const room = main.querySelector('.sim-charts').clientWidth;
        const width = Math.max(240, Math.min(640, room >= 720 ? room / 2 - 40 : room - 8));
        state.charts.push({
          direction: d.direction,
          queue: queueChart(main.querySelector(`[data-chart="queue-${i}"]`), d, prevDir, width),
          wait: waitChart(main.querySelector(`[data-chart="wait-${i}"]`), d, prevDir, width),
        });
      });
    }
  },
};

function runLabel(r) {
  const parts = [`capacity ${r.capacity_per_day ?? 'published'}`, `hours ${r.hours ?? 'published'}`, `green ${r.green_share}`];
  if (r.arrivals_per_day !== undefined) parts.unshift(`${r.arrivals_per_day} arrivals/day`);
  if (r.arrival_profile) parts.push('measured arrival profile');
  if (r.service_times_h) parts.push(`${r.service_times_h.length} measured control times`);
  return parts.join(', ');
}

// What the run took from measured files (the result's parameters echo them).
function measuredHtml(p) {
  const parts = [];
  if (p?.arrival_profile) parts.push('the measured hour-of-week arrival profile');
  if (p?.service_times) parts.push(`${p.service_times.count} measured control times at the first side's exit (mean ${Number(p.service_times.mean_h.toFixed(3))} h)`);
  return parts.length ? `<p class="hint measured-used">Measured inputs: ${escapeHtml(parts.join('; '))}.</p>` : '';
}

const est = (x) => (x && typeof x.mean === 'number' ? x.mean : null);
const hours = (x) => (est(x) === null ? '–' : formatDuration(est(x)));
const pct = (x) => (est(x) === null ? '–' : `${(est(x) * 100).toFixed(1)} %`);

function delta(now, before, fmt) {
  if (before === undefined || est(now) === null || est(before) === null) return '';
  const d = est(now) - est(before);
  return `<td class="delta ${d > 0 ? 'worse' : d < 0 ? 'better' : ''}">${d === 0 ? '±0' : `${d > 0 ? '+' : '−'}${fmt({ mean: Math.abs(d) })}`}</td>`;
}

function directionHtml(d, i, prev) {
  const row = (label, key, fmt, sub) => `<tr data-stat="${key}-${sub}"><th>${label}</th><td class="num">${fmt(d[key][sub])}</td>${prev ? `<td class="num faded">${fmt(prev[key][sub])}</td>${delta(d[key][sub], prev[key][sub], fmt)}` : ''}</tr>`;
  const head = `<thead><tr><th></th><th>this run</th>${prev ? '<th>previous</th><th>difference</th>' : ''}</tr></thead>`;
  const stations = d.stations.map((s, k) => `<tr data-station="${k}"><th>${escapeHtml(s.name)}</th><td class="num">${s.lanes}</td><td class="num">${s.capacity_per_day}</td>
    <td class="num">${pct(s.utilisation)}</td><td class="num">${pct(s.open_share)}</td><td class="num">${pct(s.blocked_share)}</td>
    <td class="num" data-service-mean>${typeof s.service_mean_h === 'number' ? `${Number(s.service_mean_h.toFixed(3))} h` : '–'}</td>
    ${prev?.stations[k] ? `<td class="num faded">${pct(prev.stations[k].utilisation)}</td>` : ''}</tr>`).join('');
  return `<section class="sim-direction card" data-direction="${d.direction}">
    <h3>${d.from_country} → ${d.to_country} <small>${d.arrivals_per_day.toFixed(0)} arrivals (vehicles/day) · capacity ${d.capacity_per_day} vehicles/day · published time to clear ${d.published_h ?? '–'} h (${escapeHtml(d.published_source)})</small></h3>
    <div class="sim-charts">
      <div><div class="chart-title">Vehicles waiting <small>(mean over replications; band p10–p90)</small></div><div data-chart="queue-${i}"></div></div>
      <div><div class="chart-title">Waiting time distribution <small>(share of cleared vehicles that waited at most x hours; ${(d.wait_histogram.beyond_share * 100).toFixed(1)} % waited longer than shown)</small></div><div data-chart="wait-${i}"></div></div>
    </div>
    <div class="sim-tables">
      <table class="options sim-summary">${head}<tbody>
        ${row('Time to clear p50', 'time_to_clear_h', hours, 'p50')}${row('Time to clear p90', 'time_to_clear_h', hours, 'p90')}${row('Time to clear p99', 'time_to_clear_h', hours, 'p99')}
        ${row('Mean wait', 'wait_h', hours, 'mean')}${row('Wait p90', 'wait_h', hours, 'p90')}
        <tr data-stat="throughput"><th>Throughput (vehicles/day)</th><td class="num">${est(d.throughput_per_day).toFixed(1)}</td>${prev ? `<td class="num faded">${est(prev.throughput_per_day).toFixed(1)}</td><td></td>` : ''}</tr>
      </tbody></table>
      ${clearExplanationHtml(d)}
      <table class="options sim-stations"><thead><tr><th>Station</th><th>lanes</th><th>capacity (vehicles/day)</th><th>utilisation</th><th>open</th><th>blocked</th><th>control</th>${prev ? '<th>prev. util.</th>' : ''}</tr></thead><tbody>${stations}</tbody></table>
    </div>
  </section>`;
}

// Where the time to clear goes: waiting (queues, closed hours) + control at the stations + the
// calibrated clearance dwell that holds no lane (document release, transloading, escort), which
// green-lane vehicles skip at road crossings. The dwell is what makes a crossing with a short
// queue still take a day or two.
function clearExplanationHtml(d) {
  const clear = est(d.time_to_clear_h?.mean);
  const wait = est(d.wait_h?.mean);
  const control = d.stations.reduce((t, s) => t + (typeof s.service_mean_h === 'number' ? s.service_mean_h : 0), 0);
  if (clear === null || wait === null) return '';
  const rest = Math.max(0, clear - wait - control);
  return `<p class="hint clear-explained">Mean time to clear ${formatDuration(clear)} = waiting ${formatDuration(wait)} (queues and closed hours)
    + control ${formatDuration(control)} (the stations' mean control times) + ${formatDuration(rest)} clearance that holds no lane
    (document release, transloading, escort: calibrated so that the default run matches the published time; at a road crossing green-lane vehicles skip it, so a larger green share lowers it). The median (p50) is the time half of the vehicles clear within.</p>`;
}

// uPlot: x = days since the start of the simulated period (queue_series.t is Unix seconds of a
// fixed simulation calendar, whose dates mean nothing to a planner); previous run's mean faded behind.
export const simulationDays = (t) => t.map((x) => (x - t[0]) / 86400);
function queueChart(el, d, prev, width) {
  const { data: raw, series } = queueSeries(d, prev);
  const data = [simulationDays(raw[0]), ...raw.slice(1)];
  const opts = {
    width, height: 230, scales: { x: { time: false } }, legend: { live: false },
    series: [{}, ...series.map((s) => ({
      label: s.label,
      stroke: s.role === 'previous' ? PREVIOUS : s.role === 'band' ? 'rgba(31,95,168,0.35)' : CURRENT,
      width: s.role === 'mean' ? 2 : 1, dash: s.role === 'band' ? [4, 3] : undefined,
    }))],
    axes: [{ label: 'days since the start of the simulation' }, { label: 'vehicles waiting', size: 50 }],
  };
  return new uPlot(opts, data, el);
}

// uPlot: x = wait in hours at the bins' edges (not a time axis: scales.x.time = false), y = cumulative share.
function waitChart(el, d, prev, width) {
  const { data, series } = histogramSeries(d, prev);
  const opts = {
    width, height: 230,
    series: [{ label: 'wait h' }, ...series.map((s) => ({
      label: s.label, stroke: s.role === 'previous' ? PREVIOUS : CURRENT, width: s.role === 'previous' ? 1.5 : 2,
      fill: s.role === 'previous' ? 'rgba(120,130,145,0.10)' : 'rgba(31,95,168,0.12)', spanGaps: false,
    }))],
    scales: { x: { time: false }, y: { range: [0, 1] } },
    legend: { live: false },
    axes: [{ label: 'wait (hours)' }, { label: 'share cleared', size: 50, values: (u, v) => v.map((x) => `${Math.round(x * 100)} %`) }],
  };
  return new uPlot(opts, data, el);
}
