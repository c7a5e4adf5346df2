"""Read the registry's partial dates ("2019", "2019-05", "2019-05-17") and ages ("18 Years", "6 Months")."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from trialsite.ctgov.record import RecordError

PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
AGE = re.compile(r"(?P<count>\d+)\s+(?P<unit>year|month|week|day|hour|minute)s?", re.IGNORECASE)
DAYS_PER_UNIT = {
    "years": Fraction(1461, 4),
    "months": Fraction(1461, 48),
    "weeks": Fraction(7),
    "days": Fraction(1),
    "hours": Fraction(1, 24),
    "minutes": Fraction(1, 1440),
}
AGE_UNITS = ("years", "months", "weeks", "days")


@dataclass(frozen=True)
class PartialDate:
    """A registry date that may lack its day or month."""

    year: int
    month: int | None
    day: int | None

    @property
    def full(self) -> datetime.date | None:
        """Return the date when it has a day, else None."""
        if self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)


def parse_partial_date(text: str, where: str) -> PartialDate:
    """Read a `yyyy`, `yyyy-MM` or `yyyy-MM-dd` date, raising `RecordError` for anything else."""
    match = PARTIAL_DATE.fullmatch(text.strip())
    if match is not None:
        year = int(match.group("year"))
        month = int(match.group("month")) if match.group("month") else None
        day = int(match.group("day")) if match.group("day") else None
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return PartialDate(year, month, day)
    raise RecordError(f"{where}: expected a date like 2019, 2019-05 or 2019-05-17, found {text!r}")


def parse_full_date(text: str, where: str) -> datetime.date:
    """Read a `yyyy-MM-dd` date, raising `RecordError` for anything else."""
    date = parse_partial_date(text, where).full
    if date is None:
        raise RecordError(f"{where}: expected a full date like 2019-05-17, found {text!r}")
    return date


@dataclass(frozen=True)
class Age:
    """An age limit as the registry writes it: a count and a unit (plural, lower case)."""

    count: int
    unit: str

    def __str__(self) -> str:
        return f"{self.count} {self.unit if self.count != 1 else self.unit[:-1]}"


def parse_age(text: str, where: str) -> Age:
    """Read an age like "18 Years" or "6 Months", raising `RecordError` for anything else."""
    match = AGE.fullmatch(text.strip())
    if match is None:
        raise RecordError(f"{where}: expected an age like 18 Years or 6 Months, found {text!r}")
    return Age(int(match.group("count")), match.group("unit").lower() + "s")


@dataclass(frozen=True)
class AgeRange:
    """Minimum and maximum age in one unit of the trial format, and whether a bound had to be rounded."""

    min: int | None
    max: int | None
    unit: str
    rounded: bool


def age_range(low: Age | None, high: Age | None) -> AgeRange:
    """Express both limits in the coarsest unit that holds them exactly; else in days, rounded outwards."""
    days = [None if age is None else age.count * DAYS_PER_UNIT[age.unit] for age in (low, high)]
    for unit in AGE_UNITS:
        counts = [None if value is None else value / DAYS_PER_UNIT[unit] for value in days]
        if all(count is None or count.denominator == 1 for count in counts):
            lower, upper = (None if count is None else int(count) for count in counts)
            return AgeRange(lower, upper, unit, rounded=False)
    low_days, high_days = days
    return AgeRange(
        None if low_days is None else math.floor(low_days),
        None if high_days is None else math.ceil(high_days),
        unit="days",
        rounded=True,
    )
