"""Complaints and reports (issue 11, item 4) through the public pages and the staff's pages:
filing (named, anonymous, routed by agency, power item or region), the tracking number and the
secret code (only a hash stored), the deadlines across holidays, every handling step and its
refusals (nothing changed), the reporter's status page and rating, the honeypot, the rate limit
and the attachment limits.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import on

pytestmark = pytest.mark.django_db
D = dt.date
FILED_ON = dt.date(2026, 9, 29)
STEP_ON = dt.date(2026, 10, 9)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%complaint\n"


@pytest.fixture(autouse=True)
def _fresh_limits(settings, tmp_path):
    """Each test starts with no attempts counted and its own file store."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def form(**extra: Any) -> dict[str, Any]:
    return {"kind": "complaint", "category": "conduct", "subject": "执法人员态度恶劣", "content": "某日在某路检查时态度恶劣。",
            "name": "张三", "phone": "13812345678", "website": ""} | extra


def file_one(client: Any, **extra: Any) -> tuple[Any, str, str]:
    """POST the public form; (response, tracking number, code) read from the page."""
    response = client.post("/complaints/", form(**extra))
    body = response.content.decode()
    number = re.search(r'data-testid="tracking-no">([^<]+)<', body)
    code = re.search(r'data-testid="secret-code">([^<]+)<', body)
    return response, number.group(1) if number else "", code.group(1) if code else ""


def complaint(number: str) -> Any:
    from yifa.complaints.models import Complaint

    return Complaint.objects.get(tracking_no=number)


def filed(agency: Any, day: dt.date = FILED_ON, **extra: Any) -> tuple[Any, str]:
    from django.test import Client

    with on(day):
        response, number, code = file_one(Client(), agency=agency.pk, **extra)
    assert response.status_code == 201, response.content.decode()
    return complaint(number), code


def step(user: Any, c: Any, name: str, data: dict[str, Any], day: dt.date = STEP_ON) -> Any:
    with on(day):
        return client_for(user).post(f"/complaints/manage/{c.pk}/steps/{name}/", data | {"version": c.version})


# --- filing -----------------------------------------------------------------------------------


def test_the_public_form_needs_no_login_and_makes_no_session(client, agency_a):
    from django.contrib.sessions.models import Session

    assert client.get("/complaints/").status_code == 200
    with on(D(2026, 9, 29)):
        response, number, code = file_one(client, agency=agency_a.pk)
    assert response.status_code == 201
    assert re.fullmatch(r"TS20260929\d{6}", number)
    assert len(code) == 10
    assert Session.objects.count() == 0
    assert "no-store" in response["Cache-Control"]


def test_only_a_hash_of_the_code_is_stored(agency_a):
    from django.contrib.auth.hashers import check_password

    c, code = filed(agency_a)
    assert code not in c.code_hash
    assert check_password(code, c.code_hash)
    assert c.agency == agency_a
    assert c.status == "received"
    assert c.source == "web"
    assert c.steps.get().step == "receive"


def test_acceptance_deadline_counts_working_days_across_the_national_day_holiday(agency_a):
    """Received 2026-09-29: 7 working days skip 10-01..10-07 and count Saturday 10-10 (调休)."""
    c, _ = filed(agency_a, D(2026, 9, 29))
    assert c.accept_due == D(2026, 10, 14)
    assert c.deadline_rules["accept"]["rule"] == "complaint_accept"
    assert c.deadline_rules["accept"]["citation"].startswith("市场监督管理投诉举报处理暂行办法")


def test_the_deadline_rules_are_data(agency_a):
    """A new version of the rule in force changes the deadline: no constant in code."""
    from yifa.workcal.models import DeadlineRule

    DeadlineRule.objects.create(code="complaint_accept", name="测试", count=3, unit="working", trigger="收到",
                                citation="测试依据", effective_from=D(2026, 9, 1))
    c, _ = filed(agency_a, D(2026, 9, 29))
    assert c.accept_due == D(2026, 10, 9)  # 9-30, 10-08, 10-09


