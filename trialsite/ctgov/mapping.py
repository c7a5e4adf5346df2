"""Turn a ClinicalTrials.gov study record into trial data: registry text in English (Chinese pending), nothing added.

Choices, where the registry and the trial format differ:

- `title` is the official title (the brief title when there is none); a different brief title opens the summary as
  "Brief title: ...".
- Dates are written only when the registry gives a day: a month or year alone becomes `not reported`, and
  `source.notes` gives what the registry said. The start date keeps its type in `launched_type`; a completion date
  goes to `estimated_completion` only when it is an estimate (an actual or untyped one is given in the notes).
- `status.as_of` and `source.as_of` are the record's version date (`versionHolder`); a record without one (a
  field-filtered API capture) uses the import date, and the notes say so.
- Enrollment without its actual/estimated type is left out and noted.
- Both age limits are written in the coarsest unit that holds them exactly (6 Months to 17 Years: 6 to 204
  months); when none does, in whole days rounded outwards, noted.
- Registry text is English with the Chinese pending; the importer's own sentences (provenance, source, notes,
  contact roles) are written in both languages.
- Expanded-access statuses (AVAILABLE, ...) have no trial status and are refused.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from trialsite import model
from trialsite.ctgov import wording
from trialsite.ctgov.criteria import NO_HEADINGS, SECTIONS, SplitCriteria, split_criteria, unescape
from trialsite.ctgov.drafting import draft_rule
from trialsite.ctgov.record import Node, RecordError, Study, kind_of
from trialsite.ctgov.values import Age, PartialDate, age_range, parse_age, parse_full_date, parse_partial_date
from trialsite.ctgov.wording import Text, both, pending
from trialsite.model import LANGUAGES, NOT_REPORTED, values_of
from trialsite.wording import ui

PHASES = {
    ("EARLY_PHASE1",): "early_phase_1",
    ("PHASE1",): "phase_1",
    ("PHASE1", "PHASE2"): "phase_1_2",
    ("PHASE2",): "phase_2",
    ("PHASE2", "PHASE3"): "phase_2_3",
    ("PHASE3",): "phase_3",
    ("PHASE4",): "phase_4",
    ("NA",): "not_applicable",
}
DESIGN_INFO: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("allocation", "allocation", values_of(model.Allocation)),
    ("interventionModel", "intervention_model", values_of(model.InterventionModel)),
    ("primaryPurpose", "primary_purpose", values_of(model.PrimaryPurpose)),
    ("observationalModel", "observational_model", values_of(model.ObservationalModel)),
    ("timePerspective", "time_perspective", values_of(model.TimePerspective)),
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
CONTACT_ROLES = {role.upper(): role for role in values_of(model.OfficialRole)}


@dataclass
class Imported:
    """A study mapped to trial data, with the criteria-split flags and what was left out, for the report."""

    trial: dict[str, Any]
    flags: list[str]
    left_out: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    """Return registry free text with escapes undone, line ends trimmed and runs of blank lines shortened."""
    lines = [line.rstrip() for line in unescape(text).replace("\r\n", "\n").strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def enum_value(raw: str, choices: tuple[str, ...]) -> str | None:
    """Return a registry enumeration value in the trial format's spelling, or None when it has none."""
    value = "not_applicable" if raw == "NA" else raw.lower()
    return value if value in choices else None


