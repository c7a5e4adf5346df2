// Start bare Pyodide in a module worker and record when loadPyodide resolved.
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", () => {
  document.body.dataset.readyMs = String(Math.round(performance.now()));
});
