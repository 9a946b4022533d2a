"""Complaints in the API: the 12345 hotline's transfer endpoint (bearer token, good and bad),
the scoped list and record, and a handling step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import on

pytestmark = pytest.mark.django_db
D = dt.date
TOKEN = "hotline-secret-token-0123456789"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.YIFA_HOTLINE_TOKEN = TOKEN


def ticket(**extra: Any) -> dict[str, Any]:
    return {"ticket": "12345-2026-000001", "kind": "report", "category": "violation", "subject": "无证经营",
            "content": "某路有人无证经营食品。", "region_code": "330726", "anonymous": True} | extra


def post(client: Any, body: dict[str, Any], token: str | None = TOKEN) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    with on(D(2026, 9, 29)):
        return client.post("/api/complaints/hotline", body, content_type="application/json", **headers)


def test_a_ticket_with_the_good_token_is_filed(client, county, agency_a):
    from yifa.complaints.models import Complaint

    response = post(client, ticket(agency_uscc=agency_a.uscc))
    assert response.status_code == 201, response.json()
    body = response.json()
    c = Complaint.objects.get(tracking_no=body["tracking_no"])
    assert c.source == "hotline"
    assert c.hotline_ticket == "12345-2026-000001"
    assert c.agency == agency_a
    assert body["accept_due"] == "2026-10-14"
    assert len(body["code"]) == 10
    assert body["code"] not in c.code_hash


@pytest.mark.parametrize("token", [None, "wrong-token", TOKEN[:-1], ""])
def test_a_bad_or_missing_token_is_refused_and_nothing_stored(client, county, token):
    with assert_unchanged():
        response = post(client, ticket(), token)
    assert response.status_code == 401


def test_no_token_configured_refuses_everyone(client, county, settings):
    settings.YIFA_HOTLINE_TOKEN = ""
    with assert_unchanged():
        assert post(client, ticket(), "").status_code == 401
        assert post(client, ticket(), "anything").status_code == 401


def test_a_session_is_not_enough(county, supervisor):
    with assert_unchanged():
        assert post(client_for(supervisor), ticket(), None).status_code == 401


@pytest.mark.parametrize(("extra", "status"), [
    ({"region_code": "999999"}, 400),
    ({"agency_uscc": "91330726MA2B3C4D5X"}, 400),
    ({"subject": ""}, 400),
    ({"kind": "praise"}, 422),
    ({"anonymous": False, "name": "王五", "phone": "123"}, 400),
])
def test_bad_tickets_are_refused_bilingually(client, county, extra, status):
    with assert_unchanged():
        response = post(client, ticket(**extra))
    assert response.status_code == status
    assert response.json()["message"]
    assert response.json()["message_en"]


def test_a_ticket_is_received_once(client, county):
    assert post(client, ticket()).status_code == 201
    with assert_unchanged():
        again = post(client, ticket())
    assert again.status_code == 400
    assert "already" in again.json()["message_en"]


def test_the_list_and_a_step_through_the_api(client, county, agency_a, officer_a, officer_b, supervisor):
    number = post(client, ticket(agency_uscc=agency_a.uscc)).json()["tracking_no"]
    mine = client_for(officer_a).get("/api/complaints").json()["items"]
    assert [c["tracking_no"] for c in mine] == [number]
    assert client_for(officer_b).get("/api/complaints").json()["items"] == []
    assert len(client_for(supervisor).get("/api/complaints").json()["items"]) == 1
    pk = mine[0]["id"]
    assert client_for(officer_b).get(f"/api/complaints/{pk}").status_code == 404
    with on(D(2026, 10, 9)):
        done = client_for(officer_a).post(f"/api/complaints/{pk}/steps/accept",
                                          {"accepted_on": "2026-10-09", "public_text": "", "version": 0},
                                          content_type="application/json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "accepted"
    assert done.json()["handle_due"] == "2026-12-08"
    with assert_unchanged(), on(D(2026, 10, 9)):
        stale = client_for(officer_a).post(f"/api/complaints/{pk}/steps/reply",
                                           {"replied_on": "2026-10-09", "reply": "答复", "version": 0},
                                           content_type="application/json")
    assert stale.status_code == 400
