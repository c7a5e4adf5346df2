"""Hostile and odd input gets a clear one-line message: no traceback, no hang, no crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import BuildSite, write_trial
from trialsite.cli import main
from trialsite.trialfile import safe_yaml
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
        'trial_data/minimal.yaml:18: status.as_of: expected a date (YYYY-MM-DD) or "not reported", '
        "found 'nonsense' (a string)"
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


@pytest.fixture
def minimal_file(tmp_path: Path, minimal_text: str) -> Path:
    return write_trial(tmp_path, minimal_text)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"age: 50\nage: 60\n", "2: duplicate key 'age' (first used at line 1)"),
        (b"a:\n- x\n- y\nb: [x]\na: 1\n", "5: duplicate key 'a' (first used at line 1)"),
        (b"", "1: expected a mapping of question ids to answers, found an empty file"),
        (b"[]", "1: expected a mapping of question ids to answers, found list '[]'"),
        (b"false", "1: expected a mapping of question ids to answers, found bool 'False'"),
        (b"0", "1: expected a mapping of question ids to answers, found int '0'"),
        (b"age: \xff\xfe\n", "1: the file is not UTF-8 text (byte 6)"),
        ("age: 5\n".encode("utf-16"), "1: the file is not UTF-8 text (byte 1)"),
        (b"a: &a [1]\nb: *a\n", "2: YAML aliases (*a) are not allowed; write the value out"),
        (b"age: " + b"[" * 50 + b"]" * 50, "1: nested deeper than the limit of 40 levels"),
    ],
)
def test_an_answers_file_that_cannot_be_used_says_why_and_exits_3(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(content)
    assert main(["check", str(minimal_file), "--answers", str(answers)]) == 3
    assert capsys.readouterr().err == f"trialsite: {answers}:{message}\n"


def test_an_answers_file_with_lists_reads_each_key_once() -> None:
    text = "causes:\n- a\n- b\nconsent: true\ndiagnosed: true\nother: [true, false]\nnested: {x: [1], y: 2}\n"
    assert safe_yaml.load(text) == {
        "causes": ["a", "b"],
        "consent": True,
        "diagnosed": True,
        "other": [True, False],
        "nested": {"x": [1], "y": 2},
    }


def test_an_endless_answers_file_is_read_only_up_to_the_limit(
    minimal_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(minimal_file), "--answers", "/dev/zero"]) == 3
    assert capsys.readouterr().err == "trialsite: /dev/zero:1: the file is larger than the limit of 1,000,000 bytes\n"


@pytest.mark.parametrize("answer", ["1", "0", "9" * 4000])
def test_numbers_are_not_yes_or_no_and_huge_ones_are_not_crashes(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str], answer: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"check_e1: {answer}\n", encoding="utf-8")
    assert main(["check", str(minimal_file), "--answers", str(answers)]) == 3
    assert "! check_e1: Answer yes, no or I don't know." in capsys.readouterr().out


def test_a_command_that_cannot_run_exits_4_with_one_line(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("trialsite.cli.check_answers", broken)
    answers = tmp_path / "answers.yaml"
    answers.write_text("age: 40\n", encoding="utf-8")
    assert main(["check", str(minimal_file), "--answers", str(answers)]) == 4
    assert capsys.readouterr().err == (
        "trialsite: could not run: RuntimeError: disk on fire (run with --debug to see the traceback)\n"
    )


def test_usage_mistakes_exit_3_not_the_incomplete_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "msc-dlc-2"]) == 3
    assert "one of the arguments --answers --example is required" in capsys.readouterr().err


def test_two_files_with_one_id_are_refused_naming_both(
    tmp_path: Path, minimal_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (minimal_file.parent / "minimal.yml").write_text(minimal_file.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "trial_data/minimal.yml:1: the trial id 'minimal' is already used by trial_data/minimal.yaml; "
        "keep one of the two files"
    )


@pytest.mark.parametrize("trial_id", ["index", "self-check", "assets", "search", "zh"])
def test_ids_that_are_the_sites_own_paths_are_refused(tmp_path: Path, minimal_text: str, trial_id: str) -> None:
    text = minimal_text.replace("id: minimal", f"id: {trial_id}")
    with pytest.raises(TrialFileError) as caught:
        load_trial(write_trial(tmp_path, text, trial_id), root=tmp_path)
    assert str(caught.value) == (
        f"trial_data/{trial_id}.yaml:1: id: {trial_id!r} is one of the site's own paths; choose another id"
    )


def test_characters_outside_the_basic_plane_survive_into_titles_pages_and_the_self_check(
    build_site: BuildSite, minimal_text: str
) -> None:
    text = (
        minimal_text.replace("en: A minimal trial", "en: EMO😀 trial of 咬𬌗")
        .replace("zh: 一项最简试验", "zh: 咬𬌗😀试验")
        .replace("en: A short summary.", "en: Summary 😀 with 𬌗.")
        .replace("en: Aged 18 to 75 years.", "en: Aged 18 to 75 years 😀.")
    )
    result, site = build_site({"minimal": text})
    assert result.returncode == 0, result.stderr
    page = (site / "trials/minimal/index.html").read_text(encoding="utf-8")
    assert "<title>EMO😀 trial of 咬𬌗 - Trial information</title>" in page
    assert '<h1 id="top">EMO😀 trial of 咬𬌗<a' in page
    assert "Summary 😀 with 𬌗." in page and "Aged 18 to 75 years 😀." in page
    assert "title:" not in page and "\\ud83d" not in page
    selfcheck = (site / "zh/trials/minimal/self-check/index.html").read_text(encoding="utf-8")
    assert "<title>入选条件自查：咬𬌗😀试验 - 临床试验信息</title>" in selfcheck
    assert re.search(r'<script src="(\.\./)+assets/start/[0-9a-f]{12}/engine-boot\.js"', selfcheck)
    index = json.loads((site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("trials/minimal/self-check")]


def test_odd_values_that_used_to_pass_are_refused(tmp_path: Path, minimal_text: str) -> None:
    text = minimal_text.replace("answers: {age: 40, check_e1: no}", "answers: {age: 40, age: 41, check_e1: no}")
    text += "locations:\n  - city: {en: Beijing, zh: 北京}\n    coordinates: {lat: 1.0e+308, lon: 116.4}\n"
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:59: examples[0].answers.age: duplicate key (first used at line 59)",
        "trial_data/minimal.yaml:72: locations[0].coordinates.lat: expected a number from -1,000,000,000,000 to "
        "1,000,000,000,000, found '1.0e+308' (a number)",
    ]
    text = minimal_text + "locations:\n  - city: {en: Beijing, zh: 北京}\n    coordinates: {lat: 91, lon: 116.4}\n"
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:72: locations[0].coordinates.lat: expected a number from -90 to 90, "
        "found '91' (an integer)"
    ]
    text = minimal_text.replace(
        "    min: 0\n    max: 120\n", "    min: 0\n    max: 120\n    units: [{id: a}, {id: b, per_canonical: 0}]\n"
    )
    assert problems(tmp_path, text) == [
        "trial_data/minimal.yaml:57: questions[0].units[1].per_canonical: expected a number above 0, "
        "found '0' (an integer)"
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("not " * 5000 + "age", "a rule may be at most 2,000 characters long; this one has 20,003"),
        ("- " * 400 + "age", "a rule may nest at most 30 levels deep: "),
        (" + ".join(["age"] * 3000), "a rule may be at most 2,000 characters long; this one has 17,997"),
        ("9" * 310 + " <= age", "numbers in rules may be at most 1,000,000,000,000: "),
        ("9" * 4400 + " <= age", "a rule may be at most 2,000 characters long; this one has 4,407"),
    ],
)
def test_rules_beyond_the_limits_are_refused_when_validated(
    tmp_path: Path, minimal_text: str, rule: str, message: str
) -> None:
    text = minimal_text.replace("rule: 18 <= age <= 75", f"rule: '{rule}'")
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"trial_data/minimal.yaml:38: eligibility.inclusion[0].rule: {message}")


def test_the_importer_refuses_to_merge_into_a_file_with_an_alias_bomb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = Path(__file__).parent / "ctgov" / "fixtures"
    out = tmp_path / "trial_data"
    out.mkdir()
    bomb = "a0: &a0 [x, x]\n" + "".join(f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 40))
    (out / "nct06171568.yaml").write_text("id: nct06171568\n" + bomb, encoding="utf-8")
    assert main(["import", "ctgov", str(records / "NCT06171568.json"), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"{records}/NCT06171568.json: cannot update {out}/nct06171568.yaml: YAML aliases (*a0) are not allowed; "
        "write the value out (line 3); fix it first\n"
    )
