"""Case-file review (案卷评查) and self-inspection (自查), issue 12 items 3 and 5.

The sample is reproducible from its seed and nobody reviews their own agency; scoring with a veto
(the file fails) and with deductions; the unit score is the mean of its files; scoring by anyone but
the assigned reviewer changes nothing; the self-inspection lands on the head's to-do list and
leaves it when submitted.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from tests.conftest import CASE_FIELDS, client_for, make_user
from tests.helpers import assert_unchanged
from yifa.cases.models import Case
from yifa.filereview import actions, rules
from yifa.filereview.models import FileReview, ReviewRound, SelfInspection
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.workflow import worklist

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


SERIAL = itertools.count(1)


def closed(agency: Any, power: Any, user: Any, n: int, *, status: str = "closed", on: dt.date | None = None) -> None:
    for i in range(n):
        Case.objects.create(agency=agency, power=power, created_by=user, **(CASE_FIELDS | {
            "title": f"案{agency.pk}-{i}", "number": f"浦{agency.pk}罚〔2026〕{next(SERIAL)}号", "status": status,
            "closed_on": on or D(2026, 6, 1)}))


@pytest.fixture
def world(agency_a, agency_b, officer_a, officer_b, head_a, supervisor, penalty_power):
    closed(agency_a, penalty_power, officer_a, 5)
    closed(agency_a, penalty_power, officer_a, 1, status="archived")
    closed(agency_a, penalty_power, officer_a, 2, on=D(2025, 6, 1))  # outside the period
    closed(agency_a, penalty_power, officer_a, 2, status="opened")  # not closed
    closed(agency_b, penalty_power, officer_b, 2)
    return {"rev_a": make_user("rev_a", "legal_reviewer", agency=agency_a),
            "rev_b": make_user("rev_b", "legal_reviewer", agency=agency_b)}


def new_round(supervisor: Any, seed: str = "seed-2026", count: int = 3) -> ReviewRound:
    return actions.create_round(title="2026年度案卷评查", closed_from=D(2026, 1, 1), closed_to=D(2026, 11, 30),
                                count=count, seed=seed, acting_user=supervisor)


def test_sample_reproducible_from_its_seed_and_nobody_reviews_their_own_agency(world, supervisor, officer_a,
                                                                                agency_a, agency_b):
    with assert_unchanged(), pytest.raises(Forbidden):
        new_round(officer_a)
    with assert_unchanged(), pytest.raises(ActionError):
        actions.create_round(title="评查", closed_from=D(2026, 1, 1), closed_to=D(2026, 11, 30), count=2,
                             ratio=Decimal(10), acting_user=supervisor)
    first = new_round(supervisor)
    files = list(FileReview.objects.filter(round=first).select_related("reviewer"))
    assert sorted(f.agency_id for f in files) == sorted([agency_a.pk] * 3 + [agency_b.pk] * 2)
    assert all(f.reviewer.agency_id != f.agency_id for f in files)
    assert {f.reviewer.role for f in files} == {"legal_reviewer"}
    assert all(Case.objects.get(pk=f.case_id).status in ("closed", "archived") for f in files)
    assert first.seed == "seed-2026"
    assert first.method == rules.METHOD
    # anyone can repeat the draw from what the round records
    candidates = {a: list(Case.objects.filter(agency_id=a, status__in=("closed", "archived"),
                                              closed_on__year=2026).order_by("pk").values_list("pk", flat=True))
                  for a in (agency_a.pk, agency_b.pk)}
    again = rules.sample(first.seed, candidates, ratio=None, count=3)
    assert {str(a): v for a, v in again.items()} == first.draw["agencies"]
    assert [len(v["drawn"]) for v in rules.sample("s", {1: list(range(1, 11)), 2: []}, ratio=Decimal(25),
                                                  count=None).values()] == [3, 0]  # a ratio, rounded up
    second = new_round(supervisor)
    assert sorted(FileReview.objects.filter(round=second).values_list("case_id", "reviewer_id")) == sorted(
        (f.case_id, f.reviewer_id) for f in files)
    assert FileReview.objects.filter(round=first, reviewer=world["rev_b"]).count() == 3


def test_scoring_veto_fails_deductions_subtract_unit_score_is_the_mean(world, supervisor, head_a, officer_b,
                                                                       agency_a):
    rnd = new_round(supervisor, count=2)
    a_files = list(FileReview.objects.filter(round=rnd, agency=agency_a).order_by("pk"))
    reviewer = world["rev_b"]
    assert sorted(i.record_id for i in worklist.for_user(reviewer) if i.kind == "filereview.filereview") == [
        f.pk for f in a_files]
    vetoed, deducted = a_files
    marks = {"V2": {"veto": True, "reason": "主要事实证据仅有当事人陈述。"}}
    # nobody but the assigned reviewer: refused, nothing changes
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.score(vetoed, marks=marks, acting_user=head_a)
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.score(vetoed, marks=marks, acting_user=world["rev_a"])  # the reviewed agency's own reviewer
    with assert_unchanged(), pytest.raises(NotFound):
        actions.score(vetoed, marks=marks, acting_user=officer_b)  # cannot even see it
    with assert_unchanged():
        response = client_for(head_a).post(f"/filereview/files/{vetoed.pk}/score/",
                                           {"version": vetoed.version, "veto_V2": "on", "reason_V2": "理由充分。"})
        assert response.status_code == 403
    with assert_unchanged(), pytest.raises(ActionError):
        actions.score(deducted, marks={"I3": {"deduct": "16", "reason": "超过分值"}}, acting_user=reviewer)
    with assert_unchanged(), pytest.raises(ActionError):
        actions.score(deducted, marks={"I3": {"deduct": "2"}}, acting_user=reviewer)  # no reason
    vetoed = actions.score(vetoed, marks=marks, acting_user=reviewer)
    assert (vetoed.score, vetoed.vetoed, vetoed.grade, vetoed.status) == (Decimal(0), True, "不合格", "scored")
    response = client_for(reviewer).post(f"/filereview/files/{deducted.pk}/score/", {
        "version": deducted.version, "deduct_I3": "5", "reason_I3": "证据目录缺失。", "deduct_I7": "3.5",
        "reason_I7": "说理不充分。"})
    assert response.status_code == 302
    deducted.refresh_from_db()
    assert (deducted.score, deducted.vetoed, deducted.grade) == (Decimal("91.5"), False, "优秀")
    assert [i.record_id for i in worklist.for_user(supervisor) if i.kind == "filereview.filereview"] == [
        vetoed.pk, deducted.pk]
    page = client_for(supervisor).get(f"/filereview/rounds/{rnd.pk}/").content.decode()
    assert "45.8" in page  # (0 + 91.5) / 2
    assert rules.unit_score([Decimal(0), Decimal("91.5")]) == Decimal("45.8")
    actions.confirm(vetoed, acting_user=supervisor)
    assert FileReview.objects.get(pk=vetoed.pk).status == "confirmed"
    for user in (supervisor, reviewer, head_a):
        assert client_for(user).get(f"/filereview/files/{deducted.pk}/").status_code == 200
        assert client_for(user).get("/filereview/").status_code == 200


def test_self_inspection_on_the_heads_list_until_submitted_then_accepted(world, supervisor, head_a, officer_b,
                                                                          agency_a):
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.open_self_inspections(year=2026, acting_user=head_a)
    response = client_for(supervisor).post("/filereview/self/open/", {"year": "2026"})
    assert response.status_code == 302
    assert SelfInspection.objects.count() == 2
    mine = SelfInspection.objects.get(agency=agency_a)
    assert mine.due == D(2026, 12, 31)
    assert len(mine.checklist) >= 5
    items = [i for i in worklist.for_user(head_a) if i.kind == "filereview.selfinspection"]
    assert [(i.record_id, i.step, i.due) for i in items] == [(mine.pk, "submit", D(2026, 12, 31))]
    assert mine.pk not in [i.record_id for i in worklist.for_user(officer_b)]
    with assert_unchanged(), pytest.raises(NotFound):
        actions.submit(mine, submitted_on=D(2026, 12, 15), report="本机关自查情况如下……" * 3, acting_user=officer_b)
    response = client_for(head_a).post(f"/filereview/self/{mine.pk}/steps/submit/", {
        "version": mine.version, "submitted_on": "2026-12-15", "report": "一、执法主体资格清理情况……二、整改情况……"})
    assert response.status_code == 302
    assert [i for i in worklist.for_user(head_a) if i.kind == "filereview.selfinspection"] == []
    mine.refresh_from_db()
    assert mine.status == "submitted"
    actions.accept(mine, note="报告完整。", acting_user=supervisor)
    assert [s.step for s in SelfInspection.objects.get(pk=mine.pk).steps.order_by("id")] == ["open", "submit", "accept"]
    page = client_for(head_a).get(f"/filereview/self/{mine.pk}/").content.decode()
    assert "报送自查报告" in page
