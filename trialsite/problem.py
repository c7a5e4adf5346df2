"""A problem found in a file: where it is and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One validation error: where it is and what is wrong."""

    line: int
    path: str
    message: str

    def render(self, filename: str) -> str:
        """Format as `file:line: path: message`."""
        where = f"{self.path}: " if self.path else ""
        return f"{filename}:{self.line}: {where}{self.message}"
