"""Render "Which trials may fit me?": the shared questions as real HTML, and the data its script checks every trial with.

The page asks the library questions the published trials use (those most trials ask first); its script sends the
answers to the engine worker, which checks every trial against them (`trialsite.engine.matching`) on the device.
"""

from __future__ import annotations

import json
from typing import Any

from trialsite.engine.matching import GROUPS
from trialsite.model import Trial
from trialsite.model import to_json
from trialsite.selfcheck.matching import match_entry, question_order
from trialsite.trialfile.library import library_ids, library_questions
from trialsite.site.assets import MATCH_SCRIPTS, preloads
from trialsite.site.render import GeneratedPage, one_line, render_page
from trialsite.site.selfcheck_page import default_unit
from trialsite.wording import ui

MATCH_PAGE = "match"
"""The page's path under each language's root."""


def match_file(language: str) -> str:
    """Return the site path of a language's match data."""
    return f"assets/trialsite/match/{language}.json"


def match_data(trials: list[Trial], language: str) -> dict[str, Any]:
    """Return a language's match data: the questions' order and every open trial's cut-down bundle with its card."""
    left_out = sum(not trial.is_open for trial in trials)
    trials = [trial for trial in trials if trial.is_open]
    entries = [match_entry(trial, language) for trial in trials]
    for trial, entry in zip(trials, entries, strict=True):
        entry["name"] = trial.name
        entry["title"] = one_line(trial.title[language])
        entry["title_pending"] = trial.title.is_pending(language)  # shown in English, marked
        entry["url"] = f"trials/{trial.id}/"
        entry["cities"] = list(dict.fromkeys(site.city[language] for site in trial.locations if site.city))
        entry["cities_pending"] = any(site.city.is_pending(language) for site in trial.locations if site.city)
        places: dict[str, list[float]] = {}
        for site in trial.locations:
            if site.city and site.coordinates:
                places.setdefault(site.city[language], [site.coordinates.lat, site.coordinates.lon])
        entry["places"] = places
    return {"questions": question_order(entries, library_ids()), "trials": entries, "left_out": left_out}


def match_json(data: dict[str, Any]) -> str:
    """Return match data as the compact JSON the page fetches."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def render_match_page(data: dict[str, Any], language: str, base_url: str) -> GeneratedPage:
    """Return the page in one language: the shared questions the trials use, and room for the three groups."""
    by_id = {question.id: {**to_json(question), "criterion": None} for question in library_questions()}
    questions = [{**by_id[name], "default_unit": default_unit(by_id[name], language)} for name in data["questions"]]
    cities = sorted({city for entry in data["trials"] for city in entry["cities"]})
    meta = {
        "title": ui("match_title", language),
        "description": ui("match_intro", language),
        "trialsite_selfcheck": True,  # the engine starts from the page's head, as on a self-check
        "trialsite_preload": preloads(MATCH_SCRIPTS, match_file(language)),
        "search": {"exclude": True},
    }
    return render_page(
        "match.html.j2",
        language,
        meta,
        questions=questions,
        groups=GROUPS,
        cities=cities,
        base_url=base_url,
        total=len(data["trials"]),
        left_out=data["left_out"],
    )
