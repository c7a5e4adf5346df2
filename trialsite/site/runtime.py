"""The Python runtime the site ships: Pyodide's own files, with its standard library trimmed to what the engine needs.

`runtime_stdlib.txt` lists the files of Pyodide's `python_stdlib.zip` that start-up and the engine load (measured,
and guarded by the Pyodide tests); the site's copy of the zip holds only those, about a quarter of the download.
The files go into `assets/runtime/<hash of their content>/`: a new Pyodide or stdlib list gets a new folder, so a
host can cache the folder's files for a year. The lock file describes Pyodide's optional packages, which the site never loads: its `info` goes into the engine
manifest, so the worker hands Pyodide an empty lock and nothing fetches the 119 kB file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
STDLIB_KEEP = Path(__file__).with_name("runtime_stdlib.txt")
FOLDER = "assets/runtime"


def required_files() -> tuple[str, ...]:
    """Name the files of the npm `pyodide` package that a build reads."""
    return (*RUNTIME_FILES, STDLIB, LOCK)


def stdlib_keep() -> list[str]:
    """Return the standard-library files the site ships, as paths inside the zip."""
    lines = STDLIB_KEEP.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def trimmed_stdlib(full: Path, keep: list[str]) -> bytes:
    """Return a copy of Pyodide's standard-library zip holding only `keep` (same order, dates and compression)."""
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
                target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return output.getvalue()


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
    stdlib = trimmed_stdlib(runtime / STDLIB, stdlib_keep())
    return ShippedRuntime(runtime_key(runtime, stdlib), stdlib)


def shipped(runtime: Path) -> ShippedRuntime:
    """Return the runtime the site ships from Pyodide's folder (worked out once per content of its files)."""
    paths = [*(runtime / name for name in (*RUNTIME_FILES, STDLIB)), STDLIB_KEEP]
    return _shipped(runtime, tuple((path.stat().st_size, path.stat().st_mtime_ns) for path in paths))


def lock_info(runtime: Path) -> dict[str, Any]:
    """Return the `info` of Pyodide's lock file: all a lock needs when no package is ever loaded."""
    info: dict[str, Any] = json.loads((runtime / LOCK).read_text(encoding="utf-8"))["info"]
    return info
