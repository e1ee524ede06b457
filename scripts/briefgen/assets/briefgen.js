// briefgen: the citation style. One choice applies to everything on the page at once (in-text
// citations, the page's reference lists, previews, "Cite this page", "cite §N", the works-cited
// list and its order) and is remembered across pages. Without this script every page shows the
// default style (GOST) and the style buttons stay hidden.
(function () {
  "use strict";
  var KEY = "briefgen-style";
  var SHOWN = ".bg-cs[data-style], .bg-entry[data-style], .bg-references[data-style], " +
    ".bg-cite-style[data-style], .bg-tip-entry[data-style]";
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(style) {
    try { localStorage.setItem(KEY, style); } catch (e) { /* storage may be off */ }
  }
  function known(style) {
    return Array.prototype.some.call(document.querySelectorAll(SHOWN), function (el) {
      return el.getAttribute("data-style") === style;
    });
  }
  function defaultStyle() {
    var pressed = document.querySelector('.bg-style-switch button[aria-pressed="true"]');
    return pressed ? pressed.getAttribute("data-style") : "gost";
  }
  function reorderWorks(style) {
    document.querySelectorAll("ol.bg-works").forEach(function (list) {
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (a, b) {
        return Number(a.getAttribute("data-order-" + style)) - Number(b.getAttribute("data-order-" + style));
      });
      items.forEach(function (item) { list.appendChild(item); });
      list.setAttribute("data-style", style);
    });
  }
  function apply(style) {
    document.documentElement.setAttribute("data-bg-style", style);
    document.querySelectorAll(SHOWN).forEach(function (el) {
      el.hidden = el.getAttribute("data-style") !== style;
    });
    document.querySelectorAll(".bg-style-switch button[data-style]").forEach(function (btn) {
      btn.setAttribute("aria-pressed", String(btn.getAttribute("data-style") === style));
    });
    reorderWorks(style);
  }
  function init() {
    var saved = stored();
    var style = known(saved) ? saved : defaultStyle();
    document.querySelectorAll(".bg-style-switch").forEach(function (el) { el.hidden = false; });
    apply(style);
  }
  // One listener for every switch on the page, also after instant navigation.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".bg-style-switch button[data-style]") : null;
    if (!button) return;
    var style = button.getAttribute("data-style");
    apply(style);
    store(style);
  });
  window.briefgenStyle = function () {
    return document.documentElement.getAttribute("data-bg-style") || defaultStyle();
  };
  // Material's document$ drives instant navigation; opened from a folder (file://) it never fires.
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Cite this page / cite this claim: copy buttons, and today's date as the GOST access date (a
// blank, __.__.____, without this script: a page never prints a date it was not read on).
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
  var COPIED_FOR = 2000;  // ms that a button says "Copied" before it shows its own label again
  function copyText(text, button) {
    function done() {
      // The label is kept once, so a second click while "Copied" shows cannot make it stick.
      if (!button.hasAttribute("data-label")) button.setAttribute("data-label", button.textContent);
      clearTimeout(button.briefgenReset);
      button.textContent = "Copied";
      announce("Copied to the clipboard");
      button.briefgenReset = setTimeout(function () {
        button.textContent = button.getAttribute("data-label");
      }, COPIED_FOR);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  // Screen readers do not read a button's new label: a status region says it.
  function announce(message) {
    var status = document.getElementById("bg-copy-status");
    if (!status) {
      status = document.createElement("span");
      status.id = "bg-copy-status";
      status.className = "bg-sr-only";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }
  function plain(el) { return el.textContent.replace(/\s+/g, " ").trim(); }
  function init() {
    document.querySelectorAll(".bg-accessed").forEach(function (span) {
      span.textContent = today(span.getAttribute("data-format"));
    });
    document.querySelectorAll("button.bg-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (target) copyText(plain(target), button);
      });
    });
    // "cite §N": the claim's own reference, in the reader's style, with the claim's URL.
    document.querySelectorAll("button.bg-cite-claim").forEach(function (button) {
      button.addEventListener("click", function () {
        var style = window.briefgenStyle ? window.briefgenStyle() : "gost";
        var claim = button.getAttribute("data-claim");
        var text = document.querySelector('.bg-cite-claim-text[data-claim="' + claim + '"][data-style="' + style + '"]');
        if (text) copyText(plain(text), button);
      });
    });
  }
  // Material's document$ drives instant navigation; opened from a folder (file://) it never fires.
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Glossary terms on first use and previews of citations and cross-references (previews.py).
// Each trigger names its tooltip in data-bg-tip; the tooltips are in the page already (no
// fetch), hidden. Hover, keyboard focus and tap show one; Escape, leaving it or tapping
// elsewhere hides it. Listeners sit on the document, so instant navigation needs no rewiring.
(function () {
  "use strict";
  var HIDE_DELAY = 250;
  var open = null;          // {trigger, tip, pinned}
  var hideTimer = 0;
  var lastPointer = "";     // "touch" right after a tap: focus and hover then wait for the click
  function tipOf(trigger) {
    var id = trigger.getAttribute("data-bg-tip");
    return id ? document.getElementById(id) : null;
  }
  function triggerOf(node) {
    return node && node.closest ? node.closest("[data-bg-tip]") : null;
  }
  function within(node) {
    return !!(open && node && (open.trigger.contains(node) || open.tip.contains(node)));
  }
  function currentStyle() {
    return window.briefgenStyle ? window.briefgenStyle() : null;
  }
  function showStyle(tip) {
    var entries = tip.querySelectorAll(".bg-tip-entry[data-style]");
    if (!entries.length) return;
    var wanted = currentStyle();
    if (!tip.querySelector('.bg-tip-entry[data-style="' + wanted + '"]')) wanted = entries[0].getAttribute("data-style");
    entries.forEach(function (el) { el.hidden = el.getAttribute("data-style") !== wanted; });
  }
  function place() {
    if (!open) return;
    var rects = open.trigger.getClientRects();
    var rect = rects.length ? rects[0] : open.trigger.getBoundingClientRect();
    var tip = open.tip, margin = 8;
    tip.style.maxWidth = Math.min(416, window.innerWidth - 2 * margin) + "px";
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(margin, Math.min(rect.left, window.innerWidth - width - margin));
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight - margin && rect.top - height - 6 > margin) top = rect.top - height - 6;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hide() {
    clearTimeout(hideTimer);
    if (!open) return;
    open.tip.hidden = true;
    open.trigger.removeAttribute("data-bg-open");
    open = null;
  }
  function show(trigger, pinned) {
    clearTimeout(hideTimer);
    var tip = tipOf(trigger);
    if (!tip) return;
    if (open && open.trigger === trigger) { open.pinned = open.pinned || pinned; return; }
    hide();
    // Right after its trigger, so Tab goes from the trigger into the tooltip's link.
    if (trigger.nextSibling !== tip) trigger.parentNode.insertBefore(tip, trigger.nextSibling);
    showStyle(tip);
    tip.hidden = false;
    trigger.setAttribute("data-bg-open", "");
    open = {trigger: trigger, tip: tip, pinned: !!pinned};
    place();
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    if (open && !open.pinned) hideTimer = setTimeout(hide, HIDE_DELAY);
  }
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    if (open && !within(event.target)) hide();
  }, true);
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    var trigger = triggerOf(event.target);
    if (trigger) show(trigger, false);
    else if (within(event.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch" || !open) return;
    if (within(event.target) && !within(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var trigger = triggerOf(event.target);
    if (trigger && lastPointer !== "touch") show(trigger, false);
    else if (open && !within(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (open && !open.pinned && within(event.target) && !within(event.relatedTarget)) hide();
  });
  // Capturing on window: the first tap on a link must reach neither the browser nor instant navigation.
  window.addEventListener("click", function (event) {
    var trigger = triggerOf(event.target);
    if (!trigger) return;
    var touched = lastPointer === "touch";
    lastPointer = "";
    if (trigger.tagName === "A") {
      // A tap on a link shows its tooltip first; the next tap follows the link.
      if (touched && !(open && open.trigger === trigger && open.pinned)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        show(trigger, true);
      }
      return;
    }
    if (open && open.trigger === trigger && open.pinned) hide();
    else show(trigger, true);
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      var trigger = open.trigger, inside = open.tip.contains(document.activeElement);
      hide();
      if (inside) {
        lastPointer = "touch";  // focus goes back to the trigger: that must not reopen it
        trigger.focus({preventScroll: true});
        lastPointer = "";
      }
      return;
    }
    var trigger = triggerOf(event.target);
    if (trigger && trigger.tagName !== "A" && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      if (open && open.trigger === trigger && open.pinned) hide(); else show(trigger, true);
    }
  });
  window.addEventListener("resize", place);
  window.addEventListener("scroll", place, {passive: true, capture: true});
  // Instant navigation replaces the content: forget a tooltip of the previous page.
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") {
    window.document$.subscribe(function () { open = null; clearTimeout(hideTimer); });
  }
})();

// The comparison matrix scrolls sideways inside its own box: say so above it while it is wider
// than the box (on a phone), and stop saying it when it fits (a wide window).
(function () {
  "use strict";
  function update() {
    document.querySelectorAll(".bg-matrix").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("bg-matrix-hint")) return;
      hint.hidden = box.scrollWidth <= box.clientWidth + 1;
    });
  }
  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(update);
  });
  if (typeof window.document$ !== "undefined" && location.protocol !== "file:") window.document$.subscribe(update);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
