import { describe, expect, it } from 'vitest';
import { EXAMPLE_DEMAND, flowFeatures, parseDemand } from '../src/flow.js';

describe('parseDemand', () => {
  it('reads the example demand', () => {
    const { demand } = parseDemand(EXAMPLE_DEMAND);
    expect(demand).toHaveLength(7);
    expect(demand[0]).toEqual({ origin: 'Xian', destination: 'Duisburg', teu_per_year: 150000, cargo_class: 'general' });
  });
  it('names the bad lines', () => {
    expect(parseDemand('a,b,0\nc,d,5,gold\ne,f\n\n').errors.map((e) => e.field)).toEqual(['line 1', 'line 2', 'line 3']);
    expect(parseDemand('origin,destination,teu_per_year\n').errors).toEqual([{ field: 'demand', detail: 'no demand rows' }]);
  });
});

describe('flowFeatures', () => {
  const node = (id, c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { kind: 'node', id } });
  const network = { features: [node('A', [0, 0]), node('B', [1, 0]), node('C', [2, 1]),
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [0.5, 0.2], [1, 0]] }, properties: { kind: 'link', id: 'rail:A:B' } }] };
  it('draws links along their geometry and the rest straight', () => {
    const fc = flowFeatures(network, [
      { kind: 'link', id: 'rail:A:B', from: 'A', to: 'B', name: 'l', teu_per_day: 10 },
      { kind: 'crossing', id: 'x', from: 'B', to: 'C', name: 'x', teu_per_day: 20, capacity_teu_day: 10, utilisation: 2, saturated: true, wait_hours: 5 },
    ]);
    expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([[[0, 0], [0.5, 0.2], [1, 0]], [[1, 0], [2, 1]]]);
    expect(fc.features[0].properties).toMatchObject({ utilisation: null, saturated: false, capacity_teu_day: null });
    expect(fc.features[1].properties).toMatchObject({ utilisation: 2, saturated: true, wait_hours: 5 });
  });
});
