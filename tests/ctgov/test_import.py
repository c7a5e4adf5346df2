"""`trialsite import ctgov`: every saved record imports, validates and builds; bad input fails alone, in one line."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import BuildSite
from tests.ctgov.conftest import NCT_IDS, RECORDS, study_json
from trialsite.cli import main
from trialsite.ctgov.importer import run_import
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import load_trial

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/trial.schema.json"


@pytest.fixture(scope="module")
def imported_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Import the whole fixture folder once into a trial folder and return that folder."""
    out = tmp_path_factory.mktemp("import") / "trial_data"
    assert main(["import", "ctgov", str(RECORDS), "--out", str(out)]) == 0
    return out


def test_every_record_is_written_as_a_valid_trial_file(imported_folder: Path) -> None:
    assert sorted(path.stem for path in imported_folder.glob("*.yaml")) == [nct.lower() for nct in NCT_IDS]
    for path in sorted(imported_folder.glob("*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
        trial = load_trial(path)
        assert trial.pending_translations, path
        bundle = build_bundle(trial)
        checklist = [question for question in bundle["questions"] if question["id"].startswith("check_")]
        criteria = [*trial.eligibility.inclusion, *trial.eligibility.exclusion]
        assert len(checklist) == len([criterion for criterion in criteria if criterion.drafted is None])
        assert [criterion["id"] for criterion in bundle["criteria"]][:1] == ["AGE"]


def test_the_report_lists_what_was_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trial_data"
    assert main(["import", "ctgov", str(RECORDS / "NCT03418623.json"), "--out", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"NCT03418623 → {out}/nct03418623.yaml (new, record version 2023-12-07): 1 inclusion and 0 exclusion "
        "criteria, 1 site(s), 16 text(s) awaiting a Chinese translation\n"
        "  criteria: no exclusion section\n"
    )


def test_the_trial_folder_is_the_default_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "trials"
    assert main(["--trial-dir", str(folder), "import", "ctgov", str(RECORDS / "NCT06171568.json")]) == 0
    assert (folder / "nct06171568.yaml").is_file()
    assert capsys.readouterr().err == ""


def test_bad_files_fail_alone_with_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a-not-json.json").write_text("{broken", encoding="utf-8")
    (inputs / "b-not-a-record.json").write_text('{"hello": "world"}', encoding="utf-8")
    no_status = study_json("NCT03418623")
    del no_status["protocolSection"]["statusModule"]
    (inputs / "c-no-status.json").write_text(json.dumps(no_status), encoding="utf-8")
    shutil.copy(RECORDS / "NCT06171568.json", inputs / "d-good.json")
    out = tmp_path / "trial_data"
    assert main(["import", "ctgov", str(inputs), str(RECORDS / "NCT06171568.json"), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"{inputs}/a-not-json.json: not JSON (Expecting property name enclosed in double quotes at line 1, column 2)\n"
        f"{inputs}/b-not-a-record.json: not a ClinicalTrials.gov study record "
        "(expected protocolSection, found an object without protocolSection)\n"
        f"{inputs}/c-no-status.json: NCT03418623: missing protocolSection.statusModule\n"
        f"{RECORDS}/NCT06171568.json: NCT06171568 was already imported from {inputs}/d-good.json\n"
    )
    assert captured.out.startswith(f"NCT06171568 → {out}/nct06171568.yaml (new, record version 2023-12-14)")
    assert [path.name for path in out.iterdir()] == ["nct06171568.yaml"]
    load_trial(out / "nct06171568.yaml")


def test_an_unreadable_existing_file_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "trial_data"
    out.mkdir()
    (out / "nct06171568.yaml").write_text("id: nct06171568\ntitle: [unclosed\n", encoding="utf-8")
    assert main(["import", "ctgov", str(RECORDS / "NCT06171568.json"), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"{RECORDS}/NCT06171568.json: cannot update {out}/nct06171568.yaml: it is not valid YAML (line 3); "
        "fix it first\n"
    )
    assert (out / "nct06171568.yaml").read_text(encoding="utf-8") == "id: nct06171568\ntitle: [unclosed\n"


def test_the_largest_record_imports_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    status = run_import([RECORDS / "NCT02513394.json"], tmp_path, io.StringIO(), io.StringIO())
    elapsed = time.perf_counter() - started
    assert status == 0
    assert elapsed < 10, f"importing 437 sites took {elapsed:.2f} s"


def test_all_records_build_into_one_strict_site(imported_folder: Path, build_site: BuildSite) -> None:
    trials = {path.stem: path.read_text(encoding="utf-8") for path in sorted(imported_folder.glob("*.yaml"))}
    result, site = build_site(trials)
    assert result.returncode == 0, result.stdout + result.stderr
    for trial_id in trials:
        for prefix in ("", "zh/"):
            assert (site / f"{prefix}trials/{trial_id}/index.html").is_file()
            assert (site / f"{prefix}trials/{trial_id}/self-check/index.html").is_file()
    page = (site / "trials/nct02513394/index.html").read_text(encoding="utf-8")
    assert '<p class="ts-count">437 sites</p>' in page
    assert "<h3>United States<small> (192 sites)</small></h3>" in page
    assert "<h3>Spain<small> (46 sites)</small></h3>" in page
    assert page.count('<section class="ts-country"') == 21
    assert page.count("<details") == 84
    assert len(page.encode("utf-8")) < 400_000
    chinese = (site / "zh/trials/nct02513394/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="ts-count">[^<]*437[^<]*</p>', chinese)
    assert '<div class="ts-untranslated-block">' in chinese
    bundle = json.loads((site / "assets/trialsite/trials/nct06388018.json").read_text(encoding="utf-8"))
    assert [question["id"] for question in bundle["questions"]][:3] == ["age", "sex", "ecog"]  # I3's drafted rule
    assert [criterion["rule"] for criterion in bundle["criteria"]][:3] == ["18 <= age", "sex == 'female'", "check_i1"]


def test_a_failing_record_does_not_stop_a_good_one_with_the_same_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads((RECORDS / "NCT06171568.json").read_text(encoding="utf-8"))
    bad = copy.deepcopy(good)
    bad["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = 5
    search = tmp_path / "search.json"
    search.write_text(json.dumps({"studies": [bad, good]}), encoding="utf-8")
    out = tmp_path / "trial_data"
    assert main(["import", "ctgov", str(search), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"{search}: studies[0]: NCT06171568: protocolSection.eligibilityModule.eligibilityCriteria: "
        "expected text, found a number\n"
    )
    assert (out / "nct06171568.yaml").is_file()


def test_criteria_headed_by_participant_group_are_kept_and_flagged(tmp_path: Path) -> None:
    record = json.loads((RECORDS / "NCT06171568.json").read_text(encoding="utf-8"))
    record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        "Eligibility criteria:\n\nFor adolescent participants:\n\n* Aged 12-17\n\n"
        "For parent participants:\n\n* Parent of a participant\n\nExclusion criteria:\n\n* Unable to consent\n"
    )
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "trial_data"
    assert main(["import", "ctgov", str(path), "--out", str(out)]) == 0
    trial = load_trial(out / "nct06171568.yaml")
    texts = [criterion.text.en for criterion in trial.eligibility.inclusion]
    assert "Aged 12-17" in texts and "Parent of a participant" in texts
    assert [criterion.text.en for criterion in trial.eligibility.exclusion] == ["Unable to consent"]
    assert trial.source.notes is not None and "heading per group of participants" in trial.source.notes.en


@pytest.mark.parametrize("nesting", [100_000])
def test_a_record_nested_too_deeply_is_named_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], nesting: int
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * nesting + "]" * nesting, encoding="utf-8")
    assert main(["import", "ctgov", str(path), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"{path}: not a study record (nested too deeply to read)\n"
