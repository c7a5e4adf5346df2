"""Every word the site, the self-check and the command line say: one table per language (`en.py`, `zh.py`).

The engine returns codes with values (e.g. `{"code": "answer_between", "values": {"min": 0, "max": 80}}`); pages,
the browser (which receives the same tables as `ui.json`) and the command line turn them into words here.
A key missing from a language fails the build.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from trialsite.languages import LANGUAGES
from trialsite.wording import en, zh

WORDS: dict[str, dict[str, str]] = {"en": en.WORDS, "zh": zh.WORDS}


def ui(key: str, language: str, **values: Any) -> str:
    """Return a language's words for a key, with `{placeholders}` filled in."""
    return WORDS[language][key].format(**values)


def counted(key: str, language: str, count: int, **values: Any) -> str:
    """Return the words for a number of things: `<key>_one` when there is one and the table has it."""
    singular = f"{key}_one"
    chosen = singular if count == 1 and singular in WORDS[language] else key
    return ui(chosen, language, count=count, **values)


def long_date(value: datetime.date, language: str) -> str:
    """Write a date as prose in a language does: "January 3, 2024", "2024年1月3日"."""
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{calendar.month_name[value.month]} {value.day}, {value.year}"


def printable(text: str) -> str:
    """Escape the characters of a value that cannot be shown on one line (control characters, line breaks)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def texts(key: str, **values: Any) -> dict[str, str]:
    """Return the words for a key in every language, as a `{language: text}` mapping."""
    return {language: ui(key, language, **values) for language in LANGUAGES}


def message(code: str, values: dict[str, Any] | None, language: str) -> str:
    """Return an engine message (a code with values) in words; lists are joined, units written out.

    `static/words.js` does the same for the browser.
    """
    shown: dict[str, Any] = {}
    for name, value in (values or {}).items():
        joined = isinstance(value, list)
        text = ui("list_separator", language).join(str(item) for item in value) if joined else value
        shown[name] = printable(text) if isinstance(text, str) else text
    shown["unit"] = unit_text(str(shown.get("unit") or ""), language)
    return ui(code, language, **shown)


OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq"}


def unit_text(unit: str, language: str) -> str:
    """Write a unit after a number: " mg/dL", " months" (in Chinese a duration word follows without a space)."""
    if not unit:
        return ""
    word = WORDS[language].get(f"duration_{unit}")
    return word if word and language == "zh" else " " + (word or unit)


def reason(item: dict[str, Any], section: str, label: str, language: str) -> str:
    """Say why a criterion failed: the person's value and the requirement, or the limit crossed (`static/words.js`)."""
    values = {"label": label, "value": item["value"], "unit": unit_text(item["unit"], language), "bound": item["bound"]}
    op = OPS[item["op"]]
    if section == "exclusion":
        return ui("reason_applies", language, **values, relation=ui(f"relation_{op}", language, **values))
    return ui("reason_needs", language, **values, requirement=ui(f"need_{op}", language, **values))


def missing_translations() -> list[str]:
    """List `key: language` for every key that some language lacks or leaves empty."""
    keys = {key for table in WORDS.values() for key in table}
    return sorted(
        f"{key}: {language}" for key in keys for language in LANGUAGES if not WORDS.get(language, {}).get(key)
    )
