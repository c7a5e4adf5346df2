"""Where trialsite keeps work it can reuse between runs on this machine (compressed runtime files, trial bundles)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """Return trialsite's cache folder ($XDG_CACHE_HOME/trialsite, else ~/.cache/trialsite)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trialsite"


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file so that a reader never sees it half-written; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass
