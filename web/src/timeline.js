// An itinerary's legs as a timeline: handling at nodes (transshipment, gauge change), waiting for
// a departure or an opening (borders, ferries), border processing, and movement, each with its
// hours; then the leg list and the documents the cargo needs.
import { escapeHtml, formatCo2e, formatDuration, formatKm, formatLocal, formatUsd, formatUsdCents } from './format.js';
import { MODE_COLORS } from './palette.js';

// How rail without a scheduled service moves (legs[].rail_dispatch of the answer).
const DISPATCH_TITLES = {
  'single wagons': 'No scheduled service here: the containers ride single wagons at the national network\'s commercial speed',
  'block train': 'A train of the shipment\'s own, at line speed and paid whole',
};
const hoursBetween = (a, b) => (Date.parse(b) - Date.parse(a)) / 3.6e6;

// The itinerary as consecutive phases {kind, start, end, hours, leg, label}; kind is one of
// handling, wait, border, move. Zero-length phases are left out.
export function itineraryPhases(itinerary) {
  const phases = [];
  let clock = itinerary.summary.depart.utc;
  const push = (kind, start, end, leg, label) => {
    const hours = hoursBetween(start, end);
    if (hours > 1e-6) phases.push({ kind, start, end, hours, leg, label });
  };
  itinerary.legs.forEach((leg, i) => {
    const handling = leg.port_dwell_hours > 0 ? 'port dwell' : leg.gauge_change ? 'gauge change' : leg.transshipment ? 'transshipment' : 'handling';
    push('handling', clock, leg.ready.utc, i, `${handling} at ${leg.from.name}`);
    if (leg.crossing) push('border', leg.ready.utc, leg.depart.utc, i, `border ${leg.crossing.name}`);
    else push('wait', leg.ready.utc, leg.depart.utc, i, leg.wait_reason || `waiting at ${leg.from.name}`);
    push('move', leg.depart.utc, leg.arrive.utc, i, `${leg.mode} to ${leg.to.name}`);
    clock = leg.arrive.utc;
  });
  // Unloading at the destination (a port's dwell after discharge, or the last lift).
  const last = itinerary.legs.length - 1;
  if (last >= 0) {
    const what = itinerary.summary.destination_dwell_hours > 0 ? 'port dwell' : 'handling';
    push('handling', clock, itinerary.summary.arrive.utc, last, `${what} at ${itinerary.legs[last].to.name}`);
  }
  return phases;
}

// Every document of every leg, once, in the order first needed.
export function itineraryDocuments(itinerary) {
  return [...new Set(itinerary.legs.flatMap((l) => l.documents ?? []))];
}

// "2026-12-12T16:25+05:00" → "+05:00" (Z → "+00:00"), or null.
export function offsetOf(local) {
  const m = /(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(local ?? '');
  if (!m) return null;
  if (m[1] === 'Z') return '+00:00';
  const [, sign, hh, mm = '00'] = /([+-])(\d{2}):?(\d{2})?/.exec(m[1]);
  return `${sign}${hh}:${mm}`;
}
const offsetHours = (o) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) + Number(o.slice(4, 6)) / 60);

// A leg that arrives in another time zone than it left: {from, to, hours} (hours the clocks move:
// −3 from +08:00 to +05:00), or null. Local times alone would look as if the leg went back in time.
export function zoneChange(leg) {
  const a = offsetOf(leg.depart?.local);
  const b = offsetOf(leg.arrive?.local);
  if (!a || !b || a === b) return null;
  return { from: a, to: b, hours: offsetHours(b) - offsetHours(a) };
}

// The costs a planner compares: total and per container; cost_breakdown (when the server gives one)
// as [label, usd] lines, the parts that cost nothing left out. The breakdown is {name: usd} or
// [{item|name|label, usd|usd_total|amount}].
export function costLines(breakdown) {
  if (!breakdown) return [];
  const label = (k) => String(k).replace(/_usd$/, '').replace(/_/g, ' ');
  const lines = Array.isArray(breakdown)
    ? breakdown.map((b) => [label(b.item ?? b.name ?? b.label ?? '?'), Number(b.usd ?? b.usd_total ?? b.amount ?? b.cost_usd)])
    : Object.entries(breakdown).filter(([, v]) => typeof v !== 'object').map(([k, v]) => [label(k), Number(v)]);
  return lines.filter(([, v]) => Number.isFinite(v) && v !== 0);
}

