import { describe, expect, test } from 'vitest';
import { escapeHtml, formatCo2e, formatDelta, formatDuration, formatKm, formatLocal, formatRisk, formatUsd, formatUsdCents } from '../src/format.js';

describe('formatDuration', () => {
  test.each([
    [0.4, '24 min'], [0, '0 min'], [1.8, '1.8 h'], [23.96, '24 h'], [24, '1 d'], [34.8, '1 d 10.8 h'], [123.42, '5 d 3.4 h'], [142.12, '5 d 22.1 h'],
  ])('%s h → %s', (h, text) => expect(formatDuration(h)).toBe(text));
  test('rejects what is not a duration', () => {
    expect(formatDuration(NaN)).toBe('–');
    expect(formatDuration(-1)).toBe('–');
  });
});

test('money, mass, distance and risk', () => {
  expect(formatUsd(4121.98)).toBe('USD 4,122');
  expect(formatUsd(12.4)).toBe('USD 12');
  expect(formatUsdCents(2.1)).toBe('USD 2.10');
  expect(formatUsdCents(1112.846)).toBe('USD 1,112.85');
  expect(formatCo2e(812.4)).toBe('812 kg');
  expect(formatCo2e(4642.5)).toBe('4.64 t');
  expect(formatCo2e(250000)).toBe('250 t');
  expect(formatCo2e(2320700)).toBe('2,321 t');
  expect(formatKm(5089)).toBe('5,089 km');
  expect(formatRisk(0.1144)).toBe('11.4 %');
});

test('local times keep their offset', () => {
  expect(formatLocal('2026-12-12T16:25+05:00')).toBe('12 Dec 16:25 +05');
  expect(formatLocal('2026-12-07T08:00Z')).toBe('7 Dec 08:00 UTC');
  expect(formatLocal('2026-03-01T23:59+05:30')).toBe('1 Mar 23:59 +05:30');
  expect(formatLocal('not a time')).toBe('not a time');
});

test('signed differences', () => {
  expect(formatDelta(5.2, formatDuration)).toBe('+5.2 h');
  expect(formatDelta(-120, formatUsd)).toBe('−USD 120');
  expect(formatDelta(0, formatUsd)).toBe('same');
});

test('escapeHtml', () => {
  expect(escapeHtml(`<b a="1">'&'</b>`)).toBe('&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
});
