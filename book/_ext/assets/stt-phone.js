/* Reading comfort on every screen (book/_ext/stt_phone.py). No typesetting and nothing that
   moves the layout: the script only adds cues (classes that draw a fade, never a size) and
   behaviours (tap to enlarge, tap a solution's title to open it).

   - Boxes that scroll sideways (a wide display equation, a wide inline formula, a wide table)
     get the class stt-scrolls, and stt-more-left / stt-more-right while content is hidden on
     that side: the stylesheet fades that edge, so a cut equation always shows it goes on.
   - Every figure and explorer frame opens full screen when tapped (a <dialog>; tap, Escape or the
     close button closes it), where it can be scrolled and pinch-zoomed at its full resolution.
   - Tapping a solution's title opens the solution (the title's link to its exercise used to win).
*/
(function () {
  "use strict";
  var SCROLLERS = 'mjx-container[display="true"], span.math.stt-wide, .bd-content article table';

  function mark(el) {
    var over = el.scrollWidth > el.clientWidth + 1;
    el.classList.toggle("stt-scrolls", over);
    el.classList.toggle("stt-more-left", over && el.scrollLeft > 1);
    el.classList.toggle("stt-more-right", over && el.scrollLeft + el.clientWidth < el.scrollWidth - 1);
    if (over && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0"); // reachable and scrollable from the keyboard
    }
  }

  function cues() {
    var boxes = document.querySelectorAll(SCROLLERS);
    var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
      entries.forEach(function (e) { mark(e.target); });
    }) : null;
    boxes.forEach(function (el) {
      mark(el);
      el.addEventListener("scroll", function () { mark(el); }, {passive: true});
      if (observer) { observer.observe(el); }
    });
  }

  var FIGURES = ".bd-content figure img, .bd-content .cell_output img, .bd-content img.sx-frame";
  var dialog = null;

  function enlarge(img) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "stt-zoom";
      dialog.innerHTML = '<button type="button" class="stt-zoom-close" aria-label="Close">&times;</button>' +
        '<div class="stt-zoom-body"><img alt=""></div>';
      document.body.appendChild(dialog);
      dialog.addEventListener("click", function (ev) {
        if (ev.target === dialog || ev.target.closest(".stt-zoom-close") || ev.target.tagName === "IMG") {
          dialog.close();
        }
      });
    }
    var big = dialog.querySelector("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  }

  function figures() {
    document.querySelectorAll(FIGURES).forEach(function (img) {
      img.classList.add("stt-zoomable");
      img.setAttribute("tabindex", "0");
      img.setAttribute("role", "button");
      img.setAttribute("aria-label", "Enlarge: " + (img.alt || "figure"));
    });
    document.addEventListener("click", function (ev) {
      var img = ev.target.closest && ev.target.closest("img.stt-zoomable");
      if (img && !img.closest("a")) { enlarge(img); }
    });
    document.addEventListener("keydown", function (ev) {
      var img = ev.target;
      if ((ev.key === "Enter" || ev.key === " ") && img.classList && img.classList.contains("stt-zoomable")) {
        ev.preventDefault();
        enlarge(img);
      }
    });
  }

  function solutions() {
    // sphinx-exercise titles a solution "Solution to <link to the exercise>"; on the collapsed
    // solution, the whole title opens it and the link is a link only once it is open
    document.addEventListener("click", function (ev) {
      var link = ev.target.closest && ev.target.closest(".solution .admonition-title a, details.solution > summary a");
      if (!link) { return; }
      var box = link.closest(".solution");
      var details = box.tagName === "DETAILS" ? box : box.querySelector("details");
      var collapsed = details ? !details.open : box.classList.contains("toggle-hidden") ||
        !!box.querySelector(".toggle-hidden, .toggle-details");
      if (!collapsed) { return; }
      ev.preventDefault();
      if (details) {
        details.open = true;
      } else {
        var button = box.querySelector("button.toggle-button");
        if (button) { button.click(); }
      }
    });
  }

  function start() { cues(); figures(); solutions(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
