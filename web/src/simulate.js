// The border simulation form → POST /v1/simulate body, and the simulator's answer → chart data
// (uPlot's column arrays). Pure functions, unit-tested in test/simulate.test.js.

// form: strings as read from the inputs, plus arrivalProfile / serviceTimes (the parsed files, if
// any). Empty optional fields are left out (the server's calibrated/published defaults apply).
// Returns {body} or {errors: [{field, detail}]}.
export function buildSimulateRequest(form) {
  const errors = [];
  const body = { crossing: form.crossing, mode: form.mode, direction: form.direction };
  if (!form.crossing) errors.push({ field: 'crossing', detail: 'choose a crossing' });
  const number = (field, key, { integer = false, min = 0, max = Infinity, optional = false } = {}) => {
    const text = String(form[field] ?? '').trim();
    if (text === '') {
      if (!optional) errors.push({ field, detail: 'required' });
      return;
    }
    const v = Number(text);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max)
      errors.push({ field, detail: `must be ${integer ? 'a whole number' : 'a number'} from ${min}${max < Infinity ? ` to ${max}` : ''}` });
    else body[key] = v;
  };
  number('days', 'days', { min: 1, max: 3660 });
  number('replications', 'replications', { integer: true, min: 1, max: 1000 });
  number('seed', 'seed', { integer: true, min: 0 });
  number('arrivals', 'arrivals_per_day', { optional: true });
  number('capacity', 'capacity_per_day', { optional: true });
  number('green', 'green_share', { min: 0, max: 1 });
  const hours = String(form.hours ?? '').trim();
  if (hours) body.hours = hours;
  // Measured inputs: a parse result of parseArrivalProfile / parseServiceTimes, or nothing. A bad
  // file keeps the request from being sent; a good one is sent only when given.
  const measured = (input, key) => {
    if (!input) return;
    if (input.error) errors.push({ field: key, detail: input.error });
    else body[key] = input.values;
  };
  if (form.arrivalProfile && form.mode !== 'road')
    errors.push({ field: 'arrival_profile', detail: 'applies to road crossings only (rail runs to a timetable): clear it or choose road' });
  else measured(form.arrivalProfile, 'arrival_profile');
  measured(form.serviceTimes, 'service_times_h');
  return errors.length ? { errors } : { body };
}

// Vehicles waiting over time: [t, mean, p10, p90, previous mean?]. A previous run is aligned on the
// union of both runs' instants (null where it has no sample), since its days may differ.
export function queueSeries(direction, previous = null) {
  const q = direction.queue_series;
  const series = [{ label: 'waiting (mean)', role: 'mean' }, { label: 'p10', role: 'band' }, { label: 'p90', role: 'band' }];
  if (!previous) return { data: [q.t, q.waiting_mean, q.waiting_p10, q.waiting_p90], series };
  const p = previous.queue_series;
  const t = [...new Set([...q.t, ...p.t])].sort((a, b) => a - b);
  const at = (ts, values) => {
    const m = new Map(ts.map((x, i) => [x, values[i]]));
    return t.map((x) => (m.has(x) ? m.get(x) : null));
  };
  return {
    data: [t, at(q.t, q.waiting_mean), at(q.t, q.waiting_p10), at(q.t, q.waiting_p90), at(p.t, p.waiting_mean)],
    series: [...series, { label: 'previous run (mean)', role: 'previous' }],
  };
}

// The waiting-time distribution as a cumulative share: the share of cleared vehicles that waited at
// most x hours. Two runs' histograms have different bin widths (each ends at its pooled 99th
// percentile), and a cumulative curve compares them where bar heights would not: x = both runs' bin
// edges, each run's value at its own edges the sum of its bins so far, linear within a bin (waits
// spread evenly in a bin), null past its last edge (its remaining share is beyond_share).
export function histogramSeries(direction, previous = null) {
  const runs = previous ? [direction, previous] : [direction];
  const edges = (h) => [0, ...h.share.map((_, i) => (i + 1) * h.bin_h)];
  const x = [...new Set(runs.flatMap((d) => edges(d.wait_histogram)))].sort((a, b) => a - b);
  const cumulative = (h) => {
    const cum = [0];
    for (const s of h.share) cum.push(cum.at(-1) + s);
    return x.map((v) => {
      const at = v / h.bin_h;
      const i = Math.floor(at + 1e-9);
      if (i >= h.share.length) return i === h.share.length && Math.abs(at - i) < 1e-9 ? cum[i] : null;
      return Math.abs(at - i) < 1e-9 ? cum[i] : cum[i] + h.share[i] * (at - i);
    });
  };
  const series = [{ label: 'this run', role: 'current' }];
  if (previous) series.push({ label: 'previous run', role: 'previous' });
  return { data: [x, ...runs.map((d) => cumulative(d.wait_histogram))], series };
}

