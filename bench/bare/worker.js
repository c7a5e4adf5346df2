const assets = new URL("../assets/", import.meta.url).href;
const { loadPyodide } = await import(`${assets}pyodide/pyodide.mjs`);
await loadPyodide({ indexURL: `${assets}pyodide/`, packages: [] });
self.postMessage("ready");
