"""Evaluate a trial's criteria against a visitor's answers and decide the verdict.

The input is a trial bundle (plain JSON-compatible data: questions, computed values, criteria); the
output is a JSON-compatible result. Verdicts: `not_eligible` if any inclusion criterion is not met or
any exclusion criterion applies; `incomplete` if nothing failed but a self-assessable criterion is
unknown; `may_be_eligible` otherwise. The study team always decides; the result never says more.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .answers import MONTHS_PER_DURATION_UNIT, AnswerProblem, read_answer
from .functions import FUNCTIONS
from .rules import UNCLEAR, UNKNOWN, Calculated, Comparison, Rule, RuleError, Trace, is_unknown

STATUS_BY_VALUE = {
    "inclusion": {True: "met", False: "not_met"},
    "exclusion": {True: "applies", False: "does_not_apply"},
}
OUTCOME_BY_VALUE = {
    "inclusion": {True: "pass", False: "fail"},
    "exclusion": {True: "fail", False: "pass"},
}


class BundleError(Exception):
    """A trial bundle is inconsistent: a rule does not compile or refers to nothing."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def _compile(source: str, names: set[str], where: str) -> Rule:
    try:
        return Rule(source, names, FUNCTIONS)
    except RuleError as error:
        raise BundleError(where, str(error)) from None


def _number(value: float) -> int | float:
    """Return a number as an int when it is whole (12, not 12.0), rounded to what a person would read."""
    rounded = round(value, 4)
    return int(rounded) if float(rounded).is_integer() else rounded


def _plain(value: Any) -> Any:
    """Convert an evaluated value into JSON-compatible data (UNKNOWN becomes None)."""
    if is_unknown(value):
        return None
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Calculated):
        return int(value) if value.is_integer() else float(value)
    return value


