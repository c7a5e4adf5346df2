"""The trial file format: one definition that validates `trial_data/*.yaml` and is published as JSON Schema."""

from __future__ import annotations

from typing import Any

from .schema import (
    AnyValue,
    Bool,
    Date,
    Enum,
    Int,
    Key,
    ListOf,
    Number,
    Record,
    Str,
    Text,
)

STATUSES = (
    "not_yet_recruiting",
    "recruiting",
    "enrolling_by_invitation",
    "active_not_recruiting",
    "suspended",
    "terminated",
    "completed",
    "withdrawn",
    "unknown",
)
PHASES = (
    "early_phase_1",
    "phase_1",
    "phase_1_2",
    "phase_2",
    "phase_2_3",
    "phase_3",
    "phase_4",
    "not_applicable",
    "not_reported",
)
SEXES = ("all", "female", "male")
OFFICIAL_ROLES = ("study_chair", "study_director", "principal_investigator", "sub_investigator")
QUESTION_TYPES = ("yes_no", "number", "integer", "one_of", "many_of", "duration")
DURATION_UNITS = ("days", "weeks", "months", "years")
AGE_UNITS = ("years", "months", "weeks", "days")
VERDICTS = ("may_be_eligible", "not_eligible", "incomplete")
DATE_TYPES = ("actual", "estimated")
STUDY_TYPES = ("interventional", "observational", "expanded_access")
ALLOCATIONS = ("randomized", "non_randomized", "not_applicable")
INTERVENTION_MODELS = ("single_group", "parallel", "crossover", "factorial", "sequential")
PRIMARY_PURPOSES = (
    "treatment",
    "prevention",
    "diagnostic",
    "ect",
    "supportive_care",
    "screening",
    "health_services_research",
    "basic_science",
    "device_feasibility",
    "other",
)
MASKINGS = ("none", "single", "double", "triple", "quadruple")
OBSERVATIONAL_MODELS = (
    "cohort",
    "case_control",
    "case_only",
    "case_crossover",
    "ecologic_or_community",
    "family_based",
    "defined_population",
    "natural_history",
    "other",
)
TIME_PERSPECTIVES = ("retrospective", "prospective", "cross_sectional", "other")
IDENTIFIER = r"[a-z][a-z0-9_]*"
CRITERION_ID = r"[IE][0-9]+|AGE|SEX"

contact = Record(
    {
        "name": Key(Text("The person's or office's name as the source gives it."), required=False),
        "role": Key(Text("What the contact is, e.g. study coordinator, or an affiliation."), required=False),
        "phone": Key(Str("Phone number exactly as the source gives it."), required=False),
        "email": Key(
            Str("E-mail address as the source gives it.", pattern=r"[^@\s]+@[^@\s]+", example="a@b.org"), required=False
        ),
        "caveat": Key(
            Text("A warning shown next to this contact, e.g. when the source looks inconsistent."), required=False
        ),
    },
    description="A contact. Add no phone number or e-mail the source does not give.",
)

criterion = Record(
    {
        "number": Key(Int("The criterion's number as the registry numbers it.", minimum=1)),
        "text": Key(Text("The registry's wording, verbatim in English, with an accurate translation.")),
        "plain": Key(Text("Optional plain-language version for patients and families."), required=False),
        "rule": Key(
            Str(
                "A rule-language expression over question ids: true when the criterion holds for the visitor.",
                multiline=True,
            ),
            required=False,
        ),
        "assessed_by": Key(
            Enum(
                ["study_team"], "Set when the criterion cannot be self-assessed; it is then decided by the study team."
            ),
            required=False,
        ),
        "unclear": Key(
            Text("Why the registry text is ambiguous; shown when the rule returns unclear()."),
            required=False,
        ),
        "note": Key(Text("A note for readers, e.g. what a mistranslated registry term means."), required=False),
    },
    description="One numbered eligibility criterion.",
)

unit_choice = Record(
    {
        "id": Key(Str("The unit as written on a lab report, e.g. mg/dL or µmol/L.")),
        "per_canonical": Key(
            Number("How many of this unit make one of the first (canonical) unit, e.g. 17.1 µmol/L per mg/dL."),
            required=False,
        ),
    },
    description="A unit a visitor may answer in. The first unit of a question is the one its rules use.",
)

option = Record(
    {
        "id": Key(Str("The value rules see.", pattern=IDENTIFIER, example="hbv")),
        "label": Key(Text("What the visitor reads.")),
    }
)

