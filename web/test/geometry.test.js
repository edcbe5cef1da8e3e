import { expect, test } from 'vitest';
import { boundsOf, nodePositions, traceItinerary } from '../src/geometry.js';

const network = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'node', id: 'A' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 0] }, properties: { kind: 'node', id: 'B' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [2, 1] }, properties: { kind: 'node', id: 'C' } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 0]] }, properties: { kind: 'link', id: 'rail:A:B', from: 'A', to: 'B' } },
  ],
};
const leg = (from, to, mode, km, extra = {}) => ({ from: { id: from }, to: { id: to }, mode, distance_km: km, crossing: null, ...extra });

test('nodePositions: every node of the network by id, links left out', () => {
  expect([...nodePositions(network)]).toEqual([['A', [0, 0]], ['B', [1, 0]], ['C', [2, 1]]]);
});

test('traceItinerary draws each leg along the line the server planned', () => {
  const line = { type: 'LineString', coordinates: [[1, 0], [0.5, 0.3], [0, 0]] };
  const fc = traceItinerary(nodePositions(network), { legs: [leg('B', 'A', 'rail', 100, { geometry: line }), leg('A', 'C', 'sea', 300, { geometry: { type: 'LineString', coordinates: [[0, 0], [1, -1], [2, 1]] } })] }, 2);
  expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([line.coordinates, [[0, 0], [1, -1], [2, 1]]]);
  expect(fc.features.map((f) => [f.properties.drawn_from, f.properties.leg_km, f.properties.itinerary, f.properties.leg])).toEqual([
    ['geometry', 100, 2, 0],
    ['geometry', 300, 2, 1],
  ]);
  expect(boundsOf(fc)).toEqual([[0, -1], [2, 1]]);
});

test('a leg without a line is drawn straight between its ends', () => {
  const fc = traceItinerary(nodePositions(network), { legs: [leg('A', 'C', 'road', 250), leg('A', 'B', 'rail', 100, { geometry: { type: 'LineString', coordinates: [[0, 0]] } })] }, 0);
  expect(fc.features.map((f) => [f.geometry.coordinates, f.properties.drawn_from])).toEqual([
    [[[0, 0], [2, 1]], 'straight'],
    [[[0, 0], [1, 0]], 'straight'],
  ]);
  expect(boundsOf({ features: [] })).toBeNull();
});
