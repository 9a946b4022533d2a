"""The UI in a real Chromium (Playwright, sync API) against the live server.

Never runs `playwright install`: it drives the system Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture
def shipped_data(transactional_db) -> None:
    """The rules and holiday calendar the migrations ship. An earlier transactional test's
    flush removes them (and serialized_rollback clashes with the content types that flush
    recreates), so put them back with the migration's own, idempotent seeding."""
    from django.apps import apps

    importlib.import_module("yifa.workcal.migrations.0002_seed_rules_and_calendar").seed(apps, None)


@pytest.fixture
def chromium(shipped_data) -> Iterator[object]:
    # Function scope on purpose: Playwright's sync API runs in its own greenlet context, and
    # Django's connection handler is context-local, so the browser must start only after the
    # test database (with its serialized seed data) has been set up for this test.
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Recorder:
    """Every request a page makes, to check that nothing leaves the live server."""

    def __init__(self, page: object) -> None:
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))  # type: ignore[attr-defined]

    def foreign(self, base_url: str) -> list[str]:
        host = urlsplit(base_url).netloc
        return [u for u in self.urls if urlsplit(u).scheme not in ("http", "https") or urlsplit(u).netloc != host]


def sign_in(page: object, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("form[action='/login/'] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base_url}/")  # type: ignore[attr-defined]


def test_head_works_through_the_ui_with_only_local_assets(
    chromium, live_server, head_a, officer_record_a, officer_record_b,
):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests = Recorder(page)
    refused = []  # what the Content-Security-Policy blocked: nothing may be
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url

    sign_in(page, base, "head_a")
    assert page.inner_text("[data-testid=current-user]") == "head_a"
    assert page.inner_text("[data-testid=current-role]") == "执法机关负责人"
    assert page.evaluate("typeof htmx") == "object"

    page.click("nav.nav >> text=执法人员")
    page.wait_for_url(f"{base}/registry/officers/")
    results = page.locator("#results")
    assert "王建国" in results.inner_text()
    assert "李梅" not in page.content()

    # Live search (htmx): the table is swapped in place as one types.
    page.fill("input[name=q]", "没有这个人")
    # (waits by selector: a string evaluated in the page would be refused by the CSP, no eval)
    page.wait_for_selector("#results >> text=没有符合条件的记录")
    page.fill("input[name=q]", "王")
    page.wait_for_selector("#results >> text=王建国")
    assert "q=" in page.url

    page.click("#results >> text=王建国")
    page.wait_for_url(f"{base}/registry/officers/{officer_record_a.pk}/")
    assert page.inner_text("[data-testid=resident-id]") == officer_record_a.resident_id
    assert page.inner_text("[data-testid=officer-status]") == "有效"

    page.click("nav.nav >> text=期限计算")
    page.wait_for_url(f"{base}/deadline/")
    page.fill("#id_start", "2026-09-29")
    page.fill("#id_count", "7")
    page.select_option("#id_unit", "working")
    page.click("#deadline-form button[type=submit]")
    page.wait_for_selector("[data-testid=due-date]")
    assert page.inner_text("[data-testid=due-date]") == "2026-10-14"
    assert page.locator("[data-testid=provisional]").count() == 0

    assert requests.urls, "no requests were recorded"
    assert requests.foreign(base) == []
    assert any("/static/vendor/htmx.min.js" in u for u in requests.urls)
    assert any("/static/yifa/yifa.css" in u for u in requests.urls)
    assert refused == []
    context.close()


def test_phone_viewport_has_no_horizontal_overflow(chromium, live_server, supervisor, officer_record_a):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                     locale="zh-CN")
    page = context.new_page()
    requests = Recorder(page)
    base = live_server.url

    sign_in(page, base, "supervisor")
    overflow = "document.body.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The menu is collapsed behind its button, and opens on a tap.
    assert not page.is_visible("nav.nav")
    assert page.get_attribute("button.nav-button", "aria-expanded") == "false"
    page.click("button.nav-button")
    assert page.get_attribute("button.nav-button", "aria-expanded") == "true"
    assert page.is_visible("nav.nav >> text=执法人员")

    # A wide table scrolls inside its own box, not the page.
    page.click("nav.nav >> text=执法人员")
    page.wait_for_url(f"{base}/registry/officers/")
    assert page.is_visible("#results >> text=王建国")
    assert page.evaluate(overflow) <= 0
    assert requests.foreign(base) == []
    context.close()


def test_api_docs_run_under_the_csp(chromium, live_server, head_a):
    """Swagger UI (django-ninja's bundled copy) works with no inline-script exception."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, live_server.url, "head_a")
    page.goto(f"{live_server.url}/api/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".swagger-ui .opblock")  # type: ignore[attr-defined]  # the operations are listed
    assert refused == []
    context.close()