question = Record(
    {
        "id": Key(Str("Identifier used by rules.", pattern=IDENTIFIER, example="age")),
        "type": Key(Enum(QUESTION_TYPES, "The kind of answer.")),
        "label": Key(Text("The question as the visitor reads it.")),
        "help": Key(Text("Where to find the answer, or what a term means."), required=False),
        "min": Key(Number("Smallest accepted answer, in the canonical unit."), required=False),
        "max": Key(Number("Largest accepted answer, in the canonical unit."), required=False),
        "unit_label": Key(Text("Unit shown after an integer answer, e.g. years."), required=False),
        "units": Key(
            ListOf(unit_choice, "Accepted units for a number; the first is canonical.", min_items=1), required=False
        ),
        "options": Key(
            ListOf(option, "Choices for one_of and many_of.", min_items=2, unique_key="id", unique_label="option id"),
            required=False,
        ),
        "ask_if": Key(Str("Ask only when this rule-language expression is true.", multiline=True), required=False),
    },
    description="A question the visitor can answer in the self-check.",
)

computed_value = Record(
    {
        "id": Key(Str("Identifier used by rules.", pattern=IDENTIFIER, example="meld_score")),
        "label": Key(Text("What the value is, as the visitor reads it.")),
        "expr": Key(Str("Rule-language expression computing the value.", multiline=True)),
    },
    description="A value computed from answers, usable by rules like a question.",
)

example = Record(
    {
        "id": Key(Str("Identifier of the persona.", pattern=r"[a-z0-9][a-z0-9_-]*", example="typical-hbv")),
        "about": Key(Str("Who the persona is, for authors.", multiline=True), required=False),
        "answers": Key(AnyValue("Answers by question id, as in an answers file.")),
        "verdict": Key(Enum(VERDICTS, "The verdict the rules must give.")),
        "failed": Key(
            ListOf(Str(pattern=CRITERION_ID, example="E8"), "Exactly the criteria that fail (I1, E8, ...)."),
            required=False,
        ),
        "unknown": Key(
            ListOf(Str(pattern=CRITERION_ID, example="I4"), "Exactly the criteria still unknown."),
            required=False,
        ),
        "borderline": Key(
            ListOf(Str(pattern=CRITERION_ID, example="I4"), "Criteria flagged borderline."),
            required=False,
        ),
    },
    description="A persona with answers and the verdict the rules must give; "
    "the build refuses a trial whose rules disagree.",
)

location = Record(
    {
        "facility": Key(Text("Facility name; leave out when the source does not report it."), required=False),
        "city": Key(Text("City."), required=False),
        "state": Key(Text("Province or state."), required=False),
        "country": Key(Text("Country."), required=False),
        "zip": Key(Str("Postal code."), required=False),
        "status": Key(Enum(STATUSES, "Recruitment status at this site."), required=False),
        "contacts": Key(ListOf(contact), required=False),
        "coordinates": Key(
            Record({"lat": Key(Number()), "lon": Key(Number())}, "Latitude and longitude."),
            required=False,
        ),
    },
    description="A site. Any part may be absent; absent parts show as not reported.",
)

official = Record(
    {
        "name": Key(Text("Name with degrees as the source gives it.")),
        "role": Key(Enum(OFFICIAL_ROLES, "Role in the trial.")),
        "affiliation": Key(Text("Affiliation."), required=False),
    }
)

design = Record(
    {
        "study_type": Key(Enum(STUDY_TYPES, "Kind of study.")),
        "allocation": Key(Enum(ALLOCATIONS, "How participants are assigned to groups."), required=False),
        "intervention_model": Key(Enum(INTERVENTION_MODELS, "Interventional study model."), required=False),
        "primary_purpose": Key(Enum(PRIMARY_PURPOSES, "Main purpose of an interventional study."), required=False),
        "masking": Key(Enum(MASKINGS, "Who does not know the assigned treatment: none to quadruple."), required=False),
        "observational_model": Key(Enum(OBSERVATIONAL_MODELS, "Observational study model."), required=False),
        "time_perspective": Key(Enum(TIME_PERSPECTIVES, "Time perspective of an observational study."), required=False),
    },
    description="Study design as the registry describes it (ClinicalTrials.gov values in lower case).",
)

registry_id = Record(
    {
        "registry": Key(Str("Registry name, e.g. ClinicalTrials.gov.")),
        "id": Key(Str("The identifier in that registry.")),
        "provenance": Key(Text("Where this identifier comes from and how sure it is.")),
    }
)

