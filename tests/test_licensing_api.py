"""Licensing API over HTTP: the full run by steps, scoping (404 for "not yours" as for
"missing"), 401 for anonymous and 403 for the public, head-only extension, refusals with their
article, masking, licences and renewal. Every refusal changes nothing.

Dates are those of tests/test_licensing_web.py (hand-counted there).
"""
# ruff: noqa: F811  (fixtures shared with test_licensing_web by import)

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import on, valid_uscc
from tests.test_licensing_web import (  # noqa: F401
    PERSON_ID,
    accepted,
    issued,
    power_a,
    power_b,
    receive,
)
from yifa.audit.chain import verify
from yifa.licensing.models import Licence, LicenceApplication
from yifa.licensing.procedure import LICENSING

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 20)  # every request without a day of its own is made on this day


@pytest.fixture(autouse=True)
def _today():
    """Requests run on a fixed day, never on the machine's clock: a session opened on a step's day
    (Api.post) must still be valid for the reads after it, whatever the real date."""
    with on(TODAY):
        yield


class Api:
    def __init__(self, user: Any) -> None:
        self.user = user
        self.client = client_for(user) if user is not None else Client()

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/licensing{path}", params)

    def post(self, path: str, body: dict[str, Any], day: dt.date | None = None) -> Any:
        if day is None:
            return self.client.post(f"/api/licensing{path}", data=json.dumps(body), content_type="application/json")
        with on(day):
            if self.user is not None:
                self.client.force_login(self.user)  # a session opened on that day (sessions expire)
            return self.client.post(f"/api/licensing{path}", data=json.dumps(body), content_type="application/json")

    def step(self, pk: int, step: str, body: dict[str, Any], day: dt.date) -> Any:
        """The step as a client that has just read the application posts it: with the version it
        saw (the current one) and, unless `body` says otherwise, dated `day`."""
        version = LicenceApplication.objects.filter(pk=pk).values_list("version", flat=True).first() or 0
        dated_by = LICENSING[step].dated_by
        defaults = {"version": version} | ({dated_by: day.isoformat()} if dated_by else {})
        return self.post(f"/applications/{pk}/steps/{step}", defaults | body, day)


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    return response.json()


def application_body(power_id: int) -> dict[str, Any]:
    return {"power_id": power_id, "applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": valid_uscc(), "applicant_address": "浦江县浦阳街道和平路8号",
            "applicant_phone": "13905791234", "subject": "食品经营许可（餐饮服务）", "materials": ["申请书", "营业执照"],
            "received_on": "2026-09-29"}


