// Module Web Worker: starts the self-hosted Pyodide runtime once with the eligibility engine imported, then answers
// messages {id, type, ...} with {id, result} or {id, error}. It has no DOM and sends answers nowhere.
//
// Start-up: the first visit loads Pyodide plainly, imports the engine, and takes a memory snapshot BEFORE any answer
// reaches this worker; the snapshot is kept in the Cache API (keyed by the runtime folder and engine hash) so later
// visits restore it in a fraction of the time. Snapshots are a private Pyodide option: any failure falls back to a
// plain load. After a plain load, a short-lived second worker compiles the runtime's JavaScript once more, so that
// the browser keeps the compiled code for the next visit.

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
const bundles = new Map(); // trial id -> promise of its bundle's JSON text
const matchers = new Map(); // language -> promise of the engine's Matcher of that language's match data

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Return a trial's bundle (its questions and rules), fetched once; a failed fetch is tried again when next asked. */
function bundleOf(assets, trial) {
  if (!bundles.has(trial)) {
    const text = fetchText(`${assets}trialsite/trials/${trial}.json`);
    text.catch(() => bundles.delete(trial));
    bundles.set(trial, text);
  }
  return bundles.get(trial);
}

async function openSnapshotCache() {
  try {
    return self.caches ? await self.caches.open(SNAPSHOT_CACHE) : null;
  } catch {
    return null; // storage disabled: start plainly every time
  }
}

// A snapshot is the runtime's whole memory (31 MB), more than half of it zero: it is kept as its non-zero pages only,
// which halves what a warm start reads. Layout: four 32-bit words (magic, length, page size, run count), then a
// (first page, page count) pair per run of non-zero pages, then those pages' bytes.
const PACKED_MAGIC = 0x74737031;
const PACKED_PAGE = 4096;

