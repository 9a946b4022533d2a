"""The fines ledger (issue 10, item 5): notices, the surcharge, pauses, instalments, and payments
entering only from the bank's statement, reconciled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import make_user
from tests.helpers import assert_unchanged
from tests.ledger import pay, served_case, statement
from tests.test_licensing import SHANGHAI
from yifa.cases.models import CaseStep
from yifa.fines import actions
from yifa.fines.models import BankPayment, PaymentNotice
from yifa.fines.statement import StatementRejected

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def finance(agency_a):
    return make_user("finance_a", "finance", agency=agency_a)


@pytest.fixture
def served(agency_a, penalty_power, crew_a, officer_a, head_a):
    return served_case(agency_a, penalty_power, crew_a, officer_a, head_a)


def test_notice_reference_due_date_and_enforcement_deadline(served, finance):
    notice = actions.issue_notice(served, acting_user=finance)
    assert notice.due_on == D(2026, 10, 15)  # 15 days from receipt (APL 67, rule APL_PAYMENT)
    assert notice.enforce_by == D(2027, 6, 30)  # 6 months to sue, then 3 months (ACL 53)
    assert len(notice.reference) == 15 and int(notice.reference) % 97 == 1


def test_a_matching_payment_settles_the_case_with_its_step_and_audit(served, finance):
    from yifa.audit.chain import verify
    from yifa.audit.models import AuditEvent

    case = pay(served, D(2026, 10, 9), finance)
    assert case.paid_on == D(2026, 10, 9)
    assert BankPayment.objects.get().outcome == "matched"
    assert CaseStep.objects.filter(case=case, step="payment").count() == 1
    assert AuditEvent.objects.filter(action="case.payment", object_id=str(case.pk)).count() == 1
    assert verify().ok
