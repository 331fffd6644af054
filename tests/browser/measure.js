// Page weight and length on a phone, for before/after figures (not a test):
//
//   node tests/browser/measure.js <built site dir> <page path> [<page path> ...]
//
// For each page prints one line: the HTML's size and its gzip size (what the server sends
// compressed, with the style sheet and script each counted once beside it), and at 360 x 740 px
// (a cheap phone) the page's height as loaded and with every <details> opened, in screens.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { serve, launch } = require('./lib');

(async () => {
  const root = process.argv[2];
  const pages = process.argv.slice(3);
  if (!root || !pages.length) {
    console.error('usage: node measure.js <built site dir> <page path>...');
    process.exit(2);
  }
  const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(root, file))).length;
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  console.log('static/style.css ' + kb(gz('static/style.css')) + ' gzip, static/site.js ' + kb(gz('static/site.js')) + ' gzip');
  const site = await serve(root);
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(site.base + p);
      const loaded = await page.evaluate(() => document.scrollingElement.scrollHeight);
      const opened = await page.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
        return document.scrollingElement.scrollHeight;
      });
      const size = fs.statSync(path.join(root, p)).size;
      console.log(p + ': HTML ' + kb(size) + ' (' + kb(gz(p)) + ' gzip); at 360 px ' + (loaded / 740).toFixed(1) + ' screens as loaded, ' + (opened / 740).toFixed(1) + ' with every part open');
    }
  } finally {
    await browser.close();
    site.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
