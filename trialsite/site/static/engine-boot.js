// Loaded first in the <head> of pages that use the engine, before the styles: starts the engine worker, and the
// Python runtime in it, while the rest of the page loads. The page names the runtime's folder and the engine's hash,
// so the worker reads the runtime and its stored snapshot at once, and a self-check page its trial, whose bundle the
// worker fetches meanwhile. Whichever of this and engine-client.js runs first creates the one worker.
(() => {
  if (window.trialsiteEngineWorker) return;
  const { assets, runtime, engine, trial } = document.currentScript.dataset;
  const worker = new Worker(new URL("engine-worker.js", document.currentScript.src), { type: "module" });
  const root = new URL(assets, document.baseURI).href;
  worker.postMessage({ id: "boot", type: "start", assets: root, runtime, engine, trial });
  window.trialsiteEngineWorker = worker;
})();
