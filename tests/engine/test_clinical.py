"""Check MELD, MELD-Na and MELD 3.0 against published and hand-derived vectors."""

import math
import re
from collections.abc import Callable

import pytest

from trialsite.engine import clinical

# Every expected value below was worked out by hand from the published formulas
# (the arithmetic is written out beside each vector), never by calling the code
# under test.  ln(1) = 0, so floored labs contribute nothing.

# --- Published reference vectors -------------------------------------------


def test_meld_ameld_reference() -> None:
    """Match ampel-leipzig/ameld tests/testthat/test_meld.R (20.0391626, 20)."""
    # 9.57*ln(1.9)=6.1425 + 3.78*ln(4.2)=5.4246 + 11.2*ln(1.2)=2.0420 + 6.43 = 20.0392
    assert clinical.meld_unrounded(1.9, 4.2, 1.2) == pytest.approx(20.0391626, abs=1e-6)
    assert clinical.meld(1.9, 4.2, 1.2) == 20


def test_meld_transplantr_reference_si_units() -> None:
    """Match johnasher/transplantr tests/testthat/test_liver.R (24.798 from µmol/L)."""
    # Cr 170/88.4 = 1.92308 mg/dL, bili 54/17.1 = 3.15789 mg/dL, INR 2.0:
    # 9.57*ln(1.92308)=6.2581 + 3.78*ln(3.15789)=4.3466 + 11.2*ln(2)=7.7632
    # + 6.43 = 24.7980 -> 25
    creatinine = clinical.creatinine_mg_dl(170, "µmol/L")
    bilirubin = clinical.bilirubin_mg_dl(54, "µmol/L")
    assert clinical.meld_unrounded(creatinine, bilirubin, 2.0) == pytest.approx(24.798, abs=5e-4)
    assert clinical.meld(creatinine, bilirubin, 2.0) == 25


def test_meld_na_ameld_reference() -> None:
    """Match ameld's UNOS MELD-Na for Cr 1.9, bili 4.2, INR 1.2, Na 125 (28)."""
    # MELD(i) = 2.0039 -> 2.0 -> 20; 20 + 1.32*12 - 0.033*20*12 = 27.92 -> 28
    assert clinical.meld_na(1.9, 4.2, 1.2, 125) == 28


# --- Original MELD -----------------------------------------------------------


