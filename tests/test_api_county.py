"""The county's side in the API (issue 12): supervision alerts and notices, major-case filings and
spot checks, file reviews and self-inspections, evaluation cycles, corrections and plans, remedies
and fault inquiries — through HTTP: scoped lists and records (another agency's record is 404, as
missing), steps derived from the procedure declarations, refusals in both languages with nothing
changed, and the OpenAPI document listing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.records import (
    alert_and_notice,
    evaluation_records,
    filing_and_spot_check,
    inquiry_record,
    review_and_inspection,
)
from tests.test_licensing import on

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 10, 12)


@pytest.fixture
def county_records(cast, agency_a, officer_a, head_a, penalty_power) -> dict[str, Any]:
    """Agency A's case with an alert and a notice on it, its major-case filing and a spot check that
    drew it, a review round (reviewed by officer_b of agency B) and a self-inspection, a fault
    inquiry, a computed evaluation with a correction and a plan, and a remedy."""
    from yifa.accountability.models import Remedy
    from yifa.cases import actions

    case = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    remedy = Remedy.objects.create(case=case, agency=agency_a, kind="reconsideration", body="浦江县人民政府",
                                   filed_on=D(2026, 10, 8), accepted_on=D(2026, 10, 9), recorded_by=head_a)
    return {**alert_and_notice(agency_a, case), **filing_and_spot_check(agency_a, case),
            **review_and_inspection(agency_a, case), **inquiry_record(agency_a, case),
            **evaluation_records(agency_a, head_a), "case": case, "remedy": remedy}


def get(user: Any, url: str) -> Any:
    with on(TODAY):
        return client_for(user).get(url)


def post(user: Any, url: str, body: dict[str, Any]) -> Any:
    with on(TODAY):
        return client_for(user).post(url, body, content_type="application/json")


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


#: (list URL — its records at `<url>/<pk>`, record key) for every kind of record here.
KINDS = [
    ("/api/supervision/alerts", "alert"),
    ("/api/supervision/notices", "notice"),
    ("/api/filing/filings", "filing"),
    ("/api/filing/spot-checks", "spot_check"),
    ("/api/filereview/self-inspections", "self_inspection"),
    ("/api/evaluation/corrections", "correction"),
    ("/api/evaluation/plans", "evaluation_plan"),
    ("/api/accountability/remedies", "remedy"),
    ("/api/accountability/inquiries", "inquiry"),
]


# --- scoping --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "key"), KINDS)
def test_the_agency_and_the_county_see_a_record_another_agency_does_not(url, key, county_records, officer_a,
                                                                       officer_b, supervisor):
    record = county_records[key]
    assert record.pk in ids(get(officer_a, url))
    assert record.pk in ids(get(supervisor, url))
    assert record.pk not in ids(get(officer_b, url))
    assert get(officer_a, f"{url}/{record.pk}").status_code == 200
    assert get(supervisor, f"{url}/{record.pk}").status_code == 200
    refused = get(officer_b, f"{url}/{record.pk}")
    assert refused.status_code == 404  # not 403: another agency's record is answered as missing
    assert refused.json()["message_en"] == "No such record."
    assert get(officer_b, f"{url}/999999").json() == refused.json()


def test_agency_b_cannot_see_agency_a_filing(county_records, officer_b, head_a):
    filing = county_records["filing"]
    assert ids(get(officer_b, "/api/filing/filings")) == []
    assert get(officer_b, f"/api/filing/filings/{filing.pk}").status_code == 404
    body = get(head_a, f"/api/filing/filings/{filing.pk}").json()
    assert body["case_id"] == county_records["case"].pk
    assert body["status"] == "pending"
    assert body["due"] == "2026-10-14"


def test_a_spot_check_shows_an_agency_only_its_own_cases(county_records, officer_a, officer_b, supervisor,
                                                         agency_b, penalty_power):
    from yifa.cases.models import Case
    from yifa.filing.models import SpotCheckItem

    check = county_records["spot_check"]
    case_b = Case.objects.create(agency=agency_b, power=penalty_power, created_by=officer_b, **CASE_FIELDS)
    other = SpotCheckItem.objects.create(check_run=check, case=case_b, agency=agency_b, rank=2)
    mine = get(officer_a, f"/api/filing/spot-checks/{check.pk}").json()
    assert [i["id"] for i in mine["items"]] == [county_records["spot_item"].pk]
    everyone = get(supervisor, f"/api/filing/spot-checks/{check.pk}").json()
    assert {i["id"] for i in everyone["items"]} == {county_records["spot_item"].pk, other.pk}


def test_an_unpublished_cycle_is_the_county_s_alone(county_records, head_a, supervisor):
    cycle = county_records["cycle"]
    assert get(head_a, f"/api/evaluation/cycles/{cycle.pk}").status_code == 404
    assert ids(get(head_a, "/api/evaluation/cycles")) == []
    assert ids(get(supervisor, "/api/evaluation/cycles")) == [cycle.pk]


def test_the_reviewer_of_another_agency_sees_the_file_assigned(county_records, officer_b, officer_a):
    review = county_records["file_review"]
    assert ids(get(officer_b, "/api/filereview/files?mine=true")) == [review.pk]
    assert ids(get(officer_a, "/api/filereview/files?mine=true")) == []
    assert ids(get(officer_a, "/api/filereview/files")) == [review.pk]
    body = get(officer_b, f"/api/filereview/files/{review.pk}").json()
    assert body["status"] == "assigned", body
    assert body["items"], body
    rounds = get(officer_b, f"/api/filereview/rounds/{county_records['review_round'].pk}").json()
    assert rounds["file_ids"] == [review.pk]


def test_lists_filter_by_status(county_records, officer_a):
    alert = county_records["alert"]
    assert ids(get(officer_a, "/api/supervision/alerts?status=open")) == [alert.pk]
    assert ids(get(officer_a, "/api/supervision/alerts?status=resolved")) == []
    assert ids(get(officer_a, "/api/supervision/alerts?status=nonsense")) == [alert.pk]  # unknown: ignored
    assert ids(get(officer_a, "/api/filing/filings?status=accepted")) == []


def test_lists_are_paged_without_a_count(county_records, officer_a, agency_a):
    from django.utils import timezone

    from yifa.supervision.models import Alert

    now = timezone.now()
    Alert.objects.bulk_create([
        Alert(rule="CASE_STAGE_OVERDUE", rule_effective_from=D(2021, 7, 15), citation="行政处罚法第六十条",
              severity="yellow", record_type="cases.Case", record_id=10_000 + i, agency=agency_a, evidence={},
              first_seen=now, last_seen=now, due=D(2026, 9, 1)) for i in range(50)])
    first = get(officer_a, "/api/supervision/alerts").json()
    second = get(officer_a, "/api/supervision/alerts?page=2").json()
    assert (len(first["items"]), first["page"], first["has_next"]) == (50, 1, True)
    assert (len(second["items"]), second["page"], second["has_next"]) == (1, 2, False)
    assert {r["id"] for r in first["items"]}.isdisjoint(r["id"] for r in second["items"])


@pytest.mark.parametrize("query", ["agency_id=abc", f"agency_id={2**64}", "agency_id=0"])
def test_a_bad_id_filter_is_refused_bilingually(query, county_records, supervisor):
    response = get(supervisor, f"/api/supervision/alerts?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "agency_id"
    assert body["message"]
    assert body["message_en"]


# --- steps ----------------------------------------------------------------------------------------


def test_the_agency_acknowledges_an_alert(county_records, officer_a):
    alert = county_records["alert"]
    response = post(officer_a, f"/api/supervision/alerts/{alert.pk}/steps/acknowledge",
                    {"version": alert.version, "note": "已安排处理"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["version"] == alert.version + 1
    assert [s["step"] for s in body["steps"]] == ["acknowledge"]
    alert.refresh_from_db()
    assert alert.status == "acknowledged"


def test_only_the_supervisor_dismisses_and_a_refusal_changes_nothing(county_records, officer_a, officer_b,
                                                                     supervisor):
    alert = county_records["alert"]
    url = f"/api/supervision/alerts/{alert.pk}/steps/dismiss"
    body = {"version": alert.version, "reason": "系统误报"}
    with assert_unchanged():
        refused = post(officer_a, url, body)
        hidden = post(officer_b, url, body)
        stale = post(supervisor, url, body | {"version": alert.version + 7})
        short = post(supervisor, url, body | {"reason": ""})
    assert refused.status_code == 403
    assert refused.json()["message"]
    assert refused.json()["message_en"]
    assert hidden.status_code == 404
    assert stale.status_code == 400
    assert stale.json()["message_en"]
    assert short.status_code == 422
    assert short.json()["message"]
    assert short.json()["message_en"]
    done = post(supervisor, url, body)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "dismissed"
    assert done.json()["dismiss_reason"] == "系统误报"


def test_the_supervisor_sends_a_notice_and_the_agency_answers(county_records, officer_a, supervisor):
    alert = county_records["alert"]
    with assert_unchanged():
        refused = post(officer_a, f"/api/supervision/alerts/{alert.pk}/notices", {"text": "请整改", "due": "2026-10-20"})
    assert refused.status_code == 403
    sent = post(supervisor, f"/api/supervision/alerts/{alert.pk}/notices", {"text": "请于十日内整改。", "due": "2026-10-22"})
    assert sent.status_code == 201, sent.json()
    notice = sent.json()
    assert notice["status"] == "sent"
    assert notice["agency_id"] == alert.agency_id
    answered = post(officer_a, f"/api/supervision/notices/{notice['id']}/steps/answer",
                    {"version": notice["version"], "answered_on": "2026-10-12", "answer": "已整改完毕。"})
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "answered"


def test_a_filing_is_submitted_by_the_head_and_reviewed_by_the_county(county_records, officer_a, head_a,
                                                                      supervisor):
    filing = county_records["filing"]
    submit = f"/api/filing/filings/{filing.pk}/steps/submit"
    body = {"version": filing.version, "submitted_on": "2026-10-10", "report": "报送重大案件备案。"}
    with assert_unchanged():
        refused = post(officer_a, submit, body)
    assert refused.status_code == 403
    assert "head" in refused.json()["message_en"]
    submitted = post(head_a, submit, body)
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    review = f"/api/filing/filings/{filing.pk}/steps/review"
    opinion = {"version": submitted.json()["version"], "accepted": False, "reviewed_on": "2026-10-12",
               "opinion": "罚款幅度依据不足，责令纠正。"}
    with assert_unchanged():
        early = post(supervisor, review, opinion | {"reviewed_on": "2026-10-09"})
    assert early.status_code == 400
    assert early.json()["field"] == "reviewed_on"
    reviewed = post(supervisor, review, opinion)
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["status"] == "correction"
    assert [s["step"] for s in reviewed.json()["steps"]] == ["submit", "review"]


def test_the_assigned_reviewer_scores_a_file(county_records, officer_a, officer_b, supervisor):
    review = county_records["file_review"]
    sheet_items = get(officer_b, f"/api/filereview/files/{review.pk}").json()["items"]
    item = next(i for i in sheet_items if not i["veto"] and float(i["max_points"]) >= 1)
    url = f"/api/filereview/files/{review.pk}/steps/score"
    marks = {"version": review.version, "marks": {item["code"]: {"deduct": "1", "reason": "文书不规范"}}}
    with assert_unchanged():
        refused = post(officer_a, url, marks)
        unknown = post(officer_b, url, {"version": review.version, "marks": {"NOPE": {"deduct": "1", "reason": "x"}}})
    assert refused.status_code == 403
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "marks"
    scored = post(officer_b, url, marks)
    assert scored.status_code == 200, scored.json()
    assert scored.json()["status"] == "scored"
    assert scored.json()["score"] == "99.0"
    confirmed = post(supervisor, f"/api/filereview/files/{review.pk}/steps/confirm",
                     {"version": scored.json()["version"], "note": ""})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"


def test_the_agency_submits_its_self_inspection(county_records, officer_a, officer_b):
    inspection = county_records["self_inspection"]
    url = f"/api/filereview/self-inspections/{inspection.pk}/steps/submit"
    body = {"version": inspection.version, "submitted_on": "2026-10-12", "report": "本年度自查情况如下：……（略）"}
    with assert_unchanged():
        assert post(officer_b, url, body).status_code == 404
    done = post(officer_a, url, body)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "submitted"


def test_the_county_approves_a_cycle(county_records, head_a, supervisor):
    cycle = county_records["cycle"]
    url = f"/api/evaluation/cycles/{cycle.pk}/steps/approve"
    with assert_unchanged():
        assert post(head_a, url, {"version": cycle.version, "note": ""}).status_code == 404
    done = post(supervisor, url, {"version": cycle.version, "note": "同意。"})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "approved"


def test_the_agency_reports_its_correction(county_records, officer_a):
    correction = county_records["correction"]
    done = post(officer_a, f"/api/evaluation/corrections/{correction.pk}/steps/report",
                {"version": correction.version, "reported_on": "2026-10-12", "report": "已完成整改。"})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "answered"


def test_the_legal_office_extends_an_inquiry_once(county_records, officer_a, supervisor):
    inquiry = county_records["inquiry"]
    url = f"/api/accountability/inquiries/{inquiry.pk}/steps/extend"
    with assert_unchanged():
        assert post(officer_a, url, {"version": inquiry.version, "reason": "案情复杂"}).status_code == 403
    done = post(supervisor, url, {"version": inquiry.version, "reason": "案情复杂，需调取更多材料。"})
    assert done.status_code == 200, done.json()
    assert done.json()["extended"] is True
    with assert_unchanged():
        again = post(supervisor, url, {"version": done.json()["version"], "reason": "再次延期"})
    assert again.status_code == 400
    assert again.json()["message_en"]


# --- the document ---------------------------------------------------------------------------------


def test_the_openapi_document_lists_the_county_endpoints(supervisor):
    doc = client_for(supervisor).get("/api/openapi.json").json()
    paths = doc["paths"]
    for path in ("/api/supervision/alerts", "/api/supervision/alerts/{pk}", "/api/supervision/notices/{pk}",
                 "/api/filing/filings", "/api/filing/filings/{pk}", "/api/filing/spot-checks/{pk}",
                 "/api/filereview/rounds", "/api/filereview/files/{pk}", "/api/filereview/self-inspections",
                 "/api/evaluation/cycles/{pk}", "/api/evaluation/corrections", "/api/evaluation/plans/{pk}",
                 "/api/accountability/remedies", "/api/accountability/inquiries/{pk}"):
        assert "get" in paths[path], path
    steps = {p.rsplit("/", 1)[1] for p in paths if "/steps/" in p and p.startswith(
        ("/api/supervision", "/api/filing", "/api/filereview", "/api/evaluation", "/api/accountability"))}
    assert {"acknowledge", "resolve", "dismiss", "answer", "send_back", "close", "submit", "review", "score",
            "confirm", "accept", "approve", "publish", "report", "file", "return", "propose", "extend",
            "decide"} <= steps
    body = paths["/api/filing/filings/{pk}/steps/review"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/FilingReviewIn")


# --- the legal office's writes that are not steps --------------------------------------------------


def test_the_legal_office_records_a_spot_check_result(county_records, officer_a, supervisor):
    item = county_records["spot_item"]
    url = f"/api/filing/spot-checks/items/{item.pk}/result"
    with assert_unchanged():
        refused = post(officer_a, url, {"result": "sound", "finding": ""})
        bare = post(supervisor, url, {"result": "flawed", "finding": ""})
    assert refused.status_code == 403
    assert bare.status_code == 400
    assert bare.json()["field"] == "finding"
    done = post(supervisor, url, {"result": "flawed", "finding": "缺少送达回证。"})
    assert done.status_code == 200, done.json()
    assert [(i["id"], i["result"]) for i in done.json()["items"]] == [(item.pk, "flawed")]


def test_a_draw_without_closed_cases_is_refused_and_changes_nothing(county_records, officer_a, supervisor):
    draw = {"title": "2026年第三季度抽查", "closed_from": "2026-07-01", "closed_to": "2026-09-30", "agencies_n": 2,
            "cases_n": 2}
    rnd = {"title": "2026年度案卷评查", "closed_from": "2026-01-01", "closed_to": "2026-09-30", "count": 2}
    with assert_unchanged():
        assert post(officer_a, "/api/filing/spot-checks", draw).status_code == 403
        empty = post(supervisor, "/api/filing/spot-checks", draw)
        assert post(officer_a, "/api/filereview/rounds", rnd).status_code == 403
        no_files = post(supervisor, "/api/filereview/rounds", rnd)
    assert empty.status_code == 400
    assert empty.json()["message_en"] == "No closed cases in the period."
    assert no_files.status_code == 400
    assert no_files.json()["message"]


def test_the_legal_office_opens_the_year_s_self_inspections(county_records, agency_b, officer_a, supervisor):
    with assert_unchanged():
        assert post(officer_a, "/api/filereview/self-inspections", {"year": 2026}).status_code == 403
    opened = post(supervisor, "/api/filereview/self-inspections", {"year": 2026})
    assert opened.status_code == 201, opened.json()
    # agency A has its 2026 self-inspection already: only agency B's is opened
    assert [row["agency_id"] for row in opened.json()] == [agency_b.pk]
