// The map geometry of an itinerary. A route result lists legs (from, to, mode, km) but not the
// links a leg rides, so each leg is traced back over the network GeoJSON: the shortest path of
// that leg's mode between its two ends. traceItinerary reports how far the traced km are from the
// leg's own km, so a caller (and the tests) can tell a faithful trace from an approximation.

// Indexes the network GeoJSON (GET /v1/network): node positions and, per node, the open links.
export function buildNetworkGraph(network) {
  const positions = new Map();
  const adjacency = new Map();
  for (const f of network.features) {
    const p = f.properties;
    if (f.geometry.type === 'Point' && p.kind === 'node') positions.set(p.id, f.geometry.coordinates);
  }
  const add = (from, to, edge) => {
    if (!adjacency.has(from)) adjacency.set(from, []);
    adjacency.get(from).push({ ...edge, to });
  };
  for (const f of network.features) {
    const p = f.properties;
    if (p.kind !== 'link' || p.closed_in_scenario || p.status === 'closed') continue;
    const coords = f.geometry.coordinates;
    const edge = { id: p.id, mode: p.mode, km: p.distance_km };
    add(p.from, p.to, { ...edge, coords });
    add(p.to, p.from, { ...edge, coords: [...coords].reverse() });
  }
  return { positions, adjacency };
}

// Dijkstra by distance over links of one mode. Returns {coords, km, links} or null.
export function tracePath(graph, from, to, mode) {
  if (from === to) return null;
  const dist = new Map([[from, 0]]);
  const prev = new Map();
  const done = new Set();
  // The network has a few hundred nodes: a linear scan for the minimum is plenty fast.
  const open = new Set([from]);
  while (open.size > 0) {
    let u = null;
    for (const v of open) if (u === null || dist.get(v) < dist.get(u)) u = v;
    open.delete(u);
    if (u === to) break;
    done.add(u);
    for (const e of graph.adjacency.get(u) ?? []) {
      if (e.mode !== mode || done.has(e.to)) continue;
      const d = dist.get(u) + e.km;
      if (!dist.has(e.to) || d < dist.get(e.to)) {
        dist.set(e.to, d);
        prev.set(e.to, { from: u, edge: e });
        open.add(e.to);
      }
    }
  }
  if (!prev.has(to)) return null;
  const edges = [];
  for (let v = to; v !== from; v = prev.get(v).from) edges.push(prev.get(v).edge);
  edges.reverse();
  const coords = [];
  for (const e of edges) coords.push(...(coords.length ? e.coords.slice(1) : e.coords));
  return { coords, km: dist.get(to), links: edges.map((e) => e.id) };
}

// A leg along the node ids the server says it rides (legs[].path): each step follows the open link
// of the leg's mode between the two nodes (the shortest if there are several). {coords, km, links}
// or null when a step has no such link.
export function followPath(graph, path, mode) {
  if (!Array.isArray(path) || path.length < 2) return null;
  const coords = [];
  const links = [];
  let km = 0;
  for (let i = 1; i < path.length; i++) {
    const edge = (graph.adjacency.get(path[i - 1]) ?? []).filter((e) => e.to === path[i] && e.mode === mode).sort((a, b) => a.km - b.km)[0];
    if (!edge) return null;
    coords.push(...(coords.length ? edge.coords.slice(1) : edge.coords));
    links.push(edge.id);
    km += edge.km;
  }
  return { coords, km, links };
}

// One GeoJSON LineString feature per leg, with the leg's properties for styling and popups. The
// leg's own geometry is drawn when the server gives it (legs[].geometry), else its path of nodes
// (legs[].path), else the shortest path of its mode over the network.
export function traceItinerary(graph, itinerary, index) {
  const features = itinerary.legs.map((leg, i) => {
    const given = leg.geometry?.type === 'LineString' && leg.geometry.coordinates.length >= 2 ? { coords: leg.geometry.coordinates, km: leg.distance_km } : null;
    const followed = given ? null : followPath(graph, leg.path, leg.mode);
    const traced = given ?? followed ?? tracePath(graph, leg.from.id, leg.to.id, leg.mode);
    const a = graph.positions.get(leg.from.id);
    const b = graph.positions.get(leg.to.id);
    const coords = traced ? traced.coords : [a, b].filter(Boolean);
    return {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: coords },
      properties: {
        itinerary: index,
        leg: i,
        mode: leg.mode,
        from: leg.from.id,
        to: leg.to.id,
        leg_km: leg.distance_km,
        traced_km: traced ? traced.km : null,
        drawn_from: given ? 'geometry' : followed ? 'path' : traced ? 'traced' : 'straight',
        crossing: leg.crossing ? leg.crossing.name : null,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

// [[west, south], [east, north]] around every coordinate of a FeatureCollection, or null.
export function boundsOf(collection) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const f of collection.features) {
    const c = f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const [lon, lat] of c) {
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
  }
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}
