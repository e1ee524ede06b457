// briefgen: the citation-style switch on the works-cited page. Works with Material's instant
// navigation (document$) and without it; the choice is remembered for the session.
(function () {
  "use strict";
  function applyStyle(root, style) {
    root.querySelectorAll(".bg-entry[data-style]").forEach(function (el) {
      el.hidden = el.getAttribute("data-style") !== style;
    });
    root.querySelectorAll(".bg-style-switch button").forEach(function (btn) {
      btn.setAttribute("aria-pressed", String(btn.getAttribute("data-style") === style));
    });
  }
  function init() {
    var switcher = document.querySelector(".bg-style-switch");
    if (!switcher) return;
    var saved = null;
    try { saved = sessionStorage.getItem("briefgen-style"); } catch (e) { /* storage may be off */ }
    if (saved && switcher.querySelector('button[data-style="' + saved + '"]')) applyStyle(document, saved);
    switcher.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-style]");
      if (!button) return;
      var style = button.getAttribute("data-style");
      applyStyle(document, style);
      try { sessionStorage.setItem("briefgen-style", style); } catch (e) { /* ignore */ }
    });
  }
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
