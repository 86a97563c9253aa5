#!/usr/bin/env node
// Browser check of the search of built waymark sites, in headless Chromium.
//
//   node .ci/search-check.mjs NAME=SITE_DIR...
//   node .ci/search-check.mjs --measure SITE_DIR QUERY...
//
// Each SITE_DIR is a built site; NAME picks its cases below (content: the bundled
// site, i18n: tests/fixtures/i18n, ru: tests/fixtures/ru). Its search.html is
// opened twice: from disk (file://) and from a loopback HTTP server that serves
// the site under a sub-path. In each, queries are typed into the box and the
// results are checked: the groups and titles expected, named in the site's
// language, the matched words in <mark>, every
// link leading to a file of the site and an element with the link's anchor,
// the count in the live region, the keys (arrows, Escape), the box in the
// navigation of the home page and of a frozen release leading to the live
// search.html with results. search.js must fold
// as src/search/fold.rs does: it folds the texts of
// tests/fixtures/search-fold.json and must give that file's words and stems.
// axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) checks the page empty and with
// results open; with JavaScript off the page must list every journey and
// persona. The last line is a summary; exit status 0 when all passed, 1 when
// any check failed, 2 when the check could not run.
//
// --measure opens SITE_DIR/search.html from disk once per QUERY, in a fresh
// page, types the query (TYPING_DELAY_MS between keys, default 0) and prints
// the time from the last keystroke to the first result and the bytes of index
// files the query loaded, which must stay under QUERY_BYTES.
//
// Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FOLD_TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/search-fold.json'), 'utf8'));
const SUB_PATH = '/some/sub-path/';
// What one query may load of the index, in bytes (--measure checks it).
const QUERY_BYTES = 500_000;

// What typing `query` must show: a result in group `kind` whose title contains `title`.
const CASES = {
  content: [
    { query: 'HUMIDIFIER', kind: 'journey', title: 'Buying a first humidifier online' },
    { query: 'live chat', kind: 'pain-point', title: 'Live chat closes at 18:00' },
    { query: 'humidif', kind: 'journey', title: 'Buying a first humidifier online' },
    { query: 'mould cleaning', kind: 'opportunity', title: 'Answer the mould question' },
  ],
  // A site in Russian: its results speak Russian too.
  ru: [
    { query: 'СЧЕТА', kind: 'journey', title: 'Открытие счёта за один вечер' },
    { query: 'осознание пробл', kind: 'stage', title: 'Осознание проблемы' },
  ],
  i18n: [
    { query: 'оди', kind: 'journey', title: 'Один крок' },
    { query: 'ЄДИН', kind: 'stage', title: 'Єдиний етап' },
    { query: 'mitrinataja', kind: 'journey', title: 'Mitrinātāja iegāde birojam' },
    { query: 'piegades gaidisana', kind: 'stage', title: 'Piegādes gaidīšana' },
    // Not in the text as typed: found by its stem.
    { query: 'mitrinatajs ', kind: 'journey', title: 'Mitrinātāja iegāde birojam' },
  ],
};

const failures = [];
let passed = 0;
function check(ok, what) {
  if (ok) passed += 1;
  else {
    failures.push(what);
    console.log(`FAIL ${what}`);
  }
}

function contentType(file) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
  return types[path.extname(file)] || 'application/octet-stream';
}

// Serves `dir` under SUB_PATH on a loopback port; anything else is a 404.
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const rel = url.pathname.startsWith(SUB_PATH) ? decodeURIComponent(url.pathname.slice(SUB_PATH.length)) : null;
    const file = rel === null ? null : path.join(dir, rel || 'index.html');
    if (!file || !file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': contentType(file) });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The site file a URL of the page names, for file:// and for the server alike.
function siteFile(dir, href, serverBase) {
  const url = new URL(href);
  url.hash = '';
  url.search = '';
  if (url.protocol === 'file:') return fileURLToPath(url);
  if (serverBase && url.href.startsWith(serverBase)) return path.join(dir, decodeURIComponent(url.href.slice(serverBase.length)));
  return null;
}

// Types `query` into the box and waits for the results of its last keystroke;
// returns the milliseconds from that keystroke to the first result (or status).
async function type(page, query, delay = 0) {
  const input = page.locator('#search-page-q');
  await input.fill('');
  await page.evaluate(() => {
    const box = document.getElementById('search-results');
    window.__shown = null;
    window.__key = null;
    // Capturing, so it runs before the search's own listener, which may show results
    // (from word lists already loaded) before a later listener would run.
    document.addEventListener('input', () => { window.__key = performance.now(); window.__shown = null; }, true);
    new MutationObserver(() => {
      const status = box.querySelector('[role=status]').textContent;
      if (window.__key !== null && window.__shown === null && (box.querySelector('.search-hits a') || status)) window.__shown = performance.now();
    }).observe(box, { subtree: true, childList: true, characterData: true });
  });
  await input.pressSequentially(query, { delay });
  await page.waitForFunction(() => window.__shown !== null, null, { timeout: 10_000 });
  // Later steps of the same search (more groups) settle within a frame or two.
  await page.waitForTimeout(50);
  return page.evaluate(() => window.__shown - window.__key);
}

async function axe(page, what) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  for (const v of result.violations) console.log(`  axe ${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}: ${v.help}`);
  check(result.violations.length === 0, `axe reports nothing on ${what}`);
}