TRIAL = Record(
    {
        "id": Key(
            Str(
                "Identifier used in URLs; lower case, digits and hyphens.",
                pattern=r"[a-z0-9][a-z0-9-]*",
                example="msc-dlc-2",
            )
        ),
        "acronym": Key(Str("Short name of the trial."), required=False),
        "registry_ids": Key(ListOf(registry_id, "Registry numbers with their provenance."), required=False),
        "title": Key(Text("Full title.")),
        "summary": Key(Text("Plain-language summary.")),
        "conditions": Key(ListOf(Text(), "Conditions studied.", min_items=1)),
        "interventions": Key(
            ListOf(
                Record({"name": Key(Text()), "description": Key(Text(), required=False)}),
                "What is tested.",
                min_items=1,
            )
        ),
        "phase": Key(Enum(PHASES, "Trial phase.")),
        "enrollment": Key(
            Record(
                {"count": Key(Int(minimum=0)), "type": Key(Enum(["estimated", "actual"]))},
                "Number of participants.",
            ),
            required=False,
        ),
        "status": Key(
            Record(
                {
                    "value": Key(Enum(STATUSES, "Recruitment status.")),
                    "as_of": Key(Date("The date the status was current.")),
                    "last_known": Key(
                        Enum(STATUSES, "For an unknown status: the last status the registry knew."), required=False
                    ),
                    "why_stopped": Key(
                        Text("Why the trial stopped (terminated, withdrawn or suspended), as the registry says."),
                        required=False,
                    ),
                }
            )
        ),
        "sponsor": Key(
            Record(
                {"name": Key(Text("Sponsor's name.")), "description": Key(Text("About the sponsor."), required=False)}
            )
        ),
        "collaborators": Key(ListOf(Text(), "Organisations collaborating with the sponsor."), required=False),
        "dates": Key(
            Record(
                {
                    "first_submitted": Key(Date("First submitted to a registry.", may_be_not_reported=True)),
                    "launched": Key(Date("Launched (study start).", may_be_not_reported=True)),
                    "launched_type": Key(
                        Enum(DATE_TYPES, "Whether the start date is actual or an estimate."), required=False
                    ),
                    "updated": Key(Date("Last update.", may_be_not_reported=True)),
                    "estimated_completion": Key(Date("Estimated completion.", may_be_not_reported=True)),
                }
            )
        ),
        "design": Key(design, required=False),
        "eligibility": Key(
            Record(
                {
                    "sex": Key(Enum(SEXES, "Sexes eligible.")),
                    "age": Key(
                        Record(
                            {
                                "min": Key(
                                    Int("Youngest age accepted; leave out for no lower limit.", minimum=0),
                                    required=False,
                                ),
                                "max": Key(
                                    Int("Oldest age accepted; leave out for no upper limit.", minimum=0), required=False
                                ),
                                "unit": Key(
                                    Enum(AGE_UNITS, "Unit of min and max; years when left out."), required=False
                                ),
                            }
                        )
                    ),
                    "healthy_volunteers": Key(Bool("Whether healthy volunteers are accepted."), required=False),
                    "check_age_and_sex": Key(
                        Bool("Ask age (and sex, unless all) in the self-check, with rules from the fields above."),
                        required=False,
                    ),
                    "inclusion": Key(
                        ListOf(criterion, "Inclusion criteria.", unique_key="number", unique_label="criterion number")
                    ),
                    "exclusion": Key(
                        ListOf(criterion, "Exclusion criteria.", unique_key="number", unique_label="criterion number")
                    ),
                }
            )
        ),
        "questions": Key(
            ListOf(
                question,
                "Questions of the self-check, in the order asked.",
                unique_key="id",
                unique_label="question id",
            ),
            required=False,
        ),
        "computed": Key(
            ListOf(computed_value, "Values computed from answers.", unique_key="id", unique_label="computed value id"),
            required=False,
        ),
        "examples": Key(
            ListOf(example, "Personas that test the rules.", unique_key="id", unique_label="example id"),
            required=False,
        ),
        "locations": Key(ListOf(location, "Sites."), required=False),
        "contacts": Key(ListOf(contact, "Central contacts."), required=False),
        "officials": Key(ListOf(official, "Trial officials."), required=False),
        "source": Key(
            Record(
                {
                    "name": Key(Text("Where the data came from.")),
                    "url": Key(
                        Str(
                            "Address of the source (http or https).",
                            pattern=r"https?://\S+",
                            example="https://example.org/x",
                        ),
                        required=False,
                    ),
                    "as_of": Key(Date("The date the source's content was current.")),
                    "notes": Key(Text("What the source does and does not say."), required=False),
                }
            )
        ),
    },
    title="trialsite trial file",
    description="One clinical trial, in English and Simplified Chinese.",
)


def json_schema() -> dict[str, Any]:
    """Return the trial file format as a JSON Schema document."""
    schema = TRIAL.json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "trial.schema.json", **schema}
