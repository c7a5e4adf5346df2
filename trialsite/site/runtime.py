"""The Python runtime the site ships: Pyodide's own files, with its standard library trimmed to what the engine needs.

`runtime_stdlib.txt` lists the files of Pyodide's `python_stdlib.zip` that start-up and the engine load (measured,
and guarded by the Pyodide tests); the site's copy of the zip holds only those, compiled to bytecode by the runtime's
own Python (`compile_stdlib.mjs`, run under Node once per content and cached), so a visitor's first start imports
instead of compiling them (about 1.2 s less under Node here). The files go into `assets/runtime/<hash of their
content>/`: a new Pyodide or stdlib list gets a new folder, so a host can cache the folder's files for a year. The lock
file describes Pyodide's optional packages, which the site never loads: its `info` goes into the engine manifest, so
the worker hands Pyodide an empty lock and nothing fetches the 119 kB file.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

from trialsite.cache import cache_root, write_atomically

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
STDLIB_KEEP = Path(__file__).with_name("runtime_stdlib.txt")
COMPILER = Path(__file__).with_name("compile_stdlib.mjs")
FOLDER = "assets/runtime"


def required_files() -> tuple[str, ...]:
    """Name the files of the npm `pyodide` package that a build reads."""
    return (*RUNTIME_FILES, STDLIB, LOCK)


def stdlib_keep() -> list[str]:
    """Return the standard-library files the site ships, as paths inside the zip."""
    lines = STDLIB_KEEP.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def trimmed_stdlib(full: Path, keep: list[str]) -> bytes:
    """Return a copy of Pyodide's standard-library zip holding only `keep` (same order and dates), uncompressed:
    it is only read again, to be compiled."""
    wanted = set(keep)
    parts = [path.split("/")[:-1] for path in keep]
    packages = {"/".join(folders[:depth]) + "/" for folders in parts for depth in range(1, len(folders) + 1)}
    output = io.BytesIO()
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(output, "w") as target:
        missing = wanted - set(source.namelist())
        if missing:
            raise ValueError(f"{full} has no {', '.join(sorted(missing))}: update {STDLIB_KEEP.name}")
        for info in source.infolist():
            if info.filename in wanted or info.filename in packages:
                target.writestr(info, source.read(info), compress_type=zipfile.ZIP_STORED)
    return output.getvalue()


def compiled_stdlib(runtime: Path, trimmed: bytes) -> bytes:
    """Return the trimmed zip with every module compiled by the runtime's own Python (cached per content)."""
    digest = hashlib.sha256(trimmed)
    for path in (runtime / "pyodide.asm.wasm", COMPILER):
        digest.update(b"\0" + path.read_bytes())
    cached = cache_root() / "stdlib" / f"{digest.hexdigest()[:24]}.zip"
    if cached.is_file():
        return cached.read_bytes()
    node = shutil.which("node")
    if node is None:
        raise Abort("Node.js is needed to build the site (it compiles the runtime's standard library); install it.")
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "trimmed.zip", Path(folder) / "compiled.zip"
        source.write_bytes(trimmed)
        command = [node, str(COMPILER), str(runtime.resolve()), str(source), str(target)]
        completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        if completed.returncode != 0 or not target.is_file():
            last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            raise Abort(f"Compiling the runtime's standard library failed: {last}")
        compiled = target.read_bytes()
    write_atomically(cached, compiled)
    return compiled


def runtime_key(runtime: Path, stdlib: bytes) -> str:
    """Return a short hash of the runtime files as shipped: their folder's name, so hosts may cache them for good."""
    digest = hashlib.sha256()
    for name in RUNTIME_FILES:
        digest.update(name.encode() + b"\0" + (runtime / name).read_bytes() + b"\0")
    digest.update(STDLIB.encode() + b"\0" + stdlib)
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class ShippedRuntime:
    """The runtime as the site ships it: its folder's name and its trimmed standard library."""

    key: str
    stdlib: bytes

    def files(self) -> list[str]:
        """Return the site-relative paths of the runtime's files."""
        return [f"{FOLDER}/{self.key}/{name}" for name in (*RUNTIME_FILES, STDLIB)]


@cache
def _shipped(runtime: Path, stamp: tuple[tuple[int, int], ...]) -> ShippedRuntime:
    stdlib = compiled_stdlib(runtime, trimmed_stdlib(runtime / STDLIB, stdlib_keep()))
    return ShippedRuntime(runtime_key(runtime, stdlib), stdlib)


def shipped(runtime: Path) -> ShippedRuntime:
    """Return the runtime the site ships from Pyodide's folder (worked out once per content of its files)."""
    paths = [*(runtime / name for name in (*RUNTIME_FILES, STDLIB)), STDLIB_KEEP, COMPILER]
    return _shipped(runtime, tuple((path.stat().st_size, path.stat().st_mtime_ns) for path in paths))


def lock_info(runtime: Path) -> dict[str, Any]:
    """Return the `info` of Pyodide's lock file: all a lock needs when no package is ever loaded."""
    info: dict[str, Any] = json.loads((runtime / LOCK).read_text(encoding="utf-8"))["info"]
    return info
