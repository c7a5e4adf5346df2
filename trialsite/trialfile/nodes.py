"""A small declarative schema for YAML documents: validates parsed nodes and emits JSON Schema.

Each schema type checks a PyYAML node (so every error knows its line) and returns plain Python
values. The same objects describe themselves as JSON Schema, so the published schema cannot drift
from the validator.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from trialsite.model import LANGUAGES, NOT_REPORTED, POSITIVE, LocalizedText
from trialsite.problem import Context, Problem, join

PENDING = "pending"


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def describe(node: yaml.Node) -> str:
    """Describe what was found at a node, for error messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = scalar_value(node)
    if value is None:
        return "nothing (null)"
    kind = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        datetime.date: "a date",
        datetime.datetime: "a date and time",
    }.get(type(value), type(value).__name__)
    shown = node.value if isinstance(node, yaml.ScalarNode) else value
    if isinstance(shown, str) and len(shown) > SHOWN_CHARACTERS:
        shown = f"{shown[:SHOWN_CHARACTERS]}… ({len(shown):,} characters)"
    return f"{shown!r} ({kind})"


SHOWN_CHARACTERS = 60
"""How much of a wrong value a message quotes."""
MAX_MAGNITUDE = 1e12
"""The largest number a trial file may hold (a larger one is a typo, and some could not become floats)."""


def is_number(value: Any) -> bool:
    """Tell whether a value is an int or a float (not a boolean)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def within_limits(value: float) -> bool:
    """Tell whether a number is finite and at most `MAX_MAGNITUDE` either way."""
    try:
        return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    except OverflowError:  # an integer too large for a float
        return False


def scalar_value(node: yaml.Node) -> Any:
    """Construct the Python value of a node the way `yaml.safe_load` would; an impossible date stays text."""
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, OverflowError, AttributeError, TypeError, yaml.YAMLError):  # e.g. `!!timestamp nonsense`
        return node.value if isinstance(node, yaml.ScalarNode) else None


class Type:
    """Base class: a schema type checks a node and describes itself as JSON Schema."""

    description: str = ""

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the node's value, reporting problems to `ctx`."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """Return this type as a JSON Schema fragment."""
        raise NotImplementedError

    def _with_description(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


class Scalar(Type):
    """A scalar of a given kind, optionally with extra checks."""

    def __init__(
        self,
        expected: str,
        accepts: Callable[[Any], bool],
        schema: dict[str, Any],
        description: str = "",
    ) -> None:
        self.expected = expected
        self.accepts = accepts
        self.schema = schema
        self.description = description

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the scalar's value when it is of the expected kind."""
        if isinstance(node, yaml.ScalarNode):
            value = scalar_value(node)
            if is_number(value) and not within_limits(value):
                limit = f"{MAX_MAGNITUDE:,.0f}"
                ctx.report(node, path, f"expected a number from -{limit} to {limit}, found {describe(node)}")
                return None
            if self.accepts(value):
                return value
        ctx.report(node, path, f"expected {self.expected}, found {describe(node)}")
        return None

    def json_schema(self) -> dict[str, Any]:
        """Return the scalar's JSON Schema."""
        return self._with_description(dict(self.schema))


def Str(
    description: str = "", pattern: str | None = None, example: str = "", multiline: bool = False, rule: str = ""
) -> Scalar:
    """Return the type of a non-empty string (one line unless `multiline`), optionally matching a regular expression."""
    regex = re.compile(pattern) if pattern else None

    def accepts(value: Any) -> bool:
        return (
            isinstance(value, str)
            and bool(value.strip())
            and (multiline or "\n" not in value.strip())
            and (regex is None or bool(regex.fullmatch(value)))
        )

    schema: dict[str, Any] = {"type": "string", "minLength": 1}
    if not multiline:
        schema["pattern"] = "^[^\\n]*$"
    expected = "a non-empty string" if multiline else "a non-empty string on one line"
    if pattern:
        schema["pattern"] = f"^(?:{pattern})$"
        expected = f"a string like {example!r}" if example else f"a string matching {pattern}"
        if rule:
            expected = f"{rule}, like {example!r}" if example else rule
    return Scalar(expected, accepts, schema, description)


