"""Random inspections through the pages and the API: directory, pool, a plan drawn and recorded
against, and another agency's plans and directory out of reach."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_randomcheck import at, code, directory, inspection_power, pool  # noqa: F401  (fixtures)
from yifa.randomcheck.models import Entity, Plan

pytestmark = pytest.mark.django_db
D = dt.date


def api(user: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    c = client_for(user)
    if body is None:
        return c.get(f"/api/randomcheck{path}")
    return c.post(f"/api/randomcheck{path}", data=json.dumps(body), content_type="application/json")


PLAN = {"title": "2026年第四季度食品销售者抽查", "scope": "进货查验", "sector": "食品销售", "count": "2",
        "inspectors_per_entity": "2", "starts_on": "2026-10-08", "ends_on": "2026-12-31"}


def test_pages_directory_plan_draw_and_inspection(agency_a, county, officer_a, officer_b, directory, pool,  # noqa: F811
                                                  inspection_power):  # noqa: F811
    web = client_for(officer_a)
    with at(D(2026, 9, 30)):
        response = web.post("/randomcheck/entities/", {"name": "新店", "credit_code": code(99), "sector": "食品销售",
                                                       "region": county.pk})
        assert response.status_code == 302
        assert Entity.objects.filter(credit_code=code(99)).exists()
        assert "新店" in web.get("/randomcheck/entities/").content.decode()
        assert pool[0].name in web.get("/randomcheck/inspectors/").content.decode()
        response = web.post("/randomcheck/new/", PLAN)
        assert response.status_code == 302, response.content.decode()
        plan = Plan.objects.get()
        response = web.post(f"/randomcheck/{plan.pk}/steps/draw/", {"version": plan.version, "drawn_on": "2026-09-30",
                                                                   "seed": "页面种子"})
        assert response.status_code == 302
        page = web.get(f"/randomcheck/{plan.pk}/").content.decode()
    plan.refresh_from_db()
    assert plan.candidates_hash in page
    assert "页面种子" in page
    item = plan.items.order_by("position").first()
    with at(D(2026, 10, 9)):
        response = web.post(f"/randomcheck/items/{item.pk}/inspection/", {
            "power": inspection_power.pk, "inspected_on": "2026-10-09", "place": "店内", "findings": "未发现问题",
            "result": "compliant"})
        assert response.status_code == 302
    item.refresh_from_db()
    assert item.inspection.random_selection
    assert f'href="/randomcheck/{plan.pk}/"' in web.get(f"/inspections/{item.inspection_id}/").content.decode()
    other = client_for(officer_b)
    assert other.get(f"/randomcheck/{plan.pk}/").status_code == 404
    assert "新店" not in other.get("/randomcheck/entities/").content.decode()
    with assert_unchanged():
        assert other.post(f"/randomcheck/items/{item.pk}/inspection/", {}).status_code == 404


def test_api_plan_and_refusals(agency_a, officer_a, officer_b, head_a, directory, pool):  # noqa: F811
    body = {k: v for k, v in PLAN.items()} | {"count": 3, "inspectors_per_entity": 2}
    with at(D(2026, 9, 30)):
        created = api(officer_a, "/plans", body)
        assert created.status_code == 201, created.content
        plan = created.json()
        drawn = api(officer_a, f"/plans/{plan['id']}/steps/draw", {"version": plan["version"], "drawn_on": "2026-09-30",
                                                                   "seed": "api"}).json()
    assert drawn["method"] == "sha256-rank/1"
    assert len(drawn["items"]) == 3
    assert all(len(i["inspector_ids"]) == 2 for i in drawn["items"])
    with at(D(2026, 9, 30)), assert_unchanged():
        refused = api(officer_a, f"/plans/{plan['id']}/steps/publish", {"version": drawn["version"],
                                                                        "published_on": "2026-09-30"})
    assert refused.status_code == 403
    assert api(officer_b, f"/plans/{plan['id']}").status_code == 404
    assert api(officer_b, "/entities").json()["items"] == []
    assert len(api(officer_a, "/entities").json()["items"]) == 12
    with at(D(2026, 9, 30)), assert_unchanged():
        foreign = api(officer_b, "/recusals", {"entity_id": directory[0].pk, "officer_id": pool[0].pk, "reason": "x"})
    assert foreign.status_code == 400
