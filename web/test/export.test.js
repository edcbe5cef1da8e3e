import { expect, test } from 'vitest';
import { fileSlug, itineraryGeojson, optionsCsv } from '../src/export.js';

const summary = (h, usd) => ({ duration_hours: h, depart: { utc: '2026-12-07T08:00Z' }, arrive: { utc: 'x', local: '2026-12-12T16:25+05:00' }, cost_usd: usd,
  co2e_kg: 812.5, risk: 0.0123, distance_km: 4100, countries: ['CN', 'KZ', 'UZ'], border_crossings: 2, gauge_changes: 1 });
const leg = { mode: 'rail', from: { id: 'CN_XIAN', name: "Xi'an" }, to: { id: 'UZ_TASHKENT', name: 'Tashkent, "TK"' }, depart: { utc: 'a', local: 'b' },
  arrive: { utc: 'c', local: 'd' }, distance_km: 4100, cost_usd: 4000, co2e_kg: 812.5, crossing: null, documents: ['CIM/SMGS'] };

test('options as CSV: one line per option, RFC 4180 quoting, cost per container', () => {
  const sets = [{ scenario: '', body: { containers: 4 }, result: { itineraries: [{ summary: summary(120, 8000), legs: [leg] }] } },
    { scenario: 'cku-open', body: { containers: 4 }, result: { itineraries: [{ summary: summary(100.5, 9000), legs: [leg] }] } }];
  expect(optionsCsv(sets).split('\r\n')).toEqual([
    'scenario,option,duration_hours,depart_utc,arrive_utc,arrive_local,cost_usd,cost_usd_per_container,containers,co2e_kg,risk,distance_km,countries,border_crossings,gauge_changes',
    'baseline,1,120,2026-12-07T08:00Z,x,2026-12-12T16:25+05:00,8000,2000,4,812.5,0.0123,4100,CN-KZ-UZ,2,1',
    'cku-open,1,100.5,2026-12-07T08:00Z,x,2026-12-12T16:25+05:00,9000,2250,4,812.5,0.0123,4100,CN-KZ-UZ,2,1',
    '']);
});

test('itinerary as GeoJSON: the drawn legs with their facts', () => {
  const traced = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[108.9, 34.3], [69.2, 41.3]] }, properties: {} }] };
  const g = itineraryGeojson(traced, { summary: summary(120, 8000), legs: [leg] }, { from: "Xi'an", to: 'Tashkent', option: 2, scenario: '' });
  expect(g.properties).toMatchObject({ from: "Xi'an", to: 'Tashkent', option: 2, scenario: 'baseline', cost_usd: 8000 });
  expect(g.features[0].geometry.coordinates).toEqual([[108.9, 34.3], [69.2, 41.3]]);
  expect(g.features[0].properties).toMatchObject({ leg: 1, mode: 'rail', from: 'CN_XIAN', to: 'UZ_TASHKENT', cost_usd: 4000, documents: ['CIM/SMGS'] });
  expect(fileSlug("Xi'an (Chanba dry port)")).toBe('xian-chanba-dry-port');
  expect(fileSlug('Almaty')).toBe('almaty');
});
