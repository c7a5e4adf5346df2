// Module Web Worker: starts the self-hosted Pyodide runtime once with the eligibility engine imported, then answers
// messages {id, type, ...} with {id, result} or {id, error}. It has no DOM and sends answers nowhere.
//
// Start-up: the first visit loads Pyodide plainly, imports the engine, and takes a memory snapshot BEFORE any answer
// reaches this worker; the snapshot is kept in the origin's private file system (named by the runtime folder and
// engine hash) so later visits restore it in a fraction of the time. Snapshots are a private Pyodide option: any
// failure falls back to a plain load.

const ENGINE_ROOT = "/engine";
const SNAPSHOT_FOLDER = "trialsite-snapshots";

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

// Snapshots are kept in the origin's private file system, one file per runtime and engine, and read with a
// synchronous access handle straight into place. A snapshot is the runtime's whole memory (31 MB), more than half of
// it zero, so a file holds only the non-zero pages. Layout: four 32-bit words (magic, length, page size, run count),
// a (first page, page count) pair per run of non-zero pages, then those pages' bytes. The magic is written last, so a
// file cut short by a closed tab is never read.
const SNAPSHOT_MAGIC = 0x74737031;
const SNAPSHOT_PAGE = 4096;

async function openSnapshotFolder() {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(SNAPSHOT_FOLDER, { create: true });
  } catch {
    return null; // storage disabled or unsupported: start plainly every time
  }
}

/** Open a snapshot file for reading and writing; null when it is absent or another tab has it open. */
async function openSnapshotFile(snapshots, name, create = false) {
  try {
    const file = await snapshots.getFileHandle(name, { create });
    return await file.createSyncAccessHandle();
  } catch {
    return null;
  }
}

/**
 * Return a stored snapshot as the runtime expects it (its whole memory), or null; a damaged file is removed. The
 * file is read after a turn of the event loop, so that the runtime's own files are already being fetched meanwhile.
 */
async function readSnapshot(snapshots, name, handle) {
  await new Promise((resolve) => setTimeout(resolve));
  let bytes = null;
  try {
    bytes = readPages(handle);
  } catch {
    bytes = null;
  } finally {
    handle.close();
  }
  if (!bytes) await snapshots.removeEntry(name).catch(() => {});
  return bytes;
}

function readPages(handle) {
  const head = new Uint32Array(4);
  handle.read(head, { at: 0 });
  const [magic, length, pageSize, count] = head;
  if (magic !== SNAPSHOT_MAGIC) throw new Error("not a whole snapshot");
  const runs = new Uint32Array(count * 2);
  handle.read(runs, { at: head.byteLength });
  const bytes = new Uint8Array(length);
  let offset = head.byteLength + runs.byteLength;
  for (let run = 0; run < count; run++) {
    const start = runs[2 * run] * pageSize;
    const size = Math.min(runs[2 * run + 1] * pageSize, length - start);
    if (handle.read(bytes.subarray(start, start + size), { at: offset }) !== size) throw new Error("short snapshot");
    offset += size;
  }
  return bytes;
}

function nonZeroRuns(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  const pageWords = SNAPSHOT_PAGE >> 2;
  const runs = [];
  for (let page = 0; page * pageWords < words.length; page++) {
    const end = Math.min(words.length, (page + 1) * pageWords);
    let index = page * pageWords;
    while (index < end && words[index] === 0) index++;
    if (index === end) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === page) last[1] += 1;
    else runs.push([page, 1]);
  }
  return runs;
}

/** Keep this snapshot, dropping those of earlier runtimes or engines. Written once the engine has answered. */
function keepSnapshot(snapshots, name, snapshot) {
  setTimeout(async () => {
    let handle = null;
    try {
      for await (const entry of snapshots.keys()) if (entry !== name) await snapshots.removeEntry(entry);
      handle = await openSnapshotFile(snapshots, name, true);
      if (handle) writePages(handle, snapshot);
    } catch {
      // storage full, or the memory is not whole 32-bit words: the next visit starts plainly
    } finally {
      handle?.close();
    }
  });
}

function writePages(handle, snapshot) {
  if (snapshot.byteLength % 4) throw new Error("not the runtime's memory as this code knows it");
  const runs = nonZeroRuns(snapshot);
  const head = new Uint32Array([0, snapshot.byteLength, SNAPSHOT_PAGE, runs.length, ...runs.flat()]);
  handle.truncate(0);
  handle.write(head, { at: 0 });
  let offset = head.byteLength;
  for (const [first, count] of runs) {
    offset += handle.write(snapshot.subarray(first * SNAPSHOT_PAGE, (first + count) * SNAPSHOT_PAGE), { at: offset });
  }
  handle.flush();
  handle.write(new Uint32Array([SNAPSHOT_MAGIC]), { at: 0 });
  handle.flush();
}

async function loadPlainly(loadPyodide, options, assets, manifest, snapshots, snapshotName) {
  const [pyodide, sources] = await Promise.all([
    loadPyodide({ ...options, _makeSnapshot: Boolean(snapshots) }),
    Promise.all(manifest.files.map((name) => fetchText(`${assets}trialsite/engine/${name}`))),
  ]);
  const folder = `${ENGINE_ROOT}/${manifest.package}`;
  pyodide.FS.mkdirTree(folder);
  for (const [index, name] of manifest.files.entries()) pyodide.FS.writeFile(`${folder}/${name}`, sources[index]);
  pyodide.runPython(
    `import sys\nsys.path.insert(0, ${JSON.stringify(ENGINE_ROOT)})\n` +
      `import ${manifest.package}.checker, ${manifest.package}.matching`,
  );
  if (snapshots) {
    try {
      // Taken now, before this worker has seen any answer: the snapshot cannot contain one.
      keepSnapshot(snapshots, snapshotName, pyodide.makeMemorySnapshot());
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
  const root = `${assets}${runtime}`; // versioned by content, so a host may cache it for good
  import(`${root}pyodide.asm.mjs`).catch(() => {}); // loaded now; loadPyodide imports this same module
  const [{ loadPyodide }, snapshots] = await Promise.all([import(`${root}pyodide.mjs`), openSnapshotFolder()]);
  const options = {
    indexURL: root,
    packages: [],
    // A lock with no packages, so the lock file is never fetched; its `info` comes with the manifest.
    lockFileContents: manifest.then((loaded) => ({ info: loaded.lock_info, packages: {} })),
  };
  const name = `snapshot-${runtime.split("/").filter(Boolean).pop()}-${engine}`;
  const stored = snapshots && (await openSnapshotFile(snapshots, name));
  if (stored) {
    try {
      const snapshot = readSnapshot(snapshots, name, stored).then((bytes) => bytes ?? Promise.reject());
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot });
      return { ...engineModules(pyodide, await manifest), start: "snapshot" };
    } catch {
      await snapshots.removeEntry(name).catch(() => {});
    }
  }
  return { ...(await loadPlainly(loadPyodide, options, assets, await manifest, snapshots, name)), start: "plain" };
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
