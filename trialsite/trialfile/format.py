"""The trial file format, derived from the typed model: it validates `trial_data/*.yaml` and is the JSON Schema.

Each model class becomes a `Record` whose keys are the class's fields; a field's type hint says what its value must
be (`Annotated` constraints included), its default makes it optional, and its `doc` is the schema's description.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from enum import StrEnum
from functools import cache
from typing import Any

from trialsite import model
from trialsite.trialfile.nodes import (
    AnyValue,
    Bool,
    Date,
    Enum,
    Int,
    Key,
    ListOf,
    Number,
    Record,
    Str,
    Text,
    Type,
)

UNIQUE_KEYS = {
    "options": ("id", "option id"),
    "questions": ("id", "question id"),
    "question_sections": ("id", "section id"),
    "computed": ("id", "computed value id"),
    "examples": ("id", "example id"),
    "inclusion": ("number", "criterion number"),
    "exclusion": ("number", "criterion number"),
}
"""Lists whose items must differ in one key, by field name: (key, how messages call it)."""
AT_LEAST_ONE = {"conditions", "interventions", "units"}
AT_LEAST_TWO = {"options"}


def _split_annotated(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    if typing.get_origin(hint) is typing.Annotated:
        base, *extras = typing.get_args(hint)
        inner, more = _split_annotated(base)
        return inner, (*extras, *more)
    return hint, ()


def _without_none(hint: Any) -> Any:
    """Return `X` for `X | None` (the None stands for an absent key or "not reported")."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def node_type(hint: Any, name: str, description: str = "") -> Type:
    """Return the validating type of a field's type hint."""
    hint, extras = _split_annotated(hint)
    hint = _without_none(hint)
    hint, more = _split_annotated(hint)
    extras = (*extras, *more)
    pattern = next((extra for extra in extras if isinstance(extra, model.Pattern)), None)
    bounds = next((extra for extra in extras if isinstance(extra, model.Bounds)), None)
    if any(isinstance(extra, model.Unchecked) for extra in extras):
        return AnyValue(description)
    if any(isinstance(extra, model.NotReportedAllowed) for extra in extras):
        return Date(description, may_be_not_reported=True)
    if typing.get_origin(hint) is tuple:
        item_hint = typing.get_args(hint)[0]
        key, label = UNIQUE_KEYS.get(name, (None, "value"))
        minimum = 2 if name in AT_LEAST_TWO else 1 if name in AT_LEAST_ONE else 0
        return ListOf(node_type(item_hint, name), description, min_items=minimum, unique_key=key, unique_label=label)
    if hint is model.LocalizedText:
        return Text(description)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return Enum([member.value for member in hint], description, build=hint)
    if hint is str:
        if pattern:
            return Str(description, pattern=pattern.regex, example=pattern.example, rule=pattern.rule)
        return Str(description, multiline=any(isinstance(extra, model.Multiline) for extra in extras))
    if hint is bool:
        return Bool(description)
    if hint is int:
        low, high = (bounds.minimum, bounds.maximum) if bounds else (None, None)
        return Int(description, None if low is None else int(low), None if high is None else int(high))
    if hint is float:
        return Number(description, *((bounds.minimum, bounds.maximum) if bounds else (None, None)))
    if hint is datetime.date:
        return Date(description)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return record(hint, description)
    raise TypeError(f"no trial-file type for {hint!r} ({name})")


@cache
def record(cls: type, description: str = "") -> Record:
    """Return the validating record of a model class: one key per field, built into an instance."""
    hints = typing.get_type_hints(cls, include_extras=True)
    keys: dict[str, Key] = {}
    for item in dataclasses.fields(cls):
        if item.metadata.get("internal"):
            continue
        required = item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING
        default = None if required else item.default
        keys[item.name] = Key(node_type(hints[item.name], item.name, item.metadata.get("doc", "")), required, default)
    return Record(keys, description or (cls.__doc__ or "").strip(), build=cls)


TRIAL = record(model.Trial)
TRIAL.title = "trialsite trial file"


def json_schema() -> dict[str, Any]:
    """Return the trial file format as a JSON Schema document."""
    schema = TRIAL.json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "trial.schema.json", **schema}


def schema_text() -> str:
    """Return the published JSON Schema of the trial file format, as `schema/trial.schema.json` holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
