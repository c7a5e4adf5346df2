"""Read a visitor's answers: one entry per question type says how to read and check an answer.

`QUESTION_TYPES` is the engine's side of the question-type registry; the page template has one macro per type and
the browser one widget per type (`questions.html.j2`, `static/widgets.js`), and a test keeps the three in step.
Problems are codes with values (`AnswerProblem("answer_between", min="0", max="80", unit="mg/dL")`); the wording
tables turn them into words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .rules import UNKNOWN

DONT_KNOW = ("unknown", "dont_know", "not_sure", "")
DAYS_PER_MONTH = 365.25 / 12
MONTHS_PER_DURATION_UNIT = {"days": 1 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "months": 1.0, "years": 12.0}
DURATION_UNITS = ("months", "years", "weeks", "days")
"""Units a duration may be answered in, in the order the page offers them; rules see months."""


def to_months(amount: float, unit: str) -> float:
    """Return a duration in months, rounded to 9 decimals so that 28 days, 4 weeks and `weeks(4)` are equal."""
    return round(amount * MONTHS_PER_DURATION_UNIT[unit], 9)


class AnswerProblem(Exception):
    """An answer is not valid for its question: a wording code and the values its words need."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values

    def as_json(self) -> dict[str, Any]:
        """Return `{"code": ..., "values": {...}}`."""
        return {"code": self.code, "values": self.values}


def format_number(number: float) -> str:
    """Write a number without a needless decimal part: 80, 1.5, 0.01."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _number(raw: Any, whole: bool) -> float:
    if isinstance(raw, str):
        try:
            raw = float(raw.strip().replace(",", "."))
        except ValueError:
            raw = None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not _finite(raw):
        raise AnswerProblem("answer_number")
    if whole and not float(raw).is_integer():
        raise AnswerProblem("answer_whole_number")
    return int(raw) if whole else float(raw)


def same_unit(a: str, b: str) -> bool:
    """Compare unit spellings, treating u, µ (micro sign) and μ (Greek mu) alike, and ignoring case."""

    def normal(unit: str) -> str:
        unit = unit.strip().lower().replace("μ", "µ")
        return "µ" + unit[1:] if unit.startswith("u") else unit

    return normal(a) == normal(b)


def _split_unit(raw: Any, units: list[str]) -> tuple[Any, str]:
    """Return (value, unit) from `{value, unit}` or a bare value in the first unit."""
    if isinstance(raw, Mapping):
        written = str(raw.get("unit", units[0]))
        unit = next((choice for choice in units if same_unit(choice, written)), None)
        if unit is None:
            raise AnswerProblem("answer_unit", units=units)
        return raw.get("value"), unit
    return raw, units[0]


def _in_range(value: float, question: Mapping[str, Any], unit: str = "", per_canonical: float = 1.0) -> float:
    """Return the value (in the canonical unit) when within the question's range; the message uses `unit`."""
    if not _finite(value):
        raise AnswerProblem("answer_number")
    low, high = question.get("min"), question.get("max")
    if (low is None or value >= low) and (high is None or value <= high):
        return value
    shown = {
        "min": None if low is None else format_number(round(low * per_canonical, 6)),
        "max": None if high is None else format_number(round(high * per_canonical, 6)),
        "unit": unit,
    }
    if low is not None and high is not None:
        raise AnswerProblem("answer_between", **shown)
    raise AnswerProblem("answer_at_least" if low is not None else "answer_at_most", **shown)


def _yes_no(raw: Any, question: Mapping[str, Any]) -> Any:
    if raw is True or raw == "yes":  # not 1 or 0, which equal True and False in Python
        return True
    if raw is False or raw == "no":
        return False
    raise AnswerProblem("answer_yes_no")


def _integer(raw: Any, question: Mapping[str, Any]) -> Any:
    return _in_range(_number(raw, whole=True), question)


def _plausible(value: float, unit: Mapping[str, Any]) -> bool:
    low, high = unit.get("plausible_min"), unit.get("plausible_max")
    return (low is None or value >= low) and (high is None or value <= high)


