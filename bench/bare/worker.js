// Bare Pyodide, as its npm package ships it (full standard library, lock file): the anchor the self-check is
// measured against. The benchmark copies the package into pyodide/ beside this file.
const runtime = new URL("pyodide/", import.meta.url).href;
const { loadPyodide } = await import(`${runtime}pyodide.mjs`);
await loadPyodide({ indexURL: runtime, packages: [] });
self.postMessage("ready");
