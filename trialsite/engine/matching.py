"""Check one person's answers to the shared library's questions against every published trial, and group them.

The input is the match data the site ships (`{"trials": [{"id", "bundle", "library", "own_questions"}]}`, each
bundle cut down to the criteria that library questions can decide); the output groups each trial:
`may_be_eligible` (nothing answered rules the person out and no library question is left that matters),
`more_answers` (with the library questions still needed) or `not_eligible` (with the first failing criterion and
its reasons; `probably` when every failing rule was drafted from registry text and not yet reviewed). A trial's
result is kept until an answer it uses changes, so a change re-checks only the trials that ask that question.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from .checker import Checker

GROUPS = ("may_be_eligible", "more_answers", "not_eligible")
SETTLING_QUESTIONS = 3


class Matcher:
    """The published trials, compiled once; call `match(answers)` on every change."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.trials = [(trial, Checker(trial["bundle"])) for trial in data["trials"]]
        self._drafted = {
            trial["id"]: {item["id"] for item in trial["bundle"]["criteria"] if item.get("drafted")}
            for trial in data["trials"]
        }
        self._last: dict[str, tuple[str, dict[str, Any], list[dict[str, Any]]]] = {}

    def match(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Return each trial's group (in the data's order), the questions that would settle the most, the problems.

        An answer with a problem (out of range, say) counts as not given; the page and the command line say why.
        """
        results = []
        problems: dict[str, dict[str, Any]] = {}
        for trial, checker in self.trials:
            given = {name: value for name, value in answers.items() if name in checker.questions}
            key = json.dumps(given, sort_keys=True, default=str)
            last = self._last.get(trial["id"])
            if last is None or last[0] != key:
                result = checker.check(given)
                last = (key, self._group(trial, result, self._drafted[trial["id"]]), result["problems"])
                self._last[trial["id"]] = last
            results.append(last[1])
            for problem in last[2]:  # the shared questions are the same in every trial: one problem each
                problems.setdefault(problem["question"] or problem["code"], problem)
        needed = Counter(name for result in results if result["group"] == "more_answers" for name in result["needed"])
        return {
            "trials": results,
            "settle": [name for name, _ in needed.most_common(SETTLING_QUESTIONS)],
            "counts": {group: sum(result["group"] == group for result in results) for group in GROUPS},
            "problems": list(problems.values()),
        }

    def match_json(self, answers_json: str) -> str:
        """Match JSON answers; return the JSON result."""
        answers = json.loads(answers_json)
        return json.dumps(self.match(answers if isinstance(answers, Mapping) else {}), ensure_ascii=False)

    @staticmethod
    def _group(trial: Mapping[str, Any], result: Mapping[str, Any], drafted: set[str]) -> dict[str, Any]:
        entry: dict[str, Any] = {"trial": trial["id"], "own_questions": trial.get("own_questions", 0)}
        if result["verdict"] == "not_eligible":
            first = next(item for item in result["criteria"] if item["outcome"] == "fail")
            return {
                **entry,
                "group": "not_eligible",
                "probably": set(result["failed"]) <= drafted,
                "criterion": first["id"],
                "section": first["section"],
                "reasons": first["reasons"],
            }
        library = set(trial.get("library", ()))
        needed = [name for name in result["needed"] if name in library]
        return {**entry, "group": "more_answers" if needed else "may_be_eligible", "needed": needed}


def new_matcher(data_json: str) -> Matcher:
    """Compile the match data (JSON text) once, for the browser's worker."""
    return Matcher(json.loads(data_json))
