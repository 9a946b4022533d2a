"""The calendar in the database, as the pure `WorkCalendar`, and deadlines from rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yifa.lib.workdays import DayUnit, Deadline, WorkCalendar, add_days
from yifa.workcal.dated import in_force
from yifa.workcal.models import CalendarDay, CalendarYear, DeadlineRule


def calendar_version() -> str:
    """e.g. "2004-2026@v771": changes whenever a year is loaded or edited."""
    years = list(CalendarYear.objects.order_by("year").values_list("year", "version"))
    if not years:
        return "none"
    return f"{years[0][0]}-{years[-1][0]}@v{sum(v for _, v in years)}"


_cache: dict[str, WorkCalendar] = {}


def load_calendar() -> WorkCalendar:
    """The current calendar; rebuilt only when its version changes."""
    version = calendar_version()
    if version not in _cache:
        _cache.clear()
        exceptions = dict(CalendarDay.objects.values_list("date", "is_workday"))
        years = frozenset(CalendarYear.objects.values_list("year", flat=True))
        _cache[version] = WorkCalendar(exceptions, years, version)
    return _cache[version]


class UnknownRule(LookupError):
    pass


def rule_on(code: str, day: dt.date) -> DeadlineRule:
    """The version of rule `code` in force on `day`."""
    rule = in_force(DeadlineRule.objects.filter(code=code), day).first()
    if rule is None:
        raise UnknownRule(code)
    return rule


@dataclass(frozen=True)
class RuleDeadline:
    rule: DeadlineRule
    start: dt.date
    deadline: Deadline


def apply_rule(code: str, start: dt.date) -> RuleDeadline:
    rule = rule_on(code, start)
    return RuleDeadline(rule, start, add_days(start, rule.count, DayUnit(rule.unit), load_calendar()))


def count_days(start: dt.date, count: int, unit: DayUnit) -> Deadline:
    return add_days(start, count, unit, load_calendar())
