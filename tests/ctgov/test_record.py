"""Reading records: single studies, search responses, folders, and one exact line per bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ctgov.conftest import RECORDS, study_json
from trialsite.ctgov.record import RecordError, check_study, read_paths
from trialsite.ctgov.values import Age, age_range, parse_age, parse_full_date, parse_partial_date


def write_json(folder: Path, name: str, value: object) -> Path:
    """Write a JSON file and return its path."""
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_a_folder_yields_every_study_and_ignores_other_files() -> None:
    result = read_paths([RECORDS])
    assert result.errors == []
    assert len(result.studies) == 13
    wrapped = next(study for study in result.studies if study.nct_id == "NCT06388018")
    assert wrapped.origin == f"{RECORDS / 'NCT06388018.json'}: studies[0]"


def test_a_search_response_yields_each_study(tmp_path: Path) -> None:
    path = write_json(tmp_path, "search.json", {"studies": [study_json("NCT03418623"), study_json("NCT06171568")]})
    result = read_paths([path])
    assert [study.nct_id for study in result.studies] == ["NCT03418623", "NCT06171568"]
    assert result.notes == []


def test_a_page_of_a_longer_search_is_noted(tmp_path: Path) -> None:
    path = write_json(tmp_path, "page.json", {"studies": [study_json("NCT03418623")], "nextPageToken": "abc"})
    assert read_paths([path]).notes == [f"{path}: this search response is one page; later pages are not in the file"]


def test_each_bad_input_gives_one_exact_line(tmp_path: Path) -> None:
    no_status = study_json("NCT03418623")
    del no_status["protocolSection"]["statusModule"]
    no_id = study_json("NCT03418623")
    del no_id["protocolSection"]["identificationModule"]
    no_sponsor_name = study_json("NCT03418623")
    del no_sponsor_name["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["name"]
    (tmp_path / "not.json").write_text("<html>Not found</html>", encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    empty = tmp_path / "empty"
    empty.mkdir()
    files = [
        tmp_path / "not.json",
        tmp_path / "latin1.json",
        write_json(tmp_path, "list.json", [1, 2]),
        write_json(tmp_path, "other.json", {"name": "something else"}),
        write_json(tmp_path, "no-status.json", no_status),
        write_json(tmp_path, "no-id.json", no_id),
        write_json(tmp_path, "no-sponsor.json", no_sponsor_name),
        write_json(tmp_path, "empty-search.json", {"studies": []}),
        write_json(tmp_path, "mixed.json", {"studies": [study_json("NCT06171568"), {"protocolSection": {}}]}),
        write_json(tmp_path, "bad-id.json", {"protocolSection": {"identificationModule": {"nctId": "12345"}}}),
        tmp_path / "missing.json",
        empty,
    ]
    result = read_paths(files)
    assert [study.nct_id for study in result.studies] == ["NCT06171568"]
    assert result.errors == [
        f"{tmp_path}/not.json: not JSON (Expecting value at line 1, column 1)",
        f"{tmp_path}/latin1.json: not JSON (the file is not UTF-8 text)",
        f"{tmp_path}/list.json: not a ClinicalTrials.gov study record (expected protocolSection, found a list)",
        f"{tmp_path}/other.json: not a ClinicalTrials.gov study record "
        "(expected protocolSection, found an object without protocolSection)",
        f"{tmp_path}/no-status.json: NCT03418623: missing protocolSection.statusModule",
        f"{tmp_path}/no-id.json: missing protocolSection.identificationModule",
        f"{tmp_path}/no-sponsor.json: NCT03418623: missing protocolSection.sponsorCollaboratorsModule.leadSponsor.name",
        f"{tmp_path}/empty-search.json: studies: expected a non-empty list of study records",
        f"{tmp_path}/mixed.json: studies[1]: missing protocolSection.identificationModule",
        f"{tmp_path}/bad-id.json: protocolSection.identificationModule.nctId: expected an NCT number, found '12345'",
        f"{tmp_path}/missing.json: no such file or folder",
        f"{tmp_path}/empty: no .json files in this folder",
    ]


def test_wrongly_shaped_values_name_their_path() -> None:
    study = study_json("NCT03418623")
    study["protocolSection"]["statusModule"]["overallStatus"] = 7
    with pytest.raises(RecordError) as caught:
        check_study(study, "x")
    assert str(caught.value) == "NCT03418623: protocolSection.statusModule.overallStatus: expected text, found a number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2019", (2019, None, None)), ("2019-05", (2019, 5, None)), ("2019-05-17", (2019, 5, 17))],
)
def test_partial_dates(text: str, expected: tuple[int, int | None, int | None]) -> None:
    date = parse_partial_date(text, "d")
    assert (date.year, date.month, date.day) == expected
    assert (date.full is not None) == (expected[2] is not None)


@pytest.mark.parametrize("text", ["2019-13", "May 2019", "2019-02-30"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(RecordError) as caught:
        parse_partial_date(text, "statusModule.startDateStruct.date")
    assert str(caught.value) == (
        f"statusModule.startDateStruct.date: expected a date like 2019, 2019-05 or 2019-05-17, found {text!r}"
    )
    with pytest.raises(RecordError):
        parse_full_date("2019-05", "d")


def test_ages_are_read_with_their_units() -> None:
    assert parse_age("18 Years", "a") == Age(18, "years")
    assert parse_age("1 Month", "a") == Age(1, "months")
    assert str(Age(1, "months")) == "1 month"
    with pytest.raises(RecordError) as caught:
        parse_age("eighteen", "eligibilityModule.minimumAge")
    assert str(caught.value) == (
        "eligibilityModule.minimumAge: expected an age like 18 Years or 6 Months, found 'eighteen'"
    )


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Age(18, "years"), Age(75, "years"), (18, 75, "years", False)),
        (Age(18, "years"), None, (18, None, "years", False)),
        (None, Age(17, "years"), (None, 17, "years", False)),
        (Age(6, "months"), Age(17, "years"), (6, 204, "months", False)),
        (Age(2, "weeks"), Age(30, "days"), (14, 30, "days", False)),
        (Age(24, "hours"), Age(2, "weeks"), (1, 14, "days", False)),
        (Age(28, "days"), Age(17, "years"), (28, 6210, "days", True)),
        (Age(6, "hours"), None, (0, None, "days", True)),
    ],
)
def test_age_limits_share_the_coarsest_exact_unit(
    low: Age | None, high: Age | None, expected: tuple[object, ...]
) -> None:
    ages = age_range(low, high)
    assert (ages.min, ages.max, ages.unit, ages.rounded) == expected
