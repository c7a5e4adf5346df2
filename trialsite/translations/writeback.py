"""Write translations into a trial file in place: only the edited texts change, comments and layout stay.

Each text is a mapping node whose place in the file PyYAML knows; a translation replaces the language's value, or
the `pending` entry that stood for it. The new content is checked as a whole before the file is replaced in one step.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from trialsite.translations.texts import TextEntry
from trialsite.trialfile.nodes import PENDING


@dataclass(frozen=True)
class Edit:
    """Replace the characters `start:end` of a file's text with `text`."""

    start: int
    end: int
    text: str


def content_end(source: str, node: yaml.Node) -> int:
    """Return where a node's own characters end, without the line breaks and comments PyYAML counts in.

    A block collection ends with its last item, a block scalar with its last character.
    """
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return content_end(source, node.value[-1])
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return content_end(source, node.value[-1][1])
    end = node.end_mark.index
    while end > node.start_mark.index and source[end - 1] in " \t\r\n":
        end -= 1
    return end


def scalar(text: str, flow: bool, indent: int) -> str:
    """Write a text as a YAML scalar that fits where it goes: a literal block for plain lines in block context."""
    lines = text.split("\n")
    block = (
        len(lines) > 1
        and not flow
        and not text.endswith("\n\n")
        and lines[0].strip() != ""
        and not lines[0].startswith(" ")
        and all(character.isprintable() for character in text.replace("\n", ""))
        and all(line == line.rstrip(" ") for line in lines)
    )
    if block:
        chomping = "" if text.endswith("\n") else "-"
        body = lines[:-1] if text.endswith("\n") else lines
        return f"|{chomping}\n" + "\n".join(" " * indent + line if line else "" for line in body)
    style = None if text.isprintable() else '"'  # line breaks and control characters only as escapes
    written = yaml.safe_dump([text], allow_unicode=True, default_flow_style=True, width=2**31, default_style=style)
    return written.strip()[1:-1]


def translation_edit(source: str, entry: TextEntry, language: str, translation: str) -> Edit:
    """Return the edit that writes a translation into a text: its value replaced, or its `pending` mark."""
    node = entry.node
    flow = bool(node.flow_style)
    pairs = {key.value: (key, value) for key, value in node.value}
    if language in pairs:
        key, value = pairs[language]
        return Edit(
            value.start_mark.index, content_end(source, value), scalar(translation, flow, key.start_mark.column + 2)
        )
    key, value = pairs[PENDING]
    column = key.start_mark.column
    rest = [item for item in entry.pending if item != language]
    written = f"{language}: {scalar(translation, flow, column + 2)}"
    if rest:
        marker = f"{PENDING}: [{', '.join(rest)}]"
        written += f", {marker}" if flow else "\n" + " " * column + marker
    return Edit(key.start_mark.index, content_end(source, value), written)


def apply_edits(source: str, edits: list[Edit]) -> str:
    """Return a text with non-overlapping edits made."""
    result = source
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return result
