/* web/app.js - the sitrep map page: events from /api/events.geojson as
 * markers coloured by action class and sized by deaths (clustered on a pixel
 * grid when dense; places known only to the province or country drawn as
 * dashed rings, not points), actor, search, action-class and date filters, a
 * date slider stepping by day, week or month with play and speed, control and
 * movements from /api/situation.geojson, the event list and the situation
 * report of the visible area in the side panel, the view in the URL
 * (web/urlstate.js) and downloads of what is shown (web/list.js). No online
 * tiles: the base map is the country borders (world-atlas TopoJSON, converted
 * here by topojson-client).
 *
 * Undated events (no date in the report or its text) cannot be placed on the
 * timeline: they are fetched apart, counted, drawn faded while "undated" is
 * on, and listed in their own section.
 *
 * Every string from the store is put into the page with textContent or as an
 * attribute value, never as HTML: evidence sentences come from the web.
 * body[data-ready] is "1" when the page shows what the controls ask for
 * (tests/e2e/browser.mjs waits on it); window.sitrepView sums it up.
 */
'use strict';
(function () {
  const ns = window.sitrep, T = ns.timeline;
  const MAX_EVENTS = 10000;       // events of each kind (dated in range, undated) drawn at once
  const PAGE = 1000;              // the API's largest page
  const CELL = 40;                // cluster grid cell, pixels
  const SITUATION_MAX_DAYS = 3660; // the most days /api/situation covers
  const LAST_DAY = '2199-12-31';  // the store's last possible date: to=LAST_DAY counts the dated events
  const MERCATOR_MAX_LAT = 85;

  // Action classes by CAMEO root; 08 (yield, retreat) reads as movement. The
  // order is also the order of precedence when a cluster's classes tie.
  const CLASSES = [
    {key: 'violence', label: 'violence', title: 'CAMEO 18-20: assault, fight, mass violence', color: '#d62728', roots: ['18', '19', '20']},
    {key: 'coercion', label: 'coercion', title: 'CAMEO 17: coerce, arrest, seize', color: '#f07f0e', roots: ['17']},
    {key: 'posture', label: 'posture/movement', title: 'CAMEO 15 force posture, 08 yield/retreat', color: '#1f5fbf', roots: ['15', '08']},
    {key: 'protest', label: 'protest', title: 'CAMEO 14: protest', color: '#8e44ad', roots: ['14']},
    {key: 'coop', label: 'cooperation', title: 'CAMEO 01-07: statements of cooperation, consultation, aid', color: '#2ca02c', roots: ['01', '02', '03', '04', '05', '06', '07']},
    {key: 'other', label: 'other', title: 'CAMEO 09-13, 16: investigate, demand, disapprove, reject, threaten, reduce relations', color: '#7f7f7f', roots: []},
  ];
  const classByRoot = {};
  CLASSES.forEach(c => c.roots.forEach(r => { classByRoot[r] = c; }));
  const classOf = root => classByRoot[root] || CLASSES[CLASSES.length - 1];
  // the class most events of a group have; on a tie the one listed first
  // above (an HTS attack beside an arrest is a violence cluster, not "other")
  function dominantClass(roots) {
    const count = {};
    for (const r of roots) { const k = classOf(r).key; count[k] = (count[k] || 0) + 1; }
    let best = null;
    for (const c of CLASSES) if (count[c.key] && (!best || count[c.key] > count[best.key])) best = c;
    return best || CLASSES[CLASSES.length - 1];
  }
  const isApprox = p => p.precision === 'admin1' || p.precision === 'country';
  // 5 px for an event without deaths, growing with the log of the deaths, 14 px at most
  const radiusFor = n => 5 + (n > 0 ? Math.min(9, Math.round(2.2 * Math.log2(1 + n))) : 0);

  const $ = id => document.getElementById(id);
  const state = {
    first: null, last: null, unit: 'day', steps: [], rangeFrom: '', rangeTo: '',
    dated: [], datedTotal: 0, undated: [], undatedTotal: 0, undatedKey: null,
    classOn: {}, situation: null, sitGeo: null, sitError: '', playing: false, gen: 0, tab: 'list', loadError: '',
  };
  CLASSES.forEach(c => { state.classOn[c.key] = true; });

  // ---- small DOM helpers (text only, never innerHTML)
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'style') e.style.cssText = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
    return e;
  }
  // an absolute http(s) link, or null: an empty or relative URL is no link
  // (resolved against the page it would point at the page itself)
  function safeUrl(u) {
    if (typeof u !== 'string' || !/^https?:\/\/[^\s/]/i.test(u.trim())) return null;
    try { return new URL(u.trim()).href; } catch (e) { return null; }
  }
  function setStatus(text) { $('status').textContent = text; }
  // body[data-ready] is "0" while a change is scheduled or a load runs
  let pending = 0;
  function busy(d) { pending = Math.max(0, pending + d); document.body.dataset.ready = pending ? '0' : '1'; }
  // play and pause as drawn shapes: the pause sign U+23F8 is in none of Debian's default fonts
  function icon(kind) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 12 12');
    svg.setAttribute('width', '12');
    svg.setAttribute('height', '12');
    svg.setAttribute('class', 'icon icon-' + kind);
    svg.setAttribute('aria-hidden', 'true');
    const shapes = kind === 'pause' ? ['M2 1h3v10H2z', 'M7 1h3v10H7z'] : ['M2 1l9 5-9 5z'];
    for (const d of shapes) {
      const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      p.setAttribute('d', d);
      p.setAttribute('fill', 'currentColor');
      svg.append(p);
    }
    return svg;
  }
  function setPlayButton(playing) {
    const b = $('play');
    b.replaceChildren(icon(playing ? 'pause' : 'play'));
    b.setAttribute('aria-label', playing ? 'Pause the timeline' : 'Play the timeline');
    b.title = playing ? 'Pause' : 'Play';
    b.dataset.state = playing ? 'playing' : 'paused';
  }

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) qs.set(k, v);
    const url = path + (qs.toString() ? '?' + qs : '');
    const r = await fetch(url, {headers: {Accept: 'application/json'}});
    const isText = (r.headers.get('Content-Type') || '').startsWith('text/plain');
    const body = isText ? await r.text() : await r.json();
    if (!r.ok) throw new Error((body && body.error) || (r.status + ' ' + r.statusText));
    return body;
  }

  // ---- the dates in effect: to = the slider's step end or the "to" box;
  // from = the step's start ("this step only") or the "from" box (or none)
  function range() {
    if (!state.steps.length) return {from: null, to: null};
    const to = state.rangeTo || state.last;
    if ($('window').value === 'step') return {from: state.steps[T.indexOf(state.steps, to)].from, to};
    const from = state.rangeFrom && state.rangeFrom <= to ? state.rangeFrom : null;
    return {from, to};
  }

  // ---- colours for actors (control shading): stable hue from the id
  function actorColor(id) {
    let h = 0;
    for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
    return 'hsl(' + (h % 360) + ',65%,45%)';
  }

  // ---- the map
  if (typeof L === 'undefined') {
    $('map').append(el('p', {style: 'padding:2em'}, 'The map assets (Leaflet, country borders) are not in this build: run scripts/setup.sh deps, re-run cmake and rebuild. The API works: ', el('a', {href: '/api/stats'}, '/api/stats')));
    setStatus('Map assets missing.');
    return;
  }
  const map = L.map('map', {minZoom: 2, maxZoom: 12, worldCopyJump: true, preferCanvas: false}).setView([34.8, 38.9], 6);
  map.attributionControl.setPrefix('<a href="/licenses" target="_blank" rel="noopener">Leaflet &amp; licences</a>');
  map.attributionControl.addAttribution('Borders: Natural Earth (public domain) via world-atlas');
  // panes, bottom to top: borders (overlay 400), control 420, approximate
  // places 440, events 450 (clickable through the control shading), clusters
  // (marker pane 600), popups 700
  map.createPane('control').style.zIndex = 420;
  map.createPane('approx').style.zIndex = 440;
  map.createPane('events').style.zIndex = 450;
  const eventLayer = L.layerGroup().addTo(map);
  const controlLayer = L.layerGroup().addTo(map);
  // Leaflet measures its container once; tell it whenever the layout changes
  // the map's size (the phone's panel opening or collapsing, a rotation)
  if (window.ResizeObserver) new ResizeObserver(() => map.invalidateSize({pan: false})).observe($('map'));

  // Rings of countries crossing the antimeridian (Russia, Fiji) jump from 180
  // to -180 and back, which Leaflet draws as lines across the world, with a
  // fill band between them; rings around a pole (Antarctica) never come back.
  // Unwrap each ring to continuous longitudes (Chukotka then lies east of 180)
  // and close a ring around a pole along the map's edge.
  function unwrapRing(ring) {
    const out = [];
    let shift = 0;
    for (let i = 0; i < ring.length; i++) {
      const lon = ring[i][0], lat = Math.max(-MERCATOR_MAX_LAT, Math.min(MERCATOR_MAX_LAT, ring[i][1]));
      if (i > 0) {
        const d = lon + shift - out[i - 1][0];
        if (d > 180) shift -= 360; else if (d < -180) shift += 360;
      }
      out.push([lon + shift, lat]);
    }
    if (out.length && Math.abs(out[out.length - 1][0] - out[0][0]) > 180) { // around a pole
      const meanLat = out.reduce((s, c) => s + c[1], 0) / out.length;
      const pole = meanLat < 0 ? -MERCATOR_MAX_LAT : MERCATOR_MAX_LAT;
      out.push([out[out.length - 1][0], pole], [out[0][0], pole], out[0]);
    }
    return out;
  }
  function unwrapGeometry(g) {
    if (!g) return g;
    if (g.type === 'Polygon') return {type: g.type, coordinates: g.coordinates.map(unwrapRing)};
    if (g.type === 'MultiPolygon') return {type: g.type, coordinates: g.coordinates.map(p => p.map(unwrapRing))};
    return g;
  }
  async function loadBorders() {
    if (window.sitrepBasemap) return window.sitrepBasemap.init(map, unwrapGeometry).catch(e => setStatus('Country borders unavailable: ' + e.message)); // issue 12: web/basemap.js
    try {
      const topo = await api('/vendor/countries-50m.json');
      const fc = topojson.feature(topo, topo.objects.countries);
      for (const f of fc.features) f.geometry = unwrapGeometry(f.geometry);
      L.geoJSON(fc, {interactive: false, style: {color: '#7d8797', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1, className: 'border'}}).addTo(map).bringToBack();
    } catch (e) { setStatus('Country borders unavailable: ' + e.message); }
  }

  // ---- filters in the bar
  function buildClassFilter() {
    const box = $('classes');
    for (const c of CLASSES) {
      const cb = el('input', {type: 'checkbox', 'data-class': c.key});
      cb.checked = state.classOn[c.key];
      cb.addEventListener('change', () => { state.classOn[c.key] = cb.checked; drawEvents(); saveUrl(); });
      box.append(el('label', {title: c.title}, cb, el('span', {class: 'swatch', style: 'background:' + c.color}), c.label));
    }
  }

  async function loadActors() {
    const r = await api('/api/actors', {limit: 300});
    const sel = $('actor');
    for (const a of r.actors) sel.append(el('option', {value: a.id}, a.name + ' (' + a.events + ')'));
  }

  // ---- events
  // pages of /api/events.geojson from offset on, at most max features
  async function fetchPages(params, offset, max, gen) {
    const all = [];
    let total = 0;
    for (;;) {
      const r = await api('/api/events.geojson', Object.assign({}, params, {limit: PAGE, offset}));
      if (gen !== state.gen) return null; // a newer request took over
      total = r.total;
      all.push(...r.features);
      offset += r.features.length;
      if (!r.features.length || offset >= total || all.length >= max) break;
    }
    return {features: all.slice(0, max), total};
  }

  // Undated events are the tail of the unfiltered list (newest first puts
  // null dates last): their count is all events minus the dated ones
  // (to=LAST_DAY), and they start at that offset. They do not depend on the
  // dates chosen, so they are fetched again only when actor or search change.
  async function loadUndated(base, gen) {
    const key = JSON.stringify(base);
    if (state.undatedKey === key) return true;
    const [all, dated] = await Promise.all([api('/api/events', Object.assign({limit: 1}, base)),
      api('/api/events', Object.assign({limit: 1, to: LAST_DAY}, base))]);
    if (gen !== state.gen) return false;
    const n = Math.max(0, all.total - dated.total);
    let feats = [];
    if (n > 0) {
      const r = await fetchPages(base, dated.total, Math.min(n, MAX_EVENTS), gen);
      if (!r) return false;
      feats = r.features.filter(f => !f.properties.date);
    }
    state.undated = feats;
    state.undatedTotal = n;
    state.undatedKey = key;
    return true;
  }

  async function loadEvents() { // loadEventsNow, with the page marked busy meanwhile
    const gen = ++state.gen;
    busy(+1);
    try { return await loadEventsNow(gen); } finally { busy(-1); }
  }
  async function loadEventsNow(gen) {
    const base = {actor: $('actor').value, q: $('q').value.trim()};
    const {from, to} = range();
    if (window.sitrepGrid && await window.sitrepGrid.update({actor: base.actor, from, to})) { // issue 12: a large store is drawn as the server's grid (web/aggregate.js)
      if (gen === state.gen) { state.dated = []; state.undated = []; state.datedTotal = window.sitrepGrid.total; state.undatedTotal = 0; drawEvents(); }
      return gen === state.gen;
    }
    try {
      const jobs = [loadUndated(base, gen)];
      if (to) jobs.push(fetchPages(Object.assign({from, to}, base), 0, MAX_EVENTS, gen));
      const [ok, dated] = await Promise.all(jobs);
      if (gen !== state.gen || !ok || (to && !dated)) return false;
      state.dated = dated ? dated.features : [];
      state.datedTotal = dated ? dated.total : 0;
      state.loadError = '';
    } catch (e) {
      if (gen !== state.gen) return false;
      state.dated = []; state.datedTotal = 0; state.undated = []; state.undatedTotal = 0; state.undatedKey = null;
      state.loadError = e.message;
    }
    $('undatedlabel').textContent = 'undated (' + state.undatedTotal + ')';
    drawEvents();
    return true;
  }

  function eventLabel(p) {
    const s = p.source_name || p.source_id || 'someone', t = p.target_id ? ' \u2192 ' + (p.target_name || p.target_id) : '';
    return (p.date || 'undated') + ': ' + s + ' \u2014 ' + (p.action || p.cameo) + t;
  }

  // the features drawn: located, of a class switched on; undated ones while "undated" is on
  function shownFeatures() {
    const keep = f => f.geometry && state.classOn[classOf(f.properties.root).key];
    return {dated: state.dated.filter(keep), undated: $('undated').checked ? state.undated.filter(keep) : []};
  }
  // the same, inside the map's view (also one world copy away)
  function inView(feats) {
    const b = map.getBounds();
    return feats.filter(f => {
      const [lon, lat] = f.geometry.coordinates;
      return b.contains([lat, lon]) || b.contains([lat, lon + 360]) || b.contains([lat, lon - 360]);
    });
  }

  function drawEvents() {
    eventLayer.clearLayers();
    if (window.sitrepGrid && window.sitrepGrid.active) { setStatus(window.sitrepGrid.status()); return; } // issue 12: web/aggregate.js
    const z = map.getZoom();
    const shown = shownFeatures();
    const all = shown.dated.concat(shown.undated);
    const cells = new Map();
    for (const f of all) {
      const [lon, lat] = f.geometry.coordinates;
      const p = map.project([lat, lon], z);
      const key = Math.floor(p.x / CELL) + ':' + Math.floor(p.y / CELL) + (isApprox(f.properties) ? 'a' : 'p');
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(f);
    }
    for (const group of cells.values()) {
      if (group.length === 1) drawMarker(group[0]);
      else drawCluster(group);
    }
    const located = state.dated.filter(f => f.geometry).length + state.undated.filter(f => f.geometry).length;
    const unlocated = state.dated.length + state.undated.length - located;
    const hidden = located - all.length - ($('undated').checked ? 0 : state.undated.filter(f => f.geometry).length);
    const {from, to} = range();
    if (state.loadError) setStatus('Events: ' + state.loadError);
    else setStatus(state.datedTotal + ' dated events' + (from ? ' from ' + from : '') + (to ? ' up to ' + to : '') +
      (state.dated.length < state.datedTotal ? ' (first ' + state.dated.length + ' drawn)' : '') +
      (!state.undatedTotal ? '; no undated events' : '; ' + state.undatedTotal + ' undated' +
        ($('undated').checked ? (state.undated.length < state.undatedTotal ? ' (first ' + state.undated.length + ' drawn)' : ', drawn faded') : ' (not drawn)')) +
      (hidden ? '; ' + hidden + ' hidden by the action filter' : '') + (unlocated ? '; ' + unlocated + ' without a place' : ''));
    window.sitrepView = {datedTotal: state.datedTotal, undatedTotal: state.undatedTotal, dated: state.dated.length,
      undated: state.undated.length, shown: all.length, from, to, unit: state.unit, steps: state.steps.length};
    drawList();
  }

  function drawMarker(f) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates, c = classOf(p.root), approx = isApprox(p);
    const opts = approx
      ? {pane: 'approx', radius: p.precision === 'country' ? 22 : 15, color: c.color, weight: 2, dashArray: '4 3',
          fillColor: c.color, fillOpacity: p.date ? 0.15 : 0.08}
      : {pane: 'events', radius: radiusFor(p.fatalities), color: '#fff', weight: 1.5, fillColor: c.color, fillOpacity: p.date ? 0.9 : 0.45};
    opts.className = 'ev-marker' + (approx ? ' ev-approx' : '') + (p.date ? '' : ' ev-undated');
    const m = L.circleMarker([lat, lon], opts);
    m.bindTooltip(eventLabel(p) + (approx ? ' (somewhere in ' + (p.precision === 'country' ? p.country : p.admin1 || p.place) + ')' : ''));
    m.on('click', () => openEvent(p.id, m.getLatLng()));
    m.on('add', () => { const e = m.getElement(); if (e) e.setAttribute('data-event', p.id); });
    m.addTo(eventLayer);
  }

  function drawCluster(group) {
    let lat = 0, lon = 0;
    for (const f of group) { lat += f.geometry.coordinates[1]; lon += f.geometry.coordinates[0]; }
    lat /= group.length; lon /= group.length;
    const top = dominantClass(group.map(f => f.properties.root));
    const approx = isApprox(group[0].properties);
    const size = 26 + Math.min(18, Math.round(Math.log2(group.length) * 4));
    const icon = L.divIcon({className: '', iconSize: [size, size],
      html: '<div class="cluster' + (approx ? ' approx' : '') + (undated ? ' undated' : '') + '" data-count="' + group.length + '" data-class="' + top.key +
        '" style="width:' + size + 'px;height:' + size + 'px;' + (approx ? 'border-color:' : 'background:') + top.color + '">' + group.length + '</div>'});
    const m = L.marker([lat, lon], {icon, keyboard: true, title: group.length + ' events' + (approx ? ' placed only by province or country' : '')});
    m.on('click', () => {
      const b = L.latLngBounds(group.map(f => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
      const samePlace = b.getNorthEast().distanceTo(b.getSouthWest()) < 500;
      if (!samePlace && map.getZoom() < map.getMaxZoom()) { map.fitBounds(b.pad(0.3), {maxZoom: map.getMaxZoom()}); return; }
      // one place: list the events; each opens its detail
      const list = el('ul', {class: 'evlist'});
      for (const f of group.slice(0, 50)) {
        const p = f.properties;
        list.append(el('li', {}, el('a', {href: '#', 'data-event': p.id, onclick: ev => { ev.preventDefault(); openEvent(p.id, m.getLatLng()); }}, eventLabel(p))));
      }
      const more = group.length > 50 ? el('p', {class: 'small'}, (group.length - 50) + ' more: see the list beside the map') : null;
      L.popup(popupOptions()).setLatLng(m.getLatLng())
        .setContent(el('div', {}, el('h3', {}, group.length + ' events at ' + (group[0].properties.place || 'this place')), list, more)).openOn(map);
    });
    m.addTo(eventLayer);
  }

  // popups keep clear of the zoom buttons (top left) and fit a phone's width
  function popupOptions() {
    const w = map.getSize().x;
    return {maxWidth: Math.max(160, Math.min(340, w - 130)), autoPanPaddingTopLeft: L.point(56, 16), autoPanPaddingBottomRight: L.point(16, 16)};
  }

  async function openEvent(id, latlng) {
    const box = el('div', {class: 'evpopup', 'data-event': id}, 'Loading\u2026');
    const popup = L.popup(popupOptions()).setLatLng(latlng).setContent(box).openOn(map);
    let r;
    try { r = await api('/api/events/' + encodeURIComponent(id)); } catch (e) { box.textContent = 'Event ' + id + ': ' + e.message; return; }
    const p = r.event, loc = p.location;
    box.textContent = '';
    const who = (p.source ? p.source.name : 'someone') + (p.target ? ' \u2192 ' + p.target.name : '');
    box.append(el('h3', {}, (p.date || 'undated') + ': ' + who + ' \u2014 ' + (p.action.name || p.action.cameo)),
      el('div', {class: 'small'}, (loc ? loc.name + (loc.admin1 ? ', ' + loc.admin1 : '') + ' (' + loc.country + ', ' + loc.precision + ')' : 'no place') +
        ' \u00b7 CAMEO ' + p.action.cameo + (p.action.acled_sub || p.action.acled ? ' \u00b7 ' + (p.action.acled_sub || p.action.acled) : '') +
        (p.fatalities !== null && p.fatalities >= 0 ? ' \u00b7 ' + ns.list.deaths(p) : '')),
      el('p', {class: 'count'}, p.reports + (p.reports === 1 ? ' report' : ' reports') + ' from ' + p.documents + (p.documents === 1 ? ' document' : ' documents')));
    // each sentence once, with every document that reports it (two reports of
    // one document often carry the same sentence)
    const bySentence = new Map();
    for (const rep of r.reports) {
      const k = (rep.evidence || '').trim();
      if (!bySentence.has(k)) bySentence.set(k, new Map());
      const docs = bySentence.get(k);
      if (!docs.has(rep.doc)) docs.set(rep.doc, rep);
    }
    for (const [sentence, docs] of bySentence) {
      if (sentence) box.append(el('blockquote', {class: 'evidence'}, sentence));
      for (const rep of docs.values()) {
        const url = safeUrl(rep.url);
        const src = (rep.publisher || rep.doc) + (rep.date ? ', ' + rep.date : '') + (rep.duplicate ? ' (copy)' : '');
        box.append(el('div', {class: 'small source'}, url ? el('a', {href: url, target: '_blank', rel: 'noopener noreferrer'}, rep.title || src) : (rep.title || ''),
          url ? ' \u00b7 ' + src : (rep.title ? ' \u00b7 ' : '') + src));
      }
    }
    popup.update();
  }

  // ---- the event list (web/list.js): what the map shows in its view
  function drawList() {
    const shown = shownFeatures();
    ns.list.render($('list'), inView(shown.dated), $('undated').checked ? inView(shown.undated) : null, f => {
      const [lon, lat] = f.geometry.coordinates;
      const ll = L.latLng(lat, lon);
      if (!map.getBounds().contains(ll)) map.panTo(ll);
      openEvent(f.properties.id, ll);
    });
  }
  function download(kind) {
    const shown = shownFeatures();
    const feats = inView(shown.dated).concat(inView(shown.undated));
    const {from, to} = range();
    const name = 'sitrep-events' + (from ? '-' + from : '') + (to ? '-to-' + to : '');
    if (kind === 'csv') ns.list.download(name + '.csv', 'text/csv', ns.list.toCSV(feats));
    else ns.list.download(name + '.geojson', 'application/geo+json', ns.list.toGeoJSON(feats, {from, to, actor: $('actor').value || null, q: $('q').value.trim() || null}));
  }

  // ---- control and movements
  async function loadSituation() {
    busy(+1);
    try { await loadSituationNow(); } finally { busy(-1); }
  }
  async function loadSituationNow() {
    const {from, to} = range();
    if (!to) return;
    if (window.sitrepGrid && await window.sitrepGrid.ready) { state.sitGeo = state.situation = null; drawControl(); $('report').textContent = window.sitrepGrid.noSituation; return; } // issue 12: no whole-store picture of a large store (web/aggregate.js)
    // the situation covers from..to, at most the API's 3,660 days (the most
    // recent ones): a store spanning more asked for all of it and got a 400
    const days = Math.max(1, Math.min(SITUATION_MAX_DAYS, T.spanDays(from || state.first, to)));
    const params = {as_of: to, days};
    state.sitDays = days;
    try {
      const [geo, rep] = await Promise.all([api('/api/situation.geojson', params), api('/api/situation', params)]);
      if (to !== range().to) return;
      state.sitGeo = geo;
      state.situation = rep;
      state.sitError = '';
      $('fulltext').href = '/api/situation?format=text&as_of=' + encodeURIComponent(to) + '&days=' + days;
    } catch (e) {
      state.sitGeo = null; state.situation = null;
      state.sitError = 'Situation: ' + e.message;
    }
    drawControl();
    drawPanel();
  }

  // the actor filter applies to the control layer and the report too
  const actorIs = (a, id) => !!a && a.id === id;
  function placeMatches(p, id) {
    return !id || actorIs(p.holder && p.holder.holder, id) || (p.besieged_by || []).some(b => actorIs(b, id));
  }

  function drawControl() {
    controlLayer.clearLayers();
    const actor = $('actor').value;
    if (window.sitrepAreas) { // issue 12: web/control.js draws the areas, filtered by actor like the rest
      const geo = $('control').checked && state.sitGeo ? {type: 'FeatureCollection',
        features: state.sitGeo.features.filter(f => f.properties.kind !== 'place' || placeMatches(f.properties, actor))} : null;
      window.sitrepAreas.draw(map, geo, range().to, state.sitDays || 1);
    }
    if (!$('control').checked || !state.sitGeo) return;
    for (const f of state.sitGeo.features) {
      const p = f.properties;
      if (p.kind === 'place' && f.geometry) {
        if (!placeMatches(p, actor)) continue;
        const [lon, lat] = f.geometry.coordinates;
        if (p.holder && p.holder.holder && !window.sitrepAreas) { // issue 12: areas drawn by web/control.js
          const h = p.holder.holder;
          // a fixed size on screen, so the shading shows around the event markers at any zoom
          L.circleMarker([lat, lon], {pane: 'control', radius: 24, color: actorColor(h.id), weight: 2, fillColor: actorColor(h.id), fillOpacity: 0.3, className: 'control-area'})
            .bindTooltip(p.name + ': held by ' + h.name + ' since ' + p.holder.since + (p.holder.taken_from ? ' (taken from ' + p.holder.taken_from.name + ')' : ''))
            .addTo(controlLayer);
        }
        if (p.besieged_by && p.besieged_by.length) {
          L.circleMarker([lat, lon], {pane: 'control', radius: 30, color: actorColor(p.besieged_by[0].id), weight: 2, dashArray: '4 4', fill: false, className: 'siege-ring'})
            .bindTooltip(p.name + ': besieged by ' + p.besieged_by.map(b => b.name).join(', '))
            .addTo(controlLayer);
        }
      } else if (p.kind === 'movement' && f.geometry) {
        const mv = p.movement, pts = f.geometry.coordinates.map(c => [c[1], c[0]]);
        if (actor && !actorIs(mv.actor, actor)) continue;
        const color = mv.actor ? actorColor(mv.actor.id) : '#1f5fbf';
        L.polyline(pts, {pane: 'control', color, weight: 2.5, dashArray: mv.kind === 'inferred' ? '6 5' : null, className: 'movement'})
          .bindTooltip(mv.text || 'movement').addTo(controlLayer);
        const a = map.latLngToLayerPoint(pts[pts.length - 2]), b = map.latLngToLayerPoint(pts[pts.length - 1]);
        const deg = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI + 90;
        L.marker(pts[pts.length - 1], {pane: 'control', interactive: false, icon: L.divIcon({className: '', iconSize: [12, 12],
          html: '<div class="arrowhead" style="transform:rotate(' + deg.toFixed(1) + 'deg);border-bottom-color:' + color + '"></div>'})}).addTo(controlLayer);
      }
    }
  }

  // ---- the report: the situation of the areas in view (of the chosen actor)
  function drawPanel() {
    const box = $('report');
    box.textContent = '';
    if (state.sitError) { box.append(el('p', {class: 'error'}, state.sitError)); return; }
    const rep = state.situation;
    if (!rep) return;
    const actor = $('actor').value;
    const bounds = map.getBounds();
    const visible = new Set();
    if (state.sitGeo) for (const f of state.sitGeo.features) {
      const p = f.properties;
      if (p.kind === 'place' && f.geometry && bounds.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]])) visible.add(p.country + '|' + p.admin1);
    }
    const involves = a => !actor || (a.actors || []).some(x => x.id === actor) || (a.control || []).some(c => actorIs(c.holder, actor));
    const areas = rep.areas.filter(a => visible.has(a.country + '|' + a.admin1) && involves(a));
    box.append(el('p', {class: 'small summary'}, 'Situation from ' + rep.from + ' to ' + rep.as_of + ' (' + rep.days + ' days' +
      (rep.days >= SITUATION_MAX_DAYS ? ', the most the report covers' : '') + '): ' + rep.events + ' events; ' +
      (areas.length ? areas.length + ' of ' + rep.areas.length + ' areas in view' : 'no area in view') + (actor ? ' involving ' + actor : '') +
      (areas.length ? '' : ' (zoom out or move the map)')));
    for (const a of areas) {
      const sec = el('section', {class: 'area'}, el('h2', {}, (a.admin1 || 'Unknown area') + ', ' + a.country));
      if (a.headline) sec.append(el('p', {class: 'headline'}, a.headline));
      if (a.actors && a.actors.length)
        sec.append(el('p', {class: 'small'}, 'Active: ' + a.actors.map(x => x.name + ' (' + x.events + ')').join(', ')));
      const ul = el('ul');
      for (const c of a.control || []) {
        if (actor && !actorIs(c.holder, actor)) continue;
        ul.append(el('li', {}, 'Control: ' + c.place + ' held by ' + c.holder.name + ' since ' + c.since, el('blockquote', {}, c.evidence)));
      }
      const facts = (a.facts || []).filter(fct => !actor || actorIs(fct.source, actor) || actorIs(fct.target, actor));
      for (const fct of facts.slice(0, 8)) ul.append(el('li', {}, fct.text, el('blockquote', {}, fct.evidence)));
      sec.append(ul);
      box.append(sec);
    }
    const moves = (rep.movements || []).filter(mv => !actor || actorIs(mv.actor, actor));
    if (moves.length) {
      const ul = el('ul');
      for (const mv of moves) ul.append(el('li', {}, mv.text || ''));
      box.append(el('h2', {}, 'Movements'), ul);
    }
  }

  // ---- timeline
  function setUnit(unit) {
    state.unit = unit;
    $('step').value = unit;
    state.steps = state.first ? T.steps(state.first, state.last, unit) : [];
    $('day').max = String(Math.max(0, state.steps.length - 1));
    $('day').value = String(Math.max(0, T.indexOf(state.steps, state.rangeTo || state.last)));
  }
  function showDay() {
    const i = +$('day').value, s = state.steps[i];
    const to = state.rangeTo || state.last;
    $('daylabel').textContent = !s ? '\u2013' : s.to === to ? T.label(s, state.unit) : to;
    $('to').value = to || '';
    $('from').value = range().from || '';
  }
  async function refresh() {
    showDay();
    saveUrl();
    await Promise.all([loadEvents(), loadSituation()]);
  }
  // a change of the controls is applied 150 ms after the last one (the
  // slider fires on every pixel); the page counts as busy meanwhile
  let timer = null;
  function refreshSoon() {
    showDay();
    if (timer) clearTimeout(timer); else busy(+1);
    timer = setTimeout(() => { timer = null; refresh().finally(() => busy(-1)); }, 150);
  }

  async function play() {
    if (state.playing) { state.playing = false; setPlayButton(false); return; }
    if (!state.steps.length) return;
    state.playing = true;
    setPlayButton(true);
    const slider = $('day');
    if (+slider.value >= +slider.max) { // from the start: the "from" box's step, else the first
      slider.value = String(state.rangeFrom ? T.indexOf(state.steps, state.rangeFrom) : 0);
      state.rangeTo = state.steps[+slider.value].to;
    }
    while (state.playing) {
      const t0 = Date.now();
      await refresh();
      const wait = 1000 / +$('speed').value - (Date.now() - t0);
      await new Promise(res => setTimeout(res, Math.max(0, wait)));
      if (!state.playing || +slider.value >= +slider.max) break;
      slider.value = String(+slider.value + 1);
      state.rangeTo = state.steps[+slider.value].to;
    }
    state.playing = false;
    setPlayButton(false);
  }

  // ---- the view in the URL
  let restoring = true; // no writes while the page applies a link
  function saveUrl() {
    if (restoring) return;
    const c = map.getCenter();
    const off = CLASSES.filter(k => !state.classOn[k.key]).map(k => k.key).join(',');
    ns.urlstate.write({z: map.getZoom(), ll: c.lat.toFixed(3) + ',' + c.lng.toFixed(3),
      actor: $('actor').value, q: $('q').value.trim(), from: state.rangeFrom, to: state.rangeTo,
      step: state.unit !== (state.first ? T.autoUnit(state.first, state.last) : 'day') ? state.unit : '',
      win: $('window').value === 'step' ? 'step' : '', speed: $('speed').value !== '2' ? $('speed').value : '',
      off, undated: $('undated').checked ? '' : '0', ctl: $('control').checked ? '' : '0', tab: state.tab === 'report' ? 'report' : ''});
  }

  function setTab(tab) {
    state.tab = tab;
    for (const b of document.querySelectorAll('#tabs [data-tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    $('list').hidden = tab !== 'list';
    $('reportbox').hidden = tab !== 'report';
    saveUrl();
  }
  function setCollapsed(c) {
    document.body.classList.toggle('collapsed', c);
    $('paneltoggle').setAttribute('aria-expanded', String(!c));
  }

  async function start() {
    busy(+1); // until the first load is drawn
    const want = ns.urlstate.read();
    if (want.off) for (const k of want.off.split(',')) if (k in state.classOn) state.classOn[k] = false;
    buildClassFilter();
    setPlayButton(false);
    if (want.q) $('q').value = want.q;
    if (want.win) $('window').value = want.win;
    if (want.speed) $('speed').value = want.speed;
    if (want.undated) $('undated').checked = want.undated === '1';
    if (want.ctl) $('control').checked = want.ctl === '1';
    setTab(want.tab || 'list');
    if (want.z && want.ll) { const [a, b] = want.ll.split(','); map.setView([+a, +b], +want.z); }

    $('day').addEventListener('input', () => { const s = state.steps[+$('day').value]; if (s) state.rangeTo = s.to; refreshSoon(); });
    $('window').addEventListener('change', refreshSoon);
    $('step').addEventListener('change', () => { setUnit($('step').value); refreshSoon(); });
    $('speed').addEventListener('change', saveUrl);
    $('to').addEventListener('change', () => {
      let v = $('to').value;
      if (!T.isDay(v) || !state.first) v = state.last || '';
      if (v < state.first) v = state.first;
      if (v > state.last) v = state.last;
      state.rangeTo = v;
      $('day').value = String(T.indexOf(state.steps, v));
      refreshSoon();
    });
    $('from').addEventListener('change', () => {
      const v = $('from').value;
      state.rangeFrom = T.isDay(v) && v > (state.first || '') ? v : '';
      if ($('window').value === 'step') $('window').value = 'range';
      refreshSoon();
    });
    $('actor').addEventListener('change', () => { loadEvents(); drawControl(); drawPanel(); saveUrl(); });
    let qtimer = null;
    $('q').addEventListener('input', () => {
      if (qtimer) clearTimeout(qtimer); else busy(+1);
      qtimer = setTimeout(() => { qtimer = null; saveUrl(); loadEvents().finally(() => busy(-1)); }, 400);
    });
    $('undated').addEventListener('change', () => { drawEvents(); saveUrl(); });
    $('control').addEventListener('change', () => { drawControl(); saveUrl(); });
    $('play').addEventListener('click', play);
    $('dl-csv').addEventListener('click', () => download('csv'));
    $('dl-geojson').addEventListener('click', () => download('geojson'));
    for (const b of document.querySelectorAll('#tabs [data-tab]')) b.addEventListener('click', () => setTab(b.dataset.tab));
    $('paneltoggle').addEventListener('click', () => setCollapsed(!document.body.classList.contains('collapsed')));
    map.on('zoomend', () => { drawEvents(); drawControl(); });
    map.on('moveend', () => { drawPanel(); drawList(); saveUrl(); });
    map.on('popupopen', () => document.body.classList.add('popup-open'));
    map.on('popupclose', () => document.body.classList.remove('popup-open'));
    if (window.matchMedia('(max-width: 760px)').matches) setCollapsed(true);
    loadBorders();
    let stats;
    try { stats = await api('/api/stats'); await loadActors(); } catch (e) { setStatus('Cannot read the store: ' + e.message); restoring = false; busy(-1); return; }
    if (want.actor) {
      if (![...$('actor').options].some(o => o.value === want.actor)) $('actor').append(el('option', {value: want.actor}, want.actor));
      $('actor').value = want.actor;
    }
    if (stats.first_date && stats.last_date) {
      state.first = stats.first_date;
      state.last = stats.last_date;
      const clamp = d => d < state.first ? state.first : d > state.last ? state.last : d;
      if (want.to) state.rangeTo = clamp(want.to);
      if (want.from && want.from > state.first) state.rangeFrom = clamp(want.from);
      $('from').min = $('to').min = state.first;
      $('from').max = $('to').max = state.last;
      setUnit(want.step || T.autoUnit(state.first, state.last));
    } else {
      for (const id of ['day', 'play', 'step', 'window', 'from', 'to', 'speed']) $(id).disabled = true;
    }
    await refresh();
    if (!(want.z && want.ll)) {
      const pts = shownFeatures().dated.concat(shownFeatures().undated).filter(f => !isApprox(f.properties))
        .map(f => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
      if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.2), {maxZoom: 8});
    }
    restoring = false;
    drawPanel();
    drawList();
    saveUrl();
    busy(-1);
  }
  // a link pasted over this page's own: apply it as on a first load
  // (history.replaceState in saveUrl fires no hashchange)
  window.addEventListener('hashchange', () => location.reload());
  // for tests/e2e/browser.mjs: pure helpers and the map (read only)
  window.sitrepTest = {dominantClass: roots => dominantClass(roots).key, safeUrl, unwrapRing, map};
  start();
})();
