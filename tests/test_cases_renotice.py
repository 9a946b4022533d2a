"""A second prior notice after a re-review, with a hearing of its own (APL 44, 45, 62–65).

A hearing is held; the legal review after it fails and sends the case back; the officers
investigate further; the head re-reviews (never above what was notified); the party is notified
again and gets its statement and hearing rights again, counted from the new notice; a second
hearing is requested, noticed, held; a new legal review; the decision.

2026 calendar: 09-25 is the Mid-Autumn Festival, 10-01..10-07 National Day, Sunday 09-20 and
Saturday 10-10 are make-up working days.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

import tests.test_case_gates as gates
from tests.conftest import client_for
from tests.test_case_gates import INDIVIDUAL, Flow, refused
from yifa.audit.chain import verify
from yifa.cases import actions
from yifa.cases.models import Case, CaseStep, Hearing, Status
from yifa.evidence.actions import add_evidence
from yifa.lib.errors import ActionError

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
flow = gates.flow  # the case driven step by step (a fixture)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        yield


def heard_once(flow: Flow) -> Case:
    """An individual, a 20,000 yuan fine: notified 09-08, hearing requested 09-09, noticed 09-09
    for 09-18 (7 working days: 09-10, 11, 14, 15, 16, 17, 18), held 09-18."""
    case = flow.register(**INDIVIDUAL)
    case = flow.open(case)
    add_evidence(case, kind="physical", title="涉案预包装食品", upload=None, acting_user=flow.officer,
                 description="现场查获，已拍照登记", collected_on=D(2026, 9, 3))
    case = actions.close_investigation(case, facts="当事人未取得许可经营预包装食品。", on_date=D(2026, 9, 4),
                                       acting_user=flow.officer)
    case = actions.review_case(case, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("20000"),
                               serious=False, on_date=D(2026, 9, 7), acting_user=flow.head)
    case = flow.legal_review(case, D(2026, 9, 7))
    case = actions.notify_case(case, notified_on=D(2026, 9, 8), acting_user=flow.officer)
    assert (case.notice_round, case.stage_rule, case.stage_due) == (1, "APL_HEARING_REQUEST", D(2026, 9, 15))
    case = actions.request_hearing(case, requested_on=D(2026, 9, 9), acting_user=flow.officer)
    case = actions.schedule_hearing(case, notice_served_on=D(2026, 9, 9), scheduled_for=D(2026, 9, 18),
                                    chair=flow.crew["chair"], acting_user=flow.head)
    return actions.record_hearing(case, held_on=D(2026, 9, 18), record_text="当事人到场陈述申辩，提交新的进货凭证。",
                                  acting_user=flow.head)


def sent_back_and_reinvestigated(flow: Flow) -> Case:
    """The legal review after the hearing fails (09-21); the officers collect the new evidence and
    close the supplementary investigation (09-22)."""
    case = flow.legal_review(heard_once(flow), D(2026, 9, 21), passed=False)
    assert case.status == Status.INVESTIGATED
    add_evidence(case, kind="documentary", title="当事人听证时提交的进货凭证", upload=None, acting_user=flow.officer,
                 description="核实属实", collected_on=D(2026, 9, 21))
    case = actions.close_investigation(case, facts="经补充调查，当事人违法经营时间较短。", on_date=D(2026, 9, 22),
                                       acting_user=flow.officer)
    assert case.status == Status.INVESTIGATED
    return case


def test_a_second_notice_gives_a_second_hearing(flow):
    case = sent_back_and_reinvestigated(flow)
    # The re-review stays within the notice already given (APL 45): not above 20,000 yuan.
    refused(ActionError, "第四十五条", case, lambda: actions.review_case(
        case, opinion="从重。", proposed_types=["fine"], proposed_fine=Decimal("25000"), serious=False,
        on_date=D(2026, 9, 23), acting_user=flow.head))
    case = actions.review_case(case, opinion="减轻处罚。", proposed_types=["fine"], proposed_fine=Decimal("15000"),
                               serious=False, on_date=D(2026, 9, 23), acting_user=flow.head)
    assert case.hearing_right is True  # 15,000 yuan is still above the individual's threshold
    case = flow.legal_review(case, D(2026, 9, 24))

    case = actions.notify_case(case, notified_on=D(2026, 9, 29), acting_user=flow.officer)
    assert (case.status, case.notice_round, case.notified_on) == (Status.NOTIFIED, 2, D(2026, 9, 29))
    # Five working days from the second notice, across National Day: 09-30, 10-08, 10-09, 10-10, 10-12
    # (from the first notice the window closed on 09-15).
    assert (case.stage_rule, case.stage_due) == ("APL_HEARING_REQUEST", D(2026, 10, 12))
    assert case.current_hearing is None
    assert case.hearing_requested_on is None
    err = refused(ActionError, "第六十四条", case, lambda: actions.request_hearing(
        case, requested_on=D(2026, 10, 13), acting_user=flow.officer))
    assert "第（一）项" in err.zh
    assert "2026-10-12" in err.zh
    # Nor may the decision come before the party's time has run.
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 10, 12), fine="15000"))

    case = actions.request_hearing(case, requested_on=D(2026, 10, 12), acting_user=flow.officer)
    second = case.current_hearing
    assert second is not None
    assert (case.status, second.notice_round, second.requested_on) == (
        Status.HEARING, 2, D(2026, 10, 12))
    refused(ActionError, "第六十五条", case, lambda: flow.decide(case, D(2026, 10, 13), fine="15000"))

    # The second hearing keeps the rules of the first: 7 working days' notice, a chair who did not investigate.
    err = refused(ActionError, "第六十四条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 10, 12), scheduled_for=D(2026, 10, 20), chair=flow.crew["chair"],
        acting_user=flow.head))
    assert "2026-10-21" in err.zh
    err = refused(ActionError, "第六十四条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 10, 12), scheduled_for=D(2026, 10, 21), chair=flow.crew["colleague"],
        acting_user=flow.head))
    assert "第（四）项" in err.zh
    case = actions.schedule_hearing(case, notice_served_on=D(2026, 10, 12), scheduled_for=D(2026, 10, 21),
                                    chair=flow.crew["chair"], public=False, acting_user=flow.head)
    case = actions.record_hearing(case, held_on=D(2026, 10, 21), record_text="当事人再次陈述申辩。",
                                  acting_user=flow.head)

    # The legal review of 09-24 came before the second hearing: no longer enough (APL 58).
    refused(ActionError, "第五十八条", case, lambda: flow.decide(case, D(2026, 10, 22), fine="15000"))
    case = flow.legal_review(case, D(2026, 10, 22))
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 10, 23), fine="15000.01"))
    case = flow.decide(case, D(2026, 10, 23), fine="12000")
    assert (case.status, case.decided_fine) == (Status.DECIDED, Decimal("12000"))

    hearings = list(Hearing.objects.filter(case=case).values_list("notice_round", "requested_on", "scheduled_for",
                                                                   "held_on", "public"))
    assert hearings == [(1, D(2026, 9, 9), D(2026, 9, 18), D(2026, 9, 18), True),
                        (2, D(2026, 10, 12), D(2026, 10, 21), D(2026, 10, 21), False)]
    steps = list(CaseStep.objects.filter(case=case).order_by("at", "id").values_list("step", "data"))
    assert [s for s, _ in steps] == [
        "register", "open", "investigate", "review", "legal_review", "notify", "request_hearing", "schedule_hearing",
        "record_hearing", "legal_review", "investigate", "review", "legal_review", "notify", "request_hearing",
        "schedule_hearing", "record_hearing", "legal_review", "decide"]
    rounds = [(s, d["round"]) for s, d in steps if "round" in d]
    assert rounds == [("notify", 1), ("request_hearing", 1), ("schedule_hearing", 1), ("record_hearing", 1),
                      ("notify", 2), ("request_hearing", 2), ("schedule_hearing", 2), ("record_hearing", 2)]
    assert verify().ok

    # The case page shows both hearings and marks every step with its notice; so does the API.
    html = client_for(flow.head).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert re.findall(r'data-testid="hearing" data-round="(\d)"', html) == ["1", "2"]
    assert re.findall(r'<li data-step="(\w+)" data-round="(\d)"', html) == [
        ("notify", "1"), ("request_hearing", "1"), ("schedule_hearing", "1"), ("record_hearing", "1"),
        ("notify", "2"), ("request_hearing", "2"), ("schedule_hearing", "2"), ("record_hearing", "2")]
    assert "第2次告知后的听证" in html
    assert "当事人再次陈述申辩。" in html
    assert "当事人到场陈述申辩" in html
    body = client_for(flow.officer).get(f"/api/cases/{case.pk}").json()
    assert body["notice_round"] == 2
    assert body["hearing"]["notice_round"] == 2
    assert [(h["notice_round"], h["held_on"]) for h in body["hearings"]] == [(1, "2026-09-18"), (2, "2026-10-21")]
    # The case file lists both requests and both records, in order.
    toc = client_for(flow.officer).get(reverse("cases:file", args=[case.pk])).content.decode()
    hearing_section = re.search(r'<tbody data-section="hearing">(.*?)</tbody>', toc, re.S)
    assert hearing_section is not None
    titles = re.findall(r'<td class="wrap">(.*?)</td>', hearing_section.group(1), re.S)
    assert [t.strip() for t in titles] == ["听证申请（第1次告知）", "听证笔录（第1次告知）", "听证申请（第2次告知）",
                                           "听证笔录（第2次告知）"]


def test_no_hearing_on_a_second_notice_without_the_right(flow):
    """Re-reviewed below the threshold: the new notice carries no hearing right, so a request is
    refused and changes nothing; the party has its 3 working days to state its case."""
    case = sent_back_and_reinvestigated(flow)
    case = actions.review_case(case, opinion="情节轻微。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                               serious=False, on_date=D(2026, 9, 23), acting_user=flow.head)
    assert case.hearing_right is False
    # The case was heard, so the decision still needs a legal review after the hearing (APL 58).
    refused(ActionError, "第五十八条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 24), acting_user=flow.officer))
    case = flow.legal_review(case, D(2026, 9, 24))
    case = actions.notify_case(case, notified_on=D(2026, 9, 24), acting_user=flow.officer)
    # Three working days: 09-28, 09-29, 09-30 (09-25 is the Mid-Autumn Festival).
    assert (case.notice_round, case.stage_rule, case.stage_due) == (2, "APL_STATEMENT", D(2026, 9, 30))
    before_hearings = Hearing.objects.count()
    refused(ActionError, "第六十三条", case, lambda: actions.request_hearing(
        case, requested_on=D(2026, 9, 28), acting_user=flow.officer))
    assert Hearing.objects.count() == before_hearings == 1
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 9, 30), fine="5000"))
    case = flow.decide(case, D(2026, 10, 8), fine="5000")
    assert (case.status, case.decided_fine) == (Status.DECIDED, Decimal("5000"))


def test_notice_again_only_after_a_re_review(flow):
    """A passed legal review after the hearing leads to the decision; notifying the same proposal
    again is refused (it tells the party nothing new) and changes nothing; no such form is offered."""
    case = flow.legal_review(heard_once(flow), D(2026, 9, 21))
    assert case.status == Status.LEGAL_REVIEWED
    refused(ActionError, "第四十四条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 22), acting_user=flow.officer))
    html = client_for(flow.head).get(reverse("cases:detail", args=[case.pk])).content.decode()
    offered = re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html)
    assert "decide" in offered
    assert "notify" not in offered
    assert flow.decide(case, D(2026, 9, 22), fine="20000").status == Status.DECIDED


def test_reinvestigation_only_after_a_failed_legal_review(flow):
    """The investigation closes again only when a failed legal review sent the case back, once."""
    case = flow.investigated()
    err = refused(ActionError, None, case, lambda: actions.close_investigation(
        case, facts="再次调查终结。", on_date=D(2026, 9, 21), acting_user=flow.officer))
    assert "调查已终结" in err.zh
    html = client_for(flow.officer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "investigate" not in re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html)
    case = sent_back_and_reinvestigated(flow)  # a second case, sent back and investigated again
    refused(ActionError, None, case, lambda: actions.close_investigation(
        case, facts="第三次调查终结。", on_date=D(2026, 9, 23), acting_user=flow.officer))
