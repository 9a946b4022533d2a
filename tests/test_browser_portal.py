"""The public portal in a real Chromium (Playwright, system /usr/bin/chromium; issue 11 items 1
and 6): no login, search with the keyboard, open a decision; a phone viewport without horizontal
overflow; nothing loaded from outside; readable with JavaScript off."""

from __future__ import annotations

import importlib

import pytest

from tests.disclosure_helpers import released, spot_fine
from tests.test_browser import Recorder, chromium, shipped_data  # noqa: F401 -- fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = {"party_kind": "organisation", "party_name": "浦江县某某食品店", "party_code": "92330726MA2ABCDE1B"}


@pytest.fixture
def published(shipped_data, agency_a, penalty_power, crew_a, officer_a, head_a):  # noqa: F811
    from django.apps import apps

    # A transactional test's flush removed what the migrations seed: the parameters and disclosure rules.
    importlib.import_module("yifa.workcal.migrations.0004_seed_legal_parameters").seed(apps, None)
    importlib.import_module("yifa.workcal.migrations.0005_seed_case_rules").seed(apps, None)
    importlib.import_module("yifa.disclosure.migrations.0002_disclosure_rules").seed(apps, None)
    org = released(spot_fine(agency_a, penalty_power, crew_a, officer_a, **ORG), officer_a, head_a)
    person = released(spot_fine(agency_a, penalty_power, crew_a, officer_a), officer_a, head_a)
    return {"org": org, "person": person}


def test_search_the_portal_and_open_a_decision_with_the_keyboard(chromium, live_server, published):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests = Recorder(page)
    base = live_server.url
    page.goto(f"{base}/portal/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # the skip link comes first
    page.focus("#q")
    page.keyboard.type("食品店")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/portal/decisions/?q=*")
    results = page.locator("ol.results > li")
    assert results.count() == 1
    page.focus("ol.results a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/portal/decisions/{published['org'].pk}/")
    assert page.is_visible("text=92330726MA2ABCDE1B")
    assert page.is_visible(f"text={published['org'].released_hash}")
    page.click("text=English")
    assert page.is_visible("text=Unified social credit code")
    assert requests.foreign(base) == []
    context.close()


def test_the_portal_on_a_phone_and_without_javascript(chromium, live_server, published):  # noqa: F811
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    for path in ("/portal/", "/portal/decisions/", f"/portal/decisions/{published['person'].pk}/",
                 f"/portal/agencies/{published['org'].agency_id}/"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{base}/portal/decisions/?q=占道经营")
    assert page.locator("ol.results > li").count() == 2  # the search works without JavaScript
    assert page.is_visible("text=张**")
    context.close()
