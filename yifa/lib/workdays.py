"""Counting legal periods: one pure function over a holiday calendar.

The law counts from the day after the triggering event (the start day is not
counted). Working days skip weekends and statutory holidays but include the make-up
working days (调休) of the State Council's yearly notice. Years whose notice is not
loaded are counted on weekends only, and the result is marked provisional.

A period whose last day is a statutory holiday or rest day ends on the next working day when its
rule says so (`rolls_over`: 民法典 art. 203 and the sector procedure rules); a working-day period
always ends on a working day, so the flag matters only for calendar days.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
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


def add_days(start: dt.date, count: int, unit: DayUnit, calendar: WorkCalendar, *,
             rolls_over: bool = False) -> Deadline:
    """The last day of a period of `count` days beginning the day after `start`; with
    `rolls_over`, a last day that is not a working day moves to the next working day."""
    if count < 0:
        raise ValueError("count must not be negative")
    if unit is DayUnit.CALENDAR:
        due = start + dt.timedelta(days=count)
        if not rolls_over:
            # Calendar days do not depend on the holiday notice, so never provisional.
            return Deadline(due, False, calendar.version)
        return roll_over(due, calendar)
    day, counted, provisional = start, 0, False
    while counted < count:
        day += dt.timedelta(days=1)
        provisional = provisional or not calendar.is_loaded(day)
        if calendar.is_workday(day):
            counted += 1
    return Deadline(day, provisional, calendar.version)


def roll_over(due: dt.date, calendar: WorkCalendar) -> Deadline:
    """`due`, or the first working day after it when it is a holiday or rest day (民法典 art. 203).
    Provisional when a day looked at has no published notice (it might yet be a holiday)."""
    provisional = not calendar.is_loaded(due)
    while not calendar.is_workday(due):
        due += dt.timedelta(days=1)
        provisional = provisional or not calendar.is_loaded(due)
    return Deadline(due, provisional, calendar.version)


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or that month's last day when it has none (民法典 202:
    a period in months ends on the corresponding day of the last month)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))
