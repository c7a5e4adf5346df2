"""Hostile inputs for the fuzzing tests and the longer fuzzing run: values, YAML, rules, answers, records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDS = Path(__file__).resolve().parents[1] / "ctgov" / "fixtures"
MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(["😀", "𬌗", "咬", "\u200b", "\u3000", "：", "\\", "{", "}", "<", ">", "&", "#", "*", "~"]),
    ),
    max_size=40,
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([10**400, -(10**400), 0, 1, -1, 1e308, 5e-324]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ODD_TEXT, st.dates())
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(ODD_TEXT, children, max_size=4)),
    max_leaves=12,
)
YAML_SNIPPETS = st.sampled_from(
    [
        "!foo bar",
        "!!python/name:os.system",
        "!!timestamp nonsense",
        "&a [x, *a]",
        "*nowhere",
        "[" * 200 + "]" * 200,
        "{" * 60 + "}" * 60,
        "9" * 5000,
        "'unclosed",
        "\t- tab",
        "? complex\n: key",
        "---\n---",
        "%YAML 1.1\n---\nx",
    ]
)


def key_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """List every key path of a nested value (mapping keys and list indexes)."""
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += key_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += key_paths(item, (*prefix, index))
    return paths


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """Return a copy of a nested value with the value at `path` replaced."""
    result = copy.deepcopy(document)
    target = result
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return result


@st.composite
def trial_texts(draw: st.DrawFn) -> str:
    """Draw a trial file: the minimal one with a hostile value at a key path, or a hostile YAML line spliced in."""
    if draw(st.booleans()):
        document = yaml.safe_load(MINIMAL)
        path = draw(st.sampled_from(key_paths(document)))
        try:
            return yaml.safe_dump(replaced(document, path, draw(VALUES)), allow_unicode=True)
        except (yaml.YAMLError, RecursionError, OverflowError, ValueError):
            return MINIMAL
    lines = MINIMAL.splitlines()
    at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
    key = draw(st.sampled_from(["title", "en", "min", "rule", "answers", "x", "number", "id"]))
    lines[at] = f"{indent}{key}: {draw(YAML_SNIPPETS)}"
    return "\n".join(lines) + "\n"


RULE_PARTS = st.sampled_from(
    [
        "age",
        "sex",
        "x",
        "1",
        "0",
        "1e13",
        "9" * 320,
        "'yes'",
        "True",
        "None",
        "[1, 2]",
        "unclear()",
        "meld(1, 2, 3, x)",
        "__import__('os')",
        "age.real",
        "lambda: 1",
        "age[0]",
        "{**x}",
        "f'{x}'",
        "not",
        "-",
        "+",
        "(",
        ")",
        "and",
        "or",
        "<",
        "<=",
        "==",
        "in",
        "if",
        "else",
        "*",
        "/",
        "**",
        ",",
        "min(",
        "max(",
        "abs(",
        "known(",
        "first_known(",
    ]
)


@st.composite
def rule_texts(draw: st.DrawFn) -> str:
    """Draw a rule: a random string of rule-language pieces, or a very deep or long one."""
    kind = draw(st.integers(min_value=0, max_value=3))
    if kind == 0:
        return " ".join(draw(st.lists(RULE_PARTS, max_size=30)))
    depth = draw(st.integers(min_value=1, max_value=6000))
    if kind == 1:
        return "not " * depth + "age"
    if kind == 2:
        return "(" * depth + "age" + ")" * depth
    return " + ".join(["age"] * depth)


def answers_values() -> st.SearchStrategy[dict[str, Any]]:
    """Answers keyed by real question ids (and some odd ones), with hostile values."""
    ids = st.sampled_from(["age", "consent", "meld_method", "creatinine", "bilirubin", "cirrhosis_cause", "x", ""])
    return st.dictionaries(ids, st.one_of(VALUES, st.fixed_dictionaries({"value": VALUES, "unit": VALUES})), max_size=8)


@st.composite
def record_texts(draw: st.DrawFn) -> str:
    """Draw a ClinicalTrials.gov record with a hostile value at some key path."""
    record = json.loads((RECORDS / "NCT06171568.json").read_text(encoding="utf-8"))
    path = draw(st.sampled_from(key_paths(record)))
    try:
        return json.dumps(replaced(record, path, draw(VALUES)), default=str)
    except (ValueError, RecursionError):
        return "{}"
