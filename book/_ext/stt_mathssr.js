// Typeset TeX to MathJax SVG at build time (called by book/_ext/stt_mathssr.py).
//
// stdin:  {"formulas": [{"tex": "...", "display": bool}, ...], "tex": {TeX input options}}
// stdout: {"html": [markup per formula], "size": [[width, height, depth] of each, in em],
//          "glyphs": {id: SVG path data}, "css": "stylesheet", "errors": [{"index", "message"}]}
//
// SVG output with a global font cache: a formula draws each glyph with <use href="#MJX-...">,
// and "glyphs" holds the path of every glyph id; the Python side puts on each page the paths its
// formulas use. No web font is involved, so a page's layout is final at its first paint.
"use strict";
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {SVG} = require("mathjax-full/js/output/svg.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const errors = [];
  let current = -1;
  const texOptions = Object.assign({}, job.tex || {}, {
    packages: AllPackages.filter((p) => p !== "bussproofs"),
    formatError(jax, err) {
      errors.push({index: current, message: err.message});
      return jax.formatError(err);
    },
  });
  const tex = new TeX(texOptions);
  const svg = new SVG({fontCache: "global"});
  const doc = mathjax.document("", {InputJax: tex, OutputJax: svg});
  const size = [];
  const html = job.formulas.map((f, i) => {
    current = i;
    // what doc.convert() does, keeping the MathItem to ask for its size
    const item = new doc.options.MathItem(f.tex, tex, !!f.display);
    item.start.node = adaptor.body(doc.document);
    item.setMetrics(16, 8, 1280, 1000000, 1);
    item.convert(doc);
    const box = svg.getBBox(item, doc);
    size.push([box.w, box.h, box.d]);
    return adaptor.outerHTML(item.typesetRoot);
  });
  const glyphs = {};
  for (const path of adaptor.childNodes(svg.fontCache.getCache())) {
    glyphs[adaptor.getAttribute(path, "id")] = adaptor.getAttribute(path, "d");
  }
  const css = adaptor.textContent(svg.styleSheet(doc));
  process.stdout.write(JSON.stringify({html, size, glyphs, css, errors}));
});
