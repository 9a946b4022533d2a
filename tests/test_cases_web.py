"""Case pages over HTTP: "my cases" with deadline colours, the case page, steps, registering a lead.

Every refused request also checks that nothing changed (case row, steps, assignments, audit).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import CASE_FIELDS, client_for, make_user
from tests.helpers import assert_unchanged
from yifa.audit.models import AuditEvent
from yifa.cases import actions
from yifa.cases.models import Case, CaseStep, Status
from yifa.evidence.actions import add_evidence
from yifa.law.models import PowerItem

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


# --- fixtures shared with test_cases_api ------------------------------------------------------


@pytest.fixture
def registered_case(agency_a, penalty_power, officer_a):
    return actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                                 **(CASE_FIELDS | {"party_phone": "13905791234"}))


@pytest.fixture
def opened_case(registered_case, crew_a, head_a):
    """Opened 2026-09-02 by head_a with officer_a (lead) and a colleague: decision due 2026-12-01;
    one piece of evidence (a physical item, no file) collected 09-10, so the investigation may close."""
    case = actions.open_case(registered_case, opened_on=D(2026, 9, 2),
                             officers=[crew_a["lead"], crew_a["colleague"]], lead=crew_a["lead"], acting_user=head_a)
    add_evidence(case, kind="physical", title="涉案预包装食品", upload=None, acting_user=head_a,
                 description="现场查获，已拍照登记", collected_on=D(2026, 9, 10))
    return case


@pytest.fixture
def power_b(agency_b):
    return PowerItem.objects.create(code="330726-ZH-CF-0001", name="对擅自占道经营的行政处罚", category="penalty",
                                    agency=agency_b, procedure="penalty_ordinary", penalty_types=["fine"])


@pytest.fixture
def case_b(agency_b, power_b, officer_b):
    return actions.register_case(agency=agency_b, power=power_b, acting_user=officer_b,
                                 **(CASE_FIELDS | {"title": "某摊贩占道经营案", "party_name": "李某"}))


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def missing_pk() -> int:
    return (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def step_forms(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html)


def step_url(case: Case, step: str) -> str:
    return reverse("cases:step", args=[case.pk, step])


# --- my cases ---------------------------------------------------------------------------------


def test_officer_sees_their_case_in_my_cases(opened_case, officer_a, officer_b):
    response = client_for(officer_a).get(reverse("cases:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert opened_case.title in html
    assert f'data-case="{opened_case.pk}"' in html
    assert "2026-12-01" in html  # the stage deadline (the decision limit while investigating)
    other = client_for(officer_b).get(reverse("cases:mine")).content.decode()
    assert opened_case.title not in other


def test_my_cases_lists_only_cases_the_officer_is_on(registered_case, officer_a, head_a):
    # A registered lead has nobody assigned yet: not officer_a's case, but the head's.
    assert f'data-case="{registered_case.pk}"' not in client_for(officer_a).get(reverse("cases:mine")).content.decode()
    assert f'data-case="{registered_case.pk}"' in client_for(head_a).get(reverse("cases:mine")).content.decode()


@pytest.mark.parametrize(("today", "state"), [
    (D(2026, 11, 27), "normal"),   # 4 days before 2026-12-01
    (D(2026, 11, 28), "near"),     # 3 days before: yellow
    (D(2026, 12, 1), "near"),      # due today
    (D(2026, 12, 2), "overdue"),   # red
])
def test_deadline_colours(today, state, opened_case, officer_a):
    with time_machine.travel(at(today), tick=False):
        html = client_for(officer_a).get(reverse("cases:mine")).content.decode()
        detail = client_for(officer_a).get(reverse("cases:detail", args=[opened_case.pk])).content.decode()
    card = re.search(rf'<li class="case-card deadline-(\w+)" data-case="{opened_case.pk}"', html)
    assert card is not None
    assert card.group(1) == state
    assert f'data-deadline="{state}"' in detail


def test_decision_limit_counts_until_decided(opened_case, officer_a, head_a):
    """Past the decision limit is red even when the stage deadline is later (here: none)."""
    Case.objects.filter(pk=opened_case.pk).update(stage_due=None, stage_rule="")
    with time_machine.travel(at(D(2026, 12, 2)), tick=False):
        html = client_for(officer_a).get(reverse("cases:mine")).content.decode()
    assert f'class="case-card deadline-overdue" data-case="{opened_case.pk}"' in html


def test_most_urgent_first_and_no_deadline_last(agency_a, penalty_power, opened_case, officer_a, head_a):
    later = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                                  **(CASE_FIELDS | {"title": "第二案"}))
    html = client_for(head_a).get(reverse("cases:mine")).content.decode()
    order = [int(pk) for pk in re.findall(r'data-case="(\d+)"', html)]
    assert order == [opened_case.pk, later.pk]  # the registered lead (no stage deadline) last


def test_status_filter(registered_case, agency_a, penalty_power, crew_a, head_a, officer_a):
    opened = actions.open_case(
        actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS),
        opened_on=D(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]], lead=crew_a["lead"],
        acting_user=head_a)
    client = client_for(head_a)
    shown = re.findall(r'data-case="(\d+)"', client.get(reverse("cases:mine") + "?status=opened").content.decode())
    assert shown == [str(opened.pk)]
    everything = re.findall(r'data-case="(\d+)"', client.get(reverse("cases:mine") + "?status=bogus").content.decode())
    assert set(everything) == {str(opened.pk), str(registered_case.pk)}


def test_my_cases_paginates_without_per_row_queries(agency_a, penalty_power, officer_a, head_a):
    def page_queries() -> int:
        client = client_for(head_a)
        client.get(reverse("cases:mine"))  # session and the like warmed up
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:mine")).status_code == 200
        return len(ctx.captured_queries)

    actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    one = page_queries()
    for i in range(52):
        actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                              **(CASE_FIELDS | {"title": f"案件{i}"}))
    assert page_queries() == one
    html = client_for(head_a).get(reverse("cases:mine")).content.decode()
    assert len(re.findall(r'data-case="\d+"', html)) == 50
    assert 'rel="next"' in html
    second = client_for(head_a).get(reverse("cases:mine") + "?page=2").content.decode()
    assert len(re.findall(r'data-case="\d+"', second)) == 3
    assert 'rel="prev"' in second


def test_all_cases_for_heads_and_supervisors(registered_case, case_b, officer_a, head_a, supervisor):
    assert client_for(officer_a).get(reverse("cases:all")).status_code == 403
    head = client_for(head_a).get(reverse("cases:all")).content.decode()
    assert registered_case.title in head
    assert case_b.title not in head
    sup = client_for(supervisor).get(reverse("cases:all")).content.decode()
    assert registered_case.title in sup
    assert case_b.title in sup


def test_menu_has_my_cases_for_agency_staff_and_supervisors(officer_a, supervisor, citizen):
    for user in (officer_a, supervisor):
        assert reverse("cases:mine") in client_for(user).get(reverse("home")).content.decode()
    assert client_for(citizen).get(reverse("cases:mine")).status_code == 403


# --- the case page ----------------------------------------------------------------------------


def test_other_agencys_case_is_the_same_404_as_a_missing_one(opened_case, officer_b):
    client = client_for(officer_b)
    other = client.get(reverse("cases:detail", args=[opened_case.pk]))
    missing = client.get(reverse("cases:detail", args=[missing_pk()]))
    assert other.status_code == missing.status_code == 404
    assert opened_case.title not in other.content.decode()
    other_html = without_tokens(other.content.decode()).replace(f"/cases/{opened_case.pk}/", "URL")
    missing_html = without_tokens(missing.content.decode()).replace(f"/cases/{missing_pk()}/", "URL")
    assert other_html == missing_html


def test_other_agencys_post_changes_nothing(opened_case, officer_b):
    with assert_unchanged():
        response = client_for(officer_b).post(step_url(opened_case, "investigate"), {
            "version": opened_case.version, "facts": "伪造的事实", "on_date": "2026-09-20"})
        assert response.status_code == 404


def test_party_code_and_phone_masked_for_officers_not_for_heads(opened_case, officer_a, head_a, supervisor):
    url = reverse("cases:detail", args=[opened_case.pk])
    officer_html = client_for(officer_a).get(url).content.decode()
    assert "92330726MA2ABCDE1B" not in officer_html
    assert "13905791234" not in officer_html
    assert "923***********DE1B" in officer_html
    assert "139****1234" in officer_html
    for user in (head_a, supervisor):
        html = client_for(user).get(url).content.decode()
        assert "92330726MA2ABCDE1B" in html
        assert "13905791234" in html


def test_case_page_shows_officers_timeline_and_the_users_forms(opened_case, officer_a, head_a, crew_a):
    url = reverse("cases:detail", args=[opened_case.pk])
    html = client_for(officer_a).get(url).content.decode()
    assert "王建国" in html
    assert "陈晓东" in html
    assert "主办" in html
    assert re.findall(r'<li data-step="(\w+)"', html) == ["register", "open"]
    assert "head_a" in html  # who opened it
    # officer_a may close the investigation; opening, reviewing or extending is for the head.
    assert step_forms(html) == ["investigate"]
    head_forms = step_forms(client_for(head_a).get(url).content.decode())
    assert {"assign", "recuse", "investigate", "extend"} <= set(head_forms)
    assert "open" not in head_forms


def test_step_through_the_page(opened_case, officer_a):
    client = client_for(officer_a)
    response = client.post(step_url(opened_case, "investigate"), {
        "version": opened_case.version, "facts": "当事人未取得许可经营预包装食品。", "on_date": "2026-09-20"})
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[opened_case.pk])
    opened_case.refresh_from_db()
    assert opened_case.status == Status.INVESTIGATED
    step = CaseStep.objects.filter(case=opened_case).latest("id")
    assert (step.step, step.actor, step.note) == ("investigate", officer_a, "当事人未取得许可经营预包装食品。")
    assert "已办理" in client.get(response.url).content.decode()


def test_stale_form_is_refused_and_changes_nothing(opened_case, officer_a, head_a):
    stale_version = opened_case.version
    actions.extend_decision_limit(opened_case, reason="案情复杂，经负责人批准延长。", on_date=D(2026, 9, 10),
                                  acting_user=head_a)
    with assert_unchanged():
        response = client_for(officer_a).post(step_url(opened_case, "investigate"), {
            "version": stale_version, "facts": "事实", "on_date": "2026-09-20"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "案件已被他人更新" in html
        assert "Someone else has updated this case" not in html  # one language at a time


def test_refused_step_names_the_article_and_changes_nothing(registered_case, officer_a, crew_a):
    with assert_unchanged():
        response = client_for(officer_a).post(step_url(registered_case, "open"), {
            "version": registered_case.version, "opened_on": "2026-09-02",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "lead": crew_a["lead"].pk})
        assert response.status_code == 403  # may see the case but may not take the step: 403 with the reason
        html = response.content.decode()
        assert "须经行政机关负责人批准（行政处罚法第五十四条）" in html
        assert "agency head" not in html  # one language at a time


def test_invalid_input_is_shown_and_changes_nothing(opened_case, officer_a):
    with assert_unchanged():
        response = client_for(officer_a).post(step_url(opened_case, "investigate"), {
            "version": opened_case.version, "on_date": "2026-09-20"})
        assert response.status_code == 400
        assert 'class="errorlist"' in response.content.decode()


def test_unknown_step_and_get_are_refused(opened_case, officer_a):
    client = client_for(officer_a)
    assert client.post(step_url(opened_case, "teleport"), {"version": 1}).status_code == 404
    assert client.get(step_url(opened_case, "investigate")).status_code == 405


# --- registering a lead -----------------------------------------------------------------------


def lead_post(power: PowerItem) -> dict[str, Any]:
    return {"power": power.pk, "title": "某超市销售过期食品案", "source": "complaint", "source_detail": "12315投诉",
            "registered_on": "2026-09-01", "party_kind": "organisation", "party_name": "浦江县某超市",
            "party_code": "92330726MA2ABCDE1B", "party_address": "浦江县某路2号", "party_phone": "",
            "act_ended_on": "2026-08-20", "discovered_on": "2026-08-28"}


def test_register_a_lead_through_the_page(penalty_power, officer_a):
    client = client_for(officer_a)
    form = client.get(reverse("cases:new"))
    assert form.status_code == 200
    assert penalty_power.name in form.content.decode()
    response = client.post(reverse("cases:new"), lead_post(penalty_power))
    case = Case.objects.get(title="某超市销售过期食品案")
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert (case.agency_id, case.status, case.created_by) == (officer_a.agency_id, Status.REGISTERED, officer_a)
    assert list(case.steps.values_list("step", flat=True)) == ["register"]


def test_lead_form_offers_only_the_agencys_penalty_powers(penalty_power, power_b, agency_a, officer_a):
    licence = PowerItem.objects.create(code="330726-SJ-XK-0001", name="食品经营许可", category="licensing",
                                       agency=agency_a, procedure="licensing")
    html = client_for(officer_a).get(reverse("cases:new")).content.decode()
    assert penalty_power.name in html
    assert power_b.name not in html
    assert licence.name not in html
    events = AuditEvent.objects.count()
    for power in (power_b, licence):
        response = client_for(officer_a).post(reverse("cases:new"), lead_post(power))
        assert response.status_code == 400
    assert not Case.objects.exists()
    assert AuditEvent.objects.count() == events


def test_lead_dates_out_of_order_are_refused(penalty_power, officer_a):
    response = client_for(officer_a).post(reverse("cases:new"), lead_post(penalty_power) | {"discovered_on": "2026-08-01"})
    assert response.status_code == 400
    assert "日期顺序有误" in response.content.decode()
    assert not Case.objects.exists()


def test_only_agency_staff_register_leads(supervisor, penalty_power):
    client = client_for(supervisor)
    assert client.get(reverse("cases:new")).status_code == 403
    assert client.post(reverse("cases:new"), lead_post(penalty_power)).status_code == 403
    assert not Case.objects.exists()


def test_finance_records_payment_on_the_page(agency_a, opened_case, officer_a, head_a):
    """The page flow after a decision: serve (officer), payment (finance), close (head)."""
    c = actions.close_investigation(opened_case, facts="事实清楚。", on_date=D(2026, 9, 20), acting_user=officer_a)
    from decimal import Decimal

    c = actions.review_case(c, opinion="同意。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                            serious=False, on_date=D(2026, 9, 21), acting_user=head_a)
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer_a)
    c = actions.waive_rights(c, on_date=D(2026, 9, 22), acting_user=officer_a)
    c = actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("5000"),
                            decided_on=D(2026, 9, 23), reasons="依据食品安全法第一百二十二条。", acting_user=head_a)
    c = actions.serve_decision(c, served_on=D(2026, 9, 23), method="on_the_spot", acting_user=officer_a)
    finance = make_user("finance_a", "finance", agency=agency_a)
    url = reverse("cases:detail", args=[c.pk])
    assert step_forms(client_for(finance).get(url).content.decode()) == ["payment"]
    assert client_for(finance).post(step_url(c, "payment"), {"version": c.version, "paid_on": "2026-09-28"}).status_code == 302
    c.refresh_from_db()
    assert c.paid_on == D(2026, 9, 28)
    assert client_for(head_a).post(step_url(c, "close"), {"version": c.version, "closed_on": "2026-09-29"}).status_code == 302
    c.refresh_from_db()
    assert c.status == Status.CLOSED
