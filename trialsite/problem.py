"""A problem found in a file: where it is and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class Context:
    """Collect problems and the line of every key path while a document is checked."""

    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    pending: list[Problem] = field(default_factory=list)

    def report(self, node: Any, path: str, message: str) -> None:
        """Record a problem at the line where a parsed YAML node starts."""
        self.problems.append(Problem(int(node.start_mark.line) + 1, path, message))

    def add(self, path: str, message: str) -> None:
        """Record a problem at the line of its key path (or of the nearest parent written in the file)."""
        line = self.lines.get(path) or self.lines.get(path.rsplit(".", 1)[0], 1)
        self.problems.append(Problem(line, path, message))


def join(path: str, key: str) -> str:
    """Append a mapping key to a dotted key path; a key with spaces or control characters is quoted."""
    key = str(key)
    shown = key if key.isprintable() and key and not any(char.isspace() for char in key) else repr(key)
    return f"{path}.{shown}" if path else shown
