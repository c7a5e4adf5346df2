"""Text without Chinese yet: allowed when marked pending, shown in English and labelled, listed by validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BuildSite, write_trial
from tests.ctgov.conftest import RECORDS
from trialsite.cli import main
from trialsite.engine.checker import Checker
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import TrialFileError, load_trial

PENDING_SUMMARY = "summary:\n  en: A short summary.\n  pending: [zh]\n"


def pending_text(minimal_text: str) -> str:
    """Return the minimal trial with its summary's Chinese marked pending."""
    return minimal_text.replace("summary:\n  en: A short summary.\n  zh: 简短概述。\n", PENDING_SUMMARY)


def test_a_pending_translation_falls_back_to_english_and_is_recorded(tmp_path: Path, minimal_text: str) -> None:
    trial = load_trial(write_trial(tmp_path, pending_text(minimal_text)), root=tmp_path)
    assert trial.summary.to_json() == {"en": "A short summary.", "zh": "A short summary.", "pending": ["zh"]}
    assert [item.render("f") for item in trial.pending_translations] == ["f:5: summary: translation pending: zh"]


def test_requiring_translations_makes_pending_an_error(tmp_path: Path, minimal_text: str) -> None:
    with pytest.raises(TrialFileError) as caught:
        load_trial(write_trial(tmp_path, pending_text(minimal_text)), root=tmp_path, require_translations=True)
    assert str(caught.value) == (
        "trial_data/minimal.yaml:5: summary: translation pending: zh (translations are required)"
    )


def test_written_and_pending_at_once_is_an_error(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("  zh: 简短概述。\n", "  zh: 简短概述。\n  pending: [zh]\n")
    with pytest.raises(TrialFileError) as caught:
        load_trial(write_trial(tmp_path, text), root=tmp_path)
    assert str(caught.value) == (
        'trial_data/minimal.yaml:5: summary: "zh" is both written and pending; remove it from pending'
    )


def test_validate_lists_untranslated_fields(
    tmp_path: Path, minimal_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_trial(tmp_path, pending_text(minimal_text))
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 1 field(s) not yet translated:\n  {path}:5: summary: translation pending: zh" in out
    assert main(["validate", "--require-translations", str(path)]) == 1


def test_the_chinese_page_shows_english_in_a_labelled_block(build_site: BuildSite, minimal_text: str) -> None:
    result, site = build_site({"minimal": pending_text(minimal_text)})
    assert result.returncode == 0, result.stdout + result.stderr
    markup = (site / "zh/trials/minimal/index.html").read_text(encoding="utf-8")
    assert (
        '<div class="ts-untranslated-block"><p class="ts-untranslated-label">尚未翻译：以下为英文原文。</p>\n'
        '<div lang="en">\n<p>A short summary.</p>'
    ) in markup
    assert "本页部分内容尚未翻译" in markup
    english = (site / "trials/minimal/index.html").read_text(encoding="utf-8")
    assert "ts-untranslated" not in english


def test_structured_age_and_sex_become_questions_and_rules(tmp_path: Path, minimal_text: str) -> None:
    text = (
        minimal_text.replace("  sex: all\n", "  sex: female\n  check_age_and_sex: true\n")
        .replace("questions:\n  - id: age\n", "questions:\n  - id: years\n")
        .replace("rule: 18 <= age <= 75", "rule: 18 <= years <= 75")
        .replace("answers: {age: 40, check_e1: no}", "answers: {years: 40, check_e1: no, age: 40, sex: female}")
        .replace("answers: {age: 12, check_e1: no}", "answers: {years: 12, check_e1: no, age: 12, sex: female}")
        .replace("    failed: [I1]\n", "    failed: [I1, AGE]\n")
    )
    trial = load_trial(write_trial(tmp_path, text), root=tmp_path)
    bundle = build_bundle(trial)
    assert [question["id"] for question in bundle["questions"]][:2] == ["age", "sex"]
    assert [(c["id"], c["rule"]) for c in bundle["criteria"][:2]] == [
        ("AGE", "18 <= age and age <= 75"),
        ("SEX", "sex == 'female'"),
    ]
    result = Checker(bundle).check({"age": 80, "sex": "male", "years": 40, "check_e1": "no"})
    assert result["failed"] == ["AGE", "SEX"]
    assert bundle["criteria"][1]["text"]["zh"] == "性别：仅限女性（注册记录中的性别限制）"


def test_validate_on_a_fresh_import_stays_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "ctgov", "--out", str(tmp_path), str(RECORDS / "NCT02552212.json")]) == 0
    path = tmp_path / "nct02552212.yaml"
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    untested = (
        "AGE, I1, I2, I3, I4, I5, I6: no example where it is met or is not met; "
        "E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11: no example where it does not apply or applies"
    )
    coverage = f"{path}: coverage: 0 of 18 criteria with a rule are met by an example and failed by another"
    assert f"{coverage}; untested: {untested}" in lines  # criteria with the same gap are named together
    heading = lines.index(f"{path}: 380 field(s) not yet translated:")
    assert all(": translation pending: zh" in line for line in lines[heading + 1 : heading + 21])
    assert lines[heading + 21] == (
        "  … and 360 more: `trialsite translations export --trial nct02552212` writes them all into a file to translate"
    )
