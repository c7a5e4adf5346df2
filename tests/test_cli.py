"""The `trialsite` command: check answers, print a template, validate, write the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_project, run_mkdocs, write_trial
from trialsite.cli import main


@pytest.fixture
def minimal_file(tmp_path: Path, minimal_text: str) -> Path:
    """Write the minimal trial into tmp_path/trial_data."""
    return write_trial(tmp_path, minimal_text)


def answers_file(tmp_path: Path, text: str) -> Path:
    """Write an answers file."""
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_prints_the_verdict_and_table_and_exits_0_when_may_be_eligible(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(minimal_file), "--answers", str(answers_file(tmp_path, "age: 40\ncheck_e1: no\n"))])
    out = capsys.readouterr().out
    assert status == 0
    assert "You may be eligible" in out
    assert "I1   met" in out
    assert "E2   decided by the study team" in out


def test_check_exits_1_when_not_eligible_and_speaks_chinese(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_file(tmp_path, "age: 80\ncheck_e1: no\n")
    status = main(["check", str(minimal_file), "--answers", str(answers), "--lang", "zh"])
    out = capsys.readouterr().out
    assert status == 1
    assert "您似乎不符合条件" in out
    assert "I1   不符合" in out


def test_check_exits_2_when_incomplete_and_lists_the_questions_needed(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(minimal_file), "--answers", str(answers_file(tmp_path, "age: 40\n"))])
    out = capsys.readouterr().out
    assert status == 2
    assert "Still needed:\n  - check_e1: Does this apply to you?" in out


def test_check_json_has_the_documented_shape(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_file(tmp_path, "age: 12\ncheck_e1: yes\n")
    status = main(["check", str(minimal_file), "--answers", str(answers), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert status == 1
    assert result["verdict"] == "not_eligible"
    assert result["failed"] == ["I1", "E1"]
    assert result["team"] == ["E2"]
    assert {criterion["id"]: criterion["status"] for criterion in result["criteria"]} == {
        "I1": "not_met",
        "E1": "applies",
        "E2": "team",
    }


def test_check_exits_3_on_bad_answers_with_a_message_in_the_language(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_file(tmp_path, "age: old\nheight: 3\n")
    status = main(["check", str(minimal_file), "--answers", str(answers), "--lang", "zh"])
    out = capsys.readouterr().out
    assert status == 3
    assert "! height: 本试验没有“height”这个问题。" in out
    assert "! age: 请输入数字。" in out


def test_check_exits_3_on_a_missing_trial(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = main(["--trial-dir", str(tmp_path), "check", "nope", "--answers", "x.yaml"])
    assert status == 3
    assert capsys.readouterr().err == f"trialsite: no trial file 'nope' and no {tmp_path}/nope.yaml\n"


def test_questions_prints_a_template_that_check_accepts(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["questions", str(minimal_file)]) == 0
    template = capsys.readouterr().out
    assert "age: null" in template and "check_e1: null" in template
    assert main(["check", str(minimal_file), "--answers", str(answers_file(tmp_path, template))]) == 2


def test_validate_reports_every_problem_and_exits_1(
    tmp_path: Path, minimal_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_trial(
        tmp_path, minimal_text.replace("value: recruiting", "value: open").replace("sex: all", "sex: any")
    )
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].endswith(
        "status.value: expected one of: not_yet_recruiting, recruiting, enrolling_by_invitation, "
        "active_not_recruiting, suspended, terminated, completed, withdrawn, unknown; "
        "found 'open' (a string)"
    )
    assert err[1].endswith("eligibility.sex: expected one of: all, female, male; found 'any' (a string)")


def test_validate_says_ok_with_the_number_of_examples(minimal_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(minimal_file)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(": ok (2 example(s) agree with the rules)")


def test_validate_warns_when_a_visitor_cannot_reach_anyone(
    minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(minimal_file)]) == 0
    assert capsys.readouterr().out.splitlines()[2] == (
        f"{minimal_file}: warning: a visitor has no way to reach anyone: add how_to_take_part, or a contact with a"
        " phone number or e-mail address that the source gives"
    )
    text = minimal_file.read_text(encoding="utf-8")
    minimal_file.write_text(
        text + "how_to_take_part:\n  en: Ask your doctor.\n  zh: 请咨询您的医生。\n", encoding="utf-8"
    )
    assert main(["validate", str(minimal_file)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_check_reuses_a_files_bundle_and_revalidates_an_edited_file(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    answers = str(answers_file(tmp_path, "age: 40\ncheck_e1: no\n"))
    assert main(["check", str(minimal_file), "--answers", answers]) == 0
    assert len(list((tmp_path / "cache" / "trialsite" / "bundles").glob("*.json"))) == 1

    def not_again(*_: object) -> None:
        raise AssertionError("an unchanged file is not loaded again")

    monkeypatch.setattr("trialsite.trialfile.load.load_trial", not_again)
    assert main(["check", str(minimal_file), "--answers", answers]) == 0
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    minimal_file.write_text(minimal_file.read_text(encoding="utf-8").replace("phase: ", "phase: phase_9 #"), "utf-8")
    capsys.readouterr()
    assert main(["check", str(minimal_file), "--answers", answers]) == 3
    assert "phase" in capsys.readouterr().err


def test_validate_reports_which_criteria_no_example_tests(
    minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(minimal_file)]) == 0
    assert (
        f"{minimal_file}: coverage: 1 of 2 criteria with a rule are met by an example and failed by another; "
        "untested: E1: no example where it applies\n"
    ) in capsys.readouterr().out


def test_a_trial_can_require_every_criterion_tested_both_ways(
    minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minimal_file.write_text(minimal_file.read_text(encoding="utf-8") + "require_example_coverage: true\n", "utf-8")
    assert main(["validate", str(minimal_file)]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .endswith(
            "require_example_coverage: every criterion with a rule must be met by one example and failed by another; "
            "untested: E1: no example where it applies"
        )
    )
    text = minimal_file.read_text(encoding="utf-8").replace(
        "  - id: child\n",
        "  - id: pregnant\n    answers: {age: 40, check_e1: yes}\n    verdict: not_eligible\n"
        "    failed: [E1]\n  - id: child\n",
    )
    minimal_file.write_text(text, encoding="utf-8")
    assert main(["validate", str(minimal_file)]) == 0
    assert "coverage: 2 of 2 criteria" in capsys.readouterr().out


def test_new_writes_a_valid_starting_file_that_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "demo"]) == 0
    path = tmp_path / "trial_data" / "demo.yaml"
    assert capsys.readouterr().out == (
        "trial_data/demo.yaml: written; replace each REPLACE text, then run: trialsite validate trial_data/demo.yaml\n"
    )
    assert main(["validate"]) == 0
    assert "coverage: 2 of 2 criteria" in capsys.readouterr().out
    assert main(["new", "demo"]) == 3
    assert (
        capsys.readouterr().err
        == "trialsite: trial_data/demo.yaml exists already; choose another id or remove the file\n"
    )
    assert main(["new", "Demo_1"]) == 3
    (tmp_path / "site-project").mkdir()
    project = make_project(tmp_path / "site-project", {"demo": path.read_text(encoding="utf-8")})
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert "REPLACE: the trial" in (project / "site" / "trials" / "demo" / "index.html").read_text(encoding="utf-8")


def test_check_runs_an_example_by_name_and_explains_what_each_rule_saw(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = minimal_file.read_text(encoding="utf-8").replace(
        "answers: {age: 12, check_e1: no}", "answers: {age: 30, check_e1: no}"
    )
    minimal_file.write_text(text, encoding="utf-8")
    assert main(["validate", str(minimal_file)]) == 1  # the example disagrees...
    assert "see `trialsite check minimal --example child --explain`" in capsys.readouterr().err
    assert main(["check", str(minimal_file), "--example", "child", "--explain"]) == 0  # ...and check still runs it
    assert main(["questions", str(minimal_file)]) == 0  # and so does the answers template
    out = capsys.readouterr().out
    assert "What each rule saw:\nI1   pass    18 <= age <= 75\n     age = 30\n" in out
    assert main(["check", str(minimal_file), "--example", "nobody"]) == 3
    assert capsys.readouterr().err == "trialsite: no example 'nobody' in minimal; its examples: adult, child\n"


def test_explain_shows_a_duration_in_the_unit_it_was_answered_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_file(
        tmp_path, "cirrhosis_diagnosed: yes\ncirrhosis_cause: [hbv]\nhbv_treatment_months: {value: 26, unit: weeks}\n"
    )
    assert main(["check", "msc-dlc-2", "--answers", str(answers), "--explain"]) in (1, 2)
    assert "hbv_treatment_months = 5.97947 months (26 weeks, as answered)" in capsys.readouterr().out
