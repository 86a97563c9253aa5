// What the browser checks of built waymark sites share (.ci/layout-check.mjs,
// .ci/print-check.mjs): finding the pages, answering a page's requests from its
// site folder, and launching Debian's Chromium headless without network.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Every .html file under `dir`, sorted.
export function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.html')) out.push(full);
  }
  return out.sort();
}

// The absolute URL prefix that the site's page-absolute links start with when
// the page is opened over file:// (base_url "/" gives "file:///"), read from the
// build's data/site.json.
function basePrefix(dir) {
  const json = path.join(dir, 'data', 'site.json');
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
    return new URL(base).href;
  } catch {
    return new URL(base, 'file:///').href;
  }
}

// The site folders named on the command line, each as { dir, rootUrl, base }.
export function sitesFrom(args, usage) {
  if (args.length === 0) usage('no site folder given');
  return args.map((d) => {
    const dir = path.resolve(d);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) usage(`not a folder: ${d}`);
    return { dir, rootUrl: pathToFileURL(dir + path.sep).href, base: basePrefix(dir) };
  });
}

// A route handler answering a page's requests from its site folder (page-absolute
// URLs under base_url too); anything else is refused, so the browser never reaches
// the network.
export function router(site) {
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

// Opens `file` of `site` in a new page of `context`, its requests answered by
// [`router`]; returns the page.
export async function open(context, site, file) {
  const page = await context.newPage();
  await page.route('**/*', router(site));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
  return page;
}

// Runs `body(browser)` with one headless Chromium, closed afterwards.
export async function withBrowser(body) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

// Runs `work(job)` over `jobs`, `concurrency` at a time; returns the results in order.
export async function pool(jobs, concurrency, work) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await work(jobs[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
  return results;
}

// A temporary folder, removed when `body` is done.
export async function withTempDir(prefix, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
