"""Enforcement through its pages and its API: open, remind (the stored deadlines on the page),
the court application refused with its article and nothing changed; another agency's is 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_enforcement import at, served_case
from yifa.enforcement.models import Enforcement

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(agency_a, penalty_power, officer_a):
    return served_case(agency_a, penalty_power, officer_a, served_on=D(2026, 9, 1))


def api(user: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    c = client_for(user)
    if body is None:
        return c.get(f"/api/enforcement{path}")
    return c.post(f"/api/enforcement{path}", data=json.dumps(body), content_type="application/json")


def test_web_open_remind_and_the_deadlines_on_the_page(case, officer_a, head_a, officer_b):
    web = client_for(officer_a)
    with at(D(2026, 9, 21)):
        assert case.party_name in web.get("/enforcement/new/").content.decode()
        response = web.post("/enforcement/new/", {"case": case.pk})
        assert response.status_code == 302
        item = Enforcement.objects.get(case=case)
        assert response["Location"] == f"/enforcement/{item.pk}/"
    with at(D(2026, 9, 24)):
        response = web.post(f"/enforcement/{item.pk}/steps/remind/", {"version": item.version,
                                                                      "served_on": "2026-09-24", "note": "直接送达"})
        assert response.status_code == 302
        page = web.get(f"/enforcement/{item.pk}/").content.decode()
    assert "2026-10-15" in page  # the reminder's period
    assert "2026-11-02" in page and "2027-03-01" in page and "2027-06-01" in page  # noqa: PT018
    assert "申请人民法院强制执行" in page  # the step offered (agency A has no enforcement power)
    assert web.get("/enforcement/").status_code == 200
    assert client_for(officer_b).get(f"/enforcement/{item.pk}/").status_code == 404
    item.refresh_from_db()
    with at(D(2026, 10, 20)), assert_unchanged():
        response = client_for(head_a).post(f"/enforcement/{item.pk}/steps/apply_court/", {
            "version": item.version, "applied_on": "2026-10-20", "court": "浦江县人民法院"})
    assert response.status_code == 400
    assert "第五十三条" in response.content.decode()


def test_api_open_steps_and_refusals(case, officer_a, head_a, officer_b):
    with at(D(2026, 9, 21)):
        assert api(officer_b, "", {"case_id": case.pk}).status_code == 400
        body = api(officer_a, "", {"case_id": case.pk})
        assert body.status_code == 201, body.content
        item = body.json()
    assert (item["status"], item["court_until"], item["lawsuit_lapses_on"]) == ("opened", "2027-06-01", "2027-03-01")
    with at(D(2026, 9, 24)):
        item = api(officer_a, f"/{item['id']}/steps/remind", {"version": item["version"], "served_on": "2026-09-24"})
        item = item.json()
    assert (item["reminder_due"], item["court_from"]) == ("2026-10-15", "2026-10-16")
    with at(D(2026, 10, 16)), assert_unchanged():
        refused = api(head_a, f"/{item['id']}/steps/decide", {
            "version": item["version"], "decided_on": "2026-10-16", "power": 999999, "method": "surcharge",
            "reasons": "逾期"})
    assert refused.status_code == 400
    assert refused.json()["rule"] == "行政强制法第十三条、第三十四条、第五十三条"
    assert api(officer_b, f"/{item['id']}").status_code == 404
    assert [r["id"] for r in api(officer_a, "").json()["items"]] == [item["id"]]
    assert api(officer_b, "").json()["items"] == []


def test_pages_in_english(case, officer_a, head_a):
    """The enforcement and random-inspection pages' own wording has an English translation."""
    import re

    from tests.test_i18n import chinese_in, english, wording

    with at(D(2026, 9, 21)):
        item = api(officer_a, "", {"case_id": case.pk}).json()
    web = english(client_for(head_a))
    for url in ("/enforcement/", f"/enforcement/{item['id']}/", "/enforcement/new/", "/randomcheck/",
                "/randomcheck/new/", "/randomcheck/entities/", "/randomcheck/inspectors/"):
        html = web.get(url).content.decode()
        text = wording(html, case.party_name, case.title, "浦江县市场监督管理局", "浦江县")
        text = re.sub(r"\S*〔\d+〕\d+号\S*", "", text)
        assert chinese_in(text) == [], (url, text)
