// A small SVG scatter of Pareto options: duration (x) against cost (y), CO2e as the point's area.
// Hand-drawn so that it needs no chart library and stays crisp at any size.
import { escapeHtml } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

// "Nice" axis ticks: 1, 2, 2.5 or 5 × 10^k, about `count` of them, spanning [lo, hi].
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

// Tick labels with no more digits than the ticks need: "12.5", "4k", "2.5M".
// unit: '' for plain numbers, or 'usd' for k and M (thousands and millions).
export function tickLabels(ticks, unit = '') {
  const top = Math.max(...ticks.map(Math.abs));
  const [div, suffix] = unit === 'usd' ? (top >= 1e6 ? [1e6, 'M'] : top >= 1e3 ? [1e3, 'k'] : [1, '']) : [1, ''];
  // as many decimals as the ticks need to be exact (a step of 2.5k: "7.5k"), no more
  let digits = 0;
  while (digits < 4 && ticks.some((t) => Math.abs(Number((t / div).toFixed(digits)) - t / div) > 1e-9)) digits++;
  return ticks.map((t) => `${Number((t / div).toFixed(digits))}${suffix}`);
}

// The width of a label as drawn (an estimate where the page cannot measure, as in unit tests).
const textWidth = (text) => {
  try {
    const w = text.getComputedTextLength();
    if (w > 0) return w;
  } catch { /* not laid out */ }
  return text.textContent.length * 6.2;
};

// points: [{x, y, size, label, key, series, title}], series: {name: {color, hollow}}
// xUnit, yUnit: '' or 'usd' (see tickLabels). The chart is drawn for the size it has now: the
// caller draws it again when that changes (a phone turned, a pane unfolded).
export function drawScatter(svg, { points, series, xLabel, yLabel, xUnit = '', yUnit = '', selected, onSelect }) {
  svg.replaceChildren();
  const width = svg.clientWidth || 360;
  const height = svg.clientHeight || 220;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (points.length === 0) return;
  const el = (name, attrs, parent = svg) => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    parent.appendChild(e);
    return e;
  };
  const pad = (lo, hi) => (hi - lo < 1e-9 ? [lo * 0.9 - 1, hi * 1.1 + 1] : [lo - (hi - lo) * 0.12, hi + (hi - lo) * 0.12]);
  const [x0, x1] = pad(Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)));
  const [y0, y1] = pad(Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)));
  // The y labels are drawn first, to measure them: the plot starts right of the widest one, so a
  // long label ("12.5M") never runs into the axis title, at any width.
  const m = { left: 58, right: 14, top: 12, bottom: 36 };
  const yTicks = niceTicks(y0, y1, Math.max(2, Math.min(4, Math.floor((height - m.top - m.bottom) / 36))));
  const yTexts = tickLabels(yTicks, yUnit).map((label) => {
    const t = el('text', { class: 'tick', 'text-anchor': 'end' });
    t.textContent = label;
    return t;
  });
  m.left = Math.ceil(Math.max(...yTexts.map(textWidth))) + 28;  // 6 px to the axis, 22 px for the title
  const sx = (x) => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const sy = (y) => height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const maxSize = Math.max(...points.map((p) => p.size));
  // Smaller points on a narrow chart, so that neighbours stay apart.
  const maxRadius = Math.max(7, Math.min(14, (width - m.left - m.right) / 22));
  const radius = (s) => 3 + (maxRadius - 3) * Math.sqrt(s / maxSize);

  yTicks.forEach((t, i) => {
    svg.insertBefore(el('line', { x1: m.left, x2: width - m.right, y1: sy(t), y2: sy(t), class: 'grid' }), yTexts[0]);
    yTexts[i].setAttribute('x', m.left - 6);
    yTexts[i].setAttribute('y', sy(t) + 4);
  });
  // About one x label per 46 px; a label that would touch the one before is left out.
  const xTicks = niceTicks(x0, x1, Math.max(2, Math.min(6, Math.floor((width - m.left - m.right) / 46))));
  let lastRight = -Infinity;
  tickLabels(xTicks, xUnit).forEach((label, i) => {
    const x = sx(xTicks[i]);
    el('line', { x1: x, x2: x, y1: m.top, y2: height - m.bottom, class: 'grid' });
    const t = el('text', { x, y: height - m.bottom + 14, class: 'tick', 'text-anchor': 'middle' });
    t.textContent = label;
    const w = textWidth(t);
    if (x - w / 2 < lastRight + 4 || x + w / 2 > width) t.remove();
    else lastRight = x + w / 2;
  });
  el('text', { x: (m.left + width - m.right) / 2, y: height - 4, class: 'axis-label', 'text-anchor': 'middle' }).textContent = xLabel;
  el('text', { x: 12, y: (m.top + height - m.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})` }).textContent = yLabel;

  // Options with the same duration and cost (often the same itinerary on both sides of a
  // comparison) would hide each other: they are spread side by side, centred on their value.
  const at = new Map();
  const groups = new Map();
  for (const p of points) {
    const cell = `${Math.round(sx(p.x) / 6)}:${Math.round(sy(p.y) / 6)}`;
    if (!groups.has(cell)) groups.set(cell, []);
    groups.get(cell).push(p);
  }
  for (const group of groups.values()) {
    const step = Math.max(...group.map((p) => radius(p.size))) + 5;
    group.forEach((p, k) => at.set(p.key, { x: sx(p.x) + (k - (group.length - 1) / 2) * step, y: sy(p.y) }));
  }
  // Bigger points first, so small ones stay clickable on top.
  for (const p of [...points].sort((a, b) => b.size - a.size)) {
    const s = series[p.series] ?? { color: '#345' };
    const g = el('g', { class: `point${p.key === selected ? ' selected' : ''}`, 'data-key': p.key });
    const { x, y } = at.get(p.key);
    el('circle', { cx: x, cy: y, r: radius(p.size), fill: s.hollow ? '#fff' : s.color,
      'fill-opacity': s.hollow ? 0.9 : 0.55, stroke: s.color, 'stroke-width': 1.5 }, g);
    el('text', { x, y: y + 4, class: 'point-label', 'text-anchor': 'middle' }, g).textContent = p.label;
    el('title', {}, g).textContent = p.title;
    g.addEventListener('click', () => onSelect?.(p.key));
  }
}

export function legendHtml(series) {
  return Object.entries(series)
    .map(([name, s]) => `<span class="legend-item"><i style="border-color:${s.color};background:${s.hollow ? '#fff' : s.color}"></i>${escapeHtml(name)}</span>`)
    .join('');
}
