/* web/app.js - the sitrep map page: events from /api/events.geojson as
 * markers coloured by action class (clustered on a pixel grid when dense),
 * actor and action-class filters, a date slider with play, control and
 * movements from /api/situation.geojson, and the situation report of the
 * visible area in the side panel. No online tiles: the base map is the
 * country borders (world-atlas TopoJSON, converted here by topojson-client).
 *
 * Every string from the store is put into the page with textContent or as an
 * attribute value, never as HTML: evidence sentences come from the web.
 * body[data-ready] is "1" when the page shows what the controls ask for
 * (tests/e2e/browser.mjs waits on it).
 */
'use strict';
(function () {
  const MAX_EVENTS = 5000;    // events drawn at once (pages of 1000 from the API)
  const CELL = 40;            // cluster grid cell, pixels
  const DAY_MS = 86400000;
  const PLAY_STEP_MS = 700;

  // Action classes by CAMEO root; 08 (yield, retreat) reads as movement.
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

  const $ = id => document.getElementById(id);
  const state = {days: [], events: [], total: 0, located: 0, classOn: {}, gen: 0, situation: null, sitGeo: null, playing: false};
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
  function safeUrl(u) {
    try { const x = new URL(u, location.href); return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null; } catch (e) { return null; }
  }
  function setStatus(text) { $('status').textContent = text; }
  function setReady(on) { document.body.dataset.ready = on ? '1' : '0'; }

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

  // ---- dates
  const dayStr = ms => new Date(ms).toISOString().slice(0, 10);
  const dayMs = s => Date.parse(s + 'T00:00:00Z');
  function selectedDay() { return state.days[+$('day').value] || null; }
  function windowFrom() {
    const w = +$('window').value, d = selectedDay();
    return w > 0 && d ? dayStr(dayMs(d) - (w - 1) * DAY_MS) : null;
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
  map.createPane('control').style.zIndex = 420;
  const eventLayer = L.layerGroup().addTo(map);
  const controlLayer = L.layerGroup().addTo(map);

  async function loadBorders() {
    if (window.sitrepBasemap) return window.sitrepBasemap.init(map).catch(e => setStatus('Country borders unavailable: ' + e.message)); // issue 12: web/basemap.js
    try {
      const topo = await api('/vendor/countries-50m.json');
      const fc = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(fc, {interactive: false, style: {color: '#7d8797', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1}}).addTo(map).bringToBack();
    } catch (e) { setStatus('Country borders unavailable: ' + e.message); }
  }

  // ---- filters in the bar
  function buildClassFilter() {
    const box = $('classes');
    for (const c of CLASSES) {
      const cb = el('input', {type: 'checkbox', 'data-class': c.key});
      cb.checked = true;
      cb.addEventListener('change', () => { state.classOn[c.key] = cb.checked; drawEvents(); });
      box.append(el('label', {title: c.title}, cb, el('span', {class: 'swatch', style: 'background:' + c.color}), c.label));
    }
  }

  async function loadActors() {
    const r = await api('/api/actors', {limit: 300});
    const sel = $('actor');
    for (const a of r.actors) sel.append(el('option', {value: a.id}, a.name + ' (' + a.events + ')'));
  }

  // ---- events
  async function loadEvents() {
    const gen = ++state.gen;
    setReady(false);
    const params = {limit: 1000, actor: $('actor').value, to: selectedDay(), from: windowFrom()};
    if (window.sitrepGrid && await window.sitrepGrid.update(params)) { // issue 12: a large store is drawn as the server's grid (web/aggregate.js)
      if (gen === state.gen) { state.events = []; state.total = window.sitrepGrid.total; drawEvents(); }
      return gen === state.gen;
    }
    const all = [];
    let total = 0, offset = 0;
    try {
      for (;;) {
        const r = await api('/api/events.geojson', Object.assign({offset}, params));
        if (gen !== state.gen) return false; // a newer request took over
        total = r.total;
        all.push(...r.features);
        offset += r.features.length;
        if (!r.features.length || offset >= total || offset >= MAX_EVENTS) break;
      }
    } catch (e) {
      if (gen === state.gen) { setStatus('Events: ' + e.message); setReady(true); }
      return false;
    }
    state.events = all;
    state.total = total;
    drawEvents();
    return true;
  }

  function eventLabel(p) {
    const s = p.source_name || p.source_id || 'someone', t = p.target_id ? ' \u2192 ' + (p.target_name || p.target_id) : '';
    return (p.date || 'undated') + ': ' + s + ' \u2014 ' + (p.action || p.cameo) + t;
  }

  function drawEvents() {
    eventLayer.clearLayers();
    if (window.sitrepGrid && window.sitrepGrid.active) { setStatus(window.sitrepGrid.status()); setReady(true); return; } // issue 12: web/aggregate.js
    const z = map.getZoom();
    const located = state.events.filter(f => f.geometry);
    const shown = located.filter(f => state.classOn[classOf(f.properties.root).key]);
    const cells = new Map();
    for (const f of shown) {
      const [lon, lat] = f.geometry.coordinates;
      const p = map.project([lat, lon], z);
      const key = Math.floor(p.x / CELL) + ':' + Math.floor(p.y / CELL);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(f);
    }
    for (const group of cells.values()) {
      if (group.length === 1) {
        const f = group[0], p = f.properties, [lon, lat] = f.geometry.coordinates;
        const m = L.circleMarker([lat, lon], {radius: 6 + Math.min(6, Math.log2(p.reports || 1) * 2), color: '#fff', weight: 1.5,
          fillColor: classOf(p.root).color, fillOpacity: 0.9, className: 'ev-marker'});
        m.bindTooltip(eventLabel(p));
        m.on('click', () => openEvent(p.id, m));
        m.on('add', () => { const e = m.getElement(); if (e) e.setAttribute('data-event', p.id); });
        m.addTo(eventLayer);
      } else {
        drawCluster(group);
      }
    }
    state.located = located.length;
    const unlocated = state.events.length - located.length;
    const hidden = located.length - shown.length;
    setStatus(state.total + ' events match' + (state.events.length < state.total ? ' (first ' + state.events.length + ' drawn)' : '') +
      (hidden ? ', ' + hidden + ' hidden by the action filter' : '') + (unlocated ? ', ' + unlocated + ' without a place' : '') +
      (selectedDay() ? ', up to ' + selectedDay() : ''));
    window.sitrepView = {total: state.total, loaded: state.events.length, located: located.length, shown: shown.length};
    setReady(true);
  }

  function drawCluster(group) {
    let lat = 0, lon = 0;
    const count = {};
    for (const f of group) {
      lat += f.geometry.coordinates[1]; lon += f.geometry.coordinates[0];
      const k = classOf(f.properties.root).key;
      count[k] = (count[k] || 0) + 1;
    }
    lat /= group.length; lon /= group.length;
    const top = CLASSES.find(c => c.key === Object.keys(count).sort((a, b) => count[b] - count[a])[0]);
    const size = 26 + Math.min(18, Math.round(Math.log2(group.length) * 4));
    const icon = L.divIcon({className: '', iconSize: [size, size],
      html: '<div class="cluster" data-count="' + group.length + '" style="width:' + size + 'px;height:' + size + 'px;background:' + top.color + '">' + group.length + '</div>'});
    const m = L.marker([lat, lon], {icon, keyboard: true, title: group.length + ' events'});
    m.on('click', () => {
      const b = L.latLngBounds(group.map(f => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
      const samePlace = b.getNorthEast().distanceTo(b.getSouthWest()) < 500;
      if (!samePlace && map.getZoom() < map.getMaxZoom()) { map.fitBounds(b.pad(0.3), {maxZoom: map.getMaxZoom()}); return; }
      // one place: list the events; each opens its detail
      const list = el('ul', {class: 'evlist'});
      for (const f of group.slice(0, 50)) {
        const p = f.properties;
        list.append(el('li', {}, el('a', {href: '#', 'data-event': p.id, onclick: ev => { ev.preventDefault(); openEvent(p.id, m); }}, eventLabel(p))));
      }
      m.unbindPopup();
      m.bindPopup(el('div', {}, el('h3', {}, group.length + ' events at ' + (group[0].properties.place || 'this place')), list), {maxWidth: 340}).openPopup();
    });
    m.addTo(eventLayer);
  }

  async function openEvent(id, marker) {
    const box = el('div', {class: 'evpopup'}, 'Loading\u2026');
    marker.unbindPopup();
    marker.bindPopup(box, {maxWidth: 340}).openPopup();
    let r;
    try { r = await api('/api/events/' + encodeURIComponent(id)); } catch (e) { box.textContent = 'Event ' + id + ': ' + e.message; return; }
    const p = r.event, loc = p.location;
    box.textContent = '';
    box.append(el('h3', {}, eventLabel(p)),
      el('div', {class: 'small'}, (loc ? loc.name + (loc.admin1 ? ', ' + loc.admin1 : '') + ' (' + loc.country + ', ' + loc.precision + ')' : 'no place') +
        ' \u00b7 CAMEO ' + p.action.cameo + ' \u00b7 ' + (p.action.acled || '')),
      el('p', {class: 'count'}, p.reports + (p.reports === 1 ? ' report' : ' reports') + ' from ' + p.documents + (p.documents === 1 ? ' document' : ' documents')));
    for (const rep of r.reports) {
      const url = safeUrl(rep.url);
      const src = (rep.publisher || rep.doc) + (rep.date ? ', ' + rep.date : '') + (rep.duplicate ? ' (copy)' : '');
      box.append(el('blockquote', {class: 'evidence'}, rep.evidence),
        el('div', {class: 'small'}, url ? el('a', {href: url, target: '_blank', rel: 'noopener noreferrer'}, rep.title || src) : (rep.title || ''), url ? ' \u00b7 ' + src : ' ' + src));
    }
    marker.getPopup().update();
  }

  // ---- control and movements
  async function loadSituation() {
    const day = selectedDay();
    if (!day) return;
    const w = +$('window').value;
    if (window.sitrepGrid && await window.sitrepGrid.ready) { state.sitGeo = state.situation = null; drawControl(); $('report').textContent = window.sitrepGrid.noSituation; return; } // issue 12: no whole-store picture of a large store (web/aggregate.js)
    const params = {as_of: day, days: w > 0 ? w : Math.max(1, state.days.length)};
    try {
      const [geo, rep] = await Promise.all([api('/api/situation.geojson', params), api('/api/situation', params)]);
      if (day !== selectedDay()) return;
      state.sitGeo = geo;
      state.situation = rep;
      $('fulltext').href = '/api/situation?format=text&as_of=' + encodeURIComponent(day) + '&days=' + params.days;
    } catch (e) {
      state.sitGeo = null; state.situation = null;
      $('report').textContent = 'Situation: ' + e.message;
    }
    drawControl();
    drawPanel();
  }

  function drawControl() {
    controlLayer.clearLayers();
    if (window.sitrepAreas) window.sitrepAreas.draw(map, $('control').checked ? state.sitGeo : null, selectedDay(), +$('window').value || state.days.length); // issue 12: web/control.js
    if (!$('control').checked || !state.sitGeo) return;
    for (const f of state.sitGeo.features) {
      const p = f.properties;
      if (p.kind === 'place' && f.geometry) {
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

  // ---- the panel: the situation of the areas in view
  function drawPanel() {
    const box = $('report');
    box.textContent = '';
    const rep = state.situation;
    if (!rep) return;
    const bounds = map.getBounds();
    const visible = new Set();
    if (state.sitGeo) for (const f of state.sitGeo.features) {
      const p = f.properties;
      if (p.kind === 'place' && f.geometry && bounds.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]])) visible.add(p.country + '|' + p.admin1);
    }
    const areas = rep.areas.filter(a => visible.has(a.country + '|' + a.admin1));
    box.append(el('p', {class: 'small'}, 'Situation as of ' + rep.as_of + ' (' + rep.days + ' days): ' + rep.events + ' events; ' +
      (areas.length ? areas.length + ' of ' + rep.areas.length + ' areas in view' : 'no area in view')));
    for (const a of areas) {
      const sec = el('section', {class: 'area'}, el('h2', {}, (a.admin1 || 'Unknown area') + ', ' + a.country));
      if (a.headline) sec.append(el('p', {class: 'headline'}, a.headline));
      if (a.actors && a.actors.length)
        sec.append(el('p', {class: 'small'}, 'Active: ' + a.actors.map(x => x.name + ' (' + x.events + ')').join(', ')));
      const ul = el('ul');
      for (const c of a.control || []) ul.append(el('li', {}, 'Control: ' + c.place + ' held by ' + c.holder.name + ' since ' + c.since, el('blockquote', {}, c.evidence)));
      for (const fct of (a.facts || []).slice(0, 8)) ul.append(el('li', {}, fct.text, el('blockquote', {}, fct.evidence)));
      sec.append(ul);
      box.append(sec);
    }
    if (rep.movements && rep.movements.length) {
      const ul = el('ul');
      for (const mv of rep.movements) ul.append(el('li', {}, mv.text || ''));
      box.append(el('h2', {}, 'Movements'), ul);
    }
  }

  // ---- timeline
  function showDay() { $('daylabel').textContent = selectedDay() || '\u2013'; }
  async function refresh() {
    showDay();
    await Promise.all([loadEvents(), loadSituation()]);
  }
  let timer = null;
  function refreshSoon() { showDay(); clearTimeout(timer); timer = setTimeout(refresh, 150); }

  async function play() {
    const btn = $('play');
    if (state.playing) { state.playing = false; return; }
    state.playing = true;
    btn.textContent = '\u23f8';
    const slider = $('day');
    if (+slider.value >= +slider.max) slider.value = 0;
    while (state.playing && +slider.value <= +slider.max) {
      await refresh();
      await new Promise(res => setTimeout(res, PLAY_STEP_MS));
      if (!state.playing || +slider.value >= +slider.max) break;
      slider.value = +slider.value + 1;
    }
    state.playing = false;
    btn.textContent = '\u25b6';
  }

  async function start() {
    buildClassFilter();
    $('day').addEventListener('input', refreshSoon);
    $('window').addEventListener('change', refreshSoon);
    $('actor').addEventListener('change', () => loadEvents());
    $('control').addEventListener('change', drawControl);
    $('play').addEventListener('click', play);
    $('paneltoggle').addEventListener('click', () => {
      const c = document.body.classList.toggle('collapsed');
      $('paneltoggle').setAttribute('aria-expanded', String(!c));
      setTimeout(() => map.invalidateSize(), 50);
    });
    map.on('zoomend', () => { drawEvents(); drawControl(); });
    map.on('moveend', drawPanel);
    if (window.matchMedia('(max-width: 760px)').matches) document.body.classList.add('collapsed');
    loadBorders();
    let stats;
    try { stats = await api('/api/stats'); await loadActors(); } catch (e) { setStatus('Cannot read the store: ' + e.message); setReady(true); return; }
    if (stats.first_date && stats.last_date) {
      for (let t = dayMs(stats.first_date); t <= dayMs(stats.last_date) && state.days.length < 20000; t += DAY_MS) state.days.push(dayStr(t));
      $('day').max = String(state.days.length - 1);
      $('day').value = String(state.days.length - 1);
    }
    await refresh();
    const pts = state.events.filter(f => f.geometry).map(f => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.2), {maxZoom: 8});
  }
  start();
})();
