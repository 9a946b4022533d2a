"""Quick on a phone (issue 13 item 4), in a real Chromium at 390×844: no page scrolls sideways,
and the officer picker narrows as one types, with the signed-in officer ticked and kept in view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import make_officer
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, Recorder, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["张三", "李四", "王五", "赵六", "陈一", "刘二", "杨七", "黄八", "周九"]


@pytest.fixture
def chromium() -> Iterator[Any]:
    # Function scope: Playwright's sync API runs in its own greenlet context (see test_browser.py).
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_phone_pages_fit_and_the_officer_picker_filters(chromium, live_server, crew_a, officer_a, agency_a):
    for serial, name in enumerate(NAMES, 40):
        make_officer(agency_a, name, serial)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   locale="zh-CN")
    page = context.new_page()
    requests = Recorder(page)
    base = live_server.url
    sign_in(page, base, "officer_a")
    for path in ("/", "/cases/", "/inspections/", "/registry/officers/", "/transfer/", "/inspections/new/"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path

    # /inspections/new/: 13 officers behind a search box; officer_a's own record ticked, listed first.
    search = page.locator("input.picker-search[data-picker-for=inspection_officers]")
    officers = page.locator("#inspection_officers > div:visible")
    assert officers.count() == len(NAMES) + 4
    assert officers.first.inner_text().startswith("王建国")
    assert officers.first.locator("input").is_checked()
    search.fill("赵")
    assert officers.count() == 2  # the match, and who is ticked already
    assert "赵六" in officers.nth(1).inner_text()
    officers.nth(1).locator("input").check()
    search.fill("")
    assert officers.count() == len(NAMES) + 4
    assert page.locator("#inspection_officers input:checked").count() == 2
    assert requests.foreign(base) == []
    context.close()
