// Edit-to-reload latency of `qingdan serve`: starts the server on a site, listens to its event
// stream as an open page does, then edits one list file N times (renaming its first item back
// and forth, as a publisher would) and measures from the write to the `status` event that makes
// the page reload. Used by bench/serve.sh.
//
//   node bench/serve-latency.js <qingdan binary> <site root> <list file> [edits=10] [pause ms=1000]
//
// The pause between edits lets the search index, updated right after each reload, finish first:
// a publisher does not save twice a second.
'use strict';
const fs = require('fs');
const http = require('http');
const { spawn } = require('child_process');

const [bin, root, listFile, n = '10', pauseMs = '1000'] = process.argv.slice(2);
const edits = Number(n);

function start() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--quiet', '--port', '0', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /http:\/\/([\d.]+:\d+)\//.exec(err);
      if (m) resolve({ child, addr: m[1] });
    });
    child.on('exit', (code) => reject(new Error('qingdan serve exited ' + code + ':\n' + err)));
  });
}

(async () => {
  const t0 = Date.now();
  const { child, addr } = await start();
  const firstBuild = Date.now() - t0;
  let waiting = null;
  let known = null;
  http.get('http://' + addr + '/__qingdan/events', (res) => {
    let buf = '';
    res.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data:'));
        if (!data) continue;
        const status = JSON.parse(data.slice(5));
        if (status.error) { console.error(status.error); process.exit(1); }
        if (known !== null && status.build !== known && waiting) waiting(Date.now());
        known = status.build;
      }
    });
  });
  await new Promise((r) => setTimeout(r, 500));
  const original = fs.readFileSync(listFile, 'utf8');
  const times = [];
  try {
    for (let k = 0; k < edits; k++) {
      const text = k % 2 === 0 ? original.replace(/^name = "/m, 'name = "（改）') : original;
      const reloaded = new Promise((r) => { waiting = r; });
      const started = Date.now();
      fs.writeFileSync(listFile, text);
      const at = await reloaded;
      times.push(at - started);
      await new Promise((r) => setTimeout(r, Number(pauseMs)));
    }
  } finally {
    fs.writeFileSync(listFile, original);
    child.kill();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ first_build_ms: firstBuild, edits: times.length, min_ms: times[0], median_ms: median, max_ms: times[times.length - 1] }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
