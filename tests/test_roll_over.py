"""A period whose last day is a statutory holiday or rest day rolls to the next working day when its
rule says so (民法典 203; statutes.md §1): the flag on each rule, the one deadline function, the
shipped calendar's holidays and make-up working days (调休)."""

import datetime as dt
import functools
import io
import json

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import client_for
from yifa.lib.workdays import DayUnit, WorkCalendar, add_days
from yifa.workcal.calendar import apply_rule, load_calendar
from yifa.workcal.models import DeadlineRule
from yifa.workcal.seed import DATA_DIR

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(("start", "due"), [
    (D(2026, 9, 16), D(2026, 10, 8)),   # 10-01 National Day; 10-01..10-07 off
    (D(2025, 9, 16), D(2025, 10, 9)),   # 2025: 10-01..10-08 off
    (D(2024, 9, 16), D(2024, 10, 8)),   # 2024: 10-01..10-07 off
    (D(2026, 9, 25), D(2026, 10, 10)),  # ends on the make-up working Saturday 10-10: stays
    (D(2026, 9, 26), D(2026, 10, 12)),  # ends on Sunday 10-11: Monday
])
def test_fifteen_day_payment_ending_on_a_holiday_rolls_to_the_next_working_day(start, due):
    result = apply_rule("APL_PAYMENT", start)
    assert result.rule.rolls_over is True
    assert (result.deadline.due, result.deadline.provisional) == (due, False)


@pytest.mark.parametrize(("due_raw", "due"), [
    (D(2026, 2, 15), D(2026, 2, 24)),  # Spring Festival 2026 (02-15..02-23 off)
    (D(2026, 2, 14), D(2026, 2, 14)),  # a make-up working Saturday stays
    (D(2026, 2, 28), D(2026, 2, 28)),  # the other make-up Saturday stays
    (D(2026, 3, 7), D(2026, 3, 9)),    # an ordinary Saturday rolls to Monday
    (D(2025, 5, 1), D(2025, 5, 6)),    # Labour Day 2025 (05-01..05-05)
    (D(2026, 1, 4), D(2026, 1, 4)),    # Sunday 2026-01-04, a make-up working day
])
def test_rolling_over_holidays_and_make_up_days(due_raw, due):
    start = due_raw - dt.timedelta(days=90)
    result = apply_rule("APL_DECISION", start)
    assert result.deadline.due == due
    assert add_days(start, 90, DayUnit.CALENDAR, load_calendar()).due == due_raw  # the flag, nothing else


def test_a_rule_without_roll_over_keeps_its_last_day():
    """The seizure term is a maximum (ACL 25): it ends on its 30th day even on a holiday."""
    result = apply_rule("ACL_SEIZURE", D(2026, 9, 1))
    assert (result.rule.rolls_over, result.deadline.due) == (False, D(2026, 10, 1))
    assert "第二十五条" in result.rule.rolls_over_citation


def test_flag_edited_on_a_rule_changes_the_deadline():
    DeadlineRule.objects.filter(code="APL_PAYMENT").update(rolls_over=False)
    assert apply_rule("APL_PAYMENT", D(2026, 9, 16)).deadline.due == D(2026, 10, 1)


def test_every_shipped_rule_has_its_flag_and_citation():
    flags = {k: v for k, v in json.loads((DATA_DIR / "deadline_roll_over.json").read_text("utf-8")).items()
             if not k.startswith("_")}
    rules = list(DeadlineRule.objects.all())
    assert rules
    assert all(r.rolls_over_citation for r in rules)
    for rule in rules:
        expected = flags.get(rule.code, [True])[0]
        assert rule.rolls_over is expected, rule.code
    assert {"APL_PAYMENT", "APL_DECISION", "ACL_SEIZURE"} <= set(flags)
    assert all(DeadlineRule.objects.filter(code=c).exists() for c in flags)


def test_roll_over_into_a_year_without_notice_is_provisional():
    result = apply_rule("APL_PAYMENT", D(2026, 12, 20))  # 2027-01-04: no 2027 notice loaded
    assert result.deadline.provisional is True
    assert add_days(D(2026, 12, 20), 15, DayUnit.CALENDAR, load_calendar()).provisional is False


def test_calculator_command_and_api_roll_over(officer_a):
    out = io.StringIO()
    call_command("deadline", "--from", "2026-09-16", "--rule", "APL_PAYMENT", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == "2026-10-08"
    response = client_for(officer_a).get("/api/calendar/deadline?start=2026-09-16&rule=APL_PAYMENT")
    assert response.status_code == 200
    assert response.json()["due"] == "2026-10-08"


@settings(max_examples=200, deadline=None)
@given(start=st.dates(D(2004, 1, 1), D(2026, 11, 1)), n=st.integers(0, 120))
def test_rolled_due_is_the_first_working_day_on_or_after_the_plain_one(start, n):
    cal = _real()
    plain = start + dt.timedelta(days=n)
    rolled = add_days(start, n, DayUnit.CALENDAR, cal, rolls_over=True).due
    assert cal.is_workday(rolled)
    assert all(not cal.is_workday(plain + dt.timedelta(days=k)) for k in range((rolled - plain).days))


@functools.cache
def _real() -> WorkCalendar:
    """The shipped calendar (2004–2026), as chinese-calendar has it."""
    from yifa.workcal.seed import exceptions_from_package, package_years

    exceptions = {d: w for y in package_years() for d, (w, _) in exceptions_from_package(y).items()}
    return WorkCalendar(exceptions, frozenset(package_years()), "chinese-calendar")


def test_a_rule_entered_without_a_roll_over_citation_gets_the_general_one():
    from yifa.lib.validation import validated

    rule = DeadlineRule(code="LOCAL_X", name="地方时限", count=10, unit="calendar", trigger="某日", citation="本县规定",
                        rolls_over=True, rolls_over_citation="", effective_from=D(2026, 1, 1))
    validated(rule)
    assert "民法典》第二百零三条" in rule.rolls_over_citation
