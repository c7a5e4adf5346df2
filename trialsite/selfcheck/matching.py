"""The data "Which trials may fit me?" checks: every trial cut down to what the shared library's questions decide.

For each trial: the criteria whose rules use a library question (with the questions and computed values those rules
need), the library questions it asks, and how many questions of its own its self-check asks besides. The questions
of the page are the library questions the trials use, those that most trials ask first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from trialsite.engine.checker import Checker
from trialsite.model import Trial
from trialsite.selfcheck.bundle import build_bundle


def _needed_names(checker: Checker, names: set[str]) -> set[str]:
    """Return the names some rule names depend on: computed values' inputs, conditional questions' conditions."""
    found: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        if name in checker.computed:
            pending.extend(checker.computed[name].names)
        if name in checker.ask_if:
            pending.extend(checker.ask_if[name].names)
    return found


def match_entry(trial: Trial, language: str) -> dict[str, Any]:
    """Return one trial's match data in a language: its cut-down bundle, library questions and own question count."""
    bundle = build_bundle(trial)
    checker = Checker(bundle)
    library = {question["id"] for question in bundle["questions"] if question.get("library")}
    criteria = [
        criterion
        for criterion in bundle["criteria"]
        if criterion["id"] in checker.rules and checker.questions_behind(checker.rules[criterion["id"]].names) & library
    ]
    names = _needed_names(checker, {name for criterion in criteria for name in checker.rules[criterion["id"]].names})
    questions = [_slim_question(question, language) for question in bundle["questions"] if question["id"] in names]
    computed = [value for value in bundle["computed"] if value["id"] in names]
    slim_criteria = [
        {
            "id": criterion["id"],
            "section": criterion["section"],
            "number": criterion["number"],
            "rule": criterion["rule"],
            "drafted": criterion.get("drafted", False),
            "text": str(criterion["text"][language]),
            "pending": language in (criterion["text"].get("pending") or ()),
            "where": criterion["where"],
        }
        for criterion in criteria
    ]
    return {
        "id": trial.id,
        "bundle": {"id": trial.id, "questions": questions, "computed": computed, "criteria": slim_criteria},
        "library": [question["id"] for question in questions if question.get("library")],
        "own_questions": sum(1 for question in bundle["questions"] if not question.get("library")),
    }


def _slim_question(question: dict[str, Any], language: str) -> dict[str, Any]:
    """Keep of a question what the engine reads and the words a reason needs (its short label)."""
    label = question.get("short_label") or question["label"]
    kept = {key: question.get(key) for key in ("id", "type", "units", "options", "min", "max", "ask_if", "library")}
    return {**kept, "label": {language: str(label[language])}}


def question_order(entries: list[dict[str, Any]], library_order: Sequence[str]) -> list[str]:
    """Return the library questions the trials ask, those most trials ask first (library order breaks ties)."""
    asked = Counter(name for entry in entries for name in entry["library"])
    rank = {name: index for index, name in enumerate(library_order)}
    return sorted(asked, key=lambda name: (-asked[name], rank.get(name, len(rank))))
