"""The site ships a trimmed standard library: everything the engine loads is in it, and nothing fetches the lock."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

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
    assert files == {f"{name}c" for name in runtime.stdlib_keep()}  # compiled: bytecode, no source
    assert (folder / f"{runtime.STDLIB}.br").stat().st_size < 800_000
    assert not (folder / runtime.LOCK).exists()
    assert manifest["lock_info"]["arch"] == "wasm32" and manifest["lock_info"]["python"].startswith("3.")


def test_the_compiled_standard_library_is_made_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pyodide = PROJECT / "node_modules" / "pyodide"
    trimmed = runtime.trimmed_stdlib(pyodide / runtime.STDLIB, ["json/__init__.py", "json/decoder.py"])
    compiled = runtime.compiled_stdlib(pyodide, trimmed)
    with zipfile.ZipFile(io.BytesIO(compiled)) as shipped:
        assert sorted(name for name in shipped.namelist() if not name.endswith("/")) == [
            "json/__init__.pyc",
            "json/decoder.pyc",
        ]
        assert shipped.read("json/decoder.pyc")[:4] == shipped.read("json/__init__.pyc")[:4]  # one magic number
    monkeypatch.setattr("trialsite.site.runtime.shutil.which", lambda _: None)
    assert runtime.compiled_stdlib(pyodide, trimmed) == compiled  # no Node needed the second time
    with pytest.raises(Abort, match=r"^Node\.js is needed to build the site"):
        runtime.compiled_stdlib(pyodide, trimmed + b"\0")
