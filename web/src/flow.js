// The flow layer: a demand table (CSV text) → POST /v1/analysis/assign body, and the assigned loads
// → map features. Pure functions, unit-tested in test/flow.test.js.

// The example demand of docs/analysis.md ("Red Sea closure with demand assigned").
export const EXAMPLE_DEMAND = `origin,destination,teu_per_year,cargo_class
Xian,Duisburg,150000,general
Chongqing,Duisburg,120000,general
Zhengzhou,Hamburg,100000,high-value
Shanghai,Rotterdam,300000,general
Shanghai,Piraeus,150000,general
Xian,Tashkent,60000,general
Xian,Istanbul,40000,general`;

const CLASSES = ['bulk', 'general', 'high-value'];

// "origin,destination,teu_per_year,cargo_class" rows (a header line is optional). Errors name the
// line; places are checked by the server (its errors point at /demand/N/origin).
export function parseDemand(text) {
  const demand = [];
  const errors = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^origin\s*,/i.test(line)) return;
    const [origin, destination, teu, cargoClass = 'general', ...rest] = line.split(',').map((c) => c.trim());
    const where = `line ${i + 1}`;
    if (rest.length || !origin || !destination || teu === undefined) errors.push({ field: where, detail: 'expected origin,destination,teu_per_year[,cargo_class]' });
    else if (!(Number(teu) > 0)) errors.push({ field: where, detail: `teu_per_year '${teu}' is not a positive number` });
    else if (!CLASSES.includes(cargoClass)) errors.push({ field: where, detail: `cargo_class '${cargoClass}' is not one of ${CLASSES.join(', ')}` });
    else demand.push({ origin, destination, teu_per_year: Number(teu), cargo_class: cargoClass });
  });
  if (!errors.length && !demand.length) errors.push({ field: 'demand', detail: 'no demand rows' });
  return errors.length ? { errors } : { demand };
}

// One feature per load: a link keeps its drawn geometry; a crossing or a sea/ferry service leg is a
// straight line between its two places. Properties repeat the load (TEU/day, utilisation, saturated).
export function flowFeatures(network, loads) {
  const byId = new Map();
  for (const f of network.features) byId.set(`${f.properties.kind}:${f.properties.id}`, f);
  const at = (id) => byId.get(`node:${id}`)?.geometry.coordinates;
  const features = [];
  for (const l of loads) {
    const link = l.kind === 'link' ? byId.get(`link:${l.id}`) : null;
    const coordinates = link ? link.geometry.coordinates : [at(l.from), at(l.to)];
    if (coordinates.some((c) => !c)) continue; // a place the map does not have (never in the bundled data)
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: { kind: l.kind, id: l.id, from: l.from, to: l.to, name: l.name, teu_per_day: l.teu_per_day,
        capacity_teu_day: l.capacity_teu_day ?? null, utilisation: l.utilisation ?? null, saturated: Boolean(l.saturated),
        wait_hours: l.wait_hours ?? null },
    });
  }
  return { type: 'FeatureCollection', features };
}
