// Accessibility of the website in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/a11y.spec.js <built example site>
//
// - axe-core (WCAG 2.0/2.1 A and AA rules) finds no violation on any page type, at 1280 px
//   and at 360 px, in standard and in large text (大字版);
// - keyboard only: the first Tab reaches the skip link, which moves focus to <main>; focus is
//   always visible; the item tables, the 大字版 button and the search box are reachable;
// - 大字版 is a real button, persists across pages (localStorage) and can be turned off.
'use strict';
const { PAGES, siteContext, open, assert, main } = require('./lib');

const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
}

function describe(violations) {
  return violations
    .map((v) => v.id + ' (' + v.impact + '): ' + v.help + '\n       ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)).join('\n       '))
    .join('\n     ');
}

/** What has focus: tag, id, class, text, whether it is inside <main> or a table, its focus ring. */
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    return {
      tag: e.tagName.toLowerCase(),
      id: e.id,
      cls: e.className && String(e.className),
      text: (e.textContent || '').trim().slice(0, 40),
      inMain: !!e.closest('main'),
      inTable: !!e.closest('table'),
      // A <summary> of a closed group of a list: Enter opens it.
      closedGroup: e.tagName === 'SUMMARY' && e.parentElement.classList.contains('group') && !e.parentElement.open,
      ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none'),
    };
  });
}

