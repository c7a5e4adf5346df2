"""Prepare the home page's trial list: facts per trial and the filter choices, in one language."""

from __future__ import annotations

from collections import Counter
from typing import Any

from trialsite.facts import age_range
from trialsite.model import Trial
from trialsite.engine.answers import MONTHS_PER_DURATION_UNIT
from trialsite.wording import ui

FILTERS = ("status", "condition", "country", "state", "city", "sex")
SEXES_ACCEPTED = {"all": ("female", "male"), "female": ("female",), "male": ("male",)}


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def card(trial: Trial, language: str, url: str) -> dict[str, Any]:
    """Return what the list shows and filters on for one trial."""
    def names(key: str) -> list[str]:
        return _distinct([getattr(site, key)[language] for site in trial.locations if getattr(site, key)])

    age = trial.eligibility.age
    factor = MONTHS_PER_DURATION_UNIT[age.unit] / 12
    facets = {
        "status": [ui("status_" + trial.status.value, language)],
        "condition": _distinct([condition[language] for condition in trial.conditions]),
        "country": names("country"),
        "state": names("state"),
        "city": names("city"),
        "sex": [ui("sex_" + sex, language) for sex in SEXES_ACCEPTED[trial.eligibility.sex]],
    }
    return {
        "trial": trial,
        "url": url,
        "facets": facets,
        "age_min": "" if age.min is None else round(age.min * factor, 3),
        "age_max": "" if age.max is None else round(age.max * factor, 3),
        "age_text": age_range(trial, language),
        "phase": ui("phase_" + trial.phase, language),
        "cities": facets["city"],
    }


def filter_choices(cards: list[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    """Return each filter's values with the number of trials that have them, most common first."""
    choices = {}
    for name in FILTERS:
        counts = Counter(value for item in cards for value in item["facets"][name])
        choices[name] = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return choices
