"""Random inspections on the public portal (双随机、一公开): a published plan shows its draw (seed,
method, candidates' hash), its entities and inspectors, and results as they come; an unpublished
plan is not there."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client

from tests.test_randomcheck import at, directory, drawn, inspection_power, new_plan, pool  # noqa: F401 -- fixtures
from yifa.randomcheck import actions
from yifa.randomcheck.models import Plan

D = dt.date


def test_a_published_plan_shows_its_draw_and_results(agency_a, officer_a, head_a, directory, pool,  # noqa: F811
                                                     inspection_power):  # noqa: F811
    plan = drawn(new_plan(agency_a, officer_a), officer_a)
    hidden = drawn(new_plan(agency_a, officer_a, title="未公布的计划"), officer_a, seed="另一个种子")
    item = plan.items.order_by("position").first()
    with at(D(2026, 10, 9)):
        actions.record_plan_inspection(item, power=inspection_power, inspected_on=D(2026, 10, 9), place="店内",
                                       findings="进货查验记录齐全", result="compliant", acting_user=officer_a)
        actions.publish_plan(Plan.objects.get(pk=plan.pk), published_on=D(2026, 10, 9), acting_user=head_a)
    client = Client()
    listing = client.get("/portal/checks/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert plan.title in html
    assert "未公布的计划" not in html
    page = client.get(f"/portal/checks/{plan.pk}/").content.decode()
    assert "浦江-2026Q4" in page
    assert plan.candidates_hash in page
    assert item.entity_name in page
    assert item.credit_code in page
    inspector = item.inspectors.order_by("name").first()
    assert f"{inspector.name}（{inspector.certificate_no}）" in page
    assert inspector.resident_id not in page
    assert client.get(f"/portal/checks/{hidden.pk}/").status_code == 404
    assert "sessionid" not in listing.cookies


def test_the_plans_pages_in_english(agency_a, officer_a, head_a, directory, pool):  # noqa: F811
    plan = drawn(new_plan(agency_a, officer_a), officer_a)
    with at(D(2026, 10, 9)):
        actions.publish_plan(Plan.objects.get(pk=plan.pk), published_on=D(2026, 10, 9), acting_user=head_a)
    client = Client()
    client.cookies["django_language"] = "en"
    for url in ("/portal/checks/?lang=en", f"/portal/checks/{plan.pk}/?lang=en"):
        html = client.get(url).content.decode()
        assert "Random inspection" in html or "Inspection period" in html
        # Headings and labels are English; data (the plan's title, names) stays as entered.
        labels = re.findall(r"<(?:th|dt|h1|caption)[^>]*>([^<]*)<", html)
        assert labels
        assert not [t for t in labels if re.search(r"[\u4e00-\u9fff]", t) and plan.title not in t], labels
