"""Case API over HTTP: scoping (404 for "not yours" as for "missing"), the full flow by steps,
stale versions, refusals with their article, masking. Refusals change nothing."""
# ruff: noqa: F811  (the case fixtures are shared with test_cases_web by import)

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for as _client_for
from tests.conftest import make_user
from tests.helpers import assert_unchanged
from tests.ledger import pay
from tests.test_cases_web import at, case_b, opened_case, power_b, registered_case  # noqa: F401
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.cases.models import Case, Status

pytestmark = pytest.mark.django_db
D = dt.date


class Api:
    def __init__(self, user: Any) -> None:
        self.client = _client_for(user)
        self.user = user

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/cases{path}")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/cases{path}", data=json.dumps(body), content_type="application/json")

    def step(self, case_id: int, step: str, body: dict[str, Any]) -> Any:
        return self.post(f"/{case_id}/steps/{step}", body)


def lead(power_id: int) -> dict[str, Any]:
    return {"power_id": power_id, "title": "某食品店未取得食品经营许可经营案", "source": "inspection",
            "registered_on": "2026-09-01", "party_kind": "organisation", "party_name": "浦江县某某食品店",
            "party_code": "92330726MA2ABCDE1B", "party_address": "浦江县浦阳街道某某路1号",
            "act_ended_on": "2026-08-20", "discovered_on": "2026-08-28"}


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_full_flow_through_the_api(agency_a, penalty_power, crew_a, officer_a, head_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer, head = Api(officer_a), Api(head_a)
    finance = Api(make_user("finance_a", "finance", agency=agency_a))
    D = dt.date
    c = ok(officer.post("", lead(penalty_power.pk)), 201)
    assert (c["status"], c["version"]) == ("registered", 0)
    pk = c["id"]

    def step(api: Api, name: str, body: dict[str, Any]) -> dict[str, Any]:
        return ok(api.step(pk, name, body | {"version": current["version"]}))

    current = c
    current = step(head, "open", {"opened_on": "2026-09-02", "lead": crew_a["lead"].pk,
                                  "officers": [crew_a["lead"].pk, crew_a["colleague"].pk]})
    assert (current["status"], current["decision_due"]) == ("opened", "2026-12-01")
    assert {o["name"] for o in current["officers"]} == {"王建国", "陈晓东"}
    # Evidence first (APL 40): a record of the inspection, uploaded as a text file.
    record = SimpleUploadedFile("现场笔录.txt", "2026年9月10日现场检查：货架上有预包装食品。".encode(), "text/plain")
    evidence = officer.client.post(f"/api/cases/{pk}/evidence", {
        "file": record, "kind": "record", "title": "现场检查笔录", "collected_on": "2026-09-10"})
    assert ok(evidence, 201)["type_code"] == "text"
    current = step(officer, "investigate", {"facts": "当事人未取得许可经营预包装食品，货值金额5000元。",
                                            "on_date": "2026-09-20"})
    current = step(head, "review", {"opinion": "事实清楚，证据确凿。", "proposed_types": ["fine", "confiscate_property"],
                                    "proposed_fine": "50000", "proposed_property_value": "5000", "serious": False, "on_date": "2026-09-21"})
    assert current["hearing_right"] is False
    current = step(officer, "notify", {"notified_on": "2026-09-22"})
    assert (current["stage_rule"], current["stage_due"]) == ("APL_STATEMENT", "2026-09-28")
    current = step(head, "decide", {"outcome": "penalty", "decided_types": ["fine"], "decided_fine": "40000",
                                    "decided_on": "2026-09-29", "reasons": "依据食品安全法第一百二十二条。"})
    assert (current["status"], current["stage_due"]) == ("decided", "2026-10-14")
    current = step(officer, "serve", {"served_on": "2026-09-30", "method": "direct"})
    assert current["payment_due"] == "2026-10-15"
    # No payment step in the API (罚缴分离, APL 67): the bank's record enters through the fines ledger.
    assert finance.step(pk, "payment", {"paid_on": "2026-10-09", "version": current["version"]}).status_code in (404, 405)
    current["version"] = pay(Case.objects.get(pk=pk), D(2026, 10, 9), finance.user).version
    current = step(head, "close", {"closed_on": "2026-10-12"})
    assert current["status"] == "closed"
    detail = ok(officer.get(f"/{pk}"))
    assert [s["step"] for s in detail["steps"]] == ["register", "open", "investigate", "review", "notify", "decide",
                                                    "serve", "payment", "close"]
    assert [s["actor"] for s in detail["steps"]][:3] == ["officer_a", "head_a", "officer_a"]
    assert Case.objects.get(pk=pk).status == Status.CLOSED
    assert verify().ok


def test_my_cases_and_scoped_lists(opened_case, case_b, officer_a, officer_b, supervisor):
    mine = ok(Api(officer_a).get("/mine"))
    assert [r["id"] for r in mine["items"]] == [opened_case.pk]
    assert mine["items"][0]["stage_rule"] == "APL_DECISION"
    assert mine["has_next"] is False
    assert [r["id"] for r in ok(Api(officer_b).get("/mine"))["items"]] == []
    assert [r["id"] for r in ok(Api(officer_b).get(""))["items"]] == [case_b.pk]
    assert {r["id"] for r in ok(Api(supervisor).get(""))["items"]} == {opened_case.pk, case_b.pk}
    assert [r["id"] for r in ok(Api(supervisor).get("?status=opened"))["items"]] == [opened_case.pk]


def test_deadline_state_in_the_api(opened_case, officer_a):
    for day, state in ((D(2026, 11, 27), "normal"), (D(2026, 11, 28), "near"), (D(2026, 12, 2), "overdue")):
        with time_machine.travel(at(day), tick=False):
            assert ok(Api(officer_a).get("/mine"))["items"][0]["deadline_state"] == state


def test_not_yours_is_the_same_404_as_missing(opened_case, officer_b):
    api = Api(officer_b)
    missing_pk = opened_case.pk + 1000
    other, missing = api.get(f"/{opened_case.pk}"), api.get(f"/{missing_pk}")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    with assert_unchanged():
        body = {"version": opened_case.version, "facts": "伪造", "on_date": "2026-09-20"}
        refused = api.step(opened_case.pk, "investigate", body)
        assert refused.status_code == 404
        assert refused.json() == api.step(missing_pk, "investigate", body).json()


def test_stale_version_is_refused_and_changes_nothing(opened_case, officer_a, head_a):
    stale = opened_case.version
    ok(Api(head_a).step(opened_case.pk, "extend", {"version": stale, "reason": "案情复杂。", "on_date": "2026-09-10"}))
    with assert_unchanged():
        response = Api(officer_a).step(opened_case.pk, "investigate",
                                       {"version": stale, "facts": "事实", "on_date": "2026-09-20"})
        assert response.status_code in (400, 409)
        body = response.json()
        assert "已被他人更新" in body["message"]
        assert "reload" in body["message_en"]


def test_refusal_names_the_article_and_changes_nothing(registered_case, officer_a, crew_a):
    with assert_unchanged():
        response = Api(officer_a).step(registered_case.pk, "open", {
            "version": registered_case.version, "opened_on": "2026-09-02", "lead": crew_a["lead"].pk,
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk]})
        assert response.status_code == 403  # may see the case but may not take the step: 403 with the reason
        body = response.json()
        assert body["rule"] == "行政处罚法第五十四条"
        assert "负责人批准" in body["message"]
        assert body["message_en"]


