"""Coercive-measure API over HTTP: 401 anonymous, 403 public; the full run by steps (JSON, and
multipart for the execution with its audio/video record); the emergency route; refusals with
their article in both languages, 404 for "not yours" as for "missing". Refusals change nothing."""
# ruff: noqa: F811  (the measure fixtures are shared with test_coercion_web by import)

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.test_coercion import VIDEO
from tests.test_coercion_web import PDF, PROPOSAL, _media, in_force, proposed  # noqa: F401
from yifa.audit.chain import verify
from yifa.cases import actions as case_actions
from yifa.cases.models import Case
from yifa.coercion.models import Measure
from yifa.law.models import PowerItem

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Api:
    def __init__(self, user: Any) -> None:
        self.client = client_for(user)

    def get(self, path: str = "") -> Any:
        return self.client.get(f"/api/coercion{path}")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/coercion{path}", data=json.dumps(body), content_type="application/json")

    def multipart(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(f"/api/coercion{path}", data=data)

    def step(self, pk: int, step: str, body: dict[str, Any]) -> Any:
        return self.post(f"/{pk}/steps/{step}", body)


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    return response.json()


def video(data: bytes = VIDEO) -> SimpleUploadedFile:
    return SimpleUploadedFile("现场录像.mp4", data, "video/mp4")


def execution(m: dict[str, Any], crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"version": m["version"], "started_on": "2026-09-29", "officers": [crew["lead"].pk, crew["colleague"].pk],
            "av_record": video()} | extra


def test_anonymous_401_and_public_403(proposed, citizen):
    for user, status in ((None, 401), (citizen, 403)):
        api = Api(user)
        with assert_unchanged():
            assert api.get().status_code == status
            assert api.get(f"/{proposed.pk}").status_code == status
            assert api.post("", PROPOSAL).status_code == status
            assert api.step(proposed.pk, "approve", {"version": proposed.version, "approve": True}).status_code == status
    body = Api(citizen).get().json()
    assert body["message"]
    assert body["message_en"] == "Public accounts cannot use the internal API."


def test_full_run_through_the_api(crew_a, officer_a, head_a):
    officer, head = Api(officer_a), Api(head_a)
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI), tick=False):
        m = ok(officer.post("", PROPOSAL), 201)
        assert (m["status"], m["kind"], m["version"], m["steps"][0]["step"]) == ("proposed", "detention", 0, "propose")
        m = ok(head.step(m["id"], "approve", {"version": m["version"], "approve": True, "note": "同意扣押"}))
        assert (m["status"], m["approved_by"]) == ("approved", "head_a")
        m = ok(officer.multipart(f"/{m['id']}/steps/execute", execution(m, crew_a)))
        assert (m["status"], m["ends_on"], m["deadline_state"]) == ("in_force", "2026-10-29", "normal")
        assert {o["name"] for o in m["officers"]} == {"王建国", "陈晓东"}
        assert m["av_record"]["type_code"] == "mp4"
        recording = officer.client.get(m["av_record"]["download"])
        assert recording.status_code == 200
        assert b"".join(recording.streaming_content) == VIDEO
        m = ok(officer.step(m["id"], "exclude", {"version": m["version"], "days": 5, "reason": "送检"}))
        assert (m["ends_on"], m["excluded_days"]) == ("2026-11-03", 5)
        m = ok(head.step(m["id"], "extend", {"version": m["version"], "reason": "案情复杂"}))
        assert (m["ends_on"], m["extended"]) == ("2026-12-03", True)
        m = ok(officer.step(m["id"], "release", {"version": m["version"], "released_on": "2026-12-01"}))
    assert m["status"] == "released"
    assert m["released_on"] == "2026-12-01"
    detail = ok(officer.get(f"/{m['id']}"))
    assert [s["step"] for s in detail["steps"]] == ["propose", "approve", "execute", "exclude", "extend", "release"]
    assert [s["actor"] for s in detail["steps"]][:3] == ["officer_a", "head_a", "officer_a"]
    assert [r["id"] for r in ok(officer.get("?status=released"))["items"]] == [m["id"]]
    assert verify().ok


def test_emergency_route_and_regularising(crew_a, officer_a, head_a):
    with time_machine.travel(dt.datetime(2026, 9, 29, 22, tzinfo=SHANGHAI), tick=False):
        m = ok(Api(officer_a).multipart("/emergency", PROPOSAL | {
            "started_on": "2026-09-29", "officers": [crew_a["lead"].pk, crew_a["colleague"].pk],
            "emergency_reason": "当事人正在转移涉案食品", "carried_out_at": "2026-09-29T22:00:00+08:00",
            "av_record": video()}), 201)
        assert (m["status"], m["emergency"], m["deadline_state"]) == ("in_force", True, "near")
        assert m["report_due_at"].startswith("2026-09-30T")
        m = ok(Api(head_a).step(m["id"], "regularise", {"version": m["version"], "approve": False}))
    assert m["status"] == "released"
    assert m["steps"][-1]["data"] == {"approve": False, "late": False}


