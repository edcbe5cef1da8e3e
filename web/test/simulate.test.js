import { describe, expect, it } from 'vitest';
import { describeProblem } from '../src/api.js';
import { buildSimulateRequest, histogramSeries, hourOfWeekLabel, parseArrivalProfile, parseServiceTimes, queueSeries } from '../src/simulate.js';

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

// A profile file: `hour_of_week,weight`, one row per hour in `order` (default 0..167) with weight w(h).
const profileCsv = (w, order = [...Array(168).keys()]) => ['hour_of_week,weight', ...order.map((h) => `${h},${w(h)}`)].join('\n');

describe('parseArrivalProfile', () => {
  it('reads 168 weights in hour order, whatever the row order, and names the peak', () => {
    const w = (h) => (h === 9 ? 3 : h % 24 < 6 ? 0.5 : 1.25);
    const r = parseArrivalProfile(`\uFEFF${profileCsv(w, [...Array(168).keys()].reverse()).replace(/\n/g, '\r\n')}\r\n\r\n`);
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual([...Array(168).keys()].map(w));
    expect(r.summary).toBe('168 hours, peak Mon 09:00');
    expect(parseArrivalProfile(profileCsv((h) => (h === 167 ? 2 : h === 40 ? 2 : 0))).summary).toBe('168 hours, peak Tue 16:00');
    expect(parseArrivalProfile(` Hour_Of_Week , WEIGHT \n${profileCsv(() => '"0.5"').split('\n').slice(1).join('\n')}`).values).toEqual(Array(168).fill(0.5));
    expect([0, 23, 24, 167].map(hourOfWeekLabel)).toEqual(['Mon 00:00', 'Mon 23:00', 'Tue 00:00', 'Sun 23:00']);
  });
  it('names the line of every kind of bad file, as the CLI does', () => {
    const one = (h) => 1;
    const rows = profileCsv(one).split('\n'); // rows[k] is line k + 1; hour h is on line h + 2
    const withLine = (line, text) => rows.map((r, i) => (i === line - 1 ? text : r)).join('\n');
    expect(parseArrivalProfile('')).toEqual({ error: 'empty file: a header line is required' });
    expect(parseArrivalProfile('hour,weight\n0,1')).toEqual({ error: "line 1: the header must be 'hour_of_week,weight' (got 'hour,weight')" });
    expect(parseArrivalProfile('hours\n0.4')).toEqual({ error: "line 1: the header must be 'hour_of_week,weight' (got 'hours')" });
    expect(parseArrivalProfile(withLine(4, '3,1'))).toEqual({ error: 'line 5: hour_of_week 3 is given twice (first on line 4)' });
    expect(parseArrivalProfile(withLine(7, '5,1,2'))).toEqual({ error: 'line 7: has 3 fields, the header has 2' });
    expect(parseArrivalProfile(withLine(7, 'five,1'))).toEqual({ error: "line 7: column 'hour_of_week': not a whole number 'five'" });
    expect(parseArrivalProfile(withLine(7, '5.5,1'))).toEqual({ error: "line 7: column 'hour_of_week': not a whole number '5.5'" });
    expect(parseArrivalProfile(withLine(7, '168,1'))).toEqual({ error: "line 7: column 'hour_of_week': 168 is outside 0..167" });
    expect(parseArrivalProfile(withLine(7, '-1,1'))).toEqual({ error: "line 7: column 'hour_of_week': -1 is outside 0..167" });
    expect(parseArrivalProfile(withLine(7, '5,-0.5'))).toEqual({ error: "line 7: column 'weight': negative weight -0.5" });
    for (const bad of ['x', '', '+1', '0x10', 'Infinity', '1e'])
      expect(parseArrivalProfile(withLine(7, `5,${bad}`))).toEqual({ error: `line 7: column 'weight': not a number '${bad}'` });
    expect(parseArrivalProfile(withLine(7, '5,1e-3')).values[5]).toBe(0.001);
    // Missing hours: listed (the first five), at the line after the last row.
    expect(parseArrivalProfile(profileCsv(one, [...Array(167).keys()]))).toEqual({ error: 'line 169: 1 hour of the week missing: 167 (each of 0..167 exactly once)' });
    expect(parseArrivalProfile(profileCsv(one, [...Array(160).keys()]))).toEqual({ error: 'line 162: 8 hours of the week missing: 160, 161, 162, 163, 164, … (each of 0..167 exactly once)' });
    expect(parseArrivalProfile('hour_of_week,weight\n')).toEqual({ error: 'line 2: 168 hours of the week missing: 0, 1, 2, 3, 4, … (each of 0..167 exactly once)' });
    expect(parseArrivalProfile(profileCsv(() => 0))).toEqual({ error: 'line 170: all weights are 0' });
  });
});

