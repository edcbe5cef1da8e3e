// Display formatting for planners: durations in days and hours, money in whole dollars, CO2e in
// tonnes, and the API's local ISO times shortened to what a timeline needs.

// 0.4 → "24 min", 1.8 → "1.8 h", 34.8 → "1 d 10.8 h", 123.42 → "5 d 3.4 h".
export function formatDuration(hours) {
  if (!Number.isFinite(hours) || hours < 0) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 24) return `${roundTo(hours, 0.1)} h`;
  const days = Math.floor(hours / 24);
  const rest = roundTo(hours - days * 24, 0.1);
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

// 4121.98 → "USD 4,122"
export function formatUsd(usd) {
  if (!Number.isFinite(usd)) return '–';
  return `USD ${Math.round(usd).toLocaleString('en-US')}`;
}

// Prices per kg and parcels' totals are small: 2.1 → "USD 2.10".
export function formatUsdCents(usd) {
  if (!Number.isFinite(usd)) return '–';
  return `USD ${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// 4642.5 → "4.64 t", 812 → "812 kg", 2320700 → "2,321 t"
export function formatCo2e(kg) {
  if (!Number.isFinite(kg)) return '–';
  if (kg < 1000) return `${Math.round(kg)} kg`;
  return kg < 100000 ? `${(kg / 1000).toFixed(2)} t` : `${Math.round(kg / 1000).toLocaleString('en-US')} t`;
}

// 5089 → "5,089 km"
export function formatKm(km) {
  return Number.isFinite(km) ? `${Math.round(km).toLocaleString('en-US')} km` : '–';
}

// 0.1144 → "11.4 %"
export function formatRisk(p) {
  return Number.isFinite(p) ? `${(p * 100).toFixed(1)} %` : '–';
}

// "2026-12-12T16:25+05:00" → "12 Dec 16:25 +05". The API writes local times with their offset.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function formatLocal(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(iso ?? '');
  if (!m) return iso ?? '–';
  const [, , mo, d, h, mi, tz] = m;
  let zone = tz === 'Z' ? 'UTC' : tz.replace(/:?00$/, '');
  return `${Number(d)} ${MONTHS[Number(mo) - 1]} ${h}:${mi} ${zone}`;
}

// A signed difference for the comparison view: (+5.2 h, −USD 120); zero shows as "same".
export function formatDelta(value, format) {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) < 1e-9) return 'same';
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

export function roundTo(x, step) {
  return Math.round(x / step) * step === 0 ? 0 : Number((Math.round(x / step) * step).toFixed(6));
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
