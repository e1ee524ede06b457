// citeproc-js (the npm package `citeproc`, the CSL processor Zotero uses) as an oracle for the
// tests: reads {style, lang, locales, items, clusters} as JSON on stdin and writes
// {entries: {id: html}, order: [id], citations: [html]} on stdout. No network: the style and the
// locales come from the caller.
"use strict";
const path = require("path");
const CSL = require(path.join(__dirname, "..", "..", "node_modules", "citeproc", "citeproc_commonjs.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const items = {};
  for (const item of request.items) items[item.id] = item;
  const sys = {
    retrieveLocale: (lang) => request.locales[lang] || request.locales["en-US"],
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, request.style, request.lang, true);
  // URLs and DOIs as links, as pandoc writes them.
  engine.opt.development_extensions.wrap_url_and_doi = true;
  engine.updateItems(Object.keys(items));
  const [meta, bibliography] = engine.makeBibliography();
  const entries = {};
  const order = [];
  meta.entry_ids.forEach((ids, i) => {
    entries[ids[0]] = bibliography[i];
    order.push(ids[0]);
  });
  const citations = (request.clusters || []).map((cluster) => engine.makeCitationCluster(cluster));
  process.stdout.write(JSON.stringify({ entries, order, citations }));
});
