"""Splitting registry eligibility text: headings, list styles, nesting, escapes, and the real records' counts."""

from __future__ import annotations

import pytest

from tests.ctgov.conftest import NCT_IDS, protocol
from trialsite.ctgov.criteria import (
    KEY_CRITERIA,
    NO_EXCLUSION,
    NO_HEADINGS,
    NO_INCLUSION,
    NO_TEXT,
    TEXT_BEFORE_HEADINGS,
    SplitCriteria,
    parse_heading,
    split_criteria,
    unescape,
)


def texts(split: SplitCriteria) -> tuple[list[str], list[str]]:
    """Return the criteria texts of both sections."""
    return [item.text for item in split.inclusion], [item.text for item in split.exclusion]


def test_plain_headings_and_star_bullets() -> None:
    split = split_criteria("Inclusion Criteria:\n\n* Adults\n* Asthma\n\nExclusion Criteria:\n\n* Smokers")
    assert texts(split) == (["Adults", "Asthma"], ["Smokers"])
    assert split.flags == []


def test_key_headings_with_numbers_flag_key_criteria() -> None:
    split = split_criteria("Key Inclusion Criteria:\n\n1. Adults\n2. Asthma\n\nKey Exclusion Criteria:\n\n1) Smokers")
    assert texts(split) == (["Adults", "Asthma"], ["Smokers"])
    assert split.flags == [KEY_CRITERIA]


@pytest.mark.parametrize(
    "text",
    [
        "inclusion criteria\n- Adults\nexclusion criteria:\n- Smokers",
        "INCLUSION CRITERIA:\n• Adults\nEXCLUSION CRITERIA:\n• Smokers",
        "**Inclusion Criteria:**\n\n(1) Adults\n\n**Exclusion Criteria:**\n\n(1) Smokers",
        "Inclusion:\n+ Adults\nExclusion:\n+ Smokers",
        "Inclusion Criteria:\r\n\r\n* Adults\r\n\r\nExclusion Criteria:\r\n\r\n* Smokers\r\n",
    ],
)
def test_heading_and_marker_variants(text: str) -> None:
    assert texts(split_criteria(text)) == (["Adults"], ["Smokers"])


def test_a_missing_exclusion_section_is_flagged() -> None:
    split = split_criteria("Inclusion Criteria:\n\n1. Male participants...")
    assert texts(split) == (["Male participants..."], [])
    assert split.flags == [NO_EXCLUSION]


def test_a_missing_inclusion_section_is_flagged() -> None:
    split = split_criteria("Exclusion Criteria:\n\n* Pregnancy")
    assert texts(split) == ([], ["Pregnancy"])
    assert split.flags == [NO_INCLUSION]


def test_text_without_headings_is_kept_whole_as_one_criterion() -> None:
    split = split_criteria("Healthy adults who:\n* are 18 to 65 years old\n* do not smoke \\(any tobacco\\)\n")
    assert texts(split) == (["Healthy adults who:\n\n* are 18 to 65 years old\n\n* do not smoke (any tobacco)"], [])
    assert split.flags == [NO_HEADINGS]


def test_no_text_at_all() -> None:
    assert split_criteria(None).flags == [NO_TEXT]
    assert texts(split_criteria("  \n")) == ([], [])


def test_nested_bullets_stay_with_their_parent_one_paragraph_each() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Active disease as defined by\n\n"
        "  * BASDAI \\>= 4\n"
        "  * Spinal pain:\n\n"
        "    * at night\n"
        "    * at rest\n"
        "* Back pain for 12 months\n\n"
        "Exclusion Criteria:\n\n"
        "1. Any of these drugs:\n\n"
        "   1. Aspirin;\n"
        "   2. Iron\n"
        "2. Pregnancy"
    )
    inclusion, exclusion = texts(split_criteria(text))
    assert inclusion == [
        "Active disease as defined by\n\n- BASDAI >= 4\n\n- Spinal pain:\n\n  - at night\n\n  - at rest",
        "Back pain for 12 months",
    ]
    assert exclusion == ["Any of these drugs:\n\n1. Aspirin;\n\n2. Iron", "Pregnancy"]


def test_continuation_lines_join_and_a_free_paragraph_is_its_own_criterion() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Adults with a long\n"
        "criterion that wraps\n"
        "   and continues indented\n"
        "* Asthma\n\n"
        "Tissue must reach the central lab.\n\n"
        "-Patients must be on treatment. -\n"
        "* Consent\n"
        "       -\n"
    )
    inclusion, _ = texts(split_criteria(text))
    assert inclusion == [
        "Adults with a long criterion that wraps and continues indented",
        "Asthma",
        "Tissue must reach the central lab.",
        "Patients must be on treatment. -",
        "Consent",
    ]


