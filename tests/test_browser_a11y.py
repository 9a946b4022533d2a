"""axe-core over every page type, signed in as a few roles and signed out, at desk and phone
sizes: zero violations (issue 13 item 9, WCAG 2.1 AA).

axe-core (tests/vendor/axe/axe.min.js, from npm, MPL-2.0) is injected by the test only; pages
never serve it. The demo county is built once for the module (`yifa demo`, ~40 s) and served by
a live server of the module's own, so the two tests (one per size) share it; the database is
flushed before and after, as by any transactional test. On failure the violations are printed one
per line and a screenshot of each failing page is kept under $YIFA_VAR/a11y/.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).parent / "vendor" / "axe" / "axe.min.js"
DESK = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

#: (path, detail): the page, and optionally a regex for a link on it whose page is checked too
#: (several regexes separated by " > ": a link on that page in turn, and so on).
Visit = tuple[str, str | None]
SIGNED_OUT: list[Visit] = [
    ("/login/", None), ("/portal/", None), ("/portal/circulars/", None), ("/portal/decisions/", r"^/portal/decisions/\d+/$"),
    ("/portal/agencies/", r"^/portal/agencies/\d+/$"), ("/complaints/", None), ("/complaints/status/", None),
]
#: One page of each kind (lists, record pages, forms), as the roles that use them. Kept to
#: about forty: every page costs a second or two of axe at each size.
ROLES: dict[str, list[Visit]] = {
    "shijian_zhifa": [  # an officer (and, first, a case with its step form open)
        ("/", None), ("/cases/", None), ("/cases/new/", None),
        ("/coercion/", r"^/coercion/\d+/$"), ("/inspections/", r"^/inspections/\d+/$"),
        ("/licensing/", r"^/licensing/\d+/$"), ("/licensing/new/", None),
        ("/enforcement/", None), ("/randomcheck/", None), ("/disclosure/", None),
        ("/registry/officers/", r"^/registry/officers/\d+/$"), ("/registry/powers/", r"^/registry/powers/\d+/$"),
        ("/deadline/", None), ("/calendar/", None), ("/transfer/", None),
    ],
    "shijian_fuze": [("/", None), ("/notifications/", None), ("/cases/all/", None), ("/registry/officers/new/", None),
                     ("/staff/", None)],  # the agency head
    "shijian_caiwu": [("/", None), ("/fines/", None), ("/fines/statements/", None)],  # finance
    "sifaju": [("/", None), ("/complaints/manage/", None), ("/registry/agencies/", None), ("/supervision/", None),
               ("/supervision/alerts/", None), ("/filing/", None), ("/filing/criteria/", None), ("/spotchecks/", None),
               ("/filereview/", None), ("/accountability/", None), ("/accountability/remedies/", None),
               ("/evaluation/", None)],  # the supervisor
}


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo county, committed, behind a live server of this module's own."""
    from django.apps import apps
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from tests.conftest import SEED_MIGRATIONS

    def reference_data_only() -> None:
        """The state a transactional test leaves: empty, then the shipped reference data."""
        call_command("flush", interactive=False, verbosity=0)
        for name in SEED_MIGRATIONS:
            importlib.import_module(name).seed(apps, None)

    with django_db_blocker.unblock():
        reference_data_only()
        call_command("demo", "--seed", "2026", stdout=StringIO())
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            reference_data_only()


@pytest.fixture
def chromium() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Audit:
    """Runs axe on pages and collects the violations as readable lines."""

    def __init__(self, size: str) -> None:
        self.size = size
        self.problems: list[str] = []
        self.checked: list[str] = []
        self.shots = Path(os.environ.get("YIFA_VAR", "/tmp")) / "a11y"  # noqa: S108

    def check(self, page: Any, who: str) -> None:
        page.wait_for_load_state("load")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        url = page.url
        self.checked.append(url)
        for v in result["violations"]:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            self.problems.append(f"[{self.size} {who}] {url}: {v['id']} ({v['impact']}) {v['help']} → {targets}")
            detail = v["nodes"][0].get("failureSummary", "").replace("\n", " ")
            self.problems.append(f"      {detail[:300]}")
        if result["violations"]:
            self.shots.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "-", f"{self.size}-{who}-{url.split('//', 1)[-1]}".lower()).strip("-")
            page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def visit(self, page: Any, base: str, who: str, visits: list[Visit]) -> None:
        for path, detail in visits:
            status = page.goto(base + path).status
            assert status == 200, (who, path, status)
            assert page.url.startswith(base + path.split("?")[0]), (who, path, page.url)
            self.check(page, who)
            for pattern in detail.split(" > ") if detail else []:
                hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
                found = [h for h in hrefs if re.match(pattern, h)]
                if not found:
                    self.problems.append(f"[{self.size} {who}] no link matching {pattern} on {page.url}")
                    break
                status = page.goto(base + found[0]).status
                assert status == 200, (who, found[0], status)
                self.check(page, who)

    def case_with_a_step_form(self, page: Any, base: str, who: str) -> None:
        """The first case on the officer's list whose page offers a step form."""
        page.goto(f"{base}/cases/")
        hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in [h for h in hrefs if re.match(r"^/cases/\d+/$", h)][:12]:
            page.goto(base + href)
            if page.locator("form[data-step]").count():
                page.click("details.step > summary")  # opened, so its fields are checked as well
                self.check(page, who)
                return
        pytest.fail(f"{who}: no case with a step form on the first page of /cases/")


def sign_in(page: Any, base: str, username: str) -> None:
    from yifa.demo.data import DEMO_PASSWORD

    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url == f"{base}/", f"{username} could not sign in"


def run(chromium: Any, base: str, size: str, options: dict[str, Any]) -> None:
    audit = Audit(size)
    for who, visits in [("anonymous", SIGNED_OUT), *ROLES.items()]:
        context = chromium.new_context(locale="zh-CN", **options)
        # Evaluated by the browser itself in every new document: the pages' CSP stays as it is.
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        if who != "anonymous":
            sign_in(page, base, who)
        if who == "shijian_zhifa":
            audit.case_with_a_step_form(page, base, who)
        audit.visit(page, base, who, visits)
        context.close()
    assert len(audit.checked) >= 35
    assert not audit.problems, "axe-core found violations:\n" + "\n".join(audit.problems)


def test_axe_finds_nothing_at_desk_size(chromium, demo_server):
    run(chromium, demo_server, "desk", DESK)


def test_axe_finds_nothing_on_a_phone(chromium, demo_server):
    run(chromium, demo_server, "phone", PHONE)
