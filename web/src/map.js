// The map: Natural Earth countries (npm world-atlas) as the base, the corridor network from
// GET /v1/network styled by mode and status, crossings and chokepoints, and the highlighted
// itinerary. Everything is local: no tiles, no glyph server, no sprite (labels use local fonts).
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { feature } from 'topojson-client';
import { escapeHtml } from './format.js';
import { MODE_COLORS } from './palette.js';
import { crossingPopupHtml, linkPopupHtml } from './popups.js';

maplibregl.setWorkerUrl(workerUrl);

const modeColor = ['match', ['get', 'mode'], ...Object.entries(MODE_COLORS).flat(), '#444'];
const LINK_LAYERS = ['links-operational', 'links-under-construction', 'links-planned', 'links-closed'];
const EMPTY = { type: 'FeatureCollection', features: [] };
const CORRIDOR_BOUNDS = [[-6, 18], [124, 57]];
const FLOW_LAYERS = ['flow-saturated', 'flow-line', 'flow-crossings'];
const FLOW_WIDTH = ['interpolate', ['linear'], ['get', 'teu_per_day'], 0, 1.5, 500, 6, 2000, 16];
const FLOW_COLOR = ['case', ['==', ['get', 'utilisation'], null], '#8a94a3',
  ['interpolate', ['linear'], ['get', 'utilisation'], 0, '#2e7d32', 0.5, '#f2b705', 0.8, '#e07b1a', 1, '#c62828']];

const isLink = ['==', ['get', 'kind'], 'link'];
const linkStatus = (...statuses) => ['all', isLink, ['in', ['get', 'status'], ['literal', statuses]], ['!', ['get', 'closed_in_scenario']]];
const closedLink = ['all', isLink, ['any', ['get', 'closed_in_scenario'], ['==', ['get', 'status'], 'closed']]];