def test_markdown_escapes_become_characters() -> None:
    escaped = r"\< \> \[ \] \* \^ \( \) \_ \~ \= \+ \# \. \! \| \{ \} \\ \` \-"
    assert unescape(escaped) == r"< > [ ] * ^ ( ) _ ~ = + # . ! | { } \ ` -"
    split = split_criteria("Inclusion Criteria:\n\n* HbA1c \\<7%\n\\* starred, not a bullet\n* BMI \\>= 30 kg/m\\^2")
    assert texts(split)[0] == ["HbA1c <7% * starred, not a bullet", "BMI >= 30 kg/m^2"]


def test_scoped_headings_are_kept_with_their_criteria() -> None:
    split = split_criteria(
        "Inclusion Criteria for Part A:\n* Adults\n\nInclusion Criteria for Part B (expansion):\n* Children\n"
        "Exclusion Criteria:\n* Smokers"
    )
    assert [(item.text, item.heading) for item in split.inclusion] == [
        ("Adults", "Inclusion Criteria for Part A"),
        ("Children", "Inclusion Criteria for Part B (expansion)"),
    ]
    assert split.exclusion[0].heading is None


def test_text_before_the_headings_goes_first_and_is_flagged() -> None:
    split = split_criteria("Participants are enrolled in two parts.\n\nInclusion Criteria:\n* Adults\n")
    assert [(item.text, item.before_headings) for item in split.inclusion] == [
        ("Participants are enrolled in two parts.", True),
        ("Adults", False),
    ]
    assert split.flags == [TEXT_BEFORE_HEADINGS, NO_EXCLUSION]


def test_a_heading_may_carry_the_first_criterion() -> None:
    assert texts(split_criteria("Inclusion Criteria: Adults\nExclusion Criteria: none")) == (["Adults"], ["none"])


@pytest.mark.parametrize(
    "line",
    [
        "Exclusion criteria apply to both cohorts.",
        "Exclusion of patients with prior chemotherapy",
        "Inclusion and exclusion criteria are listed in the protocol",
        "Inclusion criteria for the extension study are the same as the parent study",
    ],
)
def test_sentences_about_criteria_are_not_headings(line: str) -> None:
    assert parse_heading(line) is None


# Counted by hand in each record's text: (inclusion, exclusion, flags).
EXPECTED = {
    "NCT00763412": (5, 6, []),
    "NCT02299791": (1, 1, []),
    "NCT02513394": (21, 13, []),
    "NCT02552212": (6, 11, []),
    "NCT02576665": (13, 12, []),
    "NCT03064438": (9, 11, []),
    "NCT03418623": (1, 0, [NO_EXCLUSION]),
    "NCT03475563": (5, 7, []),
    "NCT04207047": (9, 19, []),
    "NCT05594173": (1, 7, []),
    "NCT06171568": (1, 0, [NO_EXCLUSION]),
    "NCT06388018": (14, 9, []),
    "NCT06604689": (10, 4, []),
}


def test_every_record_has_an_expected_count() -> None:
    assert sorted(EXPECTED) == NCT_IDS


@pytest.mark.parametrize("nct_id", NCT_IDS)
def test_real_records_split_into_the_counted_criteria(nct_id: str) -> None:
    split = split_criteria(protocol(nct_id)["eligibilityModule"]["eligibilityCriteria"])
    assert (len(split.inclusion), len(split.exclusion), split.flags) == EXPECTED[nct_id]
    for item in split.inclusion + split.exclusion:
        assert item.text.strip() == item.text
        assert "\\" not in item.text


def test_real_record_details() -> None:
    cystic = split_criteria(protocol("NCT00763412")["eligibilityModule"]["eligibilityCriteria"])
    assert cystic.inclusion[2].text == (
        "Must have a glucose pattern by Oral Glucose Tolerance Test with fasting blood glucose <126 mg/dl and 2 hour: "
        "140 - 199 mg/dl or >200 mg/dl."
    )
    pallas = split_criteria(protocol("NCT02513394")["eligibilityModule"]["eligibilityCriteria"])
    assert pallas.inclusion[6].text.startswith("FFPE tumor tissue block must be confirmed")
    lutronic = split_criteria(protocol("NCT04207047")["eligibilityModule"]["eligibilityCriteria"])
    assert lutronic.exclusion[18].text.endswith(
        "\n\n3. Psychiatric drugs that in the investigators opinion would "
        "impair the subject from understanding the protocol requirements or understanding and signing the informed "
        "consent."
    )
