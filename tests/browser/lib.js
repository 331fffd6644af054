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
  { name: 'notice (一次性告知单)', path: 'tangxi/notice/TX-XK-002.html' },
  { name: 'events (一件事)', path: 'events/index.html' },
  { name: 'event', path: 'events/shengyu.html' },
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

/**
 * How readable the page is as laid out now, measured in the browser on every text node:
 *
 * - `narrow`: text blocks (table cells, paragraphs, list items, …) whose text wraps although
 *   they are narrower than `minEm` times their font size (4: four CJK characters; "XLSX" is
 *   about 2.5). A narrow column that holds its text on one line is fine.
 * - `broken`: words and short technical tokens broken across lines although they would fit
 *   on one: a soft line break between two letters or digits (or inside "0576-88600000",
 *   "list-csv.json"), or inside an element that must stay whole (`<time>`, `<code>`, a phone
 *   link, a download link, `.nowrap`). Forced breaks (`<br>`, newlines under `pre-line`) and
 *   tokens longer than their line are not counted.
 * - `ratio`: the height of `<main>` over the height its text would need if it filled the width
 *   of `<main>` line after line (the sum of each text fragment's width times its line height,
 *   over that width). A table that wraps a character per line makes this large.
 *
 * Returns { height (of the page), mainHeight, ideal, ratio, narrowest: {em, text, where} | null,
 * narrow, broken }, where `narrowest` is the narrowest block in which text wraps.
 */
