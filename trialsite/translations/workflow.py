"""The translation round trip: export a trial's texts as PO files, import translations back, fill from memory.

Each function takes the trial files and returns a `Report`: the lines to print and whether anything was refused.
A trial file is only ever replaced whole, after its new content passed every check a build makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from trialsite.problem import TrialFileError
from trialsite.translations.catalog import (
    LANGUAGE_HEADER,
    PO_LANGUAGE,
    TRIAL_HEADER,
    WRAP,
    build_catalog,
    catalog_name,
    glossary_csv,
    read_previous,
)
from trialsite.translations.glossary import Glossary, glossary_warning
from trialsite.translations.memory import memory_of, normal
from trialsite.translations.texts import TextEntry, text_entries
from trialsite.translations.writeback import Edit, apply_edits, translation_edit
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.load import display_name
from trialsite.trialfile.save import write_text
from trialsite.trials import load_trial

MAX_CATALOG_BYTES = 20_000_000


@dataclass
class Report:
    """What a command did, one line each, and whether any input was refused."""

    lines: list[str] = field(default_factory=list)
    refused: bool = False


def read_entries(path: Path, root: Path | None, report: Report) -> tuple[str, list[TextEntry]] | None:
    """Check a trial file as a build does and return its text with its texts; None, reported, when it fails."""
    try:
        source = safe_yaml.read_text(path)
        load_trial(path, root, text=source)
    except safe_yaml.YamlProblem as problem:
        report.lines.append(f"{display_name(path, root)}:{problem.line}: {problem.message}")
        report.refused = True
        return None
    except TrialFileError as error:
        report.lines.append(str(error))
        report.refused = True
        return None
    return source, text_entries(safe_yaml.compose(source))


def write_translations(
    path: Path, root: Path | None, source: str, edits: list[Edit], require_translations: bool = False
) -> None:
    """Check a trial file's text with the edits made, then replace the file.

    Raise `TrialFileError`, and write nothing, when the new text does not pass.
    """
    text = apply_edits(source, edits)
    load_trial(path, root, require_translations, text=text)
    write_text(path, text)


def export_catalogs(
    paths: list[Path],
    all_trials: list[Path],
    languages: list[str],
    out: Path,
    glossary: Glossary,
    root: Path | None = None,
) -> Report:
    """Write `<out>/<trial>.<language>.po` for each trial and language, merged with an earlier export in `out`."""
    report = Report()
    memories = {language: memory_of(all_trials, language) for language in languages}
    for language in languages:
        if glossary.terms:
            csv_path = out / f"glossary.{language}.csv"
            write_text(csv_path, glossary_csv(glossary, language))
    for path in paths:
        read = read_entries(path, root, report)
        if read is None:
            continue
        _, entries = read
        for language in languages:
            target = out / catalog_name(path.stem, language)
            catalog, counts = build_catalog(
                path.stem,
                display_name(path, root),
                entries,
                language,
                memories[language],
                glossary,
                read_previous(target),
            )
            write_text(target, catalog.__unicode__())
            report.lines.append(
                f"{display_name(target, root)}: {counts.texts} texts, {counts.translated} translated, "
                f"{counts.pending} pending ({counts.reused} suggested from memory, {counts.kept_from_previous} kept "
                f"from the earlier export), {counts.changed} whose English changed"
            )
    return report


def fill_from_memory(
    paths: list[Path], all_trials: list[Path], languages: list[str], root: Path | None = None
) -> Report:
    """Write into each trial file the memory's translation of every pending text that has one."""
    report = Report()
    for language in languages:
        memory = memory_of(all_trials, language)
        for path in paths:
            read = read_entries(path, root, report)
            if read is None:
                continue
            source, entries = read
            edits = []
            for entry in entries:
                suggestion = memory.suggest(entry.english, path.stem, entry.path) if language in entry.pending else None
                if suggestion is not None:
                    edits.append(translation_edit(source, entry, language, suggestion.translation))
            if edits:
                try:
                    write_translations(path, root, source, edits)
                except TrialFileError as error:
                    report.lines.append(f"not written: {error}")
                    report.refused = True
                    continue
            report.lines.append(f"{display_name(path, root)}: {len(edits)} {language} texts filled from memory")
    return report


@dataclass
class ImportCounts:
    """What an import did with the entries of one catalog."""

    translated: int = 0
    unchanged: int = 0
    stale: int = 0
    unknown: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def line(self) -> str:
        """Return the counts as one line."""
        return (
            f"{self.translated} translated, {self.unchanged} unchanged, {self.stale} stale, {self.unknown} unknown "
            f"key, {self.fuzzy} not reviewed (fuzzy), {self.untranslated} untranslated"
        )


