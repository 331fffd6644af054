// Shared by the website specs (a11y, mobile, light, print, nojs, screenshots): a local HTTP
// server for a built site, Debian's chromium through playwright-core, the page types of the
// bundled example (青山县), checks that fail on any request leaving the site, and a tiny
// check/assert runner that prints one line per check and "N passed, M failed".
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8',
};

// One page of every type the theme has, in the bundled example. `ready` (optional) is a
// selector or function that tells when the page's script has finished (search, comparison).
const PAGES = [
  { name: 'home', path: 'index.html' },
  { name: 'township', path: 'tangxi/index.html' },
  { name: 'street', path: 'dongcheng/index.html' },
  { name: 'department', path: 'zhujian/index.html' },
  { name: 'departments', path: 'departments/index.html' },
  { name: 'item', path: 'tangxi/TX-XK-001.html' },
  { name: 'territorial', path: 'territorial/index.html' },
  { name: 'admission', path: 'admission/index.html' },
  { name: 'guidance', path: 'guidance/index.html' },
  { name: 'catalog (coverage)', path: 'guidance/dongjiang-shenpi.html' },
  { name: 'prose page', path: 'pages/about.html' },
  { name: 'data', path: 'data/index.html' },
  { name: 'releases', path: 'releases/index.html' },
  { name: 'release', path: 'releases/2025-10-01/index.html' },
  { name: 'changes', path: 'releases/2025-10-01/changes.html' },
  { name: 'body changes', path: 'releases/2025-10-01/tangxi.html' },
  {
    name: 'compare',
    path: 'releases/compare.html?from=2025-06-30&to=2025-10-01',
    ready: () => /比较完成/.test((document.getElementById('compare-status') || {}).textContent || ''),
  },
  { name: 'search with results', path: 'search.html?q=' + encodeURIComponent('低保'), ready: '#search-results li.result' },
  { name: '404', path: '404.html' },
];

/** Serves `root` on 127.0.0.1 (a free port). `requests` lists every path asked for. */
function serve(root) {
  root = path.resolve(root);
  const requests = [];
  const missing = [];
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (p.endsWith('/')) p += 'index.html';
    requests.push(p);
    const file = path.join(root, p);
    if (!file.startsWith(root)) {
      res.writeHead(403);
      res.end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        if (p !== '/favicon.ico') missing.push(p);
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      // No CSP header: the pages' own <meta> policy is what is tested.
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': data.length });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ base: 'http://127.0.0.1:' + server.address().port + '/', requests, missing, close: () => server.close() });
    });
  });
}

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A browser context in which every request that leaves the site is recorded in `external`
 * and aborted, and every script error, CSP violation and console error in `problems`.
 */
async function siteContext(browser, base, options) {
  const context = await browser.newContext(options || {});
  const external = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  if (!options || options.javaScriptEnabled !== false) {
    // Init scripts come from the browser, not the page: the page's CSP does not apply.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
      });
    });
  }
  context.on('page', (page) => watch(page, problems));
  return { context, external, problems };
}

function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(page.url() + ': script error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(page.url() + ': console: ' + m.text());
  });
}

/** Opens a page type and waits until its script has finished, if it has one. */
async function open(page, base, p) {
  const response = await page.goto(base + p.path);
  if (!response || (response.status() !== 200 && p.name !== '404')) throw new Error(p.path + ': HTTP ' + (response && response.status()));
  if (typeof p.ready === 'string') await page.waitForSelector(p.ready, { timeout: 15000 });
  else if (typeof p.ready === 'function') await page.waitForFunction(p.ready, null, { timeout: 15000 });
  return response;
}

async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

/** The runner: `check(name, fn)` runs one check; `done()` prints the totals and exits. */
function runner() {
  let passed = 0;
  let failed = 0;
  async function check(name, fn) {
    try {
      await fn();
      passed++;
      console.log('ok   ' + name);
    } catch (e) {
      failed++;
      console.log('FAIL ' + name + '\n     ' + String((e && e.stack) || e).split('\n').slice(0, 6).join('\n     '));
    }
  }
  function done() {
    console.log(passed + ' passed, ' + failed + ' failed');
    return failed === 0;
  }
  return { check, done };
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/**
 * Runs `fn({root, base, site, browser, check})` with the site served and a browser launched,
 * closes both, prints the totals and exits non-zero if a check failed.
 */
function main(fn) {
  const root = process.argv[2];
  if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
    console.error('usage: node ' + path.basename(process.argv[1]) + ' <built site dir> [args]');
    process.exit(2);
  }
  (async () => {
    const site = await serve(root);
    const browser = await launch();
    const { check, done } = runner();
    try {
      await fn({ root: path.resolve(root), base: site.base, site, browser, check });
    } finally {
      await browser.close();
      site.close();
    }
    process.exit(done() ? 0 : 1);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { PAGES, serve, launch, siteContext, watch, open, cspViolations, runner, assert, main };
