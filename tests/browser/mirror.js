// Runs the browser runtime (themes/default/static/search.js) in node on a built static index,
// for tests/search.rs to compare with the Rust analyzer and ranking.
//
//   node mirror.js <public/search dir> <queries.json>
//
// Prints JSON: [{q, norm, terms, hits: [[doc, matched, score], ...], variants, exact, fallback,
// depts: [[body index, ...], ...]}]
// in query order (`depts`: each hit's departments, as the department facet reads them).
'use strict';
const fs = require('fs');
const path = require('path');
const S = require(path.join(__dirname, '../../themes/default/static/search.js'));

const dir = process.argv[2];
const queries = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const load = (p, cb) => {
  let value;
  try {
    value = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    return cb(e);
  }
  cb(null, value);
};
const engine = new S.Engine(dir.replace(/\/?$/, '/'), load);
const out = [];
engine.ready((error) => {
  if (error) throw error;
  for (const q of queries) {
    engine.search(q, (err, r) => {
      if (err) throw err;
      out.push({
        q,
        norm: engine.analyzer.normalize(q),
        terms: engine.analyzer.queryTerms(q),
        hits: r.hits.map((h) => [h.doc, h.matched, h.score]),
        variants: r.hits.map((h) => h.variants),
        exact: r.hits.map((h) => h.exact),
        fallback: r.fallback,
        depts: r.hits.map((h) => h.dept),
      });
    });
  }
  process.stdout.write(JSON.stringify(out));
});
