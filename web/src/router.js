// The page's views as tabs, chosen by the URL hash (#/routes). A view is
// {id, title, mount(container, shell)}: it is mounted once, on first visit, and hidden and shown
// afterwards, so its state (form, results, map) survives switching tabs. New views (border
// simulation, transit declarations) register here with one registerView call in main.js.

export function createRouter({ tabBar, outlet, shell }) {
  const views = [];
  const mounted = new Map();

  function show(id) {
    const view = views.find((v) => v.id === id) ?? views[0];
    if (!view) return;
    for (const [vid, el] of mounted) el.hidden = vid !== view.id;
    if (!mounted.has(view.id)) {
      const el = document.createElement('section');
      el.className = 'view';
      el.dataset.view = view.id;
      outlet.appendChild(el);
      mounted.set(view.id, el);
      view.mount(el, shell);
    }
    for (const a of tabBar.querySelectorAll('a')) a.classList.toggle('active', a.dataset.view === view.id);
    document.title = `${view.title} · Caravan`;
  }

  const current = () => location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  window.addEventListener('hashchange', () => show(current()));

  return {
    registerView(view) {
      views.push(view);
      const a = document.createElement('a');
      a.href = `#/${view.id}`;
      a.dataset.view = view.id;
      a.textContent = view.title;
      tabBar.appendChild(a);
    },
    start: () => show(current()),
  };
}
