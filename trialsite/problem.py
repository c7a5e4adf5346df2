"""A problem found in a file: where it is and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One validation error: where it is and what is wrong."""

    line: int
    path: str
    message: str

    def render(self, filename: str) -> str:
        """Format as `file:line: path: message`."""
        where = f"{self.path}: " if self.path else ""
        return f"{filename}:{self.line}: {where}{self.message}"


class Context:
    """Collect problems and the line of every key path while a document is checked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        self.pending: list[Problem] = []

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


class TrialFileError(Exception):
    """A trial file has problems; `str()` lists them one per line."""

    def __init__(self, filename: str, problems: Iterable[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(problem.render(filename) for problem in self.problems))


class TrialDataError(Exception):
    """One or more trial files have problems; `str()` lists them all."""

    def __init__(self, errors: list[TrialFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
