// Module Web Worker: loads the self-hosted Pyodide runtime once, then the eligibility engine, and answers
// messages {id, type, ...} with {id, result} or {id, error}. It has no DOM and sends answers nowhere.

const ENGINE_PACKAGE = "trialsite_engine";
const ENGINE_ROOT = "/engine";

let engine = null; // Promise of the Python `checker` module
const bundles = new Map(); // trial id -> bundle JSON text

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Refuse early, in words, when the host serves WebAssembly with the wrong type (Pyodide would hang silently). */
async function checkWasmType(assets) {
  const response = await fetch(`${assets}pyodide/pyodide.asm.wasm`, { method: "HEAD" });
  const type = (response.headers.get("content-type") || "").split(";")[0].trim();
  if (type !== "application/wasm") {
    throw new Error(`the server sends pyodide.asm.wasm as "${type || "no type"}" instead of application/wasm`);
  }
}

async function startEngine(assets) {
  await checkWasmType(assets);
  const { loadPyodide } = await import(`${assets}pyodide/pyodide.mjs`);
  const pyodide = await loadPyodide({ indexURL: `${assets}pyodide/`, packages: [] });
  const manifest = JSON.parse(await fetchText(`${assets}trialsite/engine/manifest.json`));
  const folder = `${ENGINE_ROOT}/${ENGINE_PACKAGE}`;
  pyodide.FS.mkdirTree(folder);
  const sources = await Promise.all(manifest.files.map((name) => fetchText(`${assets}trialsite/engine/${name}`)));
  manifest.files.forEach((name, index) => pyodide.FS.writeFile(`${folder}/${name}`, sources[index]));
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_ROOT)})`);
  return pyodide.pyimport(`${ENGINE_PACKAGE}.checker`);
}

async function handle(message) {
  switch (message.type) {
    case "load": {
      engine ??= startEngine(message.assets);
      const checker = await engine;
      if (!bundles.has(message.trial)) {
        bundles.set(message.trial, await fetchText(`${message.assets}trialsite/trials/${message.trial}.json`));
      }
      return { ready: Boolean(checker) };
    }
    case "check": {
      const checker = await engine;
      const bundle = bundles.get(message.trial);
      if (!bundle) throw new Error(`trial ${message.trial} is not loaded`);
      return JSON.parse(checker.check_json(bundle, JSON.stringify(message.answers)));
    }
    default:
      throw new Error(`unknown message type ${message.type}`);
  }
}

self.addEventListener("message", async (event) => {
  const { id } = event.data;
  try {
    self.postMessage({ id, result: await handle(event.data) });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
