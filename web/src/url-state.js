// The route query in the URL: #/routes?from=CN_XIAN&to=UZ_TASHKENT&depart=2026-12-07T08:00&…
// so that a reload, a pasted link or the back button gives the same result. Only what differs from
// the form's defaults is written; the chosen option is `option` (1-based) and `in` (the scenario
// of a comparison's second side, when the option is from there).

const DEFAULT_OBJECTIVES = ['time', 'cost', 'co2'];
const LISTS = { avoidCountries: 'avoid_countries', avoidCrossings: 'avoid_crossings', compare: 'compare', scenario: 'scenario' };

// values: {from, to, via[], depart, containers, container, cargo, weightKg, volumeM3, pieces, reefer, dangerous, objectives[], avoidCountries (text),
// avoidCrossings (text), avoidChokepoints[], blockTrain, greenLane, scenario, compare}; chosen: {option, in} or null.
export function queryToHash(values, chosen = null) {
  const p = new URLSearchParams();
  p.set('from', values.from ?? '');
  p.set('to', values.to ?? '');
  for (const v of values.via ?? []) if (v) p.append('via', v);
  if (values.depart) p.set('depart', values.depart);
  if (values.containers !== undefined && Number(values.containers) !== 1) p.set('containers', String(values.containers));
  if (values.container && values.container !== '40ft') p.set('container', values.container);
  if (values.cargo === 'lcl' || values.cargo === 'parcel') {
    p.set('cargo', values.cargo);
    for (const [key, name] of [['weightKg', 'weight_kg'], ['volumeM3', 'volume_m3'], ['pieces', 'pieces'], ['valueUsd', 'value_usd']])
      if (String(values[key] ?? '').trim()) p.set(name, String(values[key]).trim());
  }
  if (values.reefer) p.set('reefer', '1');
  if (/^[1-9]$/.test(String(values.dangerous ?? ''))) p.set('dangerous', String(values.dangerous));
  const objectives = values.objectives ?? DEFAULT_OBJECTIVES;
  if (objectives.join(',') !== DEFAULT_OBJECTIVES.join(',')) p.set('objectives', objectives.join(','));
  for (const [key, name] of Object.entries(LISTS)) if (String(values[key] ?? '').trim()) p.set(name, String(values[key]).trim());
  if (values.avoidChokepoints?.length) p.set('avoid_chokepoints', values.avoidChokepoints.join(','));
  if (values.blockTrain) p.set('block_train', '1');
  if (values.greenLane) p.set('green_lane', '1');
  if (chosen) {
    p.set('option', String(chosen.option));
    if (chosen.in) p.set('in', chosen.in);
  }
  return `#/routes?${p.toString()}`;
}

// The inverse: the hash's query → {values, chosen} (values as the form holds them), or null when
// the hash holds no route query.
export function hashToQuery(hash) {
  const [, search = ''] = String(hash ?? '').split('?');
  const p = new URLSearchParams(search);
  if (!p.has('from') && !p.has('to')) return null;
  const values = {
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    via: p.getAll('via'),
    depart: formDepart(p.get('depart') ?? ''),
    containers: p.has('containers') ? Number(p.get('containers')) : 1,
    container: p.get('container') ?? '40ft',
    objectives: p.has('objectives') ? p.get('objectives').split(',').filter(Boolean) : [...DEFAULT_OBJECTIVES],
    avoidChokepoints: p.has('avoid_chokepoints') ? p.get('avoid_chokepoints').split(',').filter(Boolean) : [],
    blockTrain: p.get('block_train') === '1',
    greenLane: p.get('green_lane') === '1',
    cargo: ['lcl', 'parcel'].includes(p.get('cargo')) ? p.get('cargo') : 'fcl',
    weightKg: p.get('weight_kg') ?? '',
    volumeM3: p.get('volume_m3') ?? '',
    pieces: p.get('pieces') ?? '',
    valueUsd: p.get('value_usd') ?? '',
    reefer: p.get('reefer') === '1',
    dangerous: /^[1-9]$/.test(p.get('dangerous') ?? '') ? p.get('dangerous') : '',
  };
  for (const [key, name] of Object.entries(LISTS)) values[key] = p.get(name) ?? '';
  const option = Number(p.get('option'));
  const chosen = Number.isInteger(option) && option >= 1 ? { option, in: p.get('in') ?? '' } : null;
  return { values, chosen };
}

// The departure as the form's UTC field holds it (YYYY-MM-DDTHH:MM). A link may carry the ISO 8601
// the CLI and the API take ("2026-12-07T08:00Z", "2026-12-07T13:00+05:00", with seconds or not):
// it is converted, so the link plans that instant rather than "now". Anything else is kept as given.
export function formDepart(text) {
  const t = String(text).trim();
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(t)) {
    const at = new Date(t);
    if (!Number.isNaN(at.getTime())) return at.toISOString().slice(0, 16);
  }
  return t;
}

// What is wrong with a link's departure once converted (formDepart), or '' when it is a time or
// empty: a link never plans "now" in place of a departure it could not read.
export function departProblem(value) {
  const t = String(value ?? '').trim();
  if (!t) return '';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(t) && !Number.isNaN(Date.parse(`${t}Z`))) return '';
  return `the link's departure '${t}' is not a time: give YYYY-MM-DDTHH:MM in UTC (or ISO 8601 with a zone, such as 2026-12-07T13:00+05:00)`;
}

// The query part alone (without the chosen option): two hashes plan the same thing when equal.
export function queryKey(hash) {
  const q = hashToQuery(hash);
  return q ? queryToHash(q.values) : '';
}
