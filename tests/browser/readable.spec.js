// Readability on a phone, in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/readable.spec.js <built example site>
//
// Not scrolling sideways is not enough: a table squeezed into 360 px can wrap one or two
// characters per line and break "CSV" into "CS" and "V". For every page type at 360 px, in
// standard and in large text (大字版), at 320 px in large text and at 1280 px, `readability`
// (lib.js) measures every text node as laid out, and this fails when
// - text wraps in a block (a table cell, a paragraph) narrower than four characters;
// - a word or a short token (CSV, XLSX, a date, a phone number) is broken across lines
//   although it would fit on one;
// - on a phone, the page is absurdly tall for its text (<main> more than MAX_RATIO times the
//   height its text would fill at the width of <main>).
// Prints one "READ {json}" line per page and mode: its height and the narrowest block in
// which text wraps (in characters), for before/after figures.
'use strict';
const { PAGES, siteContext, open, readability, assert, main } = require('./lib');

const MIN_EM = 4;
// On a phone, <main> measures 1.5 to 5.6 times the height of its text (headings, gaps, the
// borders and padding of cards); the coverage matrix that wrapped a character per line was 9.2
// times, the release table 6.1.
const MAX_RATIO = 7;

function describe(r) {
  const lines = [];
  for (const n of r.narrow.slice(0, 4)) lines.push('text wraps in a block ' + n.em + ' characters wide: "' + n.text + '" (' + n.where + ')');
  for (const b of r.broken.slice(0, 4)) lines.push('"' + b.token + '" is broken across lines (' + b.where + ')');
  if (r.ratio > MAX_RATIO) lines.push('<main> is ' + r.mainHeight + ' px tall, ' + r.ratio + ' times what its text needs (' + r.ideal + ' px)');
  return (r.narrow.length + r.broken.length > 8 ? r.narrow.length + ' narrow blocks, ' + r.broken.length + ' broken tokens; first:\n     ' : '') + lines.join('\n     ');
}

main(async ({ base, browser, check }) => {
  const modes = [
    ['360 px', { width: 360, height: 740 }, false],
    ['360 px, 大字版', { width: 360, height: 740 }, true],
    // Where lines break moves with the width: the smallest phones too.
    ['320 px, 大字版', { width: 320, height: 640 }, true],
    ['1280 px', { width: 1280, height: 900 }, false],
  ];
  for (const [mode, viewport, large] of modes) {
    const mobile = viewport.width < 600;
    const { context, problems, external } = await siteContext(browser, base, { viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
    if (large) await context.addInitScript(() => { try { window.localStorage.setItem('qingdan-large-text', '1'); } catch (e) { /* about:blank */ } });
    const page = await context.newPage();
    for (const p of PAGES) {
      await check(mode + ': ' + p.name + ' is readable', async () => {
        await open(page, base, p);
        if (large) assert(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'large text not applied');
        const r = await readability(page, { minEm: MIN_EM });
        console.log('READ ' + JSON.stringify({ mode, page: p.name, height: r.height, ratio: r.ratio, narrowest: r.narrowest && r.narrowest.em, narrowestText: r.narrowest && r.narrowest.text, narrow: r.narrow.length, broken: r.broken.length }));
        // On a wide screen short table rows leave most of the width empty: height is not a measure there.
        if (!mobile) r.ratio = 0;
        assert(r.narrow.length === 0 && r.broken.length === 0 && r.ratio <= MAX_RATIO, describe(r));
      });
    }
    await check(mode + ': no script errors, no request left the site', async () => {
      assert(problems.length === 0, problems.join('\n'));
      assert(external.length === 0, external.join(', '));
    });
    await context.close();
  }
});
