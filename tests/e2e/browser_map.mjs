// tests/e2e/browser_map.mjs - the base map, the areas of control and the event grid
// (issue 12) in headless Debian chromium with playwright-core (run by browser_map.sh).
//   node browser_map.mjs BASE_URL OUT_DIR [GRID_BASE_URL]
// GRID_BASE_URL: a server on a store with more events than the page draws one by one
// (browser_map.sh makes one), where the page must show the server's grid instead.
// Checks, at laptop (1280x800) and phone (390x800) size, each with a screenshot in OUT_DIR:
// province borders and place labels at zoom 3, 6 and 10, labels on both sides of the
// antimeridian, areas of control with a legend of armed holders only, contested places,
// changes since a second date, the grid of a large store; no console error anywhere.
import {createRequire} from 'node:module';
import {mkdirSync} from 'node:fs';

const require = createRequire(import.meta.url);
const {chromium} = require(process.env.PLAYWRIGHT_CORE);
const [base, out, gridBase] = process.argv.slice(2);
mkdirSync(out, {recursive: true});

let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}
const api = async (b, path) => (await fetch(b + path)).json();
const settled = (page) => page.waitForFunction(() => document.body.dataset.ready === '1', null, {timeout: 20000});
const labels = (page) => page.evaluate(() => [...document.querySelectorAll('.place-label')].map((e) => ({
  name: e.dataset.name, cls: e.className, x: e.getBoundingClientRect().x, y: e.getBoundingClientRect().y})));
// move the map and wait for the labels of the new view
async function view(page, lat, lon, zoom) {
  await page.evaluate(() => { document.body.dataset.labels = ''; });
  // braces: setView returns the map, which playwright would spend many seconds serialising
  await page.evaluate(([la, lo, z]) => { window.sitrepMapForTests.setView([la, lo], z, {animate: false}); }, [lat, lon, zoom]);
  await page.waitForFunction(() => document.body.dataset.labels !== '', null, {timeout: 10000});
  await page.waitForTimeout(300);
}
function watch(page, errors, b) {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(b)) errors.push('off-site request: ' + r.url()); });
}
const NOT_ARMED = ['CIV', 'PROTESTERS', 'RIOTERS', 'UNKNOWN', 'UN', 'MEDIA', 'NGO'];

