/*! qingdan search runtime: no dependencies, no WASM, ES5 (older browsers work too).
 *
 * Mirrors src/search/analyzer.rs (normalize, plan) and src/search/query.rs (search, rank,
 * diversify, fold) exactly; a test runs both on the same queries and compares terms and ranked results.
 * The index format is described in src/search/shards.rs and docs/search.md.
 */
(function (global) {
  'use strict';

  var ALPHABET = '0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVwxyzWXYZ-_';
  var DIGIT = {};
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  var VERSION = 3;
  var LEXICON = '^', EXACT = '=', MAX_POSITION = 31;
  var PAGE = 10;

  // ---- text -------------------------------------------------------------------------------

  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
          out.push((c - 0xD800) * 0x400 + (d - 0xDC00) + 0x10000);
          i++;
          continue;
        }
      }
      out.push(c);
    }
    return out;
  }

  function fromCodePoint(cp) {
    if (cp < 0x10000) return String.fromCharCode(cp);
    cp -= 0x10000;
    return String.fromCharCode(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
  }

  function isCjk(cp) {
    return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F) || (cp >= 0x30000 && cp <= 0x323AF);
  }

  function isWordChar(cp) {
    return (cp >= 0x61 && cp <= 0x7A) || (cp >= 0x30 && cp <= 0x39);
  }

  function nfkc(text) {
    if (typeof text.normalize === 'function') return text.normalize('NFKC');
    // Browsers without String.prototype.normalize: full-width ASCII and the ideographic space.
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) out += String.fromCharCode(c - 0xFEE0);
      else if (c === 0x3000) out += ' ';
      else out += text.charAt(i);
    }
    return out;
  }

  /** The analyzer, configured by the index's meta.json (syllables, t2s pairs). */
  function Analyzer(meta) {
    this.t2s = {};
    var cps = codePoints(meta.t2s || '');
    for (var i = 0; i + 1 < cps.length; i += 2) this.t2s[cps[i]] = cps[i + 1];
    this.syllables = {};
    var list = (meta.syllables || '').split(' ');
    for (var j = 0; j < list.length; j++) if (list[j]) this.syllables[list[j]] = true;
    this.mark = meta.mark || '~';
  }

  /** NFKC, traditional to simplified, ASCII lowercase, ü to v: as code points. */
  Analyzer.prototype.normalizeCodePoints = function (text) {
    var cps = codePoints(nfkc(text));
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (c >= 0x41 && c <= 0x5A) cps[i] = c + 32;
      else if (c === 0xFC || c === 0xDC) cps[i] = 0x76;
      else if (isCjk(c) && this.t2s.hasOwnProperty(c)) cps[i] = this.t2s[c];
    }
    return cps;
  };

  Analyzer.prototype.normalize = function (text) {
    var cps = this.normalizeCodePoints(text), out = '';
    for (var i = 0; i < cps.length; i++) out += fromCodePoint(cps[i]);
    return out;
  };

  /** CJK runs ({cjk: [chars]}) and words ({word: 'abc'}) of normalized text. */
  function segments(cps) {
    var segs = [], cjk = [], word = '';
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (isCjk(c)) {
        if (word) { segs.push({ word: word }); word = ''; }
        cjk.push(fromCodePoint(c));
      } else {
        if (cjk.length) { segs.push({ cjk: cjk }); cjk = []; }
        if (isWordChar(c)) word += String.fromCharCode(c);
        else if (word) { segs.push({ word: word }); word = ''; }
      }
    }
    if (cjk.length) segs.push({ cjk: cjk });
    if (word) segs.push({ word: word });
    return segs;
  }

  /** Splits a typed word into syllables (fewest syllables, then longest first), or null. */
  Analyzer.prototype.split = function (word) {
    var MAX = 6, n = word.length, best = [], INF = 1e9, i, len;
    if (!n) return null;
    for (i = 0; i <= n; i++) best.push(INF);
    best[n] = 0;
    for (i = n - 1; i >= 0; i--) {
      for (len = 1; len <= MAX && i + len <= n; len++) {
        if (best[i + len] !== INF && this.syllables.hasOwnProperty(word.substr(i, len))) {
          best[i] = Math.min(best[i], best[i + len] + 1);
        }
      }
    }
    if (best[0] === INF) return null;
    var out = [];
    i = 0;
    while (i < n) {
      var found = 0;
      for (len = Math.min(MAX, n - i); len >= 1; len--) {
        if (best[i + len] !== INF && best[i + len] + 1 === best[i] && this.syllables.hasOwnProperty(word.substr(i, len))) {
          found = len;
          break;
        }
      }
      if (!found) return null;
      out.push(word.substr(i, found));
      i += found;
    }
    return out;
  };

  function bit(pos) { return (1 << Math.min(pos, MAX_POSITION)) >>> 0; }
  function bits(from, len) { var m = 0; for (var i = from; i < from + len; i++) m = (m | bit(i)) >>> 0; return m; }

  /** FNV-1a over UTF-16 code units (analyzer::fnv1a), as an unsigned integer. */
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul ? Math.imul(h, 0x01000193) : mul32(h, 0x01000193);
    }
    return h >>> 0;
  }

  function pushNumber(v) {
    var out = '';
    for (;;) {
      var digit = v % 32;
      v = Math.floor(v / 32);
      if (v === 0) return out + ALPHABET.charAt(digit);
      out += ALPHABET.charAt(digit + 32);
    }
  }

  /** The exact key of a query: '=' and the hash of its compact form (analyzer::exact_token). */
  Analyzer.prototype.exactToken = function (query) {
    var cps = this.normalizeCodePoints(query), key = '';
    for (var i = 0; i < cps.length; i++) if (isCjk(cps[i]) || isWordChar(cps[i])) key += fromCodePoint(cps[i]);
    return key ? EXACT + pushNumber(fnv1a(key)) : null;
  };

  /** The query plan: the same rules as analyzer::plan. */
  Analyzer.prototype.plan = function (query) {
    var self = this, plan = { terms: [], chars: [] }, index = {}, run = [], pos = 0, group = 0;
    function push(text, span, grp, pair) {
      if (index.hasOwnProperty(text)) { var t = plan.terms[index[text]]; t.span = (t.span | span) >>> 0; return; }
      index[text] = plan.terms.length;
      plan.terms.push({ text: text, span: span, group: grp, exact: false, pair: pair });
    }
    function flush() {
      var syl = [], i;
      for (i = 0; i < run.length; i++) for (var j = 0; j < run[i].s.length; j++) syl.push({ s: run[i].s[j], p: run[i].p + j });
      if (syl.length === 1) {
        push(syl[0].s, bit(syl[0].p), 0, null);
      } else if (syl.length > 1) {
        for (i = 0; i < run.length; i++) if (run[i].s.length >= 2) push(run[i].w, bits(run[i].p, run[i].s.length), 0, null);
        for (i = 0; i + 1 < syl.length; i++) push(syl[i].s + syl[i + 1].s, (bit(syl[i].p) | bit(syl[i + 1].p)) >>> 0, 0, null);
        var whole = '', span = 0;
        for (i = 0; i < syl.length; i++) { whole += syl[i].s; span = (span | bit(syl[i].p)) >>> 0; }
        push(LEXICON + whole, span, 0, null);
      }
      run = [];
    }
    var segs = segments(this.normalizeCodePoints(query));
    for (var k = 0; k < segs.length; k++) {
      var seg = segs[k];
      if (seg.cjk) {
        flush();
        var c = seg.cjk;
        if (c.length === 1) push(c[0], bit(pos), 0, null);
        else {
          for (var i = 0; i + 1 < c.length; i++) push(c[i] + c[i + 1], (bit(pos + i) | bit(pos + i + 1)) >>> 0, 0, [c[i], c[i + 1]]);
          for (var m = 0; m < c.length; m++) plan.chars.push([c[m], pos + m]);
        }
        pos += c.length;
      } else {
        var w = seg.word, letters = /^[a-z]+$/.test(w);
        var s = letters ? self.split(w) : null;
        if (s) {
          run.push({ w: w, s: s, p: pos });
          pos += s.length;
        } else {
          flush();
          var n = letters ? w.length : 1;
          push(w, bits(pos, n), 0, null);
          if (letters && w.length === 2) push(self.mark + w, bits(pos, 2), 0, null);
          else if (letters && w.length > 2) {
            group += 1;
            for (var j = 0; j + 2 < w.length; j++) push(self.mark + w.substr(j, 3), bits(pos + j, 3), group, null);
          }
          pos += n;
        }
      }
    }
    flush();
    var exact = this.exactToken(query);
    if (exact) plan.terms.push({ text: exact, span: 0, group: 0, exact: true, pair: null });
    return plan;
  };

  /** The terms a query looks up, in order (analyzer::query_terms). */
  Analyzer.prototype.queryTerms = function (query) {
    return this.plan(query).terms.map(function (t) { return t.text; });
  };

  /** Homophones of the bigrams nothing has (Plan::homophones); `reading(char)` gives a
   *  character's first reading or null. */
  function homophones(plan, dfZero, reading) {
    var covered = 0, out = [], have = {}, i;
    for (i = 0; i < plan.terms.length; i++) {
      var t = plan.terms[i];
      have[t.text] = true;
      if (!t.exact && !dfZero(t.text)) covered = (covered | t.span) >>> 0;
    }
    for (i = 0; i < plan.terms.length; i++) {
      var u = plan.terms[i];
      if (!u.pair || !dfZero(u.text) || ((u.span & ~covered) >>> 0) === 0) continue;
      var x = reading(u.pair[0]), y = reading(u.pair[1]);
      if (x && y && !have[x + y]) {
        have[x + y] = true;
        out.push({ text: x + y, span: u.span, group: 0, exact: false, pair: null });
      }
    }
    return out;
  }

  /** Single characters of CJK runs of two or more (Plan::unigrams). */
  function unigrams(plan) {
    var out = [], at = {}, have = {}, i;
    for (i = 0; i < plan.terms.length; i++) have[plan.terms[i].text] = true;
    for (i = 0; i < plan.chars.length; i++) {
      var c = plan.chars[i][0], b = bit(plan.chars[i][1]);
      if (at.hasOwnProperty(c)) out[at[c]].span = (out[at[c]].span | b) >>> 0;
      else if (!have[c]) { at[c] = out.length; out.push({ text: c, span: b, group: 0, exact: false, pair: null }); }
    }
    return out;
  }

  // ---- index ------------------------------------------------------------------------------

  function readNumbers(s) {
    var out = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var c = DIGIT[s.charCodeAt(i)] || 0;
      v += (c & 31) * mul;
      mul *= 32;
      if (c < 32) { out.push(v); v = 0; mul = 1; }
    }
    return out;
  }

  /** FNV-1a over UTF-16 code units: the shard of a term. */
  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul ? Math.imul(h, 0x01000193) : mul32(h, 0x01000193);
    }
    return (h >>> 0) % shards;
  }

  function mul32(a, b) {
    var ah = (a >>> 16) & 0xffff, al = a & 0xffff, bh = (b >>> 16) & 0xffff, bl = b & 0xffff;
    return ((al * bl) + (((ah * bl + al * bh) << 16) >>> 0)) | 0;
  }

  function popcount(m) {
    var n = 0;
    m = m >>> 0;
    while (m) { m = (m & (m - 1)) >>> 0; n++; }
    return n;
  }

  /** Ranks documents: exact key, coverage, score, id; then diversify (query::rank). */
  function rank(terms) {
    var acc = {}, docs = [], i, j, inGroup = {}, groupSize = {};
    for (i = 0; i < terms.length; i++) {
      var g = terms[i].group;
      if (!g) continue;
      groupSize[g] = (groupSize[g] || 0) + 1;
      for (j = 0; j < terms[i].postings.length; j++) {
        var key = g + ':' + terms[i].postings[j].doc;
        inGroup[key] = (inGroup[key] || 0) + 1;
      }
    }
    for (i = 0; i < terms.length; i++) {
      var t = terms[i];
      for (j = 0; j < t.postings.length; j++) {
        var p = t.postings[j];
        if (t.group && inGroup[t.group + ':' + p.doc] !== groupSize[t.group]) continue;
        var e = acc[p.doc];
        if (!e) { e = acc[p.doc] = { doc: p.doc, matched: 0, score: 0, cls: p.cls, dept: p.dept, exact: false, mask: 0 }; docs.push(e); }
        if (t.exact) e.exact = true;
        else {
          e.mask = (e.mask | t.span) >>> 0;
          e.score += t.idf * p.weight;
        }
      }
    }
    var hits = [];
    for (i = 0; i < docs.length; i++) {
      docs[i].matched = popcount(docs[i].mask);
      if (docs[i].matched > 0 || docs[i].exact) hits.push(docs[i]);
    }
    hits.sort(function (x, y) {
      return (y.exact - x.exact) || (y.matched - x.matched) || (y.score - x.score) || (x.doc - y.doc);
    });
    return diversify(hits);
  }

  /** Deals hits in rounds: the first of each (exact, matched, score, class), then the second... */
  function diversify(hits) {
    var seen = {}, dealt = [], i;
    for (i = 0; i < hits.length; i++) {
      var h = hits[i], key = (h.exact ? 1 : 0) + ':' + h.matched + ':' + h.score + ':' + h.cls;
      seen[key] = (seen[key] || 0) + 1;
      dealt.push({ round: seen[key], i: i, h: h });
    }
    dealt.sort(function (x, y) { return x.round - y.round || x.i - y.i; });
    var out = [];
    for (i = 0; i < dealt.length; i++) out.push(dealt[i].h);
    return out;
  }

  /** Folds near-duplicate titles into the best-ranked of them (query::fold): `dups` maps a
   *  document to the first of its group. Each result gets `variants` (document ids). */
  function fold(hits, dups) {
    var at = {}, out = [];
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i], key = dups.hasOwnProperty(h.doc) ? dups[h.doc] : h.doc;
      if (at.hasOwnProperty(key)) out[at[key]].variants.push(h.doc);
      else { at[key] = out.length; h.variants = []; out.push(h); }
    }
    return out;
  }

  /**
   * The index at `base` (a URL or directory ending in /), read through `load(path, callback)`
   * where callback(error, parsedJson).
   */
  function Engine(base, load) {
    this.base = base;
    this.load = load;
    this.files = {};
    this.meta = null;
    this.analyzer = null;
  }

  Engine.prototype.file = function (path, cb) {
    var files = this.files, entry = files[path];
    if (entry && entry.done) return cb(entry.error, entry.value);
    if (entry) { entry.waiting.push(cb); return; }
    entry = files[path] = { done: false, waiting: [cb] };
    this.load(this.base + path, function (error, value) {
      entry.done = true;
      entry.error = error;
      entry.value = value;
      if (error) delete files[path];
      var w = entry.waiting;
      entry.waiting = [];
      for (var i = 0; i < w.length; i++) w[i](error, value);
    });
  };

  Engine.prototype.ready = function (cb) {
    var self = this;
    if (self.meta) return cb(null);
    self.file('meta.json', function (error, meta) {
      if (error) return cb(error);
      if (!meta || meta.v !== VERSION) return cb(new Error('index version'));
      if (!self.meta) {
        self.meta = meta;
        self.analyzer = new Analyzer(meta);
        var runs = readNumbers(meta.runs), start = 0;
        self.runStarts = [];
        self.runBodies = [];
        for (var i = 0; i + 1 < runs.length; i += 2) {
          start += runs[i];
          self.runStarts.push(start);
          self.runBodies.push(runs[i + 1]);
        }
        var d = readNumbers(meta.dups || ''), doc = 0;
        self.dups = {};
        for (var k = 0; k + 1 < d.length; k += 2) { doc += d[k]; self.dups[doc] = doc - d[k + 1]; }
        self.syllableList = (meta.syllables || '').split(' ');
      }
      cb(null);
    });
  };

  /** The departments (body indexes) a posting's department number stands for: none, one, or
   *  a set of meta.json's deptSets (items that name several). */
  Engine.prototype.depts = function (n) {
    if (!n) return [];
    if (n <= this.meta.bodies) return [n - 1];
    return (this.meta.deptSets || [])[n - this.meta.bodies - 1] || [];
  };

  /** The body a document belongs to, from the runs of meta.json. */
  Engine.prototype.bodyOf = function (doc) {
    var lo = 0, hi = this.runStarts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.runStarts[mid] <= doc) lo = mid; else hi = mid - 1;
    }
    return this.runBodies[lo];
  };

  /** One term's idf, df and postings ({doc, weight, cls, dept}). */
  Engine.prototype.term = function (term, cb) {
    var self = this;
    var file = term.charAt(0) === EXACT ? 'exact/' + shardOf(term, self.meta.exactShards || 1) : 'shards/' + shardOf(term, self.meta.shards);
    self.file(file + '.json', function (error, shard) {
      if (error) return cb(error);
      var e = shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      if (!e) return cb(null, { term: term, idf: 0, df: 0, postings: [] });
      if (e.decoded) return cb(null, e.decoded);
      var decode = function (s) {
        var n = readNumbers(s), postings = [], doc = 0;
        for (var i = 0; i + 3 < n.length; i += 4) {
          doc += n[i];
          postings.push({ doc: doc, weight: n[i + 1], cls: n[i + 2], dept: self.depts(n[i + 3]) });
        }
        e.decoded = { term: term, idf: e[0], df: e[1], postings: postings };
        cb(null, e.decoded);
      };
      if (typeof e[2] !== 'number') return decode(e[2]);
      // A common term: its postings have a file of their own.
      self.file('terms/' + e[2] + '.json', function (error, s) {
        if (error) return cb(error);
        decode(s);
      });
    });
  };

  /** Looks up query terms: cb(error, [term with span, group, exact]) in order. */
  Engine.prototype.lookup = function (list, cb) {
    var self = this, out = [], left = list.length, failed = null;
    if (!left) return cb(null, out);
    for (var i = 0; i < list.length; i++) {
      (function (i) {
        self.term(list[i].text, function (error, t) {
          if (error) failed = error;
          else out[i] = { term: t.term, idf: t.idf, df: t.df, postings: t.postings, span: list[i].span, group: list[i].group, exact: list[i].exact };
          if (--left === 0) cb(failed, out);
        });
      })(i);
    }
  };

  /** First readings of characters (search/pinyin/<n>.json): cb(error, reading(char)). */
  Engine.prototype.readings = function (chars, cb) {
    var self = this, FIRST = 0x3400, END = 0xA000, CHUNK = 4096, files = {}, keys = [], got = {};
    for (var i = 0; i < chars.length; i++) {
      var cp = codePoints(chars[i])[0];
      if (cp >= FIRST && cp < END) {
        var n = Math.floor((cp - FIRST) / CHUNK);
        if (!files[n]) { files[n] = true; keys.push(n); }
      }
    }
    var reading = function (c) {
      var cp = codePoints(c)[0];
      if (!(cp >= FIRST && cp < END)) return null;
      var list = got[Math.floor((cp - FIRST) / CHUNK)];
      var v = list ? list[(cp - FIRST) % CHUNK] : 0;
      return v ? self.syllableList[v - 1] : null;
    };
    var left = keys.length, failed = null;
    if (!left) return cb(null, reading);
    for (var k = 0; k < keys.length; k++) {
      (function (n) {
        self.file('pinyin/' + n + '.json', function (error, s) {
          if (error) failed = error;
          else got[n] = readNumbers(s);
          if (--left === 0) cb(failed, reading);
        });
      })(keys[k]);
    }
  };

  /** Runs a query (query::search): cb(error, {terms, hits, fallback}) with hits ranked and
   *  near-duplicates folded. */
  Engine.prototype.search = function (query, cb) {
    var self = this;
    self.ready(function (error) {
      if (error) return cb(error);
      var plan = self.analyzer.plan(query);
      if (!plan.terms.length) return cb(null, { terms: [], hits: [], fallback: 0 });
      self.lookup(plan.terms, function (error, terms) {
        if (error) return cb(error);
        var zero = {}, pairs = [], i;
        for (i = 0; i < terms.length; i++) if (!terms[i].df) zero[plan.terms[i].text] = true;
        for (i = 0; i < plan.terms.length; i++) {
          var t = plan.terms[i];
          if (t.pair && zero[t.text]) pairs.push(t.pair[0], t.pair[1]);
        }
        var dfZero = function (text) { return zero.hasOwnProperty(text); };
        var finish = function (terms, fallback) {
          var hits = rank(terms);
          var done = function (terms, hits, fallback) {
            hits = fold(hits, self.dups);
            for (var j = 0; j < hits.length; j++) hits[j].body = self.bodyOf(hits[j].doc);
            cb(null, { terms: terms, hits: hits, fallback: fallback });
          };
          var uni = hits.length ? [] : unigrams(plan);
          if (!uni.length) return done(terms, hits, fallback);
          self.lookup(uni, function (error, more) {
            if (error) return cb(error);
            var all = terms.concat(more);
            done(all, rank(all), 2);
          });
        };
        if (!pairs.length) return finish(terms, 0);
        self.readings(pairs, function (error, reading) {
          if (error) return cb(error);
          var extra = homophones(plan, dfZero, reading);
          if (!extra.length) return finish(terms, 0);
          self.lookup(extra, function (error, more) {
            if (error) return cb(error);
            var found = false;
            for (var j = 0; j < more.length; j++) if (more[j].df > 0) found = true;
            finish(terms.concat(more), found ? 1 : 0);
          });
        });
      });
    });
  };

  /** Result records for documents: cb(error, [record]) in the same order. */
  Engine.prototype.records = function (docs, cb) {
    var self = this, chunk = self.meta.chunk, out = [], left = docs.length, failed = null;
    if (!left) return cb(null, []);
    for (var i = 0; i < docs.length; i++) {
      (function (i) {
        var d = docs[i];
        self.file('docs/' + Math.floor(d / chunk) + '.json', function (error, list) {
          if (error) failed = error;
          out[i] = list ? list[d % chunk] : null;
          if (--left === 0) cb(failed, out);
        });
      })(i);
    }
  };

  /** Body labels [code, name] by body index: cb(error, {index: [code, name]}). */
  Engine.prototype.labels = function (ids, cb) {
    var self = this, size = self.meta.labelChunk, chunks = {}, keys = [], out = {}, failed = null;
    for (var i = 0; i < ids.length; i++) {
      var c = Math.floor(ids[i] / size);
      if (!chunks[c]) { chunks[c] = true; keys.push(c); }
    }
    var left = keys.length;
    if (!left) return cb(null, out);
    for (var k = 0; k < keys.length; k++) {
      (function (c) {
        self.file('labels/' + c + '.json', function (error, list) {
          if (error) failed = error;
          if (list) for (var j = 0; j < list.length; j++) out[c * size + j] = list[j];
          if (--left === 0) cb(failed, out);
        });
      })(keys[k]);
    }
  };

  // ---- the page ---------------------------------------------------------------------------

  var FACETS = [
    { key: 'kind', title: '类别' },
    { key: 'body', title: '乡镇（街道）及部门' },
    { key: 'type', title: '权力类型' },
    { key: 'part', title: '清单部分' },
    { key: 'dept', title: '相关县直部门' }
  ];

  function xhrLoad(url, cb) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status !== 200 && xhr.status !== 0) return cb(new Error(url + ': ' + xhr.status));
      var value;
      try { value = JSON.parse(xhr.responseText); } catch (e) { return cb(e); }
      cb(null, value);
    };
    xhr.send();
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs.hasOwnProperty(k) && attrs[k] != null) {
      if (k === 'text') e.appendChild(document.createTextNode(attrs[k]));
      else e.setAttribute(k, attrs[k]);
    }
    if (children) for (var i = 0; i < children.length; i++) if (children[i]) {
      e.appendChild(typeof children[i] === 'string' ? document.createTextNode(children[i]) : children[i]);
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function readParams(search) {
    var out = { q: '' }, parts = (search || '').replace(/^\?/, '').split('&');
    for (var i = 0; i < FACETS.length; i++) out[FACETS[i].key] = [];
    for (var j = 0; j < parts.length; j++) {
      if (!parts[j]) continue;
      var kv = parts[j].split('='), k = decode(kv[0]), v = decode(kv.slice(1).join('='));
      if (k === 'q') out.q = v;
      else if (out.hasOwnProperty(k) && v) out[k].push(v);
    }
    return out;
  }

  function decode(s) {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; }
  }

  function writeParams(state) {
    var parts = [];
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    for (var i = 0; i < FACETS.length; i++) {
      var vals = state[FACETS[i].key];
      for (var j = 0; j < vals.length; j++) parts.push(FACETS[i].key + '=' + encodeURIComponent(vals[j]));
    }
    return parts.length ? '?' + parts.join('&') : location.pathname.split('/').pop();
  }

  /** Characters of `title` covered by a query term, for <mark>. */
  function highlight(analyzer, title, terms) {
    var chars = codePoints(title), norm = [], marks = [], i, j, k;
    for (i = 0; i < chars.length; i++) {
      norm.push(analyzer.normalize(fromCodePoint(chars[i])));
      marks.push(false);
    }
    for (k = 0; k < terms.length; k++) {
      var t = codePoints(terms[k]);
      if (!t.length || !isCjk(t[0])) continue;
      for (i = 0; i + t.length <= norm.length; i++) {
        var ok = true;
        for (j = 0; j < t.length; j++) if (norm[i + j] !== fromCodePoint(t[j])) { ok = false; break; }
        if (ok) for (j = 0; j < t.length; j++) marks[i + j] = true;
      }
    }
    var nodes = [], buf = '', on = false;
    for (i = 0; i <= chars.length; i++) {
      if (i === chars.length || marks[i] !== on) {
        if (buf) nodes.push(on ? el('mark', null, [buf]) : buf);
        buf = '';
        if (i < chars.length) on = marks[i];
      }
      if (i < chars.length) buf += fromCodePoint(chars[i]);
    }
    return nodes;
  }

  function App(root) {
    this.root = root;
    this.base = root.getAttribute('data-root') || '';
    this.engine = new Engine(this.base + QINGDAN_URLS.search, xhrLoad);
    this.form = document.getElementById('search-form');
    this.input = document.getElementById('search-q');
    this.status = document.getElementById('search-status');
    this.facets = document.getElementById('search-facets');
    this.list = document.getElementById('search-results');
    this.more = document.getElementById('search-more');
    this.seq = 0;
    this.state = readParams(location.search);
    this.result = null;
    this.shown = 0;
    var self = this, timer = null;
    root.removeAttribute('hidden');
    this.input.value = this.state.q;
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.setQuery(self.input.value, true);
    });
    this.input.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { self.setQuery(self.input.value, false); }, 200);
    });
    this.more.addEventListener('click', function () { self.showMore(); });
    window.addEventListener('popstate', function () {
      self.state = readParams(location.search);
      self.input.value = self.state.q;
      self.run();
    });
    this.run();
  }

  App.prototype.setQuery = function (q, push) {
    if (q === this.state.q && !push) return;
    var changed = q !== this.state.q;
    this.state.q = q;
    if (changed) {
      for (var i = 0; i < FACETS.length; i++) this.state[FACETS[i].key] = [];
      // The township (or department) the citizen chose stays chosen for the next query.
      this.state.body = remembered();
    }
    this.updateUrl(push);
    this.run();
  };

  /** The township filter remembered in this browser ([code, name] pairs), or []. */
  var REMEMBER = 'qingdan.search.body';
  function remembered() {
    try {
      var v = JSON.parse(window.localStorage.getItem(REMEMBER) || '[]');
      return Object.prototype.toString.call(v) === '[object Array]' ? v.map(function (x) { return String(x[0]); }) : [];
    } catch (e) { return []; }
  }
  function remember(pairs) {
    try {
      if (pairs.length) window.localStorage.setItem(REMEMBER, JSON.stringify(pairs));
      else window.localStorage.removeItem(REMEMBER);
    } catch (e) { /* storage disabled: nothing is remembered */ }
  }

  /** Saves the chosen townships with their names (for the bar above the results). */
  App.prototype.rememberBodies = function () {
    var labels = this.labelMap || {}, byCode = {}, pairs = [];
    for (var k in labels) if (labels.hasOwnProperty(k)) byCode[labels[k][0]] = labels[k][1];
    var old = {};
    try { JSON.parse(window.localStorage.getItem(REMEMBER) || '[]').forEach(function (x) { old[x[0]] = x[1]; }); } catch (e) { /* none */ }
    for (var i = 0; i < this.state.body.length; i++) {
      var c = this.state.body[i];
      pairs.push([c, byCode[c] || old[c] || c]);
    }
    remember(pairs);
  };

  /** The bar above the results: which township is remembered, and a button to clear it. */
  App.prototype.renderRemembered = function () {
    var bar = document.getElementById('search-remembered');
    if (!bar) return;
    clear(bar);
    var names = [], self = this, saved = {};
    try { JSON.parse(window.localStorage.getItem(REMEMBER) || '[]').forEach(function (x) { saved[x[0]] = x[1]; }); } catch (e) { /* none */ }
    for (var i = 0; i < this.state.body.length; i++) if (saved.hasOwnProperty(this.state.body[i])) names.push(saved[this.state.body[i]]);
    bar.hidden = !names.length;
    if (!names.length) return;
    var button = el('button', { type: 'button', 'class': 'clear-filter' }, ['清除']);
    button.addEventListener('click', function () {
      remember([]);
      self.state.body = [];
      self.updateUrl(false);
      self.renderFacets();
      self.visible = self.filtered(null);
      clear(self.list);
      self.shown = 0;
      self.describe();
      self.showMore();
      self.renderRemembered();
      self.input.focus();
    });
    bar.appendChild(document.createTextNode('只看：' + names.join('、') + '（已记住，下次搜索仍只看这里） '));
    bar.appendChild(button);
  };

  App.prototype.updateUrl = function (push) {
    if (!window.history || !history.replaceState) return;
    var url = writeParams(this.state);
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  };

  App.prototype.run = function () {
    var self = this, seq = ++this.seq, q = this.state.q;
    if (!q.replace(/\s+/g, '')) {
      this.result = null;
      clear(this.list); clear(this.facets);
      this.more.hidden = true;
      this.status.textContent = '输入事项名称、机构、法律法规名称或拼音（如 dibao、hydj）。';
      return;
    }
    this.status.textContent = '正在搜索……';
    var started = now();
    this.engine.search(q, function (error, result) {
      if (seq !== self.seq) return;
      if (error) { self.status.textContent = '搜索索引加载失败，请检查网络后重试。'; return; }
      self.result = result;
      self.rankMs = now() - started;
      self.render(seq);
    });
  };

  /** Hits passing every selected facet except `skip` (a hit with several departments passes
   *  the department facet when one of them is selected). */
  App.prototype.filtered = function (skip) {
    var hits = this.result.hits, out = [], st = this.state;
    for (var i = 0; i < hits.length; i++) {
      var v = this.values(hits[i]), ok = true;
      for (var f = 0; f < FACETS.length && ok; f++) {
        var key = FACETS[f].key;
        if (key === skip || !st[key].length) continue;
        var vs = [].concat(v[key]), any = false;
        for (var k = 0; k < vs.length && !any; k++) any = st[key].indexOf(vs[k]) >= 0;
        if (!any) ok = false;
      }
      if (ok) out.push(hits[i]);
    }
    return out;
  };

  /** Facet values of a hit, as they appear in URLs (body codes, labels); `dept` is a list. */
  App.prototype.values = function (hit) {
    var cls = this.engine.meta.classes[hit.cls] || ['', '', ''];
    var labels = this.labelMap || {};
    return {
      kind: cls[0],
      part: cls[1],
      type: cls[2],
      body: labels[hit.body] ? labels[hit.body][0] : String(hit.body),
      dept: hit.dept.map(function (d) { return labels[d] ? labels[d][0] : String(d); })
    };
  };

  App.prototype.render = function (seq) {
    var self = this, hits = this.result.hits, ids = [], seen = {};
    for (var i = 0; i < hits.length; i++) {
      var b = hits[i].body, ds = hits[i].dept;
      if (!seen[b]) { seen[b] = true; ids.push(b); }
      for (var k = 0; k < ds.length; k++) if (!seen[ds[k]]) { seen[ds[k]] = true; ids.push(ds[k]); }
    }
    this.engine.labels(ids, function (error, labels) {
      if (seq !== self.seq) return;
      self.labelMap = labels || {};
      self.renderFacets();
      self.renderRemembered();
      self.visible = self.filtered(null);
      clear(self.list);
      self.shown = 0;
      self.describe();
      self.showMore();
    });
  };

  App.prototype.describe = function () {
    var n = this.visible.length, q = this.state.q, capped = [];
    var terms = this.result.terms;
    for (var i = 0; i < terms.length; i++) if (terms[i].df > this.engine.meta.cap) capped.push(terms[i].term);
    var text;
    if (!this.result.hits.length) text = '没有找到与“' + q + '”相符的结果。可以换一个更短的词，或用拼音、拼音首字母（如 dibao、hydj）。';
    else if (n < this.result.hits.length) text = '“' + q + '”：筛选后 ' + n + ' 条结果（共 ' + this.result.hits.length + ' 条）。';
    else text = '“' + q + '”：找到 ' + n + ' 条结果。';
    if (capped.length) text += '其中“' + capped.join('”“') + '”很常见，只列出最相关的部分。';
    if (this.result.fallback && this.result.hits.length) text += '没有完全相符的结果，以下是读音相近或部分相符的结果。';
    this.status.textContent = text;
    this.suggest = null;
  };

  /** "Did you mean": the first result's title, as a link searching for it, when only the
   *  fallback found results (the terminal says the same). */
  App.prototype.didYouMean = function (title) {
    var self = this;
    if (this.suggest || !title) return;
    var link = el('a', { href: '?q=' + encodeURIComponent(title), id: 'search-suggest' }, [title]);
    link.addEventListener('click', function (e) {
      e.preventDefault();
      self.input.value = title;
      self.setQuery(title, true);
    });
    this.suggest = el('span', null, [' 您是不是要找：“', link, '”？']);
    this.status.appendChild(this.suggest);
  };

  App.prototype.showMore = function () {
    var self = this, seq = this.seq, from = this.shown, page = this.visible.slice(from, from + PAGE);
    var docs = [], at = [];
    for (var i = 0; i < page.length; i++) {
      at.push(docs.length);
      docs.push(page[i].doc);
      for (var v = 0; v < (page[i].variants || []).length; v++) docs.push(page[i].variants[v]);
    }
    at.push(docs.length);
    this.shown = from + page.length;
    this.more.hidden = this.shown >= this.visible.length;
    this.engine.records(docs, function (error, records) {
      if (seq !== self.seq) return;
      for (var i = 0; i + 1 < at.length; i++) {
        var r = records[at[i]];
        if (r) self.list.appendChild(self.item(r, records.slice(at[i] + 1, at[i + 1])));
      }
      if (from === 0 && self.result.fallback && records[0]) self.didYouMean(records[0].t);
      if (error) self.status.textContent = '部分结果加载失败，请重试。';
    });
  };

  App.prototype.item = function (r, variants) {
    var terms = this.result.terms.map(function (t) { return t.term; });
    var kicker = [r.k, r.p, r.y].filter(Boolean).join(' · ');
    var who = [r.b !== r.t ? r.b : null, r.d && r.d !== r.b ? r.d : null].filter(Boolean).join(' · ');
    var children = [
      el('p', { 'class': 'result-kind' }, [kicker + (r.s ? '（' + r.s + '）' : '')]),
      el('h2', null, [el('a', { href: this.base + r.u }, highlight(this.engine.analyzer, r.t, terms))]),
      who ? el('p', { 'class': 'result-body' }, [who]) : null
    ];
    if (r.w || r.o || r.ph) {
      var where = r.w ? (r.k === '机构' ? r.w : '到哪里办：' + r.w) : (r.o ? '承办：' + r.o : '');
      var line = el('p', { 'class': 'result-where' }, [where]);
      if (r.ph) {
        if (where) line.appendChild(document.createTextNode(' · '));
        line.appendChild(document.createTextNode('电话 '));
        line.appendChild(el('a', { href: 'tel:' + r.ph.replace(/[^0-9+]/g, '') }, [r.ph]));
      }
      children.push(line);
    }
    variants = (variants || []).filter(Boolean);
    if (variants.length) {
      var list = el('ul', { 'class': 'result-variants' }, []);
      for (var v = 0; v < variants.length; v++) {
        list.appendChild(el('li', null, [el('a', { href: this.base + variants[v].u }, [variants[v].t])]));
      }
      children.push(el('details', { 'class': 'result-more' }, [el('summary', { text: '相近条目 ' + variants.length + ' 个' }), list]));
    }
    return el('li', { 'class': 'result' }, children);
  };

  App.prototype.renderFacets = function () {
    var self = this, labels = this.labelMap;
    clear(this.facets);
    if (!this.result.hits.length) return;
    for (var f = 0; f < FACETS.length; f++) {
      var facet = FACETS[f], counts = {}, order = [], hits = this.filtered(facet.key);
      for (var i = 0; i < hits.length; i++) {
        // A hit counts once under each of its values (departments: each it names).
        var vs = [].concat(this.values(hits[i])[facet.key]);
        for (var j = 0; j < vs.length; j++) {
          var v = vs[j];
          if (!v) continue;
          if (!counts[v]) { counts[v] = { value: v, n: 0, first: i, label: v }; order.push(counts[v]); }
          counts[v].n++;
          if (facet.key === 'body') counts[v].label = labels[hits[i].body] ? labels[hits[i].body][1] : v;
          if (facet.key === 'dept') counts[v].label = labels[hits[i].dept[j]] ? labels[hits[i].dept[j]][1] : v;
        }
      }
      var selected = this.state[facet.key];
      for (var s = 0; s < selected.length; s++) if (!counts[selected[s]]) {
        counts[selected[s]] = { value: selected[s], n: 0, first: 1e9, label: selected[s] };
        order.push(counts[selected[s]]);
      }
      if (!order.length) continue;
      order.sort(function (x, y) { return y.n - x.n || x.first - y.first; });
      var box = el('fieldset', { 'class': 'facet facet-' + facet.key }, [el('legend', { text: facet.title })]);
      var extra = null;
      for (var k = 0; k < order.length; k++) {
        var o = order[k], id = 'f-' + facet.key + '-' + k;
        var input = el('input', { type: 'checkbox', id: id, 'data-facet': facet.key, 'data-value': o.value });
        input.checked = selected.indexOf(o.value) >= 0;
        input.addEventListener('change', function () { self.toggle(this.getAttribute('data-facet'), this.getAttribute('data-value'), this.checked); });
        var row = el('div', { 'class': 'facet-row' }, [input, el('label', { 'for': id }, [o.label + ' ', el('span', { 'class': 'count', text: '(' + o.n + ')' })])]);
        if (k < 8 || input.checked) box.appendChild(row);
        else {
          if (!extra) { extra = el('details', null, [el('summary', { text: '更多（' + (order.length - 8) + '）' })]); }
          extra.appendChild(row);
        }
      }
      if (extra) box.appendChild(extra);
      this.facets.appendChild(box);
    }
  };

  App.prototype.toggle = function (key, value, on) {
    var list = this.state[key], at = list.indexOf(value);
    if (on && at < 0) list.push(value);
    if (!on && at >= 0) list.splice(at, 1);
    if (key === 'body') { this.rememberBodies(); this.renderRemembered(); }
    this.updateUrl(false);
    this.renderFacets();
    this.visible = this.filtered(null);
    clear(this.list);
    this.shown = 0;
    this.describe();
    this.showMore();
    var box = document.getElementById('search-facets');
    var again = box.querySelector('input[data-facet="' + key + '"][data-value="' + String(value).replace(/"/g, '\\"') + '"]');
    if (again) again.focus();
  };

  function now() {
    return window.performance && performance.now ? performance.now() : new Date().getTime();
  }

  var api = {
    Analyzer: Analyzer,
    Engine: Engine,
    rank: rank,
    shardOf: shardOf,
    readNumbers: readNumbers,
    App: App
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    global.QingdanSearch = api;
    var start = function () {
      var root = document.getElementById('search-app');
      if (root) global.qingdanSearchApp = new App(root);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(this);
