"""The trial model: one typed definition of a trial file, read by validation, the JSON Schema and every consumer.

Every field documents itself (`doc`), says who owns it (`owner`: the registry an importer copies it from, or the
people who write the self-check and translations) and carries its constraints as `Annotated` metadata. The trial
file format (`trialsite.trialfile.format`) is derived from these classes, so a field added here is validated,
published in the JSON Schema and typed for every reader at once.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from trialsite.languages import LANGUAGES as LANGUAGES  # noqa: PLC0414 (re-exported: model users import it here)
from trialsite.problem import Problem

NOT_REPORTED = "not reported"


class Owner(StrEnum):
    """Who writes a field: the registry (an importer may overwrite it) or people (an importer keeps it)."""

    REGISTRY = "registry"
    PEOPLE = "people"


# ---- constraints, attached with typing.Annotated ----


@dataclass(frozen=True)
class Pattern:
    """A string must match this regular expression; `rule` says it in words and `example` shows one."""

    regex: str
    example: str
    rule: str = ""


@dataclass(frozen=True)
class Bounds:
    """A number must lie within these bounds."""

    minimum: float | None = None
    maximum: float | None = None


POSITIVE = 1e-9
"""A `Bounds` minimum that means "above 0"."""


class Multiline:
    """A string may span several lines (rules, notes for authors)."""


class NotReportedAllowed:
    """A date may be written as the words "not reported"; the model then holds None."""


class Unchecked:
    """Any YAML value; whoever uses it checks it (e.g. an example's answers)."""


Identifier = Annotated[
    str, Pattern(r"[a-z][a-z0-9_]*", "age", "lower-case letters, digits and underscores, starting with a letter")
]
CriterionRef = Annotated[str, Pattern(r"[IE][0-9]+|AGE|SEX", "E8", "I or E and the criterion's number, AGE or SEX")]
ReportedDate = Annotated[datetime.date | None, NotReportedAllowed()]


def doc(text: str, *, owner: Owner = Owner.REGISTRY, default: Any = dataclasses.MISSING) -> Any:
    """Declare a field with its description and owner; a field with a default is optional in trial files."""
    metadata = {"doc": text, "owner": owner}
    if isinstance(default, (list, tuple)):
        return field(default=tuple(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def people(text: str, default: Any = None) -> Any:
    """Declare an optional field that people write and an importer keeps."""
    return doc(text, owner=Owner.PEOPLE, default=default)


def optional(text: str) -> Any:
    """Declare an optional field that the registry owns."""
    return doc(text, default=None)


def owned_by(cls: type, owner: Owner) -> tuple[str, ...]:
    """Return the names of a model class's fields that an owner writes."""
    return tuple(item.name for item in dataclasses.fields(cls) if item.metadata.get("owner") == owner)


def registry_values(cls: type, prefix: str = "") -> tuple[str, ...]:
    """Return the dotted paths of the single values (not lists) the registry writes, through nested records."""
    hints = typing.get_type_hints(cls)
    paths: list[str] = []
    for item in dataclasses.fields(cls):
        if item.metadata.get("owner") != Owner.REGISTRY:
            continue
        hint = hints[item.name]
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
        kind = options[0] if len(options) == 1 else hint
        if typing.get_origin(kind) is tuple:
            continue
        if isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind is not LocalizedText:
            paths += registry_values(kind, f"{prefix}{item.name}.")
        else:
            paths.append(prefix + item.name)
    return tuple(paths)


# ---- enumerations ----


def values_of(enumeration: type[StrEnum]) -> tuple[str, ...]:
    """Return the values of an enumeration, as trial files write them."""
    return tuple(member.value for member in enumeration)


class Status(StrEnum):
    """Recruitment status, as ClinicalTrials.gov words it (lower case)."""

    NOT_YET_RECRUITING = "not_yet_recruiting"
    RECRUITING = "recruiting"
    ENROLLING_BY_INVITATION = "enrolling_by_invitation"
    ACTIVE_NOT_RECRUITING = "active_not_recruiting"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"


OPEN_STATUSES = (Status.RECRUITING, Status.NOT_YET_RECRUITING)
"""The statuses of a trial a person can join: only these offer the self-check and are matched."""


class Phase(StrEnum):
    """Trial phase."""

    EARLY_PHASE_1 = "early_phase_1"
    PHASE_1 = "phase_1"
    PHASE_1_2 = "phase_1_2"
    PHASE_2 = "phase_2"
    PHASE_2_3 = "phase_2_3"
    PHASE_3 = "phase_3"
    PHASE_4 = "phase_4"
    NOT_APPLICABLE = "not_applicable"
    NOT_REPORTED = "not_reported"


class Sex(StrEnum):
    """Sexes a trial accepts."""

    ALL = "all"
    FEMALE = "female"
    MALE = "male"


class OfficialRole(StrEnum):
    """An official's role in the trial."""

    STUDY_CHAIR = "study_chair"
    STUDY_DIRECTOR = "study_director"
    PRINCIPAL_INVESTIGATOR = "principal_investigator"
    SUB_INVESTIGATOR = "sub_investigator"


class QuestionType(StrEnum):
    """The kinds of answer a self-check question takes; the engine registers a reader for each."""

    YES_NO = "yes_no"
    NUMBER = "number"
    INTEGER = "integer"
    ONE_OF = "one_of"
    MANY_OF = "many_of"
    DURATION = "duration"


class TimeUnit(StrEnum):
    """Units of ages and durations."""

    YEARS = "years"
    MONTHS = "months"
    WEEKS = "weeks"
    DAYS = "days"


class Verdict(StrEnum):
    """What the self-check concludes."""

    MAY_BE_ELIGIBLE = "may_be_eligible"
    NOT_ELIGIBLE = "not_eligible"
    INCOMPLETE = "incomplete"


class DateType(StrEnum):
    """Whether a date happened or is planned."""

    ACTUAL = "actual"
    ESTIMATED = "estimated"


class Fact(StrEnum):
    """A key fact of a trial page, named so that a secondary source can say it supplied it."""

    REGISTRY_IDS = "registry_ids"
    STATUS = "status"
    CONDITIONS = "conditions"
    INTERVENTIONS = "interventions"
    PHASE = "phase"
    ENROLLMENT = "enrollment"
    SEX = "sex"
    AGES = "ages"
    SPONSOR = "sponsor"
    FIRST_SUBMITTED = "first_submitted"
    LAUNCHED = "launched"
    UPDATED = "updated"
    ESTIMATED_COMPLETION = "estimated_completion"


class StudyType(StrEnum):
    """Kind of study."""

    INTERVENTIONAL = "interventional"
    OBSERVATIONAL = "observational"
    EXPANDED_ACCESS = "expanded_access"


class Allocation(StrEnum):
    """How participants are assigned to groups."""

    RANDOMIZED = "randomized"
    NON_RANDOMIZED = "non_randomized"
    NOT_APPLICABLE = "not_applicable"


class InterventionModel(StrEnum):
    """Interventional study model."""

    SINGLE_GROUP = "single_group"
    PARALLEL = "parallel"
    CROSSOVER = "crossover"
    FACTORIAL = "factorial"
    SEQUENTIAL = "sequential"


class PrimaryPurpose(StrEnum):
    """Main purpose of an interventional study."""

    TREATMENT = "treatment"
    PREVENTION = "prevention"
    DIAGNOSTIC = "diagnostic"
    ECT = "ect"
    SUPPORTIVE_CARE = "supportive_care"
    SCREENING = "screening"
    HEALTH_SERVICES_RESEARCH = "health_services_research"
    BASIC_SCIENCE = "basic_science"
    DEVICE_FEASIBILITY = "device_feasibility"
    OTHER = "other"


class Masking(StrEnum):
    """Who does not know the assigned treatment."""

    NONE = "none"
    SINGLE = "single"
    DOUBLE = "double"
    TRIPLE = "triple"
    QUADRUPLE = "quadruple"


class ObservationalModel(StrEnum):
    """Observational study model."""

    COHORT = "cohort"
    CASE_CONTROL = "case_control"
    CASE_ONLY = "case_only"
    CASE_CROSSOVER = "case_crossover"
    ECOLOGIC_OR_COMMUNITY = "ecologic_or_community"
    FAMILY_BASED = "family_based"
    DEFINED_POPULATION = "defined_population"
    NATURAL_HISTORY = "natural_history"
    OTHER = "other"


class TimePerspective(StrEnum):
    """Time perspective of an observational study."""

    RETROSPECTIVE = "retrospective"
    PROSPECTIVE = "prospective"
    CROSS_SECTIONAL = "cross_sectional"
    OTHER = "other"


class EnrollmentType(StrEnum):
    """Whether a participant count is planned or reached."""

    ESTIMATED = "estimated"
    ACTUAL = "actual"


class AssessedBy(StrEnum):
    """Who decides a criterion that the visitor cannot assess."""

    STUDY_TEAM = "study_team"


class Section(StrEnum):
    """The two lists of criteria."""

    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"


def criterion_id(section: str, number: int) -> str:
    """Return the short id of a criterion: I1 for inclusion 1, E8 for exclusion 8."""
    return f"{section[0].upper()}{number}"


def checklist_question_id(section: str, number: int) -> str:
    """Return the id of the yes/no question asked for a criterion that has no rule."""
    return f"check_{criterion_id(section, number).lower()}"


# ---- text ----


@dataclass(frozen=True)
class LocalizedText:
    """Text in every site language; a language listed in `pending` holds the English text until translated."""

    en: str
    zh: str
    pending: tuple[str, ...] = ()

    def __getitem__(self, language: str) -> str:
        return str(getattr(self, language))

    def is_pending(self, language: str) -> bool:
        """Tell whether the translation into a language is still pending (the text is then English)."""
        return language in self.pending

    def to_json(self) -> dict[str, Any]:
        """Return `{"en": ..., "zh": ...}`, plus `"pending"` when a translation is pending."""
        data: dict[str, Any] = {language: self[language] for language in LANGUAGES}
        if self.pending:
            data["pending"] = list(self.pending)
        return data


Text = LocalizedText


@dataclass(frozen=True)
class TranslationCoverage:
    """How much of a trial's text is translated into one language, in texts and in characters of the English."""

    texts: int
    translated_texts: int
    characters: int
    translated_characters: int

    @property
    def complete(self) -> bool:
        """Tell whether every text is translated."""
        return self.translated_texts == self.texts

    @property
    def percent(self) -> int:
        """Return the share of the English characters translated, in whole percent (100 only when complete)."""
        if self.complete:
            return 100
        return min(99, self.translated_characters * 100 // max(1, self.characters))


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """Return the names of a model class's fields that come from the file."""
    return tuple(item.name for item in dataclasses.fields(kind) if not item.metadata.get("internal"))


def localized_texts(value: Any) -> Iterator[LocalizedText]:
    """Yield every text in a model value, depth first."""
    if isinstance(value, LocalizedText):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name in _field_names(type(value)):
            yield from localized_texts(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from localized_texts(item)


def translation_coverage(trial: Trial, language: str) -> TranslationCoverage:
    """Return how much of a trial's text is translated into a language (texts with English only)."""
    return trial.translation_coverage[language]


def _coverage(trial: Trial, language: str) -> TranslationCoverage:
    texts = [text for text in trial.texts if text.en.strip()]
    done = [text for text in texts if not text.is_pending(language)]
    characters = sum(len(text.en) for text in texts)
    return TranslationCoverage(len(texts), len(done), characters, sum(len(text.en) for text in done))


# ---- the parts of a trial ----


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A contact. Add no phone number or e-mail the source does not give."""

    name: Text | None = optional("The person's or office's name as the source gives it.")
    role: Text | None = optional("What the contact is, e.g. study coordinator, or an affiliation.")
    phone: str | None = optional("Phone number exactly as the source gives it.")
    email: Annotated[str, Pattern(r"[^@\s]+@[^@\s]+", "a@b.org")] | None = optional(
        "E-mail address as the source gives it."
    )
    caveat: Text | None = people("A warning shown next to this contact, e.g. when the source looks inconsistent.")


@dataclass(frozen=True, kw_only=True)
class Criterion:
    """One numbered eligibility criterion."""

    number: Annotated[int, Bounds(minimum=1)] = doc("The criterion's number as the registry numbers it.")
    text: Text = doc("The registry's wording, verbatim in English, with an accurate translation.")
    plain: Text | None = people("Optional plain-language version for patients and families.")
    rule: Annotated[str, Multiline()] | None = people(
        "A rule-language expression over question ids: true when the criterion holds for the visitor."
    )
    assessed_by: AssessedBy | None = people(
        "Set when the criterion cannot be self-assessed; it is then decided by the study team."
    )
    unclear: Text | None = people("Why the registry text is ambiguous; shown when the rule returns unclear().")
    note: Text | None = people("A note for readers, e.g. what a mistranslated registry term means.")
    recheck: Text | None = people(
        "For a time window or a lab value that changes: when it is worth checking again if this criterion fails."
    )
    drafted: str | None = people(
        "Set by the importer on a rule it read from the registry text (the text read): until a person has checked the"
        ' rule and removed this key, a result never rests on it alone ("probably not eligible").'
    )


@dataclass(frozen=True, kw_only=True)
class UnitChoice:
    """A unit a visitor may answer in. The first unit of a question is the one its rules use."""

    id: str = doc("The unit as written on a lab report, e.g. mg/dL or µmol/L.")
    per_canonical: Annotated[float, Bounds(minimum=POSITIVE)] | None = optional(
        "How many of this unit make one of the first (canonical) unit, e.g. 17.1 µmol/L per mg/dL."
    )
    plausible_min: float | None = people(
        "Smallest value usual in this unit; below it, when another unit fits, the visitor is asked to check the unit."
    )
    plausible_max: float | None = people(
        "Largest value usual in this unit; above it, when another unit fits, the visitor is asked to check the unit."
    )


@dataclass(frozen=True, kw_only=True)
class Option:
    """A choice of a one_of or many_of question."""

    id: Identifier = doc("The value rules see.")
    label: Text = doc("What the visitor reads.")


@dataclass(frozen=True, kw_only=True)
class Question:
    """A question the visitor can answer in the self-check."""

    id: Identifier = doc("Identifier used by rules.")
    type: QuestionType = doc("The kind of answer.")
    label: Text = doc("The question as the visitor reads it.")
    help: Text | None = optional("Where to find the answer, or what a term means.")
    min: float | None = optional("Smallest accepted answer, in the canonical unit.")
    max: float | None = optional("Largest accepted answer, in the canonical unit.")
    short_label: Text | None = people("A short name of the answer for results, e.g. Creatinine; the label otherwise.")
    unit_label: Text | None = optional("Unit shown after an integer answer, e.g. years.")
    units: tuple[UnitChoice, ...] | None = optional("Accepted units for a number; the first is canonical.")
    options: tuple[Option, ...] | None = optional("Choices for one_of and many_of.")
    ask_if: Annotated[str, Multiline()] | None = optional("Ask only when this rule-language expression is true.")
    default_unit: str | None = people(
        "The unit preselected on the page; by default the one reports print where the trial recruits."
    )
    section: Identifier | None = people("The id of the question section (`question_sections`) this question is in.")
    library: Identifier | None = people(
        "Written `- library: <id>` instead of a whole question: the shared library's question of that id (its id, type,"
        " units, bounds and options), whose answer every trial asking it shares; label, help, short_label, ask_if,"
        " section and default_unit may be given too."
    )


@dataclass(frozen=True, kw_only=True)
class QuestionSection:
    """A group of questions under one heading, in the order a patient thinks about them."""

    id: Identifier = doc("Identifier that questions name in `section`.")
    title: Text = doc("The heading shown above the section's questions.")


@dataclass(frozen=True, kw_only=True)
class ComputedValue:
    """A value computed from answers, usable by rules like a question."""

    id: Identifier = doc("Identifier used by rules.")
    label: Text = doc("What the value is, as the visitor reads it.")
    expr: Annotated[str, Multiline()] = doc("Rule-language expression computing the value.")


@dataclass(frozen=True, kw_only=True)
class Example:
    """A persona with answers and the verdict the rules must give; the build refuses a trial whose rules disagree."""

    id: Annotated[
        str, Pattern(r"[a-z0-9][a-z0-9_-]*", "typical-hbv", "lower-case letters, digits, hyphens and underscores")
    ] = doc("Identifier of the persona.")
    about: Annotated[str, Multiline()] | None = optional("Who the persona is, for authors.")
    answers: Annotated[Any, Unchecked()] = doc("Answers by question id, as in an answers file.")
    verdict: Verdict = doc("The verdict the rules must give.")
    failed: tuple[CriterionRef, ...] | None = optional("Exactly the criteria that fail (I1, E8, ...).")
    unknown: tuple[CriterionRef, ...] | None = optional("Exactly the criteria still unknown.")
    borderline: tuple[CriterionRef, ...] | None = optional("Criteria flagged borderline.")


@dataclass(frozen=True, kw_only=True)
class Coordinates:
    """Latitude and longitude."""

    lat: Annotated[float, Bounds(minimum=-90, maximum=90)] = doc("Latitude, from -90 to 90.")
    lon: Annotated[float, Bounds(minimum=-180, maximum=180)] = doc("Longitude, from -180 to 180.")


@dataclass(frozen=True, kw_only=True)
class Location:
    """A site. Any part may be absent; absent parts show as not reported."""

    facility: Text | None = optional("Facility name; leave out when the source does not report it.")
    city: Text | None = optional("City.")
    state: Text | None = optional("Province or state.")
    country: Text | None = optional("Country.")
    zip: str | None = optional("Postal code.")
    status: Status | None = optional("Recruitment status at this site.")
    contacts: tuple[Contact, ...] = doc("Contacts at this site.", default=())
    coordinates: Coordinates | None = optional("Latitude and longitude.")


@dataclass(frozen=True, kw_only=True)
class Official:
    """A trial official."""

    name: Text = doc("Name with degrees as the source gives it.")
    role: OfficialRole = doc("Role in the trial.")
    affiliation: Text | None = optional("Affiliation.")


@dataclass(frozen=True, kw_only=True)
class Design:
    """Study design as the registry describes it (ClinicalTrials.gov values in lower case)."""

    study_type: StudyType = doc("Kind of study.")
    allocation: Allocation | None = optional("How participants are assigned to groups.")
    intervention_model: InterventionModel | None = optional("Interventional study model.")
    primary_purpose: PrimaryPurpose | None = optional("Main purpose of an interventional study.")
    masking: Masking | None = optional("Who does not know the assigned treatment: none to quadruple.")
    observational_model: ObservationalModel | None = optional("Observational study model.")
    time_perspective: TimePerspective | None = optional("Time perspective of an observational study.")


@dataclass(frozen=True, kw_only=True)
class RegistryId:
    """A registry number with where it comes from."""

    registry: str = doc("Registry name, e.g. ClinicalTrials.gov.")
    id: str = doc("The identifier in that registry.")
    provenance: Text = doc("Where this identifier comes from and how sure it is.")


@dataclass(frozen=True, kw_only=True)
class Intervention:
    """What is tested."""

    name: Text = doc("Name of the intervention.")
    description: Text | None = optional("What it is.")


@dataclass(frozen=True, kw_only=True)
class Enrollment:
    """Number of participants."""

    count: Annotated[int, Bounds(minimum=0)] = doc("How many participants.")
    type: EnrollmentType = doc("Whether the count is planned or reached.")


@dataclass(frozen=True, kw_only=True)
class TrialStatus:
    """Recruitment status and when it was current."""

    value: Status = doc("Recruitment status.")
    as_of: ReportedDate = doc('The date the status was current; "not reported" when the source gives none.')
    last_known: Status | None = optional("For an unknown status: the last status the registry knew.")
    why_stopped: Text | None = optional(
        "Why the trial stopped (terminated, withdrawn or suspended), as the registry says."
    )


@dataclass(frozen=True, kw_only=True)
class Sponsor:
    """Who runs the trial."""

    name: Text = doc("Sponsor's name.")
    description: Text | None = people("About the sponsor.")


@dataclass(frozen=True, kw_only=True)
class Dates:
    """Key dates; a date the source does not give is written "not reported"."""

    first_submitted: ReportedDate = doc("First submitted to a registry.")
    launched: ReportedDate = doc("The study start, or the date a listing gives as 'launched' (see launched_label).")
    launched_type: DateType | None = optional("Whether the start date is actual or an estimate.")
    launched_label: Text | None = people(
        "How the source labels the launched date when it is not clearly the study start; shown as the row's label."
    )
    updated: ReportedDate = doc("Last update.")
    estimated_completion: ReportedDate = doc("Estimated completion.")


@dataclass(frozen=True, kw_only=True)
class AgeLimits:
    """The ages a trial accepts."""

    min: Annotated[int, Bounds(minimum=0)] | None = optional("Youngest age accepted; leave out for no lower limit.")
    max: Annotated[int, Bounds(minimum=0)] | None = optional("Oldest age accepted; leave out for no upper limit.")
    unit: TimeUnit = doc("Unit of min and max; years when left out.", default=TimeUnit.YEARS)


@dataclass(frozen=True, kw_only=True)
class Eligibility:
    """Who may take part."""

    sex: Sex = doc("Sexes eligible.")
    age: AgeLimits = doc("Ages eligible.")
    healthy_volunteers: bool | None = optional("Whether healthy volunteers are accepted.")
    check_age_and_sex: bool = people(
        "Ask age (and sex, unless all) in the self-check, with rules from the fields above.", default=False
    )
    inclusion: tuple[Criterion, ...] = doc("Inclusion criteria.")
    exclusion: tuple[Criterion, ...] = doc("Exclusion criteria.")

    def criteria(self) -> Iterator[tuple[Section, int, Criterion]]:
        """List (section, index, criterion) for every criterion, inclusion first."""
        for section in Section:
            for index, criterion in enumerate(getattr(self, section.value)):
                yield section, index, criterion


@dataclass(frozen=True, kw_only=True)
class SecondarySource:
    """Another listing that supplies facts the main source does not give."""

    name: Text = doc("What the secondary source is.")
    url: Annotated[str, Pattern(r"https?://\S+", "https://example.org/x")] | None = optional(
        "Address of the secondary source (http or https)."
    )
    facts: tuple[Fact, ...] = doc("The key facts on the trial page that come from this source.")
    notes: Text | None = optional("How it was matched to this trial and how sure that is.")


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where the data came from."""

    name: Text = doc("Where the data came from.")
    url: Annotated[str, Pattern(r"https?://\S+", "https://example.org/x")] | None = optional(
        "Address of the source (http or https)."
    )
    as_of: ReportedDate = doc(
        'The date the source\'s content was current; "not reported" when the source gives none (see `retrieved`).'
    )
    retrieved: datetime.date | None = optional("The date the source was retrieved, when it gives no date of its own.")
    notes: Text | None = optional("What the source does and does not say.")
    secondary: tuple[SecondarySource, ...] = people(
        "Other listings that supply facts the source does not give; each fact they supply is marked on the page.",
        default=(),
    )

    def secondary_for(self, fact: Fact | str) -> tuple[int, SecondarySource] | None:
        """Return the secondary source (numbered from 1) that supplies a fact, if any."""
        for number, secondary in enumerate(self.secondary, start=1):
            if fact in secondary.facts:
                return number, secondary
        return None


@dataclass(frozen=True, kw_only=True)
class Trial:
    """One clinical trial, in English and Simplified Chinese."""

    id: Annotated[str, Pattern(r"[a-z0-9][a-z0-9-]*", "msc-dlc-2", "lower-case letters, digits and hyphens")] = doc(
        "Identifier used in URLs; lower case, digits and hyphens."
    )
    acronym: str | None = optional("Short name of the trial.")
    registry_ids: tuple[RegistryId, ...] = doc("Registry numbers with their provenance.", default=())
    title: Text = doc("Full title.")
    summary: Text = doc("Plain-language summary.")
    conditions: tuple[Text, ...] = doc("Conditions studied.")
    interventions: tuple[Intervention, ...] = doc("What is tested.")
    phase: Phase = doc("Trial phase.")
    enrollment: Enrollment | None = optional("Number of participants.")
    status: TrialStatus = doc("Recruitment status.")
    sponsor: Sponsor = doc("Who runs the trial.")
    collaborators: tuple[Text, ...] = doc("Organisations collaborating with the sponsor.", default=())
    how_to_take_part: Text | None = people(
        "How a visitor reaches a person about the trial, using only what the source gives; the self-check links here."
    )
    dates: Dates = doc("Key dates.")
    design: Design | None = optional("Study design.")
    eligibility: Eligibility = doc("Who may take part.")
    question_sections: tuple[QuestionSection, ...] = people("Headings that group the questions.", default=())
    questions: tuple[Question, ...] = people("Questions of the self-check, in the order asked.", default=())
    computed: tuple[ComputedValue, ...] = people("Values computed from answers.", default=())
    examples: tuple[Example, ...] = people("Personas that test the rules.", default=())
    require_example_coverage: bool = people(
        "Refuse the file unless every criterion with a rule is met by one example and failed by another.", default=False
    )
    locations: tuple[Location, ...] = doc("Sites.", default=())
    contacts: tuple[Contact, ...] = doc("Central contacts.", default=())
    officials: tuple[Official, ...] = doc("Trial officials.", default=())
    source: Source = doc("Where the data came from.")

    # Not part of the file: where it was read from, and where each key path was written.
    path: Path = field(default=Path(), compare=False, repr=False, metadata={"internal": True})
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False, metadata={"internal": True})
    pending_translations: tuple[Problem, ...] = field(
        default=(), compare=False, repr=False, metadata={"internal": True}
    )

    @functools.cached_property
    def texts(self) -> tuple[LocalizedText, ...]:
        """Return every text of the trial (computed once: the trial is frozen)."""
        return tuple(localized_texts(self))

    @functools.cached_property
    def translation_coverage(self) -> dict[str, TranslationCoverage]:
        """Return how much of the trial is translated, per language (computed once)."""
        return {language: _coverage(self, language) for language in LANGUAGES}

    def registry_links(self) -> list[tuple[str, str]]:
        """Return (identifier, address) of the registry records that have a public page."""
        return [
            (item.id, f"https://clinicaltrials.gov/study/{item.id}")
            for item in self.registry_ids
            if item.registry.lower() == "clinicaltrials.gov"
        ]

    @property
    def is_open(self) -> bool:
        """Tell whether the trial recruits or is about to (its status as of the source's date)."""
        return self.status.value in OPEN_STATUSES

    @property
    def name(self) -> str:
        """Return the trial's short name: its acronym, else its first registry number, else its id."""
        return self.acronym or (self.registry_ids[0].id if self.registry_ids else self.id)

    def display_title(self, language: str) -> str:
        """Return the name pages show in their title: the acronym, else the full title."""
        return self.acronym or self.title[language]


def to_json(value: Any) -> Any:
    """Return model objects as JSON-compatible data (texts as `{en, zh}`, dates as ISO strings, no empty keys)."""
    if isinstance(value, LocalizedText):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: to_json(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if not item.metadata.get("internal")
        }
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
