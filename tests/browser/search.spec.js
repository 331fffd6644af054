// End-to-end test of the search page in Debian's chromium, driven by playwright-core.
// Run by tests/search.rs (cargo test) on a freshly built example site:
//
//   node tests/browser/search.spec.js <built site dir>
//
// Serves the site from a local HTTP server (127.0.0.1, with `script-src 'self'` as the
// Content-Security-Policy), types queries as a citizen would, checks results, facets,
// highlighting, shareable URLs, following a result and the page without JavaScript.
// Prints one line per check, a `METRICS {...}` line (bytes of a cold query, query time) and
// "N passed, M failed"; exits non-zero on failure.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');
const { runner, assert } = require('./lib');

const root = path.resolve(process.argv[2] || 'public');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/xml' };

let served = []; // [path, bytes] since the last reset
const missing = []; // paths answered 404 (but /favicon.ico, which the site does not have)
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, p);
  if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, data) => {
    if (err) {
      if (p !== '/favicon.ico') missing.push(p);
      res.writeHead(404);
      res.end('not found');
      return;
    }
    served.push([p, data.length]);
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': data.length,
      'Content-Security-Policy': "script-src 'self'",
      'Cache-Control': 'no-store',
    });
    res.end(data);
  });
});

const { check, done } = runner();

async function titles(page) {
  return page.$$eval('#search-results li.result h2', (hs) => hs.map((h) => h.textContent.trim()));
}

/** Types into the search page's box and waits until the results are those of the new query. */
async function search(page, q) {
  await page.fill('#search-q', q);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction((q) => {
    const s = document.getElementById('search-status');
    return s && s.textContent.indexOf('“' + q + '”') >= 0 && (document.querySelector('#search-results li') || s.textContent.indexOf('没有找到') >= 0);
  }, q, { timeout: 10000 });
  await page.waitForTimeout(50);
}

