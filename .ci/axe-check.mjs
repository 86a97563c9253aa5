#!/usr/bin/env node
// Accessibility check of built waymark sites with axe-core in headless Chromium.
//
//   node .ci/axe-check.mjs SITE_DIR...
//
// Every .html file under each SITE_DIR is opened over file:// in one headless
// Debian Chromium (driven by playwright-core) and checked with axe-core against
// WCAG 2.0/2.1 A and AA and WCAG 2.2 AA. Each page is checked twice: at a
// desktop width as it loads, and at a phone's width with every <details>
// opened, so that reflow and content shown on demand (the numbers behind a
// chart) are checked as well. Every violation is printed with
// page, rule id, impact, target selector and help text; the last line is a
// one-line summary. Exit status: 0 with no violation, 1 with any violation,
// 2 when the check itself could not run.
//
// The browser never touches the network: a request for a page-absolute URL
// under the site's base_url (read from the build's data/site.json, as the
// 404 page links its stylesheet that way) is answered from the site folder,
// like a web server would; any other http(s) request is aborted and noted.
// A page error, or a file of the site that fails to load, fails the check.
// axe's "needs review" items (from the desktop run) are counted in the
// summary but do not fail it.
//
// Environment: CHROMIUM (default /usr/bin/chromium), AXE_CONCURRENCY (pages
// checked at once, default 2), AXE_VERBOSE=1 also prints "needs review" items.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CONCURRENCY = Math.max(1, Number.parseInt(process.env.AXE_CONCURRENCY || '2', 10) || 2);
const VERBOSE = process.env.AXE_VERBOSE === '1';
const PAGE_TIMEOUT_MS = 30_000;
const DESKTOP_VIEWPORT = { width: 1280, height: 900 };
const NARROW_VIEWPORT = { width: 375, height: 812 };

function usage(message) {
  console.error(`axe-check: ${message}\nusage: node .ci/axe-check.mjs SITE_DIR...`);
  process.exit(2);
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.html')) out.push(full);
  }
  return out.sort();
}

// The absolute URL prefix that the site's page-absolute links start with when
// the page is opened over file:// (base_url "/" gives "file:///").
function basePrefix(siteDir) {
  const json = path.join(siteDir, 'data', 'site.json');
  if (!fs.existsSync(json)) return null;
  let base;
  try {
    base = JSON.parse(fs.readFileSync(json, 'utf8'))?.site?.base_url;
  } catch {
    return null;
  }
  if (typeof base !== 'string' || base === '') return null;
  if (!base.endsWith('/')) base += '/';
  try {
    return new URL(base).href; // a full URL
  } catch {
    return new URL(base, 'file:///').href; // a path
  }
}

