"""Money within reason (issue 8, item 1): a bad amount never commits, a stored one never breaks a page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_cases_web import opened_case, registered_case  # noqa: F401
from yifa.cases import actions
from yifa.cases.models import Case

pytestmark = pytest.mark.django_db
D = dt.date


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def investigated(opened_case, officer_a):  # noqa: F811
    return actions.close_investigation(opened_case, facts="当事人未取得许可经营预包装食品。", on_date=D(2026, 9, 20),
                               acting_user=officer_a)


@pytest.mark.parametrize("fine", ["1e20", "99999999999999.99", "1e300", "0.001", 1e20, "-1", "NaN", "Infinity"])
def test_review_refuses_a_fine_out_of_reason_and_changes_nothing(investigated, head_a, fine):
    c = Case.objects.get(pk=investigated.pk)
    with assert_unchanged():
        response = post(head_a, f"/api/cases/{c.pk}/steps/review", {
            "opinion": "事实清楚。", "proposed_types": ["fine"], "proposed_fine": fine, "on_date": "2026-09-21",
            "version": c.version})
    assert response.status_code in (400, 422), response.content.decode()
    print(fine, response.status_code, response.content.decode())