@pytest.mark.parametrize(
    ("creatinine", "bilirubin", "inr", "dialysis", "unrounded", "expected"),
    [
        # 9.57*ln(1) + 3.78*ln(1) + 11.2*ln(1) + 6.43 = 6.4300 -> 6
        pytest.param(1.0, 1.0, 1.0, False, 6.4300, 6, id="all-labs-1.0"),
        # Cr 0.5, bili 0.3, INR 0.8 all set to 1.0 -> 6.4300 -> 6
        pytest.param(0.5, 0.3, 0.8, False, 6.4300, 6, id="all-labs-below-1-floored"),
        # Cr 0.6 -> 1: 0 + 3.78*ln(3)=4.1528 + 11.2*ln(1.5)=4.5412 + 6.43
        # = 15.1240 -> 15
        pytest.param(0.6, 3.0, 1.5, False, 15.1240, 15, id="creatinine-0.6-floored"),
        # bili 0.4 -> 1: 9.57*ln(2)=6.6334 + 0 + 11.2*ln(2)=7.7632 + 6.43
        # = 20.8267 -> 21
        pytest.param(2.0, 0.4, 2.0, False, 20.8267, 21, id="bilirubin-0.4-floored"),
        # INR 0.9 -> 1: 9.57*ln(1.5)=3.8803 + 3.78*ln(2.5)=3.4636 + 0 + 6.43
        # = 13.7739 -> 14
        pytest.param(1.5, 2.5, 0.9, False, 13.7739, 14, id="inr-0.9-floored"),
        # 9.57*ln(4)=13.2668 + 0 + 0 + 6.43 = 19.6968 -> 20
        pytest.param(4.0, 1.0, 1.0, False, 19.6968, 20, id="creatinine-exactly-4.0"),
        # Cr 6.5 -> 4.0: 13.2668 + 6.43 = 19.6968 -> 20
        pytest.param(6.5, 1.0, 1.0, False, 19.6968, 20, id="creatinine-6.5-capped"),
        # dialysis, Cr 1.2 -> 4.0: 13.2668 + 3.78*ln(2)=2.6201
        # + 11.2*ln(1.3)=2.9385 + 6.43 = 25.2554 -> 25
        pytest.param(1.2, 2.0, 1.3, True, 25.2554, 25, id="dialysis-cr-1.2-to-4.0"),
        # dialysis, Cr 0.7 -> 4.0 (not floored to 1.0): 19.6968 -> 20
        pytest.param(0.7, 1.0, 1.0, True, 19.6968, 20, id="dialysis-cr-0.7-to-4.0"),
        # dialysis, Cr 9.0 -> 4.0: 19.6968 -> 20
        pytest.param(9.0, 1.0, 1.0, True, 19.6968, 20, id="dialysis-cr-9.0-to-4.0"),
        # 11.2*ln(2.055)=8.0671 + 6.43 = 14.4971 -> 14 (below MELD 15)
        pytest.param(1.0, 1.0, 2.055, False, 14.4971, 14, id="just-below-14.5"),
        # 11.2*ln(2.056)=8.0725 + 6.43 = 14.5025 -> 15 (reaches MELD 15)
        pytest.param(1.0, 1.0, 2.056, False, 14.5025, 15, id="just-above-14.5"),
        # 9.57*ln(2)=6.6334 + 3.78*ln(5)=6.0837 + 11.2*ln(2.755)=11.3503 + 6.43
        # = 30.4974 -> 30
        pytest.param(2.0, 5.0, 2.755, False, 30.4974, 30, id="just-below-30.5"),
        # 6.6334 + 6.0837 + 11.2*ln(2.756)=11.3543 + 6.43 = 30.5014 -> 31
        pytest.param(2.0, 5.0, 2.756, False, 30.5014, 31, id="just-above-30.5"),
        # 9.57*ln(3)=10.5137 + 3.78*ln(10)=8.7038 + 11.2*ln(3)=12.3045 + 6.43
        # = 37.9519 -> 38
        pytest.param(3.0, 10.0, 3.0, False, 37.9519, 38, id="38-below-cap"),
        # 13.2668 + 8.7038 + 11.2*ln(2.65)=10.9151 + 6.43 = 39.3157 -> 39
        pytest.param(4.0, 10.0, 2.65, False, 39.3157, 39, id="39.3-rounds-to-39"),
        # 13.2668 + 8.7038 + 11.2*ln(2.72)=11.2071 + 6.43 = 39.6077 -> 40
        pytest.param(4.0, 10.0, 2.72, False, 39.6077, 40, id="39.6-rounds-to-40"),
        # 13.2668 + 8.7038 + 11.2*ln(3)=12.3045 + 6.43 = 40.7051 -> 41 -> cap 40
        pytest.param(4.0, 10.0, 3.0, False, 40.7051, 40, id="40.7-capped-at-40"),
        # 13.2668 + 3.78*ln(30)=12.8565 + 11.2*ln(4)=15.5265 + 6.43
        # = 48.0799 -> cap 40 (the unrounded value keeps 48.08)
        pytest.param(4.0, 30.0, 4.0, False, 48.0799, 40, id="48.1-capped-at-40"),
    ],
)
def test_meld_vectors(
    creatinine: float,
    bilirubin: float,
    inr: float,
    dialysis: bool,
    unrounded: float,
    expected: int,
) -> None:
    """Compute MELD for hand-derived vectors."""
    raw = clinical.meld_unrounded(creatinine, bilirubin, inr, dialysis=dialysis)
    assert raw == pytest.approx(unrounded, abs=1e-4)
    assert clinical.meld(creatinine, bilirubin, inr, dialysis=dialysis) == expected


