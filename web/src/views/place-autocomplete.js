// Place suggestions on a text input, from the network the page already has (places.js): typos are
// forgiven, the best-known places come first, and each suggestion names its country. Choosing one
// stores the place id on the input (data-place-id) so the request names the place exactly. When
// nothing matches, the list says the place is not covered and offers the covered places.
import { escapeHtml } from '../format.js';
import { countryName, suggestPlaces } from '../places.js';

// getIndex: () => Promise of placeIndex(network); onCovered: shows the covered places list.
export function attachPlaceAutocomplete(input, getIndex, { limit = 8, delayMs = 60, onCovered = null } = {}) {
  const list = document.createElement('ul');
  list.className = 'suggestions';
  list.hidden = true;
  input.after(list);
  let timer = null;
  let active = -1;
  let items = [];
  let asked = 0;

  const choose = (place) => {
    input.value = place.name;
    input.dataset.placeId = place.id;
    input.dataset.placeName = place.name;
    list.hidden = true;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const highlight = (i) => {
    active = i;
    [...list.querySelectorAll('li[data-id]')].forEach((li, j) => li.classList.toggle('active', j === i));
  };

  input.addEventListener('input', () => {
    delete input.dataset.placeId;
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(async () => {
      const ticket = ++asked;
      const index = await getIndex();
      if (ticket !== asked) return; // an answer to an older keystroke
      items = suggestPlaces(index, q, limit).map((s) => s.place);
      list.innerHTML = items.length
        ? items.map((p) => `<li data-id="${escapeHtml(p.id)}"><b>${escapeHtml(p.name)}</b><small>${escapeHtml(countryName(p.country))} (${escapeHtml(p.country)}) · ${escapeHtml(String(p.kind).replace(/_/g, ' '))}${p.unlocode ? ` · ${escapeHtml(p.unlocode)}` : ''}</small></li>`).join('')
        : q.length >= 3 ? `<li class="no-match">No covered place matches “${escapeHtml(q)}”: Caravan covers China, Central Asia, the Caucasus and the corridors to and across Europe.${onCovered ? ' <a href="#" data-covered>See the covered places</a>' : ''}</li>` : '';
      list.hidden = list.innerHTML === '';
      highlight(items.length ? 0 : -1);
    }, delayMs);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') highlight(Math.min(active + 1, items.length - 1));
    else if (e.key === 'ArrowUp') highlight(Math.max(active - 1, 0));
    else if (e.key === 'Enter' && active >= 0) choose(items[active]);
    else if (e.key === 'Escape') list.hidden = true;
    else return;
    e.preventDefault();
  });
  list.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const li = e.target.closest('li[data-id]');
    if (li) choose(items.find((p) => p.id === li.dataset.id));
    else if (e.target.closest('[data-covered]')) {
      list.hidden = true;
      onCovered?.(input);
    }
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 100));
}
