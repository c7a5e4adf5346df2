// The page's single connection to the engine worker: adopts the worker engine-boot.js started from the page's
// <head>, or starts one from the same folder if that script did not run. Every request carries an id; replies are
// matched to it.

const assets = new URL("../", import.meta.url).href;
let client = null;

function connect() {
  const boot = document.querySelector("script[data-runtime]");
  window.trialsiteEngineWorker ??= new Worker(new URL("engine-worker.js", boot.src), { type: "module" });
  const worker = window.trialsiteEngineWorker;
  let next = 0;
  const pending = new Map();
  worker.addEventListener("message", (event) => {
    const { id, result, error } = event.data;
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (error) waiting.reject(new Error(error));
    else waiting.resolve(result);
  });
  worker.addEventListener("error", (event) => {
    for (const waiting of pending.values()) waiting.reject(new Error(event.message || "worker error"));
    pending.clear();
  });
  const ask = (message) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  const started = ask({ type: "start", assets, runtime: boot.dataset.runtime, engine: boot.dataset.engine });
  started.catch(() => {}); // whoever asks next gets the error
  return { ask, started, assets };
}

/** Return the engine connection, starting the worker (and the Python runtime in it) on first use. */
export function engine() {
  client ??= connect();
  return client;
}