def test_anonymous_filing_keeps_no_name_or_phone(agency_a):
    c, _ = filed(agency_a, anonymous="on", name="李四", phone="13900001111")
    assert c.anonymous
    assert c.name == ""
    assert c.phone == ""


def test_routing_by_power_item(penalty_power, agency_a):
    from django.test import Client

    with on(D(2026, 9, 29)):
        response, number, _ = file_one(Client(), region=agency_a.region.pk, power_code=penalty_power.code)
    assert response.status_code == 201
    assert complaint(number).agency == agency_a
    assert complaint(number).power == penalty_power


def test_i_dont_know_goes_to_the_regions_legal_office(client, county, supervisor, officer_a):
    with on(D(2026, 9, 29)):
        _response, number, _ = file_one(client, region=county.pk)
    c = complaint(number)
    assert c.agency is None
    assert c.region == county
    assert client_for(supervisor).get("/complaints/manage/").content.decode().count(number) == 1
    assert number not in client_for(officer_a).get("/complaints/manage/").content.decode()


@pytest.mark.parametrize(("extra", "field"), [
    ({"subject": ""}, "subject"),
    ({"content": "   "}, "content"),
    ({"name": ""}, "name"),
    ({"phone": "12345"}, "phone"),
    ({"phone": ""}, "phone"),
    ({"power_code": "NO-SUCH-CODE"}, "power_code"),
    ({"kind": "praise"}, "kind"),
    ({"agency": "", "region": ""}, "region"),
    ({"content": "坏\x00字符"}, "content"),
])
def test_bad_input_is_answered_clearly_and_nothing_is_stored(client, agency_a, extra, field):
    data = {"agency": agency_a.pk} | extra
    with assert_unchanged(), on(D(2026, 9, 29)):
        response = client.post("/complaints/", form(**data))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body or "errorlist" in body
    assert "data-testid=\"tracking-no\"" not in body


def test_the_honeypot_refuses_and_stores_nothing(client, agency_a):
    with assert_unchanged(), on(D(2026, 9, 29)):
        response = client.post("/complaints/", form(agency=agency_a.pk, website="http://spam.example"))
    assert response.status_code == 400
    assert "网址" in response.content.decode()


