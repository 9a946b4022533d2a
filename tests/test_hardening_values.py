"""Money within reason (issue 8, item 1): a bad amount never commits (checked inside the action,
before anything is written, with a message in Chinese and English), the maximum is configurable,
every money column and input agree, and a stored extreme amount never breaks a page."""
# ruff: noqa: F811  (fixtures shared by import)

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_cases_simple import on_the_spot
from tests.test_cases_web import opened_case, registered_case  # noqa: F401
from yifa.cases import actions
from yifa.cases.models import Case
from yifa.documents.context import money, penalty_text
from yifa.lib import bounds
from yifa.lib.errors import ActionError

pytestmark = pytest.mark.django_db
D = dt.date


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def investigated(opened_case, officer_a):
    return actions.close_investigation(opened_case, facts="当事人未取得许可经营预包装食品。", on_date=D(2026, 9, 20),
                                       acting_user=officer_a)


def review_body(case: Case, fine: Any) -> dict[str, Any]:
    return {"opinion": "事实清楚。", "proposed_types": ["fine"], "proposed_fine": fine, "on_date": "2026-09-21",
            "version": case.version}


@pytest.mark.parametrize(("fine", "says"), [
    ("1e20", "最大金额"), (1e20, "最大金额"), ("99999999999999.99", "最大金额"), ("1e300", "最大金额"),
    (1e300, "最大金额"), ("0.001", "两位小数"), (0.001, "两位小数"), ("12.345", "两位小数"), ("-1", "负数"),
    ("NaN", "有效的金额"), ("Infinity", "有效的金额"), ("abc", "有效的金额"),
])
def test_review_refuses_a_fine_out_of_reason_and_changes_nothing(investigated, head_a, fine, says):
    c = Case.objects.get(pk=investigated.pk)
    with assert_unchanged():
        response = post(head_a, f"/api/cases/{c.pk}/steps/review", review_body(c, fine))
    assert response.status_code in (400, 422), response.content.decode()
    body = response.json()
    assert says in body["message"], body
    assert body["message_en"]
    assert body["message_en"] != body["message"]
    assert body["field"] == "proposed_fine"


def test_review_page_refuses_three_decimal_places(investigated, head_a):
    c = Case.objects.get(pk=investigated.pk)
    form = {k: v for k, v in review_body(c, "0.001").items() if k != "proposed_types"} | {"proposed_types": "fine"}
    with assert_unchanged():
        response = client_for(head_a).post(reverse("cases:step", args=[c.pk, "review"]), form)
    assert response.status_code == 400


def test_the_action_itself_refuses_bad_money_for_python_callers(investigated, head_a):
    for fine in (Decimal("0.001"), Decimal("1E+20"), Decimal("NaN")):
        with assert_unchanged(), pytest.raises(ActionError) as refused:
            actions.review_case(investigated, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=fine,
                                on_date=D(2026, 9, 21), acting_user=head_a)
        assert refused.value.field == "proposed_fine"


def test_the_maximum_is_a_setting(investigated, head_a, settings):
    settings.YIFA_MONEY_MAX = "1000.00"
    c = Case.objects.get(pk=investigated.pk)
    with assert_unchanged():
        refused = post(head_a, f"/api/cases/{c.pk}/steps/review", review_body(c, "1000.01"))
    assert refused.status_code == 422
    assert "1,000.00" in refused.json()["message"]
    accepted = post(head_a, f"/api/cases/{c.pk}/steps/review", review_body(c, "1000.00"))
    assert accepted.status_code == 200, accepted.content.decode()
    assert Case.objects.get(pk=c.pk).proposed_fine == Decimal("1000.00")


def test_the_configured_maximum_never_exceeds_what_the_columns_hold(settings):
    settings.YIFA_MONEY_MAX = "1e30"
    assert bounds.money_max() == bounds.MONEY_CAPACITY == Decimal("999999999999.99")


