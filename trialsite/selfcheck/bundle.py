"""Turn a trial into the self-check bundle the engine evaluates (in CPython and in the browser).

The bundle is plain JSON-compatible data: `{"id", "questions", "computed", "criteria"}`, texts as `{en, zh}`.
"""

from __future__ import annotations

from typing import Any

from trialsite.model import QuestionType, Trial, checklist_question_id, criterion_id, to_json
from trialsite.selfcheck.structured import bundle_question, structured_parts
from trialsite.wording import texts


def build_bundle(trial: Trial) -> dict[str, Any]:
    """Return the JSON-compatible bundle: questions (with checklist ones), computed values and criteria."""
    structured_questions, bundle_criteria = structured_parts(trial)
    questions = [*structured_questions, *({**to_json(question), "criterion": None} for question in trial.questions)]
    for section, index, item in trial.eligibility.criteria():
        rule = item.rule
        if rule is None and item.assessed_by is None:
            question_id = checklist_question_id(section, item.number)
            questions.append(
                bundle_question(
                    id=question_id,
                    type=QuestionType.YES_NO.value,
                    label=texts(f"checklist_{section.value}"),
                    criterion=criterion_id(section, item.number),
                )
            )
            rule = question_id
        bundle_criteria.append(
            {
                "id": criterion_id(section, item.number),
                "section": section.value,
                "number": item.number,
                "rule": rule,
                "unclear": to_json(item.unclear),
                "recheck": to_json(item.recheck),
                "drafted": item.drafted is not None,
                "text": to_json(item.plain or item.text),
                "where": f"eligibility.{section.value}[{index}].rule",
            }
        )
    return {
        "id": trial.id,
        "questions": questions,
        "computed": to_json(trial.computed),
        "criteria": bundle_criteria,
        "next_step": "how-to-take-part" if trial.how_to_take_part else "locations",
    }
