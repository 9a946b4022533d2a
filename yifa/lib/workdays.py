"""Counting legal periods: one pure function over a holiday calendar.

The law counts from the day after the triggering event (the start day is not
counted). Working days skip weekends and statutory holidays but include the make-up
working days (调休) of the State Council's yearly notice. Years whose notice is not
loaded are counted on weekends only, and the result is marked provisional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum


class DayUnit(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


@dataclass(frozen=True)
class WorkCalendar:
    """The published calendar: exceptions to "Monday–Friday work".

    `exceptions` maps a date to True (a make-up working day on a weekend) or False (a
    holiday on a weekday); `loaded_years` are the years whose notice is in it.
    """

    exceptions: Mapping[dt.date, bool]
    loaded_years: Collection[int]
    version: str = ""

    def is_workday(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_loaded(self, day: dt.date) -> bool:
        return day.year in self.loaded_years


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    provisional: bool
    calendar_version: str

    def __str__(self) -> str:
        return self.due.isoformat() + (" (provisional)" if self.provisional else "")


def add_days(start: dt.date, count: int, unit: DayUnit, calendar: WorkCalendar) -> Deadline:
    """The last day of a period of `count` days beginning the day after `start`."""
    if count < 0:
        raise ValueError("count must not be negative")
    if unit is DayUnit.CALENDAR:
        # Calendar days do not depend on the holiday notice, so never provisional.
        return Deadline(start + dt.timedelta(days=count), False, calendar.version)
    day, counted, provisional = start, 0, False
    while counted < count:
        day += dt.timedelta(days=1)
        provisional = provisional or not calendar.is_loaded(day)
        if calendar.is_workday(day):
            counted += 1
    return Deadline(day, provisional, calendar.version)
