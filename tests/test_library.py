"""The shared question library: a trial asks a library question by id and may reword it, never redefine it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL_TRIAL, write_trial
from trialsite.problem import TrialFileError
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trialfile.library import library_ids
from trialsite.trialfile.load import load_trial  # the format and model: library questions unused by rules pass

OWN_AGE = """\
  - id: age
    type: integer
    label:
      en: How old are you?
      zh: 您的年龄？
    min: 0
    max: 120
"""


def with_questions(questions: str) -> str:
    return MINIMAL_TRIAL.replace(OWN_AGE, questions)


def test_every_library_question_is_a_valid_question_in_both_languages(tmp_path: Path) -> None:
    questions = "".join(f"  - library: {name}\n" for name in library_ids())
    trial = load_trial(write_trial(tmp_path, with_questions(questions)), root=tmp_path)
    assert [question.id for question in trial.questions] == library_ids()
    assert len(library_ids()) >= 22
    for question in trial.questions:
        assert question.library == question.id
        assert question.label.en and question.label.zh and not question.label.pending


def test_a_trial_may_reword_a_library_question_and_the_bundle_marks_it_shared(tmp_path: Path) -> None:
    questions = "  - library: age\n    label: {en: Your age today?, zh: 您今天的年龄？}\n  - library: platelets\n"
    trial = load_trial(write_trial(tmp_path, with_questions(questions)), root=tmp_path)
    bundle_questions = {question["id"]: question for question in build_bundle(trial)["questions"]}
    age, platelets = bundle_questions["age"], bundle_questions["platelets"]
    assert (age["label"], age["type"], age["min"], age["max"], age["library"]) == (
        {"en": "Your age today?", "zh": "您今天的年龄？"},
        "integer",
        0,
        120,
        "age",
    )
    assert [unit["id"] for unit in platelets["units"]] == ["×10⁹/L", "/µL"]


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        (
            "  - library: platlets\n",
            "trial_data/minimal.yaml:50: questions[0].library: unknown library question 'platlets'; the library has: "
            + ", ".join(library_ids()),
        ),
        (
            "  - library: age\n    max: 99\n",
            "trial_data/minimal.yaml:51: questions[0].max: a library question's max comes from the library; a trial "
            "may set only: label, help, short_label, ask_if, section, default_unit",
        ),
    ],
)
def test_a_library_question_that_does_not_exist_or_is_redefined_is_refused(
    tmp_path: Path, questions: str, message: str
) -> None:
    with pytest.raises(TrialFileError) as caught:
        load_trial(write_trial(tmp_path, with_questions(questions)), root=tmp_path)
    assert str(caught.value) == message
