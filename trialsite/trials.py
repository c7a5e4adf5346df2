"""Load trial files fully checked: their format, their own consistency, and their rules against their examples.

This is what the site, the command line and the importer load; `trialsite.trialfile` alone stops at the model.
"""

from __future__ import annotations

from pathlib import Path

from trialsite.model import Trial
from trialsite.problem import TrialDataError, TrialFileError
from trialsite.selfcheck.verify import check_rules
from trialsite.trialfile import load as trialfile
from trialsite.trialfile.checks import MODEL_CHECKS, SemanticCheck
from trialsite.trialfile.load import trial_files

ALL_CHECKS: tuple[SemanticCheck, ...] = (*MODEL_CHECKS, check_rules)

__all__ = ["TrialDataError", "TrialFileError", "TrialLoader", "load_trial", "load_trials", "trial_files"]


def load_trial(
    path: Path, root: Path | None = None, require_translations: bool = False, text: str | None = None
) -> Trial:
    """Read one trial file (or `text`, its new content) and check everything, its examples included.

    Raise `TrialFileError`.
    """
    return trialfile.load_trial(path, root, require_translations, ALL_CHECKS, text)


def load_trials(directory: Path, root: Path | None = None, require_translations: bool = False) -> list[Trial]:
    """Load and check every trial of a folder; raise `TrialDataError` listing the problems of all files."""
    return trialfile.load_trials(directory, root, require_translations, ALL_CHECKS)


class TrialLoader(trialfile.TrialLoader):
    """Load and check a folder of trials, reading again only the files that changed since the last call."""

    def __init__(self) -> None:
        super().__init__(ALL_CHECKS)
