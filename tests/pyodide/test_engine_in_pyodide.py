"""The engine the site ships gives, inside the pinned Pyodide under Node, exactly CPython's results."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import PROJECT, SITE_TRIALS
from trialsite.engine.checker import Checker, check_answers
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import load_trials

RUNNER = Path(__file__).with_name("run_examples.mjs")


def run_node(script: Path, *args: str) -> dict[str, object]:
    """Run one of the Node scripts beside this file and return the JSON it prints last."""
    completed = subprocess.run(
        ["node", str(script), *args], cwd=PROJECT, capture_output=True, text=True, check=False, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    output: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return output


def run_in_pyodide(site: Path, cases: list[dict[str, object]], tmp_path: Path) -> dict[str, object]:
    """Evaluate answer sets in Pyodide with the engine files of a built site."""
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False, default=str), encoding="utf-8")
    return run_node(RUNNER, str(site), str(cases_file))


def test_every_example_of_every_trial_gives_identical_results_in_pyodide(built_site: Path, tmp_path: Path) -> None:
    trials = load_trials(SITE_TRIALS)
    cases: list[dict[str, object]] = []
    expected = []
    for trial in trials:
        checker = Checker(build_bundle(trial))
        for example in trial.examples:
            cases.append({"trial": trial.id, "answers": example.answers})
            expected.append(check_answers(checker, example.answers))
        cases.append({"trial": trial.id, "answers": {}})
        expected.append(check_answers(checker, {}))
    output = run_in_pyodide(built_site, cases, tmp_path)
    assert str(output["python"]).startswith("3.")
    assert output["results"] == json.loads(json.dumps(expected, ensure_ascii=False))
    assert len(expected) >= 2


def test_bad_answers_are_reported_as_data_in_pyodide(built_site: Path, tmp_path: Path) -> None:
    output = run_in_pyodide(built_site, [{"trial": "msc-dlc-2", "answers": ["not", "a", "mapping"]}], tmp_path)
    results = output["results"]
    assert isinstance(results, list)
    assert results[0]["problems"][0] == {"question": None, "code": "answer_not_a_mapping", "values": {}}


SENTINEL = "987.654321"


def test_a_snapshot_taken_after_an_answer_would_contain_it(built_site: Path) -> None:
    """Positive control for the browser test that proves the kept snapshot holds no answer."""
    output = run_node(Path(__file__).with_name("snapshot_probe.mjs"), str(built_site), SENTINEL)
    assert output["contains_sentinel"] is True
