"""Render trial and self-check pages per language from Jinja2 templates, straight to HTML.

Generated pages do not go through Markdown: a template writes its HTML, its headings through `heading()`, and the
page hands MkDocs the HTML, its metadata (title, description) and its table of contents.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
import json
import re
from functools import cache
from collections.abc import Mapping
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from trialsite.site import browse
from trialsite.facts import age_range
from trialsite.model import LANGUAGES, NOT_REPORTED, LocalizedText, Trial, translation_coverage
from trialsite.problem import TrialFileError
from trialsite.wording import WORDS, counted, long_date, ui

SOURCE_LANGUAGE = "en"
TRANSLATED = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)

PERMALINK_TITLE = "Permanent link"


@cache
def environment() -> jinja2.Environment:
    """Return the template environment; autoescape is always on."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("trialsite.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


@dataclass
class GeneratedPage:
    """A page rendered by a template: its HTML, its metadata and its table of contents."""

    html: str
    meta: dict[str, Any]
    toc: TableOfContents


@dataclass
class Outline:
    """Collect the headings a template writes, for the page's table of contents."""

    entries: list[AnchorLink] = field(default_factory=list)

    def heading(self, level: int, anchor: str, text: Any, lang: str | None = None) -> Markup:
        """Return a heading with its permalink, as the theme's Markdown headings look, and remember it."""
        title = escape(one_line(text))
        self.entries.append(AnchorLink(str(title), anchor, level))
        language = Markup(' lang="{}"').format(lang) if lang else Markup("")
        link = Markup('<a class="headerlink" href="#{}" title="{}">&para;</a>').format(anchor, PERMALINK_TITLE)
        return Markup('<h{0} id="{1}"{2}>{3}{4}</h{0}>').format(level, anchor, language, title, link)

    def toc(self) -> TableOfContents:
        """Return the headings nested by level, as MkDocs builds a table of contents."""
        roots: list[AnchorLink] = []
        open_links: list[AnchorLink] = []
        for entry in self.entries:
            while open_links and open_links[-1].level >= entry.level:
                open_links.pop()
            (open_links[-1].children if open_links else roots).append(entry)
            open_links.append(entry)
        return get_toc([]) if not roots else TableOfContents(roots)


def format_date(value: Any, language: str) -> str:
    """Format a date for a language, or say it was not reported."""
    if value is None or value == NOT_REPORTED:
        return ui("not_reported", language)
    assert isinstance(value, datetime.date)
    return long_date(value, language)


def as_of(key: str, value: Any, language: str) -> str:
    """Say as of when something holds ("as of May 1, 2024"), or that its date is not reported."""
    if value is None or value == NOT_REPORTED:
        return ui(f"{key}_unknown", language)
    return ui(key, language, date=format_date(value, language))


def closed_notice(trial: Trial, language: str) -> str:
    """Return, for a trial that does not recruit, the notice that nobody can join it now (else nothing)."""
    if trial.is_open:
        return ""
    status = ui("status_" + trial.status.value, language)
    return ui("closed_notice", language, status=status, as_of=as_of("status_as_of", trial.status.as_of, language))


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def location_groups(trial: Trial, language: str) -> list[dict[str, Any]]:
    """Group sites by country, then province/state, then city, each with a count; order as first listed."""
    tree: dict[str, Any] = {}
    labels: dict[str, str | Markup] = {}

    def key_of(text: LocalizedText | None, missing: str) -> str:
        key = str(text[language]) if text else f"\0{missing}"
        labels.setdefault(key, translated(text, language) if text else ui(missing, language))
        return key

    for site in trial.locations:
        country = key_of(site.country, "country_not_reported")
        state = key_of(site.state or province_level_city(site.city), "state_not_reported")
        city = key_of(site.city, "city_not_reported")
        tree.setdefault(country, {}).setdefault(state, {}).setdefault(city, []).append(
            {
                "facility": translated(site.facility, language),
                "city": labels[city],
                "city_text": site.city[language] if site.city else "",
                "status": site.status,
                "contacts": site.contacts,
                "coordinates": site.coordinates,
            }
        )

    def count(node: Any) -> int:
        return len(node) if isinstance(node, list) else sum(count(child) for child in node.values())

    return [
        {
            "label": labels[country],
            "count": count(states),
            "regions": [
                {
                    "label": labels[state],
                    "count": count(cities),
                    "cities": [
                        {"label": labels[city], "count": len(sites), "sites": sites} for city, sites in cities.items()
                    ],
                }
                for state, cities in states.items()
            ],
        }
        for country, states in tree.items()
    ]


