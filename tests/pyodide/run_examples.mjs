// Load the pinned Pyodide under Node, load the engine files exactly as the built site ships them, and evaluate
// every answers set it is given. Usage: node run_examples.mjs SITE_DIR CASES_JSON  (prints results as JSON).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPyodide } from "pyodide";

const [siteDir, casesPath] = process.argv.slice(2);
const engineDir = join(siteDir, "assets", "trialsite", "engine");
const manifest = JSON.parse(readFileSync(join(engineDir, "manifest.json"), "utf8"));
const cases = JSON.parse(readFileSync(casesPath, "utf8"));

const started = performance.now();
// As the site's worker does: the shipped runtime files, no packages, no lock file.
const pyodide = await loadPyodide({
  indexURL: `${join(siteDir, "assets", manifest.runtime)}/`,
  packages: [],
  lockFileContents: { info: manifest.lock_info, packages: {} },
});
const loaded = performance.now();
pyodide.FS.mkdirTree(`/engine/${manifest.package}`);
for (const name of manifest.files) {
  pyodide.FS.writeFile(`/engine/${manifest.package}/${name}`, readFileSync(join(engineDir, name), "utf8"));
}
pyodide.runPython("import sys\nsys.path.insert(0, '/engine')");
const checker = pyodide.pyimport(`${manifest.package}.checker`);
const results = [];
const timings = [];
for (const { trial, answers } of cases) {
  const bundle = readFileSync(join(siteDir, "assets", "trialsite", "trials", `${trial}.json`), "utf8");
  const begin = performance.now();
  results.push(JSON.parse(checker.check_json(bundle, JSON.stringify(answers))));
  timings.push(performance.now() - begin);
}
const version = pyodide.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ python: version, load_ms: loaded - started, timings_ms: timings, results }));
