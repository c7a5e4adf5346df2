"""Render a trial's self-check page: the questionnaire as real HTML, usable and printable without JavaScript."""

from __future__ import annotations

from typing import Any

from trialsite.selfcheck.bundle import build_bundle
from trialsite.engine.answers import DURATION_UNITS
from trialsite.model import Trial
from trialsite.site.assets import SELFCHECK_SCRIPTS, bundle_path, preloads
from trialsite.site.render import GeneratedPage, closed_notice, render_page
from trialsite.wording import ui



def render_selfcheck_page(trial: Trial, language: str, base_url: str) -> GeneratedPage:
    """Return a trial's self-check page in one language: the questionnaire, usable and printable without JavaScript."""
    bundle = build_bundle(trial)
    criteria = {criterion["id"]: criterion for criterion in bundle["criteria"]}
    title = ui("selfcheck_title", language) + ui("colon", language) + trial.display_title(language)
    meta = {
        "title": title,
        "description": ui("selfcheck_intro", language),
        "trialsite_selfcheck": True,
        "trialsite_trial": trial.id,  # the engine worker fetches its bundle while the runtime starts
        "trialsite_preload": preloads(SELFCHECK_SCRIPTS, bundle_path(trial.id)),
        "search": {"exclude": True},
    }
    return render_page(
        "selfcheck.html.j2",
        language,
        meta,
        trial=trial,
        questions=[
            {**question, "default_unit": default_unit(question, report_region(trial, language))}
            for question in bundle["questions"]
        ],
        sections={section.id: section.title for section in trial.question_sections},
        criteria=criteria,
        duration_units=DURATION_UNITS,
        base_url=base_url,
        page_title=trial.display_title(language),
        closed_notice=closed_notice(trial, language),
    )


LOCAL_UNIT_HINTS = {"zh": ("µmol", "umol", "μmol")}
"""Units that lab reports of a region usually print, by the region's language (Chinese reports give µmol/L)."""
REGION_OF_COUNTRY = {"China": "zh"}


def report_region(trial: Trial, language: str) -> str:
    """Return whose lab reports visitors bring: the trial's country when it recruits in one only, else the page's."""
    countries = {site.country.en for site in trial.locations if site.country}
    regions = {REGION_OF_COUNTRY.get(country, "") for country in countries}
    return regions.pop() if len(regions) == 1 and "" not in regions else language


def default_unit(question: dict[str, Any], region: str) -> str | None:
    """Return the unit preselected for a number question: the question's own, the region's reports', else the first."""
    units: list[str] = [str(unit["id"]) for unit in question.get("units") or []]
    if not units:
        return None
    if question.get("default_unit"):
        return str(question["default_unit"])
    hints = LOCAL_UNIT_HINTS.get(region, ())
    return next((unit for unit in units if any(hint in unit for hint in hints)), units[0])