class Checker:
    """A compiled trial: call `check(answers)` as often as needed."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:
        self.bundle = bundle
        self.questions = {question["id"]: question for question in bundle["questions"]}
        self.computed_ids = [value["id"] for value in bundle.get("computed", [])]
        self.ask_if: dict[str, Rule] = {}
        seen: set[str] = set()
        for index, question in enumerate(bundle["questions"]):
            if question.get("ask_if"):
                self.ask_if[question["id"]] = _compile(question["ask_if"], seen, f"questions[{index}].ask_if")
            seen.add(question["id"])
        self.computed: dict[str, Rule] = {}
        for index, value in enumerate(bundle.get("computed", [])):
            self.computed[value["id"]] = _compile(value["expr"], seen, f"computed[{index}].expr")
            seen.add(value["id"])
        self.rules: dict[str, Rule] = {}
        for criterion in bundle["criteria"]:
            if criterion.get("rule"):
                self.rules[criterion["id"]] = _compile(criterion["rule"], seen, criterion["where"])

    def questions_behind(self, names: set[str]) -> set[str]:
        """Expand computed values into the question ids they are computed from."""
        result: set[str] = set()
        for name in names:
            if name in self.computed:
                result |= self.questions_behind(self.computed[name].names)
            else:
                result.add(name)
        return result

    def deciding_questions(self, names: set[str], env: Mapping[str, Any], asked: set[str]) -> set[str]:
        """Return the unanswered asked questions behind a rule, counting for a hidden question the ones that show it."""
        found: set[str] = set()
        pending = list(self.questions_behind(names))
        seen: set[str] = set()
        while pending:
            question = pending.pop()
            if question in seen:
                continue
            seen.add(question)
            if question in asked:
                if is_unknown(env[question]):
                    found.add(question)
            elif question in self.ask_if:
                pending.extend(self.questions_behind(self.ask_if[question].names))
        return found

    def read_answers(self, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
        """Return (values by id, ids of the questions asked, problems) for the raw answers."""
        env: dict[str, Any] = {}
        asked: list[str] = []
        problems: list[dict[str, Any]] = []
        for name in answers:
            if name not in self.questions:
                problems.append({"question": name, "code": "answer_no_such_question", "values": {"question": name}})
        for index, (question_id, question) in enumerate(self.questions.items()):
            condition = self.ask_if.get(question_id)
            try:
                shown = condition is None or condition.evaluate(env) is True
            except RuleError as error:
                raise BundleError(f"questions[{index}].ask_if", str(error)) from None
            if not shown:
                env[question_id] = UNKNOWN
                continue
            asked.append(question_id)
            try:
                env[question_id] = read_answer(question, answers.get(question_id))
            except AnswerProblem as problem:
                env[question_id] = UNKNOWN
                problems.append({"question": question_id, **problem.as_json()})
        return env, asked, problems

    def check(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Evaluate every criterion and return the verdict with the reasons."""
        env, asked, problems = self.read_answers(answers)
        computed: dict[str, Any] = {}
        for index, (value_id, rule) in enumerate(self.computed.items()):
            try:
                value = rule.evaluate(env)
            except RuleError as error:
                raise BundleError(f"computed[{index}].expr", str(error)) from None
            env[value_id] = value
            computed[value_id] = {"value": _plain(value), "calculated": isinstance(value, Calculated)}
        criteria = [self._criterion(criterion, env, asked, answers) for criterion in self.bundle["criteria"]]
        failed = [result["id"] for result in criteria if result["outcome"] == "fail"]
        unknown = [result["id"] for result in criteria if result["outcome"] == "unknown"]
        needed_set = {
            question for result in criteria if result["outcome"] == "unknown" for question in result["needed"]
        }
        if failed:
            verdict = "not_eligible"
        elif unknown:
            verdict = "incomplete"
        else:
            verdict = "may_be_eligible"
        return {
            "trial": self.bundle["id"],
            "verdict": verdict,
            "failed": failed,
            "unknown": unknown,
            "team": [result["id"] for result in criteria if result["outcome"] == "team"],
            "borderline": [result["id"] for result in criteria if result["borderline"]],
            "unclear": [result["id"] for result in criteria if result["unclear"]],
            "needed": [question for question in asked if question in needed_set],
            "asked": asked,
            "computed": computed,
            "criteria": criteria,
            "problems": problems,
        }

    def _reason(self, comparison: Comparison, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Describe a deciding comparison in the unit the person answered in (the canonical unit otherwise)."""
        question = self.questions.get(comparison.name) or {}
        raw = answers.get(comparison.name)
        units = {unit["id"]: unit.get("per_canonical") or 1.0 for unit in question.get("units") or []}
        if question.get("type") == "duration":
            units = {unit: 1 / months for unit, months in MONTHS_PER_DURATION_UNIT.items()}
            units = {"months": 1.0, **units}
        unit = next(iter(units), "")
        if isinstance(raw, Mapping) and raw.get("unit") in units:
            unit = str(raw["unit"])
        factor = units.get(unit, 1.0)
        return {
            "name": comparison.name,
            "value": _number(comparison.value * factor),
            "op": comparison.op,
            "bound": _number(comparison.bound * factor),
            "unit": unit,
        }

    def _criterion(
        self, criterion: Mapping[str, Any], env: Mapping[str, Any], asked: list[str], answers: Mapping[str, Any]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": criterion["id"],
            "section": criterion["section"],
            "number": criterion["number"],
            "needed": [],
            "borderline": [],
            "unclear": None,
            "reasons": [],
        }
        rule = self.rules.get(criterion["id"])
        if rule is None:
            return {**result, "status": "team", "outcome": "team"}
        trace = Trace()
        try:
            value = rule.evaluate(env, trace)
        except RuleError as error:
            raise BundleError(criterion["where"], str(error)) from None
        if value is UNCLEAR:
            return {**result, "unclear": criterion.get("unclear"), "status": "unknown", "outcome": "unknown"}
        if is_unknown(value):
            deciding = self.deciding_questions(rule.names, env, set(asked))
            result["needed"] = [question for question in asked if question in deciding]
            return {**result, "status": "unknown", "outcome": "unknown"}
        truth = bool(value)
        if OUTCOME_BY_VALUE[criterion["section"]][truth] == "fail":
            result["reasons"] = [self._reason(item, answers) for item in trace.comparisons if item.holds == truth]
        result["borderline"] = [
            {"label": label, "value": _plain(calculated), "bound": bound}
            for label, calculated, bound in trace.borderline
        ]
        section = criterion["section"]
        return {**result, "status": STATUS_BY_VALUE[section][truth], "outcome": OUTCOME_BY_VALUE[section][truth]}


_checkers: dict[str, Checker] = {}


def check_json(bundle_json: str, answers_json: str) -> str:
    """Evaluate JSON answers against a JSON bundle and return the JSON result; compiled bundles are cached."""
    checker = _checkers.get(bundle_json)
    if checker is None:
        checker = _checkers[bundle_json] = Checker(json.loads(bundle_json))
    return json.dumps(check_answers(checker, json.loads(answers_json)), ensure_ascii=False)


def check_answers(checker: Checker, answers: Any) -> dict[str, Any]:
    """Check answers that may not even be a mapping, reporting that as a problem."""
    if not isinstance(answers, Mapping):
        problem: dict[str, Any] = {"question": None, "code": "answer_not_a_mapping", "values": {}}
        return {**checker.check({}), "problems": [problem]}
    return checker.check(answers)
