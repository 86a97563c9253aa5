#!/usr/bin/env node
// Layout check of built waymark sites in headless Chromium, at the widths readers
// use: a small phone (320 px), a phone (390), a tablet (768) and a laptop (1280).
//
//   node .ci/layout-check.mjs SITE_DIR...
//
// Every .html page under each SITE_DIR is loaded once and laid out at each width.
// At each, it must hold:
//   - no page-level horizontal scrolling: the document is no wider than the
//     viewport (wide tables and charts scroll inside their own containers);
//   - every SVG <text> on the page that is rendered is at least 10 CSS px tall as
//     drawn: its font size times the scale its SVG is shown at (no exception for
//     charts inside scrolling figures: a chart keeps a width at which its text
//     is readable and scrolls inside its figure below it);
//   - every link of the site navigation lies wholly inside the viewport.
// Each failure is printed with page, width and what was found (for overflow, the
// outermost elements that stick out); the last line is a one-line summary. Exit
// status: 0 when every page passes, 1 when any fails, 2 when the check could not
// run.
//
// Environment: CHROMIUM (default /usr/bin/chromium), LAYOUT_CONCURRENCY (pages
// at once, default 2).

import { htmlFiles, sitesFrom, open, withBrowser, pool } from './site-pages.mjs';

const WIDTHS = [1280, 768, 390, 320];
const HEIGHT = 900;
const MIN_TEXT_PX = 10;
const CONCURRENCY = Math.max(1, Number.parseInt(process.env.LAYOUT_CONCURRENCY || '2', 10) || 2);

function usage(message) {
  console.error(`layout-check: ${message}\nusage: node .ci/layout-check.mjs SITE_DIR...`);
  process.exit(2);
}

// Runs in the page: what is wrong with its layout at the current width.
function measure(minText) {
  const problems = [];
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += `#${el.id}`;
    const cls = typeof el.className === 'string' ? el.className.trim() : el.getAttribute('class') || '';
    if (cls) name += `.${cls.split(/\s+/).join('.')}`;
    return name;
  };
  const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);

  if (root.scrollWidth > width) {
    // The outermost elements that stick out of the viewport and are not inside a
    // container that scrolls or clips them.
    const out = [];
    const walk = (el) => {
      for (const child of el.children) {
        if (!child.checkVisibility()) continue;
        const r = child.getBoundingClientRect();
        if (r.right > width + 0.5 && r.width > 0) {
          out.push(`${describe(child)} (right edge at ${Math.round(r.right)} px)`);
          continue;
        }
        if (!scrolls(child)) walk(child);
      }
    };
    walk(document.body);
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in a ${width} px viewport; sticking out: ${out.slice(0, 4).join(', ') || 'nothing found'}`);
  }

  const small = new Map();
  for (const text of document.querySelectorAll('svg text')) {
    if (!text.checkVisibility()) continue; // not rendered
    const ctm = text.getScreenCTM();
    if (!ctm) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (size + 0.01 < minText) {
      const svg = text.closest('svg');
      const key = svg ? describe(svg) : 'svg';
      const seen = small.get(key);
      if (!seen || size < seen.size) small.set(key, { size, text: text.textContent.trim().slice(0, 40), count: (seen?.count ?? 0) + 1 });
      else seen.count++;
    }
  }
  for (const [svg, s] of small) {
    problems.push(`chart text under ${minText} px in ${svg}: ${s.count} text(s), the smallest ${s.size.toFixed(1)} px ("${s.text}")`);
  }

  const nav = document.querySelectorAll('.site-header nav a, header nav a');
  for (const link of nav) {
    const r = link.getBoundingClientRect();
    if (r.width === 0 || r.left < -0.5 || r.right > width + 0.5) {
      problems.push(`navigation link "${link.textContent.trim()}" is not wholly in the viewport (${Math.round(r.left)}..${Math.round(r.right)} px of ${width})`);
    }
  }
  return problems;
}

async function checkPage(context, site, file) {
  const page = await open(context, site, file);
  const found = [];
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHT });
      for (const p of await page.evaluate(measure, MIN_TEXT_PX)) found.push({ width, message: p });
    }
  } finally {
    await page.close();
  }
  return found;
}

async function main() {
  const sites = sitesFrom(process.argv.slice(2), usage);
  const jobs = sites.flatMap((site) => htmlFiles(site.dir).map((file) => ({ site, file })));
  if (jobs.length === 0) usage('no .html page found');
  const results = await withBrowser(async (browser) => {
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: HEIGHT }, reducedMotion: 'reduce', colorScheme: 'light' });
    try {
      return await pool(jobs, CONCURRENCY, async ({ site, file }) => {
        try {
          return await checkPage(context, site, file);
        } catch (err) {
          return [{ width: '-', message: `could not be checked: ${String(err.message).split('\n')[0]}` }];
        }
      });
    } finally {
      await context.close();
    }
  });
  let problems = 0;
  let failedPages = 0;
  jobs.forEach(({ file }, i) => {
    if (results[i].length > 0) failedPages++;
    for (const { width, message } of results[i]) {
      problems++;
      console.log(`${file} at ${width} px: ${message}`);
    }
  });
  console.log(`layout: ${problems} problem(s) on ${failedPages} of ${jobs.length} page(s) at ${WIDTHS.join(', ')} px`);
  process.exitCode = problems > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`layout-check: ${err.stack || err}`);
  process.exit(2);
});
