/* qingdan: compare any two versions of the lists in the browser (releases/compare.html).
 *
 * Reads data/releases/index.json (every version: its bodies and the JSON file of each list,
 * named by content hash) and fetches only the lists whose files differ between the two
 * versions. Items are matched as `qingdan diff` does (docs/history.md): within a body by
 * code, then by normalised name, then by name similarity (>= 0.7, same 权力类型) as a
 * rename; what is left is matched across bodies by name as a move. Two versions chosen the
 * wrong way round are compared older → newer (by effective date), and the page says so.
 * Dependency-free ES5, no inline script; the page works without it (the release pages show
 * every change).
 * Part of static/site.js, which pages load in <head>: it starts once the page is parsed. */
(function (main) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})(function () {
  'use strict';

  var app = document.getElementById('compare-app');
  var form = document.getElementById('compare-form');
  if (!app || !form || !window.XMLHttpRequest || !window.JSON || !document.querySelector) {
    return;
  }
  var fromSel = document.getElementById('compare-from');
  var toSel = document.getElementById('compare-to');
  var statusEl = document.getElementById('compare-status');
  var resultEl = document.getElementById('compare-result');
  var indexUrl = app.getAttribute('data-index');
  var root = app.getAttribute('data-root') || '';
  var live = app.getAttribute('data-live');
  var base = indexUrl.replace(/[^\/]*$/, '');

  var KINDS = ['added', 'removed', 'recalled', 'moved', 'renamed', 'modified'];
  var KIND_NAMES = { added: '新增', removed: '取消', recalled: '收回', moved: '移交', renamed: '更名', modified: '修改' };
  var NOT_COMPARED = { part: 1, number: 1, code: 1 };
  var RECALLED = '上级部门收回事项';
  var RENAME_THRESHOLD = 0.7;
  var MAX_SIMILARITY_PAIRS = 250000;
  /* Above this many changes, a body's details are shown when asked for. */
  var DETAIL_LIMIT = 400;

  var index = null;
  var cache = {};

  app.removeAttribute('hidden');

  // ------------------------------------------------------------------------------------------
  // Small helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    var k;
    if (attrs) {
      for (k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k)) {
          if (k === 'text') {
            e.appendChild(document.createTextNode(attrs[k]));
          } else if (k === 'className') {
            e.className = attrs[k];
          } else {
            e.setAttribute(k, attrs[k]);
          }
        }
      }
    }
    if (children) {
      for (k = 0; k < children.length; k++) {
        if (children[k] === null || children[k] === undefined) {
          continue;
        }
        e.appendChild(typeof children[k] === 'string' ? document.createTextNode(children[k]) : children[k]);
      }
    }
    return e;
  }

  /* The status line: a text, or a list of texts and nodes. */
  function setStatus(parts) {
    statusEl.textContent = '';
    parts = typeof parts === 'string' ? [parts] : parts;
    for (var i = 0; i < parts.length; i++) {
      if (parts[i]) {
        statusEl.appendChild(typeof parts[i] === 'string' ? document.createTextNode(parts[i]) : parts[i]);
      }
    }
  }

  function param(name) {
    var q = window.location.search.replace(/^\?/, '').split('&');
    for (var i = 0; i < q.length; i++) {
      var kv = q[i].split('=');
      if (decodeURIComponent(kv[0]) === name && kv.length > 1) {
        return decodeURIComponent(kv[1].replace(/\+/g, ' '));
      }
    }
    return null;
  }

  function getJSON(url, done) {
    if (cache[url]) {
      done(null, cache[url]);
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) {
        return;
      }
      if (xhr.status !== 200 && xhr.status !== 0) {
        done(new Error(url + '：' + xhr.status));
        return;
      }
      var data;
      try {
        data = JSON.parse(xhr.responseText);
      } catch (e) {
        done(e);
        return;
      }
      cache[url] = data;
      done(null, data);
    };
    xhr.send();
  }

  /* Characters, with surrogate pairs kept together. */
  function chars(s) {
    return s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g) || [];
  }

  var FOLD = { '（': '(', '）': ')', '，': ',', '、': ',', '；': ';', '：': ':' };

  function normalizeName(name) {
    var out = '';
    var cs = chars(name);
    for (var i = 0; i < cs.length; i++) {
      if (/\s/.test(cs[i])) {
        continue;
      }
      out += FOLD[cs[i]] || cs[i];
    }
    return out;
  }

  function levenshtein(a, b) {
    var n = a.length;
    var m = b.length;
    if (!n) {
      return m;
    }
    if (!m) {
      return n;
    }
    var prev = [];
    var cur = [];
    var i;
    var j;
    for (j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (i = 1; i <= n; i++) {
      cur[0] = i;
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      }
      var t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  function similarity(a, b) {
    var ca = chars(a);
    var cb = chars(b);
    var longer = Math.max(ca.length, cb.length);
    return longer === 0 ? 1 : 1 - levenshtein(ca, cb) / longer;
  }

  /* Character diff: common prefix and suffix, then an LCS of the middle; when less than half
   * of the longer text survives the whole value is shown replaced (as qingdan diff does). */
  function charDiff(oldText, newText) {
    var a = chars(oldText);
    var b = chars(newText);
    var segs = [];
    function push(op, text) {
      if (!text) {
        return;
      }
      if (segs.length && segs[segs.length - 1].op === op) {
        segs[segs.length - 1].text += text;
      } else {
        segs.push({ op: op, text: text });
      }
    }
    var p = 0;
    while (p < a.length && p < b.length && a[p] === b[p]) {
      p++;
    }
    var s = 0;
    while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) {
      s++;
    }
    var ma = a.slice(p, a.length - s);
    var mb = b.slice(p, b.length - s);
    push('equal', a.slice(0, p).join(''));
    var n = ma.length;
    var m = mb.length;
    if (n * m > 4000000) {
      push('delete', ma.join(''));
      push('insert', mb.join(''));
    } else {
      var w = m + 1;
      var table = new Array((n + 1) * w);
      var i;
      var j;
      for (i = 0; i <= n; i++) {
        table[i * w + m] = 0;
      }
      for (j = 0; j <= m; j++) {
        table[n * w + j] = 0;
      }
      for (i = n - 1; i >= 0; i--) {
        for (j = m - 1; j >= 0; j--) {
          table[i * w + j] = ma[i] === mb[j] ? table[(i + 1) * w + j + 1] + 1 : Math.max(table[(i + 1) * w + j], table[i * w + j + 1]);
        }
      }
      i = 0;
      j = 0;
      while (i < n && j < m) {
        if (ma[i] === mb[j]) {
          push('equal', ma[i]);
          i++;
          j++;
        } else if (table[(i + 1) * w + j] >= table[i * w + j + 1]) {
          push('delete', ma[i]);
          i++;
        } else {
          push('insert', mb[j]);
          j++;
        }
      }
      push('delete', ma.slice(i).join(''));
      push('insert', mb.slice(j).join(''));
    }
    push('equal', a.slice(a.length - s).join(''));
    var kept = 0;
    for (var k = 0; k < segs.length; k++) {
      if (segs[k].op === 'equal') {
        kept += chars(segs[k].text).length;
      }
    }
    if (kept * 2 < Math.max(a.length, b.length)) {
      segs = [];
      push('delete', oldText);
      push('insert', newText);
    }
    return segs;
  }

  // ------------------------------------------------------------------------------------------
  // Matching and comparing, as src/diff does

  var col = {};

  function Item(row, body) {
    this.row = row;
    this.body = body;
    this.extra = row.length > index.columns.length ? row[index.columns.length] : null;
  }
  Item.prototype.field = function (key) {
    return this.row[col[key]] || '';
  };

  function comparable(a, b) {
    var ta = a.field('type').replace(/\s/g, '');
    var tb = b.field('type').replace(/\s/g, '');
    return !ta || !tb || ta === tb;
  }

  function matchItems(old, neu, byCode) {
    var takenOld = [];
    var takenNew = [];
    var pairs = [];
    var i;
    var j;
    if (byCode) {
      var codes = {};
      for (j = 0; j < neu.length; j++) {
        if (!Object.prototype.hasOwnProperty.call(codes, 'k' + neu[j].field('code'))) {
          codes['k' + neu[j].field('code')] = j;
        }
      }
      for (i = 0; i < old.length; i++) {
        var hit = codes['k' + old[i].field('code')];
        if (hit !== undefined && !takenNew[hit]) {
          takenOld[i] = takenNew[hit] = true;
          pairs.push([i, hit]);
        }
      }
    }
    var names = {};
    for (j = 0; j < neu.length; j++) {
      if (!takenNew[j]) {
        var key = 'k' + normalizeName(neu[j].field('name'));
        (names[key] = names[key] || []).push(j);
      }
    }
    for (i = 0; i < old.length; i++) {
      if (takenOld[i]) {
        continue;
      }
      var list = names['k' + normalizeName(old[i].field('name'))];
      if (list) {
        for (var x = 0; x < list.length; x++) {
          if (!takenNew[list[x]]) {
            takenOld[i] = takenNew[list[x]] = true;
            pairs.push([i, list[x]]);
            list.splice(x, 1);
            break;
          }
        }
      }
    }
    var left = [];
    var right = [];
    for (i = 0; i < old.length; i++) {
      if (!takenOld[i]) {
        left.push(i);
      }
    }
    for (j = 0; j < neu.length; j++) {
      if (!takenNew[j]) {
        right.push(j);
      }
    }
    if (left.length && right.length && left.length * right.length <= MAX_SIMILARITY_PAIRS) {
      var candidates = [];
      for (var l = 0; l < left.length; l++) {
        for (var r = 0; r < right.length; r++) {
          var a = old[left[l]];
          var b = neu[right[r]];
          if (!comparable(a, b)) {
            continue;
          }
          var score = similarity(normalizeName(a.field('name')), normalizeName(b.field('name')));
          if (score >= RENAME_THRESHOLD) {
            candidates.push([score, left[l], right[r]]);
          }
        }
      }
      candidates.sort(function (p, q) {
        return q[0] - p[0] || p[1] - q[1] || p[2] - q[2];
      });
      for (var c = 0; c < candidates.length; c++) {
        var ci = candidates[c][1];
        var cj = candidates[c][2];
        if (!takenOld[ci] && !takenNew[cj]) {
          takenOld[ci] = takenNew[cj] = true;
          pairs.push([ci, cj]);
        }
      }
    }
    var onlyOld = [];
    var onlyNew = [];
    for (i = 0; i < old.length; i++) {
      if (!takenOld[i]) {
        onlyOld.push(i);
      }
    }
    for (j = 0; j < neu.length; j++) {
      if (!takenNew[j]) {
        onlyNew.push(j);
      }
    }
    return { pairs: pairs, onlyOld: onlyOld, onlyNew: onlyNew };
  }

  function plain(kind, item) {
    return {
      kind: kind,
      body: item.body,
      toBody: null,
      code: item.field('code'),
      newCode: null,
      name: item.field('name'),
      newName: null,
      type: item.field('type'),
      part: item.field('part'),
      fields: []
    };
  }

  function compareItems(old, neu) {
    var fields = [];
    for (var c = 0; c < index.columns.length; c++) {
      var key = index.columns[c].key;
      if (NOT_COMPARED[key]) {
        continue;
      }
      var o = old.field(key);
      var n = neu.field(key);
      if (o !== n) {
        fields.push({ label: index.columns[c].label, old: o, neu: n });
      }
    }
    var extraKeys = {};
    var k;
    for (k in old.extra || {}) {
      extraKeys[k] = 1;
    }
    for (k in neu.extra || {}) {
      extraKeys[k] = 1;
    }
    for (k in extraKeys) {
      var eo = (old.extra && old.extra[k]) || '';
      var en = (neu.extra && neu.extra[k]) || '';
      if (eo !== en) {
        fields.push({ label: '其他列', old: k + '：' + eo, neu: k + '：' + en });
      }
    }
    var codeChanged = old.field('code') !== neu.field('code');
    var kind;
    if (old.field('part') !== RECALLED && neu.field('part') === RECALLED) {
      kind = 'recalled';
    } else if (normalizeName(old.field('name')) !== normalizeName(neu.field('name'))) {
      kind = 'renamed';
    } else if (fields.length || codeChanged || old.field('part') !== neu.field('part')) {
      kind = 'modified';
    } else {
      return null;
    }
    var change = plain(kind, neu);
    change.body = old.body;
    change.code = old.field('code');
    change.name = old.field('name');
    change.newCode = codeChanged ? neu.field('code') : null;
    change.newName = old.field('name') !== neu.field('name') ? neu.field('name') : null;
    change.fields = fields;
    return change;
  }

  function diffVersions(lists) {
    var changes = [];
    var removed = [];
    var added = [];
    var codes = lists.codes;
    for (var b = 0; b < codes.length; b++) {
      var old = lists.old[codes[b]] || [];
      var neu = lists.neu[codes[b]] || [];
      var m = matchItems(old, neu, true);
      var p;
      for (p = 0; p < m.pairs.length; p++) {
        var ch = compareItems(old[m.pairs[p][0]], neu[m.pairs[p][1]]);
        if (ch) {
          changes.push(ch);
        }
      }
      for (p = 0; p < m.onlyOld.length; p++) {
        removed.push(old[m.onlyOld[p]]);
      }
      for (p = 0; p < m.onlyNew.length; p++) {
        added.push(neu[m.onlyNew[p]]);
      }
    }
    var moves = matchItems(removed, added, false);
    var movedOld = {};
    var movedNew = {};
    var i;
    for (i = 0; i < moves.pairs.length; i++) {
      var from = removed[moves.pairs[i][0]];
      var to = added[moves.pairs[i][1]];
      if (from.body === to.body) {
        continue;
      }
      movedOld[moves.pairs[i][0]] = movedNew[moves.pairs[i][1]] = true;
      var mc = compareItems(from, to) || plain('moved', from);
      mc.kind = 'moved';
      mc.body = from.body;
      mc.toBody = to.body;
      changes.push(mc);
    }
    for (i = 0; i < removed.length; i++) {
      if (!movedOld[i]) {
        changes.push(plain('removed', removed[i]));
      }
    }
    for (i = 0; i < added.length; i++) {
      if (!movedNew[i]) {
        changes.push(plain('added', added[i]));
      }
    }
    changes.sort(function (x, y) {
      if (x.body !== y.body) {
        return x.body < y.body ? -1 : 1;
      }
      var kx = KINDS.indexOf(x.kind);
      var ky = KINDS.indexOf(y.kind);
      if (kx !== ky) {
        return kx - ky;
      }
      return x.code < y.code ? -1 : x.code > y.code ? 1 : 0;
    });
    return changes;
  }

  // ------------------------------------------------------------------------------------------
  // Loading

  function version(id) {
    for (var i = 0; i < index.versions.length; i++) {
      if (index.versions[i].id === id) {
        return index.versions[i];
      }
    }
    return null;
  }

  function bodiesOf(v) {
    var map = {};
    for (var i = 0; i < v.bodies.length; i++) {
      map[v.bodies[i].code] = v.bodies[i];
    }
    return map;
  }

  /* Where a version stands in the history: the index lists the releases in order of their
   * effective dates (then ids, as history/ does), the current content last. */
  function position(id) {
    for (var i = 0; i < index.versions.length; i++) {
      if (index.versions[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function run(fromId, toId) {
    var swapped = false;
    resultEl.innerHTML = '';
    if (!version(fromId) || !version(toId)) {
      setStatus('没有找到所选的版本。');
      return;
    }
    if (fromId === toId) {
      setStatus('请选择两个不同的版本。');
      return;
    }
    if (position(fromId) > position(toId)) {
      // Chosen the wrong way round: compared the other way, every addition would read as a
      // cancellation. Compare older → newer and say so; the form and address follow.
      var t = fromId;
      fromId = toId;
      toId = t;
      swapped = true;
      choose(fromSel, fromId);
      choose(toSel, toId);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', '?from=' + encodeURIComponent(fromId) + '&to=' + encodeURIComponent(toId));
      }
    }
    var a = version(fromId);
    var b = version(toId);
    if (swapped) {
      resultEl.appendChild(el('p', { className: 'notice', id: 'compare-swapped' }, ['所选的“较早的版本”比“较新的版本”新，已按施行日期调换：从 '].concat(titleNodes(a), [' 比较到 '], titleNodes(b), ['。'])));
    }
    var ba = bodiesOf(a);
    var bb = bodiesOf(b);
    var codes = [];
    var seen = {};
    var names = {};
    var k;
    var all = a.bodies.concat(b.bodies);
    for (var i = 0; i < all.length; i++) {
      k = all[i].code;
      names[k] = all[i].name;
      if (seen[k]) {
        continue;
      }
      seen[k] = true;
      if (!ba[k] || !bb[k] || ba[k].list !== bb[k].list) {
        codes.push(k);
      }
    }
    codes.sort();
    var wanted = [];
    for (i = 0; i < codes.length; i++) {
      if (ba[codes[i]]) {
        wanted.push(base + ba[codes[i]].list);
      }
      if (bb[codes[i]]) {
        wanted.push(base + bb[codes[i]].list);
      }
    }
    setStatus('正在读取 ' + codes.length + ' 个有变化的清单……');
    var pending = wanted.length;
    var failed = false;
    function finish() {
      var lists = { codes: codes, old: {}, neu: {} };
      for (var c = 0; c < codes.length; c++) {
        var code = codes[c];
        lists.old[code] = ba[code] ? items(cache[base + ba[code].list], code) : [];
        lists.neu[code] = bb[code] ? items(cache[base + bb[code].list], code) : [];
      }
      var changes = diffVersions(lists);
      show(a, b, changes, names, ba, bb, swapped);
    }
    if (!pending) {
      finish();
      return;
    }
    for (i = 0; i < wanted.length; i++) {
      getJSON(wanted[i], function (err) {
        if (failed) {
          return;
        }
        if (err) {
          failed = true;
          setStatus('无法读取版本数据（' + err.message + '）。请在网站上（而不是直接从本地文件）打开本页。');
          return;
        }
        pending--;
        if (!pending) {
          finish();
        }
      });
    }
  }

  function items(list, body) {
    var out = [];
    for (var i = 0; i < list.items.length; i++) {
      out.push(new Item(list.items[i], body));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Showing

  /* A version's title and date, the date kept on one line. */
  function titleNodes(v) {
    return [v.title, v.effective ? el('span', { className: 'nowrap', text: '（' + v.effective + '）' }) : null];
  }

  function summaryText(counts) {
    var parts = [];
    for (var i = 0; i < KINDS.length; i++) {
      if (counts[KINDS[i]]) {
        parts.push(KIND_NAMES[KINDS[i]] + ' ' + counts[KINDS[i]] + ' 项');
      }
    }
    return parts.join('，');
  }

  function countKinds(changes) {
    var counts = {};
    for (var i = 0; i < changes.length; i++) {
      counts[changes[i].kind] = (counts[changes[i].kind] || 0) + 1;
    }
    return counts;
  }

  function segmentsNode(segs) {
    var td = el('td', { className: 'text' });
    for (var i = 0; i < segs.length; i++) {
      var s = segs[i];
      if (s.op === 'equal') {
        var cs = chars(s.text);
        if (cs.length > 160) {
          var head = i === 0 ? 0 : 60;
          var tail = i === segs.length - 1 ? 0 : 60;
          td.appendChild(document.createTextNode(cs.slice(0, head).join('')));
          td.appendChild(el('span', { className: 'elided', text: '……（未改动的 ' + (cs.length - head - tail) + ' 字从略）……' }));
          td.appendChild(document.createTextNode(cs.slice(cs.length - tail).join('')));
        } else {
          td.appendChild(document.createTextNode(s.text));
        }
      } else {
        var word = s.op === 'delete' ? '删除' : '新增';
        td.appendChild(el(s.op === 'delete' ? 'del' : 'ins', null, [
          el('span', { className: 'visually-hidden', text: '［' + word + '：' }),
          s.text,
          el('span', { className: 'visually-hidden', text: '］' })
        ]));
      }
    }
    return td;
  }

  function anchorOf(change) {
    return 'cmp-' + change.body + '-' + change.code.replace(/[\s#]/g, '_');
  }

  function changeNode(c, pageBody, names, linkItems) {
    var heading = el('h4', null, [el('span', { className: 'tag', text: KIND_NAMES[c.kind] }), ' ' + c.name]);
    if (c.newName) {
      heading.appendChild(el('span', { 'aria-hidden': 'true', text: ' → ' }));
      heading.appendChild(el('span', { className: 'visually-hidden', text: '更名为' }));
      heading.appendChild(document.createTextNode(c.newName));
    }
    var meta = (c.type ? ' · ' + c.type : '') + ' · ' + c.part;
    if (c.kind === 'moved') {
      meta += c.toBody === pageBody ? ' · 由' + (names[c.body] || c.body) + '移交而来' : ' · 移交至' + (names[c.toBody] || c.toBody);
    }
    var metaP = el('p', { className: 'meta' }, ['事项编码 ', el('code', { text: c.code }), c.newCode ? ' → ' : null, c.newCode ? el('code', { text: c.newCode }) : null, meta]);
    if (linkItems && c.kind !== 'removed') {
      var b = c.toBody || c.body;
      var code = c.newCode || c.code;
      metaP.appendChild(document.createTextNode(' · '));
      metaP.appendChild(el('a', { href: root + QINGDAN_URLS.itemUrl(b, code), text: '查看现行事项' }));
    }
    var node = el('article', { className: 'change kind-' + c.kind, id: anchorOf(c) }, [heading, metaP]);
    if (c.fields.length) {
      var tbody = el('tbody');
      for (var f = 0; f < c.fields.length; f++) {
        tbody.appendChild(el('tr', null, [el('th', { scope: 'row', text: c.fields[f].label }), segmentsNode(charDiff(c.fields[f].old, c.fields[f].neu))]));
      }
      node.appendChild(el('div', { className: 'table-wrap' }, [el('table', { className: 'field-diff' }, [
        el('caption', { className: 'visually-hidden', text: '“' + (c.newName || c.name) + '”逐字段的修改' }),
        el('thead', null, [el('tr', null, [el('th', { scope: 'col', text: '字段' }), el('th', { scope: 'col', text: '修改' })])]),
        tbody
      ])]));
    }
    return node;
  }

  function show(a, b, changes, names, ba, bb, swapped) {
    var counts = countKinds(changes);
    var total = changes.length;
    setStatus((total ? ['比较完成：'].concat(titleNodes(a), [' → '], titleNodes(b), ['，共 ' + total + ' 项事项有变化。']) : ['比较完成：两个版本的清单事项没有变化。']).concat([swapped ? '所选的两个版本已按施行日期调换。' : null]));
    var linkItems = b.id === live;
    var figures = el('ul', { className: 'figures change-figures' });
    for (var i = 0; i < KINDS.length; i++) {
      figures.appendChild(el('li', { className: 'kind-' + KINDS[i] }, [el('strong', { text: String(counts[KINDS[i]] || 0) }), ' ' + KIND_NAMES[KINDS[i]] + '事项']));
    }
    resultEl.appendChild(el('h2', null, titleNodes(a).concat([' → '], titleNodes(b))));
    resultEl.appendChild(figures);

    var bodyChanges = [];
    var code;
    for (code in bb) {
      if (!ba[code]) {
        bodyChanges.push('新增清单：' + bb[code].name);
      }
    }
    for (code in ba) {
      if (!bb[code]) {
        bodyChanges.push('不再有清单：' + ba[code].name);
      }
    }
    if (bodyChanges.length) {
      var ul = el('ul');
      bodyChanges.sort();
      for (i = 0; i < bodyChanges.length; i++) {
        ul.appendChild(el('li', { text: bodyChanges[i] }));
      }
      resultEl.appendChild(ul);
    }
    if (!total) {
      return;
    }

    // Per body (moves on both sides).
    var perBody = {};
    var order = [];
    function add(body, c) {
      if (!perBody[body]) {
        perBody[body] = [];
        order.push(body);
      }
      perBody[body].push(c);
    }
    for (i = 0; i < changes.length; i++) {
      add(changes[i].body, changes[i]);
      if (changes[i].toBody && changes[i].toBody !== changes[i].body) {
        add(changes[i].toBody, changes[i]);
      }
    }
    order.sort();
    var head = el('tr', null, [el('th', { scope: 'col', text: '实施主体' })]);
    for (i = 0; i < KINDS.length; i++) {
      head.appendChild(el('th', { scope: 'col', className: 'num', text: KIND_NAMES[KINDS[i]] }));
    }
    head.appendChild(el('th', { scope: 'col', className: 'num', text: '合计' }));
    var tbody = el('tbody');
    var detailed = total <= DETAIL_LIMIT;
    for (var o = 0; o < order.length; o++) {
      var body = order[o];
      var bc = countKinds(perBody[body]);
      var row = el('tr', null, [el('th', { scope: 'row' }, [el('a', { href: '#cmp-body-' + body, text: names[body] || body })])]);
      for (i = 0; i < KINDS.length; i++) {
        row.appendChild(el('td', { className: 'num', 'data-label': KIND_NAMES[KINDS[i]], text: bc[KINDS[i]] ? String(bc[KINDS[i]]) : '' }));
      }
      row.appendChild(el('td', { className: 'num', 'data-label': '合计', text: String(perBody[body].length) }));
      tbody.appendChild(row);
    }
    resultEl.appendChild(el('div', { className: 'table-wrap' }, [el('table', { className: 'counts stack' }, [
      el('caption', { text: '各实施主体的事项变化（移交的事项在移出和接收的主体各计一次）' }),
      el('thead', null, [head]),
      tbody
    ])]));
    resultEl.appendChild(el('p', { className: 'legend' }, [
      '逐字段的修改中，',
      el('del', null, [el('span', { className: 'visually-hidden', text: '［删除：' }), '删除线', el('span', { className: 'visually-hidden', text: '］' })]),
      '标出删去的文字，',
      el('ins', null, [el('span', { className: 'visually-hidden', text: '［新增：' }), '下划线', el('span', { className: 'visually-hidden', text: '］' })]),
      '标出新增的文字。'
    ]));

    for (o = 0; o < order.length; o++) {
      (function (body) {
        var list = perBody[body];
        var section = el('section', { className: 'changes', id: 'cmp-body-' + body }, [
          el('h3', null, [(names[body] || body) + ' ', el('span', { className: 'count', text: summaryText(countKinds(list)) })])
        ]);
        function fill() {
          for (var c = 0; c < list.length; c++) {
            section.appendChild(changeNode(list[c], body, names, linkItems));
          }
        }
        if (detailed) {
          fill();
        } else {
          var button = el('button', { type: 'button', className: 'more', text: '显示' + (names[body] || body) + '的 ' + list.length + ' 项变化' });
          button.onclick = function () {
            section.removeChild(button);
            fill();
          };
          section.appendChild(button);
        }
        resultEl.appendChild(section);
      })(order[o]);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Wiring

  function choose(select, id) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === id) {
        select.selectedIndex = i;
        return true;
      }
    }
    return false;
  }

  function start(fromId, toId) {
    if (index) {
      run(fromId, toId);
      return;
    }
    setStatus('正在读取版本数据……');
    getJSON(indexUrl, function (err, data) {
      if (err) {
        setStatus('无法读取版本数据（' + err.message + '）。请在网站上（而不是直接从本地文件）打开本页。');
        return;
      }
      index = data;
      for (var c = 0; c < index.columns.length; c++) {
        col[index.columns[c].key] = c;
      }
      run(fromId, toId);
    });
  }

  form.onsubmit = function (event) {
    var fromId = fromSel.value;
    var toId = toSel.value;
    if (window.history && window.history.pushState) {
      if (event && event.preventDefault) {
        event.preventDefault();
      }
      window.history.pushState(null, '', '?from=' + encodeURIComponent(fromId) + '&to=' + encodeURIComponent(toId));
      start(fromId, toId);
      return false;
    }
    return true;
  };

  window.onpopstate = function () {
    var f = param('from');
    var t = param('to');
    if (f && t && choose(fromSel, f) && choose(toSel, t)) {
      start(f, t);
    }
  };

  var initialFrom = param('from');
  var initialTo = param('to');
  if (initialFrom) {
    choose(fromSel, initialFrom);
  }
  if (initialTo && choose(toSel, initialTo) && !initialFrom) {
    // Only the newer version given (from a release page): compare with the one before it.
    fromSel.selectedIndex = Math.max(0, toSel.selectedIndex - 1);
  }
  if (initialFrom || initialTo) {
    start(fromSel.value, toSel.value);
  }
});