// The risk said in words (docs/cli.md "How time, cost, CO2e and risk are counted"): what event it
// is the chance of, and what it is made of, from the summary's risk_factors (each place and border
// with a chance of its own, then the way itself).
export function riskWords(summary) {
  const pct = (p) => `${(p * 100).toFixed(p < 0.001 && p > 0 ? 2 : 1)} %`;
  const head = `Risk ${pct(summary.risk ?? 0)}: the chance that this trip meets at least one closure, stoppage or forced diversion on its way`;
  const factors = Array.isArray(summary.risk_factors) ? summary.risk_factors : [];
  if (!factors.length) return `${head}.`;
  const parts = factors
    .filter((f) => f.p > 0)
    .map((f) => (f.kind === 'way' ? `the way itself ${pct(f.p)}${f.distance_km ? ` (${Math.round(f.distance_km).toLocaleString('en-GB')} km)` : ''}` : `${f.name} ${pct(f.p)}`));
  return `${head} (${parts.join(', ')}; combined as independent chances). A chance per trip, not a delay and not a price.`;
}

const PHASE_STYLE = { handling: '#9e9e9e', wait: 'repeating-linear-gradient(45deg,#cfcfcf 0 4px,#eee 4px 8px)', border: '#c62828' };

// options: {containers, container} of the query, for the costs per container.
// What the itinerary costs, for the cargo asked about: per container, or per W/M for groupage.
export function costsLine(itinerary, cargo, containers, size, perContainer) {
  const s = itinerary.summary;
  const wm = itinerary.legs.find((l) => l.revenue_tonnes)?.revenue_tonnes;
  if (cargo?.kind === 'parcel')
    return `<b class="cost-total">${formatUsdCents(s.cost_usd)}</b> for a ${cargo.weight_kg} kg parcel
      · <b class="cost-per-kg">${formatUsdCents(s.usd_per_kg)}</b> per kg`;
  if (cargo?.kind === 'lcl' && wm)
    return `<b class="cost-total">${formatUsd(s.cost_usd)}</b> for ${cargo.volume_m3} m³, ${cargo.weight_kg} kg of groupage
      · <b class="cost-per-wm">${formatUsd(s.cost_usd / wm)}</b> per W/M (${wm} W/M)`;
  return `<b class="cost-total">${formatUsd(s.cost_usd)}</b> for ${containers} × ${escapeHtml(size)}
      ${containers > 1 ? `· <b class="cost-per-container">${formatUsd(perContainer)}</b> per container` : '(per container)'}`;
}

