// A region site (a province of county sites) in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/region.spec.js <built example region>
//
// - at 360 px, in standard and in large text (大字版), no page of the region and no page of a
//   county (with the region above it: 东江省 › 东山市 › 丽水县) scrolls sideways;
// - axe finds no violation on the region's search page (with and without JavaScript) and on a
//   county's page with its region trail;
// - without JavaScript, the region's search page offers a plain form per county: a citizen
//   types a query for one county and lands on that county's search page, which says that
//   search needs JavaScript and links to the county's townships;
// - with JavaScript, the region's search is as before: the county chosen and the words typed
//   open that county's search page with its results.
'use strict';
const { phoneContext, siteContext, open, fitsWidth, assert, main } = require('./lib');

const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const QUERY = '低保';

const PAGES = [
  { name: 'region home', path: 'index.html' },
  { name: 'region city', path: 'cities/dongshan.html' },
  { name: 'region catalog comparison', path: 'guidance/dongjiang-zhifa.html' },
  { name: 'region search', path: 'search.html' },
  { name: 'county home', path: 'lishui/index.html' },
  { name: 'county township', path: 'lishui/tangxi/index.html' },
  { name: 'county item', path: 'lishui/tangxi/TX-XK-001.html' },
  { name: 'county search', path: 'lishui/search.html' },
  { name: 'county guidance', path: 'qingshan/guidance/dongjiang-zhifa.html' },
];


async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  return r.violations.map((v) => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', '));
}

main(async ({ base, browser, check }) => {
  for (const large of [false, true]) {
    const { context, problems, external, page, mode } = await phoneContext(browser, base, large);
    await fitsWidth(check, page, base, PAGES, mode, 360);
    await check(mode + ': a county page shows its region above it, readable and inside the screen', async () => {
      await open(page, base, { path: 'lishui/tangxi/index.html' });
      const trail = await page.evaluate(() => {
        const nav = document.querySelector('.region-trail');
        if (!nav) return null;
        const r = nav.getBoundingClientRect();
        return { text: nav.innerText.replace(/\s+/g, ' '), right: r.right, height: r.height, links: [...nav.querySelectorAll('a')].map((a) => a.href) };
      });
      assert(trail, 'no region trail');
      assert(/东江省.*东山市.*丽水县/.test(trail.text), trail.text);
      assert(trail.right <= 360 && trail.height > 0, JSON.stringify(trail));
      assert(trail.links[0] === base + 'index.html' && trail.links[1] === base + 'cities/dongshan.html', trail.links.join(', '));
    });
    await check(mode + ': no script errors, no request left the site', async () => {
      assert(problems.length === 0, problems.join('\n'));
      assert(external.length === 0, external.join(', '));
    });
    await context.close();
  }

  for (const js of [true, false]) {
    await check('axe ' + (js ? 'with' : 'without') + ' JavaScript: the region search page and a county page with its region', async () => {
      // axe is injected as a script element: this context alone bypasses the pages' CSP.
      const { context } = await siteContext(browser, base, { viewport: { width: 360, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      const found = [];
      for (const path of ['search.html', 'lishui/index.html']) {
        await page.goto(base + path);
        if (!js) {
          // axe needs scripts: the page as a browser without them shows it, <noscript>
          // content in place of what the page's script reveals, every city's forms open.
          await page.evaluate(() => {
            for (const e of document.querySelectorAll('[data-region-search]')) e.hidden = true;
            for (const n of document.querySelectorAll('noscript')) {
              const d = document.createElement('div');
              d.innerHTML = n.textContent;
              n.replaceWith(d);
            }
            for (const d of document.querySelectorAll('details.region-search-city')) d.open = true;
          });
        }
        found.push(...(await axe(page)).map((v) => path + ': ' + v));
      }
      assert(found.length === 0, found.join('\n'));
      await context.close();
    });
  }

  await check('without JavaScript: a query for one county opens that county\'s search page', async () => {
    const { context, external } = await siteContext(browser, base, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(base + 'search.html');
    assert(!(await page.isVisible('form.region-search')), 'the form that needs JavaScript is not shown');
    const text = await page.innerText('main');
    assert(/输入事项、机构或法规名称/.test(text), text.slice(0, 300));
    // The citizen opens their city, types into their county's box and sends it.
    await page.click('details.region-search-city:has-text("东山市") summary');
    assert(await page.isVisible('#q-lishui'), 'the county\'s search box shows once its city is open');
    await page.fill('#q-lishui', QUERY);
    await Promise.all([page.waitForNavigation(), page.click('form.region-county-search:has(#q-lishui) button')]);
    const url = new URL(page.url());
    assert(url.pathname === '/lishui/search.html', page.url());
    assert(url.searchParams.get('q') === QUERY, page.url());
    // The county's search page says what it needs and where else to look: its townships.
    const county = await page.innerText('main');
    assert(/搜索需要启用 JavaScript/.test(county) && /乡镇（街道）/.test(county), county.slice(0, 300));
    await Promise.all([page.waitForNavigation(), page.click('main a:has-text("乡镇（街道）") >> nth=0')]);
    assert(new URL(page.url()).pathname === '/lishui/index.html', page.url());
    assert((await page.innerText('main')).indexOf('塘溪镇') >= 0, 'the county\'s townships');
    assert(external.length === 0, external.join(', '));
    await context.close();
  });

  await check('with JavaScript: the region search opens the chosen county\'s search with results, as before', async () => {
    const { context, problems, external } = await siteContext(browser, base, { viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(base + 'search.html');
    assert(await page.isVisible('form.region-search'), 'the form shows with JavaScript');
    assert(!(await page.isVisible('form.region-county-search')), 'the forms for browsers without JavaScript do not');
    await page.selectOption('#region-county', 'lishui/search.html');
    await page.fill('#region-q', QUERY);
    await Promise.all([page.waitForNavigation(), page.click('form.region-search button[type="submit"]')]);
    assert(new URL(page.url()).pathname === '/lishui/search.html', page.url());
    await page.waitForSelector('#search-results li.result', { timeout: 15000 });
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, external.join(', '));
    await context.close();
  });
});