function readability(page, options) {
  return page.evaluate((o) => {
    const minEm = o.minEm || 4;
    const WHOLE = 'time, code, a[href^="tel:"], a[download], .nowrap';
    const WORD = /[A-Za-z0-9]/;
    const JOIN = /[-_.:/@%+~#=&?]/;
    const SPACE = /\s/;
    const TOKEN = /[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
    const style = (e) => getComputedStyle(e);
    const invisible = (e) => {
      for (; e && e !== document.documentElement; e = e.parentElement) {
        const s = style(e);
        if ((s.clip && s.clip !== 'auto') || s.visibility === 'hidden') return true;
      }
      return false;
    };
    const blockOf = (e) => {
      while (e && e !== document.body && /^(inline|contents)$/.test(style(e).display)) e = e.parentElement;
      return e || document.body;
    };
    const contentWidth = (b) => b.clientWidth - parseFloat(style(b).paddingLeft) - parseFloat(style(b).paddingRight);
    const where = (e) => {
      const path = [];
      for (let x = e; x && x !== document.body && path.length < 4; x = x.parentElement) {
        path.unshift(x.tagName.toLowerCase() + (x.id ? '#' + x.id : '') + (typeof x.className === 'string' && x.className ? '.' + x.className.trim().split(/\s+/).join('.') : ''));
      }
      return path.join(' > ');
    };
    const snippet = (s) => s.replace(/\s+/g, ' ').trim().slice(0, 30);
    /** Line boxes of a list of rects: the number of distinct lines they sit on. */
    const lineCount = (rects) => {
      const lines = [];
      for (const r of rects) {
        const mid = r.top + r.height / 2;
        if (!lines.some((l) => mid > l.top && mid < l.bottom)) lines.push({ top: r.top, bottom: r.bottom });
      }
      return lines.length;
    };
    const mainEl = document.querySelector('main') || document.body;
    const inMain = (e) => mainEl.contains(e);
    const range = document.createRange();
    const rectsOf = (node, start, end) => {
      range.setStart(node, start);
      range.setEnd(node, end);
      return Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    };

    const narrow = [];
    const broken = [];
    const narrowBlocks = new Set();
    let narrowest = null;
    let area = 0;
    const noteWrap = (block, fontSize, text) => {
      const em = contentWidth(block) / fontSize;
      if (!narrowest || em < narrowest.em) narrowest = { em: Math.round(em * 10) / 10, text: snippet(text), where: where(block) };
      if (em < minEm && !narrowBlocks.has(block)) {
        narrowBlocks.add(block);
        narrow.push({ em: Math.round(em * 10) / 10, text: snippet(block.textContent), where: where(block) });
      }
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      const parent = node.parentElement;
      if (!text.trim() || !parent || parent.closest('script, style, noscript, select, textarea, svg')) continue;
      const all = rectsOf(node, 0, text.length);
      if (!all.length || all.every((r) => r.right <= 0) || invisible(parent)) continue;
      const ps = style(parent);
      const fontSize = parseFloat(ps.fontSize);
      const lineHeight = ps.lineHeight === 'normal' ? 1.2 * fontSize : parseFloat(ps.lineHeight);
      if (inMain(parent)) for (const r of all) area += r.width * lineHeight;
      if (lineCount(all) < 2) continue;
      // Walk the characters: a character lower than the one before starts a new line.
      const preserved = /^(pre|pre-wrap|pre-line|break-spaces)$/.test(ps.whiteSpace);
      const block = blockOf(parent);
      let prev = null;
      let forced = false;
      for (let i = 0; i < text.length; ) {
        const end = i + (/[\ud800-\udbff]/.test(text[i]) && i + 1 < text.length ? 2 : 1);
        const ch = text.slice(i, end);
        if (SPACE.test(ch)) {
          if (ch === '\n' && preserved) forced = true;
          i = end;
          continue;
        }
        const r = rectsOf(node, i, end)[0];
        if (r) {
          if (prev && r.top > prev.top + prev.height / 2 && !forced) {
            noteWrap(block, fontSize, text);
            const a = text[i - 1];
            const spaced = prev.end !== i;
            if (!spaced && (WORD.test(a) || JOIN.test(a)) && (WORD.test(ch) || JOIN.test(ch)) && (WORD.test(a) || WORD.test(ch))) {
              // The whole token around the break: does it fit on one line of this block?
              let s = prev.start;
              while (s > 0 && TOKEN.test(text[s - 1])) s--;
              let e = end;
              while (e < text.length && TOKEN.test(text[e])) e++;
              const width = rectsOf(node, s, e).reduce((sum, x) => sum + x.width, 0);
              if (width <= contentWidth(block) + 1) broken.push({ token: text.slice(s, e), where: where(parent) });
            }
          }
          prev = { top: r.top, height: r.height, start: i, end };
          forced = false;
        }
        i = end;
      }
    }
    // Elements that must stay whole (a date, a phone number, a download link), whatever
    // text nodes they are made of.
    for (const e of document.querySelectorAll('main ' + WHOLE.split(', ').join(', main '))) {
      if (invisible(e)) continue;
      const rects = Array.from(e.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (lineCount(rects) < 2) continue;
      const width = rects.reduce((sum, x) => sum + x.width, 0);
      if (width <= contentWidth(blockOf(e.parentElement)) + 1) broken.push({ token: snippet(e.textContent), where: where(e) });
    }
    const height = document.scrollingElement.scrollHeight;
    const mainHeight = mainEl.getBoundingClientRect().height;
    const ideal = area / contentWidth(mainEl);
    return { height, mainHeight: Math.round(mainHeight), ideal: Math.round(ideal), ratio: Math.round((mainHeight / ideal) * 100) / 100, narrowest, narrow, broken };
  }, options || {});
}

/** A phone's context (360 px, touch), with 大字版 switched on when `large`: its page, the problems
 * and external requests it records (`siteContext`), and the mode's name for check titles. */
async function phoneContext(browser, base, large) {
  const { context, problems, external } = await siteContext(browser, base, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  if (large) await context.addInitScript(() => { try { window.localStorage.setItem('qingdan-large-text', '1'); } catch (e) { /* about:blank */ } });
  const page = await context.newPage();
  return { context, problems, external, page, mode: large ? '360 px, 大字版' : '360 px' };
}

/** The page's width and how wide its content is; past the width, the elements that stick out
 * (tables scroll inside their own wrapper and do not count). */
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scroll = document.scrollingElement.scrollWidth;
    const culprits = [];
    if (scroll > width) {
      for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.right > width + 1 && !e.closest('.table-wrap')) culprits.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ' right=' + Math.round(r.right));
      }
    }
    return { width, scroll, culprits: culprits.slice(0, 5) };
  });
}

/** One check per page: at `width` px (`mode` names it) the page does not scroll sideways. */
async function fitsWidth(check, page, base, pages, mode, width) {
  for (const p of pages) {
    await check(mode + ': ' + p.name + ' does not scroll sideways', async () => {
      await open(page, base, p);
      const o = await overflow(page);
      assert(o.width === width, 'viewport width ' + o.width);
      assert(o.scroll <= o.width, 'page is ' + o.scroll + ' px wide: ' + o.culprits.join(', '));
    });
  }
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

module.exports = { PAGES, serve, launch, siteContext, watch, open, cspViolations, readability, runner, overflow, fitsWidth, phoneContext, assert, main };
