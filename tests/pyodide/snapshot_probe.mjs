// Positive control for the snapshot privacy test: a snapshot taken AFTER an answer reached the engine contains the
// answer's text, so searching a snapshot for a sentinel answer is a meaningful probe. Prints JSON.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPyodide } from "pyodide";

const [siteDir, sentinel] = process.argv.slice(2);
const engineDir = join(siteDir, "assets", "trialsite", "engine");
const manifest = JSON.parse(readFileSync(join(engineDir, "manifest.json"), "utf8"));
const pyodide = await loadPyodide({
  indexURL: `${join(siteDir, "assets", manifest.runtime)}/`,
  packages: [],
  lockFileContents: { info: manifest.lock_info, packages: {} },
  _makeSnapshot: true,
});
pyodide.FS.mkdirTree(`/engine/${manifest.package}`);
for (const name of manifest.files) {
  pyodide.FS.writeFile(`/engine/${manifest.package}/${name}`, readFileSync(join(engineDir, name), "utf8"));
}
pyodide.runPython(`import sys\nsys.path.insert(0, '/engine')\nimport ${manifest.package}.checker`);
const bundle = readFileSync(join(siteDir, "assets", "trialsite", "trials", "msc-dlc-2.json"), "utf8");
pyodide.globals.set("bundle_text", bundle);
pyodide.globals.set("answers_text", JSON.stringify({ age: Number(sentinel) }));
pyodide.runPython(`from ${manifest.package}.checker import check_json\nkept = check_json(bundle_text, answers_text)`);
pyodide.globals.delete("bundle_text");
pyodide.globals.delete("answers_text");
const snapshot = pyodide.makeMemorySnapshot();
const found = Buffer.from(snapshot).includes(Buffer.from(sentinel, "ascii"));
console.log(JSON.stringify({ bytes: snapshot.byteLength, contains_sentinel: found }));
