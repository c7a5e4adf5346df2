"""Self-check criteria derived from a trial's structured age and sex, for trials that ask for them.

A trial file sets `eligibility.check_age_and_sex: true` (the ClinicalTrials.gov importer does) to get an age
question and, when the trial is not open to all sexes, a sex question, each with a rule: criteria AGE and SEX.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from trialsite.engine.answers import MONTHS_PER_DURATION_UNIT
from trialsite.facts import age_range
from trialsite.model import LANGUAGES, Question, Sex, TimeUnit, Trial
from trialsite.wording import texts, ui

QUESTION_KEYS = tuple(item.name for item in dataclasses.fields(Question))


def bundle_question(**values: Any) -> dict[str, Any]:
    """Return a bundle question: every key of a trial file's question (absent ones None), and `criterion`."""
    return {**dict.fromkeys(QUESTION_KEYS), "criterion": None, **values}


def age_question_and_rule(trial: Trial) -> tuple[dict[str, Any], str] | None:
    """Return the age question and its rule, or None when the trial sets no age limit."""
    age = trial.eligibility.age
    if age.min is None and age.max is None:
        return None
    if age.unit == TimeUnit.YEARS:
        question = bundle_question(
            id="age",
            type="integer",
            label=texts("question_age"),
            min=0,
            max=120,
            unit_label=texts("unit_years"),
            library="age",  # the same question as the library's: its answer is shared
        )
        bounds: tuple[float | None, float | None] = (age.min, age.max)
    else:
        question = bundle_question(id="age", type="duration", label=texts("question_age"), min=0, max=1500)
        factor = MONTHS_PER_DURATION_UNIT[age.unit.value]
        bounds = (
            None if age.min is None else round(age.min * factor, 4),
            None if age.max is None else round(age.max * factor, 4),
        )
    parts = [
        f"{bounds[0]} <= age" if bounds[0] is not None else "",
        f"age <= {bounds[1]}" if bounds[1] is not None else "",
    ]
    return question, " and ".join(part for part in parts if part)


def structured_parts(trial: Trial) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (questions, criteria) derived from the trial's structured age and sex."""
    eligibility = trial.eligibility
    if not eligibility.check_age_and_sex:
        return [], []
    own = {question.id for question in trial.questions}
    questions: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []
    age = age_question_and_rule(trial)
    if age and "age" not in own:
        question, rule = age
        questions.append(question)
        text = {language: ui("structured_age", language, range=age_range(trial, language)) for language in LANGUAGES}
        criteria.append(_criterion("AGE", rule, text))
    if eligibility.sex != Sex.ALL and "sex" not in own:
        options = [{"id": choice, "label": texts(f"sex_{choice}")} for choice in ("female", "male")]
        questions.append(
            bundle_question(id="sex", type="one_of", label=texts("question_sex"), options=options, library="sex")
        )
        text = {
            language: ui("structured_sex", language, sex=ui(f"sex_{eligibility.sex}", language))
            for language in LANGUAGES
        }
        criteria.append(_criterion("SEX", f"sex == {eligibility.sex.value!r}", text))
    return questions, criteria


def _criterion(criterion_id: str, rule: str, text: dict[str, str]) -> dict[str, Any]:
    return {
        "id": criterion_id,
        "section": "inclusion",
        "number": 0,
        "rule": rule,
        "unclear": None,
        "recheck": None,
        "drafted": False,
        "text": text,
        "where": "eligibility.check_age_and_sex",
    }
