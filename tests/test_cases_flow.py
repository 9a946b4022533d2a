"""One ordinary-procedure penalty case from lead to archive, through the actions."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import CASE_FIELDS
from tests.ledger import pay
from yifa.audit.chain import verify
from yifa.cases import actions
from yifa.cases.models import Status
from yifa.evidence.actions import add_evidence

pytestmark = pytest.mark.django_db
D = dt.date


def test_full_ordinary_case(agency_a, penalty_power, crew_a, officer_a, head_a, cast):
    from tests.conftest import make_user

    finance = make_user("finance_a", "finance", agency=agency_a)
    c = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    assert c.status == Status.REGISTERED
    c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                          lead=crew_a["lead"], acting_user=head_a)
    assert (c.status, c.decision_due) == (Status.OPENED, D(2026, 12, 1))
    add_evidence(c, kind="physical", title="涉案预包装食品", upload=None, acting_user=officer_a,
                 description="现场查获，已拍照登记", collected_on=D(2026, 9, 10))
    c = actions.close_investigation(c, facts="当事人未取得许可经营预包装食品，货值金额5000元。", on_date=D(2026, 9, 20),
                                    acting_user=officer_a)
    c = actions.review_case(c, opinion="事实清楚，证据确凿。", proposed_types=["fine", "confiscate_property"],
                            proposed_fine=Decimal("50000"), proposed_property_value=Decimal("5000"), serious=False, on_date=D(2026, 9, 21), acting_user=head_a)
    assert c.hearing_right is False  # organisation threshold is 100,000
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)
    # 3 working days: 09-23, 09-24, (09-25 is Mid-Autumn Festival), 09-28.
    assert (c.stage_rule, c.stage_due) == ("APL_STATEMENT", D(2026, 9, 28))
    c = actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("40000"),
                            decided_on=D(2026, 9, 29), reasons="依据食品安全法第一百二十二条。", acting_user=head_a)
    # Served within 7 working days of 09-29: 09-30, 10-08, 10-09, 10-10 (make-up), 10-12, 10-13, 10-14.
    assert (c.status, c.stage_due) == (Status.DECIDED, D(2026, 10, 14))
    assert (c.number, c.decision_number) == ("浦市监立〔2026〕1号", "浦市监罚〔2026〕1号")
    c = actions.serve_decision(c, served_on=D(2026, 9, 30), method="direct", acting_user=officer_a)
    assert c.payment_due == D(2026, 10, 15)  # 15 calendar days (APL 67)
    c = pay(c, D(2026, 10, 9), finance)  # the bank's record, through the fines ledger (APL 67)
    c = actions.close_case(c, closed_on=D(2026, 10, 12), acting_user=head_a)
    c = actions.archive_case(c, acting_user=officer_a)
    assert c.status == Status.ARCHIVED
    steps = list(c.steps.values_list("step", flat=True))
    assert steps == ["register", "open", "investigate", "review", "notify", "decide", "serve", "payment", "close",
                     "archive"]
    assert verify().ok


def test_steps_cannot_be_dated_before_the_previous_one(agency_a, penalty_power, crew_a, officer_a, head_a):
    from yifa.audit.models import AuditEvent
    from yifa.lib.errors import ActionError

    c = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                          lead=crew_a["lead"], acting_user=head_a)
    add_evidence(c, kind="physical", title="涉案预包装食品", upload=None, acting_user=officer_a,
                 collected_on=D(2026, 9, 2))
    before = (c.steps.count(), AuditEvent.objects.count())
    with pytest.raises(ActionError, match="不能早于上一环节"):
        actions.close_investigation(c, facts="事实。", on_date=D(2026, 9, 1), acting_user=officer_a)
    c.refresh_from_db()
    assert c.status == Status.OPENED
    assert (c.steps.count(), AuditEvent.objects.count()) == before


def test_case_and_decision_numbers_follow_the_agency_pattern(agency_a, penalty_power, crew_a, officer_a, head_a):
    numbers = []
    for _ in range(2):
        c = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
        c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                              lead=crew_a["lead"], acting_user=head_a)
        numbers.append(c.number)
    assert numbers == ["浦市监立〔2026〕1号", "浦市监立〔2026〕2号"]
    assert c.steps.get(step="open").data["lead"] == crew_a["lead"].pk
