"""Verdicts from answers: not eligible with reasons, incomplete with the questions needed, may be eligible."""

from __future__ import annotations

from typing import Any

import pytest

from trialsite.engine.answers import AnswerProblem, read_answer
from trialsite.engine.checker import Checker
from trialsite.wording import message

BILIRUBIN = {
    "id": "bilirubin",
    "type": "number",
    "units": [{"id": "mg/dL", "per_canonical": None}, {"id": "µmol/L", "per_canonical": 17.1}],
}
BUNDLE: dict[str, Any] = {
    "id": "t",
    "questions": [
        {"id": "age", "type": "integer", "min": 0, "max": 120},
        {"id": "causes", "type": "many_of", "options": [{"id": "hbv"}, {"id": "alcohol"}]},
        {"id": "hbv_months", "type": "duration", "ask_if": "'hbv' in causes"},
        {
            "id": "creatinine",
            "type": "number",
            "min": 0.01,
            "units": [{"id": "mg/dL"}, {"id": "µmol/L", "per_canonical": 88.4}],
        },
        BILIRUBIN,
        {"id": "inr", "type": "number", "units": [{"id": "INR"}]},
        {"id": "dialysis", "type": "yes_no"},
    ],
    "computed": [{"id": "meld_score", "expr": "meld(creatinine, bilirubin, inr, dialysis)"}],
    "criteria": [
        {"id": "I1", "section": "inclusion", "number": 1, "rule": "18 <= age <= 75", "where": "w"},
        {"id": "I2", "section": "inclusion", "number": 2, "rule": "15 <= meld_score <= 30", "where": "w"},
        {"id": "E1", "section": "exclusion", "number": 1, "rule": "'hbv' in causes and hbv_months < 12", "where": "w"},
        {"id": "E2", "section": "exclusion", "number": 2, "rule": None, "where": "w"},
    ],
}
LABS = {"creatinine": {"value": 170, "unit": "µmol/L"}, "bilirubin": {"value": 54, "unit": "umol/L"}, "inr": 2.0}


def check(answers: dict[str, Any]) -> dict[str, Any]:
    """Evaluate answers against the test bundle."""
    return Checker(BUNDLE).check(answers)


def test_everything_answered_well_may_be_eligible_and_the_team_decides_the_rest() -> None:
    result = check({"age": 50, "causes": ["alcohol"], **LABS, "dialysis": "no"})
    assert result["verdict"] == "may_be_eligible"
    assert result["team"] == ["E2"]
    assert result["computed"]["meld_score"] == {"value": 25, "calculated": True}


def test_not_eligible_lists_every_failed_criterion() -> None:
    result = check(
        {"age": 80, "causes": ["hbv"], "hbv_months": {"value": 6, "unit": "months"}, **LABS, "dialysis": "no"}
    )
    assert result["verdict"] == "not_eligible"
    assert result["failed"] == ["I1", "E1"]


def test_incomplete_names_the_questions_still_needed_in_question_order() -> None:
    result = check({"age": 50, "causes": ["hbv"]})
    assert result["verdict"] == "incomplete"
    assert result["unknown"] == ["I2", "E1"]
    assert result["needed"] == ["hbv_months", "creatinine", "bilirubin", "inr", "dialysis"]


def test_a_failure_wins_over_unknowns() -> None:
    assert check({"age": 12})["verdict"] == "not_eligible"


def test_a_hidden_question_is_not_asked_and_its_answer_ignored() -> None:
    result = check({"age": 50, "causes": ["alcohol"], "hbv_months": 1})
    assert "hbv_months" not in result["asked"]
    assert next(c for c in result["criteria"] if c["id"] == "E1")["status"] == "does_not_apply"


def test_lab_values_in_either_unit_system_give_the_same_result() -> None:
    in_mg = {"creatinine": 170 / 88.4, "bilirubin": 54 / 17.1, "inr": 2.0, "dialysis": "no"}
    assert check(in_mg)["computed"] == check({**LABS, "dialysis": "no"})["computed"]


def test_a_computed_meld_within_one_point_of_a_bound_is_borderline() -> None:
    # 11.2 ln(2.0) + 6.43 = 14.19 -> 14
    result = check({"creatinine": 1.0, "bilirubin": 1.0, "inr": 2.0, "dialysis": "no"})
    criterion = next(c for c in result["criteria"] if c["id"] == "I2")
    assert criterion["borderline"] == [{"label": "MELD", "value": 14, "bound": 15.0}]
    assert result["borderline"] == ["I2"]


@pytest.mark.parametrize("unit", ["µmol/L", "μmol/L", "umol/L", "UMOL/L"])
def test_micro_unit_spellings_are_one_unit(unit: str) -> None:
    assert read_answer(BILIRUBIN, {"value": 17.1, "unit": unit}) == pytest.approx(1.0)


@pytest.mark.parametrize("answer", [None, "unknown", "dont_know", "not_sure", {"value": None, "unit": "mg/dL"}])
def test_i_dont_know_in_every_form_is_unknown(answer: Any) -> None:
    assert check({"age": answer, "causes": answer if not isinstance(answer, dict) else None})["problems"] == []


@pytest.mark.parametrize(
    ("question", "answer", "english", "chinese"),
    [
        (
            {"id": "a", "type": "integer", "min": 0, "max": 120},
            121,
            "Enter a value from 0 to 120.",
            "请输入0至120之间的数值。",
        ),
        ({"id": "a", "type": "integer"}, 2.5, "Enter a whole number.", "请输入整数。"),
        ({"id": "a", "type": "yes_no"}, "maybe", "Answer yes, no or I don't know.", "请回答“是”“否”或“不知道”。"),
        (
            BILIRUBIN,
            {"value": 1, "unit": "g/L"},
            "Choose one of the units: mg/dL, µmol/L.",
            "请选择以下单位之一：mg/dL、µmol/L。",
        ),
        (
            {"id": "a", "type": "one_of", "options": [{"id": "x"}, {"id": "y"}]},
            "z",
            "Choose one of the listed answers.",
            "请从所列选项中选择。",
        ),
        ({"id": "a", "type": "duration"}, -1, "Enter a length of time of 0 or more.", "请输入不小于0的时长。"),
    ],
)
def test_bad_answers_get_messages_in_both_languages(
    question: dict[str, Any], answer: Any, english: str, chinese: str
) -> None:
    with pytest.raises(AnswerProblem) as caught:
        read_answer(question, answer)
    problem = caught.value
    assert [message(problem.code, problem.values, language) for language in ("en", "zh")] == [english, chinese]


def test_a_lab_value_a_formula_cannot_use_leaves_the_criterion_unknown() -> None:
    result = check({"age": 50, "causes": ["alcohol"], "creatinine": 1.0, "bilirubin": 0, "inr": 1.0, "dialysis": "no"})
    assert result["unknown"] == ["I2"]


def test_a_question_hidden_behind_an_unanswered_one_points_at_that_one() -> None:
    result = check({"age": 50, "creatinine": 1.0, "bilirubin": 1.0, "inr": 1.0, "dialysis": "no"})
    assert "E1" in result["unknown"]
    assert next(c for c in result["criteria"] if c["id"] == "E1")["needed"] == ["causes"]


@pytest.mark.parametrize("answer", [10**400, {"value": 1e308, "unit": "years"}])
def test_numbers_too_large_to_use_are_bad_answers_not_crashes(answer: Any) -> None:
    result = check({"age": answer if isinstance(answer, int) else 50, "causes": ["hbv"], "hbv_months": answer})
    messages = [message(problem["code"], problem["values"], "en") for problem in result["problems"]]
    assert messages and set(messages) == {"Enter a number."}
