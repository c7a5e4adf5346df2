"""Draft rules from registry criterion text: a few frequent phrasings, read whole or not at all.

A criterion is drafted only when ALL of its text is one recognised phrasing (ECOG limits, absolute lab limits,
multiples of the upper limit of normal, pregnancy and breastfeeding, HIV, hepatitis B and C, age in years): anything
else in it ("unless", a time window, a second condition) leaves it a checklist question. The rule is written over
the shared library's questions and the criterion is marked `drafted` with the text read, so that a result never
rests on it alone until a person has reviewed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
SUBJECT = (
    r"(?:(?:the )?(?:patients?|participants?|subjects?|female subjects?|women|females?|males?|men)(?:'s?)?"
    r"(?: who)?(?: (?:is|are|must be|must have|has|have))? )?"
)
OPERATORS = {">=": ">=", "=>": ">=", "at least": ">=", ">": ">", "<=": "<=", "=<": "<=", "<": "<", "at most": "<="}
OPERATOR = r"(>=|=>|at least|>|<=|=<|<|at most)"
OPPOSITE = {">=": "<", ">": "<=", "<=": ">", "<": ">="}

LABS: dict[str, tuple[str, dict[str, float]]] = {
    "anc": (
        r"absolute neutrophil count(?: \(anc\))?|anc|absolute neutrophils?",
        {"/ul": 1000, "/mm3": 1000, "cells/mm3": 1000, "cells/ul": 1000, "x 10^9/l": 1, "x10^9/l": 1, "x 10⁹/l": 1},
    ),
    "platelets": (
        r"platelets?(?: count)?(?: \(plt\))?",
        {"/ul": 1000, "/mm3": 1000, "cells/mm3": 1000, "x 10^9/l": 1, "x10^9/l": 1, "x 10⁹/l": 1},
    ),
    "hemoglobin": (r"ha?emoglobin(?: \(hg?b\))?|hg?b", {"g/dl": 1, "g/l": 10}),
    "creatinine": (r"(?:serum )?creatinine", {"mg/dl": 1, "umol/l": 88.4}),
    "bilirubin": (r"(?:total )?(?:serum )?bilirubin", {"mg/dl": 1, "umol/l": 17.1}),
    "albumin": (r"(?:serum )?albumin", {"g/dl": 1, "g/l": 10}),
    "sodium": (r"(?:serum )?sodium", {"mmol/l": 1, "meq/l": 1}),
    "inr": (r"inr|international normali[sz]ed ratio(?: \(inr\))?", {"": 1}),
    "creatinine_clearance": (r"creatinine clearance(?: \(crcl\))?", {"ml/min": 1}),
    "egfr": (
        r"egfr|estimated glomerular filtration rate(?: \(egfr\))?",
        {"ml/min/1.73 m2": 1, "ml/min/1.73m2": 1, "ml/min/1.73 m²": 1, "ml/min/1.73m²": 1},
    ),
}
ULN_LABS = {
    "creatinine": r"(?:serum )?creatinine",
    "bilirubin": r"(?:total )?(?:serum )?bilirubin",
    "ast": r"(?:ast|aspartate amino ?transferase)(?: \((?:ast|sgot)(?: or (?:ast|sgot))?\))?",
    "alt": r"(?:alt|alanine amino ?transferase)(?: \((?:alt|sgpt)(?: or (?:alt|sgpt))?\))?",
}
ULN = r"(?:x|times) (?:the )?(?:institutional )?(?:uln|upper limit of normal)(?: \(uln\))?"


@dataclass(frozen=True)
class Draft:
    """A rule read from a criterion's text: its conditions (as in the hand-checked table), rule and questions."""

    conditions: tuple[dict[str, Any], ...]
    rule: str
    questions: tuple[str, ...]