def test_the_rate_limit_per_ip(client, agency_a, settings):
    settings.YIFA_PUBLIC_RATE_LIMIT = 2
    with on(D(2026, 9, 29)):
        assert file_one(client, agency=agency_a.pk)[0].status_code == 201
        assert client.post("/complaints/", form(agency=agency_a.pk, subject="")).status_code == 400  # counts too
        with assert_unchanged():
            limited = client.post("/complaints/", form(agency=agency_a.pk), REMOTE_ADDR="127.0.0.1")
        assert limited.status_code == 429
        assert "Too many attempts" not in limited.content.decode()  # one language at a time
        # another address is not limited
        other = client.post("/complaints/", form(agency=agency_a.pk), REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 201


def test_attachments_are_stored_by_content(client, agency_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with on(D(2026, 9, 29)):
        response = client.post("/complaints/", form(agency=agency_a.pk) | {"attachments": [
            SimpleUploadedFile("photo.png", PNG, "image/png"), SimpleUploadedFile("letter.pdf", PDF)]})
    assert response.status_code == 201
    c = complaint(re.search(r'tracking-no">([^<]+)<', response.content.decode()).group(1))
    assert sorted(f.file.type_code for f in c.files.all()) == ["pdf", "png"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notes.txt", b"plain text is accepted as evidence but not here\n", "JPEG"),
    ("fake.png", b"MZ\x90\x00 not an image at all \xff\xfe", "不支持的文件类型"),
    ("big.pdf", b"%PDF-1.4\n" + b"0" * 3000, "大小限制"),
])
def test_attachment_type_and_size_are_refused(client, agency_a, settings, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.YIFA_COMPLAINT_FILE_MAX = 2000
    with assert_unchanged(), on(D(2026, 9, 29)):
        response = client.post("/complaints/", form(agency=agency_a.pk) | {
            "attachments": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_attachments(client, agency_a, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.YIFA_COMPLAINT_MAX_FILES = 1
    with assert_unchanged(), on(D(2026, 9, 29)):
        response = client.post("/complaints/", form(agency=agency_a.pk) | {"attachments": [
            SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", PDF)]})
    assert response.status_code == 400


# --- the reporter's status page -----------------------------------------------------------------


def status_page(client: Any, number: str, code: str) -> Any:
    return client.post("/complaints/status/", {"tracking_no": number, "code": code, "website": ""})


def test_status_needs_the_right_code(client, agency_a):
    c, code = filed(agency_a)
    ok = status_page(client, c.tracking_no, code)
    assert ok.status_code == 200
    assert 'data-testid="history"' in ok.content.decode()
    assert "张*" in ok.content.decode()
    assert "13812345678" not in ok.content.decode()
    wrong = status_page(client, c.tracking_no, "WRONGCODE2")
    missing = status_page(client, "TS20260929000000", code)
    assert wrong.status_code == missing.status_code == 404
    assert "受理编号或查询码不正确" in wrong.content.decode()
    assert 'data-testid="history"' not in wrong.content.decode()


def test_the_whole_handling_seen_by_the_reporter_who_rates_it(client, agency_a, officer_a, crew_a, penalty_power):
    from tests.conftest import CASE_FIELDS
    from yifa.cases import actions as case_actions

    c, code = filed(agency_a, D(2026, 9, 29))
    assert step(officer_a, c, "accept", {"accepted_on": "2026-10-09", "public_text": "已受理，将核查。"}).status_code == 302
    c.refresh_from_db()
    assert c.status == "accepted"
    assert c.handle_due == D(2026, 12, 8)
    with on(D(2026, 10, 9)):
        case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    assert step(officer_a, c, "link", {"case": case.pk}).status_code == 302
    c.refresh_from_db()
    assert c.case == case
    assert step(officer_a, c, "reply", {"replied_on": "2026-10-20", "reply": "经核查属实，已立案处理。"},
                D(2026, 10, 20)).status_code == 302
    c.refresh_from_db()
    assert step(officer_a, c, "close", {"closed_on": "2026-10-21"}, D(2026, 10, 21)).status_code == 302
    c.refresh_from_db()
    assert c.status == "closed"

    body = status_page(client, c.tracking_no, code).content.decode()
    assert "已受理，将核查。" in body
    assert "经核查属实，已立案处理。" in body
    assert "关联案件" not in body
    assert "officer_a" not in body
    assert 'data-testid="rate-form"' in body
    with on(D(2026, 10, 22)):
        rated = client.post("/complaints/status/rate/", {"tracking_no": c.tracking_no, "code": code, "rating": 4,
                                                          "comment": "满意", "website": ""})
    assert rated.status_code == 200
    assert "感谢您的评价" in rated.content.decode()
    c.refresh_from_db()
    assert c.rating == 4
    assert c.rating_comment == "满意"
    with assert_unchanged(), on(D(2026, 10, 22)):
        again = client.post("/complaints/status/rate/", {"tracking_no": c.tracking_no, "code": code, "rating": 1,
                                                         "website": ""})
    assert again.status_code == 400


def test_rating_before_closure_or_with_a_wrong_code_changes_nothing(client, agency_a):
    c, code = filed(agency_a)
    with assert_unchanged():
        early = client.post("/complaints/status/rate/", {"tracking_no": c.tracking_no, "code": code, "rating": 5,
                                                         "website": ""})
        wrong = client.post("/complaints/status/rate/", {"tracking_no": c.tracking_no, "code": "X" * 10,
                                                         "rating": 5, "website": ""})
    assert early.status_code == 400
    assert wrong.status_code == 404


# --- handling: steps and refusals ---------------------------------------------------------------


def test_reject_with_reason_is_shown_to_the_reporter(client, agency_a, officer_a):
    c, code = filed(agency_a)
    assert step(officer_a, c, "reject", {"rejected_on": "2026-10-09", "reason": "不属于本机关职责范围。"}).status_code == 302
    body = status_page(client, c.tracking_no, code).content.decode()
    assert "不属于本机关职责范围。" in body
    assert "不予受理" in body


def test_transfer_to_another_agency_restarts_its_acceptance_period(agency_a, agency_b, officer_a, officer_b):
    c, _ = filed(agency_a)
    r = step(officer_a, c, "transfer", {"agency": agency_b.pk, "transferred_on": "2026-10-09", "reason": "属综合执法职责。"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.agency == agency_b
    assert c.status == "received"
    assert c.accept_due == D(2026, 10, 19)
    assert client_for(officer_a).get(f"/complaints/manage/{c.pk}/").status_code == 404
    assert client_for(officer_b).get(f"/complaints/manage/{c.pk}/").status_code == 200


def test_the_legal_office_routes_an_unrouted_complaint(client, county, agency_b, supervisor, officer_b):
    with on(D(2026, 9, 29)):
        _, number, _ = file_one(client, region=county.pk)
    c = complaint(number)
    with assert_unchanged():  # the legal office routes; it does not accept for the agency
        assert step(supervisor, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 403
    assert step(supervisor, c, "transfer", {"agency": agency_b.pk, "transferred_on": "2026-10-09",
                                            "reason": "分办。"}).status_code == 302
    c.refresh_from_db()
    assert c.agency == agency_b
    assert step(officer_b, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 302


def test_merge_duplicates(agency_a, officer_a, client):
    first, _ = filed(agency_a)
    second, code = filed(agency_a)
    assert step(officer_a, second, "merge", {"into": first.pk, "merged_on": "2026-10-09"}).status_code == 302
    second.refresh_from_db()
    assert second.status == "merged"
    assert second.merged_into == first
    assert f"与{first.tracking_no}合并办理" in status_page(client, second.tracking_no, code).content.decode()


def test_refusals_change_nothing(agency_a, agency_b, officer_a, officer_b, head_a, citizen):
    c, _ = filed(agency_a)
    other, _ = filed(agency_b)
    with assert_unchanged():
        # another agency's staff: not theirs (404)
        assert step(officer_b, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 404
        # a step not open in this status
        assert step(officer_a, c, "reply", {"replied_on": "2026-10-09", "reply": "答复。"}).status_code == 400
        # dated before receipt
        assert step(officer_a, c, "accept", {"accepted_on": "2026-09-28"}).status_code == 400
        # a reason is required
        assert step(officer_a, c, "reject", {"rejected_on": "2026-10-09", "reason": ""}).status_code == 400
        # merging into another agency's complaint, or into itself
        assert step(officer_a, c, "merge", {"into": other.pk, "merged_on": "2026-10-09"}).status_code == 400
        assert step(officer_a, c, "merge", {"into": c.pk, "merged_on": "2026-10-09"}).status_code == 400
        # transfer to the agency that already has it
        assert step(officer_a, c, "transfer", {"agency": agency_a.pk, "transferred_on": "2026-10-09",
                                               "reason": "转交。"}).status_code == 400
        # a stale version
        with on(D(2026, 10, 9)):
            stale = client_for(officer_a).post(f"/complaints/manage/{c.pk}/steps/accept/",
                                               {"accepted_on": "2026-10-09", "version": c.version + 5})
        assert stale.status_code == 400
        # the public: no internal pages
        assert client_for(citizen).get(f"/complaints/manage/{c.pk}/").status_code == 403
    assert step(officer_a, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 302
    c.refresh_from_db()
    with assert_unchanged():
        # link needs one of the agency's own cases or inspections
        assert step(officer_a, c, "link", {}).status_code == 400


def test_staff_see_their_agency_and_the_supervisor_the_region(agency_a, agency_b, officer_a, officer_b, supervisor):
    a, _ = filed(agency_a, subject="COMPLAINT-A")
    _b, _ = filed(agency_b, subject="COMPLAINT-B")
    body_a = client_for(officer_a).get("/complaints/manage/").content.decode()
    body_s = client_for(supervisor).get("/complaints/manage/").content.decode()
    assert "COMPLAINT-A" in body_a
    assert "COMPLAINT-B" not in body_a
    assert "COMPLAINT-A" in body_s
    assert "COMPLAINT-B" in body_s
    assert client_for(officer_b).get(f"/complaints/manage/{a.pk}/").status_code == 404
    page = client_for(supervisor).get(f"/complaints/manage/{a.pk}/").content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    assert "13812345678" in client_for(officer_a).get(f"/complaints/manage/{a.pk}/").content.decode()


def test_every_step_writes_one_step_record_and_one_audit_event(agency_a, officer_a):
    from yifa.audit.models import AuditEvent

    c, _ = filed(agency_a)
    events, steps = AuditEvent.objects.count(), c.steps.count()
    assert step(officer_a, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 302
    assert AuditEvent.objects.count() == events + 1
    assert c.steps.count() == steps + 1
    assert AuditEvent.objects.order_by("-id").first().action == "complaint.accept"


def test_the_public_pages_speak_english_second(client):
    from yifa.complaints.labels import COMPLAINT_LABELS, complaint_labels

    assert set(complaint_labels()) == set(COMPLAINT_LABELS)
    zh = client.get("/complaints/").content.decode()
    assert "Agency complained about" not in client.get("/complaints/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "en"  # English only when picked
    en = client.get("/complaints/").content.decode()
    assert "被投诉举报的机关" in zh
    assert "Agency complained about" not in zh
    assert "Agency complained about or reported to" in en
    assert "the legal office routes it" in en


def test_link_an_inspection_and_refuse_another_agencys_case(agency_a, agency_b, officer_a, officer_b, crew_a,
                                                             penalty_power):
    from tests.conftest import CASE_FIELDS, make_officer
    from yifa.cases import actions as case_actions
    from yifa.inspections.actions import record_inspection
    from yifa.law.models import PowerItem

    c, _ = filed(agency_a)
    assert step(officer_a, c, "accept", {"accepted_on": "2026-10-09"}).status_code == 302
    c.refresh_from_db()
    power_b = PowerItem.objects.create(code="CF-B-001", name="B 行政处罚", category="penalty", agency=agency_b,
                                       procedure="penalty_ordinary")
    make_officer(agency_b, "乙一", 91)
    with on(D(2026, 10, 9)):
        theirs = case_actions.register_case(agency=agency_b, power=power_b, acting_user=officer_b, **CASE_FIELDS)
        inspection = record_inspection(
            agency=agency_a, power=penalty_power, inspected_on=D(2026, 10, 9),
            officers=[crew_a["lead"], crew_a["colleague"]], party_name="某店", place="某路1号", findings="过期食品。",
            result="suspected", acting_user=officer_a)
    with assert_unchanged():
        assert step(officer_a, c, "link", {"case": theirs.pk}).status_code == 400
    assert step(officer_a, c, "link", {"inspection": inspection.pk}).status_code == 302
    c.refresh_from_db()
    assert c.inspection == inspection
    assert c.case is None


def test_client_ip_behind_a_trusted_proxy(rf, settings):
    from yifa.complaints.throttle import client_ip

    request = rf.post("/complaints/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.1"  # no proxy trusted: the forwarded header is the client's to forge
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
