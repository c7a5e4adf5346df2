"""Hostile and odd input gets a clear one-line message: no traceback, no hang, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_trial
from trialsite.trials import TrialFileError, load_trial


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(TrialFileError) as caught:
        load_trial(write_trial(tmp_path, text), root=tmp_path)
    return str(caught.value).splitlines()


def with_examples(text: str, examples: str) -> str:
    return text + "examples:\n" + examples


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path, minimal_text: str) -> None:
    bomb = ["  - id: bomb", "    verdict: incomplete", "    answers:", "      a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"      a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    line = len(minimal_text.splitlines()) + 6
    assert problems(tmp_path, with_examples(minimal_text, "\n".join(bomb) + "\n")) == [
        f"trial_data/minimal.yaml:{line}: YAML aliases (*a0) are not allowed; write the value out"
    ]


@pytest.mark.parametrize("depth", [41, 30_000])
def test_deep_nesting_is_refused_at_the_line_where_it_goes_too_far(
    tmp_path: Path, minimal_text: str, depth: int
) -> None:
    nested = "  - id: deep\n    verdict: incomplete\n    answers: {a: " + "[" * depth + "]" * depth + "}\n"
    line = len(minimal_text.splitlines()) + 4
    assert problems(tmp_path, with_examples(minimal_text, nested)) == [
        f"trial_data/minimal.yaml:{line}: nested deeper than the limit of 40 levels"
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!foo bar", "!foo"), ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system")],
)
def test_yaml_tags_are_refused(tmp_path: Path, minimal_text: str, value: str, tag: str) -> None:
    text = minimal_text.replace("en: A minimal trial", f"en: {value}")
    assert problems(tmp_path, text) == [f"trial_data/minimal.yaml:3: YAML tags ({tag}) are not allowed; remove the tag"]


def test_a_timestamp_that_is_no_date_is_a_wrong_value(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("as_of: 2025-06-26", "as_of: !!timestamp nonsense", 1)
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:18: status.as_of: expected a date (YYYY-MM-DD), found 'nonsense' (a string)"
    ]


@pytest.mark.parametrize("key", ["min: 18", "max: 75"])
def test_numbers_beyond_any_real_value_are_refused(tmp_path: Path, minimal_text: str, key: str) -> None:
    huge = "9" * 400
    text = minimal_text.replace(f"    {key}\n", f"    {key.split(':', maxsplit=1)[0]}: {huge}\n")
    line = 31 if key.startswith("min") else 32
    path = f"eligibility.age.{key.split(':', maxsplit=1)[0]}"
    assert problems(tmp_path, text) == [
        f"trial_data/minimal.yaml:{line}: {path}: expected a number from -1,000,000,000,000 to 1,000,000,000,000, "
        f"found '{'9' * 60}… (400 characters)' (an integer)"
    ]


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path, minimal_text: str) -> None:
    path = write_trial(tmp_path, minimal_text)
    path.write_bytes(path.read_bytes().replace("一项最简试验".encode(), b"\xff\xfe"))
    with pytest.raises(TrialFileError) as caught:
        load_trial(path, root=tmp_path)
    assert str(caught.value) == "trial_data/minimal.yaml:4: the file is not UTF-8 text (byte 48)"
