"""Turn a trial into the self-check bundle the engine evaluates (in CPython and in the browser)."""

from __future__ import annotations

from typing import Any

from . import trial_format
from .model import Trial
from .structured import structured_parts

SECTIONS = ("inclusion", "exclusion")
CHECKLIST_LABEL = {
    "inclusion": {"en": "Is this true for you?", "zh": "这一条符合您的情况吗？"},
    "exclusion": {"en": "Does this apply to you?", "zh": "这一条适用于您吗？"},
}


def criterion_id(section: str, number: int) -> str:
    """Return the short id of a criterion: I1 for inclusion 1, E8 for exclusion 8."""
    return f"{section[0].upper()}{number}"


def checklist_question_id(section: str, number: int) -> str:
    """Return the id of the yes/no question asked for a criterion that has no rule."""
    return f"check_{criterion_id(section, number).lower()}"


def criteria(trial: Trial) -> list[tuple[str, int, dict[str, Any]]]:
    """List (section, index, criterion) for every criterion, inclusion first."""
    eligibility = trial["eligibility"]
    return [(section, index, item) for section in SECTIONS for index, item in enumerate(eligibility[section])]


def build_bundle(trial: Trial) -> dict[str, Any]:
    """Return the JSON-compatible bundle: questions (with checklist ones), computed values and criteria."""
    structured_questions, bundle_criteria = structured_parts(trial)
    questions = [*structured_questions, *({**question, "criterion": None} for question in trial.get("questions", []))]
    for section, index, item in criteria(trial):
        rule = item.get("rule")
        if rule is None and item.get("assessed_by") is None:
            question_id = checklist_question_id(section, item["number"])
            questions.append(
                {
                    **dict.fromkeys(trial_format.question.keys),
                    "id": question_id,
                    "type": "yes_no",
                    "label": CHECKLIST_LABEL[section],
                    "criterion": criterion_id(section, item["number"]),
                }
            )
            rule = question_id
        bundle_criteria.append(
            {
                "id": criterion_id(section, item["number"]),
                "section": section,
                "number": item["number"],
                "rule": rule,
                "unclear": item.get("unclear"),
                "text": item.get("plain") or item["text"],
                "where": f"eligibility.{section}[{index}].rule",
            }
        )
    return {
        "id": trial.id,
        "questions": questions,
        "computed": list(trial.get("computed", [])),
        "criteria": bundle_criteria,
    }
