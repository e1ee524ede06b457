// briefgen: keep released URLs working. A page whose released anchors moved (a claim now on
// another page, a renamed id) carries a map `#bg-moved` {old anchor: new URL}; the stub left
// at a released page that moved carries the page's new URL under "". See released.py.
(function () {
  "use strict";

  function forward() {
    var data = document.getElementById("bg-moved");
    if (!data) return;
    var moved;
    try {
      moved = JSON.parse(data.textContent);
    } catch (error) {
      return;
    }
    var has = function (key) {
      return Object.prototype.hasOwnProperty.call(moved, key);
    };
    var anchor = decodeURIComponent(location.hash.slice(1));
    var target = null;
    if (anchor && has(anchor) && !document.getElementById(anchor)) {
      target = moved[anchor];
    } else if (has("")) {
      // A stub: go to the page's new place, keeping an anchor the map does not know.
      target = moved[""] + (anchor && moved[""].indexOf("#") < 0 ? "#" + encodeURIComponent(anchor) : "");
    }
    if (target === null) return;
    var url = new URL(target, location.href);
    if (url.protocol === location.protocol) location.replace(url.href);
  }

  forward();
  window.addEventListener("hashchange", forward);
})();
