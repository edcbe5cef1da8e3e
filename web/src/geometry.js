// The map geometry of an itinerary: each leg is drawn along the line the server planned
// (legs[].geometry: the recorded rail, road, ferry or sea line of every link the leg rides,
// simplified for the answer), so the map shows exactly the route the search found.

// Node positions of the network GeoJSON (GET /v1/network), by node id.
export function nodePositions(network) {
  const positions = new Map();
  for (const f of network.features) {
    const p = f.properties;
    if (f.geometry.type === 'Point' && p.kind === 'node') positions.set(p.id, f.geometry.coordinates);
  }
  return positions;
}

// One GeoJSON LineString feature per leg, with the leg's properties for styling and popups. A leg
// without a line (an answer from an older server) is drawn straight between its ends.
export function traceItinerary(positions, itinerary, index) {
  const features = itinerary.legs.map((leg, i) => {
    const given = leg.geometry?.type === 'LineString' && leg.geometry.coordinates.length >= 2 ? leg.geometry.coordinates : null;
    const coords = given ?? [positions.get(leg.from.id), positions.get(leg.to.id)].filter(Boolean);
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
        drawn_from: given ? 'geometry' : 'straight',
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