def Int(description: str = "", minimum: int | None = None, maximum: int | None = None) -> Scalar:
    """Return the type of an integer within optional bounds."""

    def accepts(value: Any) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (minimum is None or value >= minimum)
            and (maximum is None or value <= maximum)
        )

    schema: dict[str, Any] = {"type": "integer"}
    expected = "an integer"
    if minimum is not None:
        schema["minimum"] = minimum
        expected += f" >= {minimum}"
    if maximum is not None:
        schema["maximum"] = maximum
        expected += f" <= {maximum}" if minimum is None else f" and <= {maximum}"
    return Scalar(expected, accepts, schema, description)


def Number(description: str = "", minimum: float | None = None, maximum: float | None = None) -> Scalar:
    """Return the type of a finite number, within optional bounds (a minimum of 1e-9 reads "above 0")."""

    def accepts(value: Any) -> bool:
        return (
            is_number(value)
            and math.isfinite(value)
            and (minimum is None or value >= minimum)
            and (maximum is None or value <= maximum)
        )

    schema: dict[str, Any] = {"type": "number"}
    expected = "a number"
    if minimum == POSITIVE:
        schema["exclusiveMinimum"] = 0
        expected = "a number above 0"
    elif minimum is not None:
        schema["minimum"] = minimum
        expected += f" from {minimum:g}" + (f" to {maximum:g}" if maximum is not None else "")
    if maximum is not None:
        schema["maximum"] = maximum
        expected += "" if minimum is not None and minimum != POSITIVE else f" of at most {maximum:g}"
    return Scalar(expected, accepts, schema, description)


def Bool(description: str = "") -> Scalar:
    """Return the type of `true` or `false`."""
    return Scalar("true or false", lambda value: isinstance(value, bool), {"type": "boolean"}, description)


class Enum(Type):
    """One of a fixed set of strings."""

    def __init__(self, choices: Iterable[str], description: str = "", build: Callable[[str], Any] = str) -> None:
        self.choices = tuple(choices)
        self.description = description
        self.build = build

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the choice when the node is one of them."""
        if isinstance(node, yaml.ScalarNode) and scalar_value(node) in self.choices:
            return self.build(scalar_value(node))
        ctx.report(node, path, f"expected one of: {', '.join(self.choices)}; found {describe(node)}")
        return None

    def json_schema(self) -> dict[str, Any]:
        """Return the enumeration's JSON Schema."""
        return self._with_description({"enum": list(self.choices)})


class Date(Type):
    """A calendar date written YYYY-MM-DD, or (when allowed) the words "not reported"."""

    def __init__(self, description: str = "", may_be_not_reported: bool = False) -> None:
        self.description = description
        self.may_be_not_reported = may_be_not_reported

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return a `datetime.date`, or None for "not reported"."""
        if isinstance(node, yaml.ScalarNode):
            value = scalar_value(node)
            if type(value) is datetime.date:
                return value
            if self.may_be_not_reported and value == NOT_REPORTED:
                return None
        expected = "a date (YYYY-MM-DD)"
        if self.may_be_not_reported:
            expected += f' or "{NOT_REPORTED}"'
        ctx.report(node, path, f"expected {expected}, found {describe(node)}")
        return None

    def json_schema(self) -> dict[str, Any]:
        """Return the date's JSON Schema."""
        date = {"type": "string", "format": "date"}
        if self.may_be_not_reported:
            return self._with_description({"anyOf": [date, {"const": NOT_REPORTED}]})
        return self._with_description(date)


