"""Write `.br` and `.gz` copies of the built site's text and WebAssembly files, for hosts that serve them as they are.

A host configured for precompressed files (nginx's `gzip_static` and `brotli_static`, many CDNs) sends `page.html.br`
to a browser that accepts brotli, without compressing on every request. The runtime files (Pyodide, a few MB) are
compressed at the highest settings once per machine and kept in a cache by content; pages, indexes and the site's
own scripts, which change with every edit, at settings that keep a large build quick.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

from trialsite.cache import cache_root, write_atomically

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".py", ".wasm", ".zip"})
MIN_SIZE = 512
"""Smaller files gain nothing worth a second request path."""
MAX_RATIO = 0.9
"""A copy is written only when it is at most this fraction of the original (an already-deflated zip is not)."""
RUNTIME_FOLDER = "assets/runtime/"


@dataclass(frozen=True)
class Compressed:
    """What compressing one file gave."""

    size: int
    brotli: int | None
    gzip: int | None


def cache_dir() -> Path:
    """Return the folder that keeps compressed runtime files between builds on this machine."""
    return cache_root() / "compressed"


def compressed_copies(data: bytes, best: bool) -> tuple[bytes, bytes]:
    """Return the brotli and gzip forms of some bytes (highest settings when `best`)."""
    quality, level = (11, 9) if best else (5, 6)
    return brotli.compress(data, quality=quality), gzip.compress(data, compresslevel=level, mtime=0)


def cached_copies(data: bytes) -> tuple[bytes, bytes]:
    """Return the best brotli and gzip forms of some bytes, from the cache when this content was compressed before."""
    folder = cache_dir()
    key = hashlib.sha256(data).hexdigest()
    paths = folder / f"{key}.br", folder / f"{key}.gz"
    if all(path.is_file() for path in paths):
        return paths[0].read_bytes(), paths[1].read_bytes()
    copies = compressed_copies(data, best=True)
    for path, copy in zip(paths, copies, strict=True):
        write_atomically(path, copy)
    return copies


def compress_file(path: Path, runtime: bool) -> Compressed:
    """Write a file's `.br` and `.gz` copies where they are small enough to be worth it; remove stale ones."""
    data = path.read_bytes()
    brotli_copy, gzip_copy = cached_copies(data) if runtime else compressed_copies(data, best=False)
    written: list[int | None] = []
    for suffix, copy in (".br", brotli_copy), (".gz", gzip_copy):
        target = path.with_name(path.name + suffix)
        if len(copy) <= MAX_RATIO * len(data):
            target.write_bytes(copy)
            written.append(len(copy))
        else:
            target.unlink(missing_ok=True)
            written.append(None)
    return Compressed(len(data), written[0], written[1])


def _compress(item: tuple[Path, bool]) -> Compressed:
    return compress_file(*item)


def precompress_site(site_dir: Path) -> dict[Path, Compressed]:
    """Write compressed copies of every compressible file of a built site, in parallel; return what each gave."""
    files = sorted(
        path
        for path in site_dir.rglob("*")
        if path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE
    )
    items = [(path, path.relative_to(site_dir).as_posix().startswith(RUNTIME_FOLDER)) for path in files]
    workers = max(1, min(4, os.cpu_count() or 1))
    if len(items) < 50 or workers == 1:
        return {path: _compress(item) for path, item in zip(files, items, strict=True)}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(zip(files, pool.map(_compress, items, chunksize=16), strict=True))
