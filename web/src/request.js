import { resolveCountry } from './places.js';
import { parseRateCard, rateCardMessage } from './ratecard.js';

// The POST /v1/route body built from the route form, with the form's own checks (the server
// checks everything again and answers problem+json; these only catch what a form can).

export const OBJECTIVES = ['time', 'cost', 'co2', 'risk'];
export const CHOKEPOINTS = ['suez', 'bab-el-mandeb', 'hormuz', 'malacca', 'bosporus', 'gibraltar', 'cape'];

// "RU, ir ,,KZ" → ["RU", "IR", "KZ"]
export function splitCodes(text) {
  return String(text ?? '')
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

// "Russia, IR; kz" → {codes: ['RU', 'IR', 'KZ']}; a name that is not a country → {errors: [detail]}
// with the closest names ("'Rusia' is not a country: did you mean RU (Russia)?").
export function parseCountries(text) {
  const codes = [];
  const errors = [];
  for (const item of splitList(text)) {
    if (/^[A-Za-z]{2}(\s+[A-Za-z]{2})*$/.test(item)) {
      codes.push(...splitCodes(item));
      continue;
    }
    const r = resolveCountry(item);
    if (r.code) codes.push(r.code);
    else errors.push(`'${item}' is not a country code or name${r.suggestions.length ? `: did you mean ${r.suggestions.map((c) => `${c.code} (${c.name})`).join(' or ')}?` : ' (use ISO codes such as RU, IR)'}`);
  }
  return { codes: [...new Set(codes)], errors };
}

// The form's field names as the form shows them.
export const FIELD_LABELS = { from: 'From', to: 'To', via: 'Via', containers: 'Containers', objectives: 'Objectives', avoidCountries: 'Avoid countries', depart: 'Departure', rates: 'Rate card',
  cargo: 'Cargo', weightKg: 'Weight (kg)', volumeM3: 'Volume (m³)', pieces: 'Pieces', reefer: 'Reefer', dangerous: 'Dangerous goods' };

// <input type="datetime-local"> gives "2026-12-07T08:00" (no zone): the form means UTC.
export function departToIso(value) {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}Z`;
  return value;
}

// "CN-KZ, Torugart ,, Khorgos-Altynkol (rail)" → ["CN-KZ", "Torugart", "Khorgos-Altynkol (rail)"]:
// crossing names may hold spaces, so only commas and semicolons separate.
export function splitList(text) {
  return String(text ?? '')
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// form: {from, to, via[], depart, containers, container, cargo ('fcl' | 'lcl' | 'parcel'), weightKg, volumeM3,
//        pieces (lcl, parcel), valueUsd (parcel), reefer (boolean), dangerous ('' or a UN class '1'..'9'), objectives[], avoidCountries (text),
//        avoidCrossings (text: crossings, checkpoints or country pairs such as CN-KZ),
//        avoidChokepoints[], rates (rate card CSV text), scenario, maxResults}
// Returns {body} or {errors: [{field, detail}]}; with a rate card, also rateCardErrors
// [{line, column, detail}] (the card's own problems, for showing at their lines).
export function buildRouteRequest(form) {
  const errors = [];
  const from = String(form.from ?? '').trim();
  const to = String(form.to ?? '').trim();
  if (!from) errors.push({ field: 'from', detail: 'enter a place to start from' });
  if (!to) errors.push({ field: 'to', detail: 'enter a destination' });
  // Groupage (LCL) is one consignment by weight and volume, priced per W/M; containers do not apply.
  // A parcel too: by weight (volume optional, for the chargeable weight) and its value for customs.
  const lcl = form.cargo === 'lcl';
  const parcel = form.cargo === 'parcel';
  const loose = lcl || parcel;
  const containers = Number(form.containers ?? 1);
  if (!loose && (!Number.isInteger(containers) || containers < 1 || containers > 10000))
    errors.push({ field: 'containers', detail: 'a whole number from 1 to 10000' });
  const positive = (value) => String(value ?? '').trim() !== '' && Number(value) > 0;
  if (lcl && !positive(form.weightKg)) errors.push({ field: 'weightKg', detail: 'the consignment\'s gross weight in kg, above 0' });
  if (lcl && !positive(form.volumeM3)) errors.push({ field: 'volumeM3', detail: 'the consignment\'s volume in m³, above 0' });
  if (parcel && !positive(form.weightKg)) errors.push({ field: 'weightKg', detail: 'the parcel\'s gross weight in kg, above 0' });
  const volume = String(form.volumeM3 ?? '').trim();
  if (parcel && volume !== '' && !positive(volume)) errors.push({ field: 'volumeM3', detail: 'the parcel\'s volume in m³, above 0 (or leave it empty)' });
  const value = String(form.valueUsd ?? '').trim();
  if (parcel && value !== '' && !(Number(value) >= 0)) errors.push({ field: 'valueUsd', detail: 'the goods\' value in USD, 0 or more (or leave it empty)' });
  const pieces = String(form.pieces ?? '').trim();
  if (loose && pieces !== '' && !(Number.isInteger(Number(pieces)) && Number(pieces) >= 1))
    errors.push({ field: 'pieces', detail: 'a whole number of packages, 1 or more' });
  // A reefer is a container of its own: no groupage service carries one.
  if (lcl && form.reefer) errors.push({ field: 'reefer', detail: 'groupage services carry no reefers: choose full containers' });
  const dangerous = String(form.dangerous ?? '').trim();
  if (dangerous !== '' && !/^[1-9]$/.test(dangerous)) errors.push({ field: 'dangerous', detail: 'a UN class from 1 to 9, or none' });
  const objectives = (form.objectives ?? []).filter((o) => OBJECTIVES.includes(o));
  if (objectives.length === 0) errors.push({ field: 'objectives', detail: 'choose at least one objective' });
  const { codes: countries, errors: countryErrors } = parseCountries(form.avoidCountries);
  for (const detail of countryErrors) errors.push({ field: 'avoidCountries', detail });
  const card = String(form.rates ?? '').trim() ? parseRateCard(form.rates) : null;
  for (const e of card?.errors ?? []) errors.push({ field: 'rates', detail: rateCardMessage(e) });
  if (errors.length) return { errors, rateCardErrors: card?.errors ?? [] };

  // The map plans door to door: a city off the network (or lat,lon) is reached by an estimated
  // road leg from the nearest covered places of its country, and the results say so (accessNotes).
  const body = loose ? { from, to, objectives, first_mile: true, last_mile: true }
    : { from, to, objectives, containers, first_mile: true, last_mile: true };
  if (lcl) {
    body.cargo = { kind: 'lcl', weight_kg: Number(form.weightKg), volume_m3: Number(form.volumeM3) };
    if (pieces !== '') body.cargo.pieces = Number(pieces);
  }
  if (parcel) {
    body.cargo = { kind: 'parcel', weight_kg: Number(form.weightKg) };
    if (volume !== '') body.cargo.volume_m3 = Number(volume);
    if (pieces !== '') body.cargo.pieces = Number(pieces);
    if (value !== '') body.cargo.value_usd = Number(value);
  }
  // Reefer and dangerous goods: sent only when asked for (full containers are the API's default kind).
  if (form.reefer && !loose) body.cargo = { ...body.cargo, reefer: true };
  if (/^[1-9]$/.test(dangerous)) body.cargo = { ...body.cargo, dangerous: Number(dangerous) };
  const via = (form.via ?? []).map((v) => String(v).trim()).filter(Boolean);
  if (via.length) body.via = via;
  const depart = departToIso(form.depart);
  if (depart) body.depart = depart;
  if (!loose && form.container && form.container !== '40ft') body.container = form.container;
  if (countries.length) body.avoid_countries = countries;
  // Checked by the server: an unknown crossing comes back as a problem at /avoid_crossings/N.
  const crossings = splitList(form.avoidCrossings);
  if (crossings.length) body.avoid_crossings = crossings;
  const chokepoints = (form.avoidChokepoints ?? []).filter((c) => CHOKEPOINTS.includes(c));
  if (chokepoints.length) body.avoid_chokepoints = chokepoints;
  // Sent only when asked for: a train of one's own for rail without a service (else single wagons).
  if (form.blockTrain && !loose) body.block_train = true;
  // Pre-declared cargo: road crossings clear it in their green lanes.
  if (form.greenLane) body.green_lane = true;
  if (card?.rows.length) body.rates = card.rows;
  if (form.scenario) body.scenario = form.scenario;
  if (form.maxResults !== undefined && form.maxResults !== '') body.max_results = Number(form.maxResults);
  return { body };
}

// The same query under another scenario ('' = baseline), for the side-by-side comparison.
export function withScenario(body, scenario) {
  const copy = { ...body };
  if (scenario) copy.scenario = scenario;
  else delete copy.scenario;
  return copy;
}

// The answer's first and last miles in words: "First mile: Karakol (KG) by road to the network at
// Balykchy 225 km, Naryn 288 km or Tokmok 319 km; road distances estimated (great-circle × 1.25)".
export function accessNotes(result) {
  return (result?.access ?? []).map((a) => {
    const places = a.reaches.map((r) => `${r.name} ${Math.round(r.distance_km)} km`);
    const list = places.length > 1 ? `${places.slice(0, -1).join(', ')} or ${places.at(-1)}` : places[0];
    const basis = a.distance_basis.replace('road_circuity_factor ', '');
    return a.end === 'first_mile'
      ? `First mile: ${a.name} (${a.country}) by road to the network at ${list}; road distances estimated (${basis})`
      : `Last mile: ${a.name} (${a.country}) by road from the network at ${list}; road distances estimated (${basis})`;
  });
}