def test_refusals_name_the_article_and_change_nothing(proposed, crew_a, officer_a, head_a, officer_record_b):
    officer = Api(officer_a)
    with assert_unchanged():
        refused = officer.step(proposed.pk, "approve", {"version": proposed.version, "approve": True})
        assert refused.status_code == 403  # may see, may not approve
        body = refused.json()
        assert body["rule"] == "行政强制法第十八条第（一）项"
        assert "须经行政机关负责人批准" in body["message"]
        assert "need the agency head's approval" in body["message_en"]
        # Without approval, only an emergency with reasons: ACL 18(1) governs (19 is the exception).
        refused = officer.multipart(f"/{proposed.pk}/steps/execute", execution({"version": proposed.version}, crew_a))
        assert refused.status_code == 400
        assert refused.json()["rule"] == "行政强制法第十八条第（一）项"
    m = ok(Api(head_a).step(proposed.pk, "approve", {"version": proposed.version, "approve": True}))
    with assert_unchanged():
        not_a_video = officer.multipart(f"/{m['id']}/steps/execute", execution(m, crew_a, av_record=video(PDF)))
        assert not_a_video.status_code == 400
        assert "音像记录" in not_a_video.json()["message"]
        assert "audio/video record" in not_a_video.json()["message_en"]
        one = officer.multipart(f"/{m['id']}/steps/execute", execution(m, crew_a, officers=[crew_a["lead"].pk]))
        assert one.status_code == 400
        assert one.json()["rule"] == "行政强制法第十八条第（二）项"
        assert "第四十二条" not in one.json()["message"]
        foreign = officer.multipart(f"/{m['id']}/steps/execute",
                                    execution(m, crew_a, officers=[crew_a["lead"].pk, officer_record_b.pk]))
        assert foreign.status_code == 400
        assert foreign.json()["field"] == "officers"
        stale = officer.multipart(f"/{m['id']}/steps/execute", execution(m, crew_a, version=m["version"] - 1))
        assert stale.status_code == 400
        assert "Someone else has updated" in stale.json()["message_en"]
        missing_field = officer.step(m["id"], "extend", {"version": m["version"]})
        assert missing_field.status_code == 422
        assert missing_field.json()["field"] == "reason"
        assert officer.post("", PROPOSAL | {"kind": "confiscation"}).status_code == 422
        empty = officer.post("", PROPOSAL | {"party_name": " "})
        assert empty.status_code == 400
        assert empty.json()["message_en"] == "Name the party."


def test_not_yours_is_the_same_404_as_missing(proposed, officer_b):
    api = Api(officer_b)
    missing = proposed.pk + 1000
    other, gone = api.get(f"/{proposed.pk}"), api.get(f"/{missing}")
    assert other.status_code == gone.status_code == 404
    assert other.json() == gone.json()
    assert ok(api.get())["items"] == []
    with assert_unchanged():
        refused = api.step(proposed.pk, "approve", {"version": proposed.version, "approve": True})
        assert refused.status_code == 404
        assert refused.json() == api.step(missing, "approve", {"version": 0,
                                                                                              "approve": True}).json()
        assert api.get(f"/{proposed.pk}/av-record").status_code == 404


def test_oversight_reads_but_does_not_act(proposed, supervisor):
    api = Api(supervisor)
    assert [r["id"] for r in ok(api.get())["items"]] == [proposed.pk]
    with assert_unchanged():
        assert api.post("", PROPOSAL).status_code == 403
        assert api.step(proposed.pk, "approve", {"version": proposed.version, "approve": True}).status_code == 403  # may read it, may not act


def test_a_measure_of_another_agencys_case_is_refused(proposed, officer_b, officer_a, agency_b):
    power_b = PowerItem.objects.create(code="330726-ZH-CF-0009", name="占道经营处罚", category="penalty",
                                       agency=agency_b, procedure="penalty_ordinary", penalty_types=["fine"])
    case_b = case_actions.register_case(agency=agency_b, power=power_b, acting_user=officer_b, **CASE_FIELDS)
    with assert_unchanged():
        refused = Api(officer_a).post("", PROPOSAL | {"case_id": case_b.pk})
        assert refused.status_code == 400
        assert refused.json()["field"] == "case_id"
        assert refused.json() == Api(officer_a).post("", PROPOSAL | {"case_id": case_b.pk + 1000}).json()
    assert Case.objects.count() == 1
    assert Measure.objects.count() == 1


def test_every_step_has_an_endpoint():
    from yifa.api.main import api
    from yifa.coercion.procedure import MEASURES

    paths = api.get_openapi_schema()["paths"]
    for step in MEASURES.steps:
        assert "post" in paths[f"/api/coercion/{{pk}}/steps/{step}"]
    assert {"get", "post"} <= set(paths["/api/coercion"])
    assert "post" in paths["/api/coercion/emergency"]
