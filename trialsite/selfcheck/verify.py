"""Check a trial's rules: every rule, condition and computed value compiles, and the examples hold."""

from __future__ import annotations

from typing import Any

from trialsite.engine.checker import BundleError, Checker
from trialsite.model import Example, Trial, criterion_id
from trialsite.problem import Context, join
from trialsite.selfcheck.bundle import build_bundle
from trialsite.selfcheck.lint import check_ask_if_order, check_rule_types
from trialsite.wording import message


def check_rules(trial: Trial, ctx: Context) -> None:
    """Compile every rule, condition and computed value, check them against the questions, then run the examples."""
    if ctx.problems:
        return
    check_ask_if_order(trial, ctx)
    if ctx.problems:
        return
    try:
        checker = Checker(build_bundle(trial))
    except BundleError as error:
        ctx.add(error.where, error.message)
        return
    for section, index, item in trial.eligibility.criteria():
        rule = checker.rules.get(criterion_id(section, item.number))
        if item.unclear is not None and rule is not None and "unclear" not in rule.calls:
            ctx.add(
                f"eligibility.{section}[{index}].unclear",
                "the rule never calls unclear(), so this text is never shown",
            )
    check_rule_types(trial, ctx)
    if ctx.problems:
        return  # examples run once the rules and questions agree
    check_examples(trial, checker, ctx)
    if trial.require_example_coverage and not ctx.problems:
        gaps = untested(example_coverage(trial, checker))
        if gaps:
            ctx.add(
                "require_example_coverage",
                "every criterion with a rule must be met by one example and failed by another; untested: "
                + "; ".join(gaps),
            )


def example_coverage(trial: Trial, checker: Checker) -> dict[str, tuple[str, set[str]]]:
    """Return, per criterion with a rule, its section and the outcomes (pass, fail, unknown) the examples give it."""
    coverage: dict[str, tuple[str, set[str]]] = {
        criterion["id"]: (criterion["section"], set())
        for criterion in checker.bundle["criteria"]
        if criterion.get("rule")
    }
    for example in trial.examples:
        if not isinstance(example.answers, dict):
            continue
        for criterion in checker.check(example.answers)["criteria"]:
            if criterion["id"] in coverage:
                coverage[criterion["id"]][1].add(criterion["outcome"])
    return coverage


def fully_tested(coverage: dict[str, tuple[str, set[str]]]) -> int:
    """Count the criteria that one example passes and another fails."""
    return sum({"pass", "fail"} <= outcomes for _, outcomes in coverage.values())


def untested(coverage: dict[str, tuple[str, set[str]]]) -> list[str]:
    """Say which criteria no example passes, or none fails, naming together those with the same gap.

    For example: "E5, E6: no example where it applies".
    """
    gaps: dict[str, list[str]] = {}
    for identifier, (section, outcomes) in coverage.items():
        passed, failed = ("is met", "is not met") if section == "inclusion" else ("does not apply", "applies")
        missing = [words for outcome, words in (("pass", passed), ("fail", failed)) if outcome not in outcomes]
        if missing:
            gaps.setdefault(f"no example where it {' or '.join(missing)}", []).append(identifier)
    return [f"{', '.join(identifiers)}: {gap}" for gap, identifiers in gaps.items()]


def author_message(problem: dict[str, Any], answers: dict[str, Any]) -> str:
    """Word an answer problem for the author of an example: the visitor's words, what was found, what is allowed."""
    text = message(problem["code"], problem["values"], "en")
    question = problem["question"]
    if question is None or question not in answers:
        return text
    found = f"found {answers[question]!r}"
    if problem["code"] == "answer_option":
        return f"{text} ({found}; the option ids are: {', '.join(problem['values']['options'])})"
    return f"{text} ({found})"


def _ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def check_examples(trial: Trial, checker: Checker, ctx: Context) -> None:
    """Refuse examples whose expected verdict and reasons differ from what the rules give."""
    known_ids = {criterion["id"] for criterion in checker.bundle["criteria"]}
    rule_errors: set[tuple[str, str]] = set()
    for index, example in enumerate(trial.examples):
        path = f"examples[{index}]"
        for key in ("failed", "unknown", "borderline"):
            for position, value in enumerate(getattr(example, key) or ()):
                if value not in known_ids:
                    ctx.add(f"{path}.{key}[{position}]", f"no criterion {value!r} in this trial")
        answers = example.answers
        if not isinstance(answers, dict):
            ctx.add(f"{path}.answers", "expected a mapping of question ids to answers")
            continue
        try:
            result = checker.check(answers)
        except BundleError as error:
            if (error.where, error.message) not in rule_errors:  # once per rule, not once per example
                rule_errors.add((error.where, error.message))
                ctx.add(error.where, f"{error.message} (first with the answers of example {example.id!r})")
            continue
        for problem in result["problems"]:
            ctx.add(join(f"{path}.answers", problem["question"]), author_message(problem, answers))
        if result["problems"]:
            continue
        mismatches = _mismatches(example, result)
        if mismatches:
            ctx.add(
                path,
                f"example {example.id!r} disagrees with the rules: "
                + "; ".join(mismatches)
                + f"; see `trialsite check {trial.id} --example {example.id} --explain`",
            )


def _mismatches(example: Example, result: dict[str, Any]) -> list[str]:
    found = []
    if example.verdict != result["verdict"]:
        deciding = [
            f"{key} {_ids(sorted(result[key]))}" for key in ("failed", "unknown") if result[key]
        ]  # the criteria that made the verdict
        because = f" ({', '.join(deciding)})" if deciding else ""
        found.append(f"expected verdict {example.verdict}, the rules give {result['verdict']}{because}")
    for key in ("failed", "unknown", "borderline"):
        expected = getattr(example, key)
        if expected is not None and sorted(expected) != sorted(result[key]):
            found.append(f"expected {key} {_ids(sorted(expected))}, the rules give {_ids(sorted(result[key]))}")
    return found
