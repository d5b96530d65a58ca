/* Readable search snippets (book/_ext/stt_site.py; loaded on the search page only).
 *
 * Sphinx's search shows, under each result, the text of the page around the words found
 * (Search.htmlToText: the page's textContent). On this site a formula is MathJax's SVG, typeset at
 * build time, and its text would be its TeX source or nothing. Here each formula becomes a short
 * readable text made from its TeX (kept as its accessible name, aria-label): Greek letters and
 * common symbols as characters, \frac{a}{b} as a/b, commands of style dropped. The page's
 * navigation (the "contents" list of its sections), code cells' inputs and explorers' controls
 * are left out of the snippet.
 */
(function () {
  "use strict";
  // searchtools.js declares `const Search`: a global binding, not a property of window
  if (typeof Search === "undefined" || !Search.htmlToText) return;

  var SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ",
    eta: "η", theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν",
    xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "φ", varphi: "φ",
    chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ",
    Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω", hbar: "ħ", ell: "ℓ", partial: "∂",
    nabla: "∇", infty: "∞", times: "×", cdot: "·", pm: "±", mp: "∓", approx: "≈", sim: "~",
    simeq: "≃", propto: "∝", leq: "≤", le: "≤", geq: "≥", ge: "≥", neq: "≠", ne: "≠", ll: "≪",
    gg: "≫", to: "→", rightarrow: "→", leftarrow: "←", Rightarrow: "⇒", leftrightarrow: "↔",
    uparrow: "↑", downarrow: "↓", int: "∫", sum: "Σ", prod: "Π", sqrt: "√", langle: "⟨",
    rangle: "⟩", vert: "|", lvert: "|", rvert: "|", Vert: "‖", dagger: "†", circ: "∘",
    in: "∈", equiv: "≡", perp: "⊥", parallel: "∥", degree: "°", prime: "′", ldots: "…",
    cdots: "⋯", dots: "…", quad: " ", qquad: " ", hm: "m̂",
    exp: "exp", ln: "ln", log: "log", sin: "sin", cos: "cos", tan: "tan", tanh: "tanh",
    cosh: "cosh", sinh: "sinh", max: "max", min: "min", det: "det", lim: "lim", Re: "Re", Im: "Im",
  };

  var ACCENTS = {hat: "\u0302", widehat: "\u0302", vec: "\u20d7", bar: "\u0304", overline: "\u0304",
                 tilde: "\u0303", dot: "\u0307", ddot: "\u0308"};

  // \frac{a}{b} -> (a)/(b), innermost first; braces that group one token are dropped
  function texToText(tex) {
    var s = tex.replace(/\\(left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, "")
      .replace(/\\(mathrm|mathbf|mathit|mathcal|boldsymbol|bm|operatorname|text|textrm|vect|mathsf)\s*/g, "")
      .replace(/\{\{([^{}]*)\}\}/g, "{$1}")  // \hat{\mathbf{m}} -> \hat{m}
      .replace(/\\(hat|widehat|vec|bar|overline|tilde|dot|ddot)\s*(?:\{([^{}]*)\}|([A-Za-z]))/g,
               function (_, accent, group, letter) {  // one letter gets its accent: H̄, m̂
                 var body = group !== undefined ? group : letter;
                 return /^[A-Za-z]$/.test(body) ? body + ACCENTS[accent] : body;
               })
      .replace(/\\sqrt\s*\{([^{}]*)\}/g, function (_, x) { return /^\w$/.test(x) ? "√" + x : "√(" + x + ")"; })
      .replace(/\\\\/g, "; ").replace(/\\[,;:!> ]/g, " ").replace(/&/g, "")
      .replace(/\\(begin|end)\{[a-z*]+\}/g, " ");
    s = s.replace(/\\([a-zA-Z]+)/g, function (all, name) {  // symbols first: \frac{\hbar}{2} is ħ/2
      return Object.prototype.hasOwnProperty.call(SYMBOLS, name) ? SYMBOLS[name] : all;
    });
    for (var i = 0; i < 8 && /\\frac|\\tfrac|\\dfrac/.test(s); i++) {
      s = s.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, function (_, a, b) {
        var wrap = function (x) { x = x.trim(); return /^[\p{L}\p{N}_.′]+$/u.test(x) ? x : "(" + x + ")"; };
        return wrap(a) + "/" + wrap(b);
      });
    }
    s = s.replace(/\\([a-zA-Z]+)/g, "$1");  // any other command: its name
    s = s.replace(/\{([^{}]*)\}/g, "$1").replace(/\{([^{}]*)\}/g, "$1").replace(/[{}]/g, "");
    return s.replace(/\s+/g, " ").trim();
  }

  var original = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    // the text a reader would read: no navigation, code inputs, controls or glyph tables
    doc.querySelectorAll(".bd-header-article, .bd-sidebar-secondary, .prev-next-area, "
                         + ".bd-footer-article, footer, nav, .cell_input, .spinlib-explorer .sx-controls, "
                         + "#MJX-SVG-global-cache, mjx-assistive-mml").forEach(function (e) { e.remove(); });
    doc.querySelectorAll("mjx-container").forEach(function (c) {
      var svg = c.querySelector("svg");
      var tex = (svg && svg.getAttribute("aria-label")) || c.getAttribute("aria-label") || "";
      var display = c.getAttribute("display") === "true";
      c.replaceWith(doc.createTextNode(display ? " " + texToText(tex) + " " : texToText(tex)));
    });
    var text = original(doc.documentElement.outerHTML, anchor);
    return text.replace(/\s+/g, " ");
  };
  Search.sttTexToText = texToText;  // for the site's tests
})();
