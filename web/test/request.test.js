import { expect, test } from 'vitest';
import { accessNotes, buildRouteRequest, departToIso, splitCodes, splitList, withScenario } from '../src/request.js';

const form = { from: 'CN_XIAN', to: ' Tashkent ', depart: '2026-12-07T08:00', containers: 2, container: '40ft',
  objectives: ['time', 'cost', 'co2'], avoidCountries: '', avoidCrossings: '', avoidChokepoints: [], scenario: '' };

test('the body holds only what differs from the API defaults', () => {
  expect(buildRouteRequest(form)).toEqual({ body: { from: 'CN_XIAN', to: 'Tashkent', objectives: ['time', 'cost', 'co2'], containers: 2,
    first_mile: true, last_mile: true, depart: '2026-12-07T08:00Z' } });
});

test('groupage sends its cargo instead of containers, and needs weight and volume', () => {
  expect(buildRouteRequest({ ...form, cargo: 'lcl', weightKg: '800', volumeM3: '5', pieces: '12', blockTrain: true, container: '20ft' }))
    .toEqual({ body: { from: 'CN_XIAN', to: 'Tashkent', objectives: ['time', 'cost', 'co2'], depart: '2026-12-07T08:00Z',
      first_mile: true, last_mile: true, cargo: { kind: 'lcl', weight_kg: 800, volume_m3: 5, pieces: 12 } } });
  expect(buildRouteRequest({ ...form, cargo: 'lcl', weightKg: '-5', volumeM3: '', pieces: '1.5' }).errors).toEqual([
    { field: 'weightKg', detail: "the consignment's gross weight in kg, above 0" },
    { field: 'volumeM3', detail: 'the consignment\'s volume in m³, above 0' },
    { field: 'pieces', detail: 'a whole number of packages, 1 or more' }]);
});

test('pre-declared cargo asks for green lanes', () => {
  expect(buildRouteRequest({ ...form, greenLane: true }).body.green_lane).toBe(true);
  expect(buildRouteRequest(form).body).not.toHaveProperty('green_lane');
});

test('a reefer and a dangerous goods class go into the cargo object; a reefer cannot be groupage', () => {
  expect(buildRouteRequest({ ...form, reefer: true, dangerous: '3' }).body.cargo).toEqual({ reefer: true, dangerous: 3 });
  expect(buildRouteRequest({ ...form, reefer: false, dangerous: '' }).body.cargo).toBeUndefined();
  expect(buildRouteRequest({ ...form, cargo: 'lcl', weightKg: '800', volumeM3: '5', dangerous: '8' }).body.cargo)
    .toEqual({ kind: 'lcl', weight_kg: 800, volume_m3: 5, dangerous: 8 });
  expect(buildRouteRequest({ ...form, cargo: 'lcl', weightKg: '800', volumeM3: '5', reefer: true, dangerous: '10' }).errors).toEqual([
    { field: 'reefer', detail: 'groupage services carry no reefers: choose full containers' },
    { field: 'dangerous', detail: 'a UN class from 1 to 9, or none' }]);
});

test('a parcel sends its weight, and its volume and value when given', () => {
  expect(buildRouteRequest({ ...form, cargo: 'parcel', weightKg: '20', volumeM3: '', pieces: '', valueUsd: '150', container: '20ft' }))
    .toEqual({ body: { from: 'CN_XIAN', to: 'Tashkent', objectives: ['time', 'cost', 'co2'], depart: '2026-12-07T08:00Z',
      first_mile: true, last_mile: true, cargo: { kind: 'parcel', weight_kg: 20, value_usd: 150 } } });
  expect(buildRouteRequest({ ...form, cargo: 'parcel', weightKg: '', volumeM3: '0', valueUsd: '-1' }).errors).toEqual([
    { field: 'weightKg', detail: "the parcel's gross weight in kg, above 0" },
    { field: 'volumeM3', detail: "the parcel's volume in m³, above 0 (or leave it empty)" },
    { field: 'valueUsd', detail: "the goods' value in USD, 0 or more (or leave it empty)" }]);
});