describe('parseServiceTimes', () => {
  it('reads the times and summarises them', () => {
    expect(parseServiceTimes('hours\n0.22\n0.41\n\n0.5\n')).toEqual({ values: [0.22, 0.41, 0.5], summary: '3 times, mean 0.38 h' });
    expect(parseServiceTimes('HOURS\r\n"1.5"\r\n')).toEqual({ values: [1.5], summary: '1 time, mean 1.5 h' });
    expect(parseServiceTimes(['hours', ...Array(100000).fill('0.4')].join('\n')).values).toHaveLength(100000);
  });
  it('names the line of every kind of bad file, as the CLI does', () => {
    expect(parseServiceTimes('')).toEqual({ error: 'empty file: a header line is required' });
    expect(parseServiceTimes('time\n0.4')).toEqual({ error: "line 1: the header must be 'hours' (got 'time')" });
    expect(parseServiceTimes('hours,class\n0.4,green')).toEqual({ error: "line 1: the header must be 'hours' (got 'hours,class')" });
    expect(parseServiceTimes('hours\n0.4\nabc')).toEqual({ error: "line 3: column 'hours': not a number 'abc'" });
    expect(parseServiceTimes('hours\n0.4\n0.4,1')).toEqual({ error: 'line 3: has 2 fields, the header has 1' });
    expect(parseServiceTimes('hours\n0.4\n\n0')).toEqual({ error: "line 4: column 'hours': a service time must be more than 0 (got 0)" });
    expect(parseServiceTimes('hours\n-0.2')).toEqual({ error: "line 2: column 'hours': a service time must be more than 0 (got -0.2)" });
    expect(parseServiceTimes('hours\n')).toEqual({ error: 'line 2: no service times (at least 1 is needed)' });
    expect(parseServiceTimes(['hours', ...Array(100001).fill('0.4')].join('\n'))).toEqual({ error: 'line 100002: more than 100000 service times' });
  });
});

describe('buildSimulateRequest with measured inputs', () => {
  const profile = parseArrivalProfile(profileCsv((h) => (h < 24 ? 2 : 1)));
  const times = parseServiceTimes('hours\n0.4\n0.4');
  it('sends each only when given', () => {
    expect(buildSimulateRequest(form).body).not.toHaveProperty('arrival_profile');
    expect(buildSimulateRequest(form).body).not.toHaveProperty('service_times_h');
    const { body } = buildSimulateRequest({ ...form, arrivalProfile: profile, serviceTimes: times });
    expect(body.arrival_profile).toEqual([...Array(168).keys()].map((h) => (h < 24 ? 2 : 1)));
    expect(body.service_times_h).toEqual([0.4, 0.4]);
    expect(buildSimulateRequest({ ...form, serviceTimes: times }).body).not.toHaveProperty('arrival_profile');
    expect(buildSimulateRequest({ ...form, mode: 'rail', serviceTimes: times }).body.service_times_h).toEqual([0.4, 0.4]);
  });
  it('does not build a request from a bad file, nor a profile for rail', () => {
    expect(buildSimulateRequest({ ...form, arrivalProfile: parseArrivalProfile('hour_of_week,weight\n3,1\n3,1'), serviceTimes: parseServiceTimes('hours\nx') })).toEqual({ errors: [
      { field: 'arrival_profile', detail: 'line 3: hour_of_week 3 is given twice (first on line 2)' },
      { field: 'service_times_h', detail: "line 2: column 'hours': not a number 'x'" },
    ] });
    expect(buildSimulateRequest({ ...form, mode: 'rail', arrivalProfile: profile })).toEqual({ errors: [
      { field: 'arrival_profile', detail: 'applies to road crossings only (rail runs to a timetable): clear it or choose road' },
    ] });
  });
  it("shows the server's problems with their pointers into the arrays", () => {
    const problem = { title: 'Invalid simulation request', status: 400, errors: [
      { pointer: '/arrival_profile/17', detail: "'arrival_profile' element 17 must be a number ≥ 0" },
      { pointer: '/service_times_h/3', detail: "'service_times_h' element 3 must be more than 0 hours (got -1)" }] };
    expect(describeProblem({ problem }).items.map((i) => [i.where, i.detail])).toEqual([
      ['arrival_profile/17', "'arrival_profile' element 17 must be a number ≥ 0"],
      ['service_times_h/3', "'service_times_h' element 3 must be more than 0 hours (got -1)"]]);
  });
});
