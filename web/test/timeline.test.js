import { expect, test } from 'vitest';
import { itineraryDocuments, itineraryPhases } from '../src/timeline.js';
import { niceTicks } from '../src/chart.js';
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