test('avoid lists, container size and scenario', () => {
  const { body } = buildRouteRequest({ ...form, container: '20ft', avoidCountries: 'ru, ir;KZ', avoidChokepoints: ['suez', 'nowhere', 'hormuz'], scenario: 'cku-open' });
  expect(body.container).toBe('20ft');
  expect(body.avoid_countries).toEqual(['RU', 'IR', 'KZ']);
  expect(body.avoid_chokepoints).toEqual(['suez', 'hormuz']);
  expect(body.scenario).toBe('cku-open');
  expect(body.avoid_crossings).toBeUndefined();
  expect(buildRouteRequest({ ...form, avoidCrossings: ' CN-KZ ;Torugart,, Khorgos-Altynkol (rail) ' }).body.avoid_crossings)
    .toEqual(['CN-KZ', 'Torugart', 'Khorgos-Altynkol (rail)']);
});

test('every form problem is reported, with its field', () => {
  const { errors, body } = buildRouteRequest({ ...form, from: ' ', to: '', containers: 0, objectives: [], avoidCountries: 'RUS' });
  expect(body).toBeUndefined();
  expect(errors.map((e) => e.field)).toEqual(['from', 'to', 'containers', 'objectives', 'avoidCountries']);
  expect(errors[4].detail).toBe("'RUS' is not a country code or name: did you mean RU (Russia)?");
  expect(buildRouteRequest({ ...form, containers: 1.5 }).errors[0].field).toBe('containers');
});

test('helpers', () => {
  expect(splitCodes(' ru,,ir  kz ')).toEqual(['RU', 'IR', 'KZ']);
  expect(splitList('Khorgos Gateway, ; CN-KZ')).toEqual(['Khorgos Gateway', 'CN-KZ']);
  expect(departToIso('2026-12-07T08:00')).toBe('2026-12-07T08:00Z');
  expect(departToIso('2026-12-07T08:00+05:00')).toBe('2026-12-07T08:00+05:00');
  expect(departToIso('')).toBeUndefined();
  expect(withScenario({ from: 'A', scenario: 'x' }, '')).toEqual({ from: 'A' });
  expect(withScenario({ from: 'A' }, 'cku-open')).toEqual({ from: 'A', scenario: 'cku-open' });
});

test('countries by name, via points', () => {
  expect(buildRouteRequest({ ...form, avoidCountries: 'Russia, ir' }).body.avoid_countries).toEqual(['RU', 'IR']);
  expect(buildRouteRequest({ ...form, avoidCountries: 'Iran; RU KZ' }).body.avoid_countries).toEqual(['IR', 'RU', 'KZ']);
  expect(buildRouteRequest({ ...form, avoidCountries: 'Atlantis' }).errors).toEqual([{ field: 'avoidCountries', detail: "'Atlantis' is not a country code or name (use ISO codes such as RU, IR)" }]);
  expect(buildRouteRequest({ ...form, via: [' KZ_ALMATY ', ''] }).body.via).toEqual(['KZ_ALMATY']);
  expect(buildRouteRequest(form).body.via).toBeUndefined();
});

test('first and last miles are said in words, with their estimated distances', () => {
  const result = { access: [
    { end: 'first_mile', name: 'Karakol', country: 'KG', distance_basis: 'great-circle × road_circuity_factor 1.25',
      reaches: [{ name: 'Balykchy', distance_km: 225 }, { name: 'Naryn', distance_km: 288 }, { name: 'Tokmok', distance_km: 319 }] },
    { end: 'last_mile', name: '41.0,64.0', country: 'UZ', distance_basis: 'great-circle × road_circuity_factor 1.25',
      reaches: [{ name: 'Bukhara', distance_km: 177 }] }] };
  expect(accessNotes(result)).toEqual([
    'First mile: Karakol (KG) by road to the network at Balykchy 225 km, Naryn 288 km or Tokmok 319 km; road distances estimated (great-circle × 1.25)',
    'Last mile: 41.0,64.0 (UZ) by road from the network at Bukhara 177 km; road distances estimated (great-circle × 1.25)']);
  expect(accessNotes({ itineraries: [] })).toEqual([]);
});
