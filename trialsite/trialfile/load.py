"""Load trial files: parse YAML, validate against the trial format, and report every problem at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from trialsite.model import Trial
from trialsite.problem import Context, Problem, TrialDataError, TrialFileError
from trialsite.trialfile import safe_yaml
from trialsite.trialfile.checks import MODEL_CHECKS, SemanticCheck
from trialsite.trialfile.format import TRIAL
from trialsite.trialfile.library import expand_library_questions

TRIAL_SUFFIXES = (".yaml", ".yml")


def display_name(path: Path, root: Path | None = None) -> str:
    """Return the path as authors see it: relative to the project root when inside it."""
    base = (root if root is not None else Path.cwd()).resolve()
    resolved = path.resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)


def load_trial(
    path: Path,
    root: Path | None = None,
    require_translations: bool = False,
    checks: Sequence[SemanticCheck] = MODEL_CHECKS,
    text: str | None = None,
) -> Trial:
    """Read and validate one trial file, raising `TrialFileError` with every problem found.

    With `require_translations`, a translation marked pending is an error too. `checks` run on the trial once its
    format is right (`trialsite.trials` adds the checks of the rules against the examples). `text`, when given, is
    checked as the file's new content before it is written.
    """
    name = display_name(path, root)
    try:
        node = safe_yaml.compose(text if text is not None else safe_yaml.read_text(path))
    except safe_yaml.YamlProblem as problem:
        raise TrialFileError(name, [Problem(problem.line, "", problem.message)]) from None
    if node is None:
        raise TrialFileError(name, [Problem(1, "", "the file is empty; expected a trial mapping")])
    ctx = Context()
    expand_library_questions(node, ctx)
    checked = TRIAL.check(node, "", ctx)
    if ctx.problems or not isinstance(checked, Trial):
        raise TrialFileError(name, ctx.problems or [Problem(1, "", "expected a trial mapping")])
    trial = dataclasses.replace(checked, path=path, lines=ctx.lines, pending_translations=tuple(ctx.pending))
    if trial.id != path.stem:
        ctx.problems.append(
            Problem(
                ctx.lines.get("id", 1),
                "id",
                f"expected {path.stem!r} (the file name without .yaml), found {trial.id!r}",
            )
        )
    for check in checks:
        check(trial, ctx)
    if require_translations:
        ctx.problems += [
            Problem(item.line, item.path, f"{item.message} (translations are required)") for item in ctx.pending
        ]
    if ctx.problems:
        raise TrialFileError(name, ctx.problems)
    return trial


def trial_files(directory: Path) -> list[Path]:
    """List the trial files of a folder in a stable order."""
    return sorted(path for path in directory.iterdir() if path.suffix in TRIAL_SUFFIXES and path.is_file())


def same_id_errors(paths: list[Path], root: Path | None) -> list[TrialFileError]:
    """Return an error for each file whose id another file of the folder already has (x.yaml and x.yml)."""
    first: dict[str, Path] = {}
    errors = []
    for path in paths:
        if path.stem in first:
            other = display_name(first[path.stem], root)
            message = f"the trial id {path.stem!r} is already used by {other}; keep one of the two files"
            errors.append(TrialFileError(display_name(path, root), [Problem(1, "", message)]))
        else:
            first[path.stem] = path
    return errors


class TrialLoader:
    """Load a folder of trials, reading again only the files that changed since the last call."""

    def __init__(self, checks: Sequence[SemanticCheck] = MODEL_CHECKS) -> None:
        self._cache: dict[Path, tuple[tuple[int, bool], Trial]] = {}
        self._checks = checks

    def load(self, directory: Path, root: Path | None = None, require_translations: bool = False) -> list[Trial]:
        """Return every trial of the folder; raise `TrialDataError` listing the problems of all files."""
        trials, errors = self.load_valid(directory, root, require_translations)
        if errors:
            raise TrialDataError(errors)
        return trials

    def load_valid(
        self, directory: Path, root: Path | None = None, require_translations: bool = False
    ) -> tuple[list[Trial], list[TrialFileError]]:
        """Return the folder's valid trials and the problems of the other files."""
        trials: list[Trial] = []
        errors: list[TrialFileError] = []
        paths = trial_files(directory)
        errors += same_id_errors(paths, root)
        for path in paths:
            stamp = (path.stat().st_mtime_ns, require_translations)
            cached = self._cache.get(path)
            if cached is not None and cached[0] == stamp:
                trials.append(cached[1])
                continue
            try:
                trial = load_trial(path, root, require_translations, self._checks)
            except TrialFileError as error:
                self._cache.pop(path, None)
                errors.append(error)
                continue
            self._cache[path] = (stamp, trial)
            trials.append(trial)
        return trials, errors


def load_trials(
    directory: Path,
    root: Path | None = None,
    require_translations: bool = False,
    checks: Sequence[SemanticCheck] = MODEL_CHECKS,
) -> list[Trial]:
    """Load every trial of a folder, raising `TrialDataError` listing the problems of all files."""
    return TrialLoader(checks).load(directory, root, require_translations)
