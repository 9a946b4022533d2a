"""One ordinary penalty case clicked through in a real Chromium, from lead to archive.

Each person signs in through the login page in their own browser context; after every step
the case page shows the new status. Playwright and the live server run in real time, so the
steps are dated relative to today (all on or before it, in order). Nothing may be fetched
from anywhere but the live server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import make_user
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, Recorder, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ["register", "open", "investigate", "review", "notify", "waive", "decide", "serve", "payment", "close",
         "archive"]


@pytest.fixture
def chromium() -> Iterator[Any]:
    # Function scope: Playwright's sync API runs in its own greenlet context, and Django's
    # connection handler is context-local, so the browser starts after the test database.
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Person:
    """One user's browser context and page, signed in through the login page."""

    def __init__(self, browser: Any, base: str, username: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.page = self.context.new_page()
        self.requests = Recorder(self.page)
        self.base = base
        sign_in(self.page, base, username)

    def case(self, pk: int) -> Any:
        self.page.goto(f"{self.base}/cases/{pk}/")
        return self.page

    def step(self, pk: int, step: str, fill: dict[str, str] | None = None, *, check: Sequence[str] = (),
             select: dict[str, str] | None = None) -> str:
        """Open the step's form on the case page, fill it, submit it; the status shown after."""
        page = self.case(pk)
        page.click(f"#step-{step} > summary")
        form = f"form[data-step={step}]"
        for name, value in (fill or {}).items():
            page.fill(f"{form} [name={name}]", value)
        for selector in check:
            page.check(f"{form} {selector}")
        for name, value in (select or {}).items():
            page.select_option(f"{form} [name={name}]", value)
        with page.expect_navigation():
            page.click(f"{form} button[type=submit]")
        assert page.locator("[data-testid=action-error]").count() == 0, page.inner_text("[data-testid=action-error]")
        return status(page)


    def pay_by_statement(self, pk: int, paid_on: str) -> str:
        """Issue the notices on the ledger page, upload a statement paying this case's in full."""
        from yifa.fines.models import PaymentNotice

        page = self.page
        page.goto(f"{self.base}/fines/")
        with page.expect_navigation():
            page.click("#issue-form button[type=submit]")
        notice = PaymentNotice.objects.get(case_id=pk)
        assert page.locator(f"tr[data-notice='{notice.reference}']").count() == 1
        page.goto(f"{self.base}/fines/statements/")
        line = f"BR{pk:06d},{notice.reference},{notice.fine},{paid_on},浦江县某某食品店\n"
        page.set_input_files("#statement-form input[name=file]", files=[{
            "name": "statement.csv", "mimeType": "text/csv",
            "buffer": ("bank_ref,reference,amount,paid_on,payer\n" + line).encode()}])
        with page.expect_navigation():
            page.click("#statement-form button[type=submit]")
        assert page.locator("[data-testid=imported]").count() == 1
        return status(self.case(pk))


def status(page: Any) -> str:
    return page.inner_text("[data-testid=case-status]").strip()


def iso(day: dt.date) -> str:
    return day.isoformat()


def test_ordinary_case_from_lead_to_archive(chromium, live_server, settings, tmp_path, agency_a, penalty_power,
                                            crew_a, officer_a, head_a):
    from yifa.cases.models import Case
    from yifa.evidence.models import Evidence

    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("finance_a", "finance", agency=agency_a)
    today = timezone.localdate()

    def day(offset: int) -> str:
        return iso(today - dt.timedelta(days=offset))

    base = live_server.url
    officer = Person(chromium, base, "officer_a")
    head = Person(chromium, base, "head_a")
    finance = Person(chromium, base, "finance_a")

    # The officer registers the lead on the page.
    page = officer.page
    page.goto(f"{base}/cases/")  # my cases
    with page.expect_navigation():
        page.click("text=登记线索")
    page.select_option("#id_power", str(penalty_power.pk))
    page.fill("#id_title", "某食品店未取得食品经营许可经营案")
    page.select_option("#id_source", "inspection")
    page.fill("#id_registered_on", day(20))
    page.select_option("#id_party_kind", "organisation")
    page.fill("#id_party_name", "浦江县某某食品店")
    page.fill("#id_party_address", "浦江县浦阳街道某某路1号")
    page.fill("#id_act_ended_on", day(30))
    page.fill("#id_discovered_on", day(22))
    with page.expect_navigation():
        page.click("form.panel button[type=submit]")
    case = Case.objects.get(title="某食品店未取得食品经营许可经营案")
    pk = case.pk
    assert status(page) == "线索登记"

    # The head opens it, choosing the two officers.
    lead, colleague = crew_a["lead"], crew_a["colleague"]
    assert head.step(pk, "open", {"opened_on": day(19)},
                     check=[f"input[name=officers][value='{lead.pk}']", f"input[name=officers][value='{colleague.pk}']"],
                     select={"lead": str(lead.pk)}) == "已立案"

    # The officer uploads a piece of evidence from the case page.
    page = officer.case(pk)
    page.click("#evidence-upload > summary")
    page.set_input_files("#evidence_file", files=[{
        "name": "现场检查笔录.txt", "mimeType": "text/plain",
        "buffer": "现场检查：货架上陈列预包装食品，未见食品经营许可证。".encode()}])
    page.select_option("#evidence_kind", "record")
    page.fill("#evidence_title", "现场检查笔录")
    page.fill("#evidence_collected_on", day(18))
    with page.expect_navigation():
        page.click("form[data-form=evidence] button[type=submit]")
    assert page.locator("[data-testid=evidence-list] tr[data-kind=record]").count() == 1
    assert Evidence.objects.get(case_id=pk).file is not None

    assert officer.step(pk, "investigate", {"facts": "当事人未取得食品经营许可经营预包装食品。",
                                            "on_date": day(15)}) == "调查终结"
    assert head.step(pk, "review", {"opinion": "事实清楚，证据确凿。", "proposed_fine": "5000", "on_date": day(14)},
                     check=["input[name=proposed_types][value=fine]"]) == "审查完毕"
    assert officer.step(pk, "notify", {"notified_on": day(13)}) == "已事先告知"
    assert officer.step(pk, "waive", {"on_date": day(13)}) == "已事先告知"  # the status stays; the waiver is recorded
    assert head.step(pk, "decide", {"decided_fine": "5000", "reasons": "依据食品安全法第一百二十二条。",
                                    "decided_on": day(12)},
                     check=["input[name=decided_types][value=fine]"], select={"outcome": "penalty"}) == "已作出决定"
    assert officer.step(pk, "serve", {"served_on": day(11)}, select={"method": "direct"}) == "已送达"
    # Payment enters only from the bank's record (罚缴分离, APL 67): finance issues the notice on the
    # ledger page and uploads the bank's statement; the case shows it paid.
    assert finance.pay_by_statement(pk, day(5)) == "已送达"
    assert head.step(pk, "close", {"closed_on": day(4)}) == "已结案"
    assert officer.step(pk, "archive") == "已归档"

    # The archived case: its status, every step on the timeline, and nothing left to do.
    page = officer.case(pk)
    assert status(page) == "已归档"
    assert page.locator("[data-testid=read-only]").count() == 1
    steps = page.locator("[data-testid=timeline] li[data-step]")
    assert [steps.nth(i).get_attribute("data-step") for i in range(steps.count())] == STEPS
    assert page.locator("form[data-form=evidence]").count() == 0
    case.refresh_from_db()
    assert (case.status, case.paid_on, case.closed_on) == ("archived", today - dt.timedelta(days=5),
                                                          today - dt.timedelta(days=4))

    for person in (officer, head, finance):
        assert person.requests.urls, "no requests were recorded"
        assert person.requests.foreign(base) == []
        person.context.close()
