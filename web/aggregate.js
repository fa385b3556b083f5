/* web/aggregate.js - large stores (issue 12): when more events match than the page draws
 * one by one (MAX, as app.js's MAX_EVENTS), the map shows /api/map/grid instead: the
 * server counts the events of the view per grid cell (48 px at the view's zoom) and the
 * page draws one disc per cell, sized by its count. Panning and zooming ask for the new
 * view's cells only (a few kB). A click on a disc zooms in on it; at zoom 10 and more it
 * lists the cell's latest events, each opening from /api/events/ID.
 *
 * The first picture does not wait for the rest of the page: init(map), called by
 * web/basemap.js as soon as the map exists, asks for the whole store's grid of the view at
 * once. app.js's loadEvents asks update(params) first (actor, from, to: the page's
 * filters); when it answers true the grid is drawn and app.js loads no single events.
 * body[data-grid] is the number of cells drawn; performance marks "sitrep-grid" and
 * "sitrep-land" (web/basemap.js) time the first picture (bench/map_first_picture.sh).
 */
'use strict';
window.sitrepGrid = (function () {
  const MAX = 5000;
  let map = null, layer = null, params = {}, gen = 0, timer = null, lastView = null;
  const self = {active: false, total: 0, init, update, status, ready: Promise.resolve(false),
    noSituation: 'This store holds more events than the page draws one by one: the situation report and the areas of control ' +
      'are not drawn for the whole store (they take minutes at a million events); use sitrep situation --country, or /api/situation?country=.'};

  function qs(extra) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(Object.assign({}, params, extra))) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }
  async function getJSON(url) {
    const r = await fetch(url, {headers: {Accept: 'application/json'}});
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || String(r.status));
    return body;
  }
  function viewBox() {
    const b = map.getBounds();
    return [b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())].map(v => v.toFixed(3)).join(',');
  }
  const short = n => n >= 1e6 ? (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + 'M' : n >= 1e4 ? Math.round(n / 1e3) + 'k' : n >= 1e3 ? (n / 1e3).toFixed(1) + 'k' : String(n);

  function text(tag, t) { const e = document.createElement(tag); e.textContent = t; return e; }

  async function listCell(m, c, cellDeg) {
    const box = text('div', 'Loading\u2026');
    m.bindPopup(box, {maxWidth: 340}).openPopup();
    const km = Math.max(1, cellDeg * 111 * 0.75);
    try {
      const r = await getJSON('/api/events?' + qs({near: c.lat.toFixed(4) + ',' + c.lon.toFixed(4), km: km.toFixed(1), limit: 20}));
      box.textContent = '';
      box.append(text('h3', r.total + ' events within ' + km.toFixed(0) + ' km (latest 20)'));
      const ul = document.createElement('ul');
      ul.className = 'evlist';
      for (const e of r.events) {
        const who = (e.source && e.source.name) || 'someone';
        ul.append(text('li', (e.date || 'undated') + ': ' + who + ' \u2014 ' + ((e.action && (e.action.acled || e.action.cameo)) || '') +
          (e.location ? ' (' + e.location.name + ')' : '')));
      }
      box.append(ul);
    } catch (e) {
      box.textContent = 'Events: ' + e.message;
    }
    m.getPopup().update();
  }

  function draw(r) {
    layer.clearLayers();
    for (const c of r.cells) {
      const size = Math.round(20 + Math.min(26, Math.log10(c.n) * 7));
      const icon = L.divIcon({className: '', iconSize: [size, size],
        html: '<div class="grid-cell" data-count="' + c.n + '" style="width:' + size + 'px;height:' + size + 'px">' + short(c.n) + '</div>'});
      const m = L.marker([c.lat, c.lon + 360 * Math.round((map.getCenter().lng - c.lon) / 360)], {icon, title: c.n + ' events'});
      m.on('click', () => {
        if (map.getZoom() < 10) map.setView(m.getLatLng(), Math.min(map.getMaxZoom(), map.getZoom() + 2));
        else listCell(m, c, r.cell_deg);
      });
      m.addTo(layer);
    }
    document.body.dataset.grid = String(r.cells.length);
    document.body.dataset.gridDraws = String(+(document.body.dataset.gridDraws || 0) + 1);
    if (!performance.getEntriesByName('sitrep-grid').length) performance.mark('sitrep-grid');
  }

  // the view's cells; resolves to the answer, or null when a newer request took over
  async function fetchView() {
    const g = ++gen;
    const r = await getJSON('/api/map/grid?' + qs({bbox: viewBox(), zoom: map.getZoom()}));
    return g === gen ? r : null;
  }

  // is the store (with the page's filters) larger than the page draws one by one?
  async function large(viewAnswer) {
    if (viewAnswer.events > MAX) return true;
    const world = await getJSON('/api/map/grid?' + qs({bbox: '-180,-90,180,90', zoom: 0}));
    self.total = world.events;
    return world.events > MAX;
  }

  function init(m) {
    self.ready = start(m);
    return self.ready;
  }

  // resolves to true when the store is large (the grid is drawn), false otherwise
  async function start(m) {
    map = m;
    layer = L.layerGroup().addTo(map);
    map.on('moveend', () => {
      if (!self.active) return;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try { const r = await fetchView(); if (r && self.active) draw(r); } catch (e) { /* the next move asks again */ }
      }, 100);
    });
    try {
      const r = await fetchView();
      if (!r || self.active) return self.active;
      if (await large(r)) { self.active = true; draw(r); }
    } catch (e) { /* no grid: app.js draws single events */ }
    return self.active;
  }

  // app.js, before loading single events: true when the grid is drawn instead (also in
  // self.ready, set at once, which app.js's loadSituation waits for)
  function update(p) {
    self.ready = decide(p);
    return self.ready;
  }
  async function decide(p) {
    params = {actor: p.actor || '', from: p.from || '', to: p.to || ''};
    try {
      const r = await fetchView();
      if (!r) return self.active;
      lastView = r;
      self.active = await large(r);
      if (r.events > MAX) self.total = Math.max(self.total, r.events);
      if (self.active) draw(r);
      else { layer.clearLayers(); delete document.body.dataset.grid; }
    } catch (e) {
      self.active = false;
      layer.clearLayers();
    }
    return self.active;
  }

  function status() {
    const v = lastView ? lastView.events : 0;
    return (self.total > v ? self.total + ' events match; ' : '') + v + ' in view, counted per cell by the server' +
      (params.to ? ', up to ' + params.to : '') + ' (zoom in or click a disc for single events)';
  }

  return self;
})();
