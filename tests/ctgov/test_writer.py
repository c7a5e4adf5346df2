"""The YAML trial files the importer writes: faithful, in the format's key order, readable."""

from __future__ import annotations

import pytest
import yaml

from tests.ctgov.conftest import NCT_IDS, import_record
from trialsite.ctgov.writer import SCHEMA_LINE, WIDTH, header, trial_yaml


@pytest.mark.parametrize("nct_id", NCT_IDS)
def test_the_file_reads_back_as_the_same_data(nct_id: str) -> None:
    trial = import_record(nct_id).trial
    text = trial_yaml(trial)
    assert yaml.safe_load(text) == trial
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "&id" not in text and "*id" not in text
    assert not [line for line in text.splitlines() if len(line) > WIDTH and "{en: " in line]


def test_keys_follow_the_format_and_long_text_uses_block_scalars() -> None:
    text = trial_yaml(import_record("NCT02552212").trial)
    top_keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top_keys == [
        "id",
        "acronym",
        "registry_ids",
        "title",
        "summary",
        "conditions",
        "interventions",
        "phase",
        "enrollment",
        "status",
        "sponsor",
        "dates",
        "design",
        "eligibility",
        "questions",
        "locations",
        "officials",
        "source",
    ]
    assert "title:\n  en: >-\n    Phase 3, Multicenter, Randomized, Placebo-Controlled" in text
    assert "  - {en: Axial Spondyloarthritis, pending: [zh]}\n" in text
    assert (
        "    - number: 5\n"
        "      text:\n"
        "        en: |-\n"
        "          Active disease at Screening as defined by\n"
        "\n"
        "          - Bath Ankylosing Spondylitis Disease Activity Index (BASDAI) score >= 4\n"
    ) in text
    assert "    coordinates: {lat: 33.52066, lon: -86.80249}\n" in text
    assert "\n\neligibility:\n  sex: all\n" in text


def test_people_parts_are_written_after_the_registry_parts() -> None:
    trial = import_record("NCT03418623").trial
    trial["examples"] = [{"id": "adult", "answers": {"age": 40, "check_i1": True}, "verdict": "may_be_eligible"}]
    trial["questions"] = [{"id": "bmi", "type": "number", "label": {"en": "BMI?", "zh": "体重指数？"}}]
    text = trial_yaml(trial)
    assert text.index("\nquestions:") < text.index("\nlocations:") < text.index("\nsource:") < text.index("\nexamples:")
    assert "    answers: {age: 40, check_i1: true}\n" in text
    assert yaml.safe_load(text) == trial


def test_the_header_names_the_record_and_its_version_or_says_it_has_no_version_date() -> None:
    trial = import_record("NCT02552212").trial
    assert f"record NCT02552212, version of {trial['source']['as_of'].isoformat()}." in header(trial)
    undated = {**trial, "source": {**trial["source"], "as_of": "not reported"}}
    assert "record NCT02552212, version date not given." in header(undated)
