"""Shared helpers for the ClinicalTrials.gov importer tests: the saved records and a fixed import date."""

from __future__ import annotations

import copy
import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

from trialsite.ctgov.mapping import Imported, map_study
from trialsite.ctgov.record import check_study

RECORDS = Path(__file__).parent / "fixtures"
TODAY = datetime.date(2025, 3, 1)
NCT_IDS = sorted(path.stem for path in RECORDS.glob("NCT*.json"))


@cache
def _parsed(nct_id: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((RECORDS / f"{nct_id}.json").read_text(encoding="utf-8"))
    return value


def study_json(nct_id: str) -> dict[str, Any]:
    """Return a fresh copy of a saved record's study (unwrapped from a search response)."""
    value = _parsed(nct_id)
    study = value["studies"][0] if "studies" in value else value
    return copy.deepcopy(study)


def protocol(nct_id: str) -> dict[str, Any]:
    """Return a saved record's protocol section."""
    section: dict[str, Any] = study_json(nct_id)["protocolSection"]
    return section


def import_json(value: dict[str, Any], today: datetime.date = TODAY) -> Imported:
    """Map a study record given as parsed JSON."""
    return map_study(check_study(value, "test.json"), today)


def import_record(nct_id: str) -> Imported:
    """Map a saved record."""
    return import_json(study_json(nct_id))
