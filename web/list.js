/* web/list.js - the event list beside the map and "download what you see".
 *
 * The list shows the events the map shows in its current view, newest first,
 * the undated ones in a section of their own. Each entry gives the date, the
 * actors, the type, the deaths and the evidence sentence; activating one calls
 * onOpen(feature). Downloads are built in the page from the same features, as
 * CSV (cells a spreadsheet would run as a formula get a leading apostrophe,
 * as in `sitrep events --format csv`) or as a GeoJSON FeatureCollection.
 * Strings from the store go in with textContent only.
 */
'use strict';
window.sitrep = window.sitrep || {};
(function (ns) {
  const MAX_ITEMS = 300; // entries drawn per section; the rest are counted

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function actors(p) {
    const s = p.source_name || p.source_id || 'someone';
    return p.target_id ? s + ' \u2192 ' + (p.target_name || p.target_id) : s;
  }
  function deaths(p) {
    if (p.fatalities === null || p.fatalities === undefined || p.fatalities < 0) return '';
    return p.fatalities === 0 ? 'no deaths' : p.fatalities + (p.fatalities === 1 ? ' death' : ' deaths');
  }
  function type(p) { return p.acled_sub || p.acled || p.action || p.cameo || ''; }

  function item(f, onOpen) {
    const p = f.properties;
    const li = el('li', 'ev-item');
    li.dataset.event = p.id;
    li.tabIndex = 0;
    li.setAttribute('role', 'button');
    const head = el('div', 'ev-head');
    head.append(el('span', 'ev-date', p.date || 'undated'), el('span', 'ev-type', type(p)));
    const d = deaths(p);
    if (d) head.append(el('span', 'ev-deaths', d));
    li.append(head, el('div', 'ev-actors', actors(p)),
      el('div', 'ev-place small', (p.place || '') + (p.admin1 ? ', ' + p.admin1 : '') + (p.country ? ' (' + p.country + ')' : '') +
        (p.precision === 'admin1' || p.precision === 'country' ? ' \u00b7 placed by ' + (p.precision === 'country' ? 'country' : 'province') + ' only' : '')),
      el('div', 'ev-evidence', p.evidence || ''));
    const open = () => onOpen(f);
    li.addEventListener('click', open);
    li.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    return li;
  }

  function section(box, title, feats, onOpen, cls) {
    box.append(el('h3', 'list-head ' + cls, title));
    const ul = el('ul', 'evlist ' + cls);
    for (const f of feats.slice(0, MAX_ITEMS)) ul.append(item(f, onOpen));
    box.append(ul);
    if (feats.length > MAX_ITEMS)
      box.append(el('p', 'small', (feats.length - MAX_ITEMS) + ' more in view: zoom in, narrow the dates or search to see them here (the download has them all).'));
  }

  // dated: newest first; undated: null to leave the section out (switched off)
  function render(box, dated, undated, onOpen) {
    box.textContent = '';
    section(box, dated.length + (dated.length === 1 ? ' dated event' : ' dated events') + ' in view, newest first', dated, onOpen, 'dated');
    if (undated) section(box, undated.length + ' undated ' + (undated.length === 1 ? 'event' : 'events') + ' in view', undated, onOpen, 'undated');
  }

  // ---- downloads
  const COLUMNS = ['id', 'date', 'time_precision', 'source_id', 'source_name', 'target_id', 'target_name', 'cameo', 'action',
    'plover', 'acled', 'acled_sub', 'place', 'country', 'admin1', 'admin2', 'precision', 'latitude', 'longitude',
    'fatalities', 'injured', 'reports', 'documents', 'evidence', 'publisher', 'url'];
  function cell(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v);
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s; // not a formula in a spreadsheet
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function toCSV(feats) {
    const lines = [COLUMNS.join(',')];
    for (const f of feats) {
      const p = f.properties, c = f.geometry ? f.geometry.coordinates : null;
      const row = Object.assign({}, p, {latitude: c ? c[1] : null, longitude: c ? c[0] : null});
      lines.push(COLUMNS.map(k => cell(row[k])).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }
  function toGeoJSON(feats, meta) {
    return JSON.stringify(Object.assign({type: 'FeatureCollection'}, meta || {}, {features: feats})) + '\n';
  }
  function download(name, mime, text) {
    const url = URL.createObjectURL(new Blob([text], {type: mime}));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  ns.list = {render, toCSV, toGeoJSON, download, actors, deaths, type};
})(window.sitrep);
