// Measure which files of Pyodide's standard library the engine needs: load the pinned Pyodide under Node with its
// full python_stdlib.zip, import the engine, evaluate the given cases, raise and format a Python error (as the worker
// would on a bug), then print every loaded module that came from the zip.
// Usage: node stdlib_probe.mjs ENGINE_DIR PACKAGE CASES_JSON   (cases: [{bundle, answers}], prints JSON)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPyodide } from "pyodide";

const [engineDir, packageName, casesPath] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const pyodide = await loadPyodide({ packages: [] });
pyodide.FS.mkdirTree(`/engine/${packageName}`);
for (const name of readdirSync(engineDir).filter((file) => file.endsWith(".py"))) {
  pyodide.FS.writeFile(`/engine/${packageName}/${name}`, readFileSync(join(engineDir, name), "utf8"));
}
pyodide.runPython("import sys\nsys.path.insert(0, '/engine')");
const checker = pyodide.pyimport(`${packageName}.checker`);
for (const { bundle, answers } of cases) checker.check_json(bundle, JSON.stringify(answers));
try {
  pyodide.runPython("def fail():\n    raise ValueError('probe')\nfail()");
} catch (error) {
  if (!String(error.message).includes("ValueError: probe")) throw error;
}
const loaded = pyodide
  .runPython(`
import sys
prefix = next(path for path in sys.path if path.endswith(".zip")) + "/"
sorted({module.__spec__.origin[len(prefix):] for module in list(sys.modules.values())
        if getattr(getattr(module, "__spec__", None), "origin", None) and module.__spec__.origin.startswith(prefix)})
`)
  .toJs();
console.log(JSON.stringify({ loaded }));
