// A light site, in Debian's chromium (run by tests/website.rs):
//
//   node tests/browser/light.spec.js <built example site>
//
// - every page type loads at most one style sheet and one script, no font, and nothing from
//   outside the site (requests are intercepted; any external one fails the check);
// - the pages' Content-Security-Policy (a <meta>, no inline script or style allowed) is in
//   force: an injected inline script does not run, and search, the comparison of releases and
//   大字版 work under it without a single violation.
'use strict';
const { PAGES, siteContext, open, cspViolations, assert, main } = require('./lib');

main(async ({ base, browser, check }) => {
  const { context, problems, external } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));

  for (const p of PAGES) {
    await check(p.name + ': one style sheet, one script, no font, no CSP violation', async () => {
      requests = [];
      await open(page, base, p);
      const count = (type) => requests.filter((r) => r.type === type).map((r) => r.url.replace(base, ''));
      const css = count('stylesheet');
      const js = count('script');
      assert(css.length === 1 && css[0] === 'static/style.css', 'style sheets: ' + css.join(', '));
      assert(js.length === 1 && /static\/site\.js$/.test(js[0]), 'scripts: ' + js.join(', '));
      assert(count('font').length === 0, 'fonts: ' + count('font').join(', '));
      assert(requests.every((r) => r.url.startsWith(base)), 'external: ' + requests.filter((r) => !r.url.startsWith(base)).map((r) => r.url).join(', '));
      const v = await cspViolations(page);
      assert(v.length === 0, 'CSP violations: ' + v.join('; '));
    });
  }

  await check('the CSP is in force: an inline script injected into a page does not run', async () => {
    await page.goto(base + 'index.html');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
      assert(csp && csp.indexOf(d) >= 0, 'policy lacks ' + d + ': ' + csp);
    }
    assert(!/unsafe-inline|unsafe-eval/.test(csp), 'policy allows unsafe: ' + csp);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(s);
      const d = document.createElement('div');
      d.setAttribute('style', 'color: rgb(1, 2, 3)');
      document.body.appendChild(d);
      return { script: window.__inlineRan === true, style: getComputedStyle(d).color === 'rgb(1, 2, 3)' };
    });
    assert(!ran.script, 'an inline script ran');
    assert(!ran.style, 'an inline style applied');
    await page.waitForTimeout(100);
    const v = await cspViolations(page);
    assert(v.some((x) => /script-src/.test(x)) && v.some((x) => /style-src/.test(x)), 'violations reported: ' + v.join('; '));
    // Those were ours: forget them.
    problems.length = 0;
  });

  await check('search works under the CSP without a violation', async () => {
    await page.goto(base + 'index.html');
    await page.fill('#site-q', '宅基地');
    await Promise.all([page.waitForURL(/search\.html\?q=/), page.press('#site-q', 'Enter')]);
    await page.waitForSelector('#search-results li.result', { timeout: 15000 });
    const first = await page.textContent('#search-results li.result h2');
    assert(/宅基地/.test(first), first);
    assert((await cspViolations(page)).length === 0, (await cspViolations(page)).join('; '));
  });

  await check('the comparison of releases works under the CSP without a violation', async () => {
    await page.goto(base + 'releases/compare.html?from=2025-06-30&to=2025-10-01');
    await page.waitForFunction(() => /比较完成/.test(document.getElementById('compare-status').textContent), null, { timeout: 15000 });
    const changes = await page.$$eval('#compare-result article.change', (a) => a.length);
    assert(changes > 0, 'no changes shown');
    assert((await cspViolations(page)).length === 0, (await cspViolations(page)).join('; '));
  });

  await check('大字版 works under the CSP without a violation', async () => {
    await page.goto(base + 'index.html');
    await page.click('button.text-size');
    assert(await page.evaluate(() => document.documentElement.classList.contains('large-text')), 'not applied');
    await page.click('button.text-size');
    assert((await cspViolations(page)).length === 0, (await cspViolations(page)).join('; '));
  });

  await check('no script errors, no console errors, no request left the site', async () => {
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, external.join(', '));
  });

  await check('the interception works: a request to another host is caught', async () => {
    // Without the pages' CSP (which would block it first), the route must catch it.
    const { context: bare, external: caught } = await siteContext(browser, base, { bypassCSP: true });
    const p2 = await bare.newPage();
    await p2.goto(base + 'index.html');
    await p2.evaluate(() => fetch('https://cdn.example.com/x.js').catch(() => null));
    await p2.waitForTimeout(100);
    assert(caught.length === 1 && caught[0] === 'https://cdn.example.com/x.js', 'caught: ' + caught.join(', '));
    await bare.close();
  });

  await context.close();
});
