"""Write `trials.json`: a machine-readable index of every trial, for aggregators."""

from __future__ import annotations

import datetime
import json
from typing import Any

from .model import Trial
from .ui_text import LANGUAGES

CATALOG_NAME = "trials.json"


def _text(text: dict[str, Any] | None) -> dict[str, Any] | None:
    """Keep only the written languages of a text (a pending translation is left out, not faked)."""
    if not text:
        return None
    pending = text.get("pending") or []
    return {language: text[language] for language in LANGUAGES if language not in pending}


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else None


def entry(trial: Trial, url_of: dict[str, str]) -> dict[str, Any]:
    """Return one trial's catalog entry."""
    return {
        "id": trial.id,
        "acronym": trial.get("acronym"),
        "title": _text(trial["title"]),
        "status": trial["status"]["value"],
        "status_as_of": _date(trial["status"]["as_of"]),
        "phase": trial["phase"],
        "conditions": [_text(condition) for condition in trial["conditions"]],
        "sex": trial["eligibility"]["sex"],
        "age": {key: value for key, value in trial["eligibility"]["age"].items() if value is not None},
        "registry_ids": [{"registry": item["registry"], "id": item["id"]} for item in trial.get("registry_ids", [])],
        "sponsor": _text(trial["sponsor"]["name"]),
        "locations": [
            {key: _text(site.get(key)) for key in ("facility", "city", "state", "country") if site.get(key)}
            | ({"coordinates": site["coordinates"]} if site.get("coordinates") else {})
            for site in trial.get("locations", [])
        ],
        "urls": url_of,
        "source_as_of": _date(trial["source"]["as_of"]),
    }


def catalog_text(trials: list[Trial], urls: dict[str, dict[str, str]]) -> str:
    """Return the catalog JSON for all trials."""
    return json.dumps(
        {"trials": [entry(trial, urls[trial.id]) for trial in trials]}, ensure_ascii=False, separators=(",", ":")
    )
