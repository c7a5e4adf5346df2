"""Facts of a trial worded for readers, shared by pages, the trial list and the self-check."""

from __future__ import annotations

from .model import Trial
from .ui_text import ui


def age_range(trial: Trial, language: str) -> str:
    """Describe the eligible ages, e.g. "18 to 75 years"."""
    age = trial["eligibility"]["age"]
    unit = ui("unit_" + (age.get("unit") or "years"), language)
    low, high = age.get("min"), age.get("max")
    if low is not None and high is not None:
        return ui("age_range", language, min=low, max=high, unit=unit)
    if low is not None:
        return ui("age_min_only", language, min=low, unit=unit)
    if high is not None:
        return ui("age_max_only", language, max=high, unit=unit)
    return ui("age_any", language)
