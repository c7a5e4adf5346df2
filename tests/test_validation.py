"""A bad trial file gets one clear message per problem: file, line, key path, expected and found."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_trial
from trialsite.trials import TrialFileError, load_trial


def problems(tmp_path: Path, text: str) -> list[str]:
    """Load a trial written into tmp_path and return its error lines."""
    path = write_trial(tmp_path, text)
    with pytest.raises(TrialFileError) as caught:
        load_trial(path, root=tmp_path)
    return str(caught.value).splitlines()


def test_the_minimal_trial_is_valid(tmp_path: Path, minimal_text: str) -> None:
    trial = load_trial(write_trial(tmp_path, minimal_text), root=tmp_path)
    assert trial.id == "minimal"
    assert (trial.eligibility.age.min, trial.eligibility.age.max, trial.eligibility.age.unit) == (18, 75, "years")


def test_unknown_key_names_the_key_and_the_keys_expected(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("  name:\n    en: A hospital", "  nmae:\n    en: A hospital")
    assert problems(tmp_path, text) == [
        'trial_data/minimal.yaml:19: sponsor: missing required key "name"',
        "trial_data/minimal.yaml:20: sponsor.nmae: unknown key; expected one of: description, name",
    ]


def test_missing_translation_names_the_language(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("        zh: 研究者认为不适合的其他情况。\n", "")
    assert problems(tmp_path, text) == [
        'trial_data/minimal.yaml:45: eligibility.exclusion[1].text: missing "zh" translation',
    ]


def test_wrong_type_says_what_was_expected_and_found(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("    min: 18\n", "    min: eighteen\n")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:31: eligibility.age.min: expected an integer >= 0, found 'eighteen' (a string)",
    ]


def test_missing_required_field(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("phase: phase_2\n", "")
    assert problems(tmp_path, text) == ['trial_data/minimal.yaml:1: missing required key "phase"']


def test_duplicate_criterion_number_points_at_the_first_use(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("    - number: 2\n", "    - number: 1\n")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:44: eligibility.exclusion[1].number: "
        "duplicate criterion number 1 (first used at line 40)",
    ]


def test_invalid_status_lists_the_choices(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("value: recruiting", "value: open")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:17: status.value: expected one of: not_yet_recruiting, recruiting, "
        "enrolling_by_invitation, active_not_recruiting, suspended, terminated, completed, withdrawn, unknown; "
        "found 'open' (a string)",
    ]


def test_invalid_date(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("launched: 2022-01-26", "launched: 2022-13-01")
    assert problems(tmp_path, text) == [
        'trial_data/minimal.yaml:25: dates.launched: expected a date (YYYY-MM-DD) or "not reported", '
        "found '2022-13-01' (a string)",
    ]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path, minimal_text: str) -> None:
    text = (
        minimal_text.replace("value: recruiting", "value: open")
        .replace("launched: 2022-01-26", "launched: soon")
        .replace("phase: phase_2\n", "phase: [2]\n")
    )
    assert len(problems(tmp_path, text)) == 3


def test_duplicate_yaml_key(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("phase: phase_2\n", "phase: phase_2\nphase: phase_3\n")
    assert problems(tmp_path, text) == ["trial_data/minimal.yaml:16: phase: duplicate key (first used at line 15)"]


def test_invalid_yaml_gives_the_line(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("phase: phase_2\n", "phase: [phase_2\n")
    [message] = problems(tmp_path, text)
    assert message.startswith("trial_data/minimal.yaml:16: invalid YAML: ")


def test_id_must_match_the_file_name(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("id: minimal", "id: other")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:1: id: expected 'minimal' (the file name without .yaml), found 'other'"
    ]


def test_a_rule_outside_the_rule_language_is_refused_with_the_expression(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("rule: 18 <= age <= 75", "rule: __import__('os').system('true')")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: only these functions may be called: abs, days, "
        "first_known, known, max, meld, meld_3, meld_na, min, months, unclear, weeks, years; found "
        "\"__import__('os').system\" in "
        "\"__import__('os').system('true')\"",
    ]


def test_a_rule_naming_an_unknown_question_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("rule: 18 <= age <= 75", "rule: 18 <= agee <= 75")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: unknown name 'agee' in '18 <= agee <= 75'; "
        "expected a question id or a computed value",
    ]


def test_an_example_that_disagrees_with_the_rules_stops_the_build(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("answers: {age: 12, check_e1: no}", "answers: {age: 30, check_e1: no}")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:61: examples[1]: example 'child' disagrees with the rules: expected verdict "
        "not_eligible, the rules give may_be_eligible; expected failed [I1], the rules give []; see "
        "`trialsite check minimal --example child --explain`",
    ]


def test_an_example_answer_out_of_range_is_reported(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("answers: {age: 40, check_e1: no}", "answers: {age: 400, check_e1: no}")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:59: examples[0].answers.age: Enter a value from 0 to 120. (found 400)",
    ]


def test_an_unclear_text_whose_rule_never_calls_unclear_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace(
        "      rule: 18 <= age <= 75\n",
        "      rule: 18 <= age <= 75\n      unclear:\n        en: Why.\n        zh: 原因。\n",
    )
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:39: eligibility.inclusion[0].unclear: the rule never calls unclear(), "
        "so this text is never shown",
    ]


def test_a_question_may_not_take_a_checklist_questions_id(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("  - id: age\n", "  - id: check_e1\n").replace(
        "rule: 18 <= age <= 75", "rule: check_e1"
    )
    assert "questions[0].id: 'check_e1' is reserved for a criterion's checklist question" in problems(tmp_path, text)[0]


def test_a_second_unit_without_its_factor_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    min: 0\n    max: 120\n",
        "    min: 0\n    max: 120\n  - id: bili\n    type: number\n    label: {en: Bilirubin?, zh: 胆红素？}\n"
        "    units: [{id: mg/dL}, {id: µmol/L}]\n",
    )
    assert problems(tmp_path, text) == [
        'trial_data/minimal.yaml:60: questions[1].units[1]: missing "per_canonical": how many of this unit make one '
        "of the first",
    ]


def test_a_multi_line_identifier_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("id: minimal\n", "id: minimal\nacronym: |\n  A\n  # B\n")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:2: acronym: expected a non-empty string on one line, found 'A\\n# B\\n' (a string)",
    ]


def test_a_source_address_must_be_a_web_address(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.removesuffix("  as_of: 2025-06-26\n") + "  as_of: 2025-06-26\n  url: javascript:alert(1)\n"
    [message] = problems(tmp_path, text)
    assert message.endswith(
        "source.url: expected a string like 'https://example.org/x', found 'javascript:alert(1)' (a string)"
    )