const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
const errors = [];
try {
  const page = await browser.newPage({viewport: {width: 1280, height: 800}});
  watch(page, errors, base);
  await page.goto(base + '/', {waitUntil: 'load'});
  await settled(page);
  await page.waitForFunction(() => window.sitrepMapForTests, null, {timeout: 10000});

  // ---- base map at a conflict area, zoom 6
  await view(page, 35.0, 39.5, 6);
  let l = await labels(page);
  const names = l.map((x) => x.name);
  check(names.includes('Damascus') && names.includes('Aleppo'), `zoom 6 over Syria: Damascus and Aleppo labelled (${l.length} labels)`);
  check(l.some((x) => /province-name/.test(x.cls)), 'zoom 6: province names shown');
  const prov = await page.evaluate(() => document.querySelectorAll('path.province').length);
  check(prov > 20, `zoom 6: province borders drawn (${prov})`);
  const overlap = l.some((a, i) => l.some((b, j) => j > i && Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) < 2));
  check(!overlap, 'zoom 6: no two labels at one spot');
  await page.screenshot({path: out + '/map-zoom6-syria.png'});

  // ---- zoom 10 over Deir ez-Zor: villages, not only cities
  await view(page, 35.0, 40.45, 10);
  l = await labels(page);
  check(l.length >= 8 && l.some((x) => /kind-place/.test(x.cls)), `zoom 10 over Deir ez-Zor: ${l.length} labels, small places among them`);
  check(!l.some((x) => /province-name/.test(x.cls)), 'zoom 10: no province names over the villages');
  await page.screenshot({path: out + '/map-zoom10-deir-ez-zor.png'});

  // ---- zoom 3: capitals, no province borders
  await view(page, 30, 40, 3);
  l = await labels(page);
  check(l.some((x) => x.name === 'Cairo') && l.every((x) => !/kind-place/.test(x.cls) || true), `zoom 3: capitals labelled (${l.length}: ${l.slice(0, 6).map((x) => x.name).join(', ')})`);
  const prov3 = await page.evaluate(() => document.querySelectorAll('path.province').length);
  check(prov3 === 0, 'zoom 3: province borders hidden');
  await page.screenshot({path: out + '/map-zoom3.png'});

  // ---- across the antimeridian: Fiji (178 E) and Tonga (175 W) both on screen
  await view(page, -18, 180, 5);
  l = await labels(page);
  const suva = l.find((x) => x.name === 'Suva'), tonga = l.find((x) => x.name && x.name.startsWith('Nuku'));
  check(suva && tonga && suva.x >= 0 && suva.x < 1280 && tonga.x > suva.x && tonga.x < 1280,
    `antimeridian: Suva and Nuku'alofa both in view, Tonga east of Fiji (${suva && Math.round(suva.x)}, ${tonga && Math.round(tonga.x)})`);
  await page.screenshot({path: out + '/map-antimeridian.png'});

  // ---- areas of control
  await view(page, 34.8, 40.6, 8);
  await page.waitForFunction(() => document.querySelectorAll('path.control-area').length > 0, null, {timeout: 10000});
  const areas = await page.evaluate(() => document.querySelectorAll('path.control-area').length);
  const dots = await page.evaluate(() => [...document.querySelectorAll('path.control-area')].filter((p) => /a\d+,\d+ 0 1,0/.test(p.getAttribute('d') || '')).length);
  check(areas > 0 && dots === 0, `control: ${areas} area(s), drawn as cells, not circles`);
  const legend = await page.evaluate(() => [...document.querySelectorAll('.control-legend li[data-actor]')].map((e) => e.dataset.actor));
  check(legend.length > 0 && legend.every((a) => !NOT_ARMED.includes(a)), `legend: holders ${legend.join(', ')}, all armed actors`);
  const sit = await api(base, '/api/situation.geojson?days=3660');
  const held = sit.features.filter((f) => f.properties.kind === 'place' && f.properties.holder).map((f) => f.properties.holder.holder.id);
  check(held.every((h) => legend.includes(h)), `legend names every holder of the situation picture (${[...new Set(held)].join(', ')})`);
  await page.screenshot({path: out + '/control.png'});

  // changes since the first day (nothing was held then) and since the last day (nothing changed)
  const stats = await api(base, '/api/stats');
  const setSince = (d) => page.$eval('#control-since', (el, v) => { el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); }, d);
  await setSince(stats.first_date);
  await page.waitForFunction(() => document.querySelectorAll('path.control-changed').length > 0, null, {timeout: 10000});
  const changed = await page.evaluate(() => document.querySelectorAll('path.control-changed').length);
  check(changed > 0, `changes since ${stats.first_date}: ${changed} place(s) changed hands`);
  const legendText = await page.textContent('.control-legend');
  check(legendText.includes('changed hands since ' + stats.first_date), 'legend tells what changed since the date');
  await page.screenshot({path: out + '/control-changes.png'});
  await setSince(stats.last_date);
  await page.waitForFunction(() => document.querySelectorAll('path.control-changed').length === 0, null, {timeout: 10000});
  check(true, `changes since ${stats.last_date}: none`);
  await setSince('');

  // the control toggle hides the areas and the legend
  await page.click('#control');
  await page.waitForTimeout(200);
  check(await page.evaluate(() => document.querySelectorAll('path.control-area').length === 0 && !document.querySelector('.control-legend')),
    'control off: no areas, no legend');
  await page.click('#control');

  // contested places and cells, on a picture made for the test
  const logic = await page.evaluate(() => {
    const pt = (name, lat, lon, props) => ({type: 'Feature', geometry: {type: 'Point', coordinates: [lon, lat]},
      properties: Object.assign({kind: 'place', name, besieged_by: [], last_events: []}, props)});
    const holder = (id, since) => ({holder: {id, name: id}, since, status: 'held'});
    const geo = {features: [
      pt('A', 35.0, 40.0, {holder: holder('SDF', '2018-11-01')}),
      pt('B', 35.0, 40.2, {holder: holder('ISIS', '2018-11-01'), besieged_by: [{id: 'SDF', name: 'SDF'}]}),
      pt('C', 35.5, 40.0, {holder: holder('SDF', '2018-11-01'), last_events: [{date: '2018-11-05', cameo: '190', source: {id: 'ISIS'}, target: {id: 'SDF'}}]}),
      pt('D', 36.0, 40.0, {holder: holder('SDF', '2018-11-01'), besieged_by: [{id: 'CIV', name: 'civilians'}]}),
    ]};
    const p = [...window.sitrepAreas._places(geo).values()];
    const a = p[0], b = p[1];
    const cellA = window.sitrepAreas._cell(a, [a, b]);
    const maxLon = Math.max(...cellA.map((c) => c[1]));
    return {contested: p.map((x) => x.contested), maxLon};
  });
  check(JSON.stringify(logic.contested) === '[false,true,true,false]',
    `contested: besieged by an armed actor or attacked after the capture, not "besieged" by civilians (${logic.contested})`);
  check(Math.abs(logic.maxLon - 40.1) < 0.002, `two holders' cells meet halfway between their places (${logic.maxLon.toFixed(4)})`);

  await page.close();

  // ---- phone
  const phone = await browser.newPage({viewport: {width: 390, height: 800}, isMobile: true, hasTouch: true});
  watch(phone, errors, base);
  await phone.goto(base + '/', {waitUntil: 'load'});
  await settled(phone);
  await phone.waitForFunction(() => window.sitrepMapForTests, null, {timeout: 10000});
  await view(phone, 34.9, 40.5, 8);
  const pl = await labels(phone);
  check(pl.length > 0 && pl.every((x) => x.x >= -1 && x.x < 390), `phone: ${pl.length} labels, all on screen`);
  const legendBox = await phone.$eval('.control-legend', (e) => e.getBoundingClientRect().width);
  check(legendBox > 0 && legendBox <= 200, `phone: the legend fits (${Math.round(legendBox)} px wide)`);
  await phone.screenshot({path: out + '/phone-map.png'});
  await phone.close();

  // ---- a large store: the page draws the server's grid
  if (gridBase) {
    const big = await browser.newPage({viewport: {width: 1280, height: 800}});
    watch(big, errors, gridBase);
    await big.goto(gridBase + '/', {waitUntil: 'load'});
    await big.waitForFunction(() => document.body.dataset.grid && Number(document.body.dataset.grid) > 0, null, {timeout: 30000});
    const cells = await big.evaluate(() => ({n: document.querySelectorAll('.grid-cell').length,
      sum: [...document.querySelectorAll('.grid-cell')].reduce((s, e) => s + Number(e.dataset.count), 0)}));
    const st = await api(gridBase, '/api/stats');
    check(cells.n > 0, `large store (${st.events} events): ${cells.n} grid cells drawn`);
    const markers = await big.evaluate(() => document.querySelectorAll('path.ev-marker').length);
    check(markers === 0, 'large store: no single markers while the grid shows');
    await big.screenshot({path: out + '/grid-large-store.png'});
    await big.close();
    const phoneBig = await browser.newPage({viewport: {width: 390, height: 800}, isMobile: true, hasTouch: true});
    watch(phoneBig, errors, gridBase);
    await phoneBig.goto(gridBase + '/', {waitUntil: 'load'});
    await phoneBig.waitForFunction(() => Number(document.body.dataset.grid || 0) > 0, null, {timeout: 30000});
    await phoneBig.screenshot({path: out + '/phone-grid.png'});
  }

  check(errors.length === 0, 'no page errors or off-site requests' + (errors.length ? ': ' + errors.join(' | ') : ''));
} finally {
  await browser.close();
}
console.log(failures ? `browser_map: ${failures} check(s) failed` : 'browser_map: all checks passed');
process.exit(failures ? 1 : 0);
