"""Re-import: the registry's parts are updated, people's work is kept, and the changes are listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ctgov.conftest import RECORDS, study_json
from trialsite.cli import main
from trialsite.model import to_json
from trialsite.trials import load_trial


def write_record(folder: Path, study: dict[str, Any], name: str = "newer.json") -> Path:
    """Write a study record as JSON and return its path."""
    path = folder / name
    path.write_text(json.dumps(study), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a trial file, as a person editing it would."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def first_import(tmp_path: Path, record: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Import a record into tmp_path/trial_data and return the trial file."""
    out = tmp_path / "trial_data"
    assert main(["import", "ctgov", str(record), "--out", str(out)]) == 0
    capsys.readouterr()
    return next(out.glob("*.yaml"))


def test_reimport_updates_the_registry_parts_and_keeps_hand_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = first_import(tmp_path, RECORDS / "NCT03475563.json", capsys)
    edit(
        path,
        "title: {en: BiOSS LIM C Stent Registry in Bifurcated Lesions, pending: [zh]}",
        "title: {en: BiOSS LIM C Stent Registry in Bifurcated Lesions, zh: BiOSS LIM C支架分叉病变注册研究}",
    )
    edit(
        path,
        "      rule: age > 18\n      drafted: Age over 18 years.\n",
        "      rule: age > 18\n",  # a person checked the drafted rule: reviewed, it stays as it is
    )
    edit(
        path,
        "      text: {en: Bifurcated lesions with both distal branches at least 2 mm in diameter., pending: [zh]}\n",
        "      text:\n"
        "        en: Bifurcated lesions with both distal branches at least 2 mm in diameter.\n"
        "        zh: 分叉病变的两个远端分支直径均至少为2毫米。\n"
        "      plain: {en: Both branches are at least 2 mm wide., zh: 两个分支的直径都至少为2毫米。}\n",
    )
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nexamples:\n  - id: seventeen\n    answers: {age: 17}\n    verdict: not_eligible\n"
        "    failed: [AGE, I1]\n",
        encoding="utf-8",
    )
    assert load_trial(path).examples

    study = study_json("NCT03475563")
    study["derivedSection"]["miscInfoModule"]["versionHolder"] = "2024-06-01"
    status = study["protocolSection"]["statusModule"]
    status["overallStatus"] = "COMPLETED"
    del status["lastKnownStatus"]
    eligibility = study["protocolSection"]["eligibilityModule"]
    eligibility["eligibilityCriteria"] = eligibility["eligibilityCriteria"].replace("at least 2 mm", "at least 2.5 mm")
    study["protocolSection"]["contactsLocationsModule"]["locations"].append(
        {"facility": "Hospital Clínic", "city": "Barcelona", "zip": "08036", "country": "Spain", "status": "RECRUITING"}
    )
    newer = write_record(tmp_path, study)

    assert main(["import", "ctgov", str(newer), "--out", str(path.parent)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == (
        f"NCT03475563 → {path} (updated, record version 2024-06-01, was 2024-01-03): 5 inclusion and 7 exclusion "
        "criteria, 4 site(s), 37 text(s) awaiting a Chinese translation\n"
        "  status.value: unknown → completed\n"
        "  status.last_known: recruiting → (none)\n"
        "  source.notes: text changed\n"
        "  locations: 3 → 4 sites (1 added: Hospital Clínic, Barcelona, Spain, 08036)\n"
        "  eligibility.inclusion: I3 reworded; Chinese translation dropped (pending again); kept its plain version: "
        "check against the new wording\n"
        "  kept: 1 Chinese translation(s), 1 rule(s), 1 plain version(s), 1 example(s)\n"
    )
    trial = to_json(load_trial(path))
    assert trial["title"] == {
        "en": "BiOSS LIM C Stent Registry in Bifurcated Lesions",
        "zh": "BiOSS LIM C支架分叉病变注册研究",
    }
    assert trial["status"]["value"] == "completed"
    inclusion = trial["eligibility"]["inclusion"]
    assert inclusion[0]["rule"] == "age > 18"
    assert inclusion[2]["text"]["en"] == "Bifurcated lesions with both distal branches at least 2.5 mm in diameter."
    assert inclusion[2]["text"]["pending"] == ["zh"]
    assert inclusion[2]["plain"] == {
        "en": "Both branches are at least 2 mm wide.",
        "zh": "两个分支的直径都至少为2毫米。",
    }
    assert trial["locations"][3]["facility"]["en"] == "Hospital Clínic"
    assert [example["id"] for example in trial["examples"]] == ["seventeen"]

    assert main(["import", "ctgov", str(newer), "--out", str(path.parent)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  no changes in the registry's data",
        "  kept: 1 Chinese translation(s), 1 rule(s), 1 plain version(s), 1 example(s)",
    ]


def test_renumbered_criteria_carry_their_work_and_examples_follow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = first_import(tmp_path, RECORDS / "NCT03475563.json", capsys)
    edit(
        path,
        "      text: {en: Contraindication for antiplatelet treatment., pending: [zh]}\n",
        "      text: {en: Contraindication for antiplatelet treatment., zh: 抗血小板治疗禁忌。}\n"
        "      assessed_by: study_team\n",
    )
    edit(
        path,
        "      text: {en: Lesions due to restenosis., pending: [zh]}\n",
        "      text: {en: Lesions due to restenosis., pending: [zh]}\n"
        "      note: {en: Restenosis means the artery narrowed again., pending: [zh]}\n",
    )
    edit(
        path,
        "      text: {en: Cardiogenic shock., pending: [zh]}\n",
        "      text: {en: Cardiogenic shock., pending: [zh]}\n      rule: check_e2\n",
    )
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nexamples:\n  - id: shock\n    answers: {check_e2: yes, check_e5: no}\n    verdict: not_eligible\n"
        "    failed: [E2, E7]\n",
        encoding="utf-8",
    )
    load_trial(path)

    study = study_json("NCT03475563")
    eligibility = study["protocolSection"]["eligibilityModule"]
    eligibility["eligibilityCriteria"] = (
        eligibility["eligibilityCriteria"]
        .replace("Exclusion Criteria:\n\n", "Exclusion Criteria:\n\n* Pregnancy.\n")
        .replace("* Cardiogenic shock.", "")
        .strip()
    )
    assert main(["import", "ctgov", str(write_record(tmp_path, study)), "--out", str(path.parent)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1:] == [
        "  eligibility.exclusion: E1 added",
        "  eligibility.exclusion: E1–E6 are now E2–E7",
        "  eligibility.exclusion: E7 removed with its rule: 'Cardiogenic shock.'",
        "  kept: 1 Chinese translation(s), 1 study-team mark(s), 1 note(s), 1 example(s)",
    ]
    assert captured.err.splitlines()[0] == f"{path}: written, but it does not validate:"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    exclusion = data["eligibility"]["exclusion"]
    assert exclusion[3] == {
        "number": 4,
        "text": {"en": "Contraindication for antiplatelet treatment.", "zh": "抗血小板治疗禁忌。"},
        "assessed_by": "study_team",
    }
    assert exclusion[4]["note"] == {"en": "Restenosis means the artery narrowed again.", "pending": ["zh"]}
    assert data["examples"] == [
        {
            "id": "shock",
            "answers": {"check_e3": True, "check_e6": False},
            "verdict": "not_eligible",
            "failed": ["E3", "E7"],
        }
    ]


def test_people_owned_keys_outside_criteria_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = first_import(tmp_path, RECORDS / "NCT06171568.json", capsys)
    edit(
        path,
        "  name: {en: Assistance Publique - Hôpitaux de Paris, pending: [zh]}\n",
        "  name: {en: Assistance Publique - Hôpitaux de Paris, zh: 巴黎公立医院集团}\n"
        "  description: {en: The Paris public hospitals., zh: 巴黎的公立医院。}\n",
    )
    edit(path, "  check_age_and_sex: true\n", "  check_age_and_sex: false\n")
    edit(
        path,
        "    phone: 01.40.05.49.58 ext. +33\n",
        "    phone: 01.40.05.49.58 ext. +33\n    caveat: {en: Mornings only., zh: 仅限上午。}\n",
    )
    edit(
        path,
        "    country: {en: France, pending: [zh]}\n",
        "    country: {en: France, zh: 法国}\n",
    )
    edit(
        path,
        "registry_ids:\n",
        "registry_ids:\n  - registry: IDRCB\n    id: 2023-A00386-39\n"
        "    provenance: {en: From the record's secondary ids., zh: 来自记录的次要编号。}\n",
    )
    load_trial(path)
    assert main(["import", "ctgov", str(RECORDS / "NCT06171568.json"), "--out", str(path.parent)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  no changes in the registry's data",
        "  kept: 2 Chinese translation(s), 1 contact caveat(s)",
        "  criteria: no exclusion section",
    ]
    trial = to_json(load_trial(path))
    assert trial["sponsor"]["name"]["zh"] == "巴黎公立医院集团"
    assert trial["sponsor"]["description"]["en"] == "The Paris public hospitals."
    assert trial["eligibility"]["check_age_and_sex"] is False
    assert trial["contacts"][1]["caveat"]["zh"] == "仅限上午。"
    assert trial["locations"][0]["country"] == {"en": "France", "zh": "法国"}
    assert [entry["id"] for entry in trial["registry_ids"]] == ["NCT06171568", "2023-A00386-39"]


def test_changed_english_drops_the_written_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = first_import(tmp_path, RECORDS / "NCT06171568.json", capsys)
    edit(
        path,
        "  - {en: Brain Injuries, pending: [zh]}\n",
        "  - {en: Brain Injuries, zh: 脑损伤}\n",
    )
    edit(
        path,
        "  name: {en: Assistance Publique - Hôpitaux de Paris, pending: [zh]}\n",
        "  name: {en: Assistance Publique - Hôpitaux de Paris, zh: 巴黎公立医院集团}\n",
    )
    study = study_json("NCT06171568")
    study["protocolSection"]["conditionsModule"]["conditions"] = ["Brain Injuries", "Stroke"]
    study["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["name"] = "AP-HP"
    assert main(["import", "ctgov", str(write_record(tmp_path, study)), "--out", str(path.parent)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  sponsor.name: 'Assistance Publique - Hôpitaux de Paris' → 'AP-HP'; Chinese translation dropped "
        "(pending again)",
        "  conditions: 1 added: Stroke",
        "  kept: 1 Chinese translation(s)",
        "  criteria: no exclusion section",
    ]
    trial = to_json(load_trial(path))
    assert trial["sponsor"]["name"] == {"en": "AP-HP", "zh": "AP-HP", "pending": ["zh"]}
    assert trial["conditions"][0] == {"en": "Brain Injuries", "zh": "脑损伤"}
