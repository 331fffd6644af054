// A long list on a phone, in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/lists.spec.js <built site> <page of the largest township> <out dir>
//
// The township with the most items (the example's pilot town has over 500) at 360 px:
// - as loaded, the page leads with what a citizen can get done and keeps the three parts of the
//   list collapsed to their headings and groups, so it is a few screens long;
// - each part and each group opens and closes (a tap on its heading), and a button opens or
//   closes all groups of a part;
// - the filter box of a part narrows it to the items that contain what is typed, says how many,
//   hides the groups without any, and Escape brings everything back as it was;
// - nothing scrolls sideways, axe-core finds no WCAG 2.1 A/AA violation and the readability
//   checks (lib.js) pass with every part open and with a filter active;
// - printed (A4, from the page as loaded, collapsed), it is the official notice: all three
//   tables with every item, their column headers repeated on every page.
// Prints one "SCREENS {json}" line with the page's height in screens and its size.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const { siteContext, readability, assert, main } = require('./lib');

const AXE = require.resolve('axe-core/axe.min.js');
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const PARTS = ['基本履职事项', '配合履职事项', '上级部门收回事项'];

/** How far the page is wider than the viewport. */
function overflow(page) {
  return page.evaluate(() => ({ width: document.documentElement.clientWidth, scroll: document.scrollingElement.scrollWidth }));
}

function openAll(page) {
  return page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
}

/** Rows of a part: how many, how many shown, and the shown rows' texts. */
function rows(page, part) {
  return page.evaluate((id) => {
    const all = [...document.querySelectorAll('#' + id + ' table.items tbody tr')];
    const shown = all.filter((r) => r.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }));
    return { total: all.length, shown: shown.length, texts: shown.map((r) => r.textContent.replace(/\s+/g, '')) };
  }, part);
}

