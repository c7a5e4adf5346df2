"""Shared fixtures: small trial files and real site builds in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL_TRIAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
SITE_TRIALS = FIXTURES / "site"
"""The trials of the fixture site (a frozen copy of MSC-DLC-2); `trial_data/` is tested on its own."""
SITE_TRIAL = SITE_TRIALS / "msc-dlc-2.yaml"


def write_trial(folder: Path, text: str, name: str = "minimal") -> Path:
    """Write a trial file into `folder/trial_data/` and return its path."""
    path = folder / "trial_data" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_project(folder: Path, trial_texts: dict[str, str] | None = None) -> Path:
    """Lay out a site project in `folder` with the real configuration and the given trials."""
    for name in ("mkdocs.yml",):
        shutil.copy(PROJECT / name, folder / name)
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(PROJECT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    trials = (
        trial_texts
        if trial_texts is not None
        else {path.stem: path.read_text("utf-8") for path in sorted(SITE_TRIALS.glob("*.yaml"))}
    )
    (folder / "trial_data").mkdir(exist_ok=True)
    for name, text in trials.items():
        write_trial(folder, text, name)
    return folder


def run_mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build --strict` in a project folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def build_project_site(folder: Path, trial_texts: dict[str, str]) -> Path:
    """Lay out a project in `folder/project` with the given trials, build it, and return its site folder."""
    (folder / "project").mkdir()
    project = make_project(folder / "project", trial_texts)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the fixture site once (its trials, both languages) and return its site folder."""
    folder = make_project(tmp_path_factory.mktemp("project"))
    result = run_mkdocs(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture
def minimal_text() -> str:
    """Return the text of a small valid trial file."""
    return MINIMAL_TRIAL


BuildSite = Callable[[dict[str, str]], tuple[subprocess.CompletedProcess[str], Path]]


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """Build a site from the given trial files in a temporary project; return (process, site folder)."""

    def build(trials: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], Path]:
        folder = make_project(tmp_path, trials)
        return run_mkdocs(folder), folder / "site"

    return build
