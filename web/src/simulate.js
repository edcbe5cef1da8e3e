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
