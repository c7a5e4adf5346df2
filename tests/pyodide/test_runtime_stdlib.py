"""The site ships a trimmed standard library: everything the engine loads is in it, and nothing fetches the lock."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.conftest import PROJECT, SITE_TRIALS
from tests.pyodide.test_engine_in_pyodide import run_node
from trialsite.engine.checker import Checker
from trialsite.selfcheck.bundle import build_bundle
from trialsite.site import runtime
from trialsite.trials import load_trials

PROBE = Path(__file__).with_name("stdlib_probe.mjs")
ODD_ANSWERS: list[object] = [
    ["not", "a", "mapping"],
    {"age": "seventy", "creatinine": {"value": 1e300, "unit": "furlongs"}, "consent": "maybe"},
    {"age": -1, "sodium": {"value": "NaN"}, "cirrhosis_complications": ["nothing-like-this", 3]},
]


def test_every_standard_library_file_the_engine_loads_is_shipped(tmp_path: Path) -> None:
    cases = []
    for trial in load_trials(SITE_TRIALS):
        bundle = build_bundle(trial)
        Checker(bundle)  # the bundle is valid
        text = json.dumps(bundle, ensure_ascii=False, default=str)
        cases += [{"bundle": text, "answers": example.answers} for example in trial.examples]
        cases += [{"bundle": text, "answers": answers} for answers in ODD_ANSWERS]
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases, ensure_ascii=False, default=str), encoding="utf-8")
    output = run_node(PROBE, str(PROJECT / "trialsite" / "engine"), "trialsite_engine", str(cases_file))
    loaded = output["loaded"]
    assert isinstance(loaded, list) and "json/decoder.py" in loaded
    missing = sorted(set(loaded) - set(runtime.stdlib_keep()))
    assert missing == [], f"add to trialsite/site/runtime_stdlib.txt: {missing}"


def test_the_site_ships_the_trimmed_zip_and_no_lock_file(built_site: Path) -> None:
    manifest = json.loads((built_site / "assets" / "trialsite" / "engine" / "manifest.json").read_text("utf-8"))
    folder = built_site / "assets" / manifest["runtime"]
    with zipfile.ZipFile(folder / runtime.STDLIB) as shipped:
        files = {name for name in shipped.namelist() if not name.endswith("/")}
    assert files == set(runtime.stdlib_keep())
    assert (folder / runtime.STDLIB).stat().st_size < 1_000_000
    assert not (folder / runtime.LOCK).exists()
    assert manifest["lock_info"]["arch"] == "wasm32" and manifest["lock_info"]["python"].startswith("3.")
