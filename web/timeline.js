/* web/timeline.js - the steps of the map page's date slider.
 *
 * A store's span is cut into steps of a day, a week (seven days counted from
 * the store's first day) or a calendar month; the slider has one position per
 * step. autoUnit picks the unit that keeps a span to a few hundred steps at
 * most, so a store covering eleven years plays in about 130 steps, not 4,000.
 * Dates are UTC day strings (YYYY-MM-DD) throughout.
 */
'use strict';
window.sitrep = window.sitrep || {};
(function (ns) {
  const DAY = 86400000;
  const MAX_STEPS = 20000; // slider positions at most (55 years by day)
  const UNITS = ['day', 'week', 'month'];

  const dayMs = s => Date.parse(s + 'T00:00:00Z');
  const dayStr = t => new Date(t).toISOString().slice(0, 10);
  const isDay = s => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(dayMs(s)) && dayStr(dayMs(s)) === s;
  const spanDays = (a, b) => Math.round((dayMs(b) - dayMs(a)) / DAY) + 1;

  // the unit giving at most ~150 steps where possible: up to 120 days by day,
  // up to ~3 years by week, longer spans by month
  function autoUnit(first, last) {
    const n = spanDays(first, last);
    return n <= 120 ? 'day' : n <= 1050 ? 'week' : 'month';
  }

  // [{from, to}] covering first..last in order; the last step ends on last
  function steps(first, last, unit) {
    const out = [];
    const end = dayMs(last);
    let t = dayMs(first);
    while (t <= end && out.length < MAX_STEPS) {
      let next;
      if (unit === 'day') next = t + DAY;
      else if (unit === 'week') next = t + 7 * DAY;
      else {
        const d = new Date(t);
        next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
      out.push({from: dayStr(t), to: dayStr(Math.min(next - DAY, end))});
      t = next;
    }
    return out;
  }

  // index of the step holding day (the first or last step when day is outside)
  function indexOf(list, day) {
    if (!list.length) return -1;
    if (!day || day >= list[list.length - 1].from) return list.length - 1;
    let lo = 0, hi = list.length - 1;
    while (lo < hi) { // the last step whose from <= day
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].from <= day) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function label(step, unit) {
    if (!step) return '\u2013';
    if (unit === 'day') return step.from;
    if (unit === 'month') return step.from.slice(0, 7);
    return step.from + ' \u2013 ' + step.to.slice(5);
  }

  ns.timeline = {DAY, UNITS, dayMs, dayStr, isDay, spanDays, autoUnit, steps, indexOf, label};
})(window.sitrep);
