import { describe, expect, it } from 'vitest';
import { buildSimulateRequest, histogramSeries, queueSeries } from '../src/simulate.js';

const form = { crossing: 'khorgos-nurzholy', mode: 'road', direction: 'a_to_b', days: '7', replications: '2', seed: '1', arrivals: '', capacity: '700', hours: ' ', green: '0.3' };

describe('buildSimulateRequest', () => {
  it('sends the filled fields and leaves the defaults to the server', () => {
    expect(buildSimulateRequest(form)).toEqual({ body: { crossing: 'khorgos-nurzholy', mode: 'road', direction: 'a_to_b', days: 7, replications: 2, seed: 1, capacity_per_day: 700, green_share: 0.3 } });
    expect(buildSimulateRequest({ ...form, hours: 'Mo-Fr 08:00-20:00', arrivals: '560' }).body).toMatchObject({ hours: 'Mo-Fr 08:00-20:00', arrivals_per_day: 560 });
  });
  it('names every bad field', () => {
    const { errors } = buildSimulateRequest({ ...form, crossing: '', days: '0', replications: '1.5', green: '2', capacity: 'x' });
    expect(errors.map((e) => e.field)).toEqual(['crossing', 'days', 'replications', 'capacity', 'green']);
  });
});

const dir = (t, mean, bin_h, share) => ({ queue_series: { t, waiting_mean: mean, waiting_p10: mean.map((x) => x - 1), waiting_p90: mean.map((x) => x + 1) }, wait_histogram: { bin_h, share } });

describe('chart series', () => {
  it('passes one run through unchanged', () => {
    const d = dir([0, 3600], [5, 7], 0.5, [0.6, 0.4]);
    expect(queueSeries(d).data).toEqual([[0, 3600], [5, 7], [4, 6], [6, 8]]);
    expect(histogramSeries(d).data).toEqual([[0, 0.5, 1], [0, 0.6, 1]]);
  });
  it('aligns a previous run on the union of instants and bin edges', () => {
    const now = dir([0, 3600], [5, 7], 0.5, [0.6, 0.4]);
    const before = dir([0, 3600, 7200], [9, 8, 6], 1, [1]);
    expect(queueSeries(now, before).data).toEqual([[0, 3600, 7200], [5, 7, null], [4, 6, null], [6, 8, null], [9, 8, 6]]);
    expect(histogramSeries(now, before).data).toEqual([[0, 0.5, 1], [0, 0.6, 1], [0, 0.5, 1]]);
    const short = dir([0], [1], 0.25, [0.5, 0.25]);
    expect(histogramSeries(short, before).data).toEqual([[0, 0.25, 0.5, 1], [0, 0.5, 0.75, null], [0, 0.25, 0.5, 1]]);
  });
});