def normal_text(text: str) -> str:
    """Lower-case a criterion, spell its symbols one way and drop its closing punctuation."""
    text = text.lower().replace("≥", ">=").replace("≤", "<=").replace("–", "-").replace("×", "x").replace("µ", "u")
    text = re.sub(r"\s+", " ", text.replace("μ", "u")).strip()
    text = re.sub(r"\s*([<>]=?|=>|=<)\s*", r" \1 ", text)
    text = re.sub(r"/\s+", "/", text)
    return re.sub(r"[\s.;,]+$", "", text).strip()


def number(text: str) -> float:
    """Return a number written with or without thousands separators."""
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def shown(value: float) -> str:
    """Write a number for a rule."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def draft_rule(text: str, section: str, age_in_years: bool = True) -> Draft | None:
    """Return the rule a criterion's whole text states, or None when it is not one recognised phrasing."""
    if text.rstrip().endswith(("...", "…")):
        return None  # the registry's text is cut short: what follows is unknown
    normal = normal_text(text)
    exclusion = section == "exclusion"
    for reader in (_ecog, _lab_limit, _uln_limit, _pregnancy, _infection):
        draft = reader(normal, exclusion)
        if draft is not None:
            return draft
    return _age(normal) if age_in_years and not exclusion else None


def _ecog(text: str, exclusion: bool) -> Draft | None:
    name = r"(?:eastern cooperative (?:oncology )?group \(ecog\)|ecog)(?: performance status| ps)?(?: score)?"
    grades = r"(?:of |must be |is |score )?(?:0 ?- ?([0-4])|0(?:, [1-3])*,? (?:or|and) ([1-4])|<= ([0-4]))"
    match = re.fullmatch(rf"{SUBJECT}(?:an )?{name} {grades}", text)
    if match is None or exclusion:
        return None
    highest = int(next(group for group in match.groups() if group is not None))
    return Draft(({"kind": "ecog", "max": highest},), f"ecog <= {highest}", ("ecog",))


def _lab_limit(text: str, exclusion: bool) -> Draft | None:
    for lab, (names, units) in LABS.items():
        unit_names = "|".join(re.escape(unit) for unit in sorted(units, key=len, reverse=True) if unit)
        unit_part = rf" ?({unit_names})" if unit_names else "()"
        match = re.fullmatch(rf"{SUBJECT}(?:{names}) {OPERATOR} {NUMBER}{unit_part}", text)
        if match is None:
            continue
        op, value = OPERATORS[match.group(1)], number(match.group(2))
        unit = match.group(3) or ""
        canonical = round(value / units[unit], 6)
        condition = {"kind": "lab", "lab": lab, "op": op, "value": value, "unit": unit}
        return Draft((condition,), f"{lab} {op} {shown(canonical)}", (lab,))
    return None


def _uln_limit(text: str, exclusion: bool) -> Draft | None:
    for lab, names in ULN_LABS.items():
        match = re.fullmatch(rf"{SUBJECT}(?:{names}) {OPERATOR} {NUMBER} ?{ULN}", text)
        if match is not None:
            op, times = OPERATORS[match.group(1)], number(match.group(2))
            return _uln_draft([lab], op, times)
    both = rf"(?:{ULN_LABS['ast']}) (?:and|/) (?:{ULN_LABS['alt']})"
    match = re.fullmatch(rf"{SUBJECT}{both} {OPERATOR} {NUMBER} ?{ULN}", text)
    if match is not None:
        return _uln_draft(["ast", "alt"], OPERATORS[match.group(1)], number(match.group(2)))
    return None


def _uln_draft(labs: list[str], op: str, times: float) -> Draft:
    conditions = tuple({"kind": "lab", "lab": lab, "op": op, "times_uln": times} for lab in labs)
    rule = " and ".join(f"{lab} {op} {shown(times)} * {lab}_uln" for lab in labs)
    return Draft(conditions, rule, tuple(question for lab in labs for question in (lab, f"{lab}_uln")))


PREGNANT = r"pregnant|pregnancy"
BREASTFEEDING = r"breast-?feeding|breast feeding|nursing|lactating|lactation"
PLANNING = r"(?:planning|plan|plans|intending|anticipate|anticipating) (?:to become pregnant|a pregnancy)"
DURING = (
    r"(?: during (?:the )?(?:study|trial|duration of the study|length of the trial)"
    r"(?: or within \d+ months? (?:after|of|following)[a-z ]*)?)"
)


