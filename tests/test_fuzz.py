"""Property-based fuzzing of every input the project reads, with a bounded number of examples per run.

`python -m tests.fuzz.long_run` runs the same properties much longer and prints the counts.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import inputs, properties

FUZZ = settings(max_examples=40, deadline=5000, suppress_health_check=list(HealthCheck))


@FUZZ
@given(inputs.trial_texts())
def test_any_trial_file_loads_or_gets_one_line_messages(text: str) -> None:
    properties.a_trial_file_loads_or_says_where_it_is_wrong(text)


@FUZZ
@given(inputs.rule_texts(), st.dictionaries(st.sampled_from(["age", "sex", "x"]), inputs.VALUES))
def test_any_rule_compiles_and_evaluates_or_is_refused(source: str, env: dict[str, Any]) -> None:
    properties.a_rule_compiles_and_evaluates_or_is_refused(source, env)


@FUZZ
@given(st.one_of(inputs.answers_values(), inputs.VALUES))
def test_any_answers_give_a_result(answers: Any) -> None:
    properties.any_answers_give_a_result(answers)


@FUZZ
@given(st.one_of(st.binary(max_size=200), inputs.YAML_SNIPPETS.map(str.encode)))
def test_any_answers_file_gives_a_verdict_or_bad_input(content: bytes) -> None:
    properties.an_answers_file_gives_a_verdict_or_bad_input(content)


@FUZZ
@given(inputs.record_texts())
def test_any_record_imports_or_is_named(text: str) -> None:
    properties.a_record_imports_or_is_named(text)
