"""Every step in the API (issue 9 item 15): the simple procedure, the on-the-spot collection and
its cash hand-over, and preservation in advance (APL 56), over HTTP — refusals for another
agency's staff (404) and bad input (422/400) change nothing.

Hand-counted 2026 working days (10-01..07 off, Sat 10-10 worked; the start day not counted):
- decided Tue 09-29: filed with the agency within 2 (APL_SIMPLE_FILING) -> 09-30, 10-08
- collected 09-29, cash to the agency within 2: 09-30, 10-08 -> 10-08
- handed over 10-08, to the bank within 2: 10-09, 10-10 (the make-up Saturday) -> 10-10
- preserved 09-29, decision within 7: 09-30, 10-08, 09, 10, 12, 13, 14 -> 10-14
"""
# ruff: noqa: F811  (fixtures shared by import)

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_cases_web import case_b, opened_case, power_b, registered_case  # noqa: F401
from tests.test_licensing import on
from yifa.cases.models import Case, OnSpotCollection
from yifa.evidence.models import Preservation

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2026, 10, 8)


@pytest.fixture(autouse=True)
def _today():
    with on(DAY):
        yield


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(f"/api/cases{path}", data=json.dumps(body), content_type="application/json")


def simple_body(power: Any, crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"power_id": power.pk, "officer_ids": [crew["lead"].pk, crew["colleague"].pk],
            "decided_on": "2026-09-29", "decided_types": ["fine"], "decided_fine": "50", "facts": "在店门口占道经营。",
            "party_kind": "individual", "party_name": "张三", "party_address": "浦江县浦阳街道某某路2号"} | extra


def test_simple_decision_collection_and_hand_over_through_the_api(penalty_power, crew_a, officer_a):
    r = post(officer_a, "/simple", simple_body(penalty_power, crew_a))
    assert r.status_code == 201, r.content
    case = r.json()
    assert (case["procedure"], case["status"], Decimal(case["decided_fine"])) == ("simple", "served", 50)
    assert (case["stage_rule"], case["stage_due"]) == ("APL_SIMPLE_FILING", "2026-10-08")
    pk = case["id"]
    body = {"version": case["version"], "amount": "50", "receipt_no": "浙财罚0001234", "collected_on": "2026-09-29"}
    r = post(officer_a, f"/{pk}/steps/collect", body)
    assert r.status_code == 200, r.content
    assert (r.json()["stage_rule"], r.json()["stage_due"]) == ("APL_CASH_TO_AGENCY", "2026-10-08")
    r = post(officer_a, f"/{pk}/steps/hand_over", {"version": r.json()["version"], "handed_on": "2026-10-08"})
    assert r.status_code == 200, r.content
    got = client_for(officer_a).get(f"/api/cases/{pk}/collection").json()
    assert (got["receipt_no"], got["agency_due"], got["handed_on"], got["bank_due"]) == (
        "浙财罚0001234", "2026-10-08", "2026-10-08", "2026-10-10")


def test_simple_decision_refusals_change_nothing(penalty_power, power_b, crew_a, officer_a, officer_b, citizen):
    with assert_unchanged():
        too_much = post(officer_a, "/simple", simple_body(penalty_power, crew_a, decided_fine="201"))
        assert too_much.status_code == 400
        assert too_much.json()["rule"] == "行政处罚法第五十一条"
        assert post(officer_a, "/simple", simple_body(penalty_power, crew_a, decided_types=["detention"])
                    ).json()["rule"] == "行政处罚法第五十一条"
        bad = post(officer_a, "/simple", simple_body(penalty_power, crew_a, decided_fine="-5", party_kind="robot"))
        assert bad.status_code == 422
        # Another agency's power or officers: refused like missing ones.
        assert post(officer_b, "/simple", simple_body(penalty_power, crew_a)).status_code == 400
        assert post(officer_a, "/simple", simple_body(power_b, crew_a)).status_code == 400
        assert post(citizen, "/simple", simple_body(penalty_power, crew_a)).status_code == 403


def test_collection_of_another_agencys_case_is_404(penalty_power, crew_a, officer_a, officer_b):
    case = post(officer_a, "/simple", simple_body(penalty_power, crew_a)).json()
    with assert_unchanged():
        r = post(officer_b, f"/{case['id']}/steps/collect", {"version": case["version"], "amount": "50",
                                                             "receipt_no": "X1", "collected_on": "2026-09-29"})
        assert r.status_code == 404
        assert client_for(officer_b).get(f"/api/cases/{case['id']}/collection").status_code == 404
        bad = post(officer_a, f"/{case['id']}/steps/collect", {"version": case["version"], "amount": "fifty",
                                                               "receipt_no": "X1", "collected_on": "2026-09-29"})
        assert bad.status_code == 422
    assert client_for(officer_a).get(f"/api/cases/{case['id']}/collection").status_code == 404  # none collected
    assert not OnSpotCollection.objects.exists()


