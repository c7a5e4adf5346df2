"""Write the files the self-check needs into the built site: engine, bundles, browser runtime, scripts, schema."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.exceptions import Abort

from trialsite.site import runtime as pyodide_runtime
from trialsite.trialfile import format as trial_format
from trialsite.selfcheck.bundle import build_bundle
from trialsite.model import Trial
from trialsite.wording import WORDS

SITE_DIR = Path(__file__).parent
ENGINE_DIR = SITE_DIR.parent / "engine"
STATIC_DIR = SITE_DIR / "static"
HOST_HEADERS = SITE_DIR / "host_headers.txt"
"""Written as the site's `_headers`: response headers for hosts that read such a file."""
ASSET_ROOT = "assets/trialsite"
SCHEMA_DEST = "schema/trial.schema.json"


def engine_files() -> list[Path]:
    """List the engine's Python files, exactly the ones the browser loads."""
    return sorted(ENGINE_DIR.glob("*.py"))


def engine_hash() -> str:
    """Return a short hash of the engine's files; a runtime snapshot is only reused for the same engine."""
    digest = hashlib.sha256()
    for path in engine_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pyodide_dir(project_dir: Path) -> Path:
    """Return the folder of the pinned npm `pyodide` package."""
    return project_dir / "node_modules" / "pyodide"


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy a file unless the target already has the same size and modification time."""
    if target.exists():
        same = target.stat()
        original = source.stat()
        if same.st_size == original.st_size and same.st_mtime_ns == original.st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def write_if_changed(target: Path, text: str) -> None:
    """Write text unless the file already holds exactly it (keeps rebuilds cheap)."""
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


SELFCHECK_SCRIPTS = ("selfcheck.js", "form.js", "widgets.js", "words.js", "engine-client.js")
"""The self-check page's script and every module it imports."""
MATCH_SCRIPTS = ("match.js", "form.js", "widgets.js", "nearest.js", "words.js", "engine-client.js")
"""The match page's script and every module it imports."""
UI_WORDS = f"{ASSET_ROOT}/ui.json"
START_FILES = ("engine-boot.js", "engine-worker.js")
"""The two scripts that start the engine. They go into `assets/start/<hash of their content>/`, so a host may cache
them for good: a returning visitor's browser then starts the engine without first asking the server whether they
changed."""
START_ROOT = "assets/start"


def start_folder() -> str:
    """Return the site-relative folder of the start scripts, named by a hash of their content."""
    return _start_folder(tuple((STATIC_DIR / name).stat().st_mtime_ns for name in START_FILES))


@functools.cache
def _start_folder(stamp: tuple[int, ...]) -> str:
    digest = hashlib.sha256()
    for name in START_FILES:
        digest.update(name.encode() + b"\0" + (STATIC_DIR / name).read_bytes() + b"\0")
    return f"{START_ROOT}/{digest.hexdigest()[:12]}"


def preloads(scripts: tuple[str, ...], *data: str) -> dict[str, list[str]]:
    """Return what a page's head asks for at once: its module scripts (whose imports the browser would otherwise
    find one round trip after another) and the data files its script fetches."""
    return {"modules": [f"{ASSET_ROOT}/{name}" for name in scripts], "data": [UI_WORDS, *data]}


def bundle_path(trial_id: str) -> str:
    """Return the site path of a trial's bundle."""
    return f"{ASSET_ROOT}/trials/{trial_id}.json"


def selfcheck_files(trial_id: str) -> list[str]:
    """Return the site-relative paths of what a trial's self-check loads besides its page and the runtime."""
    engine = [f"{ASSET_ROOT}/engine/{path.name}" for path in engine_files()]
    return [
        *(f"{start_folder()}/{name}" for name in START_FILES),
        *(f"{ASSET_ROOT}/{name}" for name in SELFCHECK_SCRIPTS),
        UI_WORDS,
        bundle_path(trial_id),
        f"{ASSET_ROOT}/engine/manifest.json",
        *engine,
    ]


def engine_start(project_dir: Path) -> dict[str, str] | None:
    """Return what a page that uses the engine needs to start it at once: the start script's path, the runtime's
    folder and the engine's hash (so the worker reads the runtime and its stored snapshot without a manifest first).

    None when the Pyodide package is not installed (the build then stops with the reason when writing the assets).
    """
    runtime = pyodide_dir(project_dir)
    if not all((runtime / name).is_file() for name in pyodide_runtime.required_files()):
        return None
    return {
        "boot": f"{start_folder()}/engine-boot.js",
        "runtime": f"runtime/{pyodide_runtime.shipped(runtime).key}/",
        "engine": engine_hash(),
    }


def write_bytes_if_changed(target: Path, data: bytes) -> None:
    """Write bytes unless the file already holds exactly them."""
    if target.exists() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_site_assets(trials: list[Trial], site_dir: Path, project_dir: Path) -> None:
    """Copy the engine, runtime and scripts and write one bundle per trial."""
    runtime = pyodide_dir(project_dir)
    missing = [name for name in pyodide_runtime.required_files() if not (runtime / name).is_file()]
    if missing:
        raise Abort(
            f"The Pyodide runtime is missing ({', '.join(missing)} in {runtime}); run `make build` "
            "(or `npm ci`) to install the pinned npm package."
        )
    shipped = pyodide_runtime.shipped(runtime)
    key = shipped.key
    for name in pyodide_runtime.RUNTIME_FILES:
        copy_if_changed(runtime / name, site_dir / pyodide_runtime.FOLDER / key / name)
    write_bytes_if_changed(site_dir / pyodide_runtime.FOLDER / key / pyodide_runtime.STDLIB, shipped.stdlib)
    for path in engine_files():
        copy_if_changed(path, site_dir / ASSET_ROOT / "engine" / path.name)
    engine_manifest = {
        "files": [path.name for path in engine_files()],
        "package": "trialsite_engine",
        "engine_hash": engine_hash(),
        "pyodide_version": json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"],
        "lock_info": pyodide_runtime.lock_info(runtime),
        "runtime": f"runtime/{key}/",
    }
    write_if_changed(site_dir / ASSET_ROOT / "engine" / "manifest.json", json.dumps(engine_manifest) + "\n")
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file() and path.name not in START_FILES:
            copy_if_changed(path, site_dir / ASSET_ROOT / path.name)
    for name in START_FILES:
        copy_if_changed(STATIC_DIR / name, site_dir / start_folder() / name)
    for trial in trials:
        bundle = json.dumps(build_bundle(trial), ensure_ascii=False, default=str)
        write_if_changed(site_dir / bundle_path(trial.id), bundle)
    write_if_changed(site_dir / UI_WORDS, json.dumps(WORDS, ensure_ascii=False) + "\n")
    write_if_changed(site_dir / SCHEMA_DEST, trial_format.schema_text())
    write_if_changed(site_dir / "_headers", HOST_HEADERS.read_text(encoding="utf-8"))
