"""Compute MELD, MELD-Na and MELD 3.0 scores and convert their laboratory units."""

import math
from typing import Final

# Micromoles per litre in one mg/dL: divide a µmol/L value by these to get mg/dL.
BILIRUBIN_UMOL_L_PER_MG_DL: Final[float] = 17.1
CREATININE_UMOL_L_PER_MG_DL: Final[float] = 88.4

UNIT_MG_DL: Final[str] = "mg/dL"
# ASCII "u", MICRO SIGN (U+00B5) and GREEK SMALL LETTER MU (U+03BC).
UNITS_UMOL_L: Final[tuple[str, ...]] = ("umol/L", "\u00b5mol/L", "\u03bcmol/L")
ACCEPTED_UNITS: Final[tuple[str, ...]] = (UNIT_MG_DL, *UNITS_UMOL_L)

MELD_MAX: Final[int] = 40
LAB_FLOOR: Final[float] = 1.0
MELD_CREATININE_MAX: Final[float] = 4.0
MELD_3_CREATININE_MAX: Final[float] = 3.0
SODIUM_MIN: Final[float] = 125.0
SODIUM_MAX: Final[float] = 137.0
ALBUMIN_MIN: Final[float] = 1.5
ALBUMIN_MAX: Final[float] = 3.5
# MELD-Na applies the sodium term only when the initial MELD(i) exceeds this.
MELD_NA_SODIUM_THRESHOLD: Final[int] = 11


def _check_lab(name: str, value: float) -> float:
    """Return value as a float, raising ValueError unless it is positive and finite."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _clamp(value: float, low: float, high: float) -> float:
    """Return value limited to the closed interval [low, high]."""
    return min(max(value, low), high)


def _round_half_up(value: float) -> int:
    """Round to the nearest integer, halves away from zero (for positive values)."""
    # Exact for the score range: adding 0.5 cannot carry a value across an integer.
    return math.floor(value + 0.5)


def _to_mg_dl(name: str, value: float, unit: str, umol_l_per_mg_dl: float) -> float:
    """Convert a lab value in mg/dL or µmol/L to mg/dL, rejecting unknown units."""
    checked = _check_lab(name, value)
    if unit == UNIT_MG_DL:
        return checked
    if unit in UNITS_UMOL_L:
        return checked / umol_l_per_mg_dl
    accepted = ", ".join(repr(known) for known in ACCEPTED_UNITS)
    raise ValueError(f"unknown {name} unit {unit!r}; accepted units are {accepted}")


def bilirubin_mg_dl(value: float, unit: str) -> float:
    """Convert a bilirubin value in mg/dL or µmol/L (÷ 17.1) to mg/dL."""
    return _to_mg_dl("bilirubin", value, unit, BILIRUBIN_UMOL_L_PER_MG_DL)


def creatinine_mg_dl(value: float, unit: str) -> float:
    """Convert a creatinine value in mg/dL or µmol/L (÷ 88.4) to mg/dL."""
    return _to_mg_dl("creatinine", value, unit, CREATININE_UMOL_L_PER_MG_DL)


def _bounded_labs(
    creatinine: float,
    bilirubin: float,
    inr: float,
    dialysis: bool,
    creatinine_max: float,
) -> tuple[float, float, float]:
    """Validate creatinine, bilirubin and INR and apply the floor of 1.0 and the cap."""
    cr = _check_lab("creatinine_mg_dl", creatinine)
    bili = _check_lab("bilirubin_mg_dl", bilirubin)
    ratio = _check_lab("inr", inr)
    cr = creatinine_max if dialysis else _clamp(cr, LAB_FLOOR, creatinine_max)
    return cr, max(bili, LAB_FLOOR), max(ratio, LAB_FLOOR)


def meld_unrounded(
    creatinine_mg_dl: float,
    bilirubin_mg_dl: float,
    inr: float,
    dialysis: bool = False,
) -> float:
    """Return the original UNOS MELD with lab bounds, unrounded and not capped at 40."""
    cr, bili, ratio = _bounded_labs(creatinine_mg_dl, bilirubin_mg_dl, inr, dialysis, MELD_CREATININE_MAX)
    return 9.57 * math.log(cr) + 3.78 * math.log(bili) + 11.2 * math.log(ratio) + 6.43


def meld(
    creatinine_mg_dl: float,
    bilirubin_mg_dl: float,
    inr: float,
    dialysis: bool = False,
) -> int:
    """Return the original UNOS MELD (6 to 40), rounded half up."""
    raw = meld_unrounded(creatinine_mg_dl, bilirubin_mg_dl, inr, dialysis)
    return min(_round_half_up(raw), MELD_MAX)


def meld_na(
    creatinine_mg_dl: float,
    bilirubin_mg_dl: float,
    inr: float,
    sodium_mmol_l: float,
    dialysis: bool = False,
) -> int:
    """Return MELD-Na per OPTN/UNOS policy 9.1.D (January 2016), capped at 40."""
    cr, bili, ratio = _bounded_labs(creatinine_mg_dl, bilirubin_mg_dl, inr, dialysis, MELD_CREATININE_MAX)
    sodium = _clamp(_check_lab("sodium_mmol_l", sodium_mmol_l), SODIUM_MIN, SODIUM_MAX)
    initial = 0.957 * math.log(cr) + 0.378 * math.log(bili) + 1.120 * math.log(ratio)
    # Policy: round MELD(i) to the tenth, then multiply by 10, giving an integer.
    meld_i = _round_half_up((initial + 0.643) * 10)
    if meld_i <= MELD_NA_SODIUM_THRESHOLD:
        return meld_i
    deficit = SODIUM_MAX - sodium
    adjusted = meld_i + 1.32 * deficit - 0.033 * meld_i * deficit
    return min(_round_half_up(adjusted), MELD_MAX)


def meld_3(
    creatinine_mg_dl: float,
    bilirubin_mg_dl: float,
    inr: float,
    sodium_mmol_l: float,
    albumin_g_dl: float,
    female: bool,
    dialysis: bool = False,
) -> int:
    """Return MELD 3.0 (Kim et al., Gastroenterology 2021; OPTN 2023), capped at 40."""
    # Adult formula only: OPTN scores candidates registered at ages 12 to 17
    # with intercept 7.33 and no sex term, which this function does not cover.
    cr, bili, ratio = _bounded_labs(creatinine_mg_dl, bilirubin_mg_dl, inr, dialysis, MELD_3_CREATININE_MAX)
    sodium = _clamp(_check_lab("sodium_mmol_l", sodium_mmol_l), SODIUM_MIN, SODIUM_MAX)
    albumin = _clamp(_check_lab("albumin_g_dl", albumin_g_dl), ALBUMIN_MIN, ALBUMIN_MAX)
    ln_bili, ln_cr = math.log(bili), math.log(cr)
    sodium_deficit = SODIUM_MAX - sodium
    albumin_deficit = ALBUMIN_MAX - albumin
    raw = (
        1.33 * (1 if female else 0)
        + 4.56 * ln_bili
        + 0.82 * sodium_deficit
        - 0.24 * sodium_deficit * ln_bili
        + 9.09 * math.log(ratio)
        + 11.14 * ln_cr
        + 1.85 * albumin_deficit
        - 1.83 * albumin_deficit * ln_cr
        + 6
    )
    return min(_round_half_up(raw), MELD_MAX)