// Answers the requests of one page: files of the site from the site folder
// (page-absolute URLs under base_url too); anything else is refused, so the
// browser never reaches the network.
function router(site) {
  const serve = (route, file) => {
    if ((file === site.dir || file.startsWith(site.dir + path.sep)) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return route.fulfill({ path: file });
    }
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
  };
  return async (route) => {
    const url = new URL(route.request().url());
    url.hash = '';
    url.search = '';
    const href = url.href;
    if (href.startsWith(site.rootUrl)) return serve(route, fileURLToPath(href));
    if (site.base && href.startsWith(site.base)) {
      const rel = decodeURIComponent(url.pathname.slice(new URL(site.base).pathname.length));
      return serve(route, path.join(site.dir, rel));
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    return route.abort('blockedbyclient');
  };
}

function short(text, max = 300) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

async function checkPage(context, site, file) {
  const page = await context.newPage();
  const problems = new Map(); // fail the check; one per URL
  const notes = new Map(); // printed only
  page.on('pageerror', (err) => problems.set(`error:${err.message}`, `page error: ${short(err.message)}`));
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (problems.has(url) || notes.has(url)) return;
    if (/^https?:/.test(url) && !(site.base && url.startsWith(site.base))) {
      notes.set(url, `not loaded, the check runs offline: ${url}`);
    } else {
      problems.set(url, `resource failed: ${url} (${req.failure()?.errorText ?? 'failed'})`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.set(res.url(), `resource missing: ${res.url()} (HTTP ${res.status()})`);
  });
  await page.route('**/*', router(site));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
  await page.evaluate(AXE_SOURCE);

  const run = () =>
    page.evaluate(
      (tags) =>
        window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations', 'incomplete'],
        }),
      TAGS,
    );

  // First as a desktop browser shows the page as it loads; then at a phone's
  // width (WCAG 1.4.10 reflow: tables and charts that scroll sideways there
  // must still be reachable by keyboard, targets big enough) with every
  // <details> opened so that the content behind it is checked too.
  const desktop = await run();
  await page.setViewportSize(NARROW_VIEWPORT);
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
  });
  const narrow = await run();
  await page.close();

  // Merge the runs, one entry per rule and target. Items needing review are
  // taken from the desktop run only: at a phone's width axe cannot tell the
  // background of text in scrolled-off table cells and lists each of them.
  const runs = [['', desktop], [` (at ${NARROW_VIEWPORT.width} px wide, <details> opened)`, narrow]];
  const merge = (kind, states) => {
    const seen = new Map();
    for (const [state, result] of states) {
      for (const rule of result[kind]) {
        for (const node of rule.nodes) {
          const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ');
          const key = `${rule.id}\u0000${target}`;
          if (seen.has(key)) continue;
          seen.set(key, {
            rule: rule.id,
            impact: node.impact ?? rule.impact ?? 'n/a',
            target,
            help: rule.help,
            helpUrl: rule.helpUrl,
            summary: node.failureSummary,
            html: node.html,
            state,
          });
        }
      }
    }
    return [...seen.values()];
  };
  return {
    violations: merge('violations', runs),
    incomplete: merge('incomplete', runs.slice(0, 1)),
    problems: [...problems.values()],
    notes: [...notes.values()],
  };
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) usage('no site folder given');
  const sites = dirs.map((d) => {
    const dir = path.resolve(d);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) usage(`not a folder: ${d}`);
    return { dir, rootUrl: pathToFileURL(dir + path.sep).href, base: basePrefix(dir) };
  });
  const jobs = sites.flatMap((site) => htmlFiles(site.dir).map((file) => ({ site, file })));
  if (jobs.length === 0) usage('no .html page found');

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: DESKTOP_VIEWPORT,
      reducedMotion: 'reduce',
      colorScheme: 'light',
    });

    const results = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        const { site, file } = jobs[i];
        try {
          let timer;
          const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${PAGE_TIMEOUT_MS * 2} ms`)), PAGE_TIMEOUT_MS * 2);
          });
          try {
            results[i] = await Promise.race([checkPage(context, site, file), timeout]);
          } finally {
            clearTimeout(timer);
          }
        } catch (err) {
          results[i] = { violations: [], incomplete: [], problems: [`could not be checked: ${short(err.message)}`], notes: [] };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));

    let violations = 0;
    let incomplete = 0;
    let broken = 0;
    const pagesWithViolations = new Set();
    const rules = new Map();
    jobs.forEach(({ file }, i) => {
      const r = results[i];
      for (const p of r.problems) {
        broken++;
        console.log(`${file}: ${p}`);
      }
      for (const n of r.notes) console.log(`${file}: note: ${n}`);
      for (const v of r.violations) {
        violations++;
        pagesWithViolations.add(file);
        rules.set(v.rule, (rules.get(v.rule) ?? 0) + 1);
        console.log(`${file}: [${v.rule}] impact=${v.impact}${v.state}`);
        console.log(`  target: ${v.target}`);
        console.log(`  help:   ${v.help} (${v.helpUrl})`);
        console.log(`  html:   ${short(v.html)}`);
        if (v.summary) console.log(`  why:    ${short(v.summary, 600)}`);
      }
      incomplete += r.incomplete.length;
      if (VERBOSE) {
        for (const v of r.incomplete) {
          console.log(`${file}: needs review [${v.rule}]${v.state} target: ${v.target} — ${v.help}`);
          if (v.summary) console.log(`  why:    ${short(v.summary, 600)}`);
        }
      }
    });

    const ruleList = [...rules.entries()].map(([id, n]) => `${id}×${n}`).join(', ');
    console.log(
      `axe-core: ${violations} violation(s) on ${pagesWithViolations.size} of ${jobs.length} page(s)` +
        (ruleList ? ` [${ruleList}]` : '') +
        (broken ? `, ${broken} page/resource problem(s)` : '') +
        `, ${incomplete} item(s) needing manual review` +
        (VERBOSE || incomplete === 0 ? '' : ' (AXE_VERBOSE=1 lists them)'),
    );
    process.exitCode = violations > 0 || broken > 0 ? 1 : 0;
  } finally {
    if (context) await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`axe-check: ${err.stack || err}`);
  process.exit(2);
});
