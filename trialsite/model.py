"""The in-memory trial: validated data plus where each key was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import Problem


@dataclass(frozen=True)
class Trial:
    """A validated trial file: its data as plain Python values, and where each key path was written."""

    id: str
    path: Path
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    pending_translations: list[Problem] = field(default_factory=list, compare=False, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Return a top-level value, or `default` when the file leaves it out."""
        value = self.data.get(key)
        return default if value is None else value
