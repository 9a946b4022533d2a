"""The to-do lists (issue 13, items 1 and 2): what waits on a person comes from the workflow
core's declarations (yifa.workflow.worklist), lands on the right list and no other, tells the
people it lands on, says after each step who acts next, and shows what the person did."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import CASE_FIELDS, client_for, make_user
from tests.helpers import assert_unchanged
from yifa.cases import actions
from yifa.cases.models import Case
from yifa.cases.procedure import PENALTY
from yifa.evidence.actions import add_evidence
from yifa.workflow import worklist
from yifa.workflow.models import DoneItem, Notification, WorkItem

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.datetime(2026, 9, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def lead(agency_a, penalty_power, officer_a, head_a) -> Case:
    return actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)


@pytest.fixture
def opened(lead, crew_a, head_a) -> Case:
    case = actions.open_case(lead, opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                             lead=crew_a["lead"], acting_user=head_a)
    add_evidence(case, kind="physical", title="涉案预包装食品", upload=None, acting_user=head_a,
                 description="现场查获", collected_on=D(2026, 9, 10))
    return case


def todo(user) -> list[tuple[str, str]]:
    return [(i.step, i.title) for i in worklist.for_user(user)]


def test_a_new_lead_waits_on_the_head_and_tells_them(lead, officer_a, head_a, officer_b):
    assert todo(head_a) == [("open", str(lead))]
    assert todo(officer_a) == []
    assert todo(officer_b) == []
    told = Notification.objects.get()
    assert (told.user, told.step, told.read_at) == (head_a, "open", None)
    # The officer who registered it has it on their 已办 list.
    assert [(d.step, d.record_id) for d in DoneItem.objects.filter(user=officer_a)] == [("register", lead.pk)]


def test_the_head_home_page_lists_it_with_its_count_and_a_link(lead, head_a):
    html = client_for(head_a).get("/").content.decode()
    assert 'data-testid="todo-total">1<' in html
    assert reverse("cases:detail", args=[lead.pk]) in html
    assert "立案" in html
    assert 'data-testid="unread-count">1<' in html


def test_opening_hands_the_case_to_its_officers_not_to_others(opened, officer_a, head_a, officer_b, crew_a):
    assert todo(officer_a) == [("investigate", str(opened))]
    assert todo(head_a) == []  # nothing waits on the head once the case is opened
    assert todo(officer_b) == []
    assert todo(crew_a["reviewer_login"]) == []
    assert Notification.objects.filter(user=officer_a, step="investigate").count() == 1


def test_after_a_step_the_page_says_who_acts_next_and_by_when(opened, officer_a, head_a):
    client = client_for(officer_a)
    response = client.post(reverse("cases:step", args=[opened.pk, "investigate"]), {
        "version": opened.version, "facts": "当事人未取得许可经营预包装食品。", "on_date": "2026-09-20"}, follow=True)
    html = response.content.decode()
    assert "下一步：执法机关负责人：审查" in html
    assert 'data-testid="waiting-on"' in html
    # The head's list now holds the review; the officer's no longer holds the investigation.
    assert todo(head_a) == [("review", str(Case.objects.get(pk=opened.pk)))]
    assert todo(officer_a) == []
    done = client.get("/").content.decode()
    assert 'data-testid="done-items"' in done
    assert "调查终结" in done


def test_a_refused_step_changes_no_list(opened, officer_b):
    with assert_unchanged():
        response = client_for(officer_b).post(reverse("cases:step", args=[opened.pk, "investigate"]), {
            "version": opened.version, "facts": "x" * 10, "on_date": "2026-09-20"})
    assert response.status_code == 404


def test_overdue_items_come_first_and_are_counted(agency_a, penalty_power, officer_a, head_a):
    for title in ("甲案", "乙案"):
        actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                              **(CASE_FIELDS | {"title": title}))
    first = WorkItem.objects.get(title__contains="乙案")
    WorkItem.objects.filter(pk=first.pk).update(due=D(2026, 9, 1))  # overdue on 09-21
    assert next(t for _, t in todo(head_a)).endswith("乙案")
    (group,) = worklist.groups_for_user(head_a, D(2026, 9, 21), D(2026, 9, 24))
    assert (group.step, group.count, group.overdue) == ("open", 2, 1)
    html = client_for(head_a).get("/").content.decode()
    assert "已逾期" in html


def test_notifications_page_and_mark_all_read(lead, head_a):
    client = client_for(head_a)
    page = client.get("/notifications/").content.decode()
    assert str(lead) in page
    assert "未读" in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # reading the page changes nothing
    with assert_unchanged():
        assert client.post("/notifications/", {}).status_code == 400
    assert client.post("/notifications/", {"read": "all"}).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifications_reach_the_hook(agency_a, penalty_power, officer_a, head_a, django_capture_on_commit_callbacks):
    from yifa.workflow.signals import work_arrived

    seen: list[list[int]] = []

    def receiver(sender, user_ids, item, **kwargs):
        seen.append(user_ids)

    work_arrived.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    finally:
        work_arrived.disconnect(receiver)
    assert seen == [[head_a.pk]]


def test_finance_sees_the_payment_a_served_fine_waits_for(agency_a):
    finance = make_user("finance_w", "finance", agency=agency_a)
    assert "payment" in {s.name for s in PENALTY.steps.values() if s.actor.audience
                         and "finance" in s.actor.audience.roles}
    assert worklist.audience_keys(finance)[1] == f"agency:{agency_a.pk}:finance"


def test_rebuild_recomputes_the_items(lead, head_a):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("worklist", "rebuild", "--if-empty", stdout=out)
    assert "未重建" in out.getvalue()
    WorkItem.objects.all().delete()
    call_command("worklist", "rebuild", "--if-empty", stdout=out)
    assert "cases.case: 1" in out.getvalue()
    assert todo(head_a) == [("open", str(lead))]
    assert worklist.rebuild(PENALTY, Case.objects.all()) == 1
