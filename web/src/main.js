// The Caravan web map: an app shell (header, tab bar, server status) and its views.
import './style.css';
import { api } from './api.js';
import { createRouter } from './router.js';
import { borderView } from './views/border.js';
import { routesView } from './views/routes.js';
import { transitView } from './views/transit.js';

const shell = { api };
const router = createRouter({ tabBar: document.getElementById('tabs'), outlet: document.getElementById('views'), shell });
router.registerView(routesView);
router.registerView(borderView);
router.registerView(transitView);
router.start();

api.health().then(
  (h) => {
    document.getElementById('status').textContent = `${h.nodes} places · ${h.links} links · ${h.crossings} crossings · ${h.services} services · ${h.scenarios} scenarios`;
  },
  (e) => {
    const el = document.getElementById('status');
    el.textContent = `server not reachable: ${e.message}`;
    el.classList.add('error');
  },
);
