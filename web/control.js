/* web/control.js - areas of control (issue 12): the situation picture's holders
 * (/api/situation.geojson: armed actors only, never civilians or backers; see
 * src/store/situation_control.c) drawn as areas, not dots.
 *
 * Each held place gets a cell: the points within CELL_KM of it that are nearer to it than
 * to any other held or contested place (a Voronoi diagram cut off at CELL_KM), shaded in
 * its holder's colour. Two armed sides' cells meet halfway between their places, so the
 * line between colours is the front as far as the reports tell it.
 * Contested: a place besieged on the chosen date, or whose holder was attacked there by
 * another armed actor after taking it: hatched outline and a mark.
 * Changes since a second date B (the legend's date box): each place whose holder on the
 * chosen date differs from its holder on B gets a heavy outline and "was ... on B"; a place
 * held on B and no longer held is drawn as an empty dashed cell.
 * The legend lists the holders in the picture with their colours.
 *
 * app.js calls window.sitrepAreas.draw(map, geo, day, days) with its own situation
 * picture (geo = null when the control layer is off); the picture on B is fetched here
 * with the same window. Paths carry the classes control-area (every cell),
 * control-contested and control-changed (tests/e2e/browser_map.mjs).
 */
'use strict';
window.sitrepAreas = (function () {
  const CELL_KM = 18;        // a cell's reach from its place
  const SIDES = 40;          // corners of the circle a cell starts from
  const NOT_ARMED = new Set(['CIV', 'PROTESTERS', 'RIOTERS', 'UNKNOWN', 'UN', 'MEDIA', 'NGO', '']);
  const FIGHT = /^(18|19|20)/;

  let layer = null, legend = null, sinceInput = null, last = null, gen = 0, map = null;

  // the same hue per actor as app.js gives movement arrows
  function color(id) {
    let h = 0;
    for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
    return 'hsl(' + (h % 360) + ',65%,45%)';
  }

  const key = f => f.properties.name + '|' + f.geometry.coordinates[1].toFixed(2) + '|' + f.geometry.coordinates[0].toFixed(2);

  // the places of a picture: {key, lat, lon, name, holder {id,name}|null, since, contested, besiegers}
  function places(geo) {
    const out = new Map();
    for (const f of (geo && geo.features) || []) {
      const p = f.properties;
      if (p.kind !== 'place' || !f.geometry) continue;
      const h = p.holder && p.holder.status !== 'withdrawn' && p.holder.holder ? p.holder.holder : null;
      // a siege by the holder itself (of the side it took the place from) contests nothing
      const armedBesiegers = (p.besieged_by || []).filter(b => b && !NOT_ARMED.has(b.id) && !(h && b.id === h.id));
      let attacked = false;
      if (h) for (const e of p.last_events || []) {
        const src = e.source && e.source.id;
        if (e.date > p.holder.since && FIGHT.test(e.cameo || '') && src && src !== h.id && !NOT_ARMED.has(src) &&
            e.target && e.target.id === h.id) attacked = true;
      }
      out.set(key(f), {key: key(f), lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], name: p.name,
        holder: h, since: h ? p.holder.since : null, besiegers: armedBesiegers,
        contested: armedBesiegers.length > 0 || attacked});
    }
    return out;
  }

  // the cell of place a among sites: a circle cut by the half-planes nearer a than each other site
  function cell(a, sites) {
    const kx = 111.32 * Math.cos(a.lat * Math.PI / 180), ky = 110.57;
    const xy = s => [(s.lon - a.lon) * kx, (s.lat - a.lat) * ky];
    let poly = [];
    for (let i = 0; i < SIDES; i++) {
      const t = 2 * Math.PI * i / SIDES;
      poly.push([CELL_KM * Math.cos(t), CELL_KM * Math.sin(t)]);
    }
    for (const b of sites) {
      if (b === a) continue;
      const [bx, by] = xy(b);
      const d2 = bx * bx + by * by;
      if (d2 > 4 * CELL_KM * CELL_KM) continue;
      if (d2 < 1e-6) continue; // the same point: share it
      const inside = p => p[0] * bx + p[1] * by <= d2 / 2;
      const cut = (p, q) => {
        const fp = p[0] * bx + p[1] * by - d2 / 2, fq = q[0] * bx + q[1] * by - d2 / 2, t = fp / (fp - fq);
        return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
      };
      const next = [];
      for (let i = 0; i < poly.length; i++) {
        const p = poly[i], q = poly[(i + 1) % poly.length];
        if (inside(p)) { next.push(p); if (!inside(q)) next.push(cut(p, q)); } else if (inside(q)) next.push(cut(p, q));
      }
      poly = next;
      if (poly.length < 3) return null;
    }
    return poly.map(([x, y]) => [a.lat + y / ky, a.lon + x / kx]);
  }

  async function pictureOn(day, days) {
    const qs = new URLSearchParams({as_of: day, days: String(Math.max(1, Math.min(3660, days)))});
    const r = await fetch('/api/situation.geojson?' + qs, {headers: {Accept: 'application/json'}});
    if (!r.ok) throw new Error('situation on ' + day + ': ' + r.status);
    return r.json();
  }

  function render(now, before, since) {
    layer.clearLayers();
    const sites = [...now.values()].filter(p => p.holder || p.contested);
    if (before) for (const p of before.values()) if (p.holder && !now.has(p.key)) sites.push(Object.assign({}, p, {gone: true}));
    const holders = new Map();
    let changed = 0, contested = 0;
    for (const p of sites) {
      const poly = cell(p, sites);
      if (!poly) continue;
      const was = before ? before.get(p.key) : null;
      const wasId = was && was.holder ? was.holder.id : null;
      if (p.gone) {
        changed++;
        L.polygon(poly, {pane: 'control', color: color(wasId), weight: 2, dashArray: '5 4', fill: false,
          className: 'control-area control-changed control-lost'})
          .bindTooltip(p.name + ': held by ' + was.holder.name + ' on ' + since + ', no longer held').addTo(layer);
        continue;
      }
      const h = p.holder;
      const hid = h ? h.id : null;
      const isChanged = before !== null && hid !== wasId;
      if (h) holders.set(h.id, h.name);
      let cls = 'control-area';
      if (p.contested) { cls += ' control-contested'; contested++; }
      if (isChanged) { cls += ' control-changed'; changed++; }
      const c = h ? color(h.id) : '#555';
      L.polygon(poly, {pane: 'control', color: isChanged ? '#111' : c, weight: isChanged ? 3 : 1.2,
        dashArray: p.contested ? '6 4' : null, fillColor: c, fillOpacity: h ? 0.28 : 0.08, className: cls})
        .bindTooltip(p.name + (h ? ': held by ' + h.name + ' since ' + p.since : ': no holder') +
          (p.contested ? '; contested' + (p.besiegers.length ? ' (besieged by ' + p.besiegers.map(b => b.name).join(', ') + ')' : ' (attacked since)') : '') +
          (isChanged ? '; on ' + since + ': ' + (was && was.holder ? 'held by ' + was.holder.name : 'no holder known') : ''))
        .addTo(layer);
      if (p.contested)
        L.marker([p.lat, p.lon], {pane: 'control', interactive: false, keyboard: false,
          icon: L.divIcon({className: 'contested-mark', iconSize: [14, 14], html: '<div>!</div>'})}).addTo(layer);
    }
    drawLegend(holders, changed, contested, before !== null);
    document.body.dataset.areas = String(layer.getLayers().length);
  }

  function drawLegend(holders, changed, contested, comparing) {
    const box = legend.getContainer().querySelector('.legend-body');
    box.textContent = '';
    const ul = document.createElement('ul');
    for (const [id, name] of [...holders.entries()].sort((a, b) => a[1].localeCompare(b[1]))) {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'sw';
      sw.style.background = color(id);
      li.dataset.actor = id;
      li.append(sw, name);
      ul.append(li);
    }
    if (!holders.size) { const li = document.createElement('li'); li.textContent = 'no holder known on this date'; ul.append(li); }
    const extra = (cls, text) => { const li = document.createElement('li'), sw = document.createElement('span'); sw.className = 'sw ' + cls; li.append(sw, text); ul.append(li); };
    extra('contested', 'contested (' + contested + ')');
    if (comparing) extra('changed', 'changed hands since ' + sinceInput.value + ' (' + changed + ')');
    box.append(ul);
  }

  function makeLegend() {
    legend = L.control({position: 'bottomright'});
    legend.onAdd = () => {
      const div = L.DomUtil.create('div', 'control-legend');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      const h = document.createElement('h4');
      h.textContent = 'Areas of control';
      const body = document.createElement('div');
      body.className = 'legend-body';
      const label = document.createElement('label');
      sinceInput = document.createElement('input');
      sinceInput.type = 'date';
      sinceInput.id = 'control-since';
      sinceInput.setAttribute('aria-label', 'Show changes since this date');
      sinceInput.addEventListener('change', () => { if (last) draw(map, last.geo, last.day, last.days, true); });
      label.append('changes since ', sinceInput);
      div.append(h, body, label);
      return div;
    };
  }

  // geo: the app's picture on day (null: the layer is off); days: its window
  async function draw(m, geo, day, days, force) {
    if (!layer) {
      map = m;
      layer = L.layerGroup().addTo(map);
      makeLegend();
    }
    if (!geo || !day) {
      last = null;
      layer.clearLayers();
      if (legend._map) legend.remove();
      return;
    }
    if (!legend._map) legend.addTo(map);
    const since = sinceInput.value;
    if (!force && last && last.geo === geo && last.since === since) return; // a zoom: cells are geographic
    last = {geo, day, days, since};
    const g = ++gen;
    const now = places(geo);
    let before = null;
    if (since && /^\d{4}-\d{2}-\d{2}$/.test(since)) {
      try {
        // the same window, ending on B, so a holding is read the same way on both dates
        before = places(await pictureOn(since, days));
      } catch (e) {
        before = null;
      }
      if (g !== gen) return;
    }
    render(now, before, since);
  }

  return {draw, color, _places: places, _cell: cell}; // _places, _cell: for tests/e2e/browser_map.mjs
})();
