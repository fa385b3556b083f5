// tests/e2e/browser.mjs - drive the map page in headless Debian chromium with
// playwright-core (run by tests/e2e/browser.sh).
//   node browser.mjs BASE_URL OUT_DIR
// Env: PLAYWRIGHT_CORE (path of the playwright-core package), CHROMIUM (binary).
// Checks: the markers drawn add up to the API's count; an actor filter narrows
// both the same way; the date slider changes what is drawn; a marker's popup
// shows the event's evidence sentence from /api/events/ID. Screenshots go to
// OUT_DIR. Exit 0 pass, 1 fail.
import {createRequire} from 'node:module';
import {mkdirSync} from 'node:fs';

const require = createRequire(import.meta.url);
const {chromium} = require(process.env.PLAYWRIGHT_CORE);
const [base, out] = process.argv.slice(2);
mkdirSync(out, {recursive: true});

let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}

const api = async (path) => (await fetch(base + path)).json();

// Markers drawn: single events count 1, clusters their data-count.
const drawn = (page) => page.evaluate(() => {
  let n = document.querySelectorAll('path.ev-marker').length;
  for (const c of document.querySelectorAll('.cluster[data-count]')) n += Number(c.dataset.count);
  return n;
});
const settled = (page) => page.waitForFunction(() => document.body.dataset.ready === '1', null, {timeout: 15000});

const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
try {
  const page = await browser.newPage({viewport: {width: 1280, height: 800}});
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(base)) errors.push('off-site request: ' + r.url()); });

  await page.goto(base + '/', {waitUntil: 'load'});
  await settled(page);
  await page.waitForSelector('path.leaflet-interactive, .cluster', {timeout: 10000});
  const stats = await api('/api/stats');
  const last = stats.last_date;
  const all = await api('/api/events?limit=1&to=' + last);
  const allUnfiltered = await api('/api/events?limit=1');
  const n0 = await drawn(page);
  check(n0 > 0 && n0 === all.total, `markers drawn ${n0} = API total ${all.total} (to=${last})`);
  check(all.total === allUnfiltered.total, `every test event is dated (${allUnfiltered.total})`);
  const borders = await page.evaluate(() => document.querySelectorAll('.leaflet-overlay-pane path').length);
  check(borders > 100, `country borders drawn (${borders} paths)`);
  await page.screenshot({path: out + '/map.png'});

  // actor filter
  await page.selectOption('#actor', 'ISIS');
  await page.waitForFunction(() => window.sitrepView && document.body.dataset.ready === '1');
  await page.waitForTimeout(200);
  await settled(page);
  const isis = await api('/api/events?limit=1&actor=ISIS&to=' + last);
  const n1 = await drawn(page);
  check(n1 === isis.total && n1 < n0, `actor ISIS: markers ${n1} = API ${isis.total} (< ${n0})`);
  await page.screenshot({path: out + '/actor-isis.png'});
  await page.selectOption('#actor', '');
  await settled(page);

  // date slider: back to the first day, window "all up to date"
  const first = stats.first_date;
  await page.$eval('#day', (el) => { el.value = '0'; el.dispatchEvent(new Event('input', {bubbles: true})); });
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent === d, first);
  await page.waitForTimeout(300);
  await settled(page);
  const early = await api('/api/events?limit=1&to=' + first);
  const n2 = await drawn(page);
  check(n2 === early.total && n2 < n0, `slider at ${first}: markers ${n2} = API ${early.total}`);
  await page.screenshot({path: out + '/slider-first-day.png'});
  await page.$eval('#day', (el) => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); });
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent === d, last);
  await page.waitForTimeout(300);
  await settled(page);
  check(await drawn(page) === n0, 'slider back at the last day: all markers again');

  // play: from the end it starts again at the first day and steps a day at a time
  await page.click('#play');
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent === d, first, {timeout: 5000});
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent > d, first, {timeout: 5000});
  await page.click('#play'); // pause
  const day = await page.textContent('#daylabel');
  check(day > first && day <= last, `play steps the timeline (${first} -> ${day}) and pauses`);
  await page.$eval('#day', (el) => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); });
  await page.waitForFunction((d) => document.getElementById('daylabel').textContent === d, last);
  await page.waitForTimeout(1000); // the paused play loop ends its last step
  await settled(page);

  // control layer and the situation panel
  const control = await page.evaluate(() => document.querySelectorAll('path.control-area').length);
  check(control > 0, `control layer shades ${control} place(s)`);
  const panel = await page.textContent('#report');
  check(/Deir ez-Zor/.test(panel), 'situation panel reports on Deir ez-Zor');

  // a marker's popup with its evidence
  const marker = await page.$('path.ev-marker[data-event]');
  check(!!marker, 'a single-event marker exists');
  if (marker) {
    const id = await marker.getAttribute('data-event');
    const ev = await api('/api/events/' + id);
    await marker.click({force: true});
    await page.waitForSelector('.leaflet-popup-content blockquote.evidence', {timeout: 10000});
    const text = await page.textContent('.leaflet-popup-content');
    const want = ev.reports[0].evidence;
    check(text.includes(want), `popup of event ${id} shows its evidence "${want.slice(0, 50)}..."`);
    check(/\d+ reports? from \d+ documents?/.test(text), 'popup shows the report count');
    await page.waitForTimeout(400); // popup fade-in
    await page.screenshot({path: out + '/popup.png'});
  }

  // phone layout: the panel collapses
  const phone = await browser.newPage({viewport: {width: 390, height: 800}, isMobile: true, hasTouch: true});
  await phone.goto(base + '/', {waitUntil: 'load'});
  await settled(phone);
  const hidden = await phone.$eval('#panel', (el) => getComputedStyle(el).display === 'none');
  check(hidden, 'phone: the report panel starts collapsed');
  await phone.click('#paneltoggle');
  const shown = await phone.$eval('#panel', (el) => getComputedStyle(el).display !== 'none');
  check(shown, 'phone: the Report button opens the panel');
  await phone.waitForTimeout(400); // the map redraws after the resize
  await phone.screenshot({path: out + '/phone.png'});

  check(errors.length === 0, 'no page errors or off-site requests' + (errors.length ? ': ' + errors.join(' | ') : ''));
} finally {
  await browser.close();
}
console.log(failures ? `browser: ${failures} check(s) failed` : 'browser: all checks passed');
process.exit(failures ? 1 : 0);
