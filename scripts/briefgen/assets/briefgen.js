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
  // Material's document$ drives instant navigation; opened from a folder (file://) it never fires.
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Cite this page / cite this claim: copy buttons, and today's date as the access date.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function today(format) {
    var d = new Date();
    if (format === "dmy") return pad(d.getDate()) + "." + pad(d.getMonth() + 1) + "." + d.getFullYear();
    if (format === "mdy-long") return MONTHS[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function copyText(text, button) {
    function done() {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
  function init() {
    document.querySelectorAll(".bg-accessed").forEach(function (span) {
      span.textContent = today(span.getAttribute("data-format"));
    });
    var block = document.querySelector(".bg-cite-page");
    document.querySelectorAll("button.bg-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (target) copyText(target.textContent.trim(), button);
      });
    });
    document.querySelectorAll("button.bg-cite-claim").forEach(function (button) {
      button.addEventListener("click", function () {
        var gost = document.getElementById("cite-gost");
        if (!gost || !block) return;
        var url = block.getAttribute("data-url");
        var claimUrl = url + "#" + button.getAttribute("data-claim");
        var text = gost.textContent.trim().split(url).join(claimUrl);
        copyText(text.replace(/\.$/, "") + ", " + button.getAttribute("data-number") + ".", button);
      });
    });
  }
  // Material's document$ drives instant navigation; opened from a folder (file://) it never fires.
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
