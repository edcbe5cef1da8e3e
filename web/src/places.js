// Finding places in the page, over the network it already has (GET /v1/network): suggestions that
// forgive typos ("Almati" → Almaty, "Tashknt" → Tashkent), ranked by how close the text is and how
// important the place is; the covered places by country; country names → ISO codes for the avoid
// list ("Russia" → RU). The server still resolves what is sent; this only helps to type it.

// Where freight starts and ends first; border posts and junctions after; chokepoints are not places
// one ships from.
const KIND_WEIGHT = { city: 1, seaport: 0.9, dry_port: 0.75, rail_terminal: 0.6, ferry_port: 0.6, border_crossing: 0.3 };
export const SUGGESTED_KINDS = Object.keys(KIND_WEIGHT);

// "Xi'an (Chanba dry port)" → "xian chanba dry port": lower case, no accents, no punctuation.
export function normalise(text) {
  return String(text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’`]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// Optimal string alignment distance (Levenshtein with adjacent transpositions), capped: above
// `max` it answers max + 1, which is all a ranking needs.
export function editDistance(a, b, max = 3) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

// How well the typed text q (normalised) matches a name (normalised), 0..1: the whole name, a
// word's start, anywhere, or the closest word (or word start) within a few typos.
export function similarity(q, name) {
  if (!q || !name) return 0;
  if (name === q) return 1;
  if (name.startsWith(q)) return 0.92 + 0.06 * (q.length / name.length);
  const words = name.split(' ');
  if (words.some((w) => w.startsWith(q))) return 0.85;
  if (q.length >= 3 && name.includes(q)) return 0.75;
  const typos = q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3;
  let best = 0;
  const qWords = q.split(' ');
  for (const w of words) {
    for (const part of qWords.length > 1 ? [q] : qWords) {
      // the whole word, or its start as long as the text (a typo while still typing)
      for (const target of new Set([w, w.slice(0, part.length), w.slice(0, part.length + 1)])) {
        if (target.length < 2) continue;
        const d = editDistance(part, target, typos);
        if (d <= typos) best = Math.max(best, 0.7 * (1 - d / Math.max(part.length, target.length)) + (target === w ? 0.1 : 0));
      }
    }
  }
  if (qWords.length > 1) {
    const d = editDistance(q, name, typos);
    if (d <= typos) best = Math.max(best, 0.8 * (1 - d / Math.max(q.length, name.length)));
  }
  return best;
}

// The network's places as an index: {id, name, short, country, kind, unlocode, keys[], importance}.
// A place's importance grows with its kind and with how many links meet there.
export function placeIndex(network) {
  const degree = new Map();
  for (const f of network.features) {
    const p = f.properties;
    if (p.kind === 'link') for (const end of [p.from, p.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  }
  const maxDegree = Math.max(1, ...degree.values());
  return network.features
    .filter((f) => f.properties.kind === 'node' && KIND_WEIGHT[f.properties.node_kind] !== undefined)
    .map((f) => {
      const p = f.properties;
      const short = String(p.name).replace(/\s*\(.*\)\s*$/, '');
      const aliases = Array.isArray(p.aliases) ? p.aliases : [];
      return {
        id: p.id, name: p.name, short, country: p.country, kind: p.node_kind, unlocode: p.unlocode ?? null, coordinates: f.geometry.coordinates,
        keys: [...new Set([short, p.name, ...aliases, p.unlocode, p.id.replace(/_/g, ' ')].filter(Boolean).map(normalise))],
        importance: 0.7 * KIND_WEIGHT[p.node_kind] + 0.3 * Math.log1p(degree.get(p.id) ?? 0) / Math.log1p(maxDegree),
      };
    });
}

// The best matches for the typed text: [{place, similarity, score}], best first. score weighs the
// text's similarity (0.8) and the place's importance (0.2); weak matches (similarity < 0.6: two typos in a short word) are left out.
export function suggestPlaces(index, text, limit = 8) {
  const q = normalise(text);
  if (q.length < 2) return [];
  const ranked = [];
  for (const place of index) {
    const sim = Math.max(...place.keys.map((k) => similarity(q, k)));
    if (sim >= 0.6) ranked.push({ place, similarity: sim, score: 0.8 * sim + 0.2 * place.importance });
  }
  return ranked.sort((a, b) => b.score - a.score || a.place.name.localeCompare(b.place.name)).slice(0, limit);
}

// The place the text names exactly (an id, a name, an alias or a UN/LOCODE), or null.
export function exactPlace(index, text) {
  const q = normalise(text);
  return index.find((p) => p.id === String(text).trim() || p.keys.includes(q)) ?? null;
}

// Places by country, each country's list by importance: [{country, name, places[]}].
export function coveredPlaces(index) {
  const byCountry = new Map();
  for (const p of index) {
    if (!byCountry.has(p.country)) byCountry.set(p.country, []);
    byCountry.get(p.country).push(p);
  }
  return [...byCountry].map(([country, places]) => ({ country, name: countryName(country), places: places.sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ISO 3166 alpha-2 → English name ("KZ" → "Kazakhstan"), from the browser's own data (Intl).
const regionNames = typeof Intl !== 'undefined' && Intl.DisplayNames ? new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }) : null;
export function countryName(code) {
  try {
    return regionNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

let countryList = null;
// Codes Intl still names but ISO 3166 has retired or never assigned to a country (SU: USSR, …).
const RETIRED = new Set(['SU', 'YU', 'CS', 'DD', 'ZR', 'TP', 'BU', 'FX', 'QO', 'EU', 'EZ', 'UN', 'AN', 'NT']);
// Every region name Intl knows, with its code and a few common short forms.
function countries() {
  if (countryList) return countryList;
  countryList = [];
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++)
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      const name = regionNames ? (() => { try { return regionNames.of(code); } catch { return undefined; } })() : undefined;
      if (name && name !== code && !RETIRED.has(code)) countryList.push({ code, name, key: normalise(name) });
    }
  const extra = { 'russian federation': 'RU', 'iran islamic republic of': 'IR', 'united states': 'US', usa: 'US', uk: 'GB', 'great britain': 'GB',
    holland: 'NL', persia: 'IR', kirghizia: 'KG', kirgizia: 'KG', burma: 'MM', turkiye: 'TR', 'south korea': 'KR', 'north korea': 'KP', czechia: 'CZ' };
  for (const [key, code] of Object.entries(extra)) countryList.push({ code, name: countryName(code), key });
  return countryList;
}

// "Russia" → {code: 'RU'}; "Rusia" → {suggestions: [{code: 'RU', name: 'Russia'}]}; "RU" → {code: 'RU'}.
export function resolveCountry(text) {
  const raw = String(text ?? '').trim();
  if (/^[A-Za-z]{2}$/.test(raw)) return { code: raw.toUpperCase() };
  const q = normalise(raw);
  const exact = countries().find((c) => c.key === q);
  if (exact) return { code: exact.code };
  const ranked = countries().map((c) => ({ ...c, sim: similarity(q, c.key) })).filter((c) => c.sim >= 0.6)
    .sort((a, b) => b.sim - a.sim);
  const seen = new Set();
  const close = ranked.filter((c) => c.sim >= ranked[0].sim - 0.1 && !seen.has(c.code) && seen.add(c.code));
  return { suggestions: close.slice(0, 3).map(({ code, name }) => ({ code, name })) };
}
