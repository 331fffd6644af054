// A citizen gets the errand done from a phone (issue 17), in Debian's chromium at 360 px (run
// by tests/website.rs):
//
//   node tests/browser/citizen.spec.js <built example site> <out dir>
//
// - from the home page, a citizen reaches a township's service center (address, hours, a
//   tap-to-call phone) in two taps: "选择您所在的乡镇（街道）" comes before the figures, tap 1
//   is the township, tap 2 the service center's phone; the township is then offered first on
//   the home page and on the 一件事 pages;
// - every phone number on the pages a citizen uses is a tel: link that does not wrap;
// - a township page searches within that township;
// - every 一次性告知单 of the largest township prints on exactly one A4 page with its
//   checklist, where and when, the phone and the QR code (pdftotext, pdfinfo);
// - the footer carries 主办, 承办, 网站标识码, ICP and 公安 备案号.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { siteContext, assert, main } = require('./lib');

main(async ({ base, browser, check, root }) => {
  const out = path.resolve(process.argv[3] || path.join(root, '..'));
  fs.mkdirSync(out, { recursive: true });
  const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const { context, problems, external } = await siteContext(browser, base, phone);
  const page = await context.newPage();

  await check('home: the township chooser comes before the figures, in the first screen', async () => {
    await page.goto(base + 'index.html');
    const facts = await page.evaluate(() => {
      const chooser = document.getElementById('townships-h');
      const figures = document.getElementById('figures-h');
      return {
        text: chooser.textContent.trim(),
        before: !!(chooser.compareDocumentPosition(figures) & Node.DOCUMENT_POSITION_FOLLOWING),
        firstLink: document.querySelector('.chooser a.place').getBoundingClientRect().toJSON(),
        links: document.querySelectorAll('.chooser a.place').length,
        remembered: !document.getElementById('my-township').hidden,
      };
    });
    assert(facts.text === '选择您所在的乡镇（街道）', facts.text);
    assert(facts.before, 'the chooser is not before the figures');
    assert(facts.links === 10, facts.links + ' townships');
    assert(facts.firstLink.bottom <= 740, 'first township link below the first screen: ' + JSON.stringify(facts.firstLink));
    assert(facts.firstLink.height >= 44, 'township link smaller than a finger: ' + facts.firstLink.height + ' px');
    assert(!facts.remembered, 'a township is offered before any was chosen');
  });

  let tel = '';
  await check('two taps: township, then the service center phone (tel:, on one line)', async () => {
    await page.tap('.chooser a.place[data-township="tangxi"]'); // tap 1
    await page.waitForURL(/tangxi\/index\.html$/);
    const sc = await page.evaluate(() => {
      const section = document.querySelector('section.service');
      const link = section.querySelector('dl.facts a[href^="tel:"]');
      const r = link.getBoundingClientRect();
      const lines = Array.from(link.getClientRects()).length;
      return { heading: section.querySelector('h2').textContent, text: section.textContent, href: link.getAttribute('href'), bottom: r.bottom, lines, nowrap: getComputedStyle(link).whiteSpace };
    });
    assert(sc.heading === '在塘溪镇能办什么', sc.heading);
    assert(sc.text.indexOf('塘溪镇便民服务中心') >= 0 && sc.text.indexOf('塘溪路 20 号') >= 0 && sc.text.indexOf('8:30-12:00') >= 0, 'service center facts missing');
    assert(sc.href === 'tel:057688641100', sc.href);
    assert(sc.lines === 1 && sc.nowrap === 'nowrap', 'phone wraps: ' + sc.lines + ' ' + sc.nowrap);
    assert(sc.bottom <= 740 * 1.5, 'the phone is not near the top: ' + sc.bottom);
    // Tap 2: the phone link. Headless Chromium cannot dial: scrolled into view, the link
    // itself must be what a finger at its centre hits.
    const link = page.locator('section.service dl.facts a[href^="tel:"]');
    await link.scrollIntoViewIfNeeded();
    const hit = await link.evaluate((a) => {
      const r = a.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a;
    });
    assert(hit, 'the phone link is covered');
    tel = sc.href;
  });

  await check('the township page searches within the township', async () => {
    await page.goto(base + 'tangxi/index.html');
    await page.fill('#body-q', '低保');
    await Promise.all([page.waitForURL(/search\.html/), page.press('#body-q', 'Enter')]);
    const url = decodeURIComponent(page.url());
    assert(url.indexOf('q=低保') >= 0 && url.indexOf('body=tangxi') >= 0, url);
    await page.waitForSelector('#search-results li.result', { timeout: 15000 });
    const bodies = await page.$$eval('#search-results li.result a:not([href^="tel:"])', (as) => as.map((a) => a.getAttribute('href')));
    assert(bodies.length > 0 && bodies.every((h) => h.indexOf('tangxi/') >= 0), 'results outside the township: ' + bodies.slice(0, 5).join(' '));
  });

  await check('on return, the chosen township is offered first on the home page', async () => {
    await page.goto(base + 'index.html');
    const mine = await page.evaluate(() => {
      const slot = document.getElementById('my-township');
      const a = slot.querySelector('a');
      return { hidden: slot.hidden, text: a && a.textContent, href: a && a.getAttribute('href'), top: slot.getBoundingClientRect().top };
    });
    assert(!mine.hidden && mine.text === '塘溪镇' && /tangxi\/index\.html$/.test(mine.href), JSON.stringify(mine));
    await page.goto(base + 'events/shengyu.html');
    const first = await page.$$eval('.event-item .places', (ls) => ls.filter((l) => l.querySelector('a[href*="tangxi/"]')).map((l) => l.querySelector('a').textContent));
    assert(first.length > 0 && first.every((t) => t === '塘溪镇'), '一件事: own township not first: ' + first.join(','));
  });

  await check('every phone number on the citizen pages is a whole tel: link', async () => {
    for (const p of ['index.html', 'tangxi/index.html', 'tangxi/TX-XK-002.html', 'tangxi/notice/TX-XK-002.html']) {
      await page.goto(base + p);
      const bad = await page.evaluate(() => {
        const out = [];
        // Text that looks like a phone number (0576-…, 8 digits) outside a tel: link.
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (/0\d{2,3}-\d{7,8}/.test(n.textContent) && !n.parentElement.closest('a[href^="tel:"], .print-head, code')) out.push(n.textContent.trim().slice(0, 30));
        }
        for (const a of document.querySelectorAll('main a[href^="tel:"]')) {
          if (a.getClientRects().length > 1) out.push('wrapped: ' + a.textContent);
          if (a.getAttribute('href') !== 'tel:' + a.textContent.replace(/[^0-9+]/g, '')) out.push('href: ' + a.getAttribute('href'));
        }
        return { out, links: document.querySelectorAll('main a[href^="tel:"]').length };
      });
      assert(bad.out.length === 0, p + ': ' + bad.out.join(' | '));
      assert(bad.links > 0, p + ': no tel: link');
    }
    assert(tel, 'no phone tapped');
  });

  await check('the footer shows 主办, 承办, 网站标识码, ICP and 公安 备案号', async () => {
    const text = await page.$eval('footer.site-footer', (f) => f.textContent.replace(/\s+/g, ''));
    for (const want of ['主办：中共青山县委机构编制委员会办公室', '承办：青山县大数据发展中心', '网站标识码：3390220001', '东ICP备2025012345号-1', '东公网安备39022202000123号']) {
      assert(text.indexOf(want) >= 0, 'footer lacks ' + want);
    }
  });

  await check('the item page shows its 办事指南 with forms to download and links to the 告知单', async () => {
    await page.goto(base + 'tangxi/TX-XK-002.html');
    const g = await page.evaluate(() => ({
      heading: document.getElementById('guide-h') && document.getElementById('guide-h').textContent,
      materials: document.querySelectorAll('.guide .materials li').length,
      downloads: Array.from(document.querySelectorAll('.guide a[download]')).map((a) => a.getAttribute('href')),
      notice: document.querySelector('.guide a.button') && document.querySelector('.guide a.button').getAttribute('href'),
      online: Array.from(document.querySelectorAll('.guide .online a')).map((a) => a.getAttribute('href')),
    }));
    assert(g.heading === '办事指南' && g.materials === 4, JSON.stringify(g));
    assert(g.downloads.length === 2 && /notice\/TX-XK-002\.html$/.test(g.notice) && g.online.length === 2, JSON.stringify(g));
    for (const href of g.downloads) {
      const r = await page.request.get(new URL(href, page.url()).href);
      assert(r.status() === 200 && (await r.body()).slice(0, 2).toString() === 'PK', href + ' is not a served .docx');
    }
  });
  await check('no script errors, no request left the site', async () => {
    assert(problems.length === 0, problems.join('\n'));
    assert(external.length === 0, external.join(', '));
  });
  await context.close();

  // Print every 告知单 of the largest township (A4, the page's own @page rules).
  const { context: printing } = await siteContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const pp = await printing.newPage();
  const notices = fs.readdirSync(path.join(root, 'tangxi/notice')).filter((f) => f.endsWith('.html')).sort();
  await check('every 一次性告知单 of 塘溪镇 (' + notices.length + ') prints on one A4 page with checklist, place, time, phone and QR code', async () => {
    assert(notices.length >= 20, notices.length + ' notices');
    const longest = { pages: 0, name: '' };
    for (const f of notices) {
      await pp.goto(base + 'tangxi/notice/' + f);
      const facts = await pp.evaluate(() => ({
        name: document.querySelector('h1').firstChild.textContent.trim(),
        materials: Array.from(document.querySelectorAll('.check li')).map((li) => li.textContent.replace(/\s+/g, '').slice(0, 8)),
        qr: !!document.querySelector('.notice-qr svg.qr-code'),
        url: document.querySelector('.notice-qr .url') && document.querySelector('.notice-qr .url').textContent,
      }));
      const pdf = path.join(out, 'notice-' + f.replace(/\.html$/, '.pdf'));
      await pp.pdf({ path: pdf, preferCSSPageSize: true });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      assert(pages === 1, f + ' (' + facts.name + ') prints on ' + pages + ' pages');
      assert(facts.qr && facts.url && text.indexOf(facts.url.replace(/\s+/g, '')) >= 0, f + ': no QR code with its address');
      for (const want of ['请带齐这些材料', '塘溪镇便民服务中心', '8:30-12:00', '0576-886411', facts.name.slice(0, 10)]) {
        assert(text.indexOf(want) >= 0, f + ': printout lacks ' + want);
      }
      for (const m of facts.materials) assert(text.indexOf(m) >= 0, f + ': checklist lacks ' + m);
      assert(text.indexOf('跳到正文') < 0 && text.indexOf('打印本页') < 0 && text.indexOf('空白表格') < 0, f + ': screen-only text printed');
      fs.unlinkSync(pdf);
      if (facts.materials.length > longest.pages) Object.assign(longest, { pages: facts.materials.length, name: f });
    }
    console.log('     ' + notices.length + ' notices, each one page; most materials: ' + longest.pages + ' (' + longest.name + ')');
  });
  await printing.close();
});
