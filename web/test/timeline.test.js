import { expect, test } from 'vitest';
import { costLines, itineraryDocuments, itineraryPhases, offsetOf, riskWords, zoneChange } from '../src/timeline.js';
import { niceTicks, tickLabels } from '../src/chart.js';
import { ApiError, describeProblem } from '../src/api.js';

const t = (hhmm, day = 7) => ({ utc: `2026-12-0${day}T${hhmm}Z`, local: '' });
// Xi'an → Khorgos (rail), the Khorgos–Altynkol crossing with a gauge change, Altynkol → Almaty.
const itinerary = {
  summary: { depart: t('08:00'), arrive: t('20:00', 9) },
  legs: [
    { from: { name: 'Xian' }, to: { name: 'Khorgos' }, mode: 'rail', ready: t('14:00'), depart: t('14:00'), arrive: t('15:00', 8),
      crossing: null, documents: ['SMGS consignment note', 'Transit declaration'] },
    { from: { name: 'Khorgos' }, to: { name: 'Altynkol' }, mode: 'rail', ready: t('15:00', 8), depart: t('12:00', 9), arrive: t('12:15', 9),
      crossing: { name: 'Khorgos-Altynkol (rail)' }, gauge_change: true, documents: ['SMGS consignment note', 'Transit declaration'] },
    { from: { name: 'Altynkol' }, to: { name: 'Almaty' }, mode: 'rail', ready: t('13:15', 9), depart: t('14:00', 9), arrive: t('20:00', 9),
      crossing: null, wait_reason: 'next train', documents: ['SMGS consignment note'] },
  ],
};

test('phases cover the whole itinerary without gaps', () => {
  const phases = itineraryPhases(itinerary);
  expect(phases.map((p) => [p.kind, p.hours])).toEqual([
    ['handling', 6], ['move', 25], ['border', 21], ['move', 0.25], ['handling', 1], ['wait', 0.75], ['move', 6],
  ]);
  expect(phases[4].label).toBe('handling at Altynkol');
  expect(phases[5].label).toBe('next train');
  for (let i = 1; i < phases.length; i++) expect(phases[i].start).toBe(phases[i - 1].end);
  expect(phases.reduce((s, p) => s + p.hours, 0)).toBe(60);
});

test('the port dwell at the destination closes the timeline', () => {
  // Poti → Constanța by sea, then 84 h in Constanța's yard after discharge.
  const bySea = {
    summary: { depart: t('00:00'), arrive: { utc: '2026-12-12T12:00Z', local: '' }, destination_dwell_hours: 84 },
    legs: [{ from: { name: 'Poti' }, to: { name: 'Constanta' }, mode: 'sea', ready: t('12:00'), depart: t('18:00'), arrive: t('00:00', 9),
      crossing: null, transshipment: true, wait_reason: 'next departure', documents: ['Bill of lading'] }],
  };
  const phases = itineraryPhases(bySea);
  expect(phases.map((p) => [p.kind, p.hours, p.label])).toEqual([
    ['handling', 12, 'transshipment at Poti'], ['wait', 6, 'next departure'], ['move', 30, 'sea to Constanta'],
    ['handling', 84, 'port dwell at Constanta'],
  ]);
});

test('documents once each, in the order first needed', () => {
  expect(itineraryDocuments(itinerary)).toEqual(['SMGS consignment note', 'Transit declaration']);
});

test('chart ticks are round numbers inside the range', () => {
  expect(niceTicks(5.1, 6.0, 5)).toEqual([5.2, 5.4, 5.6, 5.8, 6]);
  expect(niceTicks(2400, 4300, 4)).toEqual([2500, 3000, 3500, 4000]);
  expect(niceTicks(3, 3)).toEqual([3]);
});

test('chart tick labels: exact, short, in thousands or millions of USD', () => {
  expect(tickLabels([7.5, 10, 12.5, 15])).toEqual(['7.5', '10', '12.5', '15']);
  expect(tickLabels([2500, 3000, 3500, 4000], 'usd')).toEqual(['2.5k', '3k', '3.5k', '4k']);
  expect(tickLabels([1.5e6, 2e6, 2.5e6, 3e6], 'usd')).toEqual(['1.5M', '2M', '2.5M', '3M']);
  expect(tickLabels([3010, 3020, 3030], 'usd')).toEqual(['3.01k', '3.02k', '3.03k']);
  expect(tickLabels([200, 400], 'usd')).toEqual(['200', '400']);
});