async function checkSite(browser, name, dir, mode) {
  const cases = CASES[name];
  if (!cases) throw new Error(`no cases for ${name} (known: ${Object.keys(CASES).join(', ')})`);
  let server = null;
  let start;
  let serverBase = null;
  if (mode === 'http') {
    server = await serve(dir);
    serverBase = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
    start = `${serverBase}search.html`;
  } else {
    start = pathToFileURL(path.join(dir, 'search.html')).href;
  }
  const where = `${name} over ${mode}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing leaves the machine: only the site's own files load.
  const outside = (url) => url.protocol !== 'file:' && !(serverBase && url.href.startsWith(serverBase));
  await context.route(outside, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // axe reads the stylesheets again by XHR, which file:// refuses; the site itself never
  // uses XHR or fetch, so only the loads of the page's own elements count.
  page.on('requestfailed', (req) => {
    if (['xhr', 'fetch'].includes(req.resourceType())) return;
    errors.push(`failed to load ${req.url()} (${req.failure()?.errorText})`);
  });
  await page.goto(start);
  await axe(page, `the empty search page (${where})`);

  // The script folds as the index does.
  await type(page, 'x'); // loads the manifest, which holds the longest word
  const folded = await page.evaluate((table) => table.map((row) => {
    const words = window.waymarkSearch.words(row.text);
    return { words, stems: words.map((w) => window.waymarkSearch.stem(w)) };
  }), FOLD_TABLE);
  FOLD_TABLE.forEach((row, i) => {
    const same = JSON.stringify(folded[i].words) === JSON.stringify(row.words) && JSON.stringify(folded[i].stems) === JSON.stringify(row.stems);
    check(same, `search.js folds ${JSON.stringify(row.text)} as Rust does (${where}): got ${JSON.stringify(folded[i])}`);
  });

  const timings = [];
  for (const c of cases) {
    timings.push(await type(page, c.query));
    const hits = await page.$$eval('#search-results .search-group', (groups) => groups.map((g) => ({
      kind: g.querySelector('h2').id.replace(/^search-page-/, ''),
      items: Array.from(g.querySelectorAll('.search-hits li'), (li) => ({
        title: li.querySelector('a').textContent,
        href: li.querySelector('a').href,
        marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
      })),
    })));
    const headings = await page.$$eval('#search-results .search-group h2', (hs) => hs.map((h) => [h.id.replace(/^search-page-/, ''), h.textContent]));
    const labels = await page.evaluate(() => window.waymarkSearch.labels);
    check(headings.every(([kind, text]) => labels && text.startsWith(labels[`label-${kind}`])), `the groups of "${c.query}" are named in the site's language (${where}): ${JSON.stringify(headings)}`);
    const group = hits.find((g) => g.kind === c.kind);
    const item = group && group.items.find((i) => i.title.includes(c.title));
    check(Boolean(item), `"${c.query}" finds the ${c.kind} "${c.title}" (${where}); got ${JSON.stringify(hits.map((g) => [g.kind, g.items.map((i) => i.title)]))}`);
    if (item) check(item.marks.length > 0, `"${c.query}" marks the matched words of "${c.title}" (${where})`);
    const status = await page.textContent('#search-results [role=status]');
    const count = hits.reduce((n, g) => n + g.items.length, 0);
    check(/\d/.test(status) && Number.parseInt(status.match(/\d+/)[0], 10) >= count, `the live region counts the results of "${c.query}" (${where}): "${status}"`);
    for (const g of hits) {
      for (const i of g.items.slice(0, 5)) {
        const file = siteFile(dir, i.href, serverBase);
        const exists = file !== null && fs.existsSync(file);
        check(exists, `the link ${i.href} of "${c.query}" leads to a file of the site (${where})`);
        const anchor = new URL(i.href).hash.slice(1);
        if (exists && anchor) check(fs.readFileSync(file, 'utf8').includes(`id="${anchor}"`), `${i.href} has an element with id "${anchor}" (${where})`);
      }
    }
  }

  // The keys: down into the results and back up, Escape back to the box and then clearing it.
  await type(page, cases[0].query);
  await page.focus('#search-page-q');
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.closest('.search-hits') !== null);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const back = await page.evaluate(() => document.activeElement.id);
  check(first && back === 'search-page-q', `arrow keys move through the results and back to the box (${where})`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  const escaped = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press('Escape');
  const cleared = await page.evaluate(() => document.getElementById('search-page-q').value === '' && !document.querySelector('.search-hits'));
  check(escaped === 'search-page-q' && cleared, `Escape returns to the box, and then clears it (${where})`);

  // A query in the address, as the box of another page sends it; results open for axe.
  await page.goto(`${start}?q=${encodeURIComponent(cases[0].query)}`);
  await page.waitForSelector('.search-hits a');
  await axe(page, `the search page with results open (${where})`);

  // The box in the navigation of another page, and of a frozen release's page, sends its
  // words to the live search.html, which shows their results.
  const releases = path.join(dir, 'releases');
  const others = ['index.html', ...(fs.existsSync(releases) ? fs.readdirSync(releases, { withFileTypes: true }) : []).filter((e) => e.isDirectory() && e.name !== 'changes').slice(0, 1).map((e) => `releases/${e.name}/index.html`)];
  for (const other of others.filter((o) => fs.existsSync(path.join(dir, o)))) {
    await page.goto(new URL(other, start).href);
    await page.fill('nav #site-search-q', cases[0].query);
    await Promise.all([page.waitForURL(/search\.html\?q=/), page.press('nav #site-search-q', 'Enter')]);
    const landed = siteFile(dir, page.url(), serverBase);
    await page.waitForSelector('.search-hits a');
    check(landed === path.join(dir, 'search.html'), `the box of ${other} leads to the live search page (${where}): ${page.url()}`);
  }
  check(errors.length === 0, `no page error or failed load (${where}): ${errors.join('; ')}`);
  console.log(`${where}: first result ${Math.max(...timings).toFixed(0)} ms after the last keystroke at most (${timings.map((t) => t.toFixed(0)).join(', ')})`);
  await context.close();
  if (server) server.close();
}