function styleLayers() {
  const lineWidth = ['interpolate', ['linear'], ['zoom'], 2, 1.2, 6, 2.6];
  return [
    { id: 'sea', type: 'background', paint: { 'background-color': '#d7e6f1' } },
    { id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#f7f5f0' } },
    { id: 'countries-line', type: 'line', source: 'countries', paint: { 'line-color': '#b9b2a5', 'line-width': 0.7 } },
    { id: 'links-operational', type: 'line', source: 'network', filter: linkStatus('operational', 'disrupted'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': modeColor, 'line-width': lineWidth, 'line-opacity': 0.85 } },
    // The CKU railway and other lines being built: dashed; planned ones dotted and paler.
    { id: 'links-under-construction', type: 'line', source: 'network', filter: linkStatus('under_construction'),
      paint: { 'line-color': modeColor, 'line-width': lineWidth, 'line-opacity': 0.85, 'line-dasharray': [3, 2] } },
    { id: 'links-planned', type: 'line', source: 'network', filter: linkStatus('planned'),
      paint: { 'line-color': modeColor, 'line-width': 1.2, 'line-opacity': 0.55, 'line-dasharray': [1, 2] } },
    { id: 'links-closed', type: 'line', source: 'network', filter: closedLink,
      paint: { 'line-color': '#c62828', 'line-width': 2.2, 'line-opacity': 0.85, 'line-dasharray': [1, 1.5] } },
    // The flow layer (hidden until toggled): width by TEU/day, colour by utilisation (grey: no
    // published capacity), saturated elements (100 % or more) with a black dashed casing.
    { id: 'flow-saturated', type: 'line', source: 'flow', filter: ['get', 'saturated'], layout: { visibility: 'none', 'line-cap': 'round' },
      paint: { 'line-color': '#111', 'line-width': ['+', 6, FLOW_WIDTH], 'line-dasharray': [1, 0.6] } },
    { id: 'flow-line', type: 'line', source: 'flow', layout: { visibility: 'none', 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': FLOW_COLOR, 'line-width': FLOW_WIDTH, 'line-opacity': 0.9 } },
    // A crossing's load is a short line between its two sides: a circle makes it visible at any zoom.
    { id: 'flow-crossings', type: 'circle', source: 'flow', filter: ['==', ['get', 'kind'], 'crossing'], layout: { visibility: 'none' },
      paint: { 'circle-radius': ['interpolate', ['linear'], ['get', 'teu_per_day'], 0, 3, 500, 6, 2000, 11], 'circle-color': FLOW_COLOR,
        'circle-stroke-color': ['case', ['get', 'saturated'], '#111', '#fff'], 'circle-stroke-width': ['case', ['get', 'saturated'], 3, 1.5] } },
    { id: 'route-casing', type: 'line', source: 'highlight', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#10243a', 'line-width': 10, 'line-opacity': 0.9 } },
    { id: 'route-line', type: 'line', source: 'highlight', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': modeColor, 'line-width': 6 } },
    { id: 'route-center', type: 'line', source: 'highlight', layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 1.2, 'line-opacity': 0.8 } },
    { id: 'places', type: 'circle', source: 'network',
      filter: ['all', ['==', ['get', 'kind'], 'node'], ['in', ['get', 'node_kind'], ['literal', ['city', 'seaport', 'ferry_port', 'dry_port', 'rail_terminal']]]],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 1.8, 6, 3.5], 'circle-color': '#3b3b3b',
        'circle-stroke-color': '#fff', 'circle-stroke-width': 0.8 } },
    { id: 'chokepoints', type: 'circle', source: 'network', filter: ['==', ['get', 'node_kind'], 'chokepoint'],
      paint: { 'circle-radius': 6, 'circle-color': '#fff', 'circle-stroke-color': '#c62828', 'circle-stroke-width': 2.5 } },
    { id: 'crossings', type: 'circle', source: 'network', filter: ['==', ['get', 'kind'], 'crossing'],
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 3, 6, 6],
        // a gauge break (1,435 ↔ 1,520 mm) is filled amber; closed crossings are red
        'circle-color': ['case', ['get', 'closed_in_scenario'], '#c62828', ['to-boolean', ['get', 'gauge_change']], '#f2b705', '#ffffff'],
        'circle-stroke-color': modeColor, 'circle-stroke-width': 2 } },
    { id: 'chokepoint-labels', type: 'symbol', source: 'network', filter: ['==', ['get', 'node_kind'], 'chokepoint'],
      layout: { 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1.2], 'text-anchor': 'top', 'text-font': ['sans-serif'] },
      paint: { 'text-color': '#8e1b1b', 'text-halo-color': '#fff', 'text-halo-width': 1.4 } },
    // City names from the opening zoom: the better-connected cities win where labels collide
    // (symbol-sort-key), and the others show as the map zooms in and makes room.
    { id: 'city-labels', type: 'symbol', source: 'network',
      filter: ['all', ['==', ['get', 'kind'], 'node'], ['in', ['get', 'node_kind'], ['literal', ['city', 'seaport']]]],
      layout: { 'text-field': ['get', 'short_name'], 'text-size': ['interpolate', ['linear'], ['zoom'], 2, 10, 6, 12], 'text-offset': [0, 0.7],
        'text-anchor': 'top', 'text-font': ['sans-serif'], 'symbol-sort-key': ['-', 0, ['get', 'label_rank']], 'text-padding': 3 },
      paint: { 'text-color': '#333', 'text-halo-color': '#fff', 'text-halo-width': 1.2 } },
    { id: 'route-ends', type: 'circle', source: 'route-ends',
      paint: { 'circle-radius': 7, 'circle-color': ['match', ['get', 'end'], 'from', '#1b5e20', '#b71c1c'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2.5 } },
  ];
}

// "Xi'an (Xi'an International Port / Chanba dry port)" → "Xi'an": map labels stay short. A place's
// label_rank is the number of freight links meeting there (pipelines aside): hubs keep their label
// when labels collide.
function withShortNames(network) {
  const degree = new Map();
  for (const f of network.features)
    if (f.properties.kind === 'link' && f.properties.mode !== 'pipeline') for (const end of [f.properties.from, f.properties.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  for (const f of network.features) {
    if (f.properties.name) f.properties.short_name = f.properties.name.replace(/\s*\(.*\)\s*$/, '');
    if (f.properties.kind === 'node') f.properties.label_rank = degree.get(f.properties.id) ?? 0;
  }
  return network;
}

// A ring that crosses the antimeridian jumps from +180 to −180 between two points; drawn on a flat
// map that jump is a line across the whole world (Chukotka drew a straight-edged band over the
// Russian Arctic). Such a ring is unwrapped to run on past 180° (190° rather than −170°), which
// MapLibre draws in place. A ring around a pole (Antarctica) does not close when unwrapped and is kept.
export function unwrapCountries(collection) {
  const fix = (ring) => {
    let shift = 0;
    const out = [ring[0]];
    for (let i = 1; i < ring.length; i++) {
      const d = ring[i][0] - ring[i - 1][0];
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
      out.push([ring[i][0] + shift, ring[i][1]]);
    }
    return shift === 0 ? out : ring; // a ring around a pole stays as it is
  };
  for (const f of collection.features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') g.coordinates = g.coordinates.map(fix);
    else if (g?.type === 'MultiPolygon') g.coordinates = g.coordinates.map((poly) => poly.map(fix));
  }
  return collection;
}

// Natural Earth 1:50m admin-0 countries, in their own chunk (750 KB) so the page shows sooner.
async function loadCountries() {
  const { default: topo } = await import('world-atlas/countries-50m.json');
  return unwrapCountries(feature(topo, topo.objects.countries));
}

export function createMap(container) {
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        countries: { type: 'geojson', data: EMPTY },
        network: { type: 'geojson', data: EMPTY },
        highlight: { type: 'geojson', data: EMPTY },
        'route-ends': { type: 'geojson', data: EMPTY },
        flow: { type: 'geojson', data: EMPTY },
      },
      layers: styleLayers(),
    },
    bounds: CORRIDOR_BOUNDS,
    attributionControl: false,
    renderWorldCopies: false,
    // A phone's 3 device pixels per CSS pixel make 9 times the pixels of a desktop frame, slow to
    // draw without a GPU or on a busy one; two are sharp enough.
    pixelRatio: Math.min(window.devicePixelRatio || 1, 2),
    // the print takes a picture of the canvas, which needs the last frame kept
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.addControl(new maplibregl.AttributionControl({ compact: true,
    customAttribution: 'Natural Earth (world-atlas) · Caravan corridor data' }));
  // On a phone the credits start folded to their ⓘ button: opened, they would lie over the scale
  // bar (a click on the button shows them).
  const credits = container.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact');
  if (credits && matchMedia('(max-width: 720px)').matches) {
    credits.classList.remove('maplibregl-compact-show');
    credits.removeAttribute('open');
  }

  const styleLoaded = new Promise((resolve) => map.on('load', resolve));
  const loaded = Promise.all([styleLoaded, loadCountries()]).then(([, countries]) => map.getSource('countries').setData(countries));
  let nodeNames = new Map();
  let highlighted = EMPTY;
  let highlightBounds = null;

  const popups = [];
  const popupAt = (lngLat, html) => {
    // The popup's box is opaque and does not scroll; its body scrolls and is transparent (style.css).
    const p = new maplibregl.Popup({ maxWidth: '340px' }).setLngLat(lngLat).setHTML(`<div class="popup-body">${html}</div>`).addTo(map);
    popups.push(p);
    p.on('close', () => popups.splice(popups.indexOf(p), 1));
    return p;
  };
  const popup = (e, html) => popupAt(e.lngLat, html);
  // Rail and road crossings often share a place (Khorgos, Dostyk): the popup shows every one clicked.
  map.on('click', 'crossings', (e) => {
    const seen = new Set();
    const html = e.features.filter((f) => !seen.has(f.properties.id) && seen.add(f.properties.id))
      .map((f) => crossingPopupHtml(f.properties, nodeNames)).join('');
    popup(e, html);
  });
  map.on('click', 'chokepoints', (e) => popup(e, `<h4>${e.features[0].properties.name}</h4><p>Chokepoint · disruption probability ${(Number(e.features[0].properties.disruption_p) * 100).toFixed(1)} %</p>`));
  for (const layer of LINK_LAYERS)
    map.on('click', layer, (e) => {
      if (map.queryRenderedFeatures(e.point, { layers: ['crossings', 'chokepoints', 'flow-line', 'flow-crossings'] }).length) return;
      // a click on a place's dot is about the place (set it as From, via or To), not the link under it
      if (map.queryRenderedFeatures([[e.point.x - 6, e.point.y - 6], [e.point.x + 6, e.point.y + 6]], { layers: ['places'] }).length) return;
      popup(e, linkPopupHtml(e.features[0].properties, nodeNames));
    });
  for (const layer of ['flow-line', 'flow-crossings']) map.on('click', layer, (e) => {
    const p = e.features[0].properties;
    const util = p.utilisation === null || p.utilisation === undefined ? 'no published capacity' : `${(p.utilisation * 100).toFixed(0)} % of ${Number(p.capacity_teu_day).toFixed(0)} TEU/day`;
    popup(e, `<h4>${escapeHtml(p.name)}</h4><p>${p.kind} · ${Number(p.teu_per_day).toFixed(1)} TEU/day · ${util}${p.saturated ? ' · <b>SATURATED</b>' : ''}${p.wait_hours !== null && p.wait_hours !== undefined ? ` · wait ${Number(p.wait_hours).toFixed(1)} h` : ''}</p>`);
  });
  for (const layer of ['crossings', 'chokepoints', ...LINK_LAYERS]) {
    map.on('mouseenter', layer, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', layer, () => { map.getCanvas().style.cursor = ''; });
  }

  return {
    map,
    loaded,
    popup: popupAt,
    closePopups: () => { for (const p of [...popups]) p.remove(); },
    async setNetwork(network) {
      await loaded;
      nodeNames = new Map(network.features.filter((f) => f.properties.kind === 'node').map((f) => [f.properties.id, f.properties.name]));
      await map.getSource('network').setData(withShortNames(network));
    },
    // features: a FeatureCollection of the chosen itinerary's legs (see geometry.js)
    // animate: a short flight to the route (a desktop); without, the map jumps there at once, which
    // draws one frame instead of a flight's many at zooms whose tiles are not made yet.
    async highlight(collection, bounds, padding = { top: 90, bottom: 40, left: 50, right: 60 }, { animate = true } = {}) {
      await loaded;
      highlighted = collection;
      const legs = collection.features;
      const ends = legs.length
        ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: legs[0].geometry.coordinates[0] }, properties: { end: 'from' } },
           { type: 'Feature', geometry: { type: 'Point', coordinates: legs.at(-1).geometry.coordinates.at(-1) }, properties: { end: 'to' } }]
        : [];
      await Promise.all([map.getSource('highlight').setData(collection),
        map.getSource('route-ends').setData({ type: 'FeatureCollection', features: ends })]);
      // With a route on the map the rest of the network steps back.
      for (const layer of LINK_LAYERS) map.setPaintProperty(layer, 'line-opacity', legs.length ? 0.4 : layer === 'links-planned' ? 0.55 : 0.85);
      highlightBounds = legs.length ? bounds : null;
      if (bounds) map.fitBounds(bounds, { padding, maxZoom: 6, duration: animate ? 600 : 0 });
    },
    highlighted: () => highlighted,
    // Fits the highlighted route again (after the map changed size), without animation.
    refit(padding) {
      const c = map.getContainer();
      if (highlightBounds && c.clientWidth > 2 * (padding.left + padding.right) && c.clientHeight > padding.top + padding.bottom + 40)
        map.fitBounds(highlightBounds, { padding, maxZoom: 6, duration: 0 });
    },
    // collection: from flow.js flowFeatures; null hides the layer
    async showFlow(collection) {
      await loaded;
      if (collection) await map.getSource('flow').setData(collection);
      for (const layer of FLOW_LAYERS) map.setLayoutProperty(layer, 'visibility', collection ? 'visible' : 'none');
    },
  };
}
