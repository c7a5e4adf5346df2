"""Write `trials.json`: a machine-readable index of every trial, for aggregators."""

from __future__ import annotations

import datetime
import json
from typing import Any

from trialsite.model import LANGUAGES, LocalizedText, Trial, to_json

CATALOG_NAME = "trials.json"


def _text(text: LocalizedText | None) -> dict[str, Any] | None:
    """Keep only the written languages of a text (a pending translation is left out, not faked)."""
    if not text:
        return None
    return {language: text[language] for language in LANGUAGES if not text.is_pending(language)}


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else None


def _age(trial: Trial) -> dict[str, Any]:
    """Return the age limits: min and max when given, and their unit."""
    age = trial.eligibility.age
    limits: dict[str, Any] = {key: value for key, value in (("min", age.min), ("max", age.max)) if value is not None}
    return {**limits, "unit": age.unit.value}


def entry(trial: Trial, url_of: dict[str, str]) -> dict[str, Any]:
    """Return one trial's catalog entry."""
    return {
        "id": trial.id,
        "acronym": trial.acronym,
        "title": _text(trial.title),
        "status": trial.status.value.value,
        "status_as_of": _date(trial.status.as_of),
        "phase": trial.phase.value,
        "conditions": [_text(condition) for condition in trial.conditions],
        "sex": trial.eligibility.sex.value,
        "age": _age(trial),
        "registry_ids": [{"registry": item.registry, "id": item.id} for item in trial.registry_ids],
        "sponsor": _text(trial.sponsor.name),
        "locations": [
            {key: _text(getattr(site, key)) for key in ("facility", "city", "state", "country") if getattr(site, key)}
            | ({"coordinates": to_json(site.coordinates)} if site.coordinates else {})
            for site in trial.locations
        ],
        "urls": url_of,
        "source_as_of": _date(trial.source.as_of),
    }


def catalog_text(trials: list[Trial], urls: dict[str, dict[str, str]]) -> str:
    """Return the catalog JSON for all trials."""
    return json.dumps(
        {"trials": [entry(trial, urls[trial.id]) for trial in trials]}, ensure_ascii=False, separators=(",", ":")
    )
