// What a planner takes away: the options table as CSV, the chosen itinerary as GeoJSON (its legs
// as drawn on the map, with times, costs and emissions) and the API's JSON answer as it came.

const CSV_COLUMNS = ['scenario', 'option', 'duration_hours', 'depart_utc', 'arrive_utc', 'arrive_local', 'cost_usd', 'cost_usd_per_container',
  'containers', 'co2e_kg', 'risk', 'distance_km', 'countries', 'border_crossings', 'gauge_changes'];

// RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled.
const csvField = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

// sets: [{label, scenario, body, result}] as the Routes view holds them. One line per option.
export function optionsCsv(sets) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const set of sets) {
    const containers = set.body?.containers ?? 1;
    set.result.itineraries.forEach((it, i) => {
      const s = it.summary;
      lines.push([set.scenario || 'baseline', i + 1, s.duration_hours, s.depart.utc, s.arrive.utc, s.arrive.local, s.cost_usd,
        Number((s.cost_usd / containers).toFixed(2)), containers, s.co2e_kg, s.risk, s.distance_km, s.countries.join('-'), s.border_crossings, s.gauge_changes]
        .map(csvField).join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}

// traced: the map's FeatureCollection of the itinerary's legs (geometry.js); each feature gets the
// leg's facts. The collection names the query and the option.
export function itineraryGeojson(traced, itinerary, { from, to, option, scenario }) {
  return {
    type: 'FeatureCollection',
    properties: { from, to, option, scenario: scenario || 'baseline', ...itinerary.summary },
    features: traced.features.map((f, i) => {
      const leg = itinerary.legs[i];
      return {
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          leg: i + 1, mode: leg.mode, from: leg.from.id, from_name: leg.from.name, to: leg.to.id, to_name: leg.to.name,
          depart_utc: leg.depart.utc, depart_local: leg.depart.local, arrive_utc: leg.arrive.utc, arrive_local: leg.arrive.local,
          distance_km: leg.distance_km, cost_usd: leg.cost_usd, co2e_kg: leg.co2e_kg,
          crossing: leg.crossing?.name ?? null, documents: leg.documents ?? [],
        },
      };
    }),
  };
}

// "Xi'an (Chanba)" → "xian-chanba": a file name part.
export const fileSlug = (text) => String(text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’]/g, '')
  .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'place';

// Saves text as a file through the browser's download.
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
