"""The published trials: every file in trial_data/ validates and its rules agree with all of its examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PROJECT
from trialsite.trials import load_trial

TRIAL_FILES = sorted((PROJECT / "trial_data").glob("*.yaml"))


@pytest.mark.parametrize("path", TRIAL_FILES, ids=lambda path: path.stem)
def test_a_published_trial_validates_and_its_examples_agree(path: Path) -> None:
    trial = load_trial(path, root=PROJECT)
    assert trial.id == path.stem
    assert trial.examples, "a published trial carries examples that test its rules"


def test_msc_dlc_2_keeps_at_least_its_90_examples() -> None:
    assert len(load_trial(PROJECT / "trial_data" / "msc-dlc-2.yaml").examples) >= 90
