// "Which day to ship": the same origin and destination over the next days' departures, from
// POST /v1/matrix with `departures` and `every_hours` (docs/api.md). The matrix plans one 40 ft
// container without via points or avoid lists, so the view says so when the query has them.

export const SHIP_DAYS = 14;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// query: the route answer's query ({from, to} as ids); departIso: the first departure
// ("2026-12-07T08:00Z") or undefined (now); scenario: '' = baseline.
export function shipDayRequest(query, departIso, scenario = '', days = SHIP_DAYS) {
  const body = { from: [query.from], to: [query.to], departures: days, every_hours: 24 };
  if (departIso) body.depart = departIso;
  if (scenario) body.scenario = scenario;
  return body;
}

// "2026-12-07T16:00+08:00" → "Mon 7 Dec" (the calendar day where the clock shows that time).
export function localDay(local) {
  const [y, m, d] = local.slice(0, 10).split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]}`;
}

// The matrix answer → a row per departure: {depart (UTC, as the form wants it), departLocal, day,
// fastest, cheapest (each the matrix's best or null), earliest (the first arrival of all),
// lowest (the lowest cost of all); neither is marked when every day is the same}.
export function shipDayRows(answer) {
  const rows = answer.cells.map((c) => {
    const first = c.fastest ?? c.cheapest;
    return {
      depart: c.depart.replace(/Z$/, ''),
      departLocal: first?.depart.local ?? null,
      day: first ? localDay(first.depart.local) : localDay(c.depart),
      fastest: c.fastest,
      cheapest: c.cheapest,
      earliest: false,
      lowest: false,
    };
  });
  const arrivals = rows.filter((r) => r.fastest).map((r) => Date.parse(r.fastest.arrive.utc));
  const costs = rows.filter((r) => r.cheapest).map((r) => r.cheapest.cost_usd);
  // A mark only where days differ: when every day costs the same, none is "lowest".
  const differ = (xs) => xs.some((x) => x !== xs[0]);
  for (const r of rows) {
    r.earliest = Boolean(r.fastest) && Date.parse(r.fastest.arrive.utc) === Math.min(...arrivals) && differ(arrivals);
    r.lowest = Boolean(r.cheapest) && r.cheapest.cost_usd === Math.min(...costs) && differ(costs);
  }
  return rows;
}

// What the matrix leaves out of the planner's query (it plans one 40 ft container, no via points,
// no avoid lists): a sentence, or '' when nothing.
export function shipDayCaveat(body) {
  const left = [];
  if (body.via?.length) left.push('via points');
  if (body.avoid_countries?.length || body.avoid_crossings?.length || body.avoid_chokepoints?.length) left.push('avoided places');
  if (body.block_train) left.push('block train');
  if (body.green_lane) left.push('green lane');
  const per = (body.containers ?? 1) > 1 || body.container === '20ft' ? 'Costs are for one 40ft container. ' : '';
  return `${per}${left.length ? `Planned without the ${left.join(' and ')} of your query.` : ''}`.trim();
}
