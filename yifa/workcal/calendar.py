"""The calendar in the database, as the pure `WorkCalendar`, and deadlines from rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yifa.lib import refcache
from yifa.lib.bounds import check_business_date, check_period
from yifa.lib.errors import ActionError
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


class UnknownRule(ActionError, LookupError):
    """No version of a deadline rule is in force on the day asked about: a refusal (400) naming the
    rule, never a crash."""

    def __init__(self, code: str, day: dt.date) -> None:
        super().__init__(f"{day.isoformat()}没有施行中的期限规则“{code}”。",
                         f"No deadline rule '{code}' is in force on {day.isoformat()}.", field="rule")
        self.code, self.day = code, day


def rule_versions() -> dict[str, list[DeadlineRule]]:
    """Every deadline rule by code, newest start first (kept per process: refcache)."""
    return refcache.cached("deadline_rules", lambda: versions_by_code(DeadlineRule.objects.all()))


def rule_on(code: str, day: dt.date) -> DeadlineRule:
    """The version of rule `code` in force on `day`."""
    rule = version_on(rule_versions().get(code, ()), day)
    if rule is None:
        raise UnknownRule(code, day)
    return rule


@dataclass(frozen=True)
class RuleDeadline:
    rule: DeadlineRule
    start: dt.date
    deadline: Deadline


def apply_rule(code: str, start: dt.date) -> RuleDeadline:
    """The deadline of rule `code` (the version in force on `start`) counted from `start`: every
    statutory deadline is computed here, rolled over past a holiday when the rule says so."""
    rule = rule_on(code, start)
    return RuleDeadline(rule, start, _add_days(start, rule.count, DayUnit(rule.unit), rolls_over=rule.rolls_over))


def count_days(start: dt.date, count: int, unit: DayUnit, *, rolls_over: bool = False) -> Deadline:
    """An ad-hoc count (no rule); statutory periods go through apply_rule, which reads the
    rule's roll-over flag."""
    return _add_days(start, check_period(count), unit, rolls_over=rolls_over)


def _add_days(start: dt.date, count: int, unit: DayUnit, *, rolls_over: bool) -> Deadline:
    """The period counted on the calendar; a start date outside the window around today (where no
    holiday notice is or will be, and the count might run past year 9999) is refused."""
    check_business_date(start, "start", "起算日")
    try:
        return add_days(start, count, unit, load_calendar(), rolls_over=rolls_over)
    except OverflowError:
        raise ActionError("日期超出可计算范围。", "The date is out of the range that can be counted.", field="start") from None
