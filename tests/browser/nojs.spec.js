// The website without JavaScript, in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/nojs.spec.js <built example site>
//
// Every page type is readable with JavaScript turned off (its heading and main content are
// there and visible); only search and the comparison of releases need it, and say so in
// Chinese; the 大字版 button, which needs it, is not shown.
'use strict';
const { PAGES, siteContext, assert, main } = require('./lib');

// Text each page type must show without JavaScript: its main content, not just a frame.
const MUST_SHOW = {
  // The list's parts and the groups of its first part, collapsed (the items are a tap away).
  township: ['基本履职事项', '配合履职事项', '上级部门收回事项'],
  item: ['实施依据', '乡村建设规划许可证核发（农村村民住宅）'],
  'catalog (coverage)': ['承接情况'],
  'search with results': ['搜索需要启用 JavaScript'],
  compare: ['比较需要启用 JavaScript'],
};

main(async ({ base, browser, check }) => {
  const { context, external } = await siteContext(browser, base, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const p of PAGES) {
    await check('without JavaScript: ' + p.name + ' is readable', async () => {
      await page.goto(base + p.path);
      const r = await page.evaluate(() => {
        const main = document.querySelector('main');
        const h1 = document.querySelector('main h1');
        const button = document.querySelector('button.text-size');
        return {
          h1: h1 && h1.offsetHeight > 0 ? h1.textContent.trim() : '',
          text: main ? main.innerText : '',
          button: button ? button.offsetHeight > 0 || button.offsetWidth > 0 : false,
        };
      });
      assert(r.h1.length > 0, 'no visible <h1> in <main>');
      assert(r.text.replace(/\s/g, '').length >= 20, 'main shows little: ' + JSON.stringify(r.text.slice(0, 100)));
      for (const want of MUST_SHOW[p.name] || []) assert(r.text.indexOf(want) >= 0, 'does not show ' + want + ': ' + r.text.slice(0, 300));
      assert(!r.button, 'the 大字版 button shows, but cannot work without JavaScript');
    });
  }

  await check('without JavaScript: the search page says only search needs it and where else to look', async () => {
    await page.goto(base + 'search.html?q=' + encodeURIComponent('低保'));
    const text = await page.innerText('main');
    assert(/搜索需要启用 JavaScript/.test(text) && /乡镇（街道）/.test(text) && /县直部门/.test(text), text.slice(0, 300));
    assert(!(await page.isVisible('#search-app')), 'the empty results area is hidden');
  });

  await check('without JavaScript: the township page\'s parts and groups open and close, and their item links lead to item pages', async () => {
    await page.goto(base + 'tangxi/index.html');
    // The second part starts closed: a tap opens it, another closes it.
    const parts = await page.$$('details.part');
    assert(parts.length === 3, parts.length + ' parts');
    assert(!(await parts[1].evaluate((d) => d.open)), 'the 配合 part starts closed');
    await page.click('details.part >> nth=1 >> summary >> nth=0');
    assert(await parts[1].evaluate((d) => d.open && d.querySelector('details.group summary').offsetHeight > 0), 'a tap opens the part');
    await page.click('details.part >> nth=1 >> summary >> nth=0');
    assert(!(await parts[1].evaluate((d) => d.open)), 'a second tap closes it');
    // A group of the first part, then its first item.
    if (!(await page.$eval('details.part details.group', (d) => d.open))) await page.click('details.part >> nth=0 >> details.group >> nth=0 >> summary');
    await Promise.all([page.waitForNavigation(), page.click('details.part >> nth=0 >> table.items tbody a >> nth=0')]);
    assert(/\/tangxi\/[A-Z]+-[A-Z]+-\d+\.html$/.test(page.url()), page.url());
    assert((await page.innerText('main')).indexOf('实施依据') >= 0, 'item page content');
  });

  await check('without JavaScript: no request left the site', async () => assert(external.length === 0, external.join(', ')));
  await context.close();
});
