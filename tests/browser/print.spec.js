// Printing a township's list for the notice board (公示栏), in Debian's chromium (run by
// tests/website.rs):
//
//   node tests/browser/print.spec.js <built example site> <out dir>
//
// Prints tangxi/index.html to PDF (A4, the page's own @page rules) and reads the PDF's text
// with pdftotext (poppler-utils): the list's title, the body, 文号, 施行日期, the release, the
// items, the address of the page online (under the QR code) and "第 1 页，共 N 页" in the page
// footer must be there; the screen-only parts (navigation, search, service windows) must not.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { siteContext, assert, main } = require('./lib');

main(async ({ base, browser, check, root }) => {
  const out = path.resolve(process.argv[3] || path.join(root, '..'));
  fs.mkdirSync(out, { recursive: true });
  const pdfPath = path.join(out, 'tangxi-print.pdf');
  const { context, external } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + 'tangxi/index.html');
  const facts = await page.evaluate(() => ({
    title: document.querySelector('.print-title').textContent.trim(),
    items: Array.from(document.querySelectorAll('table.items tbody th a')).map((a) => a.textContent.trim()),
    url: document.querySelector('.qr figcaption') ? document.querySelector('.qr figcaption').textContent.replace('扫码查看网页版', '').trim() : null,
  }));

  let text = '';
  await check('the township page prints to PDF', async () => {
    await page.pdf({ path: pdfPath, preferCSSPageSize: true });
    assert(fs.statSync(pdfPath).size > 10000, 'PDF too small');
    text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
    fs.writeFileSync(pdfPath.replace(/\.pdf$/, '.txt'), text);
  });
  // Table cells wrap: compare without white space.
  const flat = () => text.replace(/\s+/g, '');
  const has = (s) => flat().indexOf(s.replace(/\s+/g, '')) >= 0;

  await check('the printout has the title, body, 文号, 施行日期, release and count', async () => {
    // The list's 文号 and 施行日期 as the sources give them, and the newest release.
    const repo = path.join(__dirname, '..', '..');
    const source = fs.readFileSync(path.join(repo, 'content', 'lists', 'tangxi.toml'), 'utf8');
    const documentNo = source.match(/^document = "(.*)"$/m)[1];
    const [y, m, d] = source.match(/^effective = (\d{4})-(\d{2})-(\d{2})$/m).slice(1).map(Number);
    const release = fs.readdirSync(path.join(repo, 'history')).filter((n) => /^\d{4}-\d{2}-\d{2}/.test(n)).sort().pop();
    for (const want of [facts.title, '塘溪镇履行职责事项清单', '实施主体', '塘溪镇', '文号', documentNo, '施行日期', `${y}年${m}月${d}日`, '版本', release, '共583项']) {
      assert(has(want), 'missing ' + want + ' in:\n' + text.slice(0, 600));
    }
  });

  await check('the printout has every item of the list (first 12 characters of each name)', async () => {
    assert(facts.items.length > 100, facts.items.length + ' items on the page');
    const f = flat();
    // A long name wraps inside its cell, and pdftotext interleaves its lines (and sometimes
    // whole rows) with those of the cells beside it: the first 12 characters of each name are
    // on one line.
    const missing = facts.items.filter((name) => f.indexOf(name.replace(/\s+/g, '').slice(0, 12)) < 0);
    assert(missing.length === 0, missing.length + ' items not printed: ' + missing.slice(0, 5).join(', '));
  });

  await check('the printout has page numbers in the footer of every page', async () => {
    const pages = text.split('\f').filter((p) => p.trim());
    assert(pages.length >= 3, pages.length + ' pages');
    pages.forEach((p, i) => {
      assert(p.replace(/\s+/g, '').indexOf('第' + (i + 1) + '页，共' + pages.length + '页') >= 0, 'page ' + (i + 1) + ' has no number: ' + p.slice(-200));
    });
  });

  await check('the printout has the QR code with the page\'s address online', async () => {
    assert(facts.url === 'https://qd.qingshan.example.gov.cn/tangxi/', 'caption: ' + facts.url);
    assert(has(facts.url) && has('扫码查看网页版'), 'address not printed');
    await page.emulateMedia({ media: 'print' });
    const box = await page.evaluate(() => document.querySelector('svg.qr-code').getBoundingClientRect().toJSON());
    // 30 mm; at least 25 mm (94 CSS px) so that phones read it from a notice board.
    assert(box.width >= 94 && Math.abs(box.width - box.height) < 1, 'QR code size ' + JSON.stringify(box));
    await page.emulateMedia({ media: 'screen' });
    assert(!(await page.isVisible('.print-head')), 'the print heading is not shown on screen');
  });

  await check('the printout leaves out what only makes sense on screen', async () => {
    for (const gone of ['跳到正文', '大字版', '在塘溪镇能办什么', '开放数据下载', '搜索事项']) {
      assert(!has(gone), 'printed: ' + gone);
    }
  });

  await check('no request left the site', async () => assert(external.length === 0, external.join(', ')));
  await context.close();
});
