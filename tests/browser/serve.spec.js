// `qingdan serve` in Debian's chromium, driven by playwright-core. Run by tests/serve.rs:
//
//   node tests/browser/serve.spec.js <url of an item page served by qingdan serve> <its list file>
//
// Opens the page, edits the list file as a publisher would, and checks that the page reloads
// by itself with the new text; breaks the file and checks the error overlay (with the file's
// name) over the last good page; fixes it and checks the overlay goes with a reload.
// Prints one line per check and "N passed, M failed"; exits non-zero on failure.
'use strict';
const fs = require('fs');
const { launch, runner, assert, watch } = require('./lib');

const [url, listFile] = process.argv.slice(2);
const { check, done } = runner();

function edit(from, to) {
  const text = fs.readFileSync(listFile, 'utf8');
  assert(text.includes(from), 'list file has ' + from);
  fs.writeFileSync(listFile, text.replace(from, to));
}

(async () => {
  const browser = await launch();
  let ok = false;
  try {
    const page = await browser.newPage();
    const errors = [];
    watch(page, errors);
    await page.goto(url);
    // The event stream is open once the first status arrived; give it a moment.
    await page.waitForTimeout(500);

    await check('an edit reloads the page with the new text', async () => {
      const loads = [];
      page.on('load', () => loads.push(Date.now()));
      const started = Date.now();
      edit('name = "农村村民宅基地审批"', 'name = "农村村民宅基地审批（浏览器）"');
      await page.waitForFunction(() => document.querySelector('h1') && document.querySelector('h1').textContent.includes('（浏览器）'), null, { timeout: 30000 });
      assert(loads.length >= 1, 'the page reloaded');
      console.log('     edit to reload: ' + (Date.now() - started) + ' ms');
    });

    await check('a broken edit shows the diagnostics over the last good page', async () => {
      edit('code = "DC-GF-001"', 'code = "DC-GF-001');
      const overlay = page.locator('#qingdan-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 30000 });
      const text = await overlay.textContent();
      assert(text.includes('content/lists/dongcun.toml'), 'names the file: ' + text.slice(0, 300));
      assert(text.includes('TOML 语法错误'), 'says what is wrong');
      assert((await page.locator('h1').textContent()).includes('（浏览器）'), 'the last good page stays underneath');
    });

    await check('fixing it removes the overlay with a reload', async () => {
      edit('code = "DC-GF-001', 'code = "DC-GF-001"');
      await page.waitForFunction(() => !document.getElementById('qingdan-overlay'), null, { timeout: 30000 });
    });

    await check('no script errors, no CSP violation', async () => {
      assert(errors.length === 0, errors.join('\n'));
    });
    ok = done();
  } finally {
    await browser.close();
  }
  process.exit(ok ? 0 : 1);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