(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = 'http://127.0.0.1:' + server.address().port + '/';
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const metrics = {};
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().indexOf('Failed to load resource') < 0) problems.push('console: ' + m.text());
    });

    await check('the search box on the home page leads to results with ?q=', async () => {
      await page.goto(base + 'index.html');
      await page.fill('#site-q', '低保');
      served = [];
      await Promise.all([page.waitForURL(/search\.html\?q=/), page.press('#site-q', 'Enter')]);
      await page.waitForSelector('#search-results li.result');
      const t = await titles(page);
      assert(t.slice(0, 5).some((x) => x === '最低生活保障审核确认'), 'top results: ' + t.join(' | '));
      assert(decodeURIComponent(page.url()).indexOf('q=低保') >= 0, page.url());
      await page.waitForTimeout(300);
      metrics.coldQueryBytes = served.filter(([p]) => p !== '/index.html' && p.indexOf('/static/') !== 0).reduce((s, [, n]) => s + n, 0);
      metrics.coldQueryFiles = served.filter(([p]) => p !== '/index.html' && p.indexOf('/static/') !== 0).map(([p, n]) => p + ' ' + n);
    });

    await check('matched characters are highlighted', async () => {
      const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
      assert(marks.indexOf('低保') >= 0, 'marks: ' + marks.join(','));
    });

    await check('results say what they are, where to go and whom to call', async () => {
      const first = await page.$eval('#search-results li.result', (li) => li.textContent);
      assert(/权责事项/.test(first), first);
      assert(/到哪里办：.*便民服务中心/.test(first) && /电话/.test(first), first);
    });

    await check('facets show counts for township, type, part and department', async () => {
      const legends = await page.$$eval('#search-facets legend', (ls) => ls.map((l) => l.textContent));
      for (const want of ['乡镇（街道）及部门', '权力类型', '清单部分', '相关县直部门']) {
        assert(legends.indexOf(want) >= 0, 'facets: ' + legends.join(', '));
      }
      const label = await page.$eval('label[for^="f-body-"]', (l) => l.textContent);
      assert(/\(\d+\)/.test(label), label);
    });

    await check('a facet filters the results and goes into the URL', async () => {
      const box = await page.$('input[data-facet="body"][data-value="tangxi"]');
      assert(box, 'no 塘溪镇 facet');
      const label = await page.$eval('label[for="' + (await box.getAttribute('id')) + '"]', (l) => l.textContent);
      const expected = Number(/\((\d+)\)/.exec(label)[1]);
      await page.click('label[for="' + (await box.getAttribute('id')) + '"]');
      await page.waitForFunction(() => location.search.indexOf('body=tangxi') >= 0);
      await page.waitForTimeout(200);
      const status = await page.textContent('#search-status');
      assert(status.indexOf('筛选后 ' + expected + ' 条') >= 0, status + ' / expected ' + expected);
      const bodies = await page.$$eval('#search-results .result-body', (ps) => ps.map((p) => p.textContent));
      assert(bodies.length > 0 && bodies.every((b) => b.indexOf('塘溪镇') >= 0 || b.indexOf('青山县') >= 0), bodies.join(' | '));
    });

    await check('the chosen township is remembered for the next query and can be cleared', async () => {
      await search(page, '宅基地');
      await page.waitForSelector('#search-remembered:not([hidden])');
      assert(page.url().indexOf('body=tangxi') >= 0, page.url());
      const bar = await page.textContent('#search-remembered');
      assert(bar.indexOf('塘溪镇') >= 0 && bar.indexOf('清除') >= 0, bar);
      const bodies = await page.$$eval('#search-results .result-body', (ps) => ps.map((p) => p.textContent));
      assert(bodies.length > 0 && bodies.every((b) => b.indexOf('塘溪镇') >= 0), bodies.join(' | '));
      await page.click('#search-remembered button');
      await page.waitForFunction(() => location.search.indexOf('body=') < 0 && document.getElementById('search-remembered').hidden);
      await search(page, '低保');
      assert(page.url().indexOf('body=') < 0, 'cleared, not remembered: ' + page.url());
    });

    await check('traditional characters fold to simplified (婚姻登記)', async () => {
      await search(page, '婚姻登記');
      const t = await titles(page);
      assert(t[0] === '社会事务科', t.join(' | '));
      assert(decodeURIComponent(page.url()).indexOf('q=婚姻登記') >= 0 && page.url().indexOf('body=') < 0, page.url());
    });

    await check('pinyin and initials work (dibao, zjd, jgjs)', async () => {
      for (const [q, want] of [['dibao', '最低生活保障审核确认'], ['zjd', '农村村民宅基地审批'], ['jgjs', '秸秆禁烧']]) {
        await search(page, q);
        const t = await titles(page);
        assert(t.slice(0, 5).indexOf(want) >= 0, q + ': ' + t.join(' | '));
      }
    });

    await check('one-character queries find results (秸)', async () => {
      await search(page, '秸');
      const t = await titles(page);
      assert(t.some((x) => x.indexOf('秸') >= 0), t.join(' | '));
    });

    await check('query time after the shards are loaded is under 30 ms', async () => {
      await search(page, '宅基地审批');
      const ms = await page.evaluate(() => new Promise((resolve) => {
        const engine = window.qingdanSearchApp.engine, runs = 20, t0 = performance.now();
        let left = runs;
        for (let i = 0; i < runs; i++) engine.search('宅基地审批', () => { if (--left === 0) resolve((performance.now() - t0) / runs); });
      }));
      metrics.warmQueryMs = Number(ms.toFixed(3));
      assert(ms < 30, ms + ' ms');
    });

    await check('a result can be followed to its page', async () => {
      await search(page, '宅基地');
      const link = await page.$('#search-results li.result h2 a');
      const title = (await link.textContent()).trim();
      await Promise.all([page.waitForNavigation(), link.click()]);
      const h1 = (await page.textContent('h1')).trim();
      assert(h1 === title, h1 + ' != ' + title);
      await page.goBack();
      await page.waitForSelector('#search-results li.result');
      assert((await page.inputValue('#search-q')) === '宅基地', 'query restored');
    });

    await check('a shared link shows the same results', async () => {
      const p2 = await context.newPage();
      await p2.goto(base + 'search.html?q=' + encodeURIComponent('高龄津贴'));
      await p2.waitForSelector('#search-results li.result');
      const t = await titles(p2);
      assert(t[0] === '高龄津贴发放', t.join(' | '));
      await p2.goto(base + 'search.html?q=' + encodeURIComponent('鼗鼙'));
      await p2.waitForFunction(() => document.getElementById('search-status').textContent.indexOf('没有找到') >= 0);
      await p2.close();
    });

    await check('a typo still finds the item, with "did you mean" (宅鸡地)', async () => {
      await search(page, '宅鸡地');
      await page.waitForSelector('#search-suggest');
      const status = await page.textContent('#search-status');
      assert(status.indexOf('读音相近') >= 0 && status.indexOf('您是不是要找') >= 0, status);
      const t = await titles(page);
      assert(t.slice(0, 5).indexOf('农村村民宅基地审批') >= 0, t.join(' | '));
      const suggested = (await page.textContent('#search-suggest')).trim();
      await page.click('#search-suggest');
      await page.waitForFunction((q) => document.getElementById('search-q').value === q && document.getElementById('search-status').textContent.indexOf('“' + q + '”：找到') >= 0 && document.querySelector('#search-results li.result h2'), suggested);
      const after = await titles(page);
      assert(after[0] === suggested, 'the suggestion "' + suggested + '" is the first result: ' + after.join(' | '));
    });

    await check('an exact code ranks its own item first (TX-XK-002)', async () => {
      await search(page, 'TX-XK-002');
      const href = await page.$eval('#search-results li.result h2 a', (a) => a.getAttribute('href'));
      assert(/TX-XK-002\.html$/.test(href), href);
    });

    await check('on a phone the township filter comes before the results', async () => {
      const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const p4 = await phone.newPage();
      await p4.goto(base + 'search.html?q=' + encodeURIComponent('低保'));
      await p4.waitForSelector('#search-results li.result');
      await p4.waitForSelector('.facet-body');
      const y = await p4.evaluate(() => ({
        township: document.querySelector('.facet-body').getBoundingClientRect().top,
        results: document.querySelector('#search-results').getBoundingClientRect().top,
        other: document.querySelector('.facet-kind').getBoundingClientRect().top,
      }));
      assert(y.township < y.results && y.results < y.other, JSON.stringify(y));
      await phone.close();
    });

    await check('no script errors, no CSP violations, no missing files', async () => {
      assert(problems.length === 0, problems.join('\n'));
      assert(missing.length === 0, 'missing: ' + missing.join(', '));
    });

    await check('without JavaScript the page says so and the box still reaches it', async () => {
      const noJs = await browser.newContext({ javaScriptEnabled: false });
      const p3 = await noJs.newPage();
      await p3.goto(base + 'index.html');
      await p3.fill('#site-q', '低保');
      await Promise.all([p3.waitForURL(/search\.html\?q=/), p3.press('#site-q', 'Enter')]);
      const text = await p3.textContent('main');
      assert(text.indexOf('搜索需要启用 JavaScript') >= 0, text.slice(0, 200));
      await noJs.close();
    });
  } finally {
    await browser.close();
    server.close();
  }
  console.log('METRICS ' + JSON.stringify(metrics));
  process.exit(done() ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