def test_preservation_through_the_api(opened_case, officer_a, head_a):
    body = {"items": "过期面包20袋", "reason": "证据可能灭失", "preserved_on": "2026-09-29", "location": "本局物证室"}
    with assert_unchanged():
        refused = post(officer_a, f"/{opened_case.pk}/preservations", body)  # not approved by the head
        assert refused.status_code == 400
        assert refused.json()["rule"] == "行政处罚法第五十六条"
    r = post(officer_a, f"/{opened_case.pk}/preservations", body | {"approved_by": head_a.pk})
    assert r.status_code == 201, r.content
    p = r.json()
    assert (p["decision_due"], p["due_rule"], p["approved_by"]) == ("2026-10-14", "APL_PRESERVATION", str(head_a))
    listed = client_for(officer_a).get(f"/api/cases/{opened_case.pk}/preservations").json()
    assert [x["id"] for x in listed] == [p["id"]]
    with assert_unchanged():
        assert post(officer_a, f"/{opened_case.pk}/preservations/{p['id']}/decision",
                    {"decision": "burn", "decided_on": "2026-10-08"}).status_code == 422
    r = post(officer_a, f"/{opened_case.pk}/preservations/{p['id']}/decision",
             {"decision": "return", "decided_on": "2026-10-08", "note": "退还"})
    assert r.status_code == 200, r.content
    assert (r.json()["decision"], r.json()["decided_in_time"]) == ("return", True)


def test_preservation_of_another_agencys_case_is_404(opened_case, case_b, officer_a, officer_b, head_a):
    body = {"items": "物品", "reason": "可能灭失", "preserved_on": "2026-09-29"}
    p = post(head_a, f"/{opened_case.pk}/preservations", body).json()
    with assert_unchanged():
        assert post(officer_b, f"/{opened_case.pk}/preservations", body).status_code == 404
        assert client_for(officer_b).get(f"/api/cases/{opened_case.pk}/preservations").status_code == 404
        assert post(officer_b, f"/{opened_case.pk}/preservations/{p['id']}/decision",
                    {"decision": "return", "decided_on": "2026-10-08"}).status_code == 404
        # A preservation of one case is not found under another.
        assert post(officer_b, f"/{case_b.pk}/preservations/{p['id']}/decision",
                    {"decision": "return", "decided_on": "2026-10-08"}).status_code == 404
        assert post(head_a, f"/{opened_case.pk}/preservations",
                    body | {"preserved_on": "2099-01-01"}).status_code in (400, 422)
    assert Preservation.objects.count() == 1
    assert Case.objects.filter(pk=opened_case.pk).exists()


# --- the simple procedure's page ------------------------------------------------------------


def simple_form(power: Any, crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"power": power.pk, "officers": [crew["lead"].pk, crew["colleague"].pk], "decided_on": "2026-09-29",
            "decided_types": ["fine"], "decided_fine": "50", "facts": "在店门口占道经营。", "party_kind": "individual",
            "party_name": "张三", "party_address": "浦江县浦阳街道某某路2号"} | extra


def test_simple_decision_through_the_page(penalty_power, crew_a, officer_a, officer_b):
    from django.urls import reverse

    url = reverse("cases:simple_new")
    page = client_for(officer_a).get(url)
    assert page.status_code == 200
    assert 'data-form="simple-decision"' in page.content.decode()
    with assert_unchanged():
        too_much = client_for(officer_a).post(url, simple_form(penalty_power, crew_a, decided_fine="250"))
        assert too_much.status_code == 400
        assert "行政处罚法第五十一条" in too_much.content.decode()
        # Agency B's officer cannot pick agency A's power or officers: the form refuses.
        assert client_for(officer_b).post(url, simple_form(penalty_power, crew_a)).status_code == 400
        assert client_for(officer_a).post(url, simple_form(penalty_power, crew_a, party_kind="x")).status_code == 400
    r = client_for(officer_a).post(url, simple_form(penalty_power, crew_a))
    assert r.status_code == 302
    case = Case.objects.get()
    assert (case.procedure, case.status, case.decided_fine) == ("simple", "served", Decimal("50"))
    assert r["Location"] == reverse("cases:detail", args=[case.pk])
    html = client_for(officer_a).get(r["Location"]).content.decode()
    assert 'data-step="collect"' in html
