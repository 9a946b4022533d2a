"""The calendar in the database, as the pure `WorkCalendar`, and deadlines from rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yifa.lib import refcache
from yifa.lib.workdays import DayUnit, Deadline, WorkCalendar, add_days
from yifa.workcal.dated import version_on, versions_by_code
from yifa.workcal.models import CalendarDay, CalendarYear, DeadlineRule


def _read_version() -> str:
    years = list(CalendarYear.objects.order_by("year").values_list("year", "version"))
    if not years:
        return "none"
    return f"{years[0][0]}-{years[-1][0]}@v{sum(v for _, v in years)}"


def _read_calendar() -> WorkCalendar:
    exceptions = dict(CalendarDay.objects.values_list("date", "is_workday"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(exceptions, years, _read_version())


def calendar_version() -> str:
    """e.g. "2004-2026@v771": changes whenever a year is loaded or edited."""
    return load_calendar().version


def load_calendar() -> WorkCalendar:
    """The current calendar, kept per process until the reference data changes (refcache)."""
    return refcache.cached("calendar", _read_calendar)


class UnknownRule(LookupError):
    pass


def rule_versions() -> dict[str, list[DeadlineRule]]:
    """Every deadline rule by code, newest start first (kept per process: refcache)."""
    return refcache.cached("deadline_rules", lambda: versions_by_code(DeadlineRule.objects.all()))


def rule_on(code: str, day: dt.date) -> DeadlineRule:
    """The version of rule `code` in force on `day`."""
    rule = version_on(rule_versions().get(code, ()), day)
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