// ---- Measured inputs (docs/border-simulator.md §1.1), read from the same CSV files as the CLI's
// --arrival-profile and --service-times, with the same rules and messages (without the file name:
// the form shows it). Each parser returns {values, summary} or {error: 'line N: …'} for the first
// problem, as the CLI stops at the first one.

export const HOURS_PER_WEEK = 168;
export const MAX_SERVICE_TIMES = 100000;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// What the CLI's parse_double / parse_integer accept (std::from_chars after trimming): no '+',
// no hex, no 'Infinity', no empty cell — JavaScript's Number() would take all of those.
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const parseDecimal = (s) => (DECIMAL.test(s) && Number.isFinite(Number(s)) ? Number(s) : null);
const parseWhole = (s) => (/^-?\d+$/.test(s) ? Number(s) : null);

// Rows of a small CSV whose header must be exactly `expected` (trimmed, case-insensitive), as
// [{line, fields}]. Blank lines are skipped, a UTF-8 byte order mark and CR line ends are allowed,
// fields may be quoted ("0.4"). Returns {rows, end} (end: the line after the last row, where a
// missing row would have been) or {error}.
function readExactCsv(text, expected) {
  const lines = String(text).replace(/^\uFEFF/, '').split('\n');
  const rows = [];
  let header = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const fields = raw.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
    if (header === null) {
      header = { line: i + 1, fields };
      if (fields.map((f) => f.toLowerCase()).join(',') !== expected.join(','))
        return { error: `line ${i + 1}: the header must be '${expected.join(',')}' (got '${raw.trim()}')` };
      continue;
    }
    if (fields.length !== expected.length) return { error: `line ${i + 1}: has ${fields.length} fields, the header has ${expected.length}` };
    rows.push({ line: i + 1, fields });
  }
  if (header === null) return { error: 'empty file: a header line is required' };
  return { rows, end: rows.length ? rows.at(-1).line + 1 : header.line + 1 };
}

// "Mon 09:00" for an hour of the week (0 = Monday 00:00).
export const hourOfWeekLabel = (h) => `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`;

// `hour_of_week,weight`: every hour 0..167 exactly once, weights ≥ 0 and not all 0.
// values: the 168 weights in hour order; summary: "168 hours, peak Mon 09:00".
export function parseArrivalProfile(text) {
  const csv = readExactCsv(text, ['hour_of_week', 'weight']);
  if (csv.error) return csv;
  const values = new Array(HOURS_PER_WEEK).fill(0);
  const lineOf = new Array(HOURS_PER_WEEK).fill(0);
  for (const { line, fields: [hourText, weightText] } of csv.rows) {
    const hour = parseWhole(hourText);
    if (hour === null) return { error: `line ${line}: column 'hour_of_week': not a whole number '${hourText}'` };
    if (hour < 0 || hour >= HOURS_PER_WEEK) return { error: `line ${line}: column 'hour_of_week': ${hour} is outside 0..167` };
    if (lineOf[hour]) return { error: `line ${line}: hour_of_week ${hour} is given twice (first on line ${lineOf[hour]})` };
    const weight = parseDecimal(weightText);
    if (weight === null) return { error: `line ${line}: column 'weight': not a number '${weightText}'` };
    if (weight < 0) return { error: `line ${line}: column 'weight': negative weight ${weight}` };
    values[hour] = weight;
    lineOf[hour] = line;
  }
  const missing = lineOf.flatMap((l, h) => (l ? [] : [h]));
  if (missing.length) {
    const n = missing.length;
    return { error: `line ${csv.end}: ${n} hour${n === 1 ? '' : 's'} of the week missing: ${missing.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''} (each of 0..167 exactly once)` };
  }
  if (!(values.reduce((a, b) => a + b, 0) > 0)) return { error: `line ${csv.end}: all weights are 0` };
  const peak = values.indexOf(Math.max(...values));
  return { values, summary: `168 hours, peak ${hourOfWeekLabel(peak)}` };
}

// `hours`: 1..100000 measured control times, each > 0. summary: "412 times, mean 0.38 h".
export function parseServiceTimes(text) {
  const csv = readExactCsv(text, ['hours']);
  if (csv.error) return csv;
  const values = [];
  for (const { line, fields: [hoursText] } of csv.rows) {
    const h = parseDecimal(hoursText);
    if (h === null) return { error: `line ${line}: column 'hours': not a number '${hoursText}'` };
    if (!(h > 0)) return { error: `line ${line}: column 'hours': a service time must be more than 0 (got ${h})` };
    if (values.length === MAX_SERVICE_TIMES) return { error: `line ${line}: more than ${MAX_SERVICE_TIMES} service times` };
    values.push(h);
  }
  if (!values.length) return { error: `line ${csv.end}: no service times (at least 1 is needed)` };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { values, summary: `${values.length} time${values.length === 1 ? '' : 's'}, mean ${Number(mean.toFixed(2))} h` };
}
