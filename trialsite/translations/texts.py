"""Find every text of a trial file (`{en, zh}` or `{en, pending: [zh]}`) with its key path and its place in the file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from trialsite.languages import LANGUAGES
from trialsite.problem import join
from trialsite.trialfile.nodes import PENDING

SOURCE_LANGUAGE = "en"
PROPER_NAMES = frozenset(
    {
        "locations.facility",
        "locations.contacts.name",
        "contacts.name",
        "officials.name",
        "officials.affiliation",
        "sponsor.name",
        "collaborators",
    }
)
"""Key paths (without list positions) of texts that are names: a translator may keep them as written."""
POSITION = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class TextEntry:
    """One text of a trial file: its key path (`locations[3].city`), its English, its translations and its node."""

    path: str
    line: int
    english: str
    written: dict[str, str]
    pending: tuple[str, ...]
    node: yaml.MappingNode

    @property
    def proper_name(self) -> bool:
        """Tell whether the text is a name (of a place, an organisation or a person)."""
        return POSITION.sub("", self.path) in PROPER_NAMES

    def translation(self, language: str) -> str | None:
        """Return the written translation into a language, or None when there is none (or it is pending)."""
        if language in self.pending:
            return None
        return self.written.get(language)


def is_text_node(node: yaml.Node) -> bool:
    """Tell whether a node is a text: a mapping with `en` and only language keys and `pending`."""
    if not isinstance(node, yaml.MappingNode):
        return False
    keys = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return SOURCE_LANGUAGE in keys and keys <= {*LANGUAGES, PENDING} and len(keys) == len(node.value)


def text_entries(root: yaml.Node | None) -> list[TextEntry]:
    """Return every text of a composed trial file, in file order."""
    return list(_walk(root, "")) if root is not None else []


def _walk(node: yaml.Node, path: str) -> Iterator[TextEntry]:
    if isinstance(node, yaml.MappingNode) and is_text_node(node):
        entry = _entry(node, path)
        if entry is not None:
            yield entry
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _walk(value, join(path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{index}]")


def _entry(node: yaml.MappingNode, path: str) -> TextEntry | None:
    values = {key.value: value for key, value in node.value}
    english = values[SOURCE_LANGUAGE]
    if not isinstance(english, yaml.ScalarNode) or not english.value.strip():
        return None
    written = {
        language: value.value
        for language, value in values.items()
        if language in LANGUAGES and language != SOURCE_LANGUAGE and isinstance(value, yaml.ScalarNode)
    }
    pending_node = values.get(PENDING)
    pending: tuple[str, ...] = ()
    if isinstance(pending_node, yaml.SequenceNode):
        pending = tuple(item.value for item in pending_node.value if isinstance(item, yaml.ScalarNode))
    elif isinstance(pending_node, yaml.ScalarNode):
        pending = (pending_node.value,)
    return TextEntry(path, english.start_mark.line + 1, english.value, written, pending, node)
