// Screenshots of the website for review, in Debian's chromium:
//
//   node tests/browser/screenshots.js <built example site> [out dir, default target/screenshots]
//
// Writes <page>-<width>.png for the home page, a township page, an item page, search with
// results, the coverage of a guidance catalog, the releases and the data downloads, at 360 px
// (a cheap phone) and 1280 px (a desktop), full page, and prints each file's path. Run by tests/website.rs, which checks the files; open them to review.
'use strict';
const fs = require('fs');
const path = require('path');
const { PAGES, siteContext, open, assert, main } = require('./lib');

const SHOTS = ['home', 'township', 'item', 'search with results', 'catalog (coverage)', 'releases', 'data'];
const WIDTHS = [360, 1280];

main(async ({ base, browser, check }) => {
  const out = path.resolve(process.argv[3] || path.join(__dirname, '../../target/screenshots'));
  fs.mkdirSync(out, { recursive: true });
  for (const width of WIDTHS) {
    const { context, external } = await siteContext(browser, base, { viewport: { width, height: width < 600 ? 740 : 900 } });
    const page = await context.newPage();
    for (const name of SHOTS) {
      const p = PAGES.find((x) => x.name === name);
      const file = path.join(out, name.split(' ')[0] + '-' + width + '.png');
      await check('screenshot ' + path.basename(file), async () => {
        await open(page, base, p);
        await page.screenshot({ path: file, fullPage: true });
        assert(fs.statSync(file).size > 5000, 'tiny screenshot');
        console.log('     ' + file);
      });
    }
    await check(width + ' px: no request left the site', async () => assert(external.length === 0, external.join(', ')));
    await context.close();
  }
});
