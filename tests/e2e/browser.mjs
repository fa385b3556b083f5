// tests/e2e/browser.mjs - drive the map page in headless Debian chromium with
// playwright-core (run by tests/e2e/browser.sh), at laptop size (1366x768)
// and phone size (390x844).
//   node browser.mjs BASE_URL OUT_DIR
// Env: PLAYWRIGHT_CORE (path of the playwright-core package), CHROMIUM (binary).
// The store (tests/serve/reports.jsonl + tests/e2e/browser_more.jsonl) spans
// more than 3,660 days and holds an undated event, an event without a URL,
// an event with two reports of one sentence in one document and an actor with
// a long name. Checks marked "issue 12: ..." fail on the page as it was
// before that defect was fixed (each was run against the page with its fix
// taken out).
// Screenshots go to OUT_DIR. Exit 0 pass, 1 fail.
import {createRequire} from 'node:module';
import {mkdirSync, readFileSync} from 'node:fs';

const require = createRequire(import.meta.url);
const {chromium} = require(process.env.PLAYWRIGHT_CORE);
const [base, out] = process.argv.slice(2);
mkdirSync(out, {recursive: true});

let failures = 0;
const t0 = Date.now();
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what + ` [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  if (!ok) failures++;
}

const api = async (path) => (await fetch(base + path)).json();
const q = (o) => new URLSearchParams(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString();

// Markers drawn: single events count 1, clusters their data-count.
const drawn = (page) => page.evaluate(() => {
  let n = document.querySelectorAll('path.ev-marker').length;
  for (const c of document.querySelectorAll('.cluster[data-count]')) n += Number(c.dataset.count);
  return n;
});
// (page.evaluate of a call returning Leaflet's map would serialise the whole map: wrap such calls in braces)
// the page is "0" from the moment a control changes (its debounce included) until what it asks for is drawn
const settled = async (page) => {
  await page.waitForTimeout(50);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, {timeout: 30000});
};
const view = (page) => page.evaluate(() => window.sitrepView);
const setInput = (page, sel, value) => page.$eval(sel, (el, v) => {
  el.value = v;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
}, value);
const listCount = (page, cls) => page.$$eval('#list ul.evlist.' + cls + ' li.ev-item', (l) => l.length);
const watchErrors = (page, errors) => {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) errors.push('off-site request: ' + r.url()); });
};
const rect = (page, sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; });
const overlap = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;

const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
const errors = [];
try {
  const stats = await api('/api/stats');
  const first = stats.first_date, last = stats.last_date;
  const spanDays = Math.round((Date.parse(last) - Date.parse(first)) / 86400000) + 1;
  check(spanDays > 3660, `the test store spans ${spanDays} days (${first} .. ${last}), more than /api/situation's 3,660`);
  const all = await api('/api/events?limit=1');
  const datedAll = await api('/api/events?limit=1&to=' + last);
  const undatedN = all.total - datedAll.total;
  check(undatedN >= 1, `the test store has ${undatedN} undated event(s)`);

  // ---------------------------------------------------------------- laptop
  const page = await browser.newPage({viewport: {width: 1366, height: 768}, acceptDownloads: true});
  watchErrors(page, errors);
  await page.goto(base + '/', {waitUntil: 'load'});
  await settled(page);
  await page.waitForSelector('path.leaflet-interactive, .cluster', {timeout: 10000});
  await page.screenshot({path: out + '/laptop-first-load.png'});

  // issue 12: the report panel was blank on a store spanning more than 3,660 days
  // (the page asked /api/situation for the whole span, got 400 and wiped the error)
  await page.click('#tab-report');
  const panel = await page.textContent('#report');
  check(/Deir ez-Zor/.test(panel) && !(await page.$('#report .error')), 'first load, long-span store: the report panel reports on Deir ez-Zor');
  await page.screenshot({path: out + '/laptop-report.png'});
  await page.click('#tab-list');

  // issue 12: undated events vanished from the map without a word
  const n0 = await drawn(page);
  check(n0 === all.total, `markers drawn ${n0} = every event, dated and undated (${datedAll.total} + ${undatedN})`);
  const status = await page.textContent('#status');
  check(new RegExp('\\b' + undatedN + ' undated').test(status), `the status counts the undated events: "${status}"`);
  check(await listCount(page, 'undated') === undatedN, 'the event list lists the undated events apart');
  const borders = await page.evaluate(() => document.querySelectorAll('.leaflet-overlay-pane path.border').length);
  check(borders > 100, `country borders drawn (${borders} paths)`);

  // marker size by deaths; approximate places (admin1/country) drawn as dashed rings
  const home = await page.evaluate(() => { const m = window.sitrepTest.map; return {c: m.getCenter(), z: m.getZoom()}; });
  await page.evaluate(() => { window.sitrepTest.map.setView([34.5, 39.5], 7, {animate: false}); });
  await settled(page);
  const sizes = await page.evaluate(async () => {
    const r = await (await fetch('/api/events.geojson?limit=1000')).json();
    const byId = Object.fromEntries(r.features.map((f) => [String(f.id), f.properties]));
    const out = {dead: [], none: [], approx: [], approxDashed: 0};
    for (const m of document.querySelectorAll('path.ev-marker[data-event]')) {
      const p = byId[m.dataset.event], w = m.getBoundingClientRect().width;
      if (!p || !w) continue; // outside the view: Leaflet leaves it undrawn
      if (p.precision === 'admin1' || p.precision === 'country') {
        out.approx.push(m.classList.contains('ev-approx'));
        if (m.getAttribute('stroke-dasharray')) out.approxDashed++;
      } else if (p.fatalities > 0) out.dead.push(w);
      else out.none.push(w);
    }
    return out;
  });
  check(sizes.dead.length && sizes.none.length && Math.min(...sizes.dead) > Math.max(...sizes.none),
    `markers of events with deaths are bigger (${sizes.dead.map(Math.round)} vs ${sizes.none.map(Math.round)} px)`);
  check(sizes.approx.length > 0 && sizes.approx.every(Boolean) && sizes.approxDashed === sizes.approx.length,
    `${sizes.approx.length} approximate place(s) (admin1/country) drawn as dashed rings`);
  await page.evaluate((h) => { window.sitrepTest.map.setView(h.c, h.z, {animate: false}); }, home);
  await settled(page);

  // the event list: the events in view, newest first, with date, actors, type, deaths, evidence
  const items = await page.$$eval('#list ul.evlist.dated li.ev-item', (l) => l.map((li) => ({
    id: li.dataset.event, date: li.querySelector('.ev-date').textContent, actors: li.querySelector('.ev-actors').textContent,
    type: li.querySelector('.ev-type').textContent, evidence: li.querySelector('.ev-evidence').textContent})));
  check(items.length === datedAll.total, `event list: ${items.length} dated events in view = API ${datedAll.total}`);
  check(items.every((it, i) => i === 0 || items[i - 1].date >= it.date), 'event list: newest first');
  check(items.every((it) => it.actors && it.type && it.evidence), 'event list: every entry has actors, type and evidence');
  check(await page.$$eval('#list .ev-deaths', (l) => l.length) > 0, 'event list: deaths shown');

  // issue 12: the slider had one step per day (4,123 steps on the store)
  let v = await view(page);
  const months = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;
  const max = await page.$eval('#day', (e) => Number(e.max));
  check(v.unit === 'month' && max + 1 === months, `timeline steps by month on a ${spanDays}-day store: ${max + 1} steps`);
  await setInput(page, '#step', 'week');
  await settled(page);
  check(await page.$eval('#day', (e) => Number(e.max)) + 1 === Math.ceil(spanDays / 7), 'timeline: by week on request');
  await setInput(page, '#step', 'month');
  await settled(page);

  // the date range: from-to boxes; the list and the markers follow
  await setInput(page, '#from', '2018-11-21');
  await setInput(page, '#to', '2018-11-23');
  await settled(page);
  const rng = await api('/api/events?limit=1&from=2018-11-21&to=2018-11-23');
  v = await view(page);
  check(v.from === '2018-11-21' && v.to === '2018-11-23' && v.datedTotal === rng.total && await listCount(page, 'dated') === rng.total,
    `date range 2018-11-21..23: ${v.datedTotal} events = API ${rng.total}, listed`);
  check(await drawn(page) === rng.total + undatedN, 'date range: markers = the range + the undated');
  await page.screenshot({path: out + '/laptop-date-range.png'});
  await setInput(page, '#window', 'step');
  await settled(page);
  v = await view(page);
  const month = await api('/api/events?limit=1&from=2018-11-01&to=2018-11-23');
  check(v.from === '2018-11-01' && v.datedTotal === month.total, `"this step only": the month of the "to" date (${v.datedTotal})`);
  await setInput(page, '#window', 'range');
  await setInput(page, '#from', '');
  await page.$eval('#day', (el) => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); });
  await settled(page);
  check((await view(page)).to === last && await drawn(page) === all.total, 'slider back at the last step: every marker again');

  // issue 12: the undated toggle hides them, and says so
  await page.click('#undated');
  await settled(page);
  check(await drawn(page) === datedAll.total && /not drawn/.test(await page.textContent('#status')), 'undated switched off: dated markers only, the status says so');
  await page.click('#undated');
  await settled(page);

  // play at a speed; issue 12: the pause sign (U+23F8) is missing from Debian's fonts: the button draws its icon
  await setInput(page, '#speed', '4');
  await page.click('#play');
  const firstLabel = first.slice(0, 7);
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent === d, firstLabel, {timeout: 5000});
  const pauseIcon = await page.$eval('#play', (b) => ({svg: !!b.querySelector('svg.icon-pause path'), text: b.textContent, w: b.querySelector('svg') ? b.querySelector('svg').getBoundingClientRect().width : 0}));
  check(pauseIcon.svg && pauseIcon.w > 0 && !pauseIcon.text.includes('\u23f8'), 'while playing the button shows a drawn pause icon, not the U+23F8 glyph');
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent > d, firstLabel, {timeout: 5000});
  await page.click('#play'); // pause
  const day = await page.textContent('#daylabel');
  check(day > firstLabel && day <= last, `play steps month by month (${firstLabel} -> ${day}) and pauses`);
  await page.waitForTimeout(800);
  check(await page.$eval('#play', (b) => !!b.querySelector('svg.icon-play')), 'paused: the play icon is back');
  await page.$eval('#day', (el) => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); });
  await settled(page);

  // issue 12: the actor filter did not filter the control layer or the panel
  const controlAll = await page.evaluate(() => document.querySelectorAll('path.control-area').length);
  check(controlAll > 0, `control layer shades ${controlAll} place(s)`);
  await page.selectOption('#actor', 'ISIS');
  await settled(page);
  const isis = await api('/api/events?limit=1&actor=ISIS');
  check(await drawn(page) === isis.total, `actor ISIS: markers ${await drawn(page)} = API ${isis.total}`);
  const controlIsis = await page.evaluate(() => document.querySelectorAll('path.control-area').length);
  check(controlIsis === 0, `actor ISIS (holds nothing): control layer ${controlIsis} places (all actors: ${controlAll})`);
  await page.click('#tab-report');
  const areas = await page.$$eval('#report section.area', (s) => s.map((x) => x.textContent));
  check(areas.length > 0 && areas.every((t) => /Islamic State/.test(t)), `actor ISIS: the report's ${areas.length} area(s) all involve Islamic State`);
  await page.screenshot({path: out + '/laptop-actor-isis.png'});
  await page.click('#tab-list');
  await page.selectOption('#actor', '');
  await settled(page);

  // search box: the evidence, through the API's full-text search
  await page.fill('#q', 'Hajin');
  await settled(page);
  const hajin = await api('/api/events?limit=1&q=Hajin');
  check((await view(page)).datedTotal + (await view(page)).undatedTotal === hajin.total && await drawn(page) === hajin.total,
    `search "Hajin": ${await drawn(page)} markers = API ${hajin.total}`);
  await page.fill('#q', '');
  await settled(page);

  // issue 12: markers under the control/movement layer could not be clicked.
  // The search leaves one event at Hajin (a single marker, no cluster), right
  // under the control layer's shading of Hajin (held by SDF).
  await page.fill('#q', 'coalition');
  await page.evaluate(() => { window.sitrepTest.map.setView([34.6951, 40.8314], 9, {animate: false}); });
  await settled(page);
  const under = await page.evaluate(() => {
    const areas = [...document.querySelectorAll('path.control-area')].map((p) => p.getBoundingClientRect());
    for (const m of document.querySelectorAll('path.ev-marker[data-event]:not(.ev-approx)')) {
      const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (areas.some((a) => x > a.left && x < a.right && y > a.top && y < a.bottom)) return {id: m.dataset.event, x, y};
    }
    return null;
  });
  check(!!under, 'a single-event marker lies under a control area');
  if (under) {
    const ev = await api('/api/events/' + under.id);
    await page.mouse.click(under.x, under.y); // a real click at the marker's centre, no force
    const opened = await page.waitForSelector(`.evpopup[data-event="${under.id}"] blockquote.evidence`, {timeout: 5000}).then(() => true, () => false);
    const text = opened ? await page.textContent(`.evpopup[data-event="${under.id}"]`) : '';
    check(opened && text.includes(ev.reports[0].evidence), `the marker of event ${under.id} under the control layer opens its popup`);
    check(/\d+ reports? from \d+ documents?/.test(text), 'popup shows the report count');
    await page.waitForTimeout(400);
    await page.screenshot({path: out + '/laptop-popup-under-control.png'});
  }
  await page.keyboard.press('Escape');
  await page.fill('#q', '');
  await settled(page);

  // the list opens an event; issue 12: one sentence was quoted twice for "2 reports from 1 document"
  const twice = (await api('/api/events.geojson?limit=1000')).features.find((f) => f.properties.reports === 2 && f.properties.documents === 1);
  check(!!twice, 'the test store has an event with 2 reports from 1 document');
  await page.evaluate(() => { window.sitrepTest.map.setZoom(5, {animate: false}); });
  await settled(page);
  if (twice) {
    await page.click(`#list li.ev-item[data-event="${twice.id}"]`);
    await page.waitForSelector(`.evpopup[data-event="${twice.id}"] blockquote.evidence`, {timeout: 10000});
    const quotes = await page.$$eval(`.evpopup[data-event="${twice.id}"] blockquote.evidence`, (b) => b.map((x) => x.textContent));
    const txt = await page.textContent(`.evpopup[data-event="${twice.id}"]`);
    check(/2 reports from 1 document/.test(txt) && quotes.length === 1, `event ${twice.id}: "2 reports from 1 document", its sentence quoted once (${quotes.length})`);
  }
  // issue 12: an empty URL became a link to the page itself
  const noUrl = (await api('/api/events.geojson?limit=1000')).features.find((f) => !f.properties.url);
  check(!!noUrl, 'the test store has an event without a URL');
  if (noUrl) {
    await page.click(`#list li.ev-item[data-event="${noUrl.id}"]`);
    await page.waitForSelector(`.evpopup[data-event="${noUrl.id}"] .source`, {timeout: 10000});
    const links = await page.$$eval(`.evpopup[data-event="${noUrl.id}"] a`, (a) => a.map((x) => x.href));
    check(links.length === 0, `event ${noUrl.id} without a URL: no link in its popup (${links.join(' ') || 'none'})`);
    check(await page.evaluate(() => window.sitrepTest.safeUrl('') === null && window.sitrepTest.safeUrl('/x') === null && window.sitrepTest.safeUrl('javascript:alert(1)') === null),
      'safeUrl: empty, relative and javascript: URLs are no links');
  }
  await page.keyboard.press('Escape');

  // issue 12: cluster colours took the first event's class on ties
  const tie = await page.evaluate(() => [window.sitrepTest.dominantClass(['10', '19']), window.sitrepTest.dominantClass(['17', '14', '19', '19', '17'])]);
  check(tie[0] === 'violence' && tie[1] === 'violence', `a tie goes to the class listed first (violence): ${tie}`);
  const clusters = await page.$$eval('.cluster[data-class]', (c) => c.map((x) => x.dataset.class));
  check(!clusters.includes('other') || clusters.length === 0, `no cluster of this store is grey "other" (${clusters})`);

  // issue 12: countries crossing the antimeridian drew lines across the map and a band over the Arctic
  await page.evaluate(() => { window.sitrepTest.map.setView([20, 0], 2, {animate: false}); });
  await settled(page);
  const jump = await page.evaluate(() => {
    let worst = 0;
    for (const p of document.querySelectorAll('.leaflet-overlay-pane path.border')) {
      const nums = (p.getAttribute('d') || '').match(/-?\d+(\.\d+)?/g) || [];
      const d = p.getAttribute('d');
      // per subpath: the widest step between consecutive points
      for (const sub of d.split('M').slice(1)) {
        const n = (sub.match(/-?\d+(\.\d+)?/g) || []).map(Number);
        for (let i = 2; i + 1 < n.length; i += 2) worst = Math.max(worst, Math.abs(n[i] - n[i - 2]));
      }
      void nums;
    }
    return worst;
  });
  const world = 256 * 4; // world width in pixels at zoom 2
  check(jump < world / 2, `no border segment crosses the map (widest ${Math.round(jump)} px, world ${world} px)`);
  check(await page.evaluate(() => { const r = window.sitrepTest.unwrapRing([[170, 60], [179, 65], [-179, 66], [-170, 62], [179, 58], [170, 60]]); return r.every((c, i) => i === 0 || Math.abs(c[0] - r[i - 1][0]) < 180); }),
    'unwrapRing: a ring over the antimeridian has no jump');
  await page.screenshot({path: out + '/laptop-world.png'});

  // the URL round trip: the view, the filters and the dates
  await page.evaluate(() => { window.sitrepTest.map.setView([35.5, 38.5], 7, {animate: false}); });
  await page.selectOption('#actor', 'SDF');
  await setInput(page, '#from', '2018-11-20');
  await setInput(page, '#to', '2018-11-25');
  await setInput(page, '#step', 'day');
  await page.click('input[data-class="coop"]');
  await settled(page);
  const url = page.url();
  const before = await view(page);
  check(/actor=SDF/.test(url) && /from=2018-11-20/.test(url) && /to=2018-11-25/.test(url) && /z=7/.test(url) && /step=day/.test(url) && /off=coop/.test(url),
    `the URL holds the view: ${url.slice(url.indexOf('#'))}`);
  const page2 = await browser.newPage({viewport: {width: 1366, height: 768}});
  watchErrors(page2, errors);
  await page2.goto(url, {waitUntil: 'load'});
  await settled(page2);
  const after = await view(page2);
  const same = await page2.evaluate(() => ({actor: document.getElementById('actor').value, from: document.getElementById('from').value,
    to: document.getElementById('to').value, z: window.sitrepTest.map.getZoom(), coop: document.querySelector('input[data-class="coop"]').checked,
    step: document.getElementById('step').value}));
  check(same.actor === 'SDF' && same.from === '2018-11-20' && same.to === '2018-11-25' && same.z === 7 && !same.coop && same.step === 'day' &&
    after.datedTotal === before.datedTotal && after.shown === before.shown, `a second page opened on that URL shows the same view (${JSON.stringify(same)})`);
  await page2.screenshot({path: out + '/laptop-url-roundtrip.png'});
  await page2.close();

  // download what you see: CSV and GeoJSON of the listed events
  const listed = await page.$$eval('#list li.ev-item', (l) => l.map((x) => x.dataset.event).sort());
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
  const csv = readFileSync(await csvDl.path(), 'utf8').trim().split(/\r\n/);
  const csvIds = csv.slice(1).map((l) => l.split(',')[0]).sort();
  check(csv[0].startsWith('id,date,') && JSON.stringify(csvIds) === JSON.stringify(listed), `CSV download: ${csvIds.length} rows = the ${listed.length} events listed (${csvDl.suggestedFilename()})`);
  const [geoDl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-geojson')]);
  const geo = JSON.parse(readFileSync(await geoDl.path(), 'utf8'));
  check(geo.type === 'FeatureCollection' && JSON.stringify(geo.features.map((f) => String(f.id)).sort()) === JSON.stringify(listed),
    `GeoJSON download: ${geo.features.length} features = the events listed`);
  await page.screenshot({path: out + '/laptop-sdf.png'});

  // ---------------------------------------------------------------- phone
  const phone = await browser.newPage({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  watchErrors(phone, errors);
  await phone.goto(base + '/', {waitUntil: 'load'});
  await settled(phone);
  await phone.waitForTimeout(300);
  check(await phone.$eval('#panel', (el) => getComputedStyle(el).display === 'none'), 'phone: the panel starts collapsed');
  // issue 12: the panel collapsed but Leaflet was not told: the bottom third stayed undrawn
  const fill = await phone.evaluate(() => {
    const m = document.getElementById('map'), s = window.sitrepTest.map.getSize();
    return {leaflet: s.y, box: m.clientHeight, bottom: m.getBoundingClientRect().bottom, vh: 844};
  });
  check(fill.leaflet === fill.box && Math.abs(fill.bottom - fill.vh) < 2, `phone: the map fills its viewport (Leaflet ${fill.leaflet} px = box ${fill.box} px, ends at ${fill.bottom} of ${fill.vh})`);
  // issue 12: the actor list was wider than the screen
  const wide = await phone.evaluate(() => {
    const w = 390, over = []; // the device's width: a page too wide makes a phone's layout viewport grow with it
    for (const e of document.querySelectorAll('#bar *, #timeline *')) {
      const r = e.getBoundingClientRect();
      if (r.width && r.right > w + 1) over.push((e.id || e.tagName) + ':' + Math.round(r.right));
    }
    return {scroll: Math.max(document.documentElement.scrollWidth, window.innerWidth), w, over};
  });
  check(wide.scroll <= wide.w && wide.over.length === 0, `phone: no sideways scrolling (page ${wide.scroll} px, screen ${wide.w} px${wide.over.length ? ', too wide: ' + wide.over.join(' ') : ''})`);
  await phone.screenshot({path: out + '/phone.png'});
  // the list, and a popup clear of the zoom buttons (issue 12: they sat over popups)
  await phone.click('#paneltoggle');
  check(await phone.$eval('#panel', (el) => getComputedStyle(el).display !== 'none'), 'phone: the List button opens the panel');
  await phone.waitForTimeout(400);
  const fill2 = await phone.evaluate(() => ({leaflet: window.sitrepTest.map.getSize().y, box: document.getElementById('map').clientHeight}));
  check(fill2.leaflet === fill2.box, `phone: the map follows the open panel (${fill2.leaflet} = ${fill2.box} px)`);
  const item = await phone.$('#list li.ev-item');
  check(!!item, 'phone: the event list has entries');
  if (item) {
    await item.click();
    await phone.waitForSelector('.leaflet-popup-content blockquote.evidence', {timeout: 10000});
    await phone.waitForTimeout(500); // the popup's pan and fade
    const pop = await rect(phone, '.leaflet-popup');
    const zoomShown = await phone.$eval('.leaflet-control-zoom', (e) => getComputedStyle(e).display !== 'none');
    const zoom = await rect(phone, '.leaflet-control-zoom');
    check(!zoomShown || !overlap(pop, zoom), 'phone: the zoom buttons do not cover the open popup');
    check(pop.l >= 0 && pop.r <= 390, `phone: the popup fits the screen (${Math.round(pop.l)}..${Math.round(pop.r)})`);
    await phone.screenshot({path: out + '/phone-popup.png'});
  }

  check(errors.length === 0, 'no page errors, console errors or off-site requests' + (errors.length ? ': ' + errors.join(' | ') : ''));
} finally {
  await browser.close();
}
console.log(failures ? `browser: ${failures} check(s) failed` : 'browser: all checks passed');
process.exit(failures ? 1 : 0);
