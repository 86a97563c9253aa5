#!/usr/bin/env node
// Print check of built waymark sites: each journey's poster and each journey page
// printed to PDF by headless Chromium, as a reader's "Print" or "Save as PDF"
// does (CSS page size honoured, no header or footer).
//
//   node .ci/print-check.mjs SITE_DIR...
//
// For every journeys/<id>-poster.html of each SITE_DIR:
//   - the PDF's pages are A3 landscape, and there is one page for a journey of up
//     to 8 stages, at most two beyond;
//   - no text is printed smaller than 7 pt (font size times the scale its SVG
//     is drawn at, for chart text).
// For every journey page journeys/<id>.html:
//   - no page is blank or nearly so: each page's printed part (from its first
//     to its last row with ink) is at least a tenth of the page's height.
// Page counts come from `pdfinfo`; the ink on each page from the page rendered to
// a grey image by `pdftoppm` (poppler-utils), read row by row. Each journey page's
// count is printed, for comparing before and after a change to the stylesheet.
// Exit status: 0 when all pass, 1 when any fails, 2 when the check could not run.
//
// Environment: CHROMIUM (default /usr/bin/chromium).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sitesFrom, open, withBrowser, withTempDir } from './site-pages.mjs';

const MAX_POSTER_STAGES = 8;
const MIN_POSTER_PT = 7;
const MIN_USED = 0.1;
// A3 landscape in PDF points.
const A3 = { width: 1190.55, height: 841.89 };

function usage(message) {
  console.error(`print-check: ${message}\nusage: node .ci/print-check.mjs SITE_DIR...`);
  process.exit(2);
}

function pdfPages(pdf) {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' });
  const sizes = [...info.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  return sizes;
}

// For each page of `pdf`, the share of its height between its first and last row
// with ink (0 for a blank page).
function inkShares(pdf, dir) {
  const prefix = path.join(dir, 'page');
  execFileSync('pdftoppm', ['-r', '24', '-gray', pdf, prefix]);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const data = fs.readFileSync(path.join(dir, f));
      fs.rmSync(path.join(dir, f));
      // P5 header: magic, width, height, maxval, each followed by whitespace.
      const header = data.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
      if (!header) throw new Error(`not a PGM image: ${f}`);
      const [w, h] = [Number(header[1]), Number(header[2])];
      const pixels = data.subarray(header[0].length);
      let first = -1;
      let last = -1;
      for (let y = 0; y < h; y++) {
        const row = pixels.subarray(y * w, (y + 1) * w);
        if (row.some((v) => v < 224)) {
          if (first < 0) first = y;
          last = y;
        }
      }
      return first < 0 ? 0 : (last - first + 1) / h;
    });
}

// Runs in the page, as printed: the smallest text on it in CSS px, and where.
function smallestText() {
  let min = { size: Infinity, where: '' };
  const consider = (size, el) => {
    if (size < min.size) min = { size, where: `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}"` };
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.checkVisibility()) continue;
    if (el.closest('svg')) {
      const text = el.closest('text');
      if (!text) continue;
      const ctm = text.getScreenCTM();
      if (ctm) consider(parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b), text);
    } else {
      consider(parseFloat(getComputedStyle(el).fontSize), el);
    }
  }
  return min;
}

async function main() {
  const sites = sitesFrom(process.argv.slice(2), usage);
  const journeyPages = [];
  const posters = [];
  for (const site of sites) {
    const dir = path.join(site.dir, 'journeys');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.html')) continue;
      (name.endsWith('-poster.html') ? posters : journeyPages).push({ site, file: path.join(dir, name) });
    }
  }
  if (journeyPages.length === 0) usage('no journey page found');
  const failures = [];
  let totalPages = 0;
  await withBrowser((browser) =>
    withTempDir('print-check-', async (tmp) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      const pdf = path.join(tmp, 'page.pdf');
      const print = async (page) => {
        await page.emulateMedia({ media: 'print' });
        fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      };
      for (const { site, file } of posters) {
        const page = await open(context, site, file);
        const stages = await page.evaluate(() => document.querySelectorAll('.poster-map thead th.stage').length);
        await print(page);
        const small = await page.evaluate(smallestText);
        await page.close();
        const sizes = pdfPages(pdf);
        const allowed = stages <= MAX_POSTER_STAGES ? 1 : 2;
        const notA3 = sizes.filter((s) => Math.abs(s.width - A3.width) > 2 || Math.abs(s.height - A3.height) > 2);
        console.log(`${file}: ${sizes.length} page(s), ${stages} stage(s), smallest text ${(small.size * 0.75).toFixed(1)} pt`);
        if (stages === 0) failures.push(`${file}: no stage found in the poster's map (.poster-map thead th.stage)`);
        if (sizes.length > allowed) failures.push(`${file}: ${sizes.length} pages, at most ${allowed} for ${stages} stage(s)`);
        if (notA3.length > 0) failures.push(`${file}: ${notA3.length} page(s) not A3 landscape (${notA3[0].width} x ${notA3[0].height} pt)`);
        if (small.size * 0.75 + 0.01 < MIN_POSTER_PT) failures.push(`${file}: text printed at ${(small.size * 0.75).toFixed(1)} pt, under ${MIN_POSTER_PT} pt: ${small.where}`);
      }
      for (const { site, file } of journeyPages) {
        const page = await open(context, site, file);
        await print(page);
        await page.close();
        const shares = inkShares(pdf, tmp);
        totalPages += shares.length;
        console.log(`${file}: ${shares.length} A4 page(s), used ${shares.map((s) => `${Math.round(s * 100)}%`).join(' ')}`);
        shares.forEach((share, i) => {
          if (share === 0) failures.push(`${file}: page ${i + 1} of ${shares.length} is blank`);
          else if (share < MIN_USED) failures.push(`${file}: page ${i + 1} of ${shares.length} is nearly blank (${Math.round(share * 100)}% of its height printed)`);
        });
      }
      await context.close();
    }),
  );
  for (const f of failures) console.log(f);
  console.log(`print: ${failures.length} problem(s); ${posters.length} poster(s), ${journeyPages.length} journey page(s) in ${totalPages} A4 page(s)`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`print-check: ${err.stack || err}`);
  process.exit(2);
});