class Text(Type):
    """Human-readable text in every site language: a mapping `{en: ..., zh: ...}`.

    A translation may be marked pending instead (`{en: ..., pending: [zh]}`): the text then falls back to
    English, the pages mark it as not yet translated, and `Context.pending` records where it is.
    """

    def __init__(self, description: str = "") -> None:
        self.description = description

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return a `LocalizedText`; a pending translation holds the English text."""
        if not isinstance(node, yaml.MappingNode):
            ctx.report(node, path, f"expected a mapping with keys en, zh; found {describe(node)}")
            return None
        result: dict[str, Any] = {}
        pending: list[str] = []
        written: set[str] = set()
        for key_node, value_node in mapping_items(node, path, ctx):
            key = key_node.value
            written.add(key)
            if key == PENDING:
                pending = self._pending(value_node, join(path, PENDING), ctx)
                continue
            if key not in LANGUAGES:
                expected = ", ".join((*LANGUAGES, PENDING))
                ctx.report(key_node, join(path, str(key)), f"unknown key; expected one of: {expected}")
                continue
            value = scalar_value(value_node) if isinstance(value_node, yaml.ScalarNode) else None
            if not isinstance(value, str) or not value.strip():
                ctx.report(value_node, join(path, key), f"expected non-empty text, found {describe(value_node)}")
                continue
            result[key] = join_wrapped_cjk(value.strip())
        line = ctx.lines.get(path, line_of(node))
        for language in LANGUAGES:
            if language in pending and language in written:
                ctx.problems.append(
                    Problem(line, path, f'"{language}" is both written and pending; remove it from pending')
                )
            elif language not in written and language not in pending:
                ctx.problems.append(Problem(line, path, f'missing "{language}" translation'))
        if any(language not in result for language in LANGUAGES if language not in pending):
            return None
        if pending and LANGUAGES[0] in result:
            ctx.pending.append(Problem(line, path, f"translation pending: {', '.join(pending)}"))
            result.update({language: result[LANGUAGES[0]] for language in pending})
        return LocalizedText(**result, pending=tuple(pending))

    def _pending(self, node: yaml.Node, path: str, ctx: Context) -> list[str]:
        translatable = LANGUAGES[1:]
        values = scalar_value(node) if isinstance(node, yaml.SequenceNode) else None
        if not isinstance(values, list) or not values or any(value not in translatable for value in values):
            ctx.report(
                node, path, f"expected a list of languages from: {', '.join(translatable)}; found {describe(node)}"
            )
            return []
        return list(dict.fromkeys(values))

    def json_schema(self) -> dict[str, Any]:
        """Return the localized text's JSON Schema."""
        text = {"type": "string", "minLength": 1}
        translatable = list(LANGUAGES[1:])
        return self._with_description(
            {
                "type": "object",
                "properties": {
                    **{language: dict(text) for language in LANGUAGES},
                    PENDING: {
                        "type": "array",
                        "items": {"enum": translatable},
                        "minItems": 1,
                        "description": "Languages whose translation is pending; English is shown, marked.",
                    },
                },
                "required": [LANGUAGES[0]],
                "anyOf": [{"required": [language]} for language in translatable] + [{"required": [PENDING]}],
                "additionalProperties": False,
            }
        )


CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
"""Chinese characters and full-width punctuation."""
WRAPPED_CJK = re.compile(f"(?<=[{CJK}])(?:[ \\t]*\\n[ \\t]*|[ \\t]+)(?=[{CJK}])")


def join_wrapped_cjk(text: str) -> str:
    """Remove the space a wrapped YAML line leaves between two Chinese characters (`>-` folds lines into spaces)."""
    return WRAPPED_CJK.sub("", text)


class AnyValue(Type):
    """Any YAML value, checked later by whoever uses it."""

    def __init__(self, description: str = "") -> None:
        self.description = description

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the node's value unchanged, remembering the lines of nested keys."""
        remember_lines(node, path, ctx)
        return scalar_value(node)

    def json_schema(self) -> dict[str, Any]:
        """Return an unconstrained JSON Schema."""
        return self._with_description({})


def remember_lines(node: yaml.Node, path: str, ctx: Context) -> None:
    """Record the line of every key path below a node, reporting keys written twice."""
    ctx.lines[path] = line_of(node)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in mapping_items(node, path, ctx):
            remember_lines(value_node, join(path, str(key_node.value)), ctx)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            remember_lines(item, f"{path}[{index}]", ctx)


