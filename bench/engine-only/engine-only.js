// Ask the worker the self-check page's boot script started for the same first result the self-check shows (no
// answers yet), and record when it arrived: the runtime, engine and worker, without the page's own work.
const boot = document.querySelector("script[data-runtime]");
const worker = window.trialsiteEngineWorker;
const { runtime, engine, trial } = boot.dataset;
const assets = new URL(boot.dataset.assets, document.baseURI).href;
const pending = new Map();
let next = 0;
worker.addEventListener("message", (event) => {
  const waiting = pending.get(event.data.id);
  if (!waiting) return;
  pending.delete(event.data.id);
  if (event.data.error) waiting.reject(new Error(event.data.error));
  else waiting.resolve(event.data.result);
});
const ask = (message) =>
  new Promise((resolve, reject) => {
    const id = `bench-${++next}`;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...message });
  });
await ask({ type: "load", assets, runtime, engine, trial });
await ask({ type: "check", trial, answers: {} });
document.body.dataset.readyMs = String(Math.round(performance.now()));
