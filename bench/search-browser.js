// Browser half of bench/search.sh: bytes a cold query fetches and query time once loaded, in
// Debian's chromium, for qingdan's search page and for Pagefind on the same built site.
//
//   node bench/search-browser.js <built site dir> <query>...
//
// The site is served from 127.0.0.1 by a small HTTP server that counts the bytes of every
// response. For Pagefind the site must already hold its index (`pagefind/`). Prints one JSON
// object on stdout.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require(path.join(__dirname, '../tests/browser/node_modules/playwright-core'));

const root = path.resolve(process.argv[2]);
const queries = process.argv.slice(3);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

let served = [];
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(root, p);
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    served.push([p, data.length]);
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
    res.end(data);
  });
});

const PF_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
window.pf = import('./pagefind/pagefind.js').then(async (pf) => { await pf.init(); return pf; });
window.pfQuery = async (q, n) => {
  const pf = await window.pf;
  const t0 = performance.now();
  const r = await pf.search(q);
  const t1 = performance.now();
  const data = await Promise.all(r.results.slice(0, n).map((x) => x.data()));
  return { hits: r.results.length, ms: t1 - t0, titles: data.map((d) => d.meta && d.meta.title) };
};
</script></html>`;

const sum = (list) => list.reduce((s, [, n]) => s + n, 0);

(async () => {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = 'http://127.0.0.1:' + server.address().port + '/';
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const result = { qingdan: {}, pagefind: {} };
  try {
    for (const q of queries) {
      // qingdan: a fresh context is a cold cache; load the search page with ?q= as a shared link would.
      let ctx = await browser.newContext();
      let page = await ctx.newPage();
      served = [];
      await page.goto(base + 'search.html?q=' + encodeURIComponent(q));
      await page.waitForFunction(() => {
        const s = document.getElementById('search-status');
        return s && /找到|没有找到/.test(s.textContent);
      }, null, { timeout: 60000 });
      await page.waitForTimeout(500); // result records of the first page
      const files = served.slice();
      const ms = await page.evaluate((q) => new Promise((resolve) => {
        const engine = window.qingdanSearchApp.engine, runs = 20;
        let left = runs;
        const t0 = performance.now();
        for (let i = 0; i < runs; i++) engine.search(q, () => { if (--left === 0) resolve((performance.now() - t0) / runs); });
      }), q);
      const hits = await page.evaluate(() => window.qingdanSearchApp.result.hits.length);
      result.qingdan[q] = {
        bytes: sum(files),
        runtimeBytes: sum(files.filter(([p]) => /search\.html|\.css$|\.js$/.test(p))),
        indexBytes: sum(files.filter(([p]) => p.startsWith('/search/'))),
        requests: files.length,
        warmQueryMs: Number(ms.toFixed(3)),
        hits,
      };
      await ctx.close();

      if (fs.existsSync(path.join(root, 'pagefind', 'pagefind.js'))) {
        fs.writeFileSync(path.join(root, 'pf-bench.html'), PF_PAGE);
        ctx = await browser.newContext();
        page = await ctx.newPage();
        served = [];
        await page.goto(base + 'pf-bench.html');
        const first = await page.evaluate((q) => window.pfQuery(q, 10), q);
        await page.waitForTimeout(300);
        const pfFiles = served.slice();
        const again = await page.evaluate(async (q) => {
          let total = 0;
          for (let i = 0; i < 20; i++) total += (await window.pfQuery(q, 0)).ms;
          return total / 20;
        }, q);
        result.pagefind[q] = {
          bytes: sum(pfFiles),
          runtimeBytes: sum(pfFiles.filter(([p]) => /pf-bench\.html|\.js$|\.wasm|\.pf_meta|pagefind-entry/.test(p))),
          indexBytes: sum(pfFiles.filter(([p]) => /\.pf_index|\.pf_filter/.test(p))),
          fragmentBytes: sum(pfFiles.filter(([p]) => /\.pf_fragment/.test(p))),
          requests: pfFiles.length,
          warmQueryMs: Number(again.toFixed(3)),
          hits: first.hits,
        };
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