def catalog_language(catalog: polib.POFile, path: Path) -> str:
    """Return the site language a catalog translates into: its header, else its file name (`x.zh.po`)."""
    language = catalog.metadata.get(LANGUAGE_HEADER, "")
    if not language:
        by_po_name = {po_name.lower(): code for code, po_name in PO_LANGUAGE.items()}
        header = catalog.metadata.get("Language", "").replace("-", "_").lower()
        language = by_po_name.get(header, header.split("_")[0])
    return language or path.name.split(".")[-2]


def import_catalogs(
    files: list[Path], trial_dir: Path, glossary: Glossary, languages: list[str], root: Path | None = None
) -> Report:
    """Write the reviewed translations of PO files into their trial files; refuse stale and unknown entries."""
    report = Report()
    for file in files:
        shown = display_name(file, root)
        try:
            if file.stat().st_size > MAX_CATALOG_BYTES:
                raise ValueError(f"the file is larger than the limit of {MAX_CATALOG_BYTES:,} bytes")
            catalog = polib.pofile(str(file), wrapwidth=WRAP)
        except (OSError, ValueError, UnicodeDecodeError) as error:
            report.lines.append(f"{shown}: cannot read it as a PO file: {str(error)[:200]}")
            report.refused = True
            continue
        trial = catalog.metadata.get(TRIAL_HEADER) or file.name.split(".")[0]
        language = catalog_language(catalog, file)
        if language not in languages:
            report.lines.append(f"{shown}: the language {language!r} is not one the site translates into")
            report.refused = True
            continue
        path = trial_dir / f"{trial}.yaml"
        if not path.is_file():
            report.lines.append(f"{shown}: no trial file {display_name(path, root)} for the trial {trial!r}")
            report.refused = True
            continue
        read = read_entries(path, root, report)
        if read is None:
            continue
        source, entries = read
        counts, edits = _import_entries(catalog, shown, entries, source, language, glossary, report)
        if edits:
            try:
                write_translations(path, root, source, edits)
            except TrialFileError as error:
                report.lines.append(f"{shown}: not written, the trial file would not pass its checks:\n{error}")
                report.refused = True
                continue
        report.lines.append(f"{display_name(path, root)} ({language}): {counts.line()}")
        report.refused |= bool(counts.stale or counts.unknown)
    return report


def _import_entries(
    catalog: polib.POFile,
    shown: str,
    entries: list[TextEntry],
    source: str,
    language: str,
    glossary: Glossary,
    report: Report,
) -> tuple[ImportCounts, list[Edit]]:
    by_path = {entry.path: entry for entry in entries}
    counts = ImportCounts()
    edits: list[Edit] = []
    for item in catalog:
        if item.obsolete:
            continue
        where = f"{shown}:{item.linenum}: {item.msgctxt or '(no context)'}"
        translation = item.msgstr
        entry = by_path.get(item.msgctxt or "")
        if not translation.strip():
            counts.untranslated += 1
        elif item.fuzzy:
            counts.fuzzy += 1
        elif entry is None:
            counts.unknown += 1
            report.lines.append(f"{where}: unknown key: the trial has no text there; export again")
        elif normal(entry.english) != normal(item.msgid):
            counts.stale += 1
            report.lines.append(
                f"{where}: stale: the English is now {entry.english[:60]!r}, not {item.msgid[:60]!r}; export again"
            )
        elif entry.translation(language) == translation:
            counts.unchanged += 1
        else:
            counts.translated += 1
            edits.append(translation_edit(source, entry, language, translation))
            for term in glossary.missing_terms(entry.english, translation, language):
                report.lines.append(f"{where}: warning: {glossary_warning(term, language)}")
    return counts, edits


def glossary_warnings(path: Path, glossary: Glossary, languages: list[str], root: Path | None = None) -> list[str]:
    """Return a warning for each translated text of a trial file that leaves out a glossary term its English uses."""
    if not glossary.terms:
        return []
    try:
        entries = text_entries(safe_yaml.compose(safe_yaml.read_text(path)))
    except safe_yaml.YamlProblem:
        return []
    warnings = []
    for entry in entries:
        for language in languages:
            translation = entry.translation(language)
            for term in glossary.missing_terms(entry.english, translation, language) if translation else []:
                where = f"{display_name(path, root)}:{entry.line}: {entry.path}"
                warnings.append(f"{where}: warning: {glossary_warning(term, language)}")
    return warnings