class Mapper:
    """Build the trial data of one study, collecting the notes the source section will carry."""

    def __init__(self, study: Study, today: datetime.date) -> None:
        self.study = study
        self.protocol = study.protocol
        self.today = today
        self.notes: list[Text] = [wording.INTRO]
        self.library_questions: dict[str, None] = {}
        """The shared library's questions that drafted rules ask, in the order first asked."""
        self.left_out: list[str] = []

    def module(self, name: str) -> Node:
        """Return a protocol module, or an empty one when the record leaves it out."""
        return self.protocol.obj(name) or Node({}, f"protocolSection.{name}")

    def as_of(self) -> datetime.date | None:
        """Return the record's version date, or None (noted, with the retrieval date) when it has none."""
        misc = (self.study.root.obj("derivedSection") or Node({}, "derivedSection")).obj("miscInfoModule")
        holder = misc.text("versionHolder") if misc else None
        if holder is not None:
            return parse_full_date(holder, "derivedSection.miscInfoModule.versionHolder")
        self.notes.append(wording.no_version_note(self.today))
        return None

    def build(self) -> Imported:
        """Return the trial data in the order of the trial format."""
        as_of = self.as_of()
        identification = self.module("identificationModule")
        eligibility = self.module("eligibilityModule")
        criteria_text = eligibility.raw("eligibilityCriteria")
        if criteria_text is not None and not isinstance(criteria_text, str):
            found = kind_of(criteria_text)
            raise RecordError(f"{eligibility.where('eligibilityCriteria')}: expected text, found {found}")
        split = split_criteria(criteria_text)
        trial: dict[str, Any] = {"id": self.study.nct_id.lower()}
        acronym = identification.text("acronym")
        if acronym:
            trial["acronym"] = acronym
        trial["registry_ids"] = [
            {
                "registry": wording.REGISTRY,
                "id": self.study.nct_id,
                "provenance": wording.provenance(self.study.nct_id, as_of),
            }
        ]
        trial.update(self.titles(identification))
        trial.update(self.conditions_and_interventions())
        trial.update(self.design(as_of))
        trial["eligibility"] = self.eligibility(split)
        if self.library_questions:
            trial["questions"] = [{"library": name} for name in self.library_questions]
        trial.update(self.places())
        self.notes += [wording.CRITERIA_NOTES[flag] for flag in split.flags]
        trial["source"] = {
            "name": wording.source_name(self.study.nct_id),
            "url": wording.source_url(self.study.nct_id),
            "as_of": NOT_REPORTED if as_of is None else as_of,
            **({"retrieved": self.today} if as_of is None else {}),
            "notes": wording.join_notes(self.notes),
        }
        return Imported(trial, list(split.flags), self.left_out)

    def titles(self, identification: Node) -> dict[str, Any]:
        """Return title and summary: the official title, and the brief title leading the brief summary."""
        official, brief = identification.text("officialTitle"), identification.text("briefTitle")
        title = official or brief
        assert title is not None  # checked when the record was read
        summary = self.module("descriptionModule").text("briefSummary")
        parts = [f"Brief title: {brief}"] if official and brief and brief != official else []
        if summary:
            parts.append(normalize(summary))
        return {
            "title": pending(title),
            "summary": pending("\n\n".join(parts)) if summary or parts else wording.NO_SUMMARY,
        }

    def conditions_and_interventions(self) -> dict[str, Any]:
        """Return conditions and interventions; a list the registry leaves empty says so."""
        conditions = [pending(name) for name in self.module("conditionsModule").texts("conditions")]
        interventions = []
        for node in self.module("armsInterventionsModule").objs("interventions"):
            name = node.text("name")
            if name is None:
                self.left_out.append(f"{node.path}: an intervention without a name")
                continue
            item: dict[str, Any] = {"name": pending(name)}
            description = node.text("description")
            if description:
                item["description"] = pending(normalize(description))
            interventions.append(item)
        return {
            "conditions": conditions or [wording.NOT_REPORTED],
            "interventions": interventions or [{"name": wording.NOT_REPORTED}],
        }

    def design(self, as_of: datetime.date | None) -> dict[str, Any]:
        """Return phase, enrollment, status, sponsor, collaborators, dates and design, in that order."""
        design = self.module("designModule")
        result: dict[str, Any] = {"phase": self.phase(design)}
        enrollment = self.enrollment(design)
        if enrollment:
            result["enrollment"] = enrollment
        result["status"] = self.status(as_of)
        result["sponsor"] = self.sponsor()
        collaborators = self.collaborators()
        if collaborators:
            result["collaborators"] = collaborators
        result["dates"] = self.dates()
        study_design = self.study_design(design)
        if study_design:
            result["design"] = study_design
        return result

    def phase(self, design: Node) -> str:
        """Map the registry's phases; absent phases are not reported."""
        phases = tuple(sorted(set(design.texts("phases"))))
        if not phases:
            return "not_reported"
        if phases not in PHASES:
            self.left_out.append(f"{design.where('phases')}: no trial phase for {'/'.join(phases)}")
            return "not_reported"
        return PHASES[phases]

    def enrollment(self, design: Node) -> dict[str, Any] | None:
        """Return the enrollment when the registry gives its count and says whether it is actual or estimated."""
        info = design.obj("enrollmentInfo")
        count = info.integer("count") if info else None
        if info is None or count is None or count < 0:
            return None
        kind = (info.text("type") or "").lower()
        if kind not in values_of(model.DateType):
            self.notes.append(wording.untyped_enrollment_note(count))
            return None
        return {"count": count, "type": kind}

    def status(self, as_of: datetime.date | None) -> dict[str, Any]:
        """Return the overall status as of the record's version, with the last known status and why it stopped."""
        module = self.module("statusModule")
        raw = module.need_text("overallStatus")
        value = enum_value(raw, values_of(model.Status))
        if value is None:
            raise RecordError(f"{module.where('overallStatus')}: expected a trial status, found {raw!r}")
        status: dict[str, Any] = {"value": value, "as_of": NOT_REPORTED if as_of is None else as_of}
        last_raw = module.text("lastKnownStatus")
        last_known = enum_value(last_raw, values_of(model.Status)) if last_raw else None
        if value == "unknown":
            if last_known and last_known != "unknown":
                status["last_known"] = last_known
            self.notes.append(wording.unknown_status_note(status.get("last_known")))
        why = module.text("whyStopped")
        if why:
            status["why_stopped"] = pending(normalize(why))
        verified = module.text("statusVerifiedDate")
        if verified:
            self.notes.append(wording.verified_note(parse_partial_date(verified, module.where("statusVerifiedDate"))))
        return status

    def sponsor(self) -> dict[str, Any]:
        """Return the lead sponsor."""
        return {"name": pending(self.module("sponsorCollaboratorsModule").need("leadSponsor").need_text("name"))}

    def collaborators(self) -> list[Text]:
        """Return the collaborators' names."""
        nodes = self.module("sponsorCollaboratorsModule").objs("collaborators")
        return [pending(name) for node in nodes if (name := node.text("name"))]

    def dates(self) -> dict[str, Any]:
        """Return the four dates; a date without a day is not reported, and the notes say what the registry gave."""
        module = self.module("statusModule")
        dates: dict[str, Any] = {"first_submitted": self.full_date(module, "studyFirstSubmitDate")}
        start, start_type = self.partial(module, "startDateStruct")
        dates["launched"] = NOT_REPORTED
        if start is not None and start.full is None:
            self.notes.append(wording.partial_date_note("start", start, start_type))
        elif start is not None:
            dates["launched"] = start.full
            if start_type:
                dates["launched_type"] = start_type
            if start_type == "estimated":
                self.notes.append(wording.ESTIMATED_START)
        dates["updated"] = self.full_date(module, "lastUpdateSubmitDate")
        dates["estimated_completion"] = NOT_REPORTED
        end, end_type = self.partial(module, "completionDateStruct")
        if end is None:
            return dates
        if end_type == "actual":
            self.notes.append(wording.actual_completion_note(end))
        elif end_type is None:
            self.notes.append(wording.untyped_completion_note(end))
        elif end.full is None:
            self.notes.append(wording.partial_date_note("estimated completion", end, end_type))
        else:
            dates["estimated_completion"] = end.full
        return dates

    def full_date(self, module: Node, key: str) -> datetime.date | str:
        """Return a full date, or "not reported"."""
        text = module.text(key)
        return NOT_REPORTED if text is None else parse_full_date(text, module.where(key))

    def partial(self, module: Node, key: str) -> tuple[PartialDate | None, str | None]:
        """Return a date structure's date and its type (actual, estimated or None)."""
        node = module.obj(key)
        text = node.text("date") if node else None
        if node is None or text is None:
            return None, None
        kind = node.text("type")
        date_type = kind.lower() if kind is not None and kind.lower() in values_of(model.DateType) else None
        return parse_partial_date(text, node.where("date")), date_type

    def study_design(self, design: Node) -> dict[str, Any]:
        """Return the study type and design details the registry gives."""
        study_type = design.text("studyType")
        value = enum_value(study_type, values_of(model.StudyType)) if study_type else None
        if value is None:
            return {}
        result: dict[str, Any] = {"study_type": value}
        info = design.obj("designInfo") or Node({}, design.where("designInfo"))
        for key, name, choices in DESIGN_INFO[:3]:
            self.add_enum(result, info, key, name, choices)
        masking = info.obj("maskingInfo")
        if masking:
            self.add_enum(result, masking, "masking", "masking", values_of(model.Masking))
        for key, name, choices in DESIGN_INFO[3:]:
            self.add_enum(result, info, key, name, choices)
        return result

    def add_enum(self, result: dict[str, Any], node: Node, key: str, name: str, choices: tuple[str, ...]) -> None:
        """Copy an enumeration value the trial format knows; note one it does not."""
        raw = node.text(key)
        if raw is None:
            return
        value = enum_value(raw, choices)
        if value is None:
            self.left_out.append(f"{node.where(key)}: unknown value {raw!r}")
        else:
            result[name] = value

    def eligibility(self, split: SplitCriteria) -> dict[str, Any]:
        """Return sex, ages, healthy volunteers and the criteria, asking age and sex in the self-check."""
        module = self.module("eligibilityModule")
        sex_raw = module.need_text("sex")
        sex = enum_value(sex_raw, values_of(model.Sex))
        if sex is None:
            raise RecordError(f"{module.where('sex')}: expected ALL, FEMALE or MALE, found {sex_raw!r}")
        result: dict[str, Any] = {"sex": sex, "age": self.ages(module)}
        healthy = module.boolean("healthyVolunteers")
        if healthy is not None:
            result["healthy_volunteers"] = healthy
        result["check_age_and_sex"] = True
        age_in_years = result["age"].get("unit") == "years"  # a drafted age rule uses the structured age question
        for section in SECTIONS:
            result[section] = []
            for number, item in enumerate(split.section(section), start=1):
                criterion = criterion_data(number, item.text, note_for(split, item.heading, item.before_headings))
                draft = draft_rule(item.text, section, age_in_years)
                if draft is not None:
                    criterion["rule"] = draft.rule
                    criterion["drafted"] = item.text
                    self.library_questions.update(dict.fromkeys(draft.questions))
                result[section].append(criterion)
        return result

    def ages(self, module: Node) -> dict[str, Any]:
        """Return the age limits in one unit; limits that need rounding are noted."""
        low, high = (self.age(module, key) for key in ("minimumAge", "maximumAge"))
        if low is None and high is None:
            return {}
        ages = age_range(low, high)
        result: dict[str, Any] = {}
        if ages.min is not None:
            result["min"] = ages.min
        if ages.max is not None:
            result["max"] = ages.max
        result["unit"] = ages.unit
        if ages.rounded:
            self.notes.append(wording.rounded_ages_note(f"{low or 'no minimum'} to {high or 'no maximum'}"))
        return result

    def age(self, module: Node, key: str) -> Age | None:
        """Return one age limit, or None when the registry sets none."""
        text = module.text(key)
        return None if text is None else parse_age(text, module.where(key))

    def places(self) -> dict[str, Any]:
        """Return locations, central contacts and officials."""
        module = self.module("contactsLocationsModule")
        result: dict[str, Any] = {}
        locations = [self.location(node) for node in module.objs("locations")]
        if locations:
            result["locations"] = locations
        contacts = [contact for node in module.objs("centralContacts") if (contact := self.contact(node))]
        if contacts:
            result["contacts"] = contacts
        officials = [official for node in module.objs("overallOfficials") if (official := self.official(node))]
        if officials:
            result["officials"] = officials
        return result

    def location(self, node: Node) -> dict[str, Any]:
        """Return one site with whatever the registry gives of it."""
        site: dict[str, Any] = {}
        for key in ("facility", "city", "state", "country"):
            value = node.text(key)
            if value:
                site[key] = pending(value)
        zip_code = node.text("zip")
        if zip_code:
            site["zip"] = zip_code
        status = node.text("status")
        if status:
            value = enum_value(status, values_of(model.Status))
            if value is None:
                self.left_out.append(f"{node.where('status')}: no site status for {status!r}")
            else:
                site["status"] = value
        contacts = [contact for item in node.objs("contacts") if (contact := self.contact(item))]
        if contacts:
            site["contacts"] = contacts
        point = node.obj("geoPoint")
        if point:
            lat, lon = point.number("lat"), point.number("lon")
            if lat is not None and lon is not None:
                site["coordinates"] = {"lat": lat, "lon": lon}
        return site

    def contact(self, node: Node) -> dict[str, Any] | None:
        """Return a contact: name, role (unless a plain contact), phone with extension, e-mail."""
        contact: dict[str, Any] = {}
        name = node.text("name")
        if name:
            contact["name"] = pending(name)
        role = node.text("role")
        if role in CONTACT_ROLES:
            key = "role_" + CONTACT_ROLES[role]
            contact["role"] = both(*(ui(key, language) for language in LANGUAGES))
        phone, extension = node.text("phone"), node.text("phoneExt")
        if phone:
            contact["phone"] = f"{phone} ext. {extension}" if extension else phone
        email = node.text("email")
        if email and EMAIL.fullmatch(email):
            contact["email"] = email
        elif email:
            self.left_out.append(f"{node.where('email')}: not an e-mail address: {email!r}")
        return contact or None

    def official(self, node: Node) -> dict[str, Any] | None:
        """Return an official with name, role and affiliation; one without name or role is left out."""
        name, role = node.text("name"), node.text("role")
        value = enum_value(role, values_of(model.OfficialRole)) if role else None
        if not name or value is None:
            self.left_out.append(f"{node.path}: an official without a name or a known role")
            return None
        official: dict[str, Any] = {"name": pending(name), "role": value}
        affiliation = node.text("affiliation")
        if affiliation:
            official["affiliation"] = pending(affiliation)
        return official


def note_for(split: SplitCriteria, heading: str | None, before_headings: bool) -> Text | None:
    """Return the note a criterion carries about where it sits in the registry text, if any."""
    if NO_HEADINGS in split.flags:
        return wording.NO_HEADINGS_NOTE
    if before_headings:
        return wording.BEFORE_HEADINGS_NOTE
    return wording.heading_note(heading) if heading else None


def criterion_data(number: int, text: str, note: Text | None) -> dict[str, Any]:
    """Return one criterion: its number, the registry text (Chinese pending) and the importer's note."""
    item: dict[str, Any] = {"number": number, "text": pending(text)}
    if note is not None:
        item["note"] = note
    return item


def map_study(study: Study, today: datetime.date) -> Imported:
    """Map a study record to trial data; `today` dates a record that carries no version date."""
    try:
        return Mapper(study, today).build()
    except RecordError as error:
        raise RecordError(f"{study.nct_id}: {error}") from None