function packSnapshot(bytes) {
  if (bytes.byteLength % 4) throw new Error("a snapshot is whole 32-bit words");
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const pageWords = PACKED_PAGE >> 2;
  const runs = [];
  for (let page = 0; page * pageWords < words.length; page++) {
    const end = Math.min(words.length, (page + 1) * pageWords);
    let zero = true;
    for (let index = page * pageWords; index < end; index++) {
      if (words[index] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  const header = new Uint32Array([PACKED_MAGIC, bytes.byteLength, PACKED_PAGE, runs.length, ...runs.flat()]);
  const parts = [header];
  for (const [first, count] of runs) {
    parts.push(bytes.subarray(first * PACKED_PAGE, Math.min(bytes.byteLength, (first + count) * PACKED_PAGE)));
  }
  return new Blob(parts);
}

async function unpackSnapshot(response) {
  const packed = await response.arrayBuffer();
  const [magic, length, pageSize, count] = new Uint32Array(packed, 0, 4);
  if (magic !== PACKED_MAGIC) throw new Error("not a packed snapshot");
  const runs = new Uint32Array(packed, 16, count * 2);
  const bytes = new Uint8Array(length);
  let offset = 16 + count * 8;
  for (let run = 0; run < count; run++) {
    const start = runs[2 * run] * pageSize;
    const size = Math.min(runs[2 * run + 1] * pageSize, length - start);
    bytes.set(new Uint8Array(packed, offset, size), start);
    offset += size;
  }
  return bytes;
}

/** Keep this snapshot, dropping those of earlier runtimes or engines. Packing waits until the engine has answered. */
function keepSnapshot(cache, key, snapshot, folder) {
  setTimeout(async () => {
    try {
      for (const request of await cache.keys()) if (request.url !== key) await cache.delete(request);
      await cache.put(
        key,
        new Response(packSnapshot(snapshot), { headers: { "content-type": "application/octet-stream" } }),
      );
    } catch {
      // storage full or disabled: the next visit starts plainly
    }
    keepCompiledRuntime(folder);
  });
}

/**
 * Compile the runtime's JavaScript (1.2 MB) once more, in a short-lived worker, after the engine has answered. A
 * browser keeps a script's compiled code only once it has seen the script compiled twice; without this, the next
 * visit would compile it again (about 0.1 s on a slow processor) and only the one after would be spared.
 */
function keepCompiledRuntime(folder) {
  try {
    const helper = new Worker(new URL(import.meta.url), { type: "module" });
    const done = () => helper.terminate();
    helper.addEventListener("message", done);
    helper.addEventListener("error", done);
    helper.postMessage({ id: "compile", type: "compile", folder });
  } catch {
    // nested workers unsupported: the visit after next reads the compiled code instead
  }
}

/** Start the runtime plainly, then import the engine; its files are fetched meanwhile, once the manifest names them. */
async function loadPlainly(loadPyodide, options, assets, manifestPromise, cache, key) {
  const [pyodide, manifest, sources] = await Promise.all([
    loadPyodide({ ...options, _makeSnapshot: Boolean(cache) }),
    manifestPromise,
    manifestPromise.then((loaded) =>
      Promise.all(loaded.files.map((name) => fetchText(`${assets}trialsite/engine/${name}`))),
    ),
  ]);
  const folder = `${ENGINE_ROOT}/${manifest.package}`;
  pyodide.FS.mkdirTree(folder);
  for (const [index, name] of manifest.files.entries()) pyodide.FS.writeFile(`${folder}/${name}`, sources[index]);
  pyodide.runPython(
    `import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_ROOT)})\n` +
      `import ${manifest.package}.checker, ${manifest.package}.matching`,
  );
  if (cache) {
    try {
      // Taken now, before this worker has seen any answer: the snapshot cannot contain one.
      keepSnapshot(cache, key, pyodide.makeMemorySnapshot(), options.indexURL);
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

/**
 * Start the runtime with the engine imported. The page names the runtime's folder and the engine's hash, so the
 * runtime's files and the stored snapshot are read at once, while the manifest (needed only for what follows) loads.
 */
async function startEngine(assets, named) {
  const manifest = fetchText(`${assets}trialsite/engine/manifest.json`).then(JSON.parse);
  manifest.catch(() => {}); // awaited where it is needed
  const { runtime, engine } = named.runtime && named.engine ? named : await manifest.then(fromManifest);
  const folder = `${assets}${runtime}`; // versioned by content, so a host may cache it for good
  import(`${folder}pyodide.asm.mjs`).catch(() => {}); // loaded now; loadPyodide imports this same module
  const [{ loadPyodide }, cache] = await Promise.all([import(`${folder}pyodide.mjs`), openSnapshotCache()]);
  const options = {
    indexURL: folder,
    packages: [],
    // A lock with no packages, so the lock file is never fetched; its `info` comes with the manifest.
    lockFileContents: manifest.then((loaded) => ({ info: loaded.lock_info, packages: {} })),
  };
  const key = `${folder}snapshot-${engine}`; // a Cache API key, never fetched
  const stored = cache && (await cache.match(key));
  if (stored) {
    try {
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: unpackSnapshot(stored) });
      return { ...engineModules(pyodide, await manifest), start: "snapshot" };
    } catch {
      await cache.delete(key);
    }
  }
  return { ...(await loadPlainly(loadPyodide, options, assets, manifest, cache, key)), start: "plain" };
}

function fromManifest(manifest) {
  return { runtime: manifest.runtime, engine: manifest.engine_hash };
}

async function handle(message) {
  switch (message.type) {
    case "start": {
      engine ??= Promise.race([startEngine(message.assets, message), blocked, wrongWasmType]);
      // A self-check page names its trial: the bundle is fetched now, not after the runtime's start has kept this
      // worker busy for a second or two.
      if (message.trial) bundleOf(message.assets, message.trial).catch(() => {});
      const { start } = await engine;
      return { start };
    }
    case "load": {
      engine ??= Promise.race([startEngine(message.assets, message), blocked, wrongWasmType]);
      const bundle = bundleOf(message.assets, message.trial);
      const { start } = await engine;
      await bundle;
      return { start };
    }
    case "match": {
      // The page sends the match data (every published trial) with its first request; it is compiled once.
      engine ??= Promise.race([startEngine(message.assets, message), blocked, wrongWasmType]);
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
      if (!bundles.has(message.trial)) throw new Error(`trial ${message.trial} is not loaded`);
      const bundle = await bundles.get(message.trial);
      return JSON.parse(checker.check_json(bundle, JSON.stringify(message.answers)));
    }
    case "compile": {
      // Sent by keepCompiledRuntime to a worker of its own: import (compile) the runtime's module, run nothing.
      await import(`${message.folder}pyodide.asm.mjs`);
      return {};
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
