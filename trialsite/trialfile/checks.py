"""Checks that need the whole trial: consistent ranges, question shapes, compilable rules, examples that hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trialsite.engine.answers import DONT_KNOW, QUESTION_TYPES, TYPE_SPECIFIC_KEYS
from trialsite.engine.checker import BundleError, Checker
from trialsite.model import Example, Trial
from trialsite.problem import Problem
from trialsite.selfcheck.bundle import build_bundle, checklist_question_id, criterion_id
from trialsite.trialfile.nodes import Context
from trialsite.wording import message

SemanticCheck = Callable[[Trial, Context], None]


def _report(ctx: Context, path: str, message: str) -> None:
    line = ctx.lines.get(path) or ctx.lines.get(path.rsplit(".", 1)[0], 1)
    ctx.problems.append(Problem(line, path, message))


def check_age_range(trial: Trial, ctx: Context) -> None:
    """Refuse an age range whose minimum is above its maximum."""
    age = trial.eligibility.age
    if age.min is not None and age.max is not None and age.min > age.max:
        _report(ctx, "eligibility.age.min", f"expected at most the maximum age {age.max}, found {age.min}")


def check_question_shapes(trial: Trial, ctx: Context) -> None:
    """Require what each question type needs (units, options) and refuse what it does not use."""
    for index, question in enumerate(trial.questions):
        path = f"questions[{index}]"
        kind = QUESTION_TYPES[question.type]
        for key in kind.needs:
            if getattr(question, key) is None:
                _report(ctx, path, f'a {question.type} question needs "{key}"')
        for key in TYPE_SPECIFIC_KEYS:
            if getattr(question, key) is not None and key not in (*kind.needs, *kind.allows):
                _report(ctx, f"{path}.{key}", f"not used by a {question.type} question; remove it")
        for position, unit in enumerate(question.units or ()):
            factor = unit.per_canonical
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
        for position, option in enumerate(question.options or ()):
            if option.id in DONT_KNOW:
                _report(ctx, f"{path}.options[{position}].id", f'{option.id!r} is reserved for "I don\'t know"')
        if question.min is not None and question.max is not None and question.min > question.max:
            _report(ctx, f"{path}.min", f"expected at most max {question.max}, found {question.min}")
        unit_ids = [unit.id for unit in question.units or ()]
        if question.default_unit is not None and question.default_unit not in unit_ids:
            expected = ", ".join(unit_ids)
            _report(
                ctx,
                f"{path}.default_unit",
                f"expected one of the question's units: {expected}; found {question.default_unit!r}",
            )
        for position, unit in enumerate(question.units or ()):
            low, high = unit.plausible_min, unit.plausible_max
            if low is not None and high is not None and low > high:
                _report(
                    ctx,
                    f"{path}.units[{position}].plausible_min",
                    f"expected at most plausible_max {high}, found {low}",
                )
        sections = {section.id for section in trial.question_sections}
        if question.section is not None and question.section not in sections:
            listed = ", ".join(sorted(sections)) or "none: add question_sections"
            _report(
                ctx,
                f"{path}.section",
                f"expected a section id from question_sections ({listed}); found {question.section!r}",
            )


def check_criterion_keys(trial: Trial, ctx: Context) -> None:
    """Refuse a criterion that has both a rule and `assessed_by`, or an `unclear` text without a rule."""
    for section, index, item in trial.eligibility.criteria():
        path = f"eligibility.{section}[{index}]"
        if item.rule is not None and item.assessed_by is not None:
            _report(ctx, f"{path}.assessed_by", "a criterion with a rule is assessed by its rule; remove one of them")
        if item.unclear is not None and item.rule is None:
            _report(ctx, f"{path}.unclear", "only a criterion with a rule calling unclear() can be unclear")


def check_identifiers(trial: Trial, ctx: Context) -> None:
    """Refuse a computed value named like a question, and question ids reserved for checklist questions."""
    question_ids = {question.id for question in trial.questions}
    reserved = {checklist_question_id(section, item.number) for section, _, item in trial.eligibility.criteria()}
    for index, question in enumerate(trial.questions):
        if question.id in reserved:
            _report(ctx, f"questions[{index}].id", f"{question.id!r} is reserved for a criterion's checklist question")
    for index, value in enumerate(trial.computed):
        if value.id in question_ids:
            _report(ctx, f"computed[{index}].id", f"{value.id!r} is already a question id")


def check_rules(trial: Trial, ctx: Context) -> None:
    """Compile every rule, condition and computed value, then run the trial's examples against them."""
    if ctx.problems:
        return
    try:
        checker = Checker(build_bundle(trial))
    except BundleError as error:
        _report(ctx, error.where, error.message)
        return
    for section, index, item in trial.eligibility.criteria():
        rule = checker.rules.get(criterion_id(section, item.number))
        if item.unclear is not None and rule is not None and "unclear" not in rule.calls:
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
    for index, example in enumerate(trial.examples):
        path = f"examples[{index}]"
        for key in ("failed", "unknown", "borderline"):
            for position, value in enumerate(getattr(example, key) or ()):
                if value not in known_ids:
                    _report(ctx, f"{path}.{key}[{position}]", f"no criterion {value!r} in this trial")
        answers = example.answers
        if not isinstance(answers, dict):
            _report(ctx, f"{path}.answers", "expected a mapping of question ids to answers")
            continue
        try:
            result = checker.check(answers)
        except BundleError as error:
            _report(ctx, error.where, f"{error.message} (with the answers of example {example.id!r})")
            continue
        for problem in result["problems"]:
            _report(ctx, f"{path}.answers.{problem['question']}", message(problem["code"], problem["values"], "en"))
        if result["problems"]:
            continue
        mismatches = _mismatches(example, result)
        if mismatches:
            _report(ctx, path, f"example {example.id!r} disagrees with the rules: " + "; ".join(mismatches))


def _mismatches(example: Example, result: dict[str, Any]) -> list[str]:
    found = []
    if example.verdict != result["verdict"]:
        found.append(f"expected verdict {example.verdict}, the rules give {result['verdict']}")
    for key in ("failed", "unknown", "borderline"):
        expected = getattr(example, key)
        if expected is not None and sorted(expected) != sorted(result[key]):
            found.append(f"expected {key} {_ids(sorted(expected))}, the rules give {_ids(sorted(result[key]))}")
    return found


SEMANTIC_CHECKS: list[SemanticCheck] = [
    check_age_range,
    check_question_shapes,
    check_criterion_keys,
    check_identifiers,
    check_rules,
]
