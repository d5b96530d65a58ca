/* The theme button flips what the reader sees (book/_ext/stt_site.py).
 *
 * pydata-sphinx-theme cycles its mode through three states, auto -> dark -> light on a light OS
 * (auto -> light -> dark on a dark one), so one tap in three changes nothing visible: "auto" and
 * the OS's own colours look alike. Here every tap shows the other theme: the mode becomes the
 * theme not shown, or "auto" when that theme is the OS's (so the page follows the OS again).
 * The theme's own handler still does the switch (icons, storage, menus): this listener runs
 * first and stores the mode that precedes the wanted one in the theme's cycle.
 */
(function () {
  "use strict";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function cycle() {  // the order of the theme's handler (pydata-sphinx-theme 0.15)
    return dark.matches ? ["auto", "light", "dark"] : ["auto", "dark", "light"];
  }

  function wantedMode() {
    var shown = document.documentElement.dataset.theme === "dark" ? "dark" : "light";
    var other = shown === "dark" ? "light" : "dark";
    return other === (dark.matches ? "dark" : "light") ? "auto" : other;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".theme-switch-button");
    if (!button) return;
    var order = cycle();
    var before = order[(order.indexOf(wantedMode()) + order.length - 1) % order.length];
    try { localStorage.setItem("mode", before); } catch (e) { /* storage off: one step */ }
  }, true);

})();
