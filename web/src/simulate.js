// The border simulation form → POST /v1/simulate body, and the simulator's answer → chart data
// (uPlot's column arrays). Pure functions, unit-tested in test/simulate.test.js.

// form: strings as read from the inputs. Empty optional fields are left out (the server's
// calibrated/published defaults apply). Returns {body} or {errors: [{field, detail}]}.
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

// The waiting-time histogram as a density (share of cleared vehicles per hour of wait), so two runs
// with different bin widths compare: x = bin edges in hours (both runs' edges when comparing), each
// series the density of the bin holding x (null past its last bin). The last edge closes the step.
export function histogramSeries(direction, previous = null) {
  const runs = previous ? [direction, previous] : [direction];
  const edges = (h) => [...h.share.map((_, i) => i * h.bin_h), h.share.length * h.bin_h];
  const x = [...new Set(runs.flatMap((d) => edges(d.wait_histogram)))].sort((a, b) => a - b);
  const density = (h) => x.map((v) => {
    const i = Math.min(Math.floor(v / h.bin_h + 1e-9), h.share.length);
    if (i === h.share.length) return v <= h.share.length * h.bin_h + 1e-9 ? h.share.at(-1) / h.bin_h : null;
    return h.share[i] / h.bin_h;
  });
  const series = [{ label: 'this run', role: 'current' }];
  if (previous) series.push({ label: 'previous run', role: 'previous' });
  return { data: [x, ...runs.map((d) => density(d.wait_histogram))], series };
}
