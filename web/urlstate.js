/* web/urlstate.js - the map page's view in the URL, so a view can be shared.
 *
 * The state lives in the fragment (#z=7&ll=35.1,38.2&actor=ISIS&from=...),
 * never in the query string: the server gives static files no parameters and
 * the fragment never leaves the browser. read() returns only the keys whose
 * values are well formed; anything else in the fragment is ignored, so a
 * hand-edited or truncated link still opens the page.
 */
'use strict';
window.sitrep = window.sitrep || {};
(function (ns) {
  const MAX_TEXT = 200; // characters of a search or actor value taken from a link

  const checks = {
    z: v => /^\d{1,2}$/.test(v) && +v >= 2 && +v <= 12,
    ll: v => {
      const m = /^(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(v);
      return !!m && Math.abs(+m[1]) <= 85 && Math.abs(+m[2]) <= 540;
    },
    actor: v => /^[A-Za-z0-9_-]{1,64}$/.test(v),
    q: v => v.length > 0 && v.length <= MAX_TEXT,
    from: v => ns.timeline.isDay(v),
    to: v => ns.timeline.isDay(v),
    step: v => ns.timeline.UNITS.indexOf(v) >= 0,
    win: v => v === 'step' || v === 'range',
    speed: v => ['0.5', '1', '2', '4'].indexOf(v) >= 0,
    off: v => /^[a-z,]{1,80}$/.test(v), // action classes switched off
    undated: v => v === '0' || v === '1',
    ctl: v => v === '0' || v === '1',
    tab: v => v === 'list' || v === 'report',
  };

  function read() {
    const out = {};
    let h = location.hash.replace(/^#/, '');
    if (h.length > 4096) h = '';
    const p = new URLSearchParams(h);
    for (const [k, check] of Object.entries(checks)) {
      const v = p.get(k);
      if (v !== null && check(v)) out[k] = v;
    }
    return out;
  }

  // replace the current history entry's fragment with state (keys with '' or
  // null values left out); no reload, no new history entry
  function write(state) {
    const p = new URLSearchParams();
    for (const k of Object.keys(checks)) {
      const v = state[k];
      if (v !== '' && v !== null && v !== undefined) p.set(k, String(v));
    }
    const h = '#' + p.toString();
    if (h !== location.hash) history.replaceState(null, '', location.pathname + h);
  }

  ns.urlstate = {read, write};
})(window.sitrep);
