"""Render a trial's self-check page: the questionnaire as real HTML, usable and printable without JavaScript."""

from __future__ import annotations

from typing import Any

from trialsite.selfcheck.bundle import build_bundle
from trialsite.engine.answers import DURATION_UNITS
from trialsite.model import Trial
from trialsite.site.render import language_environment, template_globals



def render_selfcheck_page(trial: Trial, language: str, base_url: str) -> str:
    """Return the Markdown source of a trial's self-check page in one language."""
    bundle = build_bundle(trial)
    criteria = {criterion["id"]: criterion for criterion in bundle["criteria"]}
    env = language_environment(language)
    return env.get_template("selfcheck.md.j2").render(
        **template_globals(language),
        trial=trial,
        questions=[{**question, "default_unit": default_unit(question, language)} for question in bundle["questions"]],
        criteria=criteria,
        duration_units=DURATION_UNITS,
        base_url=base_url,
        page_title=trial.display_title(language),
    )


LOCAL_UNIT_HINTS = {"zh": ("µmol", "umol", "μmol")}
"""Units that lab reports in a language's region usually print (Chinese reports give µmol/L)."""


def default_unit(question: dict[str, Any], language: str) -> str | None:
    """Return the unit preselected for a number question: the one local reports use, else the first."""
    units: list[str] = [str(unit["id"]) for unit in question.get("units") or []]
    if not units:
        return None
    hints = LOCAL_UNIT_HINTS.get(language, ())
    return next((unit for unit in units if any(hint in unit for hint in hints)), units[0])
