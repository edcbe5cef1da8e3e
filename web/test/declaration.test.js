import { describe, expect, it } from 'vitest';
import { buildDeclaration, declarationItinerary, officeCodes } from '../src/declaration.js';

const node = (id, country) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'node', id, country, name: id } });

describe('officeCodes (docs/transit.md, derived office codes)', () => {
  it('takes six letters/digits after the country prefix, padded; a clash gets a counter', () => {
    const codes = officeCodes({ features: [node('KZ_ZHIBEKZHOLY', 'KZ'), node('UZ_KELES', 'UZ'), node('KZ_KHORGOS_GATEWAY', 'KZ'),
      node('KZ_DOSTYK', 'KZ'), node('KZ_DOSTYK_TT', 'KZ'), node('kg-osh', 'KG')] });
    expect([...codes.values()]).toEqual(['KZZHIBEK', 'UZKELES0', 'KZKHORGO', 'KZDOSTYK', 'KZDOST01', 'KGKGOSH0']);
  });
});

describe('declarationItinerary', () => {
  const codes = officeCodes({ features: ['CN_XIAN', 'CN_KHORGOS', 'KZ_ALTYNKOL', 'KZ_ALMATY'].map((id) => node(id, id.slice(0, 2))) });
  const p = (id) => ({ id, name: id.toLowerCase() });
  it('lists departure, exit and entry of each crossing with the gauge change, and the destination', () => {
    const itinerary = { legs: [
      { from: p('CN_XIAN'), to: p('CN_KHORGOS'), mode: 'rail', crossing: null },
      { from: p('CN_KHORGOS'), to: p('KZ_ALTYNKOL'), mode: 'rail', crossing: { name: 'Khorgos-Altynkol (rail)', gauge_change: true } },
      { from: p('KZ_ALTYNKOL'), to: p('KZ_ALMATY'), mode: 'road', crossing: null },
    ] };
    expect(declarationItinerary(codes, itinerary)).toEqual([
      { office: 'CNXIAN00', mode: 'rail', place: 'cn_xian' },
      { office: 'CNKHORGO', mode: 'rail', place: 'cn_khorgos' },
      { office: 'KZALTYNK', mode: 'road', place: 'kz_altynkol', transshipment: 'gauge change at Khorgos-Altynkol (rail)' },
      { office: 'KZALMATY', mode: 'road', place: 'kz_almaty' },
    ]);
  });
  it('names every border a through train passes (legs[].crossings), as caravan route --declare does', () => {
    const itinerary = { legs: [
      { from: p('CN_XIAN'), to: p('KZ_ALMATY'), mode: 'rail', crossing: null, service: 'xian-almaty-rail',
        crossings: [{ entry: 'CN_KHORGOS', exit: 'KZ_ALTYNKOL', name: 'Khorgos-Altynkol (rail)', gauge_change: true, scheduled: true }] },
    ] };
    const names = new Map([['CN_KHORGOS', 'Khorgos'], ['KZ_ALTYNKOL', 'Altynkol']]);
    expect(declarationItinerary(codes, itinerary, names)).toEqual([
      { office: 'CNXIAN00', mode: 'rail', place: 'cn_xian' },
      { office: 'CNKHORGO', mode: 'rail', place: 'Khorgos' },
      { office: 'KZALTYNK', mode: 'rail', place: 'Altynkol', transshipment: 'gauge change at Khorgos-Altynkol (rail)' },
      { office: 'KZALMATY', mode: 'rail', place: 'kz_almaty' },
    ]);
  });
});

describe('buildDeclaration', () => {
  it('builds the message with numbers, seals counted, places dropped', () => {
    const d = buildDeclaration({ messageId: 'M-1', mode: 'road', holderId: 'KZ/1', holderName: 'X', holderCountry: 'KZ', guaranteeReference: 'TIR1',
      guaranteeAmount: '1000', guaranteeCurrency: 'EUR', hs6: '870323', description: 'cars', grossMass: '100.5', packages: '2', container: 'CSQU3054383',
      seals: 'A1, A2', localReference: '' }, [{ office: 'KZALMATY', mode: 'road', place: 'Almaty' }]);
    expect(d.guarantee.amount).toBe(1000);
    expect(d.consignments[0]).toEqual({ items: [{ hs6: '870323', description: 'cars', gross_mass_kg: 100.5, packages: 2 }],
      transport_equipment: [{ container: 'CSQU3054383', number_of_seals: 2, seals: ['A1', 'A2'] }] });
    expect(d.itinerary).toEqual([{ office: 'KZALMATY', mode: 'road' }]);
    expect('local_reference' in d).toBe(false);
  });
});