export function renderItinerary(container, itinerary, title, { containers = 1, container: size = '40ft', cargo = null } = {}) {
  const phases = itineraryPhases(itinerary);
  const total = hoursBetween(itinerary.summary.depart.utc, itinerary.summary.arrive.utc);
  const bar = phases
    .map((p) => {
      const leg = itinerary.legs[p.leg];
      const bg = p.kind === 'move' ? MODE_COLORS[leg.mode] ?? '#555' : PHASE_STYLE[p.kind];
      return `<span class="phase ${p.kind}" style="width:${(100 * p.hours) / total}%;background:${bg}" title="${escapeHtml(`${p.label}: ${formatDuration(p.hours)}`)}"></span>`;
    })
    .join('');
  const waitSum = (kind) => phases.filter((p) => p.kind === kind).reduce((s, p) => s + p.hours, 0);
  const s = itinerary.summary;
  const legs = itinerary.legs
    .map((leg) => {
      const notes = [];
      if (leg.wait_hours > 0) notes.push(`<span class="wait">waits ${formatDuration(leg.wait_hours)}${leg.wait_reason ? `: ${escapeHtml(leg.wait_reason)}` : ''}</span>`);
      if (leg.crossing) {
        const c = leg.crossing;
        notes.push(`<span class="border">border ${escapeHtml(c.name)}: ${formatDuration(c.processing_hours)} to clear${c.green_lane ? ' in the green lane' : ''}${c.wait_hours > 0 ? `, ${formatDuration(c.wait_hours)} waiting${c.why ? ` (${escapeHtml(c.why)})` : ''}` : ''}${c.gauge_change ? ', gauge change' : ''}${c.fee_usd ? `, fee ${formatUsd(c.fee_usd)}` : ''}</span>`);
      }
      if (leg.gauge_change && !leg.crossing) notes.push('<span class="border">gauge change</span>');
      if (leg.transshipment) notes.push('<span>transshipment</span>');
      if (leg.rest_hours > 0) notes.push(`<span>drivers' rest ${formatDuration(leg.rest_hours)}</span>`);
      if (leg.port_dwell_hours > 0) notes.push(`<span>port dwell ${formatDuration(leg.port_dwell_hours)} at ${escapeHtml(leg.from.name)} after discharge</span>`);
      if (leg.service_name) notes.push(`<span>${escapeHtml(leg.service_name)}</span>`);
      if (leg.revenue_tonnes) notes.push(`<span class="per-wm">${leg.revenue_tonnes} W/M × ${formatUsd(leg.usd_per_wm)} per W/M</span>`);
      if (leg.chargeable_kg) notes.push(`<span class="per-kg">${leg.chargeable_kg} kg chargeable × ${formatUsdCents(leg.usd_per_kg)} per kg</span>`);
      // Rail without a service says how it moves: single wagons, or a block train of its own.
      else if (leg.rail_dispatch) notes.push(`<span class="rail-dispatch" title="${escapeHtml(DISPATCH_TITLES[leg.rail_dispatch] ?? '')}">${escapeHtml(leg.rail_dispatch)}</span>`);
      const zone = zoneChange(leg);
      if (zone) notes.push(`<span class="tz-change">time zone changes: UTC${zone.from} → UTC${zone.to}, clocks ${zone.hours > 0 ? 'forward' : 'back'} ${formatDuration(Math.abs(zone.hours))} (times are local)</span>`);
      const breakdown = costLines(leg.cost_breakdown);
      return `<li>
        <div class="leg-time">${formatLocal(leg.depart.local)}<br><small${zone ? ' class="tz-change" title="another time zone"' : ''}>→ ${formatLocal(leg.arrive.local)}${zone ? ' <span class="tz-badge">TZ</span>' : ''}</small></div>
        <div class="leg-body"><div><i class="mode-dot" style="background:${MODE_COLORS[leg.mode] ?? '#555'}"></i>
          <b>${escapeHtml(leg.from.name)}</b> → <b>${escapeHtml(leg.to.name)}</b></div>
          <div class="leg-facts">${escapeHtml(leg.mode)} · ${formatKm(leg.distance_km)} · ${formatUsd(leg.cost_usd)} · ${formatCo2e(leg.co2e_kg)} CO2e</div>
          ${breakdown.length ? `<ul class="cost-breakdown">${breakdown.map(([k, v]) => `<li><span>${escapeHtml(k)}</span><span>${formatUsd(v)}</span></li>`).join('')}</ul>` : ''}
          ${notes.length ? `<div class="leg-notes">${notes.join('')}</div>` : ''}</div></li>`;
    })
    .join('');
  const modes = [...new Set(itinerary.legs.map((l) => l.mode))];
  const moveHours = (mode) => phases.filter((p) => p.kind === 'move' && itinerary.legs[p.leg].mode === mode).reduce((t, p) => t + p.hours, 0);
  const perContainer = s.cost_usd / Math.max(1, containers);
  const anyBreakdown = itinerary.legs.some((l) => costLines(l.cost_breakdown).length);
  container.innerHTML = `
    <h3>${escapeHtml(title)}</h3>
    <div class="itinerary-summary">${formatDuration(s.duration_hours)} · ${formatCo2e(s.co2e_kg)} CO2e · risk ${(s.risk * 100).toFixed(1)} %<br>
      <small>${formatLocal(s.depart.local)} → ${formatLocal(s.arrive.local)} · ${s.countries.join(' → ')}</small></div>
    <p class="risk-words">${escapeHtml(riskWords(s))}</p>
    <div class="itinerary-costs">${costsLine(itinerary, cargo, containers, size, perContainer)}
      <small class="breakdown-note">${anyBreakdown ? 'the breakdown of each leg is under the leg' : 'the server gives each leg\'s cost as one sum (no breakdown yet)'}</small></div>
    <div class="timeline-bar" aria-label="timeline">${bar}</div>
    <div class="timeline-legend">${modes.map((m) => `<span data-phase="move-${m}"><i style="background:${MODE_COLORS[m] ?? '#555'}"></i>${escapeHtml(m)} ${formatDuration(moveHours(m))}</span>`).join('')}
      ${[['border', 'borders'], ['wait', 'waiting'], ['handling', 'handling']].filter(([k]) => waitSum(k) > 0)
    .map(([k, label]) => `<span data-phase="${k}"><i style="background:${PHASE_STYLE[k]}"></i>${label} ${formatDuration(waitSum(k))}</span>`).join('')}</div>
    <ol class="legs">${legs}</ol>
    ${s.destination_dwell_hours > 0 ? `<p class="leg-notes">then port dwell ${formatDuration(s.destination_dwell_hours)} at ${escapeHtml(itinerary.legs.at(-1).to.name)} after discharge (yard, customs release)</p>` : ''}
    ${s.customs?.length ? `<h4>Customs</h4>
    <ul class="customs">${s.customs.map((c) => `<li><b>${escapeHtml(c.country)} ${escapeHtml(c.direction)}</b> at ${escapeHtml(c.at.name)}: ${escapeHtml(c.regime)} (${escapeHtml(c.limit)}) — <b class="outcome">${escapeHtml(c.outcome)}</b>: ${escapeHtml(c.treatment)}; ${escapeHtml(c.declaration)}</li>`).join('')}</ul>` : ''}
    <h4>Documents</h4>
    <ul class="documents">${itineraryDocuments(itinerary).map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`;
}
