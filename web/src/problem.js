// A problem+json answer as HTML: title, status, and each finding with its code and JSON pointer.
import { describeProblem } from './api.js';
import { escapeHtml } from './format.js';

// hint: what to do about it, in a planner's words (shown under the title).
export function problemHtml(error, hint = '') {
  const p = describeProblem(error);
  const items = p.items.map((i) => `<li>${i.code !== null ? `<b class="code">${i.code}</b> ` : ''}<code>${escapeHtml(i.where || 'request')}</code> ${escapeHtml(i.detail)}${
    i.candidates.length ? ` <small>(did you mean ${i.candidates.map((c) => escapeHtml(c.name)).join(', ')}?)</small>` : ''}</li>`).join('');
  return `<div class="problem"><b>${escapeHtml(p.title)}${p.status ? ` <small>(${p.status})</small>` : ''}</b>
    ${p.detail && !p.items.length ? `<p>${escapeHtml(p.detail)}</p>` : ''}${items ? `<ul>${items}</ul>` : ''}${hint ? `<p class="problem-hint">${escapeHtml(hint)}</p>` : ''}</div>`;
}
