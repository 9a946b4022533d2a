"""The fines ledger (issue 10, item 5): notices, the surcharge (at the cap, across a paused period,
with instalments), and payments entering only from the bank's statement, reconciled (matched,
partial, overpaid, unmatched, duplicate); bad statement files are rejected whole."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import client_for, make_user
from tests.helpers import assert_unchanged
from tests.ledger import pay, served_case, statement
from tests.test_licensing import SHANGHAI
from yifa.cases.models import Case, CaseStep
from yifa.fines import actions
from yifa.fines.models import BankPayment, PaymentNotice
from yifa.fines.statement import StatementRejected
from yifa.fines.surcharge import Part, Rates, calculate, late_days, paid_dates, surcharge
from yifa.lib.errors import ActionError, Forbidden

pytestmark = pytest.mark.django_db
D = dt.date
M = Decimal
RATES = Rates(M(3), M(100))


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


@pytest.fixture
def second(agency_a, penalty_power, crew_a, officer_a, head_a):
    return served_case(agency_a, penalty_power, crew_a, officer_a, head_a, fine=M(2000), party_name="浦江县某某超市")


def notice_of(case):
    return PaymentNotice.objects.get(case=case)


# --- the surcharge, as rules ---------------------------------------------------------------------


def test_the_calculator_example():
    assert calculate(M(5000), D(2026, 3, 17), D(2026, 4, 10)) == M("3600.00")  # 3% × 5000 × 24 days


def test_surcharge_stops_at_the_cap():
    assert calculate(M(5000), D(2026, 3, 17), D(2026, 5, 18)) == M("5000.00")  # 62 days would be 9300
    assert calculate(M(5000), D(2026, 3, 17), D(2026, 4, 19)) == M("4950.00")  # 33 days: just under
    assert calculate(M(5000), D(2026, 3, 17), D(2026, 3, 17)) == M("0.00")  # paid on the due day


def test_surcharge_is_not_counted_while_a_reconsideration_is_pending():
    fine = M(5000)
    # 24 days late, of which 03-20..03-29 (10 days) paused: 14 days.
    assert late_days(D(2026, 3, 17), D(2026, 4, 10), [(D(2026, 3, 20), D(2026, 3, 29))]) == 14
    assert surcharge(fine, [Part(fine, D(2026, 3, 17))], as_of=D(2026, 4, 10), rates=RATES,
                     pauses=[(D(2026, 3, 20), D(2026, 3, 29))]) == M("2100.00")
    # Still pending: nothing accrues after it began.
    assert surcharge(fine, [Part(fine, D(2026, 3, 17))], as_of=D(2026, 9, 1), rates=RATES,
                     pauses=[(D(2026, 3, 20), None)]) == M("300.00")
    # A pause before the due date changes nothing.
    assert late_days(D(2026, 3, 17), D(2026, 4, 10), [(D(2026, 3, 1), D(2026, 3, 10))]) == 24


def test_surcharge_with_instalments_accrues_per_part_and_is_capped_on_the_fine():
    fine, parts = M(6000), [Part(M(3000), D(2026, 4, 1)), Part(M(3000), D(2026, 5, 1))]
    paid = paid_dates(parts, [(D(2026, 4, 5), M(3000)), (D(2026, 5, 1), M(3000))])
    assert paid == [D(2026, 4, 5), D(2026, 5, 1)]
    assert surcharge(fine, parts, as_of=D(2026, 6, 1), rates=RATES, paid=paid) == M("360.00")  # 3000 × 3% × 4
    # Unpaid for long: each part accrues, the total stops at the whole fine.
    assert surcharge(fine, parts, as_of=D(2027, 1, 1), rates=RATES) == M("6000.00")
    # A partial payment settles nothing until the part is paid in full.
    assert paid_dates(parts, [(D(2026, 4, 1), M(1000)), (D(2026, 4, 3), M(2500))]) == [D(2026, 4, 3), None]


def test_the_rate_is_effective_dated_data():
    from yifa.workcal.models import LegalParameter

    LegalParameter.objects.create(code="FINE_SURCHARGE_RATE", name="测试", value=M(2), unit="%/日", citation="测试",
                                  effective_from=D(2026, 6, 1))
    assert calculate(M(5000), D(2026, 3, 17), D(2026, 4, 10)) == M("3600.00")
    assert calculate(M(5000), D(2026, 6, 17), D(2026, 7, 11)) == M("2400.00")  # 2% × 5000 × 24


def test_surcharge_command_page_and_api_agree(officer_a):
    out = io.StringIO()
    call_command("surcharge", "--fine", "5000", "--due", "2026-03-17", "--paid", "2026-04-10", stdout=out)
    assert out.getvalue().strip() == "3600.00"
    out = io.StringIO()
    call_command("surcharge", "--fine", "5000", "--due", "2026-03-17", "--paid", "2026-04-10",
                 "--pause", "2026-03-20:2026-03-29", stdout=out)
    assert out.getvalue().strip() == "2100.00"
    client = client_for(officer_a)
    page = client.get("/fines/surcharge/", {"fine": "5000", "due": "2026-03-17", "paid": "2026-04-10"})
    assert page.status_code == 200
    assert 'data-testid="surcharge">3600.00<' in page.content.decode()
    answer = client.get("/api/fines/surcharge", {"fine": "5000", "due": "2026-03-17", "paid": "2026-04-10"})
    assert answer.status_code == 200
    assert answer.json()["surcharge"] == "3600.00"
    assert answer.json()["days_late"] == 24
    assert "第七十二条" in answer.json()["citation"]
    assert client.get("/api/fines/surcharge", {"fine": "-1", "due": "2026-03-17", "paid": "2026-04-10"}).status_code == 422
    assert client.get("/fines/surcharge/", {"fine": "x", "due": "2026-03-17", "paid": "2026-04-10"}).status_code == 400


# --- notices -------------------------------------------------------------------------------------


def test_notice_reference_due_date_and_enforcement_deadline(served, finance):
    notice = actions.issue_notice(served, acting_user=finance)
    assert notice.due_on == D(2026, 10, 15)  # 15 days from receipt (APL 67, rule APL_PAYMENT)
    assert notice.due_rule == "APL_PAYMENT"
    assert notice.enforce_by == D(2027, 6, 30)  # 6 months to sue, then 3 months (ACL 53)
    assert len(notice.reference) == 15
    assert int(notice.reference) % 97 == 1  # ISO 7064 MOD 97-10: a typo does not match another notice
    with assert_unchanged(), pytest.raises(ActionError, match="已开具"):
        actions.issue_notice(served, acting_user=finance)


def test_only_the_agencys_ledger_keepers_issue_notices(served, officer_a, agency_b):
    finance_b = make_user("finance_b", "finance", agency=agency_b)
    with assert_unchanged():
        with pytest.raises(Forbidden, match="第六十七条"):
            actions.issue_notice(served, acting_user=officer_a)
        with pytest.raises(Forbidden):
            actions.issue_notice(served, acting_user=finance_b)


def test_issue_pending_notices_from_the_ledger_page(served, second, finance, officer_a):
    assert client_for(officer_a).post("/fines/", {"issue": "1"}).status_code == 403
    assert client_for(finance).post("/fines/", {}).status_code == 400
    assert PaymentNotice.objects.count() == 0
    assert client_for(finance).post("/fines/", {"issue": "1"}).status_code == 302
    assert PaymentNotice.objects.count() == 2
    page = client_for(finance).get("/fines/").content.decode()
    assert notice_of(served).reference in page
    assert 'data-state="overdue"' in page  # due 10-15, today 12-01, nothing paid


# --- the manual payment step is gone ---------------------------------------------------------------


def test_no_one_can_tick_paid(served, finance, head_a):
    from yifa.cases.actions import record_payment

    with assert_unchanged():
        for user in (finance, head_a):
            with pytest.raises(Forbidden, match="银行缴款记录"):
                record_payment(served, paid_on=D(2026, 10, 9), acting_user=user)
        web = client_for(head_a).post(f"/cases/{served.pk}/steps/payment/", {"version": served.version,
                                                                             "paid_on": "2026-10-09"})
        assert web.status_code == 403
        api = client_for(head_a).post(f"/api/cases/{served.pk}/steps/payment", {"version": served.version,
                                                                                "paid_on": "2026-10-09"},
                                      content_type="application/json")
        assert api.status_code in (404, 405)


# --- reconciliation --------------------------------------------------------------------------------


def test_a_matching_payment_settles_the_case_with_its_step_and_audit(served, finance):
    from yifa.audit.chain import verify
    from yifa.audit.models import AuditEvent

    case = pay(served, D(2026, 10, 9), finance)
    assert case.paid_on == D(2026, 10, 9)
    assert case.stage_rule == ""
    assert BankPayment.objects.get().outcome == "matched"
    assert CaseStep.objects.filter(case=case, step="payment").count() == 1
    assert AuditEvent.objects.filter(action="case.payment", object_id=str(case.pk)).count() == 1
    assert AuditEvent.objects.filter(action="fines.statement.import").count() == 1
    assert verify().ok


def test_reconciliation_matched_partial_overpaid_unmatched_duplicate(served, second, finance):
    a = actions.issue_notice(served, acting_user=finance)
    b = actions.issue_notice(second, acting_user=finance)
    st = actions.import_statement(statement(
        ("B001", a.reference, "5000.00", "2026-10-09"),   # matched: a paid in full on time
        ("B002", b.reference, "500", "2026-10-10"),       # partial
        ("B003", "999999999999999", "80", "2026-10-10"),  # unmatched: no such notice
        ("B001", a.reference, "5000.00", "2026-10-09"),   # duplicate of line 2 (same bank number)
        ("B004", b.reference, "1600", "2026-10-12"),      # overpaid: 1500 were left
    ), name="oct.csv", acting_user=finance)
    outcomes = list(BankPayment.objects.order_by("line").values_list("outcome", flat=True))
    assert outcomes == ["matched", "partial", "unmatched", "duplicate", "overpaid"]
    assert st.summary == {"duplicate": 1, "matched": 1, "overpaid": 1, "partial": 1, "unmatched": 1}
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.paid_total, a.fine_paid_on) == (M(5000), D(2026, 10, 9))
    assert (b.paid_total, b.fine_paid_on) == (M(2100), D(2026, 10, 12))
    assert Case.objects.get(pk=served.pk).paid_on == D(2026, 10, 9)
    assert Case.objects.get(pk=second.pk).paid_on == D(2026, 10, 12)
    # The same file again: every line is a duplicate, nothing is counted twice.
    again = actions.import_statement(statement(("B001", a.reference, "5000.00", "2026-10-09"),
                                               ("B004", b.reference, "1600", "2026-10-12")),
                                     name="oct.csv", acting_user=finance)
    assert again.summary == {"duplicate": 2}
    b.refresh_from_db()
    assert b.paid_total == M(2100)
    assert CaseStep.objects.filter(step="payment").count() == 2
    # The lines to follow up are listed for the finance staff.
    page = client_for(finance).get("/fines/statements/").content.decode()
    assert "B003" in page
    assert "B002" in page
    assert 'data-outcome="unmatched">无法匹配<' in page
    english = client_for(finance)
    english.cookies["django_language"] = "en"
    page_en = english.get("/fines/statements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-outcome="unmatched">Unmatched<' in page_en
    assert "Duplicate 1" in page_en


def test_a_late_payment_owes_the_surcharge_and_a_pause_lowers_it(served, second, finance):
    a = actions.issue_notice(served, acting_user=finance)  # 5000, due 10-15
    b = actions.issue_notice(second, acting_user=finance)  # 2000, due 10-15
    pause = actions.record_pause(b, kind="reconsideration", started_on=D(2026, 10, 16), acting_user=finance)
    actions.end_pause(pause, ended_on=D(2026, 10, 20), acting_user=finance)  # 5 days not counted
    actions.import_statement(statement(
        ("L1", a.reference, "5000", "2026-10-25"),   # 10 days late: owes 5000 + 1500 → partial, but the fine is paid
        ("L2", a.reference, "1500", "2026-11-20"),   # the surcharge stopped when the fine was paid → matched
        ("L3", b.reference, "2300", "2026-10-25"),   # 10 days late, 5 paused: 2000 + 300 → matched
    ), name="late.csv", acting_user=finance)
    assert list(BankPayment.objects.order_by("line").values_list("outcome", flat=True)) == ["partial", "matched", "matched"]
    assert Case.objects.get(pk=served.pk).paid_on == D(2026, 10, 25)
    page = client_for(finance).get("/fines/").content.decode()
    assert f'data-notice="{a.reference}" data-state="paid"' in page


def test_instalments_need_the_heads_approval_and_change_the_schedule(served, finance, head_a):
    notice = actions.issue_notice(served, acting_user=finance)
    parts = [(D(2026, 10, 31), M(2000)), (D(2026, 11, 30), M(3000))]
    with assert_unchanged():
        with pytest.raises(Forbidden, match="第六十六条"):
            actions.approve_schedule(notice, parts=parts, approved_on=D(2026, 10, 10), acting_user=finance)
        with pytest.raises(ActionError, match="罚款金额"):
            actions.approve_schedule(notice, parts=[(D(2026, 10, 31), M(2000))], approved_on=D(2026, 10, 10),
                                     acting_user=head_a)
        with pytest.raises(ActionError, match="依次"):
            actions.approve_schedule(notice, parts=list(reversed(parts)), approved_on=D(2026, 10, 10), acting_user=head_a)
    actions.approve_schedule(notice, parts=parts, approved_on=D(2026, 10, 10), acting_user=head_a)
    actions.import_statement(statement(
        ("I1", notice.reference, "2000", "2026-10-30"),  # the first part, on time: as approved
        ("I2", notice.reference, "3000", "2026-12-01"),  # the second part 1 day late: 3000 + 3000 × 3% owed
        ("I3", notice.reference, "90", "2026-12-01"),    # the surcharge on it
    ), name="i.csv", acting_user=finance)
    outcomes = list(BankPayment.objects.order_by("line").values_list("outcome", flat=True))
    assert outcomes == ["matched", "partial", "matched"]
    assert Case.objects.get(pk=served.pk).paid_on == D(2026, 12, 1)
    notice.refresh_from_db()
    assert notice.fine_paid_on == D(2026, 12, 1)


# --- bad files --------------------------------------------------------------------------------------


def test_a_bad_statement_is_rejected_whole_with_every_rows_errors(served, finance):
    notice = actions.issue_notice(served, acting_user=finance)
    bad = statement(
        ("G1", notice.reference, "5000", "2026-10-09"),   # good, but the file is refused
        ("G 2", notice.reference, "-5", "2026-13-01"),    # three errors
        "G3,only,three",                                  # wrong number of columns
        ("G4", notice.reference, "1.234", "2027-01-01"),  # two decimals at most; in the future
    )
    with assert_unchanged(), pytest.raises(StatementRejected) as caught:
        actions.import_statement(bad, name="bad.csv", acting_user=finance)
    found = {(e.line, e.column) for e in caught.value.errors}
    assert found == {(3, "bank_ref"), (3, "amount"), (3, "paid_on"), (4, "*"), (5, "amount"), (5, "paid_on")}
    assert all(e.zh and e.en for e in caught.value.errors)
    assert caught.value.total == 6
    with assert_unchanged():
        page = client_for(finance).post("/fines/statements/", {"file": _upload(bad.getvalue())})
    assert page.status_code == 400
    body = page.content.decode()
    assert 'data-testid="row-errors"' in body
    assert "缴款日期应为YYYY-MM-DD格式的有效日期" in body
    english = client_for(finance)
    english.cookies["django_language"] = "en"
    assert "paid_on must be a valid YYYY-MM-DD date" in english.post(
        "/fines/statements/", {"file": _upload(bad.getvalue())}, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_bad_row_after_reconciled_batches_leaves_nothing(served, second, finance, monkeypatch):
    """The file is read once: good lines are reconciled in batches (here two lines each) until
    a bad row; the payments, the settled case and its step are then rolled back with the rest."""
    monkeypatch.setattr(actions, "BATCH", 2)
    a, b = actions.issue_notice(served, acting_user=finance), actions.issue_notice(second, acting_user=finance)
    bad = statement(
        ("R1", a.reference, "5000", "2026-10-09"),  # settles the first case (in the first batch)
        ("R2", b.reference, "500", "2026-10-09"),
        ("R3", b.reference, "500", "2026-10-09"),
        ("R4", b.reference, "abc", "2026-10-09"),  # bad: the whole file is refused
        ("R5", b.reference, "1000", "2026-10-09"),
    )
    with assert_unchanged(), pytest.raises(StatementRejected) as caught:
        actions.import_statement(bad, name="late-error.csv", acting_user=finance)
    assert [(e.line, e.column) for e in caught.value.errors] == [(5, "amount")]
    assert Case.objects.get(pk=served.pk).paid_on is None


def test_padded_and_unusual_rows_take_the_careful_way_and_still_reconcile(served, finance):
    """Values with spaces around them, a payer with a tab inside quotes… are checked field by
    field (the one-pattern check only takes the common row) and reconciled the same."""
    notice = actions.issue_notice(served, acting_user=finance)
    st = actions.import_statement(statement(
        f' P1 , {notice.reference} , 1000.5 , 2026-10-09 , 某某 公司 ',
        ("P2", notice.reference, "3999.50", "2026-10-09"),
    ), name="padded.csv", acting_user=finance)
    assert st.summary == {"matched": 1, "partial": 1}
    first = BankPayment.objects.get(bank_ref="P1")
    assert (first.reference, first.amount, first.payer) == (notice.reference, M("1000.50"), "某某 公司")
    assert Case.objects.get(pk=served.pk).paid_on == D(2026, 10, 9)


@pytest.mark.parametrize("content", [b"", b"wrong,header\nB1,x,1,2026-10-01,\n", "bank_ref,reference,amount,paid_on,payer\nB1,x,1,2026-10-01,\xa0\n".encode("latin-1"),
                                     b"bank_ref,reference,amount,paid_on,payer\n"])
def test_files_without_a_header_lines_or_utf8_are_rejected(finance, content):
    with assert_unchanged(), pytest.raises(StatementRejected):
        actions.import_statement(io.BytesIO(content), name="x.csv", acting_user=finance)


def test_only_ledger_keepers_import(officer_a, served):
    with assert_unchanged():
        with pytest.raises(Forbidden):
            actions.import_statement(statement(("B1", "1", "1", "2026-10-01")), name="x.csv", acting_user=officer_a)
        assert client_for(officer_a).post("/fines/statements/", {}).status_code == 403


def test_a_web_upload_reconciles(served, finance):
    notice = actions.issue_notice(served, acting_user=finance)
    data = statement(("W1", notice.reference, "5000", "2026-10-09")).getvalue()
    answer = client_for(finance).post("/fines/statements/", {"file": _upload(data)})
    assert answer.status_code == 200
    assert 'data-testid="imported"' in answer.content.decode()
    assert Case.objects.get(pk=served.pk).paid_on == D(2026, 10, 9)


def test_other_agencies_see_none_of_the_ledger(served, finance, officer_b):
    notice = actions.issue_notice(served, acting_user=finance)
    assert notice.reference not in client_for(officer_b).get("/fines/").content.decode()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("statement.csv", data, content_type="text/csv")


def test_on_the_spot_cash_hand_over_is_tracked_on_the_ledger(agency_a, penalty_power, crew_a, officer_a, head_a,
                                                             finance):
    """APL 70–71: the receipt, officer → agency in 2 working days, agency → bank in 2 more; the
    ledger lists cash not yet banked and hand-overs made late (the cases' own steps)."""
    from tests.test_cases_simple import on_the_spot
    from yifa.cases import simple

    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a)
    case = simple.collect_on_the_spot(case, amount=M(50), receipt_no="浙财罚0009876", collected_on=D(2026, 9, 29),
                                      acting_user=officer_a)
    page = client_for(finance).get("/fines/").content.decode()
    assert "浙财罚0009876" in page  # not yet handed over (due 10-08): listed, late by today
    case = simple.hand_over_cash(case, handed_on=D(2026, 10, 8), acting_user=officer_a)
    case = simple.bank_cash(case, banked_on=D(2026, 10, 10), acting_user=head_a)
    assert "浙财罚0009876" not in client_for(finance).get("/fines/").content.decode()  # on time: done
    with pytest.raises(ActionError, match="当场收缴"):
        actions.issue_notice(case, acting_user=finance)  # paid on the spot: no bank notice
