// A transit declaration from a planned route, built in the browser exactly as `caravan route
// --declare` builds its skeleton (src/transit/route_declaration.cpp, docs/transit.md "Derived office
// codes"): the API has no endpoint for it. Pure functions, unit-tested in test/declaration.test.js.

// Node id → derived office code: the node's country + the first six letters/digits of its id after
// the country prefix, upper-cased and padded with 0; on a clash the later node (in the network's,
// i.e. nodes.csv, order) keeps four characters and gets a two-digit counter.
export function officeCodes(network) {
  const codes = new Map();
  const taken = new Set();
  for (const f of network.features) {
    const p = f.properties;
    if (p.kind !== 'node') continue;
    const country = p.country;
    const id = p.id;
    const from = id.length > 3 && id.slice(0, 2) === country && id[2] === '_' ? 3 : 0;
    let rest = '';
    for (const c of id.slice(from)) {
      if (rest.length === 6) break;
      if (/[a-z]/.test(c)) rest += c.toUpperCase();
      else if (/[A-Z0-9]/.test(c)) rest += c;
    }
    rest = rest.padEnd(6, '0');
    let code = country + rest;
    for (let n = 1; taken.has(code) && n < 100; n++) code = country + rest.slice(0, 4) + String(n).padStart(2, '0');
    taken.add(code);
    codes.set(id, code);
  }
  return codes;
}

const TRANSIT_MODE = { rail: 'rail', road: 'road', ferry: 'sea', sea: 'sea', pipeline: 'road' };

// Node id → name, for the reader's comment beside each office.
export function placeNames(network) {
  const names = new Map();
  for (const f of network.features) if (f.properties.kind === 'node') names.set(f.properties.id, f.properties.name);
  return names;
}

// The legs cut at every border they pass, as the server cuts them: a through train passes several
// borders (legs[].crossings), each a pair of customs offices.
function borderLegs(legs) {
  const out = [];
  for (const leg of legs) {
    const passed = leg.crossings ?? (leg.crossing ? [{ entry: leg.from.id, exit: leg.to.id, ...leg.crossing }] : []);
    let at = leg.from.id;
    for (const c of passed) {
      if (at !== c.entry) out.push({ from: at, to: c.entry, mode: leg.mode });
      out.push({ from: c.entry, to: c.exit, mode: leg.mode, crossing: c });
      at = c.exit;
    }
    if (at !== leg.to.id || !passed.length) out.push({ from: at, to: leg.to.id, mode: leg.mode });
  }
  return out;
}

// The itinerary of customs offices of a route result's itinerary: departure, exit and entry at each
// border crossing (a note at a gauge change), destination — as src/transit/route_declaration.cpp.
// Each office also carries `place` (the node's name) for the reader; it is not a declaration field
// and is dropped before submitting.
export function declarationItinerary(codes, itinerary, names = new Map()) {
  const offices = [];
  const nameOf = (id) => names.get(id) ?? id;
  const add = (id, mode, transshipment) => {
    const code = codes.get(id);
    if (offices.length && offices.at(-1).office === code) return;
    const office = { office: code, mode: TRANSIT_MODE[mode] ?? 'road', place: nameOf(id) };
    if (transshipment) office.transshipment = transshipment;
    offices.push(office);
  };
  if (!itinerary.legs.length) return offices;
  for (const leg of itinerary.legs) names.has(leg.from.id) || names.set(leg.from.id, leg.from.name);
  for (const leg of itinerary.legs) names.has(leg.to.id) || names.set(leg.to.id, leg.to.name);
  const legs = borderLegs(itinerary.legs);
  add(legs[0].from, legs[0].mode, '');
  legs.forEach((leg, i) => {
    if (!leg.crossing) return;
    const after = i + 1 < legs.length ? legs[i + 1].mode : leg.mode;
    add(leg.from, leg.mode, '');
    add(leg.to, after, leg.crossing.gauge_change ? `gauge change at ${leg.crossing.name}` : '');
  });
  add(legs.at(-1).to, legs.at(-1).mode, '');
  return offices;
}

// The declaration message of the form (strings as typed) and the itinerary. Field checks are the
// server's (every problem comes back with its code and JSON pointer); only numbers are converted.
export function buildDeclaration(form, itinerary) {
  const num = (v) => (String(v).trim() === '' ? v : Number(v));
  const decl = {
    message_id: form.messageId,
    mode: form.mode,
    holder: { id: form.holderId, name: form.holderName, country: form.holderCountry },
    guarantee: { reference: form.guaranteeReference, amount: num(form.guaranteeAmount), currency: form.guaranteeCurrency },
    consignments: [{ items: [{ hs6: form.hs6, description: form.description, gross_mass_kg: num(form.grossMass), packages: num(form.packages) }] }],
    itinerary: itinerary.map(({ office, mode, transshipment }) => (transshipment ? { office, mode, transshipment } : { office, mode })),
  };
  if (form.localReference) decl.local_reference = form.localReference;
  if (form.container) {
    const seals = form.seals.split(',').map((s) => s.trim()).filter(Boolean);
    decl.consignments[0].transport_equipment = [{ container: form.container, number_of_seals: seals.length, seals }];
  }
  return decl;
}
