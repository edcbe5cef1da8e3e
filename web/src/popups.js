// Popup contents for the map's crossings and links, from the GET /v1/network feature properties.
import { escapeHtml, formatDuration, formatKm } from './format.js';

// MapLibre hands feature properties back with nested values as JSON strings.
function parsed(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const row = (label, value) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`;

export function crossingPopupHtml(p, nodeNames) {
  const sideA = escapeHtml(nodeNames.get(p.side_a) ?? p.side_a);
  const sideB = escapeHtml(nodeNames.get(p.side_b) ?? p.side_b);
  const countries = parsed(p.countries) ?? [];
  const gauge = parsed(p.gauge_change);
  const hours = (h, tz) => `${escapeHtml(h ?? '–')}${tz ? ` <small>(${escapeHtml(tz)})</small>` : ''}`;
  const rows = [
    row('Mode', escapeHtml(p.mode)),
    row(`Hours ${countries[0] ?? 'A'} side`, hours(p.hours_a, p.timezone_a)),
    row(`Hours ${countries[1] ?? 'B'} side`, hours(p.hours_b, p.timezone_b)),
    row(`${countries[0] ?? 'A'} → ${countries[1] ?? 'B'}`, `median ${formatDuration(Number(p.median_h_ab))} · p90 ${formatDuration(Number(p.p90_h_ab))}`),
    row(`${countries[1] ?? 'B'} → ${countries[0] ?? 'A'}`, `median ${formatDuration(Number(p.median_h_ba))} · p90 ${formatDuration(Number(p.p90_h_ba))}`),
    row('Gauge break', gauge && typeof gauge === 'object'
      ? `yes: ${formatDuration(Number(gauge.hours))}, USD ${gauge.usd_per_teu} per TEU`
      : 'no'),
  ];
  if (p.fee_usd_per_teu !== undefined) rows.push(row('Fee', `USD ${p.fee_usd_per_teu} per TEU`));
  if (p.capacity_teu_day !== undefined) rows.push(row('Capacity', `${p.capacity_teu_day} TEU/day`));
  if (p.seasonal_closure) rows.push(row('Seasonal closure', escapeHtml(parsed(p.seasonal_closure))));
  const closed = p.closed_in_scenario === true || p.closed_in_scenario === 'true';
  return `<div class="popup crossing-popup"><h4>${escapeHtml(p.name)}</h4>
    <p class="sides">${sideA} ↔ ${sideB}${closed ? ' <b class="closed">closed in this scenario</b>' : ''}</p>
    <table>${rows.join('')}</table></div>`;
}

export function linkPopupHtml(p, nodeNames) {
  const name = (id) => escapeHtml(nodeNames.get(id) ?? id);
  const status = p.closed_in_scenario === true || p.closed_in_scenario === 'true' ? 'closed in this scenario' : String(p.status).replace(/_/g, ' ');
  return `<div class="popup link-popup"><h4>${name(p.from)} – ${name(p.to)}</h4>
    <table>${row('Mode', escapeHtml(p.mode))}${row('Status', escapeHtml(status))}${row('Distance', formatKm(Number(p.distance_km)))}
    ${p.gauge_mm ? row('Gauge', `${escapeHtml(p.gauge_mm)} mm`) : ''}</table>
    ${p.notes ? `<p class="notes">${escapeHtml(p.notes)}</p>` : ''}</div>`;
}