test('a problem document becomes lines with their field and candidates', () => {
  const e = new ApiError(400, { title: 'Unknown or ambiguous place', status: 400, detail: "unknown place 'Xia'",
    errors: [{ pointer: '/from', detail: "unknown place 'Xia'", candidates: [{ type: 'node', id: 'CN_XIAN', name: "Xi'an", country: 'CN' }] },
      { pointer: '/scenario', detail: 'unknown scenario', candidates: ['cku-open'] }, { pointer: '', detail: 'not valid JSON' }] });
  expect(describeProblem(e)).toEqual({ status: 400, title: 'Unknown or ambiguous place', detail: "unknown place 'Xia'", items: [
    { where: 'from', detail: "unknown place 'Xia'", code: null, candidates: [{ type: 'node', id: 'CN_XIAN', name: "Xi'an", country: 'CN' }] },
    { where: 'scenario', detail: 'unknown scenario', code: null, candidates: [{ id: 'cku-open', name: 'cku-open' }] },
    { where: 'request', detail: 'not valid JSON', code: null, candidates: [] },
  ] });
});

test('a transit problem keeps each finding\'s code and pointer', () => {
  const e = new ApiError(409, { title: 'Conflict with the declaration\'s state', status: 409, detail: '213 leg not yet started',
    errors: [{ code: 213, class: 'state', title: 'leg not yet started', pointer: '/type', detail: "'terminate' is not possible: leg 1 (KZ) is pending" }] });
  expect(describeProblem(e).items).toEqual([{ where: 'type', detail: "'terminate' is not possible: leg 1 (KZ) is pending", code: 213, candidates: [] }]);
});

test('time zone changes and cost lines', () => {
  expect(offsetOf('2026-12-12T16:25+05:00')).toBe('+05:00');
  expect(offsetOf('2026-12-12T16:25Z')).toBe('+00:00');
  expect(offsetOf('2026-12-12T16:25+0530')).toBe('+05:30');
  expect(zoneChange({ depart: { local: '2026-12-08T15:12+08:00' }, arrive: { local: '2026-12-08T12:29+05:00' } })).toEqual({ from: '+08:00', to: '+05:00', hours: -3 });
  expect(zoneChange({ depart: { local: '2026-12-08T15:12+05:00' }, arrive: { local: '2026-12-09T12:29+05:00' } })).toBeNull();
  expect(costLines({ freight_usd: 1200, border_fees_usd: 80, note: 'x' })).toEqual([['freight', 1200], ['border fees', 80]]);
  expect(costLines([{ item: 'THC', usd: 150 }, { name: 'rail tariff', usd_total: 2100 }])).toEqual([['THC', 150], ['rail tariff', 2100]]);
  expect(costLines(undefined)).toEqual([]);
  // What costs nothing is not listed.
  expect(costLines({ freight: 394, border_fees: 0, handling: 60, storage: 0 })).toEqual([['freight', 394], ['handling', 60]]);
});

test('the risk in words: the event, then what it is made of', () => {
  const summary = {
    risk: 0.5792,
    risk_factors: [
      { kind: 'chokepoint', id: 'CHK_MALACCA', name: 'Strait of Malacca', p: 0.01 },
      { kind: 'chokepoint', id: 'CHK_BABELMANDEB', name: 'Bab-el-Mandeb', p: 0.5 },
      { kind: 'chokepoint', id: 'CHK_SUEZ', name: 'Suez Canal', p: 0.05 },
      { kind: 'way', p: 0.0961, distance_km: 19971 },
    ],
  };
  expect(riskWords(summary)).toBe('Risk 57.9 %: the chance that this trip meets at least one closure, stoppage or forced diversion on its way '
    + '(Strait of Malacca 1.0 %, Bab-el-Mandeb 50.0 %, Suez Canal 5.0 %, the way itself 9.6 % (19,971 km); combined as independent chances). '
    + 'A chance per trip, not a delay and not a price.');
  expect(riskWords({ risk: 0 })).toBe('Risk 0.0 %: the chance that this trip meets at least one closure, stoppage or forced diversion on its way.');
});
