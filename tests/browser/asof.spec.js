// What was in force on a date, on the static site (asof.js), in Debian's chromium (run by
// tests/website.rs):
//
//   node tests/browser/asof.spec.js <built example site>
//
// On the releases page a date names the release in force then (the latest whose effective date
// is not after it, read from data/releases/index.json); on an item's page it links the item as
// it stood then (its version page). Dates are checked against the example's releases, read from
// the same index, so the expectations follow the data, not a copy of it.
'use strict';
const fs = require('fs');
const path = require('path');
const { siteContext, assert, main } = require('./lib');

async function ask(page, date) {
  await page.evaluate(() => { document.querySelector('form.asof .asof-result').textContent = ''; });
  await page.fill('form.asof input[type=date]', date);
  await page.click('form.asof button');
  await page.waitForFunction(() => (document.querySelector('form.asof .asof-result') || {}).textContent, null, { timeout: 10000 });
  return page.evaluate(() => {
    const out = document.querySelector('form.asof .asof-result');
    const a = out.querySelector('a');
    return { text: out.textContent, href: a ? a.getAttribute('href') : null, link: a ? a.href : null };
  });
}

main(async ({ root, base, browser, check }) => {
  const index = JSON.parse(fs.readFileSync(path.join(root, 'data/releases/index.json'), 'utf8'));
  const releases = index.versions.filter((v) => !v.current).sort((a, b) => (a.effective < b.effective ? -1 : 1));
  assert(releases.length >= 3, 'the example has several releases');
  const { context, problems, external } = await siteContext(browser, base, { viewport: { width: 360, height: 740 } });
  const page = await context.newPage();

  await check('releases page: a date before the first release has no list in force', async () => {
    await page.goto(base + 'releases/index.html');
    const r = await ask(page, '2025-03-15');
    assert(/还没有发布的清单版本/.test(r.text), r.text);
  });

  for (const [i, rel] of releases.entries()) {
    // The effective date itself, and the day before the next release.
    const next = releases[i + 1];
    const dayBefore = next ? new Date(Date.parse(next.effective) - 86400000).toISOString().slice(0, 10) : '2030-01-01';
    for (const date of [rel.effective, dayBefore]) {
      await check('releases page: on ' + date + ' release ' + rel.id + ' was in force', async () => {
        await page.goto(base + 'releases/index.html');
        const r = await ask(page, date);
        assert(r.text.indexOf(rel.title) >= 0, date + ': ' + r.text);
        assert(r.link === base + 'releases/' + rel.id + '/index.html', r.link);
        const res = await page.request.get(r.link);
        assert(res.ok(), 'the release page opens: ' + r.link);
      });
    }
  }

  // CG-DJ-003 was first published in the first release and edited (only its punctuation) in
  // the last one: before that date its first version was in force, from it the new one.
  const first = releases[0];
  const last = releases[releases.length - 1];
  await check('item page: the version in force on a date is linked', async () => {
    await page.goto(base + 'chengguan/CG-DJ-003.html');
    const before = await ask(page, new Date(Date.parse(last.effective) - 86400000).toISOString().slice(0, 10));
    assert(before.link === base + 'releases/' + first.id + '/chengguan/CG-DJ-003.html', before.link + ' ' + before.text);
    const after = await ask(page, last.effective);
    assert(after.link === base + 'releases/' + last.id + '/chengguan/CG-DJ-003.html', after.link + ' ' + after.text);
    const html = await (await page.request.get(after.link)).text();
    assert(html.indexOf('《党委(党组)意识形态工作责任制实施办法》') >= 0, 'the later version has the new text');
    const old = await (await page.request.get(before.link)).text();
    assert(old.indexOf('《党委（党组）意识形态工作责任制实施办法》') >= 0, 'the earlier version has the old text');
  });

  await check('item page: before the item existed, it says so', async () => {
    await page.goto(base + 'chengguan/CG-DJ-023.html');
    const r = await ask(page, first.effective);
    assert(/还没有发布/.test(r.text) && !r.href, r.text);
  });

  await check('no request left the site and no script error', async () => {
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, 'external requests: ' + external.join(' '));
  });
});