@pytest.mark.parametrize(
    ("creatinine", "inr", "tie", "expected"),
    [
        # Solve 11.2*ln(INR) + 6.43 = 14.5 for INR: exp(8.07/11.2) = 2.0555340947...
        # The float below is the one for which the left-to-right sum
        # 9.57*ln(1) + 3.78*ln(1) + 11.2*ln(INR) + 6.43 is exactly 14.5.
        pytest.param(1.0, 2.0555340947172094, 14.5, 15, id="exact-14.5-to-15"),
        # Solve 9.57*ln(4) + 11.2*ln(INR) + 6.43 = 30.5: INR = exp(10.8032/11.2)
        # = 2.62365431263885...; the middle one of the three floats that give
        # exactly 30.5.
        pytest.param(4.0, 2.6236543126388545, 30.5, 31, id="exact-30.5-to-31"),
    ],
)
def test_meld_rounds_half_up(creatinine: float, inr: float, tie: float, expected: int) -> None:
    """Round an exact .5 up, where Python's round() would go to the even integer."""
    raw = clinical.meld_unrounded(creatinine, 1.0, inr)
    assert raw == tie
    assert round(raw) == expected - 1  # banker's rounding: 14.5 -> 14, 30.5 -> 30
    assert clinical.meld(creatinine, 1.0, inr) == expected


