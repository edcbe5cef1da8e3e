import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { coveredPlaces, editDistance, exactPlace, placeIndex, resolveCountry, similarity, suggestPlaces } from '../src/places.js';

// The bundled places (data/corridors/nodes.csv) as GET /v1/network gives them (links left out).
function csvRows(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  return rows;
}
const [head, ...rows] = csvRows(fs.readFileSync(new URL('../../data/corridors/nodes.csv', import.meta.url), 'utf8'));
const col = Object.fromEntries(head.map((h, i) => [h, i]));
const network = { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [Number(r[col.lon]), Number(r[col.lat])] },
  properties: { kind: 'node', id: r[col.id], name: r[col.name], aliases: r[col.aliases] ? r[col.aliases].split('|') : [], country: r[col.country], node_kind: r[col.kind], unlocode: r[col.unlocode] || undefined } })) };
const index = placeIndex(network);
const top = (text) => suggestPlaces(index, text)[0]?.place.id;

describe('place suggestions', () => {
  test('typos find the place', () => {
    expect(top('Almati')).toBe('KZ_ALMATY');
    expect(top('Tashknt')).toBe('UZ_TASHKENT');
    expect(top('Tashkent')).toBe('UZ_TASHKENT');
    expect(top('xian')).toBe('CN_XIAN');
    expect(top('Duisbrug')).toBe('DE_DUISBURG');
  });
  test('a start of a name suggests the city first, never a chokepoint', () => {
    expect(top('Alma')).toBe('KZ_ALMATY');
    expect(suggestPlaces(index, 'Alma').map((s) => s.place.kind)).not.toContain('chokepoint');
    expect(index.some((p) => p.kind === 'chokepoint')).toBe(false);
  });
  test('places that are not covered get no suggestion', () => {
    expect(suggestPlaces(index, 'Toronto')).toEqual([]);
    expect(suggestPlaces(index, 'Nairobi')).toEqual([]);
  });
  test('exact names, aliases, ids and UN/LOCODEs', () => {
    expect(exactPlace(index, 'almaty')?.id).toBe('KZ_ALMATY');
    expect(exactPlace(index, 'KZ_ALMATY')?.id).toBe('KZ_ALMATY');
    expect(exactPlace(index, 'KZALA')?.id).toBe('KZ_ALMATY');
    expect(exactPlace(index, 'Nur-Sultan')?.id).toBe('KZ_ASTANA');
    expect(exactPlace(index, 'Almati')).toBeNull();
  });
  test('covered places by country', () => {
    const kz = coveredPlaces(index).find((c) => c.country === 'KZ');
    expect(kz.name).toBe('Kazakhstan');
    expect(kz.places[0].kind).toBe('city');
    expect(coveredPlaces(index).reduce((n, c) => n + c.places.length, 0)).toBe(index.length);
  });
  test('distance and similarity', () => {
    expect(editDistance('almati', 'almaty')).toBe(1);
    expect(editDistance('tashknt', 'tashkent')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('berlin', 'tbilisi')).toBe(4);
    expect(similarity('alma', 'almaty')).toBeGreaterThan(0.9);
    expect(similarity('alma', 'bab el mandeb')).toBe(0);
  });
});

describe('country names', () => {
  test('names and codes', () => {
    expect(resolveCountry('Russia')).toEqual({ code: 'RU' });
    expect(resolveCountry('ru')).toEqual({ code: 'RU' });
    expect(resolveCountry('iran')).toEqual({ code: 'IR' });
    expect(resolveCountry('Rusia').suggestions[0]).toEqual({ code: 'RU', name: 'Russia' });
    expect(resolveCountry('Kazahstan').suggestions[0].code).toBe('KZ');
  });
});
