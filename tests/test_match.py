"""Answer once, see every trial that may fit: the grouping, from the command line (the browser runs the same engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SITE_TRIAL
from trialsite.cli import main

RECORDS = Path(__file__).parent / "ctgov" / "fixtures"
TRIALS = ("NCT00763412", "NCT02513394", "NCT06388018", "NCT02552212")


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
    return {item["trial"]: item["group"] for item in result["trials"]}


def test_answers_move_trials_between_the_three_groups(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert groups(folder, capsys, "{}") == {
        "msc-dlc-2": "more_answers",
        "nct00763412": "more_answers",
        "nct02513394": "more_answers",
        "nct02552212": "more_answers",
        "nct06388018": "more_answers",
    }
    assert groups(folder, capsys, "age: 30\nsex: male\n") == {
        "msc-dlc-2": "may_be_eligible",
        "nct00763412": "not_eligible",
        "nct02513394": "more_answers",
        "nct02552212": "more_answers",
        "nct06388018": "not_eligible",
    }
    answers = (
        "age: 40\nsex: female\npregnant: no\nbreastfeeding: no\npregnancy_plans: no\nanc: {value: 1000, unit: /µL}\n"
    )
    assert groups(folder, capsys, answers) == {
        "msc-dlc-2": "may_be_eligible",
        "nct00763412": "not_eligible",
        "nct02513394": "not_eligible",
        "nct02552212": "may_be_eligible",
        "nct06388018": "more_answers",
    }


def test_the_text_says_what_each_trial_still_needs_or_why_it_fails(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "answers.yaml"
    path.write_text("age: 40\nsex: female\nanc: {value: 1000, unit: /µL}\nweight: 60\n", encoding="utf-8")
    assert main(["--trial-dir", str(folder / "trial_data"), "match", "--answers", str(path), "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "trialsite: ignored (no trial asks them among the shared questions): weight\n"
    out = captured.out
    assert out.startswith("哪些试验可能适合我？\n已根据您的回答核对5项试验。\n\n可能符合条件（1）\n  MSC-DLC-2：")
    assert "您在此处的回答未排除您；该试验的自查还会询问44个问题。" in out
    assert "还需要更多回答（2）\n" in out
    assert "    还需要回答：怀孕、哺乳、计划怀孕或生育。\n" in out
    assert "  回答以下问题可确定最多试验的结果：" in out
    assert "    可能不符合条件：由系统从注册平台的文字中自动读取，请向研究团队核实。\n    I16：" in out