def test_other_agencys_officer_cannot_be_put_on_a_case(registered_case, head_a, crew_a, officer_record_b):
    with assert_unchanged():
        response = Api(head_a).step(registered_case.pk, "open", {
            "version": registered_case.version, "opened_on": "2026-09-02", "lead": crew_a["lead"].pk,
            "officers": [crew_a["lead"].pk, officer_record_b.pk]})
        assert response.status_code == 400
        assert response.json()["field"] == "officers"


def test_bad_input_is_422_and_changes_nothing(opened_case, officer_a):
    with assert_unchanged():
        response = Api(officer_a).step(opened_case.pk, "investigate", {"facts": "没有版本号", "on_date": "2026-09-20"})
        assert response.status_code == 422
        assert response.json()["field"] == "version"


def test_party_code_masked_for_officer_not_for_head(opened_case, officer_a, head_a):
    officer_view = ok(Api(officer_a).get(f"/{opened_case.pk}"))
    head_view = ok(Api(head_a).get(f"/{opened_case.pk}"))
    assert officer_view["party_code"] == "923***********DE1B"
    assert officer_view["party_phone"] == "139****1234"
    assert head_view["party_code"] == "92330726MA2ABCDE1B"
    assert head_view["party_phone"] == "13905791234"


def test_register_only_under_own_penalty_power(penalty_power, power_b, officer_a, supervisor):
    events = AuditEvent.objects.count()
    refused = Api(officer_a).post("", lead(power_b.pk))
    assert refused.status_code == 400
    assert refused.json()["field"] == "power_id"
    assert Api(supervisor).post("", lead(penalty_power.pk)).status_code == 403
    assert not Case.objects.exists()
    assert AuditEvent.objects.count() == events


def test_every_step_has_an_endpoint():
    from yifa.api.main import api

    paths = api.get_openapi_schema()["paths"]
    for step in ("open", "decline", "investigate", "review", "legal_review", "discuss", "notify", "waive",
                 "request_hearing", "schedule_hearing", "record_hearing", "extend", "decide", "serve",
                 "close", "archive", "reinstate"):
        schema = paths[f"/api/cases/{{pk}}/steps/{step}"]["post"]["requestBody"]["content"]["application/json"]
        assert schema["schema"]["$ref"]  # a typed payload
