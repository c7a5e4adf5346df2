"""Answer once, see every trial that may fit: the grouping, from the command line (the browser runs the same engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SITE_TRIAL
from trialsite.cli import main

RECORDS = Path(__file__).parent / "ctgov" / "fixtures"
TRIALS = ("NCT06388018", "NCT06604689", "NCT06171568", "NCT02552212")
"""Three recruiting (or about to) records and one completed one (NCT02552212), which is never checked."""


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Lay out a trial folder: four imported records and MSC-DLC-2."""
    trials = tmp_path / "trial_data"
    for record in TRIALS:
        assert main(["import", "ctgov", str(RECORDS / f"{record}.json"), "--out", str(trials)]) == 0
    (trials / "msc-dlc-2.yaml").write_text(SITE_TRIAL.read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    return tmp_path


def groups(folder: Path, capsys: pytest.CaptureFixture[str], answers: str) -> dict[str, str]:
    path = folder / "answers.yaml"
    path.write_text(answers, encoding="utf-8")
    assert main(["--trial-dir", str(folder / "trial_data"), "match", "--answers", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["left_out"] == 1
    return {item["trial"]: item["group"] + (" (probably)" if item.get("probably") else "") for item in result["trials"]}


def test_answers_move_trials_between_the_three_groups(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert groups(folder, capsys, "{}") == dict.fromkeys(
        ("msc-dlc-2", "nct06171568", "nct06388018", "nct06604689"), "more_answers"
    )
    assert groups(folder, capsys, "age: 30\nsex: male\n") == {
        "msc-dlc-2": "may_be_eligible",
        "nct06171568": "may_be_eligible",
        "nct06388018": "not_eligible",  # the registry's sex field: women only
        "nct06604689": "may_be_eligible",
    }
    assert groups(folder, capsys, "age: 40\nsex: female\necog: 3\n") == {
        "msc-dlc-2": "may_be_eligible",
        "nct06171568": "may_be_eligible",
        "nct06388018": "not_eligible (probably)",  # only its drafted ECOG rule fails
        "nct06604689": "may_be_eligible",
    }


def test_the_text_says_what_each_trial_still_needs_or_why_it_fails(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "answers.yaml"
    path.write_text("age: 40\nsex: female\necog: 3\nweight: 60\n", encoding="utf-8")
    assert main(["--trial-dir", str(folder / "trial_data"), "match", "--answers", str(path), "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "trialsite: ignored (no trial asks them among the shared questions): weight\n"
    out = captured.out
    assert out.startswith(
        "哪些试验可能适合我？\n已根据您的回答核对4项试验。\n此处只核对正在招募或即将开始招募的试验：另有1项已发布的试验"
    )
    assert "\n\n可能符合条件（3）\n  MSC-DLC-2：" in out
    assert "您在此处的回答未排除您；该试验的自查还会询问44个问题。" in out
    assert "还需要更多回答（0）\n" in out
    assert "    可能不符合条件：由系统从注册平台的文字中自动读取，请向研究团队核实。\n    I3：" in out
    assert "ECOG体能状态评分：3。本研究要求不高于2。" in out


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "! age: Enter a value from 0 to 120."), ("zh", "! age: 请输入0至120之间的数值。")],
)
def test_an_answer_out_of_range_is_named_and_counts_as_not_given(
    folder: Path, capsys: pytest.CaptureFixture[str], language: str, said: str
) -> None:
    path = folder / "answers.yaml"
    path.write_text("age: 300\nsex: male\n", encoding="utf-8")
    command = ["--trial-dir", str(folder / "trial_data"), "match", "--answers", str(path), "--lang", language]
    assert main(command) == 3
    out, err = capsys.readouterr()
    assert said in out.splitlines()
    assert err.strip() == "1 answer(s) could not be used."
    assert main([*command, "--json"]) == 3
    result = json.loads(capsys.readouterr().out)
    assert [(problem["question"], problem["code"]) for problem in result["problems"]] == [("age", "answer_between")]
    assert {item["trial"]: item["group"] for item in result["trials"]}["msc-dlc-2"] == "more_answers"
