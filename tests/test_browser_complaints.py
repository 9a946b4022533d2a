"""A member of the public files a complaint in a real Chromium, without an account, and tracks
it with the tracking number and the secret code the page showed once; after the agency accepts
it, the status page shows the acceptance text. Nothing is fetched from anywhere but the live server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, Recorder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_file_a_complaint_and_track_it_with_the_code(chromium, live_server, settings, tmp_path, agency_a, officer_a):
    from yifa.complaints import actions
    from yifa.complaints.models import Complaint

    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
    page = context.new_page()
    requests = Recorder(page)

    page.goto(f"{base}/complaints/")
    page.check("input[name=kind][value=report]")
    page.select_option("#id_category", "violation")
    page.select_option("#id_agency", str(agency_a.pk))
    page.fill("#id_subject", "某店销售过期食品")
    page.fill("#id_content", "某路某食品店货架上有过期牛奶。")
    page.check("#id_anonymous")
    with page.expect_navigation():
        page.click("form[data-testid=complaint-form] button[type=submit]")
    number = page.inner_text("[data-testid=tracking-no]").strip()
    code = page.inner_text("[data-testid=secret-code]").strip()
    complaint = Complaint.objects.get(tracking_no=number)
    assert complaint.anonymous
    assert complaint.agency == agency_a
    assert code not in complaint.code_hash

    # A wrong code shows nothing of it.
    page.goto(f"{base}/complaints/status/")
    page.fill("#id_tracking_no", number)
    page.fill("#id_code", "WRONG00000")
    with page.expect_navigation():
        page.click("form[data-testid=status-form] button[type=submit]")
    assert page.locator("[data-testid=action-error]").count() == 1
    assert page.locator("[data-testid=history]").count() == 0

    # The agency accepts it; the reporter sees that with the right code.
    actions.accept(complaint, accepted_on=timezone.localdate(), public_text="已受理，正在核查。", acting_user=officer_a)
    page.goto(f"{base}/complaints/status/")
    page.fill("#id_tracking_no", number)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("form[data-testid=status-form] button[type=submit]")
    assert page.inner_text("[data-testid=status]").strip() == "已受理"
    assert "已受理，正在核查。" in page.inner_text("[data-testid=history]")
    assert all(url.startswith(base) for url in requests.urls), requests.urls
    assert not context.cookies() or all(c["name"] != "sessionid" for c in context.cookies())
    context.close()
