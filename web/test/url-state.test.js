import { expect, test } from 'vitest';
import { departProblem, formDepart, hashToQuery, queryKey, queryToHash } from '../src/url-state.js';

const values = { from: 'CN_XIAN', to: 'UZ_TASHKENT', via: ['KZ_ALMATY'], depart: '2026-12-07T08:00', containers: 1, container: '40ft',
  objectives: ['time', 'cost', 'co2'], avoidCountries: 'RU', avoidCrossings: 'CN-KZ, Torugart', avoidChokepoints: ['suez'], blockTrain: false, greenLane: false, scenario: '', compare: 'cku-open',
  cargo: 'fcl', weightKg: '', volumeM3: '', pieces: '', reefer: false, dangerous: '', valueUsd: '' };

test('the query round-trips through the hash, writing only what differs from the defaults', () => {
  const hash = queryToHash(values, { option: 2, in: 'cku-open' });
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&via=KZ_ALMATY&depart=2026-12-07T08%3A00&avoid_countries=RU&avoid_crossings=CN-KZ%2C+Torugart&compare=cku-open&avoid_chokepoints=suez&option=2&in=cku-open');
  expect(hashToQuery(hash)).toEqual({ values, chosen: { option: 2, in: 'cku-open' } });
  expect(queryKey(hash)).toBe(queryKey(queryToHash(values, { option: 1, in: '' })));
  expect(queryKey(hash)).not.toBe(queryKey(queryToHash({ ...values, containers: 500 })));
});

test('groupage is in the URL with its weight, volume and pieces', () => {
  const lcl = { ...values, via: [], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], compare: '',
    cargo: 'lcl', weightKg: '800', volumeM3: '5', pieces: '12' };
  const hash = queryToHash(lcl);
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08%3A00&cargo=lcl&weight_kg=800&volume_m3=5&pieces=12');
  expect(hashToQuery(hash).values).toEqual(lcl);
});

test('a reefer and a dangerous goods class are in the URL', () => {
  const cold = { ...values, via: [], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], compare: '', reefer: true, dangerous: '3' };
  const hash = queryToHash(cold);
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08%3A00&reefer=1&dangerous=3');
  expect(hashToQuery(hash).values).toEqual(cold);
  expect(hashToQuery('#/routes?from=A&to=B&dangerous=x').values.dangerous).toBe('');
});

test('a parcel is in the URL with its weight, volume and value', () => {
  const parcel = { ...values, via: [], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], compare: '',
    cargo: 'parcel', weightKg: '20', volumeM3: '0.05', pieces: '', valueUsd: '150' };
  const hash = queryToHash(parcel);
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08%3A00&cargo=parcel&weight_kg=20&volume_m3=0.05&value_usd=150');
  expect(hashToQuery(hash).values).toEqual(parcel);
});

test('no query, and a bad option', () => {
  expect(hashToQuery('#/routes')).toBeNull();
  expect(hashToQuery('#/routes?from=A&to=B&option=x').chosen).toBeNull();
  expect(hashToQuery('#/routes?from=A&to=B&objectives=time,risk').values.objectives).toEqual(['time', 'risk']);
});

test('a block train of our own is in the URL when asked for', () => {
  const hash = queryToHash({ ...values, via: [], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], compare: '', blockTrain: true });
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08%3A00&block_train=1');
  expect(hashToQuery(hash).values.blockTrain).toBe(true);
});

test('pre-declared cargo (green lane) is in the URL when asked for', () => {
  const hash = queryToHash({ ...values, via: [], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], compare: '', greenLane: true });
  expect(hash).toBe('#/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08%3A00&green_lane=1');
  expect(hashToQuery(hash).values.greenLane).toBe(true);
  expect(hashToQuery('#/routes?from=A&to=B').values.greenLane).toBe(false);
});

test("a departure in ISO 8601 with a zone, as the CLI and the API take it, is the form's UTC time", () => {
  expect(hashToQuery('#/routes?from=A&to=B&depart=2026-12-07T08:00Z').values.depart).toBe('2026-12-07T08:00');
  expect(formDepart('2026-12-07T13:00+05:00')).toBe('2026-12-07T08:00');
  expect(formDepart('2026-12-07T08:00:00Z')).toBe('2026-12-07T08:00');
  expect(formDepart('2026-12-07T08:00')).toBe('2026-12-07T08:00');
  expect(formDepart('next Tuesday')).toBe('next Tuesday');
  expect(formDepart('2026-13-40T08:00Z')).toBe('2026-13-40T08:00Z');
});

test('a departure a link cannot give as a time is a problem, not "now"', () => {
  expect(departProblem('')).toBe('');
  expect(departProblem(formDepart('2026-12-07T13:00+05:00'))).toBe('');
  expect(departProblem('2026-12-07T08:00')).toBe('');
  expect(departProblem(formDepart('next Tuesday'))).toBe(
    "the link's departure 'next Tuesday' is not a time: give YYYY-MM-DDTHH:MM in UTC (or ISO 8601 with a zone, such as 2026-12-07T13:00+05:00)");
  expect(departProblem('2026-13-45T08:00')).not.toBe('');
});
