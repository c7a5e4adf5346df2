"""Render trial pages (Markdown with HTML blocks) per language from Jinja2 templates."""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .model import Trial
from .schema import NOT_REPORTED
from .ui_text import LANGUAGES, ui

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
LIST_SEPARATOR = {"en": ", ", "zh": "、"}


@cache
def environment() -> jinja2.Environment:
    """Return the template environment; autoescape is always on."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("trialsite", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def markdown_text(value: str) -> Markup:
    """Escape text for a Markdown heading: HTML special characters and Markdown punctuation."""
    return Markup(MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(1), str(escape(value))))


def format_date(value: Any, language: str) -> str:
    """Format a date for a language, or say it was not reported."""
    if value is None or value == NOT_REPORTED:
        return ui("not_reported", language)
    assert isinstance(value, datetime.date)
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%B ") + str(value.day) + value.strftime(", %Y")


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


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


def location_groups(trial: Trial, language: str) -> list[dict[str, Any]]:
    """Group sites by country, then province/state, each with a count; order as first listed."""
    not_reported = ui("not_reported", language)
    countries: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for site in trial.get("locations", []):
        country = site["country"][language] if site.get("country") else ui("country_not_reported", language)
        state = site["state"][language] if site.get("state") else ui("state_not_reported", language)
        countries[country][state].append(
            {
                "city": site["city"][language] if site.get("city") else ui("city_not_reported", language),
                "facility": site["facility"][language] if site.get("facility") else not_reported,
                "status": site.get("status"),
                "contacts": site.get("contacts") or [],
            }
        )
    return [
        {
            "label": country,
            "count": sum(len(sites) for sites in regions.values()),
            "regions": [{"label": state, "count": len(sites), "sites": sites} for state, sites in regions.items()],
        }
        for country, regions in countries.items()
    ]


def json_ld(trial: Trial, language: str, url: str) -> Markup:
    """Return schema.org MedicalTrial data for the page, safe inside a <script> element."""
    status_names = {
        "recruiting": "Recruiting",
        "not_yet_recruiting": "NotYetRecruiting",
        "active_not_recruiting": "ActiveNotRecruiting",
        "enrolling_by_invitation": "EnrollingByInvitation",
        "suspended": "Suspended",
        "terminated": "Terminated",
        "completed": "Completed",
        "withdrawn": "Withdrawn",
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": trial["title"][language],
        "inLanguage": "zh-Hans" if language == "zh" else "en",
        "description": trial["summary"][language],
        "healthCondition": [{"@type": "MedicalCondition", "name": item[language]} for item in trial["conditions"]],
        "sponsor": {"@type": "Organization", "name": trial["sponsor"]["name"][language]},
        "studyLocation": [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    **({"addressLocality": site["city"][language]} if site.get("city") else {}),
                    **({"addressRegion": site["state"][language]} if site.get("state") else {}),
                    **({"addressCountry": site["country"][language]} if site.get("country") else {}),
                },
                **({"name": site["facility"][language]} if site.get("facility") else {}),
            }
            for site in trial.get("locations", [])
        ],
        "url": url,
    }
    if trial.get("acronym"):
        data["alternateName"] = trial["acronym"]
    if trial["status"]["value"] in status_names:
        data["status"] = f"https://schema.org/{status_names[trial['status']['value']]}"
    codes = [
        {"@type": "MedicalCode", "codeValue": registry["id"], "codingSystem": registry["registry"]}
        for registry in trial.get("registry_ids", [])
    ]
    if codes:
        data["code"] = codes
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def is_pending(text: dict[str, Any] | None, language: str) -> bool:
    """Tell whether a text's translation into a language is pending (it then falls back to English)."""
    return bool(text) and language in (text.get("pending") or [])  # type: ignore[union-attr]


def translated(text: dict[str, Any] | None, language: str) -> str | Markup:
    """Return a text in a language; a pending translation is the English text, marked `lang="en"` and labelled."""
    if not text:
        return ui("not_reported", language)
    if is_pending(text, language):
        return Markup('<span class="ts-untranslated"><span lang="en">{}</span> <small>{}</small></span>').format(
            text[language], ui("untranslated_inline", language)
        )
    return str(text[language])


def translated_paragraphs(text: dict[str, Any] | None, language: str) -> Markup:
    """Return a text as <p> paragraphs; a pending translation becomes a labelled English block."""
    if not text:
        return Markup("<p>{}</p>").format(ui("not_reported", language))
    body = Markup("").join(Markup("<p>{}</p>\n").format(part) for part in paragraphs(str(text[language])))
    if not is_pending(text, language):
        return body
    label = ui("untranslated_block", language)
    return Markup(
        '<div class="ts-untranslated-block"><p class="ts-untranslated-label">{}</p>\n<div lang="en">\n{}</div></div>'
    ).format(label, body)


@cache
def language_environment(language: str) -> jinja2.Environment:
    """Return the environment with filters bound to a language: `tx` picks a text's translation, `md` escapes."""
    env = environment().overlay()
    env.filters["tx"] = lambda text: translated(text, language)
    env.filters["md"] = markdown_text
    return env


def template_globals(language: str) -> dict[str, Any]:
    """Return the helpers every template uses, bound to a language."""
    return {
        "lang": language,
        "ui": lambda key, **values: ui(key, language, **values),
        "tx": lambda text: translated(text, language),
        "tblock": lambda text: translated_paragraphs(text, language),
        "plain": lambda text: str(text[language]) if text else ui("not_reported", language),
        "pending": lambda text: is_pending(text, language),
        "date": lambda value: format_date(value, language),
        "paragraphs": paragraphs,
        "sep": LIST_SEPARATOR[language],
    }


def render_trial_page(trial: Trial, language: str, selfcheck_url: str, page_url: str) -> str:
    """Return the Markdown source of a trial's page in one language."""
    env = language_environment(language)
    groups = location_groups(trial, language)
    return env.get_template("trial.md.j2").render(
        **template_globals(language),
        trial=trial.data,
        page_title=trial.get("acronym") or trial["title"][language],
        description=trial["title"][language],
        json_ld=json_ld(trial, language, page_url),
        selfcheck_url=selfcheck_url,
        age_range=age_range(trial, language),
        location_groups=groups,
        location_count=sum(group["count"] for group in groups),
        untranslated=language != LANGUAGES[0] and bool(trial.pending_translations),
    )


def render_trial_list(trials: list[Trial], language: str, url_of: Any) -> str:
    """Return the HTML list of trials for the home page."""
    env = language_environment(language)
    return env.get_template("trial_list.html.j2").render(
        **template_globals(language),
        trials=[
            {
                "trial": trial.data,
                "url": url_of(trial),
                "cities": list(
                    dict.fromkeys(site["city"][language] for site in trial.get("locations", []) if site.get("city"))
                ),
            }
            for trial in trials
        ],
    )
