// Loaded from the <head> of self-check pages: starts the engine worker (and the Python runtime in it) while the
// rest of the page loads. Whichever of this file and engine-client.js runs first creates the one worker.
(() => {
  if (window.trialsiteEngineWorker) return;
  const assets = new URL("../", document.currentScript.src).href;
  const worker = new Worker(`${assets}trialsite/engine-worker.js`, { type: "module" });
  worker.postMessage({ id: "boot", type: "start", assets });
  window.trialsiteEngineWorker = worker;
})();