PROVINCE_LEVEL_CITIES = ("Beijing", "Shanghai", "Tianjin", "Chongqing")
"""China's municipalities: each is a province-level division of its own."""


def province_level_city(city: LocalizedText | None) -> LocalizedText | None:
    """Return a city that is a province-level municipality, to file it as its own province when none is given."""
    return city if city is not None and city.en in PROVINCE_LEVEL_CITIES else None


def nearest_site_cities(trial: Trial, language: str) -> list[dict[str, Any]]:
    """List the trial's cities that have coordinates (mean of their sites), sorted by name, for the distance chooser."""
    points: dict[str, list[tuple[float, float]]] = {}
    for site in trial.locations:
        if site.coordinates and site.city:
            label = site.city[language]
            if site.country:
                label += ui("list_separator", language) + site.country[language]
            points.setdefault(label, []).append((site.coordinates.lat, site.coordinates.lon))
    return [
        {
            "label": label,
            "lat": round(sum(lat for lat, _ in values) / len(values), 5),
            "lon": round(sum(lon for _, lon in values) / len(values), 5),
        }
        for label, values in sorted(points.items())
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
        "name": trial.title[language],
        "inLanguage": "zh-Hans" if language == "zh" else "en",
        "description": trial.summary[language],
        "healthCondition": [{"@type": "MedicalCondition", "name": item[language]} for item in trial.conditions],
        "sponsor": {"@type": "Organization", "name": trial.sponsor.name[language]},
        "studyLocation": [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    **({"addressLocality": site.city[language]} if site.city else {}),
                    **({"addressRegion": site.state[language]} if site.state else {}),
                    **({"addressCountry": site.country[language]} if site.country else {}),
                },
                **({"name": site.facility[language]} if site.facility else {}),
            }
            for site in trial.locations
        ],
        "url": url,
    }
    if trial.acronym:
        data["alternateName"] = trial.acronym
    if trial.status.value in status_names:
        data["status"] = f"https://schema.org/{status_names[trial.status.value]}"
    codes = [
        {"@type": "MedicalCode", "codeValue": registry.id, "codingSystem": registry.registry}
        for registry in trial.registry_ids
    ]
    if codes:
        data["code"] = codes
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


AnyText = LocalizedText | Mapping[str, Any]
"""A text of the model, or the same as JSON (`{en, zh, pending}`) in a self-check bundle."""


def is_pending(text: AnyText | None, language: str) -> bool:
    """Tell whether a text's translation into a language is pending (it then falls back to English)."""
    if isinstance(text, LocalizedText):
        return text.is_pending(language)
    return bool(text) and language in (text.get("pending") or [])  # type: ignore[union-attr]


def one_line(value: Any) -> str:
    """Collapse all whitespace, line breaks included: inline text never starts a line of the generated page."""
    return " ".join(str(value).split())


def translated(text: AnyText | None, language: str) -> str | Markup:
    """Return a text in a language; a pending translation is the English text, marked `lang="en"` and labelled."""
    if not text:
        return ui("not_reported", language)
    if is_pending(text, language):
        return Markup('<span class="ts-untranslated"><span lang="en">{}</span> <small>{}</small></span>').format(
            one_line(text[language]), ui("untranslated_inline", language)
        )
    return one_line(text[language])


def translated_paragraphs(text: AnyText | None, language: str) -> Markup:
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
    """Return the environment with filters bound to a language: `tx` picks a text's translation."""
    env = environment().overlay()
    env.filters["tx"] = lambda text: translated(text, language)
    return env


