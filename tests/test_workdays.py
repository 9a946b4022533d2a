"""Legal periods: the pure function, the database calendar, and the statutory rules."""

import datetime as dt

import pytest

from yifa.lib.workdays import DayUnit, WorkCalendar, add_days
from yifa.workcal.calendar import apply_rule, count_days, load_calendar, rule_on

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
    assert apply_rule("APL_PAYMENT", D(2026, 1, 10)).deadline.due == D(2026, 1, 25)
    assert apply_rule("ALL_DECISION", D(2026, 9, 29)).deadline.due == D(2026, 11, 2)


@pytest.mark.django_db
def test_rules_are_effective_dated():
    from yifa.workcal.calendar import UnknownRule
    from yifa.workcal.models import DeadlineRule

    old = rule_on("APL_DECISION", D(2026, 1, 1))
    DeadlineRule.objects.filter(pk=old.pk).update(effective_to=D(2026, 12, 31))
    DeadlineRule.objects.create(code="APL_DECISION", name="新规", count=60, unit="calendar", trigger="立案之日",
                                citation="假设的修订", effective_from=D(2027, 1, 1))
    assert apply_rule("APL_DECISION", D(2026, 6, 1)).deadline.due == D(2026, 8, 30)
    assert apply_rule("APL_DECISION", D(2027, 6, 1)).deadline.due == D(2027, 7, 31)
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
