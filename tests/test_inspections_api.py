"""Inspection API over HTTP: 401 anonymous, 403 public; record, search, read (party code masked
for officers), register a case from a suspected violation; refusals in both languages, 404 for
"not yours" as for "missing". Refusals change nothing."""
# ruff: noqa: F811  (the inspection fixture is shared with test_inspections_web by import)

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_inspections_web import inspection  # noqa: F401
from yifa.cases.models import Case
from yifa.inspections.models import Inspection
from yifa.law.models import PowerItem

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        self.client = client_for(user)

    def get(self, path: str = "", **params: str) -> Any:
        return self.client.get(f"/api/inspections{path}", params)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(f"/api/inspections{path}", data=json.dumps(body), content_type="application/json")


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    return response.json()


def record_body(power: PowerItem, crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"power_id": power.pk, "inspected_on": "2026-09-29", "officers": [crew["lead"].pk, crew["colleague"].pk],
            "party_name": "浦江县某某食品店", "party_code": "92330726MA2ABCDE1B", "place": "浦江县浦阳街道某某路1号",
            "findings": "店内销售的酸奶已超过保质期。", "result": "suspected"} | extra


def register_body(power: PowerItem, **extra: Any) -> dict[str, Any]:
    return {"version": 0, "power_id": power.pk, "party_kind": "organisation", "party_address": "浦江县浦阳街道某某路1号",
            "act_ended_on": "2026-09-29"} | extra


def test_anonymous_401_and_public_403(inspection, citizen, penalty_power, crew_a):
    for user, status in ((None, 401), (citizen, 403)):
        api = Api(user)
        with assert_unchanged():
            assert api.get().status_code == status
            assert api.get(f"/{inspection.pk}").status_code == status
            assert api.post("", record_body(penalty_power, crew_a)).status_code == status
            assert api.post(f"/{inspection.pk}/register-case", register_body(penalty_power)).status_code == status


def test_record_search_and_register_a_case(penalty_power, crew_a, officer_a, head_a):
    officer = Api(officer_a)
    i = ok(officer.post("", record_body(penalty_power, crew_a)), 201)
    assert (i["result"], i["recorded_by"], i["case_id"]) == ("suspected", "officer_a", None)
    assert i["party_code"] == "923***********DE1B"  # masked for an officer
    assert {o["name"] for o in i["officers"]} == {"王建国", "陈晓东"}
    assert ok(Api(head_a).get(f"/{i['id']}"))["party_code"] == "92330726MA2ABCDE1B"
    assert [r["id"] for r in ok(officer.get(q="酸奶"))["items"]] == [i["id"]]
    assert ok(officer.get(q="不存在"))["items"] == []
    assert ok(officer.get(result="compliant"))["items"] == []
    case = ok(officer.post(f"/{i['id']}/register-case", register_body(penalty_power)), 201)
    assert (case["status"], case["source"], case["party_name"], case["title"]) == (
        "registered", "inspection", "浦江县某某食品店", "浦江县某某食品店涉嫌违法案")
    assert ok(officer.get(f"/{i['id']}"))["case_id"] == case["id"]
    assert Case.objects.get(pk=case["id"]).inspections.get().pk == i["id"]


def test_refusals_in_both_languages_change_nothing(inspection, penalty_power, crew_a, officer_a, agency_b,
                                                   officer_record_b):
    officer = Api(officer_a)
    power_b = PowerItem.objects.create(code="330726-ZH-JC-0001", name="占道经营检查", category="inspection",
                                       agency=agency_b, procedure="inspection")
    with assert_unchanged():
        one = officer.post("", record_body(penalty_power, crew_a, officers=[crew_a["lead"].pk]))
        assert one.status_code == 400
        assert "第四十二条" in one.json()["message"]
        assert "At least 2" in one.json()["message_en"]
        foreign_officer = officer.post("", record_body(penalty_power, crew_a,
                                                       officers=[crew_a["lead"].pk, officer_record_b.pk]))
        assert foreign_officer.status_code == 400
        assert foreign_officer.json()["field"] == "officers"
        foreign_power = officer.post("", record_body(power_b, crew_a))
        assert foreign_power.status_code == 400
        assert foreign_power.json()["rule"] == "行政处罚法第十七条"
        no_findings = officer.post("", record_body(penalty_power, crew_a, findings=" "))
        assert no_findings.status_code == 400
        assert no_findings.json()["message_en"] == "Record the findings and the result."
        assert officer.post("", record_body(penalty_power, crew_a, result="maybe")).status_code == 422
        out_of_order = officer.post(f"/{inspection.pk}/register-case", register_body(penalty_power, act_ended_on="2026-10-01"))
        assert out_of_order.status_code == 400
        assert "Dates out of order" in out_of_order.json()["message_en"]
    ok(officer.post(f"/{inspection.pk}/register-case", register_body(penalty_power)), 201)
    with assert_unchanged():
        again = officer.post(f"/{inspection.pk}/register-case", register_body(penalty_power, version=1))
        assert again.status_code == 400
        assert "已转立案" in again.json()["message"]
        assert again.json()["message_en"] == "The inspection is 'case_registered'; 'Register a case' is not possible now."
        stale = officer.post(f"/{inspection.pk}/register-case", register_body(penalty_power))
        assert stale.status_code == 400
        assert "Someone else has updated this inspection" in stale.json()["message_en"]


def test_not_yours_is_the_same_404_as_missing(inspection, officer_b, penalty_power):
    api = Api(officer_b)
    missing = inspection.pk + 1000
    other, gone = api.get(f"/{inspection.pk}"), api.get(f"/{missing}")
    assert other.status_code == gone.status_code == 404
    assert other.json() == gone.json()
    assert ok(api.get())["items"] == []
    with assert_unchanged():
        refused = api.post(f"/{inspection.pk}/register-case", register_body(penalty_power))
        assert refused.status_code == 404
    assert Inspection.objects.get().case_id is None


def test_oversight_reads_but_does_not_record(inspection, supervisor, penalty_power, crew_a):
    api = Api(supervisor)
    rows = ok(api.get())["items"]
    assert [r["id"] for r in rows] == [inspection.pk]
    assert rows[0]["party_code"] == "92330726MA2ABCDE1B"
    with assert_unchanged():
        refused = api.post("", record_body(penalty_power, crew_a))
        assert refused.status_code == 403
        assert refused.json()["message_en"] == "Only an agency's staff may record an inspection."
        # It may read the record, so the step is refused with the reason (403), not hidden (404).
        assert api.post(f"/{inspection.pk}/register-case", register_body(penalty_power)).status_code == 403