# --- Units -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("convert", "value", "unit", "expected"),
    [
        # 17.1 / 17.1 = 1.0
        pytest.param(clinical.bilirubin_mg_dl, 17.1, "µmol/L", 1.0, id="bili-17.1-micro"),
        # 85.5 / 17.1 = 5.0
        pytest.param(clinical.bilirubin_mg_dl, 85.5, "umol/L", 5.0, id="bili-85.5-ascii"),
        # 34.2 / 17.1 = 2.0 (Greek small letter mu)
        pytest.param(clinical.bilirubin_mg_dl, 34.2, "μmol/L", 2.0, id="bili-34.2-greek"),
        pytest.param(clinical.bilirubin_mg_dl, 2.3, "mg/dL", 2.3, id="bili-mg-dl-as-is"),
        # 88.4 / 88.4 = 1.0
        pytest.param(clinical.creatinine_mg_dl, 88.4, "µmol/L", 1.0, id="cr-88.4-micro"),
        # 176.8 / 88.4 = 2.0
        pytest.param(clinical.creatinine_mg_dl, 176.8, "umol/L", 2.0, id="cr-176.8-ascii"),
        # 265.2 / 88.4 = 3.0
        pytest.param(clinical.creatinine_mg_dl, 265.2, "μmol/L", 3.0, id="cr-265.2-greek"),
        pytest.param(clinical.creatinine_mg_dl, 0.8, "mg/dL", 0.8, id="cr-mg-dl-as-is"),
    ],
)
def test_unit_conversion(convert: Callable[[float, str], float], value: float, unit: str, expected: float) -> None:
    """Convert bilirubin and creatinine to mg/dL."""
    assert convert(value, unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("unit", ["umol/L", "µmol/L", "μmol/L"])
def test_si_units_match_conventional_units(unit: str) -> None:
    """Give the same scores from µmol/L as from the equivalent mg/dL values."""
    # Cr 176.8 umol/L = 2.0 mg/dL, bili 85.5 umol/L = 5.0 mg/dL; with INR 2.756
    # MELD = 30.5014 -> 31 (see "just-above-30.5"); MELD-Na with Na 131:
    # MELD(i) = 0.957*ln(2) + 0.378*ln(5) + 1.120*ln(2.756) + 0.643 = 3.0501
    # -> 3.1 -> 31; 31 + 1.32*6 - 0.033*31*6 = 32.782 -> 33.
    # MELD 3.0, male, Na 131, alb 3.0: 4.56*ln(5)=7.3390 + 0.82*6=4.92
    # - 0.24*6*ln(5)=2.3176 + 9.09*ln(2.756)=9.2153 + 11.14*ln(2)=7.7217
    # + 1.85*0.5=0.925 - 1.83*0.5*ln(2)=0.6342 + 6 = 33.1691 -> 33
    creatinine = clinical.creatinine_mg_dl(176.8, unit)
    bilirubin = clinical.bilirubin_mg_dl(85.5, unit)
    assert clinical.meld(creatinine, bilirubin, 2.756) == 31
    assert clinical.meld(2.0, 5.0, 2.756) == 31
    assert clinical.meld_unrounded(creatinine, bilirubin, 2.756) == pytest.approx(
        clinical.meld_unrounded(2.0, 5.0, 2.756), abs=1e-12
    )
    assert clinical.meld_na(creatinine, bilirubin, 2.756, 131) == 33
    assert clinical.meld_na(2.0, 5.0, 2.756, 131) == 33
    assert clinical.meld_3(creatinine, bilirubin, 2.756, 131, 3.0, female=False) == 33
    assert clinical.meld_3(2.0, 5.0, 2.756, 131, 3.0, female=False) == 33


# --- MELD-Na (OPTN/UNOS 2016) ------------------------------------------------
# MELD(i) = 0.957 ln(Cr) + 0.378 ln(bili) + 1.120 ln(INR) + 0.643, rounded to
# the tenth and multiplied by 10 (so it is an integer); if MELD(i) > 11:
# MELD(i) + 1.32 (137 - Na) - 0.033 MELD(i) (137 - Na), Na bounded 125..137.


@pytest.mark.parametrize(
    ("creatinine", "bilirubin", "inr", "sodium", "dialysis", "expected"),
    [
        # MELD(i) = 0.957*ln(1.9) + 0.378*ln(4.2) + 1.120*ln(1.2) + 0.643
        # = 2.0039 -> 2.0 -> 20; Na 137: 20 + 0 = 20
        pytest.param(1.9, 4.2, 1.2, 137, False, 20, id="na-137-no-change"),
        # Na 145 -> 137: 20
        pytest.param(1.9, 4.2, 1.2, 145, False, 20, id="na-145-bounded-to-137"),
        # Na 120 -> 125: 20 + 1.32*12 - 0.033*20*12 = 27.92 -> 28
        pytest.param(1.9, 4.2, 1.2, 120, False, 28, id="na-120-bounded-to-125"),
        # Na 130: 20 + 1.32*7 - 0.033*20*7 = 24.62 -> 25
        pytest.param(1.9, 4.2, 1.2, 130, False, 25, id="na-130"),
        # 0.957*ln(1.2) + 0.378*ln(1.5) + 1.120*ln(1.1) + 0.643 = 1.0775
        # -> 1.1 -> 11; 11 is not > 11, so Na 125 is ignored -> 11
        pytest.param(1.2, 1.5, 1.1, 125, False, 11, id="meld-i-11-no-na-term"),
        # 0.957*ln(1.2) + 0.378*ln(1.5) + 1.120*ln(1.15) + 0.643 = 1.1273
        # -> 1.1 -> 11 -> no sodium term -> 11 (MELD(i) is rounded first; an
        # unrounded 11.27 > 11 would instead have given 22.7 -> 23)
        pytest.param(1.2, 1.5, 1.15, 125, False, 11, id="meld-i-11.27-rounds-to-11"),
        # 0.957*ln(1.3) + 0.378*ln(1.6) + 1.120*ln(1.12) + 0.643 = 1.1987
        # -> 1.2 -> 12 > 11: 12 + 1.32*12 - 0.033*12*12 = 23.088 -> 23
        pytest.param(1.3, 1.6, 1.12, 125, False, 23, id="meld-i-12-na-term"),
        # 1.120*ln(1.4) + 0.643 = 1.0198 -> 1.0 -> 10 -> no sodium term -> 10
        pytest.param(1.0, 1.0, 1.4, 128, False, 10, id="meld-i-10-na-ignored"),
        # all labs -> 1.0: 0.643 -> 0.6 -> 6 -> 6
        pytest.param(0.8, 0.6, 0.9, 125, False, 6, id="all-labs-floored"),
        # 0.957*ln(1.1) + 0.378*ln(2) + 1.120*ln(1.4) + 0.643 = 1.3731 -> 14;
        # 14 + 1.32*6 - 0.033*14*6 = 19.148 -> 19
        pytest.param(1.1, 2.0, 1.4, 131, False, 19, id="meld-i-14-na-131"),
        # dialysis, Cr 0.9 -> 4.0: 0.957*ln(4) + 0.643 = 1.9697 -> 2.0 -> 20;
        # 20 + 1.32*7 - 0.033*20*7 = 24.62 -> 25
        pytest.param(0.9, 1.0, 1.0, 130, True, 25, id="dialysis-cr-to-4.0"),
        # Cr 9 -> 4: 0.957*ln(4) + 0.378*ln(30) + 1.120*ln(4) + 0.643 = 4.8080
        # -> 48; 48 + 1.32*12 - 0.033*48*12 = 44.832 -> cap 40
        pytest.param(9.0, 30.0, 4.0, 125, False, 40, id="44.8-capped-at-40"),
        # 0.957*ln(4) + 0.378*ln(25) + 1.120*ln(3.2) + 0.643 = 4.4891 -> 45;
        # Na 137: 45 -> cap 40
        pytest.param(4.0, 25.0, 3.2, 137, False, 40, id="45-capped-at-40"),
        # 0.957*ln(1.5) + 0.378*ln(2.2) + 1.120*ln(1.7) + 0.643 = 1.9234 -> 19;
        # 19 + 1.32*5.5 - 0.033*19*5.5 = 22.8115 -> 23
        pytest.param(1.5, 2.2, 1.7, 131.5, False, 23, id="fractional-na-131.5"),
    ],
)
def test_meld_na_vectors(
    creatinine: float,
    bilirubin: float,
    inr: float,
    sodium: float,
    dialysis: bool,
    expected: int,
) -> None:
    """Compute MELD-Na for hand-derived vectors."""
    score = clinical.meld_na(creatinine, bilirubin, inr, sodium, dialysis=dialysis)
    assert score == expected


def test_meld_na_si_units() -> None:
    """Score MELD-Na from the transplantr µmol/L labs with Na 130."""
    # Cr 170/88.4 = 1.92308, bili 54/17.1 = 3.15789, INR 2.0:
    # 0.957*ln(1.92308) + 0.378*ln(3.15789) + 1.120*ln(2) + 0.643 = 2.4798
    # -> 2.5 -> 25; 25 + 1.32*7 - 0.033*25*7 = 28.465 -> 28
    creatinine = clinical.creatinine_mg_dl(170, "umol/L")
    bilirubin = clinical.bilirubin_mg_dl(54, "umol/L")
    assert clinical.meld_na(creatinine, bilirubin, 2.0, 130) == 28


# --- MELD 3.0 (Kim et al. 2021; OPTN 2023) ---------------------------------
# 1.33 female + 4.56 ln(bili) + 0.82 (137 - Na) - 0.24 (137 - Na) ln(bili)
# + 9.09 ln(INR) + 11.14 ln(Cr) + 1.85 (3.5 - alb) - 1.83 (3.5 - alb) ln(Cr) + 6
# Terms below are listed in that order.


@pytest.mark.parametrize(
    ("creatinine", "bilirubin", "inr", "sodium", "albumin", "female", "expected"),
    [
        # every term 0: 6.0000 -> 6
        pytest.param(1.0, 1.0, 1.0, 137, 3.5, False, 6, id="male-all-normal"),
        # 1.33 + 6 = 7.3300 -> 7
        pytest.param(1.0, 1.0, 1.0, 137, 3.5, True, 7, id="female-all-normal"),
        # Cr 0.7, bili 0.5, INR 0.9 -> 1; Na 140 -> 137; alb 4.5 -> 3.5: 6
        pytest.param(0.7, 0.5, 0.9, 140, 4.5, False, 6, id="male-all-bounded"),
        # 0 + 6.5440 + 5.7400 - 2.4109 + 1.6573 + 7.1503 + 1.2950 - 0.8222 + 6
        # = 25.1534 -> 25
        pytest.param(1.9, 4.2, 1.2, 130, 2.8, False, 25, id="male-typical"),
        # 1.3300 + the same = 26.4834 -> 26
        pytest.param(1.9, 4.2, 1.2, 130, 2.8, True, 26, id="female-typical"),
        # 0 + 5.0097 + 2.4600 - 0.7910 + 3.0585 + 0 + 1.85*2=3.7000 - 0 + 6
        # = 19.4372 -> 19
        pytest.param(1.0, 3.0, 1.4, 134, 1.5, False, 19, id="albumin-1.5"),
        # alb 0.8 -> 1.5: 19.4372 -> 19 (unbounded, 1.85*2.7 would give 20.7)
        pytest.param(1.0, 3.0, 1.4, 134, 0.8, False, 19, id="albumin-0.8-bounded"),
        # 0 + 5.0097 + 2.4600 - 0.7910 + 3.0585 + 0 + 0 - 0 + 6 = 15.7372 -> 16
        pytest.param(1.0, 3.0, 1.4, 134, 3.5, False, 16, id="albumin-3.5"),
        # alb 4.5 -> 3.5: 15.7372 -> 16 (unbounded, -1.85 would give 13.9)
        pytest.param(1.0, 3.0, 1.4, 134, 4.5, False, 16, id="albumin-4.5-bounded"),
        # 0 + 3.1608 + 1.6400 - 0.3327 + 3.6857 + 12.2385 + 0.9250 - 1.0052 + 6
        # = 26.3120 -> 26
        pytest.param(3.0, 2.0, 1.5, 135, 3.0, False, 26, id="creatinine-3.0"),
        # Cr 3.6 -> 3.0: 26.3120 -> 26
        pytest.param(3.6, 2.0, 1.5, 135, 3.0, False, 26, id="creatinine-3.6-capped"),
        # 0 + 6.5440 + 9.8400 - 4.1330 + 1.6573 + 7.1503 + 1.2950 - 0.8222 + 6
        # = 27.5313 -> 28
        pytest.param(1.9, 4.2, 1.2, 125, 2.8, False, 28, id="sodium-125"),
        # Na 120 -> 125: 27.5313 -> 28
        pytest.param(1.9, 4.2, 1.2, 120, 2.8, False, 28, id="sodium-120-bounded"),
        # 0 + 4.56*ln(1.8)=2.6803 + 3.2800 - 0.5643 + 2.3849 + 2.0311 + 0.5550
        # - 0.1001 + 6 = 16.2669 -> 16
        pytest.param(1.2, 1.8, 1.3, 133, 3.2, False, 16, id="male-mild"),
        # 0 + 11.3312 + 7.3800 - 5.3674 + 9.3592 + 10.2075 + 2.4050 - 2.1799
        # + 6 = 39.1356 -> 39
        pytest.param(2.5, 12.0, 2.8, 128, 2.2, False, 39, id="male-39-below-cap"),
        # 1.3300 + 13.6605 + 9.8400 - 8.6277 + 11.3876 + 12.2385 + 2.7750
        # - 3.0157 + 6 = 45.5883 -> cap 40
        pytest.param(3.0, 20.0, 3.5, 125, 2.0, True, 40, id="female-45.6-capped"),
    ],
)
def test_meld_3_vectors(
    creatinine: float,
    bilirubin: float,
    inr: float,
    sodium: float,
    albumin: float,
    female: bool,
    expected: int,
) -> None:
    """Compute MELD 3.0 for hand-derived vectors."""
    score = clinical.meld_3(creatinine, bilirubin, inr, sodium, albumin, female)
    assert score == expected


def test_meld_3_dialysis_forces_creatinine_3() -> None:
    """Use creatinine 3.0 for a dialysed candidate, whatever the measured value."""
    # Cr 1.1 -> 3.0, as in "creatinine-3.0": 26.3120 -> 26
    assert clinical.meld_3(1.1, 2.0, 1.5, 135, 3.0, False, dialysis=True) == 26
    # Cr 1.1 without dialysis: 3.1608 + 1.6400 - 0.3327 + 3.6857
    # + 11.14*ln(1.1)=1.0618 + 0.9250 - 1.83*0.5*ln(1.1)=0.0872 + 6 = 16.0533 -> 16
    assert clinical.meld_3(1.1, 2.0, 1.5, 135, 3.0, False) == 16


def test_meld_3_si_units_female() -> None:
    """Score MELD 3.0 from the transplantr µmol/L labs for a woman."""
    # Cr 1.92308, bili 3.15789, INR 2, Na 132, alb 3.1: 1.3300 + 5.2436
    # + 4.1000 - 1.3799 + 6.3007 + 7.2847 + 0.7400 - 0.4787 + 6 = 29.1405 -> 29
    creatinine = clinical.creatinine_mg_dl(170, "μmol/L")
    bilirubin = clinical.bilirubin_mg_dl(54, "μmol/L")
    assert clinical.meld_3(creatinine, bilirubin, 2.0, 132, 3.1, True) == 29


# --- Invalid input -----------------------------------------------------------

NAN = math.nan
UNITS = "'mg/dL', 'umol/L', 'µmol/L', 'μmol/L'"


def _positive(name: str, shown: str) -> str:
    """Return the expected message for a non-positive or non-finite lab value."""
    return f"{name} must be a positive finite number, got {shown}"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: clinical.meld(0, 1.0, 1.0),
            _positive("creatinine_mg_dl", "0"),
            id="meld-creatinine-zero",
        ),
        pytest.param(
            lambda: clinical.meld(0, 1.0, 1.0, dialysis=True),
            _positive("creatinine_mg_dl", "0"),
            id="meld-creatinine-zero-with-dialysis",
        ),
        pytest.param(
            lambda: clinical.meld(1.0, -2.0, 1.0),
            _positive("bilirubin_mg_dl", "-2.0"),
            id="meld-bilirubin-negative",
        ),
        pytest.param(
            lambda: clinical.meld(1.0, 1.0, NAN),
            _positive("inr", "nan"),
            id="meld-inr-nan",
        ),
        pytest.param(
            lambda: clinical.meld(math.inf, 1.0, 1.0),
            _positive("creatinine_mg_dl", "inf"),
            id="meld-creatinine-inf",
        ),
        pytest.param(
            lambda: clinical.meld_unrounded(1.0, 0.0, 1.0),
            _positive("bilirubin_mg_dl", "0.0"),
            id="meld-unrounded-bilirubin-zero",
        ),
        pytest.param(
            lambda: clinical.meld_na(-1.0, 1.0, 1.0, 130),
            _positive("creatinine_mg_dl", "-1.0"),
            id="meld-na-creatinine-negative",
        ),
        pytest.param(
            lambda: clinical.meld_na(1.0, 1.0, 1.0, 0),
            _positive("sodium_mmol_l", "0"),
            id="meld-na-sodium-zero",
        ),
        pytest.param(
            lambda: clinical.meld_na(1.0, 1.0, 1.0, NAN),
            _positive("sodium_mmol_l", "nan"),
            id="meld-na-sodium-nan",
        ),
        pytest.param(
            lambda: clinical.meld_3(1.0, 1.0, 0.0, 137, 3.5, False),
            _positive("inr", "0.0"),
            id="meld-3-inr-zero",
        ),
        pytest.param(
            lambda: clinical.meld_3(1.0, 1.0, 1.0, -137, 3.5, False),
            _positive("sodium_mmol_l", "-137"),
            id="meld-3-sodium-negative",
        ),
        pytest.param(
            lambda: clinical.meld_3(1.0, 1.0, 1.0, 137, 0, True),
            _positive("albumin_g_dl", "0"),
            id="meld-3-albumin-zero",
        ),
        pytest.param(
            lambda: clinical.meld_3(1.0, 1.0, 1.0, 137, NAN, True),
            _positive("albumin_g_dl", "nan"),
            id="meld-3-albumin-nan",
        ),
        pytest.param(
            lambda: clinical.bilirubin_mg_dl(0, "mg/dL"),
            _positive("bilirubin", "0"),
            id="bilirubin-zero",
        ),
        pytest.param(
            lambda: clinical.creatinine_mg_dl(NAN, "umol/L"),
            _positive("creatinine", "nan"),
            id="creatinine-nan",
        ),
        pytest.param(
            lambda: clinical.creatinine_mg_dl(-88.4, "µmol/L"),
            _positive("creatinine", "-88.4"),
            id="creatinine-negative",
        ),
        pytest.param(
            lambda: clinical.bilirubin_mg_dl(1.0, "mmol/L"),
            f"unknown bilirubin unit 'mmol/L'; accepted units are {UNITS}",
            id="bilirubin-unit-mmol",
        ),
        pytest.param(
            lambda: clinical.creatinine_mg_dl(1.0, "mg/dl"),
            f"unknown creatinine unit 'mg/dl'; accepted units are {UNITS}",
            id="creatinine-unit-wrong-case",
        ),
        pytest.param(
            lambda: clinical.creatinine_mg_dl(1.0, ""),
            f"unknown creatinine unit ''; accepted units are {UNITS}",
            id="creatinine-unit-empty",
        ),
    ],
)
def test_invalid_input(call: Callable[[], object], message: str) -> None:
    """Reject bad lab values and unknown units with a message naming them."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$") as excinfo:
        call()
    assert str(excinfo.value) == message
