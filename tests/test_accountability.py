"""Remedies and accountability (issue 12, item 8): a reconsideration pending pauses the fine's
surcharge (through the fines ledger) and a revoking outcome counts in the reversal rate; a fault
inquiry traces responsibility from the case's own step records, and a sanction that suspends the
certificate stops the officer at once (the registry's status change: the existing gate refuses his
next step); the inquiry is due in one month, extended once by 30 days; pages and to-do lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import client_for, make_user
from tests.helpers import assert_unchanged
from tests.ledger import served_case
from tests.test_licensing import SHANGHAI
from yifa.accountability import actions
from yifa.accountability.indicators import reversal_rate, sanctions_in
from yifa.accountability.models import Inquiry, Remedy, Responsible
from yifa.evidence.actions import add_evidence
from yifa.fines import actions as fines
from yifa.fines.models import LedgerPause
from yifa.fines.queries import account_of
from yifa.lib.errors import ActionError, Forbidden

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def served(agency_a, penalty_power, crew_a, officer_a, head_a):
    return served_case(agency_a, penalty_power, crew_a, officer_a, head_a)


def test_a_pending_reconsideration_pauses_the_surcharge_and_a_revocation_counts_as_reversed(served, head_a,
                                                                                             officer_a, agency_a):
    finance = make_user("finance_a", "finance", agency=agency_a)
    notice = fines.issue_notice(served, acting_user=finance)  # due 2026-10-15
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.record_remedy(served, kind="reconsideration", body="浦江县人民政府", filed_on=D(2026, 10, 9),
                              accepted_on=D(2026, 10, 12), acting_user=officer_a)
    remedy = actions.record_remedy(served, kind="reconsideration", body="浦江县人民政府", filed_on=D(2026, 10, 9),
                                   accepted_on=D(2026, 10, 12), acting_user=head_a)
    pause = LedgerPause.objects.get(notice=notice)
    assert (remedy.pause_id, pause.kind, pause.started_on, pause.ended_on) == (pause.pk, "reconsideration",
                                                                               D(2026, 10, 12), None)
    assert account_of(notice).surcharge_on(D(2026, 12, 1)) == Decimal("0.00")  # pending: nothing accrues
    with assert_unchanged(), pytest.raises(ActionError, match="未审结"):
        actions.record_remedy(served, kind="lawsuit", body="浦江县人民法院", filed_on=D(2026, 10, 20),
                              accepted_on=D(2026, 10, 21), acting_user=head_a)
    assert reversal_rate(agency_a, (D(2026, 11, 1), D(2026, 11, 30))).rate is None
    actions.record_outcome(remedy, outcome="revoked", concluded_on=D(2026, 11, 20), document_no="浦政复决〔2026〕12号",
                           acting_user=head_a)
    pause.refresh_from_db()
    assert pause.ended_on == D(2026, 11, 20)
    assert account_of(notice).surcharge_on(D(2026, 11, 22)) > 0  # counts again after the pause ended
    rate = reversal_rate(agency_a, (D(2026, 11, 1), D(2026, 11, 30)))
    assert (rate.concluded, rate.reversed, rate.rate) == (1, 1, Decimal(1))
    assert reversal_rate(agency_a, (D(2026, 12, 1), D(2026, 12, 31))).concluded == 0
    with assert_unchanged(), pytest.raises(ActionError, match="已审结"):
        actions.record_outcome(remedy, outcome="upheld", concluded_on=D(2026, 11, 21), document_no="x号",
                               acting_user=head_a)


def test_an_inquiry_traces_responsibility_and_a_suspension_blocks_the_officer(served, head_a, officer_a, crew_a,
                                                                               supervisor, agency_a, officer_b):
    from yifa.workflow import worklist

    with assert_unchanged(), pytest.raises(Forbidden):
        actions.open_inquiry(source_type="cases.Case", source_id=served.pk, summary="案件证据不足", acting_user=head_a)
    inquiry = actions.open_inquiry(source_type="cases.Case", source_id=served.pk, summary="案件主要证据不足",
                                   acting_user=supervisor)
    assert (inquiry.opened_on, inquiry.due, inquiry.due_rule) == (D(2026, 12, 1), D(2026, 12, 31), "ACC_DECIDE")
    people = {(r.part, r.name): r for r in Responsible.objects.filter(inquiry=inquiry)}
    lead = people[("handling", "王建国")]
    assert lead.user_id == officer_a.pk
    assert lead.officer_id == crew_a["lead"].pk
    assert [t["step"] for t in lead.trace] == ["assign", "investigate", "notify"]
    assert ("handling", "陈晓东") in people  # assigned, took no step: still proposed
    approver = people[("approver", "head_a")]
    assert approver.user_id == head_a.pk
    assert [t["step"] for t in approver.trace] == ["decide"]
    assert not any(r.confirmed for r in people.values())
    # On the legal office's and the head's to-do lists, not on another agency's.
    for user in (supervisor, head_a):
        assert [(i.kind, i.record_id, i.step) for i in worklist.for_user(user) if i.kind == "accountability.inquiry"] \
            == [("accountability.inquiry", inquiry.pk, "propose")]
    assert worklist.for_user(officer_b) == []

    inquiry = actions.propose(inquiry, officers=[crew_a["lead"].pk], responsible=[approver.pk], faults=["evidence"],
                              findings="承办人调查取证不充分，负责人审批把关不严。", acting_user=supervisor)
    with assert_unchanged(), pytest.raises(ActionError, match="每名"):
        actions.decide(inquiry, decided_on=D(2026, 12, 1), decisions=[f"{lead.pk}:suspend"], acting_user=supervisor)
    inquiry = actions.decide(inquiry, decided_on=D(2026, 12, 1),
                             decisions=[f"{lead.pk}:suspend", f"{approver.pk}:criticism"], acting_user=supervisor)
    assert inquiry.status == "decided"
    officer = crew_a["lead"]
    officer.refresh_from_db()
    assert officer.status == "suspended"
    assert officer.status_history.get().reason.startswith("过错责任追究")  # in the officer's file
    assert sanctions_in(agency_a, (D(2026, 12, 1), D(2026, 12, 31))) == 2
    # "No certificate, no action": his next step on the case is refused, nothing changes.
    with assert_unchanged(), pytest.raises(ActionError, match="执法证件"):
        add_evidence(served, kind="physical", title="补充证据", upload=None, acting_user=officer_a,
                     collected_on=D(2026, 12, 1))


def test_the_inquiry_is_due_in_a_month_and_extended_once_by_thirty_days(served, supervisor, officer_a, officer_b,
                                                                         citizen):
    remedy = Remedy.objects.create(case=served, agency_id=served.agency_id, kind="lawsuit", body="浦江县人民法院",
                                   filed_on=D(2026, 10, 9), accepted_on=D(2026, 10, 10), recorded_by=supervisor)
    with assert_unchanged(), pytest.raises(ActionError, match="未撤销"):
        actions.open_inquiry(source_type="accountability.Remedy", source_id=remedy.pk, summary="败诉",
                             acting_user=supervisor)
    Remedy.objects.filter(pk=remedy.pk).update(outcome="unlawful", concluded_on=D(2026, 11, 2), document_no="（2026）浙0726行初1号")
    inquiry = actions.open_inquiry(source_type="accountability.Remedy", source_id=remedy.pk, summary="判决确认违法",
                                   acting_user=supervisor)
    assert inquiry.case_id == served.pk
    assert inquiry.due == D(2026, 12, 31)
    inquiry = actions.extend(inquiry, reason="需调取法院卷宗", acting_user=supervisor)
    assert inquiry.extended
    assert inquiry.due_rule == "ACC_EXTEND"
    assert inquiry.due == D(2027, 2, 1)  # 30 days from 12-31 is Saturday 01-30: the next working day
    with assert_unchanged(), pytest.raises(ActionError, match="一次"):
        actions.extend(inquiry, reason="再次延期", acting_user=supervisor)
    # The pages: the legal office and the agency see it; another agency does not; the public is refused.
    for user in (supervisor, officer_a):
        c = client_for(user)
        assert c.get("/accountability/").status_code == 200
        page = c.get(f"/accountability/inquiries/{inquiry.pk}/")
        assert page.status_code == 200
        assert "判决确认违法" in page.content.decode()
    assert client_for(officer_b).get(f"/accountability/inquiries/{inquiry.pk}/").status_code == 404
    assert client_for(citizen).get("/accountability/").status_code in (302, 403)
    lead = Responsible.objects.filter(inquiry=inquiry, name="王建国").get()
    form = {"version": inquiry.version, "officers": [str(lead.officer_id)], "faults": ["evidence", "procedure"],
            "findings": "调查取证不充分"}
    with assert_unchanged():
        assert client_for(officer_a).post(f"/accountability/inquiries/{inquiry.pk}/steps/propose/", form).status_code == 403
    with assert_unchanged():
        assert client_for(supervisor).post(f"/accountability/inquiries/{inquiry.pk}/steps/propose/",
                                           form | {"faults": "no_such_fault"}).status_code == 400
    assert client_for(supervisor).post(f"/accountability/inquiries/{inquiry.pk}/steps/propose/", form).status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.status, inquiry.faults) == ("proposed", ["evidence", "procedure"])
    assert list(Responsible.objects.filter(inquiry=inquiry, confirmed=True)) == [lead]