def test_two_places_exactly_are_stored_as_given(investigated, head_a):
    c = Case.objects.get(pk=investigated.pk)
    assert post(head_a, f"/api/cases/{c.pk}/steps/review", review_body(c, "0.10")).status_code == 200
    assert str(Case.objects.get(pk=c.pk).proposed_fine) == "0.10"


def test_on_the_spot_decision_refuses_bad_money(agency_a, penalty_power, crew_a, officer_a):
    for fine in (Decimal("0.001"), Decimal("-5"), Decimal("1E+20")):
        with assert_unchanged(), pytest.raises(ActionError) as refused:
            on_the_spot(agency_a, penalty_power, crew_a, officer_a, decided_fine=fine)
        assert refused.value.field == "decided_fine"


def test_on_the_spot_collection_refuses_bad_money(agency_a, penalty_power, crew_a, officer_a):
    from yifa.cases import simple

    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a)
    for amount in (Decimal("50.001"), "1e20"):
        with assert_unchanged(), pytest.raises(ActionError) as refused:
            simple.collect_on_the_spot(case, amount=amount, receipt_no="NO.1", collected_on=D(2026, 9, 29),
                                       acting_user=officer_a)
        assert refused.value.field == "amount"


def test_every_money_column_holds_the_same_amounts():
    money_columns = [f for m in apps.get_models() if m.__module__.startswith("yifa.")
                     for f in m._meta.concrete_fields
                     if isinstance(f, models.DecimalField) and "元" in str(f.verbose_name)]
    assert len(money_columns) >= 3
    for f in money_columns:
        assert (f.max_digits, f.decimal_places) == (bounds.MONEY_DIGITS, bounds.MONEY_PLACES), f


# --- a stored extreme amount never breaks a page -------------------------------------------------


@pytest.fixture
def extreme(investigated):
    top = bounds.MONEY_CAPACITY
    Case.objects.filter(pk=investigated.pk).update(proposed_fine=top, decided_fine=top, decided_types=["fine"])
    return Case.objects.get(pk=investigated.pk)


def test_a_stored_extreme_amount_reads_back_on_every_page_for_every_role(extreme, cast):
    assert extreme.decided_fine == Decimal("999999999999.99")
    for name, user in cast.items():
        client = client_for(user)
        page = client.get(reverse("cases:detail", args=[extreme.pk]))
        record = client.get(f"/api/cases/{extreme.pk}")
        documents = client.get(f"/api/cases/{extreme.pk}/documents")
        for response in (page, record, documents):
            assert response.status_code < 500, (name, response.status_code)
        if name in ("officer_a", "head_a", "supervisor"):
            assert page.status_code == record.status_code == documents.status_code == 200, name
            assert record.json()["decided_fine"] in ("999999999999.99", 999999999999.99)


def test_documents_write_an_extreme_amount_in_full():
    assert money(bounds.MONEY_CAPACITY) == "人民币999,999,999,999.99元"
    assert penalty_text(["fine"], bounds.MONEY_CAPACITY) == "罚款人民币999,999,999,999.99元"


def test_a_penalty_decision_document_with_an_extreme_amount(extreme, head_a, settings, tmp_path):
    from yifa.documents.actions import generate_document

    settings.MEDIA_ROOT = tmp_path / "media"
    doc = generate_document(extreme, "penalty_decision", acting_user=head_a, extra={"facts": "事实。"})
    assert doc.number
    response = client_for(head_a).get(f"/api/cases/{extreme.pk}/documents")
    assert response.status_code == 200


@pytest.mark.parametrize("hours", [Decimal("NaN"), Decimal("Infinity"), Decimal("0"), Decimal("12.25"), Decimal("1E+5")])
def test_training_hours_out_of_reason_are_refused(officer_record_a, supervisor, hours):
    from yifa.registry.actions import add_training

    with assert_unchanged(), pytest.raises(ActionError) as refused:
        add_training(officer_record_a, course="执法培训", hours=hours, completed_on=D(2026, 5, 1), acting_user=supervisor)
    assert refused.value.field == "hours"
