"""Enforcing a penalty decision (ACL 35–37, 53–54; APL 72–73): the reminder and its 10 working
days, the party's statement answered, the enforcement decision (only with the power by law) or the
court application between its stored deadlines; refusals cite the article and change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.conftest import CASE_FIELDS
from tests.helpers import assert_unchanged
from yifa.cases.models import Case
from yifa.enforcement import actions, rules
from yifa.enforcement.models import Enforcement
from yifa.lib.errors import ActionError, Forbidden, NotFound

pytestmark = pytest.mark.django_db
D = dt.date
TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ), tick=False)


def refused(article: str, step: Callable[[], object], kind: type[Exception] = ActionError) -> Any:
    with assert_unchanged(), pytest.raises(kind) as info:
        step()
    if article:
        assert article in info.value.zh, info.value.zh  # type: ignore[attr-defined]
        assert info.value.en  # type: ignore[attr-defined]
    return info.value


def served_case(agency: Any, power: Any, user: Any, *, served_on: dt.date, fine: str = "40000",
                paid_on: dt.date | None = None) -> Case:
    """A penalty decision served on `served_on`, 15 days to pay (as the cases app leaves it)."""
    fields = CASE_FIELDS | {"registered_on": served_on - dt.timedelta(days=20),
                            "discovered_on": served_on - dt.timedelta(days=20),
                            "act_ended_on": served_on - dt.timedelta(days=30)}
    return Case.objects.create(
        agency=agency, power=power, created_by=user, status="served", outcome="penalty", decided_types=["fine"],
        decided_fine=Decimal(fine), decided_on=served_on, served_on=served_on, decision_number="浦市监罚〔2026〕9号",
        payment_due=served_on + dt.timedelta(days=15), paid_on=paid_on, **fields)


@pytest.fixture
def case(agency_a, penalty_power, officer_a):
    return served_case(agency_a, penalty_power, officer_a, served_on=D(2026, 9, 1))


@pytest.fixture
def enforcement_power(agency_a):
    from yifa.law.models import PowerItem

    return PowerItem.objects.create(code="330726-SJ-QZ-0009", name="对逾期不缴纳罚款的加处罚款", category="coercion",
                                    agency=agency_a, procedure="general")


def opened(case: Case, user: Any) -> Enforcement:
    with at(D(2026, 9, 21)):
        return actions.open_enforcement(case, acting_user=user)


def reminded(case: Case, user: Any) -> Enforcement:
    item = opened(case, user)
    with at(D(2026, 9, 24)):
        return actions.serve_reminder(item, served_on=D(2026, 9, 24), acting_user=user)


# --- the stored deadlines ----------------------------------------------------------------------


def test_opening_stores_the_remedy_lapses_and_the_court_deadline(case, officer_a):
    item = opened(case, officer_a)
    # 60 days from 09-01 is Saturday 10-31: the period ends on the next working day (民法典 203).
    assert item.reconsideration_lapses_on == D(2026, 11, 2)
    # Six months (行政诉讼法 46), then three months to apply to the court (ACL 53).
    assert (item.lawsuit_lapses_on, item.court_until) == (D(2027, 3, 1), D(2027, 6, 1))
    assert (item.status, item.obligation, item.amount) == ("opened", "缴纳罚款40000.00元（浦市监罚〔2026〕9号）",
                                                           Decimal("40000"))
    assert list(item.steps.values_list("step", flat=True)) == ["open"]


def test_reminder_period_is_ten_working_days_across_the_national_day(case, officer_a):
    item = reminded(case, officer_a)
    # 09-25 Mid-Autumn, 10-01..10-07 National Day, Saturday 10-10 a make-up working day.
    assert (item.reminder_served_on, item.reminder_due, item.court_from) == (D(2026, 9, 24), D(2026, 10, 15),
                                                                             D(2026, 10, 16))
    assert item.calendar_version


def test_month_periods_end_on_the_corresponding_day_or_the_month_end():
    assert rules.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 3, 15), 6) == D(2026, 9, 15)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_lapses_on_a_holiday_move_to_the_next_working_day():
    """60 days from 08-02 and 6 months from 04-01 both end on 10-01 (National Day, 10-01..10-07):
    they end on Thursday 10-08; the court deadline is 3 months after that."""
    assert rules.remedy_lapses(D(2026, 8, 2)).reconsideration == D(2026, 10, 8)
    lapses = rules.remedy_lapses(D(2026, 4, 1))
    assert (lapses.reconsideration, lapses.lawsuit, lapses.court_until) == (D(2026, 6, 1), D(2026, 10, 8),
                                                                            D(2027, 1, 8))
    assert rules.roll_over(D(2026, 10, 10)) == D(2026, 10, 10)  # a make-up Saturday is a working day


def test_periods_are_data_with_citations():
    from yifa.workcal.calendar import rule_on
    from yifa.workcal.parameters import parameter_row

    reminder = rule_on("ACL_REMINDER", D(2026, 9, 24))
    assert (reminder.count, reminder.unit) == (10, "working")
    assert "第三十五条" in reminder.citation
    assert rule_on("APL_RECONSIDERATION", D(2026, 9, 1)).count == 60
    assert parameter_row("ENF_LAWSUIT_MONTHS", D(2026, 9, 1)).value == 6
    assert "第五十三条" in parameter_row("ENF_COURT_APPLICATION_MONTHS", D(2026, 9, 1)).citation


# --- opening -----------------------------------------------------------------------------------


def test_not_before_the_period_to_pay_runs_out(case, officer_a):
    with at(D(2026, 9, 16)):
        refused("第三十五条", lambda: actions.open_enforcement(case, acting_user=officer_a))


def test_not_a_paid_fine(agency_a, penalty_power, officer_a):
    paid = served_case(agency_a, penalty_power, officer_a, served_on=D(2026, 9, 1), paid_on=D(2026, 9, 10))
    with at(D(2026, 9, 21)):
        refused("第七十二条", lambda: actions.open_enforcement(paid, acting_user=officer_a))


def test_not_twice_and_not_another_agencys(case, officer_a, officer_b):
    opened(case, officer_a)
    with at(D(2026, 9, 22)):
        refused("", lambda: actions.open_enforcement(case, acting_user=officer_a))
        refused("", lambda: actions.open_enforcement(case, acting_user=officer_b), NotFound)


def test_not_an_undecided_case(agency_a, penalty_power, officer_a):
    from yifa.cases import actions as case_actions

    with at(D(2026, 9, 21)):
        lead = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
        refused("第三十四条", lambda: actions.open_enforcement(lead, acting_user=officer_a))


# --- the reminder ------------------------------------------------------------------------------


def test_reminder_only_after_the_period_to_pay(case, officer_a):
    item = opened(case, officer_a)
    with at(D(2026, 9, 21)):
        refused("第三十五条", lambda: actions.serve_reminder(item, served_on=D(2026, 9, 16), acting_user=officer_a))


# --- statement and answer ----------------------------------------------------------------------


def test_a_statement_must_be_answered_before_enforcement(case, officer_a, head_a, enforcement_power):
    item = reminded(case, officer_a)
    with at(D(2026, 10, 9)):
        item = actions.record_statement(item, statement_on=D(2026, 10, 9), statement="经营困难，请求分期缴纳。",
                                        acting_user=officer_a)
    with at(D(2026, 10, 16)):
        refused("第三十六条", lambda: actions.decide_enforcement(
            item, decided_on=D(2026, 10, 16), power=enforcement_power, method="surcharge", reasons="逾期不缴纳罚款",
            acting_user=head_a))
        item = actions.answer_statement(item, answered_on=D(2026, 10, 16), accepted=False,
                                        answer="未提出分期缴纳申请，理由不成立。", acting_user=officer_a)
        item = actions.decide_enforcement(item, decided_on=D(2026, 10, 16), power=enforcement_power,
                                          method="surcharge", reasons="依据行政强制法第四十五条加处罚款。",
                                          acting_user=head_a)
    assert (item.status, item.method, item.power_id) == ("decided", "surcharge", enforcement_power.pk)
    assert item.steps.get(step="answer").data == {"accepted": False}


def test_an_accepted_statement_stops_enforcement(case, officer_a, head_a):
    item = reminded(case, officer_a)
    with at(D(2026, 10, 9)):
        item = actions.record_statement(item, statement_on=D(2026, 10, 9), statement="已于9月20日缴纳，附银行回单。",
                                        acting_user=officer_a)
        item = actions.answer_statement(item, answered_on=D(2026, 10, 9), accepted=True, answer="经核实属实。",
                                        acting_user=officer_a)
    with at(D(2027, 3, 2)):
        refused("第三十六条", lambda: actions.apply_to_court(item, applied_on=D(2027, 3, 2), court="浦江县人民法院",
                                                          acting_user=head_a))
        item = actions.record_compliance(item, complied_on=D(2026, 10, 9), acting_user=officer_a)
    assert item.status == "complied"


# --- the enforcement decision ------------------------------------------------------------------


def test_decision_only_after_the_reminder_period(case, officer_a, head_a, enforcement_power):
    item = reminded(case, officer_a)
    with at(D(2026, 10, 15)):  # the tenth working day: not yet
        refused("第三十七条", lambda: actions.decide_enforcement(
            item, decided_on=D(2026, 10, 15), power=enforcement_power, method="surcharge", reasons="逾期",
            acting_user=head_a))


def test_decision_needs_the_power_by_law(case, officer_a, head_a):
    item = reminded(case, officer_a)
    with at(D(2026, 10, 16)):
        refused("第十三条", lambda: actions.decide_enforcement(
            item, decided_on=D(2026, 10, 16), power=999_999, method="surcharge", reasons="逾期", acting_user=head_a))


def test_decision_is_the_heads(case, officer_a, officer_b, enforcement_power):
    item = reminded(case, officer_a)
    with at(D(2026, 10, 16)):
        refused("第三十七条", lambda: actions.decide_enforcement(
            item, decided_on=D(2026, 10, 16), power=enforcement_power, method="surcharge", reasons="逾期",
            acting_user=officer_a), Forbidden)
        refused("", lambda: actions.decide_enforcement(
            item, decided_on=D(2026, 10, 16), power=enforcement_power, method="surcharge", reasons="逾期",
            acting_user=officer_b), NotFound)


# --- the application to the court --------------------------------------------------------------


def test_court_application_window(case, officer_a, head_a):
    item = reminded(case, officer_a)
    apply = lambda day: (lambda: actions.apply_to_court(item, applied_on=day, court="浦江县人民法院",  # noqa: E731
                                                        acting_user=head_a))
    with at(D(2026, 10, 15)):
        refused("第五十四条", apply(D(2026, 10, 15)))  # ten days after service not yet over
    with at(D(2026, 12, 1)):
        refused("第五十三条", apply(D(2026, 12, 1)))  # the lawsuit period still runs
    with at(D(2027, 3, 1)):
        refused("第五十三条", apply(D(2027, 3, 1)))  # its last day
    with at(D(2027, 6, 2)):
        refused("第五十三条", apply(D(2027, 6, 2)))  # more than three months after
    with at(D(2027, 6, 1)):
        item = apply(D(2027, 6, 1))()
    assert (item.status, item.applied_on, item.court) == ("applied", D(2027, 6, 1), "浦江县人民法院")
    with at(D(2027, 7, 1)):
        item = actions.conclude(item, concluded_on=D(2027, 7, 1), note="法院裁定准予执行，已划拨。", acting_user=officer_a)
    assert item.status == "concluded"
    assert list(item.steps.values_list("step", flat=True)) == ["open", "remind", "apply_court", "conclude"]


def test_from_a_real_case_through_the_case_actions(agency_a, penalty_power, crew_a, officer_a, head_a):
    """The whole way: a decision made and served by the cases app, unpaid, enforced."""
    from yifa.cases import actions as case_actions
    from yifa.evidence.actions import add_evidence

    with at(D(2026, 9, 29)):
        c = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
        c = case_actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                                   lead=crew_a["lead"], acting_user=head_a)
        add_evidence(c, kind="physical", title="涉案食品", upload=None, acting_user=officer_a,
                     description="现场查获", collected_on=D(2026, 9, 10))
        c = case_actions.close_investigation(c, facts="未取得许可经营。", on_date=D(2026, 9, 20), acting_user=officer_a)
        c = case_actions.review_case(c, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                                     serious=False, on_date=D(2026, 9, 21), acting_user=head_a)
        c = case_actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)
        c = case_actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("5000"),
                                     decided_on=D(2026, 9, 29), reasons="依法。", acting_user=head_a)
    with at(D(2026, 9, 30)):
        c = case_actions.serve_decision(c, served_on=D(2026, 9, 30), method="direct", acting_user=officer_a)
    with at(D(2026, 10, 16)):
        item = actions.open_enforcement(c, acting_user=officer_a)
        item = actions.serve_reminder(item, served_on=D(2026, 10, 16), acting_user=officer_a)
    # 10 working days from 10-16: 10-19 … 10-30.
    assert item.reminder_due == D(2026, 10, 30)
    assert item.reconsideration_lapses_on == D(2026, 11, 30)  # 60 days: Sunday 11-29 → Monday
    assert (item.lawsuit_lapses_on, item.court_until) == (D(2027, 3, 30), D(2027, 6, 30))