main(async ({ base, browser, check }) => {
  const totals = { pages: 0, violations: 0 };

  for (const [label, viewport, large] of [['1280 px', { width: 1280, height: 900 }, false], ['360 px', { width: 360, height: 740 }, false], ['360 px, 大字版', { width: 360, height: 740 }, true]]) {
    // axe is injected as a script element: this context alone bypasses the pages' CSP.
    const { context, external } = await siteContext(browser, base, { viewport, bypassCSP: true });
    if (large) await context.addInitScript(() => { try { window.localStorage.setItem('qingdan-large-text', '1'); } catch (e) { /* about:blank */ } });
    const page = await context.newPage();
    for (const p of PAGES) {
      await check('axe ' + label + ': ' + p.name + ' (' + p.path + ')', async () => {
        await open(page, base, p);
        if (large) assert(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'large text not applied');
        const r = await axe(page);
        totals.pages++;
        totals.violations += r.violations.length;
        assert(r.violations.length === 0, r.violations.length + ' violations:\n     ' + describe(r.violations));
      });
    }
    await check('axe ' + label + ': no request left the site', async () => assert(external.length === 0, external.join(', ')));
    await context.close();
  }
  console.log('AXE ' + JSON.stringify(totals));

  const { context, problems, external } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await check('keyboard: the first Tab reaches the skip link, with a visible focus ring', async () => {
    await open(page, base, { name: 'township', path: 'tangxi/index.html' });
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert(f && f.tag === 'a' && /skip-link/.test(f.cls) && f.text === '跳到正文', 'first focus: ' + JSON.stringify(f));
    assert(f.ring, 'no visible focus ring on the skip link');
    const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
    assert(box.left >= 0 && box.top >= 0 && box.width > 10, 'the focused skip link is on screen: ' + JSON.stringify(box));
  });

  await check('keyboard: the skip link moves focus to <main>, and Tab goes on inside it', async () => {
    await page.keyboard.press('Enter');
    const f = await focused(page);
    assert(f && f.tag === 'main' && f.id === 'main', 'after Enter: ' + JSON.stringify(f));
    await page.keyboard.press('Tab');
    const g = await focused(page);
    assert(g && g.inMain, 'next focus is outside main: ' + JSON.stringify(g));
  });

  await check('keyboard: every focus stop shows a focus ring, the list\'s groups open with Enter, and the item tables are reached', async () => {
    await page.goto(base + 'tangxi/index.html');
    let inTable = null;
    let opened = 0;
    const seen = [];
    for (let i = 0; i < 120 && !inTable; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      assert(f, 'focus lost after ' + i + ' Tabs: ' + seen.slice(-5).join(' | '));
      seen.push(f.tag + (f.id ? '#' + f.id : '') + ' ' + f.text);
      assert(f.ring, 'no visible focus ring on ' + JSON.stringify(f));
      if (f.inTable) inTable = f;
      if (f.closedGroup) {
        await page.keyboard.press('Enter');
        assert(await page.evaluate(() => document.activeElement.parentElement.open), 'Enter on a group\'s summary did not open it');
        opened++;
      }
    }
    assert(opened > 0, 'no closed group of the list was met: ' + seen.slice(-10).join(' | '));
    assert(inTable, 'no table reached in 120 Tabs: ' + seen.slice(-10).join(' | '));
    // Enter follows the focused item link.
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert(/tangxi\/[A-Z]+-[A-Z]+-\d+\.html$/.test(page.url()), 'Enter on an item link opens the item: ' + page.url());
  });

  await check('keyboard: the 大字版 button is reachable and works with Enter and Space', async () => {
    await page.goto(base + 'index.html');
    let f = null;
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      if (f && f.tag === 'button' && /text-size/.test(f.cls)) break;
    }
    assert(f && /text-size/.test(f.cls), 'the 大字版 button is not among the first Tab stops: ' + JSON.stringify(f));
    await page.keyboard.press('Enter');
    assert(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'Enter did not turn 大字版 on');
    await page.keyboard.press('Space');
    assert(!(await page.evaluate(() => document.documentElement.classList.contains('large-text'))), 'Space did not turn 大字版 off');
  });

  await check('大字版: the button is labelled, pressed state is announced, text gets larger', async () => {
    await page.goto(base + 'index.html');
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize));
    const button = page.locator('button.text-size');
    assert((await button.textContent()).trim() === '大字版', 'label: ' + (await button.textContent()));
    assert((await button.getAttribute('aria-pressed')) === 'false', 'aria-pressed before');
    await button.click();
    assert((await button.getAttribute('aria-pressed')) === 'true', 'aria-pressed after');
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize));
    assert(after >= before * 1.3, 'text ' + before + ' px → ' + after + ' px');
  });

  await check('大字版 persists across pages and visits, and turns off again', async () => {
    // Still on from the previous check: follow a link to another page.
    await Promise.all([page.waitForNavigation(), page.click('a[href="tangxi/index.html"]')]);
    const state = () => page.evaluate(() => ({
      cls: document.documentElement.classList.contains('large-text'),
      pressed: document.querySelector('button.text-size').getAttribute('aria-pressed'),
      size: getComputedStyle(document.documentElement).fontSize,
    }));
    let s = await state();
    assert(s.cls && s.pressed === 'true' && s.size === '24px', 'after navigation: ' + JSON.stringify(s));
    const second = await context.newPage();
    await second.goto(base + 'search.html');
    assert(await second.evaluate(() => document.documentElement.classList.contains('large-text')), 'a new tab keeps 大字版');
    await second.close();
    await page.click('button.text-size');
    await page.goto(base + 'index.html');
    s = await state();
    assert(!s.cls && s.pressed === 'false' && s.size === '17px', 'after turning off: ' + JSON.stringify(s));
  });

  await check('大字版 is applied before the page is first drawn (no jump)', async () => {
    await page.click('button.text-size');
    // Sample the class at the first moment the body exists, from a script in the browser.
    await context.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (!window.__firstState) window.__firstState = document.documentElement.className;
      }, { once: true });
      const obs = new MutationObserver(() => {
        if (document.body) {
          window.__atBody = document.documentElement.classList.contains('large-text');
          obs.disconnect();
        }
      });
      obs.observe(document, { childList: true, subtree: true });
    });
    const p2 = await context.newPage();
    await p2.goto(base + 'departments/index.html');
    assert((await p2.evaluate(() => window.__atBody)) === true, 'large-text was not set when <body> appeared');
    await p2.close();
    await page.click('button.text-size');
  });

  await check('no script errors, no CSP violations, no request left the site', async () => {
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, external.join(', '));
  });
  await context.close();
});
