// bench/map_first_picture.mjs - run by bench/map_first_picture.sh: time to the first
// picture of the map page and to the grid after a pan, in headless chromium.
//   node map_first_picture.mjs BASE_URL      (env RUNS, PANS, PLAYWRIGHT_CORE, CHROMIUM)
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const {chromium} = require(process.env.PLAYWRIGHT_CORE);
const [base] = process.argv.slice(2);
const runs = Number(process.env.RUNS || 6), pans = Number(process.env.PANS || 10);
const stats = await (await fetch(base + '/api/stats')).json();

const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
const first = [];
let panMs = [], settledMs = 0;
try {
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({viewport: {width: 1280, height: 800}});
    const page = await ctx.newPage();
    await page.goto(base + '/', {waitUntil: 'commit'});
    await page.waitForFunction(() => performance.getEntriesByName('sitrep-grid').length && performance.getEntriesByName('sitrep-land').length,
      null, {timeout: 60000, polling: 20});
    const t = await page.evaluate(() => Math.max(performance.getEntriesByName('sitrep-grid')[0].startTime,
      performance.getEntriesByName('sitrep-land')[0].startTime));
    const cells = await page.evaluate(() => document.querySelectorAll('.grid-cell').length);
    first.push({ms: t, cells});
    if (i === 0) { // the first run: no earlier page has left slow requests running on the server
      // pans once the page has settled (app.js has read /api/stats and /api/actors, which take
      // seconds on a large store and hold up the server loop their connection is on)
      const t1 = Date.now();
      await page.waitForFunction(() => document.body.dataset.ready === '1', null, {timeout: 120000, polling: 50});
      settledMs = Date.now() - t1 + t;
      await page.waitForTimeout(2000);
      for (let k = 0; k < pans; k++) {
        const before = await page.evaluate(() => Number(document.body.dataset.gridDraws || 0));
        const t0 = Date.now();
        // braces: panBy returns the map, which playwright would spend seconds serialising
        await page.evaluate((d) => { window.sitrepMapForTests.panBy(d, {animate: false}); }, k % 2 ? [300, 0] : [0, 300]);
        await page.waitForFunction((b) => Number(document.body.dataset.gridDraws || 0) > b, before, {timeout: 30000, polling: 10});
        panMs.push(Date.now() - t0);
      }
    }
    await ctx.close();
  }
} finally {
  await browser.close();
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
console.log(`store: ${stats.events} events; page 1280x800`);
console.log(`first picture, run 1 (server just started): ${first[0].ms.toFixed(0)} ms, ${first[0].cells} cells`);
const warm = first.slice(1).map((f) => f.ms);
if (warm.length) console.log(`first picture, runs 2-${runs} (fresh context each): ${warm.map((x) => x.toFixed(0)).join(', ')} ms; median ${med(warm).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms`);
console.log(`page settled (filters, timeline and status filled) after about ${(settledMs / 1000).toFixed(1)} s in run 1`);
if (panMs.length) console.log(`pan 300 px -> new grid drawn (${pans} pans, 100 ms debounce included): median ${med(panMs)} ms, max ${Math.max(...panMs)} ms`);
