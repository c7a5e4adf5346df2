"""Read YAML within stated limits: size, nesting depth, no aliases, no custom tags; never a hang or a crash.

PyYAML composes nested nodes recursively (libyaml's composer too, in C), so a document nested 30,000 deep crashes
the process, and an alias bomb expands without bound when it is constructed. The event stream is flat: it is read
first, and a document beyond the limits is refused with the line where it goes too far.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ~20x faster
MAX_FILE_BYTES = 4_000_000
"""The largest trial or answers file read (the largest imported record writes about 1.5 MB of YAML)."""
MAX_DEPTH = 40
"""The deepest nesting of mappings and lists (a trial file needs 8)."""
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
"""The only tags a document may write out (they name the types YAML infers anyway)."""


class YamlProblem(Exception):
    """A YAML document cannot be read: the line and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def invalid(error: Exception) -> YamlProblem:
    """Return the problem of a document PyYAML could not read, at the line it names."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        return YamlProblem(mark.line + 1 if mark else 1, f"invalid YAML: {error.problem or error.context}")
    return YamlProblem(1, f"invalid YAML: {str(error)[:200]}")


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file of at most `max_bytes`, raising `YamlProblem` (line 1) when it cannot be."""
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise YamlProblem(1, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise YamlProblem(1, f"the file is larger than the limit of {max_bytes:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlProblem(line, f"the file is not UTF-8 text (byte {error.start + 1})") from None


def check_events(text: str, max_depth: int = MAX_DEPTH, unique_keys: bool = False) -> None:
    """Refuse nesting deeper than `max_depth`, aliases and custom tags (and repeated keys), from the event stream."""
    depth = 0
    collections: list[OpenCollection] = []
    try:
        for event in yaml.parse(text, Loader=LOADER):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if unique_keys:
                check_key(event, line, collections)
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(line, f"YAML aliases (*{event.anchor}) are not allowed; write the value out")
            tag = getattr(event, "tag", None)
            if tag and tag not in PLAIN_TAGS and tag != "!":
                raise YamlProblem(line, f"YAML tags ({tag}) are not allowed; remove the tag")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise YamlProblem(line, f"nested deeper than the limit of {max_depth} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        raise invalid(error) from None


class OpenCollection:
    """A mapping or list being read: for a mapping, the keys seen so far and whether a key comes next."""

    __slots__ = ("expecting_key", "is_mapping", "keys")

    def __init__(self, is_mapping: bool) -> None:
        self.is_mapping = is_mapping
        self.keys: dict[str, int] = {}
        self.expecting_key = True


def check_key(event: yaml.Event, line: int, collections: list[OpenCollection]) -> None:
    """Track the keys of the open mappings and refuse one written twice."""
    if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        collections.pop()
        return
    if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)):
        return
    if collections and collections[-1].is_mapping:
        mapping = collections[-1]
        if mapping.expecting_key and isinstance(event, yaml.ScalarEvent):
            first = mapping.keys.get(event.value)
            if first is not None:
                raise YamlProblem(line, f"duplicate key {event.value!r} (first used at line {first})")
            mapping.keys[event.value] = line
        mapping.expecting_key = not mapping.expecting_key
    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        collections.append(OpenCollection(isinstance(event, yaml.MappingStartEvent)))


def compose(text: str) -> yaml.Node | None:
    """Compose a document's nodes (each keeps its line) after checking it is within the limits."""
    check_events(text)
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as error:
        raise invalid(error) from None


def load(text: str) -> Any:
    """Return a document's plain Python value after checking it is within the limits and writes no key twice."""
    check_events(text, unique_keys=True)
    try:
        return yaml.load(text, Loader=LOADER)
    except (yaml.YAMLError, ValueError, OverflowError, AttributeError, TypeError) as error:  # `!!timestamp x`
        raise invalid(error) from None
