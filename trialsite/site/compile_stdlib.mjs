// Compile the site's trimmed standard library for the runtime's own Python, once per content (trialsite caches the
// result): every module becomes a .pyc (optimisation level 2, as `python -OO`), stored uncompressed in the zip, so a
// visitor's first start imports bytecode instead of compiling some 150 modules, and HTTP compression does the rest.
// Usage: node compile_stdlib.mjs PYODIDE_DIR IN_ZIP OUT_ZIP
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, inZip, outZip] = process.argv.slice(2);
const folder = pathToFileURL(`${pyodideDir}/`).href;
const { loadPyodide } = await import(`${folder}pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, packages: [] });
pyodide.FS.writeFile("/tmp/in.zip", readFileSync(inZip));
pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

prefix = next(path for path in sys.path if path.endswith(".zip")) + "/"
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as target:
    for info in source.infolist():
        data = source.read(info)
        if info.filename.endswith(".py"):
            code = compile(data, prefix + info.filename, "exec", dont_inherit=True, optimize=2)
            # A source-less .pyc: its header's date and size are never compared with a source.
            pyc = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)
            entry = zipfile.ZipInfo(info.filename + "c", info.date_time)
            target.writestr(entry, pyc, compress_type=zipfile.ZIP_STORED)
        else:
            target.writestr(info, data, compress_type=zipfile.ZIP_STORED)
`);
writeFileSync(outZip, pyodide.FS.readFile("/tmp/out.zip"));
