// briefgen: web workers for a site opened from a folder (file://).
//
// Browsers refuse `new Worker(url)` for file: URLs, so Material's search worker cannot start
// there. This script, loaded in the <head> of every page (Material's `extra.polyfills`), runs a
// worker's script in a hidden iframe instead and relays the messages both ways. It plays the
// part of the npm package iframe-worker, which Material's offline plugin would otherwise load
// from a CDN; it is our own and ships with the site, so nothing is fetched from the network.
//
// Material's search worker cooperates: when `parent.IFrameWorker` exists it finds its own URL
// from its <script src> and awaits `importScripts`. Online (http/https) nothing is replaced.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "search worker";
      (document.body || document.documentElement).appendChild(frame);
      this.frame = frame;
      const scope = frame.contentWindow;
      const doc = scope.document;
      // What a worker's global scope offers, backed by this window.
      scope.postMessage = (data) => this.emit(new MessageEvent("message", { data: structuredClone(data) }));
      scope.importScripts = (...urls) =>
        urls.reduce((done, src) => done.then(() => loadScript(doc, src)), Promise.resolve());
      scope.addEventListener("error", (event) => this.fail(event.message, event.error));
      this.ready = loadScript(doc, new URL(url, document.baseURI).href).catch((error) =>
        this.fail(`could not load the worker script ${url}`, error),
      );
    }

    postMessage(data) {
      const copy = structuredClone(data);
      this.ready.then(() => {
        const scope = this.frame.contentWindow;
        if (scope) scope.dispatchEvent(new scope.MessageEvent("message", { data: copy }));
      });
    }

    terminate() {
      this.frame.remove();
    }

    emit(event) {
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function") this.onmessage(event);
    }

    fail(message, error) {
      const event = new ErrorEvent("error", { message: String(message), error });
      this.dispatchEvent(event);
      if (typeof this.onerror === "function") this.onerror(event);
    }
  }

  function loadScript(doc, src) {
    return new Promise((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      doc.head.appendChild(script);
    });
  }

  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