def _check_unit(value: float, unit: str, question: Mapping[str, Any]) -> None:
    """Refuse a value unusual in the chosen unit but usual in another: the visitor probably chose the wrong unit."""
    units = {choice["id"]: choice for choice in question["units"]}
    if _plausible(value, units[unit]):
        return
    fits = [choice["id"] for choice in question["units"] if choice["id"] != unit and _plausible(value, choice)]
    if fits:
        raise AnswerProblem("answer_check_unit", value=format_number(value), unit=unit, other=fits[0])


def _measurement(raw: Any, question: Mapping[str, Any]) -> Any:
    factors = {unit["id"]: unit.get("per_canonical") or 1.0 for unit in question["units"]}
    value, unit = _split_unit(raw, list(factors))
    number = _number(value, whole=False)
    if not (isinstance(raw, Mapping) and raw.get("unit_confirmed") is True):
        _check_unit(number, unit, question)
    return _in_range(number / factors[unit], question, unit, factors[unit])


def _duration(raw: Any, question: Mapping[str, Any]) -> Any:
    value, unit = _split_unit(raw, list(DURATION_UNITS))
    number = _number(value, whole=False)
    if number < 0:
        raise AnswerProblem("answer_duration_negative")
    return _in_range(to_months(number, unit), question, unit, 1 / MONTHS_PER_DURATION_UNIT[unit])


def _option_ids(question: Mapping[str, Any]) -> list[str]:
    return [option["id"] for option in question["options"]]


def _one_of(raw: Any, question: Mapping[str, Any]) -> Any:
    if raw not in _option_ids(question):
        raise AnswerProblem("answer_option", found=raw, options=_option_ids(question))
    return raw


def _many_of(raw: Any, question: Mapping[str, Any]) -> Any:
    choices = [raw] if isinstance(raw, str) else raw
    if not isinstance(choices, (list, tuple)) or any(choice not in _option_ids(question) for choice in choices):
        raise AnswerProblem("answer_option", found=raw, options=_option_ids(question))
    return tuple(dict.fromkeys(choices))


class QuestionKind(NamedTuple):
    """How the engine treats one question type: reading an answer and the keys a question of it has."""

    read: Callable[[Any, Mapping[str, Any]], Any]
    needs: tuple[str, ...] = ()
    """Keys a question of this type must have."""
    allows: tuple[str, ...] = ()
    """Keys it may have besides the ones every question may have (id, type, label, help, ask_if)."""
    accepts: str = ""
    """Wording key describing an accepted answer, for authors and answers files."""


QUESTION_TYPES: dict[str, QuestionKind] = {
    "yes_no": QuestionKind(_yes_no, accepts="accepts_yes_no"),
    "integer": QuestionKind(_integer, allows=("min", "max", "unit_label"), accepts="accepts_integer"),
    "number": QuestionKind(
        _measurement, needs=("units",), allows=("min", "max", "default_unit"), accepts="accepts_number"
    ),
    "duration": QuestionKind(_duration, allows=("min", "max"), accepts="accepts_duration"),
    "one_of": QuestionKind(_one_of, needs=("options",), accepts="accepts_one_of"),
    "many_of": QuestionKind(_many_of, needs=("options",), accepts="accepts_many_of"),
}
TYPE_SPECIFIC_KEYS = tuple(
    dict.fromkeys(key for kind in QUESTION_TYPES.values() for key in (*kind.needs, *kind.allows))
)
"""Keys some question types have and others must not."""


def is_dont_know(raw: Any) -> bool:
    """Tell whether an answer means "I don't know" (left out, null or an explicit word)."""
    if isinstance(raw, Mapping):
        return is_dont_know(raw.get("value"))
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in DONT_KNOW)


def read_answer(question: Mapping[str, Any], raw: Any) -> Any:
    """Return the answer in the question's canonical form, UNKNOWN for "I don't know"; raise AnswerProblem."""
    if is_dont_know(raw):
        return UNKNOWN
    return QUESTION_TYPES[question["type"]].read(raw, question)
