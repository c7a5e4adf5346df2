"""Check a visitor's answers against the questions and convert them to the units rules use."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .rules import UNKNOWN

Text = dict[str, str]

DONT_KNOW = ("unknown", "dont_know", "not_sure", "")
DAYS_PER_MONTH = 365.25 / 12
MONTHS_PER_DURATION_UNIT = {"days": 1 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "months": 1.0, "years": 12.0}
YES = (True, "yes")
NO = (False, "no")


class AnswerProblem(Exception):
    """An answer is not valid for its question; carries the message in every language."""

    def __init__(self, message: Text) -> None:
        super().__init__(message["en"])
        self.message = message


def _format(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _range_message(question: Mapping[str, Any]) -> Text:
    low, high = question.get("min"), question.get("max")
    unit = question["units"][0]["id"] if question.get("units") else ""
    unit = {"duration": "months"}.get(question["type"], unit)
    suffix = f" {unit}" if unit else ""
    zh_unit = {"months": "个月"}.get(unit, suffix)
    if low is not None and high is not None:
        return {
            "en": f"Enter a value from {_format(low)} to {_format(high)}{suffix}.",
            "zh": f"请输入{_format(low)}至{_format(high)}{zh_unit}之间的数值。",
        }
    if low is not None:
        return {
            "en": f"Enter a value of at least {_format(low)}{suffix}.",
            "zh": f"请输入不小于{_format(low)}{zh_unit}的数值。",
        }
    return {
        "en": f"Enter a value of at most {_format(high or 0)}{suffix}.",
        "zh": f"请输入不大于{_format(high or 0)}{zh_unit}的数值。",
    }


def _number(raw: Any, whole: bool) -> float:
    if isinstance(raw, str):
        try:
            raw = float(raw.strip().replace(",", "."))
        except ValueError:
            raw = None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not _finite(raw):
        raise AnswerProblem({"en": "Enter a number.", "zh": "请输入数字。"})
    if whole and not float(raw).is_integer():
        raise AnswerProblem({"en": "Enter a whole number.", "zh": "请输入整数。"})
    return int(raw) if whole else float(raw)


def same_unit(a: str, b: str) -> bool:
    """Compare unit spellings, treating u, µ (micro sign) and μ (Greek mu) alike, and ignoring case."""

    def normal(unit: str) -> str:
        unit = unit.strip().lower().replace("μ", "µ")
        return "µ" + unit[1:] if unit.startswith("u") else unit

    return normal(a) == normal(b)


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _split_unit(raw: Any, units: list[str]) -> tuple[Any, str]:
    """Return (value, unit) from `{value, unit}` or a bare value in the first unit."""
    if isinstance(raw, Mapping):
        written = str(raw.get("unit", units[0]))
        unit = next((choice for choice in units if same_unit(choice, written)), None)
        if unit is None:
            raise AnswerProblem(
                {
                    "en": f"Choose one of the units: {', '.join(units)}.",
                    "zh": f"请选择以下单位之一：{'、'.join(units)}。",
                }
            )
        return raw.get("value"), unit
    return raw, units[0]


def _in_range(value: float, question: Mapping[str, Any]) -> float:
    if not _finite(value):
        raise AnswerProblem({"en": "Enter a number.", "zh": "请输入数字。"})
    low, high = question.get("min"), question.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnswerProblem(_range_message(question))
    return value


def _yes_no(raw: Any, question: Mapping[str, Any]) -> Any:
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise AnswerProblem({"en": "Answer yes, no or I don't know.", "zh": "请回答“是”“否”或“不知道”。"})


def _integer(raw: Any, question: Mapping[str, Any]) -> Any:
    return _in_range(_number(raw, whole=True), question)


def _measurement(raw: Any, question: Mapping[str, Any]) -> Any:
    units = {unit["id"]: unit.get("per_canonical") or 1.0 for unit in question["units"]}
    value, unit = _split_unit(raw, list(units))
    return _in_range(_number(value, whole=False) / units[unit], question)


def _duration(raw: Any, question: Mapping[str, Any]) -> Any:
    value, unit = _split_unit(raw, ["months", *[u for u in MONTHS_PER_DURATION_UNIT if u != "months"]])
    number = _number(value, whole=False)
    if number < 0:
        raise AnswerProblem({"en": "Enter a length of time of 0 or more.", "zh": "请输入不小于0的时长。"})
    return _in_range(number * MONTHS_PER_DURATION_UNIT[unit], question)


def _option_ids(question: Mapping[str, Any]) -> list[str]:
    return [option["id"] for option in question["options"]]


def _not_an_option() -> AnswerProblem:
    return AnswerProblem({"en": "Choose one of the listed answers.", "zh": "请从所列选项中选择。"})


def _one_of(raw: Any, question: Mapping[str, Any]) -> Any:
    if raw not in _option_ids(question):
        raise _not_an_option()
    return raw


def _many_of(raw: Any, question: Mapping[str, Any]) -> Any:
    choices = [raw] if isinstance(raw, str) else raw
    if not isinstance(choices, (list, tuple)) or any(choice not in _option_ids(question) for choice in choices):
        raise _not_an_option()
    return tuple(dict.fromkeys(choices))


_READERS = {
    "yes_no": _yes_no,
    "integer": _integer,
    "number": _measurement,
    "duration": _duration,
    "one_of": _one_of,
    "many_of": _many_of,
}


def is_dont_know(raw: Any) -> bool:
    """Tell whether an answer means "I don't know" (left out, null or an explicit word)."""
    if isinstance(raw, Mapping):
        return is_dont_know(raw.get("value"))
    return raw is None or (isinstance(raw, str) and raw.strip().lower() in DONT_KNOW)


def read_answer(question: Mapping[str, Any], raw: Any) -> Any:
    """Return the answer in the question's canonical form, UNKNOWN for "I don't know"; raise AnswerProblem."""
    if is_dont_know(raw):
        return UNKNOWN
    return _READERS[question["type"]](raw, question)