main(async ({ root, base, browser, check }) => {
  const target = process.argv[3];
  const out = path.resolve(process.argv[4] || path.join(root, '..'));
  fs.mkdirSync(out, { recursive: true });
  assert(target && fs.existsSync(path.join(root, target)), 'usage: lists.spec.js <site> <township page> <out dir>');
  const { context, problems, external } = await siteContext(browser, base, PHONE);
  const page = await context.newPage();
  await page.goto(base + target);
  const ids = await page.$$eval('details.part', (ds) => ds.map((d) => d.id));

  await check('the page leads with the service center and keeps the list short', async () => {
    const order = await page.evaluate(() => {
      const service = document.querySelector('section.service');
      const list = document.querySelector('details.part');
      return service && list ? service.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    assert(order, 'what a citizen can get done comes before the list');
    assert(ids.length === 3, 'three parts: ' + ids.join(', '));
    const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
    const items = await page.$$eval('table.items tbody tr', (r) => r.length);
    await openAll(page);
    const opened = await page.evaluate(() => document.scrollingElement.scrollHeight);
    const html = fs.readFileSync(path.join(root, target));
    console.log('SCREENS ' + JSON.stringify({ page: target, items, screens: +(height / 740).toFixed(1), opened: +(opened / 740).toFixed(1), html: html.length, gzip: zlib.gzipSync(html).length }));
    assert(items > 300, 'the largest township has ' + items + ' items');
    assert(height <= 10 * 740, 'as loaded the page is ' + (height / 740).toFixed(1) + ' screens long');
    assert(opened > 3 * height, 'opened, the list is longer: ' + opened + ' px against ' + height);
  });

  await check('each part and each group opens and closes with a tap on its heading', async () => {
    await page.goto(base + target);
    for (const id of ids) {
      const part = page.locator('#' + id);
      const summary = part.locator(':scope > summary');
      const was = await part.evaluate((d) => d.open);
      await summary.tap();
      assert((await part.evaluate((d) => d.open)) === !was, id + ': a tap toggles the part');
      if (!was) await summary.tap();
      await part.evaluate((d) => { d.open = true; });
      const group = part.locator('details.group').first();
      const before = await group.evaluate((d) => d.open);
      await group.locator(':scope > summary').tap();
      assert((await group.evaluate((d) => d.open)) === !before, id + ': a tap toggles a group');
      const visible = await group.evaluate((d) => [...d.querySelectorAll('tbody tr')].some((r) => r.checkVisibility()));
      assert(visible === !before, id + ': the open group shows its items, a closed one hides them');
    }
  });

  await check('a part\'s button opens and closes all its groups', async () => {
    await page.goto(base + target);
    const id = ids[2];
    await page.evaluate((i) => { document.getElementById(i).open = true; }, id);
    const button = page.locator('#' + id + ' .expand-all');
    assert((await button.textContent()) === '全部展开', 'label ' + (await button.textContent()));
    await button.tap();
    const open = await page.$$eval('#' + id + ' details.group', (gs) => gs.filter((g) => g.open).length + '/' + gs.length);
    assert(open.split('/')[0] === open.split('/')[1], 'groups open: ' + open);
    assert((await button.textContent()) === '全部收起' && (await button.getAttribute('aria-expanded')) === 'true', 'the button says it now closes them');
    await button.tap();
    const closed = await page.$$eval('#' + id + ' details.group', (gs) => gs.filter((g) => g.open).length);
    assert(closed === 0, closed + ' groups still open');
  });

  await check('the filter box narrows a part to the items that contain what is typed', async () => {
    await page.goto(base + target);
    const id = ids[2];
    await page.locator('#' + id + ' > summary').tap();
    const all = await rows(page, id);
    // A word from the name of an item in the middle of the part.
    const name = await page.evaluate((i) => {
      const names = [...document.querySelectorAll('#' + i + ' table.items tbody th a')].map((a) => a.textContent.trim());
      return names[Math.floor(names.length / 2)];
    }, id);
    const word = name.slice(0, 4);
    const expected = all.texts.length; // nothing is shown yet: the groups are closed
    assert(expected === 0 && all.total > 100, 'before filtering: ' + JSON.stringify({ total: all.total, shown: all.shown }));
    const matching = await page.evaluate(([i, w]) => [...document.querySelectorAll('#' + i + ' table.items tbody tr')].filter((r) => r.textContent.replace(/\s+/g, '').indexOf(w) >= 0).length, [id, word]);
    const box = page.locator('#' + id + ' .part-filter');
    assert(await box.isVisible(), 'the filter box is shown');
    await box.fill(word);
    const r = await rows(page, id);
    assert(r.shown === matching && r.shown > 0 && r.shown < r.total, 'typed “' + word + '”: ' + r.shown + ' shown, ' + matching + ' match, of ' + r.total);
    assert(r.texts.every((t) => t.indexOf(word) >= 0), 'every shown item contains “' + word + '”');
    const status = await page.textContent('#' + id + ' .filter-status');
    assert(status === '找到 ' + matching + ' 项', 'status: ' + status);
    assert((await page.getAttribute('#' + id + ' .filter-status', 'role')) === 'status', 'the count is announced');
    const groups = await page.$$eval('#' + id + ' details.group', (gs) => gs.map((g) => ({ open: g.open, shown: g.checkVisibility(), rows: [...g.querySelectorAll('tbody tr')].filter((r) => r.checkVisibility()).length })));
    assert(groups.every((g) => (g.rows > 0) === g.shown && (!g.shown || g.open)), 'groups with matches open, the others hidden: ' + JSON.stringify(groups));

    // Nothing matches: none shown, and the status says so.
    await box.fill('没有这样的事项');
    const none = await rows(page, id);
    assert(none.shown === 0, none.shown + ' shown');
    assert(/没有找到/.test(await page.textContent('#' + id + ' .filter-status')), 'the status says nothing was found');

    // Escape: everything back as it was.
    await box.fill(word);
    await box.press('Escape');
    assert((await box.inputValue()) === '', 'Escape clears the box');
    const back = await rows(page, id);
    const closed = await page.$$eval('#' + id + ' details.group', (gs) => gs.every((g) => !g.open && !g.classList.contains('filtered-out')));
    assert(back.shown === 0 && closed, 'the groups are closed and shown again: ' + back.shown + ' rows shown');
    assert((await page.textContent('#' + id + ' .filter-status')) === '', 'the status is empty');
  });

  for (const mode of ['every part open', 'a filter active']) {
    await check(mode + ': nothing scrolls sideways and the text is readable', async () => {
      await page.goto(base + target);
      if (mode === 'every part open') await openAll(page);
      else {
        await page.evaluate((i) => { document.getElementById(i).open = true; }, ids[0]);
        await page.locator('#' + ids[0] + ' .part-filter').fill('村');
      }
      const o = await overflow(page);
      assert(o.scroll <= o.width, 'the page is ' + o.scroll + ' px wide at ' + o.width);
      const r = await readability(page, { minEm: 4 });
      const say = (xs) => xs.slice(0, 3).map((x) => JSON.stringify(x)).join('; ');
      assert(r.narrow.length === 0, 'text wraps in narrow blocks: ' + say(r.narrow));
      assert(r.broken.length === 0, 'broken tokens: ' + say(r.broken));
      assert(r.ratio <= 7, '<main> is ' + r.ratio + ' times what its text needs');
    });
  }

  await check('axe finds no violation with every part open and with a filter active', async () => {
    const { context: axed } = await siteContext(browser, base, Object.assign({ bypassCSP: true }, PHONE));
    const p = await axed.newPage();
    await p.goto(base + target);
    const run = async () => {
      await p.addScriptTag({ path: AXE });
      return p.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }));
    };
    const collapsed = await run();
    await openAll(p);
    const open = await run();
    await p.locator('#' + ids[1] + ' .part-filter').fill('配合');
    const filtered = await run();
    await axed.close();
    const all = [...collapsed.violations, ...open.violations, ...filtered.violations];
    assert(all.length === 0, all.map((v) => v.id + ': ' + v.help + ' ' + v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')).join('\n     '));
  });

  await check('printed from the page as loaded, it is the notice: all three tables, every item, headers on every page', async () => {
    const { context: printing } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
    const p = await printing.newPage();
    await p.goto(base + target);
    const names = await p.$$eval('table.items tbody th a', (as) => as.map((a) => a.textContent.replace(/\s+/g, '')));
    const pdf = path.join(out, path.dirname(target) + '-print.pdf');
    await p.pdf({ path: pdf, preferCSSPageSize: true });
    await printing.close();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    fs.writeFileSync(pdf.replace(/\.pdf$/, '.txt'), text);
    const flat = text.replace(/\s+/g, '');
    for (const part of PARTS) assert(flat.indexOf(part) >= 0, 'the printout lacks the table ' + part);
    const missing = names.filter((n) => flat.indexOf(n.slice(0, 12)) < 0);
    assert(missing.length === 0, missing.length + ' of ' + names.length + ' items not printed: ' + missing.slice(0, 5).join(', '));
    assert(flat.indexOf('在基本履职事项中查找') < 0 && flat.indexOf('全部展开') < 0, 'the filter and its button are not printed');
    const pages = text.split('\f').filter((x) => x.trim());
    assert(pages.length > 10, pages.length + ' pages');
    const bare = pages.map((x, i) => [i + 1, x.replace(/\s+/g, '')]).filter(([i, x]) => i > 1 && !(x.indexOf('序号') >= 0 && x.indexOf('事项名称') >= 0));
    assert(bare.length === 0, 'pages without the column headers: ' + bare.map(([i]) => i).join(', '));
  });

  await check('no script errors, no request left the site', async () => {
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, external.join(', '));
  });
  await context.close();
});
