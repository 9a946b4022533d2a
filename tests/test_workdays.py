"""Legal periods: the pure function (with its properties, by Hypothesis), the database calendar,
and the statutory rules."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yifa.lib.workdays import DayUnit, WorkCalendar, add_days
from yifa.workcal.calendar import apply_rule, count_days, load_calendar, rule_on
from yifa.workcal.seed import exceptions_from_package, package_years

D = dt.date

# (start, count, unit, expected due, provisional) — OpenFisca-style cases on the 2024–2026 notices.
CASES = [
    # APL art. 85 worked example: 10-01..10-07 holidays, Saturday 10-10 a make-up working day.
    (D(2026, 9, 29), 7, "working", D(2026, 10, 14), False),
    (D(2026, 1, 10), 90, "calendar", D(2026, 4, 10), False),
    # Spring Festival 2026: 02-15..02-23 off; Saturday 02-14 and 02-28 are make-up working days.
    (D(2026, 2, 12), 2, "working", D(2026, 2, 14), False),
    (D(2026, 2, 13), 1, "working", D(2026, 2, 14), False),
    (D(2026, 2, 14), 1, "working", D(2026, 2, 24), False),
    # Labour Day 2025: 05-01..05-05 off; Sunday 04-27 a make-up working day.
    (D(2025, 4, 25), 1, "working", D(2025, 4, 27), False),
    # The start day is not counted, and zero days is the start day itself.
    (D(2026, 3, 2), 0, "working", D(2026, 3, 2), False),
    (D(2026, 3, 6), 1, "working", D(2026, 3, 9), False),
    # 2027 has no loaded notice: weekends only, marked provisional.
    (D(2026, 12, 30), 5, "working", D(2027, 1, 6), True),
    (D(2027, 3, 1), 5, "working", D(2027, 3, 8), True),
    (D(2027, 3, 1), 30, "calendar", D(2027, 3, 31), False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "count", "unit", "due", "provisional"), CASES)
def test_deadline_cases(start, count, unit, due, provisional):
    result = count_days(start, count, DayUnit(unit))
    assert (result.due, result.provisional) == (due, provisional)


def test_pure_function_uses_only_the_given_calendar():
    cal = WorkCalendar({D(2030, 1, 1): False, D(2030, 1, 5): True}, {2030}, "t1")
    assert add_days(D(2029, 12, 31), 1, DayUnit.WORKING, cal).due == D(2030, 1, 2)
    assert add_days(D(2030, 1, 4), 1, DayUnit.WORKING, cal).due == D(2030, 1, 5)
    assert add_days(D(2030, 1, 4), 1, DayUnit.WORKING, cal).provisional is False
    with pytest.raises(ValueError, match="count must not be negative"):
        add_days(D(2030, 1, 4), -1, DayUnit.WORKING, cal)


@pytest.mark.django_db
def test_calendar_seeded_for_2004_to_2026():
    cal = load_calendar()
    assert min(cal.loaded_years) == 2004
    assert max(cal.loaded_years) == 2026
    assert cal.is_workday(D(2026, 10, 10))
    assert not cal.is_workday(D(2026, 10, 7))


@pytest.mark.django_db
def test_rules_carry_citations_and_apply():
    r = apply_rule("APL_SERVICE", D(2026, 9, 29))
    assert r.deadline.due == D(2026, 10, 14)
    assert "第六十一条" in r.rule.citation
    # 01-25 is a Sunday: the payment period rolls over to Monday (民法典 203; tests/test_roll_over.py).
    assert apply_rule("APL_PAYMENT", D(2026, 1, 10)).deadline.due == D(2026, 1, 26)
    assert apply_rule("ALL_DECISION", D(2026, 9, 29)).deadline.due == D(2026, 11, 2)


@pytest.mark.django_db
def test_rules_are_effective_dated():
    from yifa.workcal.calendar import UnknownRule
    from yifa.workcal.models import DeadlineRule

    old = rule_on("APL_DECISION", D(2026, 1, 1))
    DeadlineRule.objects.filter(pk=old.pk).update(effective_to=D(2026, 12, 31))
    DeadlineRule.objects.create(code="APL_DECISION", name="新规", count=60, unit="calendar", trigger="立案之日",
                                citation="假设的修订", effective_from=D(2027, 1, 1))
    # Both last days fall on a weekend and roll over to Monday (the rule's flag, 民法典 203).
    assert apply_rule("APL_DECISION", D(2026, 6, 1)).deadline.due == D(2026, 8, 31)
    assert apply_rule("APL_DECISION", D(2027, 6, 1)).deadline.due == D(2027, 8, 2)
    with pytest.raises(UnknownRule):
        rule_on("APL_DECISION", D(2020, 1, 1))


@pytest.mark.django_db
def test_loading_a_new_year_ends_provisional_results_and_is_audited(supervisor):
    from yifa.audit.models import AuditEvent
    from yifa.workcal.actions import load_year

    assert count_days(D(2026, 12, 31), 1, DayUnit.WORKING).provisional
    load_year(2027, {D(2027, 1, 1): (False, "元旦")}, "国办发明电〔2026〕测试", acting_user=supervisor)
    result = count_days(D(2026, 12, 31), 1, DayUnit.WORKING)
    assert result.due == D(2027, 1, 4)
    assert not result.provisional
    assert AuditEvent.objects.filter(action="calendar.load_year").count() == 1


@pytest.mark.django_db
def test_calendar_edit_refuses_bad_days_and_outsiders(supervisor, officer_a):
    from yifa.lib.errors import ActionError
    from yifa.workcal.actions import load_year
    from yifa.workcal.models import CalendarYear

    with pytest.raises(ActionError):
        load_year(2027, {D(2027, 1, 2): (False, "周六本来休息")}, "x", acting_user=supervisor)
    with pytest.raises(ActionError):
        load_year(2027, {D(2027, 1, 1): (False, "元旦")}, "x", acting_user=officer_a)
    assert not CalendarYear.objects.filter(year=2027).exists()


# --- properties of add_days (Hypothesis) ----------------------------------------------------
#
# Over the real calendar: the exceptions of every year chinese-calendar has (the 2004–2026
# notices the release migration loads), with starts reaching into 2027–2028, which have no
# notice (weekends only, provisional). Let w1 < w2 < … be the working days strictly after
# `start`; add_days(start, n, WORKING) is w_n (and `start` itself for n = 0). Hence:
#   - monotone: n < m gives a strictly later due date, in both units;
#   - for n >= 1 a working-day period ends on a working day (n = 0 ends on `start`, any day);
#   - exactly n working days lie in (start, due];
#   - adding a then b equals adding a + b, for every start (working day or not) and every
#     a, b >= 0, in both units; the provisional mark of the sum is that of either part
#     (a working-day period is provisional iff a day it runs over has no notice loaded).

REAL = WorkCalendar(
    {d: w for year in package_years() for d, (w, _name) in exceptions_from_package(year).items()},
    frozenset(package_years()), "chinese-calendar",
)
starts = st.dates(min_value=D(min(package_years()), 1, 1), max_value=D(max(package_years()) + 2, 12, 31))
counts = st.integers(min_value=0, max_value=400)
units = st.sampled_from(DayUnit)
bounded = settings(max_examples=200, deadline=None)


@pytest.mark.django_db
def test_real_calendar_is_the_loaded_one():
    """The calendar the properties run on is the one the release migration loads."""
    loaded = load_calendar()
    assert (dict(loaded.exceptions), set(loaded.loaded_years)) == (dict(REAL.exceptions), set(REAL.loaded_years))
    assert not REAL.is_workday(D(2026, 10, 7))
    assert REAL.is_workday(D(2026, 10, 10))


@bounded
@given(start=starts, n=counts, m=counts, unit=units)
def test_add_days_is_strictly_monotone_in_the_count(start, n, m, unit):
    n, m = sorted((n, m))
    due_n, due_m = add_days(start, n, unit, REAL).due, add_days(start, m, unit, REAL).due
    assert due_n < due_m if n < m else due_n == due_m


@bounded
@given(start=starts, n=counts)
def test_working_day_period_ends_on_a_working_day_after_exactly_n_of_them(start, n):
    result = add_days(start, n, DayUnit.WORKING, REAL)
    if n == 0:
        assert result.due == start
    else:
        assert REAL.is_workday(result.due)
    days = [start + dt.timedelta(days=i) for i in range(1, (result.due - start).days + 1)]
    assert sum(REAL.is_workday(d) for d in days) == n
    assert result.provisional == any(not REAL.is_loaded(d) for d in days)


@bounded
@given(start=starts, a=counts, b=counts, unit=units)
def test_adding_a_then_b_is_adding_a_plus_b(start, a, b, unit):
    first = add_days(start, a, unit, REAL)
    second = add_days(first.due, b, unit, REAL)
    whole = add_days(start, a + b, unit, REAL)
    assert second.due == whole.due
    assert (first.provisional or second.provisional) == whole.provisional


@bounded
@given(start=starts, n=counts)
def test_calendar_days_ignore_the_notice(start, n):
    result = add_days(start, n, DayUnit.CALENDAR, REAL)
    assert (result.due, result.provisional) == (start + dt.timedelta(days=n), False)
    assert result == add_days(start, n, DayUnit.CALENDAR, WorkCalendar({}, (), REAL.version))
