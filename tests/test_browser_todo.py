"""An officer's day on a phone (390×844, issue 13): from the to-do list through a step to the
hand-off; then the head's to-do list shows the review and, once the decision is served, the
finance officer's shows the payment. Screenshots are kept under $YIFA_VAR/artefacts/."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import CASE_FIELDS, make_user
from tests.test_browser import Recorder, sign_in
from tests.test_browser_case import chromium  # noqa: F401 -- the fixture
from yifa.cases import actions
from yifa.evidence.actions import add_evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def artefacts() -> Path:
    path = Path(os.environ.get("YIFA_VAR", "var")) / "artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def phone(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.recorder = Recorder(page)
    sign_in(page, base, username)
    return page


def todo_text(page: Any) -> str:
    return page.inner_text("[data-testid=todo]")


def test_an_officers_day_from_the_todo_list_to_the_handoff(chromium, live_server, agency_a, penalty_power,  # noqa: F811
                                                           crew_a, officer_a, head_a):
    make_user("finance_a", "finance", agency=agency_a)
    today = timezone.localdate()

    def day(offset: int) -> dt.date:
        return today - dt.timedelta(days=offset)

    fields = CASE_FIELDS | {"registered_on": day(20), "act_ended_on": day(30), "discovered_on": day(22)}
    case = actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **fields)
    case = actions.open_case(case, opened_on=day(19), officers=[crew_a["lead"], crew_a["colleague"]],
                             lead=crew_a["lead"], acting_user=head_a)
    add_evidence(case, kind="physical", title="涉案预包装食品", upload=None, acting_user=head_a,
                 description="现场查获", collected_on=day(18))
    base, shots = live_server.url, artefacts()

    officer = phone(chromium, base, "officer_a")
    assert "调查终结" in todo_text(officer)
    assert officer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    officer.screenshot(path=str(shots / "todo-officer.png"), full_page=True)
    with officer.expect_navigation():
        officer.click("[data-testid=todo-items] a")  # one tap to the step: its form is open
    assert officer.locator("#step-investigate").get_attribute("open") is not None
    officer.fill("form[data-step=investigate] [name=facts]", "当事人未取得食品经营许可经营预包装食品。")
    officer.fill("form[data-step=investigate] [name=on_date]", day(15).isoformat())
    with officer.expect_navigation():
        officer.click("form[data-step=investigate] button[type=submit]")
    handoff = officer.inner_text(".messages")
    assert "下一步：执法机关负责人：审查" in handoff, handoff
    officer.screenshot(path=str(shots / "handoff.png"), full_page=True)
    officer.goto(f"{base}/")
    assert "目前没有等待您办理的事项" in todo_text(officer)
    assert "调查终结" in officer.inner_text("[data-testid=done]")

    head = phone(chromium, base, "head_a")
    assert "审查" in todo_text(head)
    assert head.locator("[data-testid=unread-count]").count() == 1
    head.screenshot(path=str(shots / "todo-head.png"), full_page=True)

    case.refresh_from_db()
    case = actions.review_case(case, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=Decimal("5000"),
                               serious=False, on_date=day(14), acting_user=head_a)
    case = actions.notify_case(case, notified_on=day(13), acting_user=officer_a)
    case = actions.waive_rights(case, on_date=day(13), acting_user=officer_a)
    case = actions.decide_case(case, outcome="penalty", decided_types=["fine"], decided_fine=Decimal("5000"),
                               decided_on=day(12), reasons="依据食品安全法第一百二十二条。", acting_user=head_a)
    actions.serve_decision(case, served_on=day(11), method="direct", acting_user=officer_a)

    finance = phone(chromium, base, "finance_a")
    assert "登记缴款" in todo_text(finance)
    finance.screenshot(path=str(shots / "todo-finance.png"), full_page=True)
    for page in (officer, head, finance):
        assert page.recorder.foreign(base) == []
