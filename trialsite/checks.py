"""Checks that need the whole trial: consistent ranges, question shapes, compilable rules, examples that hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .bundle import build_bundle, checklist_question_id, criteria, criterion_id
from .engine.answers import DONT_KNOW
from .engine.checker import BundleError, Checker
from .model import Trial
from .schema import Context, Problem

SemanticCheck = Callable[[Trial, Context], None]


def _report(ctx: Context, path: str, message: str) -> None:
    line = ctx.lines.get(path) or ctx.lines.get(path.rsplit(".", 1)[0], 1)
    ctx.problems.append(Problem(line, path, message))


def check_age_range(trial: Trial, ctx: Context) -> None:
    """Refuse an age range whose minimum is above its maximum."""
    age = trial["eligibility"]["age"]
    if age.get("min") is not None and age.get("max") is not None and age["min"] > age["max"]:
        _report(ctx, "eligibility.age.min", f"expected at most the maximum age {age['max']}, found {age['min']}")


SHAPE_KEYS = {"number": "units", "one_of": "options", "many_of": "options"}


def check_question_shapes(trial: Trial, ctx: Context) -> None:
    """Require units for numbers and options for choices, and nothing that a type does not use."""
    for index, question in enumerate(trial.get("questions", [])):
        path = f"questions[{index}]"
        needed = SHAPE_KEYS.get(question["type"])
        if needed and question.get(needed) is None:
            _report(ctx, path, f'a {question["type"]} question needs "{needed}"')
        for key in ("units", "options"):
            if question.get(key) is not None and key != needed:
                _report(ctx, f"{path}.{key}", f"not used by a {question['type']} question; remove it")
        if question.get("unit_label") is not None and question["type"] != "integer":
            _report(ctx, f"{path}.unit_label", f"not used by a {question['type']} question; remove it")
        for position, unit in enumerate(question.get("units") or []):
            factor = unit.get("per_canonical")
            if position == 0 and factor not in (None, 1):
                _report(
                    ctx,
                    f"{path}.units[0].per_canonical",
                    f"the first unit is the canonical one: expected 1, found {factor}",
                )
            if position > 0 and factor is None:
                _report(
                    ctx,
                    f"{path}.units[{position}]",
                    'missing "per_canonical": how many of this unit make one of the first',
                )
        for position, option in enumerate(question.get("options") or []):
            if option["id"] in DONT_KNOW:
                _report(ctx, f"{path}.options[{position}].id", f'{option["id"]!r} is reserved for "I don\'t know"')
        low, high = question.get("min"), question.get("max")
        if low is not None and high is not None and low > high:
            _report(ctx, f"{path}.min", f"expected at most max {high}, found {low}")


def check_criterion_keys(trial: Trial, ctx: Context) -> None:
    """Refuse a criterion that has both a rule and `assessed_by`, or an `unclear` text without a rule."""
    for section, index, item in criteria(trial):
        path = f"eligibility.{section}[{index}]"
        if item.get("rule") is not None and item.get("assessed_by") is not None:
            _report(ctx, f"{path}.assessed_by", "a criterion with a rule is assessed by its rule; remove one of them")
        if item.get("unclear") is not None and item.get("rule") is None:
            _report(ctx, f"{path}.unclear", "only a criterion with a rule calling unclear() can be unclear")


def check_identifiers(trial: Trial, ctx: Context) -> None:
    """Refuse a computed value named like a question, and question ids reserved for checklist questions."""
    question_ids = {question["id"] for question in trial.get("questions", [])}
    reserved = {checklist_question_id(section, item["number"]) for section, _, item in criteria(trial)}
    for index, question in enumerate(trial.get("questions", [])):
        if question["id"] in reserved:
            _report(
                ctx, f"questions[{index}].id", f"{question['id']!r} is reserved for a criterion's checklist question"
            )
    for index, value in enumerate(trial.get("computed", [])):
        if value["id"] in question_ids:
            _report(ctx, f"computed[{index}].id", f"{value['id']!r} is already a question id")


def check_rules(trial: Trial, ctx: Context) -> None:
    """Compile every rule, condition and computed value, then run the trial's examples against them."""
    if ctx.problems:
        return
    try:
        checker = Checker(build_bundle(trial))
    except BundleError as error:
        _report(ctx, error.where, error.message)
        return
    for section, index, item in criteria(trial):
        rule = checker.rules.get(criterion_id(section, item["number"]))
        if item.get("unclear") is not None and rule is not None and "unclear" not in rule.calls:
            _report(
                ctx,
                f"eligibility.{section}[{index}].unclear",
                "the rule never calls unclear(), so this text is never shown",
            )
    check_examples(trial, checker, ctx)


def _ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def check_examples(trial: Trial, checker: Checker, ctx: Context) -> None:
    """Refuse examples whose expected verdict and reasons differ from what the rules give."""
    known_ids = {criterion["id"] for criterion in checker.bundle["criteria"]}
    for index, example in enumerate(trial.get("examples", [])):
        path = f"examples[{index}]"
        for key in ("failed", "unknown", "borderline"):
            for position, value in enumerate(example.get(key) or []):
                if value not in known_ids:
                    _report(ctx, f"{path}.{key}[{position}]", f"no criterion {value!r} in this trial")
        answers = example["answers"]
        if not isinstance(answers, dict):
            _report(ctx, f"{path}.answers", "expected a mapping of question ids to answers")
            continue
        try:
            result = checker.check(answers)
        except BundleError as error:
            _report(ctx, error.where, f"{error.message} (with the answers of example {example['id']!r})")
            continue
        for problem in result["problems"]:
            _report(ctx, f"{path}.answers.{problem['question']}", problem["message"]["en"])
        if result["problems"]:
            continue
        mismatches = _mismatches(example, result)
        if mismatches:
            _report(ctx, path, f"example {example['id']!r} disagrees with the rules: " + "; ".join(mismatches))


def _mismatches(example: dict[str, Any], result: dict[str, Any]) -> list[str]:
    found = []
    if example["verdict"] != result["verdict"]:
        found.append(f"expected verdict {example['verdict']}, the rules give {result['verdict']}")
    for key, label in (("failed", "failed"), ("unknown", "unknown"), ("borderline", "borderline")):
        if example.get(key) is not None and sorted(example[key]) != sorted(result[key]):
            found.append(f"expected {label} {_ids(sorted(example[key]))}, the rules give {_ids(sorted(result[key]))}")
    return found


SEMANTIC_CHECKS: list[SemanticCheck] = [
    check_age_range,
    check_question_shapes,
    check_criterion_keys,
    check_identifiers,
    check_rules,
]
