// Place autocomplete on a text input, from GET /v1/places?q=. Choosing a suggestion stores the
// place id on the input (data-place-id) so the request names the place exactly.
import { escapeHtml } from '../format.js';

export function attachPlaceAutocomplete(input, api, { limit = 8, delayMs = 120 } = {}) {
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
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.classList.toggle('active', j === i));
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
      let places;
      try {
        places = await api.places(q);
      } catch {
        list.hidden = true; // the route request will show the server's problem
        return;
      }
      if (ticket !== asked) return; // an answer to an older keystroke
      items = places.filter((p) => p.type === 'node').slice(0, limit);
      list.innerHTML = items
        .map((p) => `<li data-id="${escapeHtml(p.id)}"><b>${escapeHtml(p.name)}</b><small>${escapeHtml(p.country)} · ${escapeHtml(String(p.kind).replace(/_/g, ' '))}${p.unlocode ? ` · ${escapeHtml(p.unlocode)}` : ''}</small></li>`)
        .join('');
      list.hidden = items.length === 0;
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
    const li = e.target.closest('li');
    if (li) {
      e.preventDefault();
      choose(items.find((p) => p.id === li.dataset.id));
    }
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 100));
}