def test_full_run_through_the_api(power_a, officer_a, head_a):
    officer, head = Api(officer_a), Api(head_a)
    a = ok(officer.post("/applications", application_body(power_a.pk), D(2026, 9, 29)), 201)
    assert (a["status"], a["completeness_due"], a["running_due"], a["running_due_field"]) == (
        "received", "2026-10-12", "2026-10-12", "completeness_due")
    assert a["offered_steps"] == ["request_correction", "accept"]
    assert a["materials"] == ["申请书", "营业执照"]
    pk = a["id"]
    a = ok(officer.step(pk, "request_correction", {"missing_items": ["平面布局图", "健康证明"]}, D(2026, 9, 30)))
    assert (a["status"], a["missing_items"]) == ("correction_requested", ["平面布局图", "健康证明"])
    a = ok(officer.step(pk, "receive_correction", {"materials": ["平面布局图", "健康证明"]}, D(2026, 10, 8)))
    assert (a["status"], a["completeness_due"]) == ("received", "2026-10-14")
    a = ok(officer.step(pk, "accept", {}, D(2026, 10, 9)))
    assert (a["status"], a["accepted_on"], a["decision_due"], a["decision_rule"]) == (
        "accepted", "2026-10-09", "2026-11-05", "ALL_DECISION")
    assert "extend_review" not in a["offered_steps"]
    assert "extend_review" in ok(head.get(f"/applications/{pk}"))["offered_steps"]
    a = ok(head.step(pk, "extend_review", {"reasons": "需现场核查经营场所"}, D(2026, 11, 2)))
    assert (a["decision_due"], a["extended"], a["extension_approver"]) == ("2026-11-19", True, "head_a")
    a = ok(officer.step(pk, "decide", {"outcome": "granted"}, D(2026, 11, 10)))
    assert (a["status"], a["outcome"], a["certificate_due"]) == ("decided", "granted", "2026-11-24")
    a = ok(officer.step(pk, "issue_licence", {"number": "JY13307260001", "valid_to": "2031-11-11"}, D(2026, 11, 12)))
    assert a["status"] == "issued"
    assert a["licence_id"] == Licence.objects.get().pk
    assert [s["step"] for s in a["steps"]] == ["receive", "request_correction", "receive_correction", "accept",
                                               "extend_review", "decide", "issue_licence"]
    assert [s["actor"] for s in a["steps"]][3:5] == ["officer_a", "head_a"]
    licence = ok(officer.get(f"/licences/{a['licence_id']}"))
    assert (licence["number"], licence["valid_to"], licence["renewal_due"]) == (
        "JY13307260001", "2031-11-11", "2031-10-12")
    assert [r["id"] for r in ok(officer.get("/licences"))["items"]] == [licence["id"]]
    body = {"materials": ["延续申请书"], "received_on": "2031-10-12"}
    renewal = ok(officer.post(f"/licences/{licence['id']}/renewal", body, D(2031, 10, 12)), 201)
    assert (renewal["kind"], renewal["renewal_of_id"], renewal["status"]) == ("renewal", licence["id"], "received")
    assert ok(officer.get(f"/licences/{licence['id']}"))["renewal_application_ids"] == [renewal["id"]]
    assert verify().ok


def test_suspension_and_resumption(power_a, officer_a):
    app = accepted(power_a, officer_a)
    api = Api(officer_a)
    a = ok(api.step(app.pk, "suspend", {"kind": "expert", "applicant_notified_on": "2026-10-12", "reason": "专家评审"},
                    D(2026, 10, 12)))
    assert a["status"] == "suspended"
    assert a["deadline_state"] == "normal"
    assert a["offered_steps"] == ["resume"]
    assert a["suspensions"][0]["start"] == "2026-10-12"
    assert a["suspensions"][0]["end"] is None
    a = ok(api.step(app.pk, "resume", {}, D(2026, 10, 16)))
    assert (a["status"], a["suspended_days"], a["decision_due"]) == ("accepted", 5, "2026-11-12")
    assert a["suspensions"][0]["working_days"] == 5


def test_list_is_scoped_searchable_and_coloured(power_a, power_b, officer_a, officer_b, supervisor):
    mine = receive(power_a, officer_a)
    other = receive(power_b, officer_b, applicant_name="别家机关的申请人")
    with on(D(2026, 10, 9)):
        rows = ok(Api(officer_a).get("/applications"))["items"]
    assert [(r["id"], r["deadline_state"], r["running_due"]) for r in rows] == [(mine.pk, "near", "2026-10-12")]
    assert [r["id"] for r in ok(Api(officer_b).get("/applications"))["items"]] == [other.pk]
    assert {r["id"] for r in ok(Api(supervisor).get("/applications"))["items"]} == {mine.pk, other.pk}
    assert [r["id"] for r in ok(Api(supervisor).get("/applications", q="别家"))["items"]] == [other.pk]
    assert ok(Api(supervisor).get("/applications", status="accepted"))["items"] == []


def test_anonymous_is_401_and_citizen_403_and_nothing_changes(power_a, officer_a, citizen):
    app = receive(power_a, officer_a)
    with assert_unchanged():
        for user, status in ((None, 401), (citizen, 403)):
            api = Api(user)
            for response in (api.get("/applications"), api.get(f"/applications/{app.pk}"), api.get("/licences"),
                             api.post("/applications", application_body(power_a.pk), D(2026, 9, 29)),
                             api.step(app.pk, "accept", {}, D(2026, 9, 30))):
                assert response.status_code == status, response.content.decode()
                assert response.json()["message"]
                assert response.json()["message_en"]


