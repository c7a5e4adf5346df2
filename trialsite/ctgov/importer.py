"""Run an import: read records, map each study, merge with an existing file, write, validate and report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from trialsite.ctgov.mapping import Imported, map_study
from trialsite.ctgov.merge import Merged, merge
from trialsite.ctgov.record import RecordError, Study, read_paths
from trialsite.ctgov.texts import is_pending, lookup, walk_texts
from trialsite.ctgov.writer import trial_yaml
from trialsite.model import NOT_REPORTED
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.save import write_text
from trialsite.trials import TrialFileError, load_trial


@dataclass
class Written:
    """One study written to a trial file."""

    study: Study
    path: Path
    imported: Imported
    merged: Merged | None
    previous_version: Any = None

    def counts(self) -> dict[str, int]:
        """Return the numbers the import report gives: criteria, sites and pending texts."""
        trial = self.imported.trial
        return {
            "inclusion": len(trial["eligibility"]["inclusion"]),
            "exclusion": len(trial["eligibility"]["exclusion"]),
            "locations": len(trial.get("locations") or []),
            "pending": sum(1 for _, text in walk_texts(trial) if is_pending(text)),
        }


@dataclass
class ImportRun:
    """Everything an import did: files written, and error lines (each `PATH: what is wrong`)."""

    written: list[Written] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_existing(path: Path) -> dict[str, Any]:
    """Read the data of an existing trial file, raising `RecordError` when it cannot be merged with."""
    try:
        data = safe_yaml.load(safe_yaml.read_text(path))
    except safe_yaml.YamlProblem as problem:
        what = "it is not valid YAML" if problem.message.startswith("invalid YAML") else problem.message
        raise RecordError(f"cannot update {path}: {what} (line {problem.line}); fix it first") from None
    if not isinstance(data, dict):
        raise RecordError(f"cannot update {path}: it is not a trial mapping; fix it first")
    return data


def import_study(study: Study, out: Path, today: datetime.date) -> Written:
    """Map one study and write its trial file, merging with the file already there."""
    imported = map_study(study, today)
    path = out / f"{imported.trial['id']}.yaml"
    merged, previous = None, None
    if path.exists():
        old = read_existing(path)
        previous = lookup(old, "source.as_of")
        merged = merge(imported.trial, old)
    write_text(path, trial_yaml(imported.trial))
    return Written(study, path, imported, merged, previous)


def import_paths(paths: list[Path], out: Path, today: datetime.date) -> ImportRun:
    """Import every study found in the given files and folders; one bad file or study does not stop the rest."""
    read = read_paths(paths)
    run = ImportRun(errors=list(read.errors), notes=list(read.notes))
    origins: dict[str, str] = {}
    for study in read.studies:
        if study.nct_id in origins:
            run.errors.append(f"{study.origin}: {study.nct_id} was already imported from {origins[study.nct_id]}")
            continue
        try:
            written = import_study(study, out, today)
        except RecordError as error:
            run.errors.append(f"{study.origin}: {error}")
            continue
        except (Exception, RecursionError) as error:  # one odd record must not stop the others
            run.errors.append(f"{study.origin}: {study.nct_id} could not be imported ({type(error).__name__}: {error})")
            continue
        origins[study.nct_id] = study.origin  # only a record that imported blocks a later one with the same id
        try:
            load_trial(written.path)
        except TrialFileError as error:
            run.errors.append(f"{written.path}: written, but it does not validate:\n{error}")
        run.written.append(written)
    return run


def report_lines(written: Written) -> list[str]:
    """Return the lines that tell what one import wrote or changed."""
    counts = written.counts()
    as_of = written.imported.trial["source"]["as_of"]
    version = as_of.isoformat() if isinstance(as_of, datetime.date) else NOT_REPORTED
    facts = (
        f"{counts['inclusion']} inclusion and {counts['exclusion']} exclusion criteria, {counts['locations']} site(s), "
        f"{counts['pending']} text(s) awaiting a Chinese translation"
    )
    head = f"{written.study.nct_id} → {written.path}"
    if written.merged is None:
        lines = [f"{head} (new, record version {version}): {facts}"]
    else:
        was = written.previous_version
        since = f", was {was.isoformat()}" if isinstance(was, datetime.date) and was.isoformat() != version else ""
        lines = [f"{head} (updated, record version {version}{since}): {facts}"]
        lines += [f"  {change}" for change in written.merged.changes] or ["  no changes in the registry's data"]
        kept = written.merged.kept_line()
        if kept:
            lines.append(f"  {kept}")
    lines += [f"  criteria: {flag}" for flag in written.imported.flags]
    lines += [f"  left out: {item}" for item in written.imported.left_out]
    return lines


def run_import(paths: list[Path], out: Path, stdout: TextIO, stderr: TextIO, today: datetime.date | None = None) -> int:
    """Import, print the report and the errors; return 1 when anything failed, else 0."""
    run = import_paths(paths, out, today or datetime.date.today())
    for note in run.notes:
        print(note, file=stdout)
    for written in run.written:
        print("\n".join(report_lines(written)), file=stdout)
    for error in run.errors:
        print(error, file=stderr)
    return 1 if run.errors else 0
