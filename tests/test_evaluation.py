"""Evaluation cycles (评议考核, issue 12 item 6) and implementation plans (实施方案, item 4).

An evaluation computed from a few records of two agencies (ranking deterministic), weights
effective-dated, approval and publication as a public circular, the criticised agency's
correction tracked to its end on its head's to-do list; a plan's versions and review. Every
refused request changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.conftest import client_for, make_user
from tests.helpers import assert_unchanged
from yifa.evaluation import actions
from yifa.evaluation.indicators import in_force
from yifa.evaluation.models import PLAN_PARTS, Commendation, Correction, Indicator, Plan
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.workflow.worklist import for_user

pytestmark = pytest.mark.django_db
D = dt.date
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 20, 10, 0, tzinfo=TZ)
PARTS = {key: f"{name}：本单位的具体安排。" for key, name in PLAN_PARTS}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def publication(agency: Any, due: dt.date, released: dt.date | None, source: int) -> None:
    from yifa.disclosure.models import Publication

    Publication.objects.create(agency=agency, kind="penalty", source_id=source, title="案", party_name="某店", result="警告",
                               decided_on=due - dt.timedelta(days=7), publish_due=due, publish_rule="x",
                               status="released" if released else "pending", released_on=released)


def complaint(agency: Any, due: dt.date, closed: dt.date | None) -> None:
    from yifa.complaints.actions import file_complaint
    from yifa.complaints.models import Complaint

    c = file_complaint(kind="complaint", category="conduct", subject="态度", content="态度恶劣。", agency=agency,
                       anonymous=True, acting_user=None).complaint
    Complaint.objects.filter(pk=c.pk).update(status="closed" if closed else "accepted", handle_due=due, closed_on=closed)


@pytest.fixture
def records(agency_a, agency_b):
    """A: on time everywhere; B: late everywhere (no fine anywhere: fines are not an input)."""
    publication(agency_a, D(2026, 6, 1), D(2026, 5, 30), 1)
    complaint(agency_a, D(2026, 7, 1), D(2026, 6, 20))
    publication(agency_b, D(2026, 6, 1), D(2026, 6, 9), 2)
    complaint(agency_b, D(2026, 7, 1), None)
    return agency_a, agency_b


def test_an_evaluation_is_computed_ranked_graded_and_reruns_the_same(cast, records):
    a, b = records
    cycle = actions.compute(region=a.region, year=2026, acting_user=cast["supervisor"])
    results = list(cycle.results.order_by("position"))
    assert [(r.agency_id, r.position, r.total, r.grade) for r in results] == [
        (a.pk, 1, Decimal("100.00"), "excellent"), (b.pk, 2, Decimal("0.00"), "fail")]
    parts = {p["code"]: p for p in results[1].breakdown}
    assert parts["PUBLICATION"]["value"] == "0.00"
    assert parts["PUBLICATION"]["basis"] == {"total": 1, "on_time": 0}
    assert parts["FILE_REVIEW"]["value"] is None  # manual, not given yet: set aside, not scored zero
    # A manual file-review score counts once given (weights renormalised over what is measured).
    actions.set_manual_score(cycle, agency=b, indicator_code="FILE_REVIEW", value=90, acting_user=cast["supervisor"])
    cycle = actions.compute(region=a.region, year=2026, acting_user=cast["supervisor"])
    # B: publication 0 ×10, complaints 0 ×10, file review 90 ×10 → 30.00
    assert cycle.results.get(agency=b).total == Decimal("30.00")
    # A computed indicator is not scored by hand; an officer may not compute.
    with assert_unchanged():
        with pytest.raises(ActionError):
            actions.set_manual_score(cycle, agency=b, indicator_code="PUBLICATION", value=90,
                                     acting_user=cast["supervisor"])
        with pytest.raises(Forbidden):
            actions.compute(region=a.region, year=2026, acting_user=cast["officer_a"])


def test_weights_are_effective_dated(cast, records):
    Indicator.objects.filter(code="PUBLICATION").update(effective_to=D(2025, 12, 31))
    Indicator.objects.create(code="PUBLICATION", name="执法决定公示及时率", indicator_set="general", kind="publication",
                             weight=Decimal(30), citation="县政府2026年考核办法", effective_from=D(2026, 1, 1))
    weights = {y: {i.code: i.weight for i in in_force(D(y, 12, 31))}["PUBLICATION"] for y in (2025, 2026)}
    assert weights == {2025: Decimal(10), 2026: Decimal(30)}
    region = records[0].region
    for year, weight in ((2025, "10.00"), (2026, "30.00")):
        cycle = actions.compute(region=region, year=year, acting_user=cast["supervisor"])
        part = next(p for p in cycle.results.first().breakdown if p["code"] == "PUBLICATION")
        assert part["weight"] == weight


def test_approval_publication_and_the_correction_tracked_to_its_end(cast, records):
    a, b = records
    head_b = make_user("head_b", "agency_head", agency=b)
    cycle = actions.compute(region=a.region, year=2026, acting_user=cast["supervisor"])
    with assert_unchanged():
        with pytest.raises(NotFound):
            actions.approve(cycle, acting_user=cast["officer_a"])  # not published: agency staff do not see it
        with pytest.raises(ActionError):
            actions.publish(cycle, published_on=D(2026, 12, 20), title="通报", acting_user=cast["supervisor"])
    cycle = actions.approve(cycle, note="同意", acting_user=cast["supervisor"])
    with assert_unchanged(), pytest.raises(ActionError):
        actions.compute(region=a.region, year=2026, acting_user=cast["supervisor"])  # approved: frozen
    cycle = actions.publish(cycle, published_on=D(2026, 12, 20), title="关于2026年度行政执法责任制考核结果的通报",
                            acting_user=cast["supervisor"])
    assert cycle.status == "published"
    assert "1. 浦江县市场监督管理局  100.00分  优秀" in cycle.circular_text
    assert Commendation.objects.get(cycle=cycle).agency == a
    correction = Correction.objects.get(cycle=cycle)
    assert (correction.agency, correction.due) == (b, D(2027, 2, 18))
    assert [i.record_id for i in for_user(head_b) if i.kind.endswith("correction")] == [correction.pk]
    # The public reads the circular; the agency reports, the legal office closes.
    page = client_for(None).get(f"/portal/circulars/{cycle.pk}/")
    assert page.status_code == 200
    assert "浦江县综合行政执法局" in page.content.decode()
    assert client_for(None).get("/portal/circulars/").status_code == 200
    with assert_unchanged(), pytest.raises(NotFound):
        actions.report(correction, reported_on=D(2026, 12, 20), report="已整改。", acting_user=cast["officer_a"])
    correction = actions.report(correction, reported_on=D(2026, 12, 20), report="已建立公示台账并补正。",
                                acting_user=cast["officer_b"])
    response = client_for(cast["supervisor"]).post(f"/evaluation/corrections/{correction.pk}/steps/close/",
                                                   {"version": correction.version, "closed_on": "2026-12-20"})
    assert response.status_code == 302
    assert Correction.objects.get(pk=correction.pk).status == "closed"
    assert not [i for i in for_user(head_b) if i.kind.endswith("correction")]


def test_pages(cast, records):
    cycle = actions.compute(region=records[0].region, year=2026, acting_user=cast["supervisor"])
    supervisor = client_for(cast["supervisor"])
    assert "浦江县" in supervisor.get("/evaluation/").content.decode()
    assert supervisor.get(f"/evaluation/cycles/{cycle.pk}/").status_code == 200
    assert client_for(cast["officer_a"]).get(f"/evaluation/cycles/{cycle.pk}/").status_code == 404
    assert client_for(None).get(f"/portal/circulars/{cycle.pk}/").status_code == 404  # not published


def test_a_plan_in_seven_parts_submitted_returned_revised_and_filed(cast):
    head, supervisor = cast["head_a"], cast["supervisor"]
    with assert_unchanged():
        with pytest.raises(ActionError):
            actions.draft_plan(year=2026, parts=PARTS | {"rewards": ""}, acting_user=head)
        with pytest.raises(Forbidden):
            actions.draft_plan(year=2026, parts=PARTS, acting_user=cast["officer_a"])
    response = client_for(head).post("/evaluation/plans/new/", {"year": 2026, **PARTS})
    plan = Plan.objects.get(agency=head.agency, year=2026)
    assert response.status_code == 302
    assert plan.texts.count() == 1
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.submit(plan, acting_user=cast["officer_a"])
    plan = actions.submit(plan, note="请备案", acting_user=head)
    assert [i.record_id for i in for_user(supervisor) if i.kind.endswith("plan")] == [plan.pk]  # awaits the review
    with assert_unchanged(), pytest.raises(NotFound):
        actions.file(plan, filed_on=D(2026, 12, 20), acting_user=cast["officer_b"])
    plan = actions.return_plan(plan, comments="第七部分考核奖惩办法不具体。", acting_user=supervisor)
    actions.revise_plan(plan, parts=PARTS | {"rewards": "按考核等次奖惩，具体如下……"}, acting_user=head)
    plan.refresh_from_db()
    plan = actions.submit(plan, acting_user=head)
    plan = actions.file(plan, filed_on=D(2026, 12, 20), acting_user=supervisor)
    assert not [i for i in for_user(supervisor) if i.kind.endswith("plan")]
    assert (plan.status, plan.filed_on, plan.texts.count()) == ("filed", D(2026, 12, 20), 2)
    assert [s.step for s in plan.steps.order_by("at", "id")] == ["draft", "submit", "return", "revise", "submit", "file"]
    page = client_for(supervisor).get(f"/evaluation/plans/{plan.pk}/").content.decode()
    assert "第七部分考核奖惩办法不具体。" in page
    assert "按考核等次奖惩" in page
    with assert_unchanged(), pytest.raises(ActionError):
        actions.revise_plan(plan, parts=PARTS, acting_user=head)  # filed: no more versions
