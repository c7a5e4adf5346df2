"""Self-check criteria derived from a trial's structured age and sex, for trials that ask for them.

A trial file sets `eligibility.check_age_and_sex: true` (the ClinicalTrials.gov importer does) to get an age
question and, when the trial is not open to all sexes, a sex question, each with a rule: criteria AGE and SEX.
"""

from __future__ import annotations

from typing import Any

from . import trial_format
from .facts import age_range
from .model import Trial
from .ui_text import LANGUAGES, ui

MONTHS_PER_UNIT = {"years": 12.0, "months": 1.0, "weeks": 7 / (365.25 / 12), "days": 1 / (365.25 / 12)}


def _question(**values: Any) -> dict[str, Any]:
    return {**dict.fromkeys(trial_format.question.keys), "criterion": None, **values}


def _text(key: str, **values: Any) -> dict[str, str]:
    return {language: ui(key, language, **values) for language in LANGUAGES}


def age_question_and_rule(trial: Trial) -> tuple[dict[str, Any], str] | None:
    """Return the age question and its rule, or None when the trial sets no age limit."""
    age = trial["eligibility"]["age"]
    low, high, unit = age.get("min"), age.get("max"), age.get("unit") or "years"
    if low is None and high is None:
        return None
    if unit == "years":
        question = _question(
            id="age", type="integer", label=_text("question_age"), min=0, max=120, unit_label=_text("unit_years")
        )
        bounds: tuple[float | None, float | None] = (low, high)
    else:
        question = _question(id="age", type="duration", label=_text("question_age"), min=0, max=1500)
        factor = MONTHS_PER_UNIT[unit]
        bounds = (
            None if low is None else round(low * factor, 4),
            None if high is None else round(high * factor, 4),
        )
    parts = [
        f"{bounds[0]} <= age" if bounds[0] is not None else "",
        f"age <= {bounds[1]}" if bounds[1] is not None else "",
    ]
    return question, " and ".join(part for part in parts if part)


def structured_parts(trial: Trial) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (questions, criteria) derived from the trial's structured age and sex."""
    eligibility = trial["eligibility"]
    if not eligibility.get("check_age_and_sex"):
        return [], []
    own = {question["id"] for question in trial.get("questions", [])}
    questions: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []
    age = age_question_and_rule(trial)
    if age and "age" not in own:
        question, rule = age
        questions.append(question)
        texts = {language: ui("structured_age", language, range=age_range(trial, language)) for language in LANGUAGES}
        criteria.append(_criterion("AGE", rule, texts))
    sex = eligibility["sex"]
    if sex != "all" and "sex" not in own:
        options = [{"id": choice, "label": _text(f"sex_{choice}")} for choice in ("female", "male")]
        questions.append(_question(id="sex", type="one_of", label=_text("question_sex"), options=options))
        texts = {language: ui("structured_sex", language, sex=ui(f"sex_{sex}", language)) for language in LANGUAGES}
        criteria.append(_criterion("SEX", f"sex == {sex!r}", texts))
    return questions, criteria


def _criterion(criterion_id: str, rule: str, text: dict[str, str]) -> dict[str, Any]:
    return {
        "id": criterion_id,
        "section": "inclusion",
        "number": 0,
        "rule": rule,
        "unclear": None,
        "text": text,
        "where": "eligibility.check_age_and_sex",
    }
