// An itinerary's legs as a timeline: handling at nodes (transshipment, gauge change), waiting for
// a departure or an opening (borders, ferries), border processing, and movement, each with its
// hours; then the leg list and the documents the cargo needs.
import { escapeHtml, formatCo2e, formatDuration, formatKm, formatLocal, formatUsd } from './format.js';
import { MODE_COLORS } from './palette.js';

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

const PHASE_STYLE = { handling: '#9e9e9e', wait: 'repeating-linear-gradient(45deg,#cfcfcf 0 4px,#eee 4px 8px)', border: '#c62828' };

export function renderItinerary(container, itinerary, title) {
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
        notes.push(`<span class="border">border ${escapeHtml(c.name)}: ${formatDuration(c.processing_hours)} to clear${c.wait_hours > 0 ? `, ${formatDuration(c.wait_hours)} waiting${c.why ? ` (${escapeHtml(c.why)})` : ''}` : ''}${c.gauge_change ? ', gauge change' : ''}${c.fee_usd ? `, fee ${formatUsd(c.fee_usd)}` : ''}</span>`);
      }
      if (leg.gauge_change && !leg.crossing) notes.push('<span class="border">gauge change</span>');
      if (leg.transshipment) notes.push('<span>transshipment</span>');
      if (leg.rest_hours > 0) notes.push(`<span>drivers' rest ${formatDuration(leg.rest_hours)}</span>`);
      if (leg.port_dwell_hours > 0) notes.push(`<span>port dwell ${formatDuration(leg.port_dwell_hours)} at ${escapeHtml(leg.from.name)} after discharge</span>`);
      if (leg.service_name) notes.push(`<span>${escapeHtml(leg.service_name)}</span>`);
      return `<li>
        <div class="leg-time">${formatLocal(leg.depart.local)}<br><small>→ ${formatLocal(leg.arrive.local)}</small></div>
        <div class="leg-body"><div><i class="mode-dot" style="background:${MODE_COLORS[leg.mode] ?? '#555'}"></i>
          <b>${escapeHtml(leg.from.name)}</b> → <b>${escapeHtml(leg.to.name)}</b></div>
          <div class="leg-facts">${escapeHtml(leg.mode)} · ${formatKm(leg.distance_km)} · ${formatUsd(leg.cost_usd)} · ${formatCo2e(leg.co2e_kg)} CO2e</div>
          ${notes.length ? `<div class="leg-notes">${notes.join('')}</div>` : ''}</div></li>`;
    })
    .join('');
  container.innerHTML = `
    <h3>${escapeHtml(title)}</h3>
    <div class="itinerary-summary">${formatDuration(s.duration_hours)} · ${formatUsd(s.cost_usd)} · ${formatCo2e(s.co2e_kg)} CO2e · risk ${(s.risk * 100).toFixed(1)} %<br>
      <small>${formatLocal(s.depart.local)} → ${formatLocal(s.arrive.local)} · ${s.countries.join(' → ')}</small></div>
    <div class="timeline-bar" aria-label="timeline">${bar}</div>
    <div class="timeline-legend"><span><i style="background:${PHASE_STYLE.border}"></i>borders ${formatDuration(waitSum('border'))}</span>
      <span><i style="background:${PHASE_STYLE.wait}"></i>waiting ${formatDuration(waitSum('wait'))}</span>
      <span><i style="background:${PHASE_STYLE.handling}"></i>handling ${formatDuration(waitSum('handling'))}</span>
      <span><i style="background:#555"></i>moving ${formatDuration(waitSum('move'))}</span></div>
    <ol class="legs">${legs}</ol>
    ${s.destination_dwell_hours > 0 ? `<p class="leg-notes">then port dwell ${formatDuration(s.destination_dwell_hours)} at ${escapeHtml(itinerary.legs.at(-1).to.name)} after discharge (yard, customs release)</p>` : ''}
    <h4>Documents</h4>
    <ul class="documents">${itineraryDocuments(itinerary).map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`;
}