def test_other_agency_gets_the_same_404_and_nothing_changes(power_a, officer_a, officer_b):
    app = receive(power_a, officer_a)
    api = Api(officer_b)
    missing = app.pk + 1000
    assert api.get(f"/applications/{app.pk}").status_code == api.get(f"/applications/{missing}").status_code == 404
    assert api.get(f"/applications/{app.pk}").json() == api.get(f"/applications/{missing}").json()
    with assert_unchanged():
        refused = api.step(app.pk, "accept", {}, D(2026, 9, 30))
        assert refused.status_code == 404
        assert refused.json() == api.step(missing, "accept", {}, D(2026, 9, 30)).json()
        # Nor can they receive an application under agency A's licensing item.
        assert api.post("/applications", application_body(power_a.pk), D(2026, 9, 30)).status_code == 404


def test_only_the_head_extends(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with assert_unchanged():
        response = Api(officer_a).step(app.pk, "extend_review", {"reasons": "材料复杂"}, D(2026, 10, 20))
        assert response.status_code == 403
        body = response.json()
        assert body["rule"] == "行政许可法第四十二条"
        assert "负责人批准" in body["message"]
        assert body["message_en"] == (
            "Only the head of the agency may approve an extension (Administrative Licensing Law, art. 42)")


def test_supervisor_may_read_but_not_act(power_a, officer_a, supervisor):
    app = receive(power_a, officer_a)
    with assert_unchanged():
        assert ok(Api(supervisor).get(f"/applications/{app.pk}"))["offered_steps"] == []
        response = Api(supervisor).step(app.pk, "accept", {}, D(2026, 9, 30))
        assert response.status_code == 403
        assert "本机关的工作人员" in response.json()["message"]
        assert Api(supervisor).post("/applications", application_body(power_a.pk), D(2026, 9, 30)).status_code == 403


def test_refusals_name_the_article_and_change_nothing(power_a, officer_a):
    app = receive(power_a, officer_a)
    api = Api(officer_a)
    with assert_unchanged():
        empty = api.step(app.pk, "request_correction", {"missing_items": [" "]}, D(2026, 9, 30))
        assert empty.status_code == 400
        assert empty.json() == {"message": "请一次列明需要补正的全部内容。",
                                "message_en": "List everything that is missing, all at once.",
                                "field": "missing_items", "rule": "行政许可法第三十二条"}
        late = api.step(app.pk, "request_correction", {"missing_items": ["平面布局图"]}, D(2026, 10, 13))
        assert late.status_code == 400
        assert "即为受理" in late.json()["message"]
        early = api.step(app.pk, "decide", {"outcome": "granted"}, D(2026, 9, 30))
        assert early.status_code == 400
        assert early.json()["rule"] == "行政许可法第四十二条"


def test_bad_input_is_refused_and_changes_nothing(power_a, officer_a):
    app = accepted(power_a, officer_a)
    api = Api(officer_a)
    with assert_unchanged():
        schema = api.step(app.pk, "decide", {"outcome": "maybe"}, D(2026, 10, 20))
        assert schema.status_code == 422
        assert schema.json()["field"] == "outcome"
        assert schema.json()["message"]
        assert schema.json()["message_en"]
        no_reasons = api.step(app.pk, "decide", {"outcome": "refused", "reasons": ""}, D(2026, 10, 20))
        assert no_reasons.status_code == 400
        assert no_reasons.json()["rule"] == "行政许可法第三十八条"
        bad_code = api.post("/applications", application_body(power_a.pk) | {
            "applicant_kind": "individual", "applicant_code": "330726198001010012"}, D(2026, 10, 20))
        assert bad_code.status_code == 400
        assert bad_code.json()["field"] == "applicant_code"
        assert "check character is wrong" in bad_code.json()["message_en"]


def test_applicant_masked_for_officers_not_for_heads(power_a, officer_a, head_a):
    app = receive(power_a, officer_a, applicant_kind="individual", applicant_name="张三", applicant_code=PERSON_ID,
                  applicant_address="浦江县浦阳街道和平路8号3幢201室", applicant_phone="13905791234")
    officer = ok(Api(officer_a).get(f"/applications/{app.pk}"))
    assert officer["applicant_code"] == "330***********" + PERSON_ID[-4:]
    assert officer["applicant_phone"] == "139****1234"
    assert officer["applicant_address"] == "浦江县浦阳街******"
    head = ok(Api(head_a).get(f"/applications/{app.pk}"))
    assert (head["applicant_code"], head["applicant_phone"], head["applicant_address"]) == (
        PERSON_ID, "13905791234", "浦江县浦阳街道和平路8号3幢201室")


def test_licences_are_scoped_and_renewal_too_late_is_refused(power_a, officer_a, officer_b):
    licence = issued(power_a, officer_a)
    assert Api(officer_b).get(f"/licences/{licence.pk}").status_code == 404
    assert ok(Api(officer_b).get("/licences"))["items"] == []
    assert ok(Api(officer_a).get(f"/licences/{licence.pk}"))["holder_code"].startswith("913***********")
    with assert_unchanged():
        late = Api(officer_a).post(f"/licences/{licence.pk}/renewal", {"received_on": "2027-12-02"}, D(2027, 12, 2))
        assert late.status_code == 400
        assert late.json()["rule"] == "行政许可法第五十条"
        assert Api(officer_b).post(f"/licences/{licence.pk}/renewal", {"received_on": "2027-11-01"},
                                   D(2027, 11, 1)).status_code == 404
    assert not LicenceApplication.objects.filter(kind="renewal").exists()


def test_every_step_has_a_typed_endpoint():
    from yifa.api.main import api

    paths = api.get_openapi_schema()["paths"]
    for step in ("request_correction", "receive_correction", "accept", "extend_review", "suspend", "resume",
                 "decide", "issue_licence"):
        body = paths[f"/api/licensing/applications/{{pk}}/steps/{step}"]["post"]["requestBody"]
        assert body["content"]["application/json"]["schema"]["$ref"]
    assert "post" in paths["/api/licensing/applications"]
    assert "post" in paths["/api/licensing/licences/{pk}/renewal"]


def test_a_stale_version_is_refused_and_changes_nothing(power_a, officer_a):
    app = receive(power_a, officer_a)
    api = Api(officer_a)
    assert ok(api.step(app.pk, "request_correction", {"missing_items": ["平面布局图"]}, D(2026, 9, 30)))["version"] == 1
    with assert_unchanged():
        stale = api.step(app.pk, "receive_correction", {"version": 0, "materials": ["平面布局图"]}, D(2026, 10, 8))
        assert stale.status_code == 400
        assert "已被他人更新" in stale.json()["message"]
        assert "reload" in stale.json()["message_en"]
        body = {"received_on": "2026-10-08", "materials": []}
        missing = api.post(f"/applications/{app.pk}/steps/receive_correction", body, D(2026, 10, 8))
        assert missing.status_code == 422
        assert missing.json()["field"] == "version"


def test_steps_are_dated_by_the_payload(power_a, officer_a):
    app = receive(power_a, officer_a)
    a = ok(Api(officer_a).step(app.pk, "accept", {"accepted_on": "2026-09-30"}, D(2026, 10, 20)))
    assert (a["accepted_on"], a["decision_due"], a["deemed_accepted"]) == ("2026-09-30", "2026-11-03", False)
    assert a["steps"][-1]["on_date"] == "2026-09-30"
    assert a["version"] == 1
    date_less = Api(officer_a).post(f"/applications/{app.pk}/steps/decide", {"version": 1, "outcome": "granted"},
                                    D(2026, 10, 20))
    assert date_less.status_code == 422
    assert date_less.json()["field"] == "decided_on"
