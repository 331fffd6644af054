// Mobile first, in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/mobile.spec.js <built example site>
//
// - at 360 px wide (a cheap phone), no page type scrolls sideways, in standard and in large
//   text (大字版);
// - the item tables become cards there (one item per block, each value labelled), and are
//   ordinary tables at 1280 px.
'use strict';
const { PAGES, siteContext, phoneContext, fitsWidth, assert, main } = require('./lib');

main(async ({ base, browser, check }) => {
  for (const large of [false, true]) {
    const { context, problems, external, page, mode } = await phoneContext(browser, base, large);
    await fitsWidth(check, page, base, PAGES, mode, 360);
    await check(mode + ': no script errors, no request left the site', async () => {
      assert(problems.length === 0, problems.join('\n'));
      assert(external.length === 0, external.join(', '));
    });
    await context.close();
  }

  // The list's parts and groups are <details>: opened first (as a reader would), then the first
  // labelled value other than the 序号 (which leads the name on a card, without a label).
  const cells = (page) => page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const td = document.querySelector('table.items tbody td[data-label]:not([data-label="序号"])');
    const tr = td.closest('tr');
    const thead = document.querySelector('table.items thead');
    const before = getComputedStyle(td, '::before').content;
    return {
      td: getComputedStyle(td).display,
      tr: getComputedStyle(tr).display,
      theadVisible: thead.getBoundingClientRect().right > 0 && thead.getBoundingClientRect().width > 0 && getComputedStyle(thead).position !== 'absolute',
      label: before,
      rowWidth: tr.getBoundingClientRect().width,
      // The group's summary names the cards below it (the caption says the same to screen readers).
      captionWidth: td.closest('details.group').querySelector('summary').getBoundingClientRect().width,
    };
  });

  await check('360 px: the township\'s item tables are cards with labelled values', async () => {
    const { context } = await siteContext(browser, base, { viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(base + 'tangxi/index.html');
    const c = await cells(page);
    assert(c.td === 'block' && c.tr === 'block', 'cells: ' + JSON.stringify(c));
    assert(!c.theadVisible, 'the column headers are hidden visually');
    assert(/：/.test(c.label), 'each value carries its column name: ' + c.label);
    assert(c.rowWidth <= 360 && c.rowWidth >= 300, 'card width ' + c.rowWidth);
    assert(c.captionWidth >= 300, 'the group\'s summary spans the cards, it is ' + c.captionWidth + ' px wide');
    // A card shows only what the item has: no label ("办理窗口：") with nothing after it.
    const bare = await page.evaluate(() => [...document.querySelectorAll('table.items tbody td[data-label]')]
      .filter((td) => getComputedStyle(td).display !== 'none' && td.textContent.trim() === '')
      .map((td) => td.dataset.label + ' in ' + td.closest('tr').querySelector('th').textContent.trim()));
    assert(bare.length === 0, bare.length + ' labelled cards show no value, e.g. ' + bare.slice(0, 3).join('; '));
    await context.close();
  });

  await check('1280 px: the same tables are ordinary tables', async () => {
    const { context } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + 'tangxi/index.html');
    const c = await cells(page);
    assert(c.td === 'table-cell' && c.tr === 'table-row' && c.theadVisible, 'cells: ' + JSON.stringify(c));
    await context.close();
  });
});
