"""The functions rules may call, by name."""

from __future__ import annotations

from typing import Any

from . import clinical
from .answers import to_months
from .rules import UNCLEAR, UNKNOWN, Calculated, Function, is_unknown


def _meld(creatinine: float, bilirubin: float, inr: float, dialysis: bool) -> Calculated:
    return Calculated(clinical.meld(creatinine, bilirubin, inr, dialysis=bool(dialysis)), "MELD")


def _meld_na(creatinine: float, bilirubin: float, inr: float, sodium: float, dialysis: bool) -> Calculated:
    return Calculated(clinical.meld_na(creatinine, bilirubin, inr, sodium, dialysis=bool(dialysis)), "MELD-Na")


def _meld_3(
    creatinine: float, bilirubin: float, inr: float, sodium: float, albumin: float, female: bool, dialysis: bool
) -> Calculated:
    score = clinical.meld_3(creatinine, bilirubin, inr, sodium, albumin, female=bool(female), dialysis=bool(dialysis))
    return Calculated(score, "MELD 3.0")


def _first_known(*values: Any) -> Any:
    return next((value for value in values if not is_unknown(value)), UNKNOWN)


FUNCTIONS: dict[str, Function] = {
    "meld": Function(_meld),
    "meld_na": Function(_meld_na),
    "meld_3": Function(_meld_3),
    "min": Function(min),
    "max": Function(max),
    "abs": Function(abs),
    "first_known": Function(_first_known, strict=False),
    "known": Function(lambda value: not is_unknown(value), strict=False),
    "unclear": Function(lambda: UNCLEAR, strict=False),
    "days": Function(lambda amount: to_months(amount, "days")),
    "weeks": Function(lambda amount: to_months(amount, "weeks")),
    "months": Function(lambda amount: to_months(amount, "months")),
    "years": Function(lambda amount: to_months(amount, "years")),
}
"""Rule functions: `meld(creatinine_mg_dl, bilirubin_mg_dl, inr, dialysis)`, `meld_na(..., sodium, dialysis)`,
`meld_3(..., sodium, albumin_g_dl, female, dialysis)`, `min`, `max`, `abs`, `first_known(a, b, ...)` (the first
answered value), `known(x)` (whether x is answered), `unclear()` (UNCLEAR: no answer can decide it; the criterion's
`unclear` text says why), and `days(n)`, `weeks(n)`, `months(n)`, `years(n)`: a duration for comparing with a duration
answer (which rules see in months), so a rule can say `since_surgery < weeks(4)` as the criterion does."""
