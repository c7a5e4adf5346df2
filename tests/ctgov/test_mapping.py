"""Mapping records to trial data: each record's own facts, and every field the registry may give or leave out."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.ctgov.conftest import NCT_IDS, TODAY, import_json, import_record, protocol, study_json
from trialsite.ctgov.record import RecordError
from trialsite.ctgov.texts import is_pending, walk_texts
from trialsite.ctgov.values import age_range, parse_age
from trialsite.ctgov.wording import NO_HEADINGS_NOTE, NOT_REPORTED
from trialsite.ctgov.writer import trial_yaml
from trialsite.selfcheck.bundle import build_bundle
from trialsite.trials import load_trial

IMPORTER_TEXTS = {"registry_ids.provenance", "source.name", "source.notes", "contacts.role", "locations.contacts.role"}


def english(values: list[dict[str, Any]]) -> list[str]:
    """Return the English of a list of texts."""
    return [value["en"] for value in values]


@pytest.mark.parametrize("nct_id", NCT_IDS)
def test_each_record_keeps_its_own_facts(nct_id: str) -> None:
    record = protocol(nct_id)
    trial = import_record(nct_id).trial
    status, eligibility = record["statusModule"], record["eligibilityModule"]
    places = record.get("contactsLocationsModule", {})
    sites = places.get("locations", [])
    version = study_json(nct_id).get("derivedSection", {}).get("miscInfoModule", {}).get("versionHolder")

    assert trial["id"] == nct_id.lower()
    assert trial["registry_ids"][0]["id"] == nct_id
    assert trial["source"]["url"] == f"https://clinicaltrials.gov/study/{nct_id}"
    assert trial["source"]["as_of"] == (datetime.date.fromisoformat(version) if version else "not reported")
    assert trial["source"].get("retrieved") == (None if version else TODAY)
    assert trial["status"]["value"] == status["overallStatus"].lower()
    assert trial["status"]["as_of"] == trial["source"]["as_of"]
    assert trial["eligibility"]["sex"] == eligibility["sex"].lower()
    assert trial["eligibility"]["check_age_and_sex"] is True
    low, high = (
        parse_age(eligibility[key], key) if key in eligibility else None for key in ("minimumAge", "maximumAge")
    )
    ages = age_range(low, high)
    assert trial["eligibility"]["age"] == {
        **({"min": ages.min} if low else {}),
        **({"max": ages.max} if high else {}),
        "unit": ages.unit,
    }
    assert english(trial["conditions"]) == record["conditionsModule"]["conditions"]
    names = [item["name"] for item in record["armsInterventionsModule"]["interventions"]]
    assert [item["name"]["en"] for item in trial["interventions"]] == names
    assert len(trial.get("locations", [])) == len(sites)
    assert sum("coordinates" in site for site in trial.get("locations", [])) == sum("geoPoint" in s for s in sites)
    assert [site.get("facility", {}).get("en") for site in trial.get("locations", [])] == [
        site.get("facility") for site in sites
    ]
    assert len(trial.get("officials", [])) == len(places.get("overallOfficials", []))
    assert len(trial.get("contacts", [])) == len(places.get("centralContacts", []))
    assert trial["sponsor"]["name"]["en"] == record["sponsorCollaboratorsModule"]["leadSponsor"]["name"]
    for path, text in walk_texts(trial):
        assert is_pending(text) == (path not in IMPORTER_TEXTS and text != NOT_REPORTED), path
        assert "zh" in text or text["pending"] == ["zh"]


def test_the_437_site_record() -> None:
    trial = import_record("NCT02513394").trial
    assert len(trial["locations"]) == 437
    assert len({site["country"]["en"] for site in trial["locations"]}) == 21
    assert sum("coordinates" not in site for site in trial["locations"]) == 2
    assert trial["locations"][0] == {
        "facility": {"en": "University of South Alabama Mitchell Cancer Institute", "pending": ["zh"]},
        "city": {"en": "Mobile", "pending": ["zh"]},
        "state": {"en": "Alabama", "pending": ["zh"]},
        "country": {"en": "United States", "pending": ["zh"]},
        "zip": "36604",
        "coordinates": {"lat": 30.69436, "lon": -88.04305},
    }
    assert [official["role"] for official in trial["officials"]] == ["principal_investigator"] * 4
    assert english(trial["collaborators"]) == [
        "Austrian Breast & Colorectal Cancer Study Group",
        "NSABP Foundation Inc",
        "PrECOG, LLC.",
        "Breast International Group",
        "Pfizer",
    ]
    assert trial["acronym"] == "PALLAS"
    assert trial["phase"] == "phase_3"
    assert trial["enrollment"] == {"count": 5796, "type": "actual"}
    assert trial["eligibility"]["age"] == {"min": 18, "unit": "years"}


def test_titles_and_summary() -> None:
    pallas = import_record("NCT02513394").trial
    assert pallas["title"]["en"].startswith("PALbociclib CoLlaborative Adjuvant Study: A Randomized Phase III Trial")
    assert pallas["summary"]["en"].startswith(
        "Brief title: PALbociclib CoLlaborative Adjuvant Study\n\nThis is a prospective, two arm"
    )
    same_titles = import_record("NCT00763412").trial
    assert same_titles["summary"]["en"].startswith("The purpose of this study is")
    partial = import_record("NCT06604689").trial
    assert partial["title"]["en"] == protocol("NCT06604689")["identificationModule"]["briefTitle"]


def test_unknown_status_keeps_the_last_known_status() -> None:
    spanish = import_record("NCT03475563").trial
    assert spanish["status"] == {"value": "unknown", "as_of": datetime.date(2024, 1, 3), "last_known": "recruiting"}
    assert (
        "ClinicalTrials.gov shows the status as unknown: the sponsor has not verified it recently. The last known "
        "status was: Recruiting." in spanish["source"]["notes"]["en"]
    )
    assert "最后已知的状态为：正在招募。" in spanish["source"]["notes"]["zh"]
    korean = import_record("NCT04207047").trial
    assert korean["status"]["last_known"] == "active_not_recruiting"


def test_a_stopped_trial_keeps_why() -> None:
    study = study_json("NCT02576665")
    study["protocolSection"]["statusModule"]["whyStopped"] = "Sponsor decision \\(funding\\)"
    trial = import_json(study).trial
    assert trial["status"]["value"] == "terminated"
    assert trial["status"]["why_stopped"] == {"en": "Sponsor decision (funding)", "pending": ["zh"]}


def test_expanded_access_statuses_are_refused() -> None:
    study = study_json("NCT03418623")
    study["protocolSection"]["statusModule"]["overallStatus"] = "AVAILABLE"
    with pytest.raises(RecordError) as caught:
        import_json(study)
    assert str(caught.value) == (
        "NCT03418623: protocolSection.statusModule.overallStatus: expected a trial status, found 'AVAILABLE'"
    )


def test_dates_keep_their_precision_and_type() -> None:
    cystic = import_record("NCT00763412").trial
    assert cystic["dates"] == {
        "first_submitted": datetime.date(2008, 9, 29),
        "launched": "not reported",
        "updated": datetime.date(2017, 5, 3),
        "estimated_completion": "not reported",
    }
    notes = cystic["source"]["notes"]
    assert (
        "The registry gives the study start only as November 2006, without a day; it is shown as not reported."
        in notes["en"]
    )
    assert "The registry gives the actual completion date: January 2013." in notes["en"]
    assert "注册记录仅给出研究开始日期为2006年11月，没有具体日期，因此显示为未报告。" in notes["zh"]
    planned = import_record("NCT06171568").trial
    assert planned["dates"] == {
        "first_submitted": datetime.date(2023, 12, 6),
        "launched": datetime.date(2024, 2, 1),
        "launched_type": "estimated",
        "updated": datetime.date(2023, 12, 13),
        "estimated_completion": datetime.date(2025, 2, 1),
    }
    assert "The study start date is the registry's estimate." in planned["source"]["notes"]["en"]
    rosacea = import_record("NCT03064438").trial
    assert rosacea["dates"]["launched"] == datetime.date(2017, 11, 28)
    assert rosacea["dates"]["launched_type"] == "actual"
    assert "The registry gives the actual completion date: 2018-06-18." in rosacea["source"]["notes"]["en"]


def test_a_field_filtered_record_says_what_it_lacks() -> None:
    toca = import_record("NCT02576665").trial
    assert "enrollment" not in toca
    assert toca["dates"]["first_submitted"] == "not reported"
    notes = toca["source"]["notes"]["en"]
    assert (
        "The record carries no version date: the date of its content is not reported. It was retrieved on 2025-03-01."
        in notes
    )
    assert "The registry gives 21 participants without saying whether the number is actual or estimated" in notes
    assert (
        "The registry gives the completion date 2019-12-20 without saying whether it is actual or estimated." in notes
    )
    assert "registry_ids" in toca
    assert toca["registry_ids"][0]["provenance"]["en"] == (
        "Imported from the ClinicalTrials.gov record NCT02576665 (its version date is not reported)."
    )


@pytest.mark.parametrize(
    ("phases", "expected"),
    [
        (["PHASE1", "PHASE2"], "phase_1_2"),
        (["PHASE2", "PHASE3"], "phase_2_3"),
        (["EARLY_PHASE1"], "early_phase_1"),
        (["PHASE4"], "phase_4"),
        (["NA"], "not_applicable"),
        (None, "not_reported"),
    ],
)
def test_phases(phases: list[str] | None, expected: str) -> None:
    study = study_json("NCT03418623")
    study["protocolSection"]["designModule"].pop("phases", None)
    if phases is not None:
        study["protocolSection"]["designModule"]["phases"] = phases
    assert import_json(study).trial["phase"] == expected


def test_design() -> None:
    assert import_record("NCT02552212").trial["design"] == {
        "study_type": "interventional",
        "allocation": "randomized",
        "intervention_model": "parallel",
        "primary_purpose": "treatment",
        "masking": "quadruple",
    }
    assert import_record("NCT05594173").trial["design"] == {
        "study_type": "observational",
        "observational_model": "cohort",
        "time_perspective": "prospective",
    }


def test_contacts_and_officials() -> None:
    paris = import_record("NCT06171568").trial
    assert paris["contacts"][0] == {
        "name": {"en": "Camille Heslot, MD", "pending": ["zh"]},
        "phone": "01.49.95.81.69 ext. +33",
        "email": "camille.heslot@aphp.fr",
    }
    assert [official["role"] for official in paris["officials"]] == ["principal_investigator", "study_director"]
    barcelona = import_record("NCT03475563").trial
    assert barcelona["contacts"][1] == {"name": {"en": "Imanol Otaegui", "pending": ["zh"]}}
    assert [site["status"] for site in barcelona["locations"]] == ["recruiting"] * 3
    assert "state" not in barcelona["locations"][1]
    providence = import_record("NCT06388018").trial
    assert providence["locations"][0]["contacts"] == [
        {"name": {"en": "Site Public Contact", "pending": ["zh"]}, "phone": "401-274-1122"},
        {
            "name": {"en": "Matthew T. Oliver", "pending": ["zh"]},
            "role": {"en": "Principal investigator", "zh": "主要研究者"},
        },
    ]
    assert providence["eligibility"]["sex"] == "female"


def test_sites_without_facility_or_with_bad_email() -> None:
    study = study_json("NCT03418623")
    study["protocolSection"]["contactsLocationsModule"]["locations"] = [
        {"city": "Lyon", "country": "France", "contacts": [{"name": "A", "email": "not an address"}]},
        {},
    ]
    imported = import_json(study)
    assert imported.trial["locations"] == [
        {
            "city": {"en": "Lyon", "pending": ["zh"]},
            "country": {"en": "France", "pending": ["zh"]},
            "contacts": [{"name": {"en": "A", "pending": ["zh"]}}],
        },
        {},
    ]
    assert imported.left_out == [
        "protocolSection.contactsLocationsModule.locations[0].contacts[0].email: not an e-mail address: "
        "'not an address'"
    ]


def test_text_without_headings_becomes_one_flagged_criterion() -> None:
    study = study_json("NCT03418623")
    study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = "Healthy adults.\nNo smokers."
    imported = import_json(study)
    assert imported.trial["eligibility"]["inclusion"] == [
        {"number": 1, "text": {"en": "Healthy adults.\nNo smokers.", "pending": ["zh"]}, "note": NO_HEADINGS_NOTE}
    ]
    assert imported.trial["eligibility"]["exclusion"] == []
    assert imported.flags == ["no headings"]
    assert "it is kept whole as one criterion." in imported.trial["source"]["notes"]["en"]


def test_missing_lists_say_not_reported() -> None:
    study = study_json("NCT03418623")
    del study["protocolSection"]["conditionsModule"]
    del study["protocolSection"]["armsInterventionsModule"]
    del study["protocolSection"]["descriptionModule"]
    trial = import_json(study).trial
    assert trial["conditions"] == [NOT_REPORTED]
    assert trial["interventions"] == [{"name": NOT_REPORTED}]
    assert trial["summary"]["en"].startswith("Brief title: ")


def test_ages_in_other_units() -> None:
    study = study_json("NCT03418623")
    eligibility = study["protocolSection"]["eligibilityModule"]
    eligibility.update({"minimumAge": "6 Months", "maximumAge": "17 Years"})
    assert import_json(study).trial["eligibility"]["age"] == {"min": 6, "max": 204, "unit": "months"}
    eligibility.update({"minimumAge": "28 Days"})
    imported = import_json(study)
    assert imported.trial["eligibility"]["age"] == {"min": 28, "max": 6210, "unit": "days"}
    assert "The registry gives the age limits as 28 days to 17 years" in imported.trial["source"]["notes"]["en"]
    del eligibility["minimumAge"], eligibility["maximumAge"]
    assert import_json(study).trial["eligibility"]["age"] == {}


def test_a_record_without_criteria_text_still_gives_a_valid_trial(tmp_path: Path) -> None:
    study = study_json("NCT06604689")
    del study["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    imported = import_json(study)
    assert imported.flags == ["no criteria text"]
    path = tmp_path / "nct06604689.yaml"
    path.write_text(trial_yaml(imported.trial), encoding="utf-8")
    trial = load_trial(path)
    assert [criterion["id"] for criterion in build_bundle(trial)["criteria"]] == ["AGE"]
    assert "The registry gives no eligibility criteria text." in (trial.source.notes.en if trial.source.notes else "")
