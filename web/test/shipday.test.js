import { expect, test } from 'vitest';
import { localDay, shipDayCaveat, shipDayRequest, shipDayRows } from '../src/shipday.js';

const best = (departLocal, arriveUtc, arriveLocal, hours, cost) => ({ depart: { local: departLocal }, arrive: { utc: arriveUtc, local: arriveLocal }, duration_hours: hours, cost_usd: cost });

test('the matrix request: one pair, 14 daily departures from the query\'s departure', () => {
  expect(shipDayRequest({ from: 'CN_KASHGAR', to: 'PK_ISLAMABAD' }, '2026-12-07T08:00Z', ''))
    .toEqual({ from: ['CN_KASHGAR'], to: ['PK_ISLAMABAD'], departures: 14, every_hours: 24, depart: '2026-12-07T08:00Z' });
  expect(shipDayRequest({ from: 'A', to: 'B' }, undefined, 'cku-open', 7)).toEqual({ from: ['A'], to: ['B'], departures: 7, every_hours: 24, scenario: 'cku-open' });
});

test('a day in the planner\'s calendar: the local date at the origin', () => {
  expect(localDay('2026-12-07T16:00+08:00')).toBe('Mon 7 Dec');
  expect(localDay('2027-01-01T01:00+05:00')).toBe('Fri 1 Jan');
});

test('rows per departure, the earliest arrival and the lowest cost marked, a day without a route kept', () => {
  const rows = shipDayRows({ cells: [
    { depart: '2026-12-07T08:00Z', fastest: best('2026-12-07T16:00+08:00', '2026-12-12T11:25Z', '2026-12-12T16:25+05:00', 123.42, 4121.98), cheapest: best('2026-12-07T16:00+08:00', '2026-12-13T06:07Z', '2026-12-13T11:07+05:00', 142.12, 2565.08) },
    { depart: '2026-12-08T08:00Z', fastest: best('2026-12-08T16:00+08:00', '2026-12-12T20:00Z', '2026-12-13T01:00+05:00', 108, 4300), cheapest: best('2026-12-08T16:00+08:00', '2026-12-14T00:00Z', '2026-12-14T05:00+05:00', 160, 2600) },
    { depart: '2026-12-09T08:00Z', fastest: null, cheapest: null },
  ] });
  expect(rows.map((r) => [r.depart, r.day, r.earliest, r.lowest])).toEqual([
    ['2026-12-07T08:00', 'Mon 7 Dec', true, true],
    ['2026-12-08T08:00', 'Tue 8 Dec', false, false],
    ['2026-12-09T08:00', 'Wed 9 Dec', false, false],
  ]);
});

test('no mark when every day is the same', () => {
  const same = (d) => ({ depart: d, fastest: best(`${d.slice(0, 10)}T16:00+08:00`, '2026-12-12T11:25Z', '2026-12-12T16:25+05:00', 100, 2000), cheapest: null });
  const rows = shipDayRows({ cells: [same('2026-12-07T08:00Z'), same('2026-12-08T08:00Z')] });
  rows[1].fastest = { ...rows[1].fastest };
  expect(rows.map((r) => r.lowest)).toEqual([false, false]);
  expect(shipDayRows({ cells: [{ ...same('2026-12-07T08:00Z'), cheapest: best('2026-12-07T16:00+08:00', 'x', 'x', 1, 5) }, { ...same('2026-12-08T08:00Z'), cheapest: best('2026-12-08T16:00+08:00', 'x', 'x', 1, 5) }] }).map((r) => r.lowest)).toEqual([false, false]);
});

test('what the matrix leaves out of the query is said', () => {
  expect(shipDayCaveat({ containers: 1 })).toBe('');
  expect(shipDayCaveat({ containers: 3, via: ['KZ_ALMATY'], avoid_countries: ['RU'] })).toBe('Costs are for one 40ft container. Planned without the via points and avoided places of your query.');
  expect(shipDayCaveat({ containers: 1, block_train: true })).toBe('Planned without the block train of your query.');
});
