"""Major-case filing and spot checks (issue 12 items 2 and 7): a decided case above its agency's
threshold becomes a filing due 15 days later on the head's to-do list (below: nothing); the
submit / review lifecycle, refusals that change nothing; the seeded, reproducible spot-check draw
and its results page; scoping (agency B sees none of A's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.test_case_gates import Flow
from yifa.cases.models import Case
from yifa.filing import actions
from yifa.filing.access import filings_for
from yifa.filing.models import Filing, FilingStep, MajorCriterion, SpotCheck
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.randomcheck import rules as draws
from yifa.workflow import worklist

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 10, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def flow(agency_a, penalty_power, crew_a, officer_a, head_a) -> Flow:
    return Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])


def decide(flow: Flow, capture) -> Case:
    """An organisation fined 40,000 yuan on 2026-09-29 (the step's hook run on commit)."""
    with capture(execute=True):
        return flow.decided_small()


def own_threshold(agency, fine: str) -> MajorCriterion:
    return MajorCriterion.objects.create(agency=agency, fine_organisation=Decimal(fine), fine_individual=Decimal(5000),
                                         kinds=["licence_revoke"], citation="本机关重大案件标准（测试）",
                                         effective_from=D(2026, 1, 1))


def test_a_case_above_its_agencys_threshold_is_filed_within_15_days(flow, agency_a, head_a, officer_a, supervisor,
                                                                     django_capture_on_commit_callbacks):
    own_threshold(agency_a, "30000")
    case = decide(flow, django_capture_on_commit_callbacks)
    filing = Filing.objects.get(case=case)
    assert (filing.status, filing.decided_on, filing.due) == ("pending", D(2026, 9, 29), D(2026, 10, 14))
    assert filing.criterion.agency_id == agency_a.pk
    assert "不低于30,000.00元" in filing.grounds[0]
    assert FilingStep.objects.get(filing=filing).step == "determine"
    # On the head's to-do list, due 10-14; not on the officer's, nor yet on the supervisor's.
    [item] = [i for i in worklist.for_user(head_a) if i.kind == "filing.filing"]
    assert (item.record_id, item.due, item.url) == (filing.pk, D(2026, 10, 14), f"/filing/{filing.pk}/")
    assert not [i for i in worklist.for_user(officer_a) if i.kind == "filing.filing"]
    assert not [i for i in worklist.for_user(supervisor) if i.kind == "filing.filing"]
    # The hook again (idempotent): still one filing.
    assert actions.open_filing(case, acting_user=head_a).pk == filing.pk
    assert Filing.objects.count() == 1


def test_a_case_below_the_county_default_is_not_filed(flow, django_capture_on_commit_callbacks):
    default = MajorCriterion.objects.get(agency=None)  # seeded: organisations from 100,000 yuan
    assert default.fine_organisation == Decimal(100000)
    assert default.citation
    decide(flow, django_capture_on_commit_callbacks)
    assert not Filing.objects.exists()


def test_submit_and_review_lifecycle_refusals_change_nothing(flow, agency_a, head_a, officer_a, officer_b, supervisor,
                                                              django_capture_on_commit_callbacks):
    own_threshold(agency_a, "30000")
    filing = Filing.objects.get(case=decide(flow, django_capture_on_commit_callbacks))
    with assert_unchanged():
        with pytest.raises(Forbidden):  # an officer is not the head
            actions.submit(filing, submitted_on=D(2026, 10, 8), report="报送重大案件。", acting_user=officer_a)
        with pytest.raises(NotFound):  # another agency
            actions.submit(filing, submitted_on=D(2026, 10, 8), report="报送重大案件。", acting_user=officer_b)
        with pytest.raises(ActionError):  # not yet submitted: nothing to review
            actions.review(filing, accepted=True, reviewed_on=D(2026, 10, 9), opinion="同意。", acting_user=supervisor)
        with pytest.raises(ActionError):  # dated before the decision
            actions.submit(filing, submitted_on=D(2026, 9, 1), report="报送。", acting_user=head_a)
    filing = actions.submit(filing, submitted_on=D(2026, 10, 8), report="报送重大案件。", acting_user=head_a)
    assert filing.status == "submitted"
    # Now on the county legal office's list, off the head's.
    assert [i.record_id for i in worklist.for_user(supervisor) if i.kind == "filing.filing"] == [filing.pk]
    assert not [i for i in worklist.for_user(head_a) if i.kind == "filing.filing"]
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.review(filing, accepted=True, reviewed_on=D(2026, 10, 9), opinion="同意。", acting_user=head_a)
    filing = actions.review(filing, accepted=False, reviewed_on=D(2026, 10, 9), opinion="罚款依据引用有误，请纠正。",
                            acting_user=supervisor)
    assert (filing.status, filing.opinion) == ("correction", "罚款依据引用有误，请纠正。")
    filing = actions.submit(filing, submitted_on=D(2026, 10, 9), report="已纠正。", acting_user=head_a)
    filing = actions.review(filing, accepted=True, reviewed_on=D(2026, 10, 9), opinion="同意备案。", acting_user=supervisor)
    assert filing.status == "accepted"
    assert [s.step for s in FilingStep.objects.filter(filing=filing)] == ["determine", "submit", "review", "submit",
                                                                         "review"]
    # The pages: the head and the supervisor see it; agency B gets 404 and an empty list.
    assert client_for(head_a).get(f"/filing/{filing.pk}/").status_code == 200
    page = client_for(supervisor).get("/filing/")
    assert page.status_code == 200
    assert f'data-filing="{filing.pk}"' in page.content.decode()
    assert client_for(officer_b).get(f"/filing/{filing.pk}/").status_code == 404
    assert f'data-filing="{filing.pk}"' not in client_for(officer_b).get("/filing/").content.decode()
    assert not filings_for(officer_b).exists()
    assert "全县默认" in client_for(officer_b).get("/filing/criteria/").content.decode()


def closed_cases(agency, power, user, n: int, start: int = 0) -> list[Case]:
    return [Case.objects.create(agency=agency, power=power, created_by=user, **(CASE_FIELDS | {
        "title": f"已结案件{start + i}", "status": "closed", "closed_on": D(2026, 9, 1) + dt.timedelta(days=i)}))
            for i in range(n)]


def test_the_spot_check_draw_is_reproducible_from_its_seed(agency_a, agency_b, penalty_power, officer_a, officer_b,
                                                            supervisor):
    a_cases = closed_cases(agency_a, penalty_power, officer_a, 5)
    b_cases = closed_cases(agency_b, penalty_power, officer_b, 4, start=10)
    args = {"title": "2026年第三季度案卷抽查", "closed_from": D(2026, 9, 1), "closed_to": D(2026, 9, 30),
            "agencies_n": 2, "cases_n": 2}
    with assert_unchanged(), pytest.raises(Forbidden):
        actions.draw_spot_check(acting_user=officer_a, seed="abc", **args)
    check = actions.draw_spot_check(acting_user=supervisor, seed="abc", **args)
    drawn = [(i.agency_id, i.case_id) for i in check.items.order_by("rank")]
    assert len(drawn) == 4
    assert {a for a, _ in drawn} == {agency_a.pk, agency_b.pk}
    # Anyone repeats it from what the check records.
    ids = sorted(c.pk for c in a_cases + b_cases)
    assert (check.method, check.candidates_hash, check.candidates) == (draws.METHOD, draws.ids_hash(ids), 9)
    by_agency = {agency_a.pk: sorted(c.pk for c in a_cases), agency_b.pk: sorted(c.pk for c in b_cases)}
    assert actions.spot_draw(check.seed, by_agency, 2, 2) == drawn
    again = actions.draw_spot_check(acting_user=supervisor, seed="abc", **args)
    assert [(i.agency_id, i.case_id) for i in again.items.order_by("rank")] == drawn
    # Results: recorded by the legal office, listed on the check's page.
    item = check.items.get(agency=agency_a, rank=min(i.rank for i in check.items.filter(agency=agency_a)))
    with assert_unchanged():
        with pytest.raises(Forbidden):
            actions.record_result(item, result="sound", finding="", acting_user=officer_a)
        with pytest.raises(ActionError):  # a flaw without saying what
            actions.record_result(item, result="flawed", finding="", acting_user=supervisor)
    response = client_for(supervisor).post(f"/spotchecks/items/{item.pk}/",
                                           {"result": "flawed", "finding": "缺少送达回证。"})
    assert response.status_code == 302
    page = client_for(supervisor).get(f"/spotchecks/{check.pk}/").content.decode()
    assert "缺少送达回证。" in page
    assert 'data-result="flawed"' in page
    assert check.seed in page
    # Agency A sees the check with its own cases only; a check that drew none of agency B's is 404 to B.
    mine = client_for(officer_a).get(f"/spotchecks/{check.pk}/").content.decode()
    assert "缺少送达回证。" in mine
    assert agency_b.name not in mine
    one = actions.draw_spot_check(acting_user=supervisor, seed="x", **(args | {"agencies_n": 1}))
    outsider = officer_b if one.items.first().agency_id == agency_a.pk else officer_a
    assert client_for(outsider).get(f"/spotchecks/{one.pk}/").status_code == 404
    with assert_unchanged():  # only the legal office draws
        assert client_for(officer_a).post("/spotchecks/", args | {"seed": "y"}).status_code == 403
    assert SpotCheck.objects.count() == 3