// Without JavaScript the page lists every journey and persona.
async function checkWithoutScript(browser, name, dir) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(dir, 'search.html')).href);
  const data = JSON.parse(fs.readFileSync(path.join(dir, 'data', 'site.json'), 'utf8'));
  const listed = await page.$$eval('#search-everything a', (as) => as.map((a) => a.getAttribute('href')));
  const journeys = data.journeys.map((j) => `journeys/${j.id}.html`);
  const personas = data.personas.map((p) => `personas/${p.id}.html`);
  const missing = [...journeys, ...personas].filter((href) => !listed.includes(href));
  check(missing.length === 0 && journeys.length > 0, `without JavaScript search.html lists every journey and persona (${name}); missing ${missing.join(', ')}`);
  await context.close();
}

// The time to the first result and the index bytes one query loads, in a fresh page.
async function measure(browser, dir, queries) {
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const loaded = new Set();
    page.on('requestfinished', (req) => {
      const url = req.url();
      if (url.includes('/search/')) loaded.add(fileURLToPath(url));
    });
    await page.goto(pathToFileURL(path.join(dir, 'search.html')).href);
    const ms = await type(page, query, Number(process.env.TYPING_DELAY_MS || 0));
    const bytes = [...loaded].reduce((n, f) => n + fs.statSync(f).size, 0);
    const status = await page.textContent('#search-results [role=status]');
    console.log(`measure: "${query}": first result after ${ms.toFixed(0)} ms, ${loaded.size} index files, ${(bytes / 1024).toFixed(0)} KB loaded; ${status}`);
    check(bytes < QUERY_BYTES, `"${query}" loads under ${QUERY_BYTES / 1000} KB of index (${bytes} bytes)`);
    await context.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (!args.length) {
    console.error('usage: node .ci/search-check.mjs NAME=SITE_DIR... | --measure SITE_DIR QUERY...');
    process.exit(2);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    if (args[0] === '--measure') {
      await measure(browser, path.resolve(args[1]), args.slice(2));
    }
    for (const arg of args[0] === '--measure' ? [] : args) {
      const [name, dir] = arg.split('=');
      const site = path.resolve(dir);
      for (const mode of ['file', 'http']) await checkSite(browser, name, site, mode);
      await checkWithoutScript(browser, name, site);
    }
  } finally {
    await browser.close();
  }
  console.log(`search-check: ${passed} passed, ${failures.length} failed`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  console.error(`search-check: could not run: ${err.stack || err}`);
  process.exit(2);
});
