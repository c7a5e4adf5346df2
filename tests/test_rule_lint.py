"""Mistakes in rules and questions that need no example to be caught are refused before any example runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import SITE_TRIAL, write_trial
from tests.test_validation import problems
from trialsite.trials import TrialFileError, load_trial

QUESTIONS = """questions:
  - id: age
    type: integer
    label:
      en: How old are you?
      zh: 您的年龄？
    min: 0
    max: 120
  - id: prior_lines
    type: one_of
    label:
      en: How many earlier treatments?
      zh: 此前接受过几线治疗？
    options:
      - id: none
        label: {en: None, zh: 无}
      - id: one
        label: {en: One, zh: 一线}
      - id: two_or_more
        label: {en: Two or more, zh: 两线及以上}
  - id: pregnant
    type: yes_no
    label:
      en: Are you pregnant?
      zh: 您是否怀孕？
"""


def with_rules(minimal_text: str, rule: str, exclusion_rule: str = "pregnant", extra: str = "") -> str:
    """Return the minimal trial with the questions above, the inclusion rule and a rule for exclusion 1."""
    text = minimal_text.replace("rule: 18 <= age <= 75", f"rule: {rule}")
    text = text.replace("        zh: 妊娠。\n", f"        zh: 妊娠。\n      rule: {exclusion_rule}\n")
    start = text.index("questions:\n")
    end = text.index("examples:\n")
    text = text[:start] + QUESTIONS + extra + text[end:]
    return text.replace("check_e1: no", "pregnant: no, prior_lines: none")


def test_the_questions_used_well_are_valid(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'two_or_more'")
    trial = load_trial(write_trial(tmp_path, text), root=tmp_path)
    assert [question.id for question in trial.questions] == ["age", "prior_lines", "pregnant"]


def test_a_misspelt_option_id_is_refused_with_a_suggestion(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'two_or_mor'")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: the rule compares 'prior_lines' with "
        "'two_or_mor', which is not one of its option ids (none, one, two_or_more); did you mean 'two_or_more'?",
    ]


def test_an_option_label_instead_of_its_id_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines not in ('Two or more', 'one')")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: the rule compares 'prior_lines' with "
        "'Two or more', the label of option 'two_or_more': rules use option ids; write 'two_or_more'",
    ]


def test_a_yes_no_question_compared_with_a_text_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'none'", exclusion_rule="pregnant == 'yes'")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:44: eligibility.exclusion[0].rule: the rule compares the yes/no question 'pregnant' "
        "with the text 'yes', which is never true: its answer is true or false, so write `pregnant` or "
        "`not pregnant`",
    ]


def test_a_number_compared_with_a_text_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "age >= '18' and prior_lines != 'none'")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: the rule compares the number 'age' with the "
        "text '18'; compare it with a number",
    ]


def test_a_question_nothing_uses_is_refused(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75")
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:58: questions[1]: question 'prior_lines' is asked, but no rule, computed value or "
        "ask_if uses it: use it in a rule or remove the question",
    ]


LATER = """  - id: hbv
    type: yes_no
    label: {en: Do you have hepatitis B?, zh: 您是否患有乙型肝炎？}
    ask_if: treated
  - id: treated
    type: yes_no
    label: {en: Were you treated?, zh: 您是否接受过治疗？}
"""


def test_an_ask_if_naming_a_later_question_says_so(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'none' and not (hbv and treated)", extra=LATER)
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:78: questions[3].ask_if: ask_if of 'hbv' uses 'treated', which is asked later "
        "(question 5); a question can depend only on questions asked before it: move 'treated' above 'hbv'",
    ]


CONDITIONAL = """  - id: smoker
    type: yes_no
    label: {en: Do you smoke?, zh: 您是否吸烟？}
  - id: packs
    type: integer
    label: {en: Packs a day?, zh: 每天吸几包？}
    ask_if: smoker
"""


def test_a_rule_using_a_conditional_question_whose_condition_nothing_tests_is_refused(
    tmp_path: Path, minimal_text: str
) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'none' and packs < 1", extra=CONDITIONAL)
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: the rule uses 'packs', which is asked only when "
        "'smoker', but not that condition: the criterion stays unknown for everyone who is not asked 'packs'; add "
        "the condition to the rule",
    ]


def test_an_option_id_says_what_an_id_may_contain(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'none'").replace(
        "      - id: one\n", "      - id: One\n"
    )
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:66: questions[1].options[1].id: expected lower-case letters, digits and underscores, "
        "starting with a letter, like 'age', found 'One' (a string)",
    ]


def test_an_example_answer_that_is_not_an_option_says_what_was_found_and_what_is_allowed(
    tmp_path: Path, minimal_text: str
) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines != 'none'").replace(
        "{age: 40, pregnant: no, prior_lines: none}", "{age: 40, pregnant: no, prior_lines: One}"
    )
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:77: examples[0].answers.prior_lines: Choose one of the listed answers. (found 'One'; "
        "the option ids are: none, one, two_or_more)",
    ]


def test_a_rule_that_fails_at_run_time_is_reported_once_not_once_per_example(tmp_path: Path, minimal_text: str) -> None:
    text = with_rules(minimal_text, "18 <= age <= 75 and prior_lines + 1 > 2")
    lines = problems(tmp_path, text)
    assert len(lines) == 1 and "first with the answers of example 'adult'" in lines[0]


@pytest.mark.parametrize(
    ("factor", "says"),
    [
        ("0.0113", "per_canonical 0.0113 is upside down"),
        ("8.84", "per_canonical 8.84 is far from the known factor"),
    ],
)
def test_a_lab_unit_factor_far_from_the_known_one_is_refused(tmp_path: Path, factor: str, says: str) -> None:
    text = SITE_TRIAL.read_text(encoding="utf-8").replace("per_canonical: 88.4", f"per_canonical: {factor}", 1)
    line = next(number for number, row in enumerate(text.splitlines(), 1) if f"per_canonical: {factor}" in row)
    index = next(
        i for i, question in enumerate(yaml.safe_load(text)["questions"]) if question.get("id") == "creatinine"
    )
    lines = problems_in(tmp_path, text, "msc-dlc-2")
    assert lines == [
        f"trial_data/msc-dlc-2.yaml:{line}: questions[{index}].units[1].per_canonical: {says}: 1 mg/dL of creatinine "
        "is 88.4 µmol/L, so per_canonical is 88.4",
    ]


def problems_in(tmp_path: Path, text: str, name: str) -> list[str]:
    """Load a named trial written into tmp_path and return its error lines."""
    path = write_trial(tmp_path, text, name)
    with pytest.raises(TrialFileError) as caught:
        load_trial(path, root=tmp_path)
    return str(caught.value).splitlines()
