"""Rules drafted from registry text: checked against a hand-labelled table of the 13 saved records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ctgov.conftest import NCT_IDS, import_record
from trialsite.cli import main
from trialsite.ctgov.drafting import draft_rule

GOLD: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "drafting_gold.yaml").read_text(encoding="utf-8")
)
"""Per trial, the criteria that state an age, sex, pregnancy, infection, performance-status or lab condition, with
the conditions read by hand and whether they are all the criterion says (`complete`)."""


def drafted_criteria() -> dict[tuple[str, str], dict[str, Any]]:
    """Return every criterion the importer drafted a rule for, by (trial, criterion id)."""
    found = {}
    for nct_id in NCT_IDS:
        trial = import_record(nct_id).trial
        for section, prefix in (("inclusion", "I"), ("exclusion", "E")):
            for item in trial["eligibility"][section]:
                if "drafted" in item:
                    found[(trial["id"], f"{prefix}{item['number']}")] = item
    return found


def same_conditions(drafted: tuple[dict[str, Any], ...], gold: list[dict[str, Any]]) -> bool:
    """Compare drafted conditions with the table's, units as written aside."""
    return [{key: value for key, value in item.items() if key != "unit"} for item in drafted] == [
        {key: value for key, value in item.items() if key != "unit"} for item in gold
    ]


def test_drafted_rules_are_right_for_at_least_98_percent_and_recall_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    drafted = drafted_criteria()
    right = []
    for (trial, criterion), item in drafted.items():
        gold = GOLD.get(trial, {}).get(criterion)
        section = "inclusion" if criterion.startswith("I") else "exclusion"
        draft = draft_rule(item["text"]["en"], section)
        assert draft is not None and draft.rule == item["rule"]
        if gold is not None and gold["complete"] and same_conditions(draft.conditions, gold["conditions"]):
            right.append((trial, criterion))
    precision = len(right) / len(drafted)
    draftable = [
        (trial, name) for trial, items in GOLD.items() for name, gold in (items or {}).items() if gold["complete"]
    ]
    listed = sum(len(items or {}) for items in GOLD.values())
    with capsys.disabled():
        print(
            f"\ndrafting over {len(NCT_IDS)} records: {len(drafted)} drafted, {len(right)} right (precision "
            f"{precision:.0%}); recall {len(right)}/{len(draftable)} of the criteria the table says one rule states "
            f"whole, {len(right)}/{listed} of all criteria it lists"
        )
    assert len(drafted) == 18
    assert precision >= 0.98
    assert len(right) / len(draftable) >= 0.85


def test_a_criterion_cut_short_or_saying_more_is_left_a_checklist_question() -> None:
    assert draft_rule("Patient over 18 years...", "inclusion") is None
    assert draft_rule("Platelets ≥ 100,000/mm3 unless caused by the disease", "inclusion") is None
    assert draft_rule("Pregnant women, or women of childbearing potential without a negative test", "exclusion") is None
    assert draft_rule("KPS score≥70", "inclusion") is None  # Karnofsky to ECOG bands differ between tables


@pytest.mark.parametrize(
    ("text", "section", "rule"),
    [
        ("ECOG performance status 0-1.", "inclusion", "ecog <= 1"),
        ("Absolute neutrophil count ≥ 1,500/µL", "inclusion", "anc >= 1.5"),
        ("Platelets ≥ 100,000/ mm3", "inclusion", "platelets >= 100"),
        ("Hemoglobin ≥ 9 g/L", "inclusion", "hemoglobin >= 0.9"),
        ("Serum creatinine ≤ 1.5 × ULN", "inclusion", "creatinine <= 1.5 * creatinine_uln"),
        ("Total bilirubin > 3 mg/dL", "exclusion", "bilirubin > 3"),
        ("Pregnant or breastfeeding women", "exclusion", "pregnant or breastfeeding"),
        ("Known HIV infection", "exclusion", "hiv_positive"),
        ("Active hepatitis B or C infection", "exclusion", "hbv_positive or hcv_positive"),
    ],
)
def test_frequent_phrasings_become_rules_over_library_questions(text: str, section: str, rule: str) -> None:
    draft = draft_rule(text, section)
    assert draft is not None and draft.rule == rule


def test_a_failing_drafted_rule_alone_says_probably_not_eligible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["import", "ctgov", str(Path(__file__).parent / "fixtures" / "NCT02513394.json"), "--out", str(tmp_path)])
        == 0
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text("anc: {value: 1000, unit: /µL}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(tmp_path / "nct02513394.yaml"), "--answers", str(answers)]) == 1
    out = capsys.readouterr().out
    assert "\nProbably not eligible\n" in out
    assert "read automatically from the registry text" in out
    answers.write_text("anc: {value: 1000, unit: /µL}\nage: 12\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "nct02513394.yaml"), "--answers", str(answers)]) == 1
    assert "\nYou do not appear to be eligible\n" in capsys.readouterr().out


def test_validate_lists_the_drafted_rules_to_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["import", "ctgov", str(Path(__file__).parent / "fixtures" / "NCT02576665.json"), "--out", str(tmp_path)])
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "nct02576665.yaml")]) == 0
    out = capsys.readouterr().out
    assert (
        f"{tmp_path / 'nct02576665.yaml'}: 3 rule(s) drafted from the registry text, to check and mark reviewed:" in out
    )
    assert "  E10: hiv_positive  (read: 'Patient is human immunodeficiency virus seropositive.')" in out
