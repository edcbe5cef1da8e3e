import { expect, test } from 'vitest';
import { parseRateCard, rateCardMessage, rateCardPlace } from '../src/ratecard.js';
import { buildRouteRequest } from '../src/request.js';

const CARD = `applies_to,id,container,usd,valid_from,valid_to
service,xian-duisburg-rail,40ft,4800,2026-01-01,2026-06-30

crossing,khorgos-altynkol,any,350,2026-01-01,
"link","rail:KZ_ALMATY:KZ_SHU",40ft,12x,,`;

test('a rate card becomes the API rows, each remembering its line', () => {
  const { rows, lines, errors } = parseRateCard(CARD);
  expect(errors).toEqual([]);
  expect(rows).toEqual([
    { applies_to: 'service', id: 'xian-duisburg-rail', container: '40ft', usd: 4800, valid_from: '2026-01-01', valid_to: '2026-06-30' },
    { applies_to: 'crossing', id: 'khorgos-altynkol', container: 'any', usd: 350, valid_from: '2026-01-01', valid_to: null },
    // Not a number: sent as typed, for the server to name at /rates/2/usd.
    { applies_to: 'link', id: 'rail:KZ_ALMATY:KZ_SHU', container: '40ft', usd: '12x', valid_from: null, valid_to: null },
  ]);
  expect(lines).toEqual([2, 4, 5]);
  // The server's pointer comes back to the card's line and column.
  expect(rateCardPlace('/rates/2/usd', lines)).toEqual({ line: 5, column: 'usd' });
  expect(rateCardPlace('rates/1/id', lines)).toEqual({ line: 4, column: 'id' });
  expect(rateCardPlace('/rates/7/id', lines)).toBe(null);
  expect(rateCardPlace('/from', lines)).toBe(null);
  expect(rateCardMessage({ line: 5, column: 'usd', detail: "'12x' is not a number" })).toBe("line 5, usd: '12x' is not a number");
});

test('the form finds a wrong header and a row with too few cells, at their lines', () => {
  expect(parseRateCard('applies_to,id,usd\nservice,x,1').errors).toEqual([
    { line: 1, column: '', detail: 'the header must be applies_to,id,container,usd,valid_from,valid_to' },
    { line: 2, column: '', detail: '3 cells where the header has 6' },
  ]);
  expect(parseRateCard('applies_to,id,container,usd,valid_from,valid_to\n').errors).toEqual([
    { line: 1, column: '', detail: 'the card has a header but no rows' },
  ]);
  expect(parseRateCard('  ')).toEqual({ rows: [], lines: [], errors: [] });
});

test('the route request carries the card as rates, or the card\'s problems', () => {
  const form = { from: 'Xian', to: 'Duisburg', containers: 1, objectives: ['time', 'cost'] };
  expect(buildRouteRequest({ ...form, rates: CARD }).body.rates).toHaveLength(3);
  expect(buildRouteRequest({ ...form, rates: '' }).body.rates).toBeUndefined();
  const bad = buildRouteRequest({ ...form, rates: 'applies_to,id,container,usd,valid_from,valid_to\nservice,x,40ft,1' });
  expect(bad.errors).toEqual([{ field: 'rates', detail: 'line 2: 4 cells where the header has 6' }]);
  expect(bad.rateCardErrors).toEqual([{ line: 2, column: '', detail: '4 cells where the header has 6' }]);
});