class ListOf(Type):
    """A list whose items all have one type."""

    def __init__(
        self,
        item: Type,
        description: str = "",
        min_items: int = 0,
        unique_key: str | None = None,
        unique_label: str = "value",
    ) -> None:
        self.item = item
        self.description = description
        self.min_items = min_items
        self.unique_key = unique_key
        self.unique_label = unique_label

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the list of checked items, reporting duplicates of `unique_key`."""
        if not isinstance(node, yaml.SequenceNode):
            ctx.report(node, path, f"expected a list, found {describe(node)}")
            return None
        ctx.lines[path] = line_of(node)
        items = []
        seen: dict[Any, int] = {}
        for index, item_node in enumerate(node.value):
            item_path = f"{path}[{index}]"
            ctx.lines[item_path] = line_of(item_node)
            value = self.item.check(item_node, item_path, ctx)
            items.append(value)
            key = getattr(value, self.unique_key, None) if self.unique_key else None
            if key is not None:
                key_path = join(item_path, self.unique_key or "")
                if key in seen:
                    ctx.problems.append(
                        Problem(
                            ctx.lines.get(key_path, line_of(item_node)),
                            key_path,
                            f"duplicate {self.unique_label} {key!r} (first used at line {seen[key]})",
                        )
                    )
                else:
                    seen[key] = ctx.lines.get(key_path, line_of(item_node))
        if len(items) < self.min_items:
            ctx.report(node, path, f"expected at least {self.min_items} item(s), found {len(items)}")
        return tuple(items)

    def json_schema(self) -> dict[str, Any]:
        """Return the list's JSON Schema."""
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._with_description(schema)


@dataclass(frozen=True)
class Key:
    """One key of a record: its type and whether it must be present."""

    type: Type
    required: bool = True
    default: Any = None


class Record(Type):
    """A mapping with a fixed set of keys; unknown keys are errors, absent optional keys take their default."""

    def __init__(
        self,
        keys: Mapping[str, Key],
        description: str = "",
        title: str = "",
        build: Callable[..., Any] = dict,
    ) -> None:
        self.keys = dict(keys)
        self.description = description
        self.title = title
        self.build = build

    def check(self, node: yaml.Node, path: str, ctx: Context) -> Any:
        """Return the record built from the checked values (absent optional keys take their default), or None."""
        if not isinstance(node, yaml.MappingNode):
            ctx.report(node, path, f"expected a mapping, found {describe(node)}")
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in mapping_items(node, path, ctx):
            key = key_node.value
            key_path = join(path, str(key))
            ctx.lines[key_path] = line_of(key_node)
            spec = self.keys.get(key)
            if spec is None:
                ctx.report(key_node, key_path, f"unknown key; expected one of: {', '.join(sorted(self.keys))}")
                continue
            result[key] = spec.type.check(value_node, key_path, ctx)
        complete = True
        for key, spec in self.keys.items():
            if key in result:
                continue
            if spec.required:
                line = ctx.lines.get(path, line_of(node)) if path else 1
                ctx.problems.append(Problem(line, path, f'missing required key "{key}"'))
                complete = False
            else:
                result[key] = spec.default
        return self.build(**result) if complete else None

    def json_schema(self) -> dict[str, Any]:
        """Return the record's JSON Schema."""
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key: spec.type.json_schema() for key, spec in self.keys.items()},
            "additionalProperties": False,
        }
        required = [key for key, spec in self.keys.items() if spec.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["title"] = self.title
        return self._with_description(schema)


def mapping_items(node: yaml.MappingNode, path: str, ctx: Context) -> list[tuple[yaml.Node, yaml.Node]]:
    """Return a mapping's (key, value) node pairs, reporting duplicate and non-text keys."""
    seen: dict[Any, int] = {}
    items: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            ctx.report(key_node, path, f"expected a text key, found {describe(key_node)}")
            continue
        key = key_node.value
        if key in seen:
            ctx.report(key_node, join(path, str(key)), f"duplicate key (first used at line {seen[key]})")
            continue
        seen[key] = line_of(key_node)
        items.append((key_node, value_node))
    return items
