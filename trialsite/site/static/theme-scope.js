// Storage helpers the theme's bundle expects as globals, scoped to the site's root URL.
(() => {
  const scope = new URL(document.currentScript.dataset.scope || ".", location);
  window.__md_scope = scope;
  window.__md_hash = (text) => [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
  window.__md_get = (key, storage = localStorage, base = scope) =>
    JSON.parse(storage.getItem(`${base.pathname}.${key}`));
  window.__md_set = (key, value, storage = localStorage, base = scope) => {
    try {
      storage.setItem(`${base.pathname}.${key}`, JSON.stringify(value));
    } catch (_error) {
      // Storage may be full or disabled; the theme works without it.
    }
  };
})();

// Three habits of the theme's are changed here, where it makes its requests:
// - It reads sitemap.xml beside the site root and beside every language alternate, to keep a visitor on the same page
//   when switching language during instant navigation. This site uses neither: its language menu links each page's
//   translation directly. Those reads are answered as aborted, without a request.
// - It downloads the language's whole search index on every page load (megabytes with many trials). That request is
//   held until the visitor opens the search (focus in the search field, or its button on a phone), then sent.
// - It starts its search worker (a thread that loads the search engine's script) on every page load, where it competes
//   with the page and the self-check's engine for the processor. The worker is created when the search is opened;
//   messages the theme sends it before then wait for it.
(() => {
  const searchOpened = new Promise((resolve) => {
    const opened = (event) => {
      if (event.target instanceof Element && (event.target.closest(".md-search") || event.target.id === "__search")) {
        resolve();
      }
    };
    document.addEventListener("focusin", opened);
    document.addEventListener("change", opened);
  });
  window.Worker = new Proxy(window.Worker, {
    construct(Worker, [url, options]) {
      if (!new URL(url, location.href).pathname.includes("/workers/search.")) return new Worker(url, options);
      return new WorkerOnceSearched(Worker, url, options, searchOpened);
    },
  });
  const skipped = new WeakSet();
  const held = new WeakSet();
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const path = new URL(url, location.href).pathname;
    skipped.delete(this);
    held.delete(this);
    if (path.endsWith("/sitemap.xml")) skipped.add(this);
    else if (path.endsWith("/search_index.json")) held.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (skipped.has(this)) {
      this.dispatchEvent(new ProgressEvent("abort"));
    } else if (held.has(this)) {
      searchOpened.then(() => send.call(this, body));
    } else {
      send.call(this, body);
    }
  };
})();

/** A worker started when `opened` resolves; it queues what is posted before then and passes on what it says. */
class WorkerOnceSearched extends EventTarget {
  #waiting = [];
  #worker = null;

  constructor(Worker, url, options, opened) {
    super();
    opened.then(() => {
      this.#worker = new Worker(url, options);
      for (const type of ["message", "messageerror", "error"]) {
        this.#worker.addEventListener(type, (event) =>
          this.dispatchEvent(
            type === "error"
              ? new ErrorEvent(type, { message: event.message })
              : new MessageEvent(type, { data: event.data }),
          ),
        );
      }
      for (const args of this.#waiting.splice(0)) this.#worker.postMessage(...args);
    });
  }

  postMessage(...args) {
    if (this.#worker) this.#worker.postMessage(...args);
    else this.#waiting.push(args);
  }

  terminate() {
    this.#worker?.terminate();
    this.#waiting.length = 0;
  }
}

// The theme's search dialog has no accessible name; give it the search field's own label.
document.addEventListener("DOMContentLoaded", () => {
  for (const dialog of document.querySelectorAll(".md-search[role='dialog']:not([aria-label])")) {
    const field = dialog.querySelector("input[aria-label], input[placeholder]");
    if (field) dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
  }
});