def _pregnancy(text: str, exclusion: bool) -> Draft | None:
    if not exclusion:
        return None
    part = rf"({PREGNANT})|({BREASTFEEDING})|({PLANNING}){DURING}?"
    items = rf"(?:{part})(?:(?:,|,? or|,? and/or|/) (?:{part}))*"
    who = r"(?:women who are |females who are |who are )?"
    match = re.fullmatch(rf"{SUBJECT}{who}{items}(?: women| females| mothers)?", text)
    if match is None:
        return None
    found = [kind for kind in ("pregnant", "breastfeeding", "planning") if re.search(_PART[kind], text)]
    questions = {"pregnant": "pregnant", "breastfeeding": "breastfeeding", "planning": "pregnancy_plans"}
    rule = " or ".join(questions[kind] for kind in found)
    return Draft(({"kind": "pregnancy", "covers": found},), rule, tuple(questions[kind] for kind in found))


_PART = {"pregnant": rf"\b(?:{PREGNANT})\b(?! a pregnancy)", "breastfeeding": BREASTFEEDING, "planning": PLANNING}


def _infection(text: str, exclusion: bool) -> Draft | None:
    if not exclusion:
        return None
    known = r"(?:known |documented |active |chronic |a history of |history of )?"
    status = r"(?:[- ](?:positive|positivity|seropositive|seropositivity|infection))?(?: infection)?"
    hiv = rf"(?:human immunodeficiency virus(?: \(hiv\))?|hiv){status}"
    if re.fullmatch(rf"{SUBJECT}{known}{hiv}", text):
        return Draft(({"kind": "hiv", "excluded": True},), "hiv_positive", ("hiv_positive",))
    hepatitis_b = r"(?:hepatitis b(?: virus)?(?: \(hbv\))?|hbv)"
    hepatitis_c = r"(?:hepatitis )?c(?: virus)?(?: \(hcv\))?(?: infection)?"
    hepatitis = rf"{known}{hepatitis_b}(?: or | and/or |/){hepatitis_c}"
    if re.fullmatch(rf"{SUBJECT}{hepatitis}", text):
        conditions = ({"kind": "hbv", "excluded": True}, {"kind": "hcv", "excluded": True})
        return Draft(conditions, "hbv_positive or hcv_positive", ("hbv_positive", "hcv_positive"))
    return None


def _age(text: str) -> Draft | None:
    who = r"(?:(?:males? (?:or|and) females?|men (?:or|and) women|male or female),? )?"
    years = r"years?(?: old| of age)?"
    at_least = [
        rf"{SUBJECT}{who}(?:age|aged) (?:>=|=>) (\d+) {years}",
        rf"{SUBJECT}{who}(?:age|aged)? ?(\d+) {years} (?:and|or) older",
        rf"{SUBJECT}{who}(?:at least|aged at least) (\d+) {years}(?: at the start of (?:the )?screening(?: visit)?)?",
        rf"{SUBJECT}{who}age must be >= (\d+) {years}",
    ]
    for pattern in at_least:
        match = re.fullmatch(pattern, text)
        if match:
            low = int(match.group(1))
            return Draft(({"kind": "age", "min": low},), f"age >= {low}", ())
    match = re.fullmatch(rf"{SUBJECT}{who}(?:age )?over (\d+) {years}", text)
    if match:
        low = int(match.group(1))
        return Draft(({"kind": "age", "min_exclusive": low},), f"age > {low}", ())
    between = [
        rf"{SUBJECT}{who}(?:aged? )?(\d+) ?- ?(\d+) {years}",
        rf"{SUBJECT}{who}(?:is )?(?:aged? )?between (\d+) and (\d+) {years}(?:,? inclusive)?",
    ]
    for pattern in between:
        match = re.fullmatch(pattern, text)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            return Draft(({"kind": "age", "min": low, "max": high},), f"age >= {low} and age <= {high}", ())
    return None