def template_globals(language: str) -> dict[str, Any]:
    """Return the helpers every template uses, bound to a language."""
    return {
        "lang": language,
        "ui": lambda key, **values: ui(key, language, **values),
        "count": lambda key, count, **values: counted(key, language, count, **values),
        "paren": lambda text: Markup("{}{}{}").format(ui("paren_open", language), text, ui("paren_close", language)),
        "tx": lambda text: translated(text, language),
        "ui_template": lambda key: WORDS[language][key],
        "tblock": lambda text: translated_paragraphs(text, language),
        "plain": lambda text: one_line(text[language]) if text else ui("not_reported", language),
        "pending": lambda text: is_pending(text, language),
        "date": lambda value: format_date(value, language),
        "as_of": lambda key, value: as_of(key, value, language),
        "paragraphs": paragraphs,
        "sep": ui("list_separator", language),
        "fact_labels": lambda facts: ui("list_separator", language).join(
            ui("study_start" if fact == "launched" else fact, language) for fact in facts
        ),
    }


def render_page(template: str, language: str, meta: dict[str, Any], **context: Any) -> GeneratedPage:
    """Render a page template in a language, collecting its headings.

    Text values of `meta` are escaped: the theme writes the title and description into the page head as they are.
    """
    meta = {key: str(escape(value)) if isinstance(value, str) else value for key, value in meta.items()}
    outline = Outline()
    html = (
        language_environment(language)
        .get_template(template)
        .render(**template_globals(language), heading=outline.heading, **context)
    )
    return GeneratedPage(html, meta, outline.toc())


def stale_months(trial: Trial, today: datetime.date, stale_after_days: int) -> int | None:
    """Return how many whole months old the trial's status is, when older than `stale_after_days`; else None."""
    as_of = trial.status.as_of
    if as_of is None or (today - as_of).days <= stale_after_days:
        return None
    return (today.year - as_of.year) * 12 + today.month - as_of.month - (today.day < as_of.day)


def render_trial_page(
    trial: Trial,
    language: str,
    selfcheck_url: str,
    page_url: str,
    assets_url: str,
    today: datetime.date | None = None,
    stale_after_days: int = 183,
) -> GeneratedPage:
    """Return a trial's page in one language; a status older than `stale_after_days` on `today` gets a notice."""
    today = today or datetime.date.today()
    groups = location_groups(trial, language)
    meta = {"title": trial.display_title(language), "description": trial.title[language]}
    return render_page(
        "trial.html.j2",
        language,
        meta,
        trial=trial,
        json_ld=json_ld(trial, language, page_url),
        selfcheck_url=selfcheck_url,
        assets_url=assets_url,
        age_range=age_range(trial, language),
        location_groups=groups,
        location_count=sum(group["count"] for group in groups),
        nearest_cities=nearest_site_cities(trial, language),
        collapse=sum(group["count"] for group in groups) > 20,
        stale_months=stale_months(trial, today, stale_after_days),
        closed_notice=closed_notice(trial, language),
        untranslated=language != LANGUAGES[0] and bool(trial.pending_translations),
    )


FILTERS_FROM = 3
"""The home page shows its filters from this many trials on; one or two trials are read, not filtered."""
LIST_PAGE_SIZE = 24
"""The home page's HTML holds this many trial cards; the rest come from `cards_file()` when the visitor asks for
more or filters (filters always cover every trial)."""
CHOICES_SHOWN = 40
"""With more trials than fit one page, each filter lists its most common values; the rest arrive with the cards."""


def cards_file(language: str) -> str:
    """Return the site-relative path of a language's card data."""
    return f"assets/trialsite/cards/{language}.json"


def card_texts(item: dict[str, Any], language: str) -> dict[str, Any]:
    """Return what a trial card shows, as plain texts: the same for the page's HTML and for the card data file."""
    trial: Trial = item["trial"]
    cities: list[str] = item["cities"]
    separator = ui("list_separator", language)
    if cities:
        more = ui("and_more", language, count=len(cities) - 12) if len(cities) > 12 else ""
        cities_text = separator.join(cities[:12]) + more
    else:
        cities_text = ui("not_reported", language)
    return {
        "url": item["url"],
        "title": one_line(trial.title[language]),
        "title_pending": is_pending(trial.title, language),
        "translation_note": translation_note(trial, language),
        "acronym": trial.acronym or "",
        "status": trial.status.value,
        "status_label": ui("status_" + trial.status.value, language),
        "as_of": as_of("status_as_of", trial.status.as_of, language),
        "conditions": [
            {"text": one_line(condition[language]), "pending": is_pending(condition, language)}
            for condition in trial.conditions
        ],
        "open": trial.is_open,
        "phase": item["phase"],
        "sex_ages": f"{ui('sex_' + trial.eligibility.sex, language)} · {item['age_text']}",
        "cities": cities_text,
        "facets": item["facets"],
        "age_min": item["age_min"],
        "age_max": item["age_max"],
    }


