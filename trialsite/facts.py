"""Facts of a trial worded for readers, shared by pages, the trial list and the self-check."""

from __future__ import annotations

from trialsite.model import Trial
from trialsite.wording import ui


def age_range(trial: Trial, language: str) -> str:
    """Describe the eligible ages, e.g. "18 to 75 years"."""
    age = trial.eligibility.age
    unit = ui("unit_" + age.unit, language)
    if age.min is not None and age.max is not None:
        return ui("age_range", language, min=age.min, max=age.max, unit=unit)
    if age.min is not None:
        return ui("age_min_only", language, min=age.min, unit=unit)
    if age.max is not None:
        return ui("age_max_only", language, max=age.max, unit=unit)
    return ui("age_any", language)
