"""Write trial data as a readable YAML trial file: keys in the format's order, long text in block scalars."""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml

from trialsite.model import LANGUAGES
from trialsite.trialfile import format as trial_format
from trialsite.trialfile import nodes as schema

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/trial.schema.json"
WIDTH = 108
FOLD_AT = 100
LAST_KEYS = ("examples",)
SPACED_ITEM = re.compile(r"^ {4}- number: ")
TOP_KEY = re.compile(r"^[a-z_]+:")


class Literal(str):
    """Text kept line by line (`|`)."""


class Folded(str):
    """Long one-line text wrapped for reading (`>`)."""


class FlowMap(dict[str, Any]):
    """A mapping written on one line."""


class FlowList(list[Any]):
    """A list written on one line."""


class Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper with list items indented under their key, as the hand-written trial files are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent block sequences inside mappings."""
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        """Write every value in full: no anchors and aliases."""
        return True


Dumper.add_representer(Literal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, "|"))
Dumper.add_representer(Folded, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, ">"))
Dumper.add_representer(
    FlowMap, lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)
)
Dumper.add_representer(
    FlowList, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def styled_string(value: str) -> str:
    """Mark a string for a block scalar when it has several lines or is long."""
    if "\n" in value:
        return Literal(value)
    if len(value) > FOLD_AT:
        return Folded(value)
    return value


def width(text: str) -> int:
    """Return how many columns a text takes, counting wide (CJK) characters twice."""
    return sum(2 if ord(character) >= 0x1100 else 1 for character in text)


def flow_width(text: dict[str, Any]) -> int:
    """Return the columns a text takes written on one line, quotes included."""
    parts = [f"{key}: {value!r}" for key, value in text.items()]
    return width("{" + ", ".join(parts) + "}")


def styled_text(value: dict[str, Any], start: int) -> dict[str, Any]:
    """Order a text's keys (en, zh, pending); write it on one line when it fits there, starting at column `start`."""
    result = {key: value[key] for key in (*LANGUAGES, schema.PENDING) if key in value}
    strings = [item for key, item in result.items() if key != schema.PENDING]
    one_line = all(isinstance(item, str) and "\n" not in item for item in strings)
    if schema.PENDING in result:
        result[schema.PENDING] = FlowList(result[schema.PENDING])
    if one_line and start + flow_width(result) <= WIDTH:
        return FlowMap(result)
    return {key: styled_string(item) if isinstance(item, str) else item for key, item in result.items()}


def styled(value: Any, kind: schema.Type, column: int = 0, start: int = 0) -> Any:
    """Return a value ready to dump: keys in the order the format lists them, each part styled for reading.

    `column` is where the value's keys or list items begin when written as a block, `start` where it begins when
    written on the line of its key.
    """
    if isinstance(kind, schema.Text) and isinstance(value, dict):
        return styled_text(value, start)
    if isinstance(kind, schema.Record) and isinstance(value, dict):
        keys = [key for key in kind.keys if key in value and key not in LAST_KEYS]
        keys += [key for key in value if key not in keys and key not in LAST_KEYS]
        keys += [key for key in LAST_KEYS if key in value]
        result = {
            key: styled(
                value[key],
                kind.keys[key].type if key in kind.keys else schema.AnyValue(),
                column + 2,
                column + len(key) + 2,
            )
            for key in keys
        }
        if key_values_are_scalars(result) and len(result) <= 2:
            return FlowMap(result)
        return result
    if isinstance(kind, schema.ListOf) and isinstance(value, list):
        items = [styled(item, kind.item, column + 2, column + 2) for item in value]
        if all(isinstance(item, str) for item in items):
            return FlowList(items)
        return items
    if isinstance(kind, schema.AnyValue):
        return flow(value)
    if isinstance(value, str):
        return styled_string(value)
    return value


def key_values_are_scalars(value: dict[str, Any]) -> bool:
    """Tell whether every value of a mapping is a number (as in coordinates)."""
    return bool(value) and all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in value.values())


def flow(value: Any) -> Any:
    """Write free-form values (such as an example's answers) on one line."""
    if isinstance(value, dict):
        return FlowMap({key: flow(item) for key, item in value.items()})
    if isinstance(value, list):
        return FlowList(flow(item) for item in value)
    return value


def spaced(text: str) -> str:
    """Put a blank line between top-level keys and between criteria, as in the hand-written files."""
    lines = text.split("\n")
    result: list[str] = []
    in_eligibility = False
    for index, line in enumerate(lines):
        if TOP_KEY.match(line):
            in_eligibility = line.startswith("eligibility:")
            if index:
                result.append("")
        elif in_eligibility and SPACED_ITEM.match(line) and not result[-1].endswith(("inclusion:", "exclusion:")):
            result.append("")
        result.append(line)
    return "\n".join(result)


def header(trial: dict[str, Any]) -> str:
    """Return the comment lines that open an imported trial file."""
    source = trial.get("source") or {}
    as_of = source.get("as_of")
    version = f"version of {as_of.isoformat()}" if isinstance(as_of, datetime.date) else "version date not given"
    registry = (trial.get("registry_ids") or [{}])[0].get("id", "?")
    return "\n".join(
        [
            SCHEMA_LINE,
            "#",
            f"# Imported by `trialsite import ctgov` from ClinicalTrials.gov record {registry}, {version}.",
            "# Registry text is in English, its Chinese marked `pending: [zh]`: write `zh` (and remove pending) to",
            "# translate. Re-importing updates what the registry owns and keeps translations whose English is",
            "# unchanged, rules, notes, plain versions, questions, computed values and examples. Comments are not",
            "# kept: explain things in `note` fields instead.",
            "",
            "",
        ]
    )


def trial_yaml(trial: dict[str, Any]) -> str:
    """Return the text of a trial file."""
    body = yaml.dump(
        styled(trial, trial_format.TRIAL),
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=WIDTH,
        default_flow_style=False,
    )
    return header(trial) + spaced(body)