def translation_note(trial: Trial, language: str) -> str:
    """Return the card's note on a trial not fully translated into the page's language (nothing in the source's)."""
    if language == SOURCE_LANGUAGE:
        return ""
    coverage = translation_coverage(trial, language)
    return "" if coverage.complete else ui("card_partly_translated", language, percent=coverage.percent)


def coverage_rows(trials: list[Trial], language: str, url_of: Any) -> list[dict[str, Any]]:
    """Return, per trial, its name, address and how much of it each translated language covers, in words."""
    rows = []
    for trial in trials:
        cells = []
        for target in TRANSLATED:
            done = translation_coverage(trial, target)
            cells.append(
                ui("coverage_complete", language, texts=f"{done.texts:,}")
                if done.complete
                else ui(
                    "coverage_partial",
                    language,
                    percent=done.percent,
                    translated=f"{done.translated_texts:,}",
                    texts=f"{done.texts:,}",
                    translated_characters=f"{done.translated_characters:,}",
                    characters=f"{done.characters:,}",
                )
            )
        rows.append({"name": trial.name, "title": one_line(trial.title[language]), "url": url_of(trial), "cells": cells})
    return rows


def render_coverage_table(trials: list[Trial], language: str, url_of: Any) -> str:
    """Return the About page's table of how much of each trial is translated."""
    if not trials:
        return Markup("<p>{}</p>").format(ui("coverage_none", language))
    head = Markup("").join(Markup("<th scope=\"col\">{}</th>").format(ui(f"coverage_column_{target}", language)) for target in TRANSLATED)
    body = Markup("").join(
        Markup("<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>{}</tr>\n").format(
            row["url"], row["name"], Markup("").join(Markup("<td>{}</td>").format(cell) for cell in row["cells"])
        )
        for row in coverage_rows(trials, language, url_of)
    )
    return Markup(
        "<table>\n<thead><tr><th scope=\"col\">{}</th>{}</tr></thead>\n<tbody>\n{}</tbody>\n</table>"
    ).format(ui("coverage_trial", language), head, body)


def trial_cards(trials: list[Trial], language: str, url_of: Any) -> list[dict[str, Any]]:
    """Return every trial's card texts in a language, in list order."""
    return [card_texts(browse.card(trial, language, url_of(trial)), language) for trial in trials]


def cards_json(trials: list[Trial], language: str) -> str:
    """Return a language's card data file: every card, with URLs relative to the language's root."""
    cards = trial_cards(trials, language, lambda trial: f"trials/{trial.id}/")
    return json.dumps({"page_size": LIST_PAGE_SIZE, "cards": cards}, ensure_ascii=False, separators=(",", ":"))


def render_trial_list(trials: list[Trial], language: str, url_of: Any, assets_url: str, root: str = "") -> str:
    """Return the home page's list of trials: the first page of cards, and the filters when there are enough trials.

    `root` is the relative URL from the page to its language's root, which the card data's URLs are relative to.
    """
    cards = trial_cards(trials, language, url_of)
    paged = len(cards) > LIST_PAGE_SIZE
    choices = browse.filter_choices(cards)
    return (
        language_environment(language)
        .get_template("trial_list.html.j2")
        .render(
            **template_globals(language),
            trials=cards[:LIST_PAGE_SIZE],
            total=len(cards),
            paged=paged,
            cards_url=assets_url + cards_file(language).removeprefix("assets/"),
            root=root,
            show_filters=len(cards) >= FILTERS_FROM,
            filters=browse.FILTERS,
            choices={name: values[:CHOICES_SHOWN] if paged else values for name, values in choices.items()},
            assets_url=assets_url,
        )
    )


def render_problems_page(error: TrialFileError, language: str) -> GeneratedPage:
    """Return the page the dev server shows in place of a trial whose file has problems."""
    title = ui("file_problems_title", language, file=error.filename)
    return render_page("problems.html.j2", language, {"title": title}, error=error, title=title)
