// Module Web Worker: starts the self-hosted Pyodide runtime once with the eligibility engine imported, then answers
// messages {id, type, ...} with {id, result} or {id, error}. It has no DOM and sends answers nowhere.
//
// Start-up: the first visit loads Pyodide plainly, imports the engine, and takes a memory snapshot BEFORE any answer
// reaches this worker; the snapshot is kept in the Cache API (keyed by the runtime folder and engine hash) so later
// visits restore it in a fraction of the time. Snapshots are a private Pyodide option: any failure falls back to a
// plain load.

const ENGINE_ROOT = "/engine";
const SNAPSHOT_CACHE = "trialsite-runtime";

let engine = null; // Promise of {checker, matching, start}

// A host whose Content-Security-Policy forbids compiling WebAssembly makes Pyodide hang silently: say why instead.
const blocked = new Promise((_, reject) => {
  self.addEventListener(
    "securitypolicyviolation",
    (event) =>
      reject(
        new Error(
          `the site's Content-Security-Policy blocks this (${event.violatedDirective}); see the deployment notes`,
        ),
      ),
    { once: true },
  );
});
blocked.catch(() => {});

// A host that serves WebAssembly with the wrong type also makes Pyodide hang silently. The type is read off the very
// response Pyodide receives (no extra request), and start-up fails with the reason.
const wrongWasmType = new Promise((_, reject) => {
  const realFetch = self.fetch.bind(self);
  self.fetch = async (resource, options) => {
    const response = await realFetch(resource, options);
    if (new URL(response.url || String(resource), self.location.href).pathname.endsWith("/pyodide.asm.wasm")) {
      const type = (response.headers.get("content-type") || "").split(";")[0].trim();
      if (type !== "application/wasm") {
        reject(new Error(`the server sends pyodide.asm.wasm as "${type || "no type"}" instead of application/wasm`));
      }
    }
    return response;
  };
});
wrongWasmType.catch(() => {});
const bundles = new Map(); // trial id -> bundle JSON text
const matchers = new Map(); // language -> promise of the engine's Matcher of that language's match data

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function openSnapshotCache() {
  try {
    return self.caches ? await self.caches.open(SNAPSHOT_CACHE) : null;
  } catch {
    return null; // storage disabled: start plainly every time
  }
}

/** Pyodide's options: its own files, no packages, and a lock with no packages (so the lock file is never fetched). */
function runtimeOptions(assets, manifest) {
  return {
    indexURL: `${assets}${manifest.runtime}`,
    packages: [],
    lockFileContents: { info: manifest.lock_info, packages: {} },
  };
}

async function restoreFromSnapshot(loadPyodide, assets, manifest, cache, key) {
  const stored = cache && (await cache.match(key));
  if (!stored) return null;
  try {
    const pyodide = await loadPyodide({
      ...runtimeOptions(assets, manifest),
      _loadSnapshot: stored.arrayBuffer(), // read while the runtime compiles
    });
    return engineModules(pyodide, manifest);
  } catch {
    await cache.delete(key);
    return null;
  }
}

async function loadPlainly(loadPyodide, assets, manifest, cache, key) {
  const snapshotting = Boolean(cache);
  const [pyodide, sources] = await Promise.all([
    loadPyodide({ ...runtimeOptions(assets, manifest), _makeSnapshot: snapshotting }),
    Promise.all(manifest.files.map((name) => fetchText(`${assets}trialsite/engine/${name}`))),
  ]);
  const folder = `${ENGINE_ROOT}/${manifest.package}`;
  pyodide.FS.mkdirTree(folder);
  for (const [index, name] of manifest.files.entries()) pyodide.FS.writeFile(`${folder}/${name}`, sources[index]);
  pyodide.runPython(
    `import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_ROOT)})\n` +
      `import ${manifest.package}.checker, ${manifest.package}.matching`,
  );
  if (snapshotting) {
    try {
      // Taken now, before this worker has seen any answer: the snapshot cannot contain one.
      const snapshot = pyodide.makeMemorySnapshot();
      cache
        .put(key, new Response(snapshot, { headers: { "content-type": "application/octet-stream" } }))
        .catch(() => {});
    } catch {
      // The private snapshot API changed: keep working without it.
    }
  }
  return engineModules(pyodide, manifest);
}

/** The engine's modules, imported before any snapshot is taken (a restored runtime has no engine files to import). */
function engineModules(pyodide, manifest) {
  return {
    checker: pyodide.pyimport(`${manifest.package}.checker`),
    matching: pyodide.pyimport(`${manifest.package}.matching`),
  };
}

async function startEngine(assets) {
  // The manifest names the runtime's folder (versioned by content, so a host may cache it for good).
  const [manifest, cache] = await Promise.all([
    fetchText(`${assets}trialsite/engine/manifest.json`).then(JSON.parse),
    openSnapshotCache(),
  ]);
  const { loadPyodide } = await import(`${assets}${manifest.runtime}pyodide.mjs`);
  const key = `${assets}${manifest.runtime}snapshot-${manifest.engine_hash}`; // a Cache API key, never fetched
  const restored = await restoreFromSnapshot(loadPyodide, assets, manifest, cache, key);
  if (restored) return { ...restored, start: "snapshot" };
  return { ...(await loadPlainly(loadPyodide, assets, manifest, cache, key)), start: "plain" };
}

async function handle(message) {
  switch (message.type) {
    case "start": {
      engine ??= Promise.race([startEngine(message.assets), blocked, wrongWasmType]);
      const { start } = await engine;
      return { start };
    }
    case "load": {
      engine ??= Promise.race([startEngine(message.assets), blocked, wrongWasmType]);
      const bundle = bundles.has(message.trial)
        ? null
        : fetchText(`${message.assets}trialsite/trials/${message.trial}.json`);
      const { start } = await engine;
      if (bundle) bundles.set(message.trial, await bundle);
      return { start };
    }
    case "match": {
      // The page sends the match data (every published trial) with its first request; it is compiled once.
      engine ??= Promise.race([startEngine(message.assets), blocked, wrongWasmType]);
      if (!matchers.has(message.language)) {
        if (typeof message.data !== "string") throw new Error("no match data was sent");
        const data = message.data;
        matchers.set(
          message.language,
          engine.then(({ matching }) => matching.new_matcher(data)),
        );
      }
      const matcher = await matchers.get(message.language);
      const begin = performance.now();
      const result = JSON.parse(matcher.match_json(JSON.stringify(message.answers)));
      return { ...result, evaluation_ms: performance.now() - begin };
    }
    case "check": {
      const { checker } = await engine;
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
    self.postMessage({ id, error: shortMessage(error) });
  }
});

/** A Python error arrives with its whole traceback: a visitor sees its last line only, and at most 300 characters. */
function shortMessage(error) {
  const text = String(error?.message ? error.message : error).trim();
  return text.split("\n").pop().slice(0, 300);
}
