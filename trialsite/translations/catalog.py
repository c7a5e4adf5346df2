"""Write a trial's texts as a gettext PO file for translators, and read such a file back.

One entry per text: the key path as context (`msgctxt "locations[3].city"`), the English as source, the current
translation if any, the file and line as reference. An untranslated entry is pending in the trial file. `fuzzy`
marks what a translator must review: a suggestion from the translation memory, or a translation whose English
changed since it was made (the earlier English is kept as `#| msgid`, as gettext's msgmerge does).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polib

from trialsite.translations.glossary import Glossary
from trialsite.translations.memory import TranslationMemory
from trialsite.translations.texts import TextEntry

PO_LANGUAGE = {"zh": "zh_CN"}
"""The `Language` header for each site language, as translation tools know it."""
TRIAL_HEADER = "X-Trialsite-Trial"
LANGUAGE_HEADER = "X-Trialsite-Language"
WRAP = 100
FUZZY = "fuzzy"
PROPER_NAME_NOTE = "Proper name (a place, an organisation or a person): keep it as written, or use its usual name."
PENDING_NOTE = "Pending: not yet translated in the trial file."
CHANGED_NOTE = "The English changed since this was translated: review the translation, then remove the fuzzy mark."


def catalog_name(trial: str, language: str) -> str:
    """Return the file name of a trial's catalog for a language: `<trial>.<language>.po`."""
    return f"{trial}.{language}.po"


@dataclass
class ExportCounts:
    """What an export wrote, per kind of entry."""

    texts: int = 0
    translated: int = 0
    pending: int = 0
    reused: int = 0
    changed: int = 0
    kept_from_previous: int = 0
    terms: set[str] = field(default_factory=set)


def build_catalog(
    trial: str,
    file_name: str,
    entries: list[TextEntry],
    language: str,
    memory: TranslationMemory,
    glossary: Glossary,
    previous: polib.POFile | None = None,
) -> tuple[polib.POFile, ExportCounts]:
    """Return a trial's catalog for one language, merged with the previous export of it when there is one."""
    catalog = polib.POFile(wrapwidth=WRAP)
    catalog.header = (
        f"Texts of the trial {trial} ({file_name}) for translation into {language}.\n"
        "Translate msgstr; leave msgctxt and msgid as they are. Entries marked fuzzy are suggestions or need\n"
        "review: remove the mark once the translation is right. Import with `trialsite translations import`."
    )
    catalog.metadata = {
        "Project-Id-Version": f"trialsite {trial}",
        "Language": PO_LANGUAGE.get(language, language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        TRIAL_HEADER: trial,
        LANGUAGE_HEADER: language,
    }
    earlier = {entry.msgctxt: entry for entry in previous if not entry.obsolete} if previous else {}
    counts = ExportCounts()
    for text in entries:
        item = polib.POEntry(msgctxt=text.path, msgid=text.english, occurrences=[(file_name, str(text.line))])
        notes = []
        if text.proper_name:
            notes.append(PROPER_NAME_NOTE)
        terms = glossary.terms_in(text.english)
        counts.terms.update(term.english for term in terms)
        notes += [
            f"Glossary: {term.english} → {' / '.join(term.translations[language])}"
            for term in terms
            if language in term.translations
        ]
        current = text.translation(language)
        before = earlier.pop(text.path, None)
        if before is not None:
            item.tcomment = before.tcomment
        counts.texts += 1
        if current is not None:
            item.msgstr = current
            counts.translated += 1
            if before is not None and before.msgid != text.english and before.msgstr == current:
                _mark_changed(item, before, notes)
                counts.changed += 1
        else:
            counts.pending += 1
            notes.append(PENDING_NOTE)
            suggestion = memory.suggest(text.english, trial, text.path)
            if before is not None and before.msgstr and before.msgid == text.english:
                item.msgstr = before.msgstr
                item.flags = list(before.flags)
                counts.kept_from_previous += 1
            elif before is not None and before.msgstr:
                item.msgstr = before.msgstr
                _mark_changed(item, before, notes)
                counts.changed += 1
            elif suggestion is not None:
                item.msgstr = suggestion.translation
                item.flags = [FUZZY]
                others = f"; {suggestion.alternatives} other translation(s) exist" if suggestion.alternatives else ""
                notes.append(f"Reused from {suggestion.trial} ({suggestion.path}){others}: review it.")
                counts.reused += 1
        item.comment = "\n".join(notes)
        catalog.append(item)
    for gone in earlier.values():  # texts no longer in the trial: kept, as gettext does, in case they come back
        if gone.msgstr:
            gone.obsolete = True
            catalog.append(gone)
    return catalog, counts


def _mark_changed(item: polib.POEntry, before: polib.POEntry, notes: list[str]) -> None:
    item.flags = [FUZZY]
    item.previous_msgid = before.msgid
    notes.append(CHANGED_NOTE)


def read_previous(path: Path) -> polib.POFile | None:
    """Return an earlier export of a catalog, or None when there is none or it cannot be read."""
    if not path.is_file():
        return None
    try:
        return polib.pofile(str(path), wrapwidth=WRAP)
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def glossary_csv(glossary: Glossary, language: str) -> str:
    """Return the glossary's terms for one language as CSV (`en,<language>`), as translation tools import it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["en", language])
    for term in sorted(glossary.terms, key=lambda term: term.english.lower()):
        if language in term.translations:
            writer.writerow([term.english, term.translations[language][0]])
    return out.getvalue()
