import { describe, expect, test } from 'vitest';
import { boundsOf, buildNetworkGraph, followPath, tracePath, traceItinerary } from '../src/geometry.js';

// A seeded random network in the shape of GET /v1/network: nodes on a grid, links of two modes.
function randomNetwork(seed, nodes = 9, links = 20) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const features = [];
  for (let i = 0; i < nodes; i++)
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [i % 3, Math.floor(i / 3)] }, properties: { kind: 'node', id: `N${i}` } });
  for (let k = 0; k < links; k++) {
    const a = Math.floor(rand() * nodes), b = Math.floor(rand() * nodes);
    if (a === b) continue;
    const mode = rand() < 0.7 ? 'rail' : 'road';
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[a % 3, Math.floor(a / 3)], [b % 3, Math.floor(b / 3)]] },
      properties: { kind: 'link', id: `${mode}:N${a}:N${b}:${k}`, from: `N${a}`, to: `N${b}`, mode, distance_km: 1 + Math.floor(rand() * 50), status: 'operational', closed_in_scenario: false } });
  }
  return { type: 'FeatureCollection', features };
}

// Every simple path, by brute force: the shortest one of a mode.
function bruteForce(network, from, to, mode) {
  const links = network.features.filter((f) => f.properties.kind === 'link' && f.properties.mode === mode).map((f) => f.properties);
  let best = Infinity;
  const walk = (at, seen, km) => {
    if (at === to) return void (best = Math.min(best, km));
    for (const l of links) {
      const next = l.from === at ? l.to : l.to === at ? l.from : null;
      if (next && !seen.has(next)) walk(next, new Set([...seen, next]), km + l.distance_km);
    }
  };
  walk(from, new Set([from]), 0);
  return best;
}

test('tracePath finds the shortest path of the mode (brute force on 30 random networks)', () => {
  let compared = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const network = randomNetwork(seed);
    const graph = buildNetworkGraph(network);
    for (const mode of ['rail', 'road'])
      for (let a = 0; a < 9; a++)
        for (let b = 0; b < 9; b++) {
          if (a === b) continue;
          const expected = bruteForce(network, `N${a}`, `N${b}`, mode);
          const traced = tracePath(graph, `N${a}`, `N${b}`, mode);
          if (expected === Infinity) expect(traced).toBeNull();
          else {
            expect(traced.km).toBe(expected);
            expect(traced.coords[0]).toEqual([a % 3, Math.floor(a / 3)]);
            expect(traced.coords.at(-1)).toEqual([b % 3, Math.floor(b / 3)]);
            compared++;
          }
        }
  }
  expect(compared).toBeGreaterThan(500);
});

test('closed links are never traced', () => {
  const network = randomNetwork(7);
  for (const f of network.features) if (f.properties.kind === 'link') f.properties.closed_in_scenario = true;
  const graph = buildNetworkGraph(network);
  expect(tracePath(graph, 'N0', 'N8', 'rail')).toBeNull();
});

test('traceItinerary: one feature per leg, a straight line where no path of the mode exists', () => {
  const network = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'node', id: 'A' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 0] }, properties: { kind: 'node', id: 'B' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [2, 1] }, properties: { kind: 'node', id: 'C' } },
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 0]] }, properties: { kind: 'link', id: 'rail:A:B', from: 'A', to: 'B', mode: 'rail', distance_km: 100, status: 'operational' } },
    ],
  };
  const leg = (from, to, mode, km) => ({ from: { id: from }, to: { id: to }, mode, distance_km: km, crossing: null });
  const fc = traceItinerary(buildNetworkGraph(network), { legs: [leg('B', 'A', 'rail', 100), leg('A', 'C', 'sea', 300)] }, 2);
  expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([[[1, 0], [0, 0]], [[0, 0], [2, 1]]]);
  expect(fc.features.map((f) => [f.properties.traced_km, f.properties.leg_km, f.properties.itinerary])).toEqual([[100, 100, 2], [null, 300, 2]]);
  expect(boundsOf(fc)).toEqual([[0, 0], [2, 1]]);
  expect(boundsOf({ features: [] })).toBeNull();
});

describe('legs drawn from what the server gives', () => {
  const net = { type: 'FeatureCollection', features: [
    ...[['A', 0, 0], ['B', 1, 0], ['C', 2, 0]].map(([id, x, y]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: { kind: 'node', id } })),
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [0.5, 0.2], [1, 0]] }, properties: { kind: 'link', id: 'ab', from: 'A', to: 'B', mode: 'rail', distance_km: 120 } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[1, 0], [2, 0]] }, properties: { kind: 'link', id: 'bc', from: 'B', to: 'C', mode: 'rail', distance_km: 110 } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [2, 0]] }, properties: { kind: 'link', id: 'ac', from: 'A', to: 'C', mode: 'rail', distance_km: 200 } },
  ] };
  const graph = buildNetworkGraph(net);
  const leg = (extra) => ({ from: { id: 'A' }, to: { id: 'C' }, mode: 'rail', distance_km: 230, ...extra });
  test('path: the links between the path\'s nodes, even when a shorter way exists', () => {
    expect(followPath(graph, ['A', 'B', 'C'], 'rail')).toEqual({ coords: [[0, 0], [0.5, 0.2], [1, 0], [2, 0]], km: 230, links: ['ab', 'bc'] });
    expect(followPath(graph, ['A', 'B', 'C'], 'road')).toBeNull();
    const f = traceItinerary(graph, { legs: [leg({ path: ['A', 'B', 'C'] })] }, 0).features[0];
    expect([f.properties.drawn_from, f.properties.traced_km]).toEqual(['path', 230]);
  });
  test('geometry first, then path, then the shortest path', () => {
    const line = { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] };
    expect(traceItinerary(graph, { legs: [leg({ geometry: line, path: ['A', 'B', 'C'] })] }, 0).features[0].geometry.coordinates).toEqual(line.coordinates);
    const traced = traceItinerary(graph, { legs: [leg({})] }, 0).features[0];
    expect([traced.properties.drawn_from, traced.properties.traced_km]).toEqual(['traced', 200]);
  });
});
