"""Licensing pages over HTTP: the application list with deadline colours, receiving an
application, the application page (masking, deadlines, timeline, the step forms a user gets),
a full run through the pages, refusals (with their article, changing nothing), licences and
renewal, and the pages in English.

Hand-counted 2026 working days (National Day: Oct 1–7 off, Sat Oct 10 worked; the start day is
not counted):
- received Tue 09-29 + 5: 09-30, 10-08, 10-09, 10-10, 10-12 -> 10-12
- correction received Thu 10-08 + 5: 10-09, 10-10, 10-12, 10-13, 10-14 -> 10-14
- accepted Fri 10-09 + 20: 10-10 (1), 12..16 (6), 19..23 (11), 26..30 (16), 11-02..05 (20) -> 11-05
- extension 11-05 + 10: 11-06, 09..13, 16..19 -> 11-19
- granted Tue 11-10 + 10 (certificate): 11-11..13, 16..20, 23, 24 -> 11-24
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import make_power, on, valid_uscc
from yifa.lib.idcodes import resident_id_check_char
from yifa.licensing import actions
from yifa.licensing.labels import LICENSING_LABELS, licensing_labels
from yifa.licensing.models import Licence, LicenceApplication
from yifa.licensing.procedure import LICENSING

pytestmark = pytest.mark.django_db
D = dt.date

PERSON_ID_BODY = "33072619850315002"
PERSON_ID = PERSON_ID_BODY + resident_id_check_char(PERSON_ID_BODY)
RECEIVED = D(2026, 9, 29)
ACCEPTED = D(2026, 10, 9)
EXPIRY = D(2027, 12, 31)
ERROR = re.compile(r'data-testid="action-error">([^<]*?)\s*<')


@pytest.fixture
def power_a(agency_a):
    return make_power(agency_a, "XK-A-001")


@pytest.fixture
def power_b(agency_b):
    return make_power(agency_b, "XK-B-001")


def receive(power: Any, user: Any, day: dt.date = RECEIVED, **extra: Any) -> LicenceApplication:
    data = {"applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": valid_uscc(), "applicant_phone": "13905791234", "materials": ["申请书", "营业执照"],
            "subject": "食品经营许可（餐饮服务）"} | extra
    with on(day):
        return actions.receive_application(power=power, received_on=day, acting_user=user, **data)


def accepted(power: Any, user: Any, day: dt.date = ACCEPTED) -> LicenceApplication:
    app = receive(power, user, day)
    with on(day):
        return actions.accept(app, accepted_on=day, acting_user=user)




def step_url(app: LicenceApplication, step: str) -> str:
    return reverse("licensing:step", args=[app.pk, step])


def detail_url(app: LicenceApplication) -> str:
    return reverse("licensing:detail", args=[app.pk])


def step_forms(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="[^"]+" data-step="(\w+)"', html)


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def post(user: Any, url: str, data: dict[str, Any], day: dt.date) -> Any:
    with on(day):
        return client_for(user).post(url, data)


def filled(app: LicenceApplication, step: str, data: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """What the step's form posts besides `data`: the version the page was rendered with (the
    application's current one) and the step's date as the form defaults it (the day)."""
    version = LicenceApplication.objects.filter(pk=app.pk).values_list("version", flat=True).first() or 0
    dated_by = LICENSING[step].dated_by if step in LICENSING.steps else None
    return {"version": version} | ({dated_by: day.isoformat()} if dated_by else {}) | data


def step_post(user: Any, app: LicenceApplication, step: str, data: dict[str, Any], day: dt.date) -> Any:
    return post(user, step_url(app, step), filled(app, step, data, day), day)


# --- a full run through the pages -------------------------------------------------------------


def test_full_application_run_through_the_pages(power_a, officer_a, head_a):
    officer = client_for(officer_a)
    with on(D(2026, 9, 29)):
        form = officer.get(reverse("licensing:new"))
        assert form.status_code == 200
        assert power_a.name in form.content.decode()
        response = officer.post(reverse("licensing:new"), {
            "power": power_a.pk, "applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": valid_uscc(), "applicant_address": "浦江县浦阳街道和平路8号",
            "applicant_phone": "13905791234", "subject": "食品经营许可（餐饮服务）", "materials": "申请书\n营业执照",
            "received_on": "2026-09-29"})
    app = LicenceApplication.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(app)
    assert (app.status, app.agency_id, app.created_by) == ("received", officer_a.agency_id, officer_a)
    assert app.materials == ["申请书", "营业执照"]
    assert app.completeness_due == D(2026, 10, 12)

    with on(D(2026, 9, 30)):
        html = officer.get(detail_url(app)).content.decode()
        assert step_forms(html) == ["request_correction", "accept"]
        assert 'data-testid="completeness-due">2026-10-12' in html
        response = officer.post(step_url(app, "request_correction"),
                               filled(app, "request_correction", {"missing_items": "平面布局图\n健康证明"}, D(2026, 9, 30)))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "correction_requested"
    assert app.missing_items == ["平面布局图", "健康证明"]

    with on(D(2026, 10, 8)):
        assert step_forms(officer.get(detail_url(app)).content.decode()) == ["receive_correction"]
        data = filled(app, "receive_correction", {"materials": "平面布局图、健康证明"}, D(2026, 10, 8))
        assert officer.post(step_url(app, "receive_correction"), data).status_code == 302
    app.refresh_from_db()
    assert app.status == "received"
    assert app.completeness_due == D(2026, 10, 14)
    assert app.materials == ["申请书", "营业执照", "平面布局图", "健康证明"]

    with on(D(2026, 10, 9)):
        data = filled(app, "accept", {"note": "材料齐全"}, D(2026, 10, 9))
        assert officer.post(step_url(app, "accept"), data).status_code == 302
    app.refresh_from_db()
    assert (app.status, app.accepted_on, app.decision_due) == ("accepted", D(2026, 10, 9), D(2026, 11, 5))

    head = client_for(head_a)
    with on(D(2026, 11, 2)):
        assert "extend_review" not in step_forms(officer.get(detail_url(app)).content.decode())
        assert step_forms(head.get(detail_url(app)).content.decode()) == ["extend_review", "suspend", "decide",
                                                                         "notify_hearing_right"]
        response = head.post(step_url(app, "extend_review"),
                             filled(app, "extend_review", {"reasons": "需现场核查经营场所"}, D(2026, 11, 2)))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.extended
    assert app.extension_approver == head_a
    assert app.decision_due == D(2026, 11, 19)

    with on(D(2026, 11, 10)):
        data = filled(app, "decide", {"outcome": "granted", "reasons": ""}, D(2026, 11, 10))
        assert officer.post(step_url(app, "decide"), data).status_code == 302
    app.refresh_from_db()
    assert (app.status, app.outcome, app.certificate_due) == ("decided", "granted", D(2026, 11, 24))

    with on(D(2026, 11, 12)):
        response = officer.post(step_url(app, "issue_licence"), filled(
            app, "issue_licence", {"number": "JY13307260001", "valid_to": "2031-11-11"}, D(2026, 11, 12)))
        assert response.status_code == 302
        html = officer.get(response.url).content.decode()
    licence = Licence.objects.get()
    app.refresh_from_db()
    assert app.status == "issued"
    assert (licence.number, licence.valid_to) == ("JY13307260001", D(2031, 11, 11))
    assert "已办理" in html
    assert reverse("licensing:licence_detail", args=[licence.pk]) in html
    assert re.findall(r'<li data-step="(\w+)"', html) == [
        "receive", "request_correction", "receive_correction", "accept", "extend_review", "decide", "issue_licence"]
    assert "head_a" in html
    assert "需现场核查经营场所" in html
    assert 'data-testid="extension">2026-11-02' in html
    assert step_forms(html) == []
    assert list(app.steps.values_list("actor__username", flat=True)) == [
        "officer_a", "officer_a", "officer_a", "officer_a", "head_a", "officer_a", "officer_a"]


def test_suspension_and_resumption_through_the_page(power_a, officer_a):
    app = accepted(power_a, officer_a)  # decision due 11-05
    with on(D(2026, 10, 12)):
        response = client_for(officer_a).post(step_url(app, "suspend"), filled(app, "suspend", {
            "kind": "expert", "applicant_notified_on": "2026-10-12", "reason": "组织专家评审"}, D(2026, 10, 12)))
        assert response.status_code == 302
        html = client_for(officer_a).get(detail_url(app)).content.decode()
    assert step_forms(html) == ["resume"]
    assert 'data-deadline="normal"' in html
    assert "（计时中止）" in html
    assert 'data-testid="suspensions"' in html
    assert "组织专家评审" in html
    with on(D(2026, 10, 16)):
        data = filled(app, "resume", {}, D(2026, 10, 16))
        assert client_for(officer_a).post(step_url(app, "resume"), data).status_code == 302
    app.refresh_from_db()
    # 10-12..10-16: 5 working days not counted: 11-05 -> 11-06, 09, 10, 11, 12.
    assert (app.status, app.suspended_days, app.decision_due) == ("accepted", 5, D(2026, 11, 12))


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "colour"), [
    (D(2026, 10, 8), "normal"),    # 4 days before the completeness date 10-12
    (D(2026, 10, 9), "near"),      # 3 days before: yellow
    (D(2026, 10, 12), "near"),     # due today
    (D(2026, 10, 13), "overdue"),  # red
])
def test_list_colours_the_running_deadline(today, colour, power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(today):
        html = client_for(officer_a).get(reverse("licensing:list")).content.decode()
        page = client_for(officer_a).get(detail_url(app)).content.decode()
    card = re.search(rf'<li class="case-card deadline-(\w+)" data-application="{app.pk}"', html)
    assert card is not None
    assert card.group(1) == colour
    assert 'data-testid="running-due">2026-10-12' in html
    assert f'data-deadline="{colour}"' in page


def test_list_shows_the_agencys_applications_most_urgent_first(power_a, power_b, officer_a, officer_b, supervisor):
    later = receive(power_a, officer_a, D(2026, 10, 9), applicant_name="第二家")  # completeness due 10-16
    first = receive(power_a, officer_a)  # due 10-12
    other = receive(power_b, officer_b, applicant_name="别家机关的申请人")
    with on(D(2026, 10, 9)):
        html = client_for(officer_a).get(reverse("licensing:list")).content.decode()
        sup = client_for(supervisor).get(reverse("licensing:list")).content.decode()
        b = client_for(officer_b).get(reverse("licensing:list")).content.decode()
    assert [int(pk) for pk in re.findall(r'data-application="(\d+)"', html)] == [first.pk, later.pk]
    assert "别家机关的申请人" not in html
    assert {int(pk) for pk in re.findall(r'data-application="(\d+)"', sup)} == {first.pk, later.pk, other.pk}
    assert re.findall(r'data-application="(\d+)"', b) == [str(other.pk)]


def test_list_search_status_filter_and_pages(power_a, officer_a):
    for i in range(51):
        receive(power_a, officer_a, applicant_name=f"申请人{i:02d}")
    done = accepted(power_a, officer_a)
    client = client_for(officer_a)
    shown = re.findall(r'data-application="(\d+)"', client.get(reverse("licensing:list"), {"status": "accepted"})
                       .content.decode())
    assert shown == [str(done.pk)]
    found = client.get(reverse("licensing:list"), {"q": "申请人07"}).content.decode()
    assert len(re.findall(r'data-application="\d+"', found)) == 1
    assert "申请人07" in found
    first = client.get(reverse("licensing:list")).content.decode()
    assert len(re.findall(r'data-application="\d+"', first)) == 50
    assert 'rel="next"' in first
    second = client.get(reverse("licensing:list"), {"page": 2}).content.decode()
    assert len(re.findall(r'data-application="\d+"', second)) == 2
    assert 'rel="prev"' in second
    bogus = client.get(reverse("licensing:list"), {"status": "bogus", "page": "x"}).content.decode()
    assert len(re.findall(r'data-application="\d+"', bogus)) == 50


def test_list_reads_no_more_rows_for_more_applications(power_a, officer_a):
    def page_queries() -> int:
        client = client_for(officer_a)
        client.get(reverse("licensing:list"))  # session and the like warmed up
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("licensing:list")).status_code == 200
        return len(ctx.captured_queries)

    receive(power_a, officer_a)
    one = page_queries()
    for i in range(5):
        receive(power_a, officer_a, applicant_name=f"申请人{i}")
    accepted(power_a, officer_a)
    assert page_queries() == one


def test_menu_item_for_agency_staff_and_supervisors(officer_a, supervisor, citizen):
    for user in (officer_a, supervisor):
        html = client_for(user).get(reverse("home")).content.decode()
        assert f'<a href="{reverse("licensing:list")}">行政许可</a>' in html
    assert client_for(citizen).get(reverse("licensing:list")).status_code == 403
    anonymous = Client().get(reverse("licensing:list"))
    assert anonymous.status_code == 302
    assert reverse("login") in anonymous.url


# --- who sees and who acts --------------------------------------------------------------------


def test_other_agencys_application_is_the_same_404_and_nothing_changes(power_a, officer_a, officer_b):
    app = receive(power_a, officer_a)
    client = client_for(officer_b)
    missing_pk = app.pk + 1000
    other, missing = client.get(detail_url(app)), client.get(reverse("licensing:detail", args=[missing_pk]))
    assert other.status_code == missing.status_code == 404
    assert app.applicant_name not in other.content.decode()
    assert (without_tokens(other.content.decode()).replace(f"/licensing/{app.pk}/", "URL")
            == without_tokens(missing.content.decode()).replace(f"/licensing/{missing_pk}/", "URL"))
    with assert_unchanged():
        for step, data in (("accept", {}), ("request_correction", {"missing_items": "平面布局图"})):
            assert step_post(officer_b, app, step, data, D(2026, 9, 30)).status_code == 404


def test_officer_cannot_extend_only_the_head(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with assert_unchanged():
        response = step_post(officer_a, app, "extend_review", {"reasons": "材料复杂"}, D(2026, 10, 20))
        assert response.status_code == 403
        html = response.content.decode()
        # The actor's refusal (yifa.workflow.steps.Actor) names its article, as the cases' do.
        assert ERROR.search(html).group(1) == "延长许可决定期限须经本行政机关负责人批准（行政许可法第四十二条）"
        assert "Only the head of the agency" not in html  # one language at a time
        assert 'data-testid="action-rule">（行政许可法第四十二条）' in html


def test_supervisor_sees_the_application_but_may_not_act(power_a, officer_a, supervisor):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        html = client_for(supervisor).get(detail_url(app)).content.decode()
    assert app.applicant_name in html
    assert step_forms(html) == []
    with assert_unchanged():
        response = step_post(supervisor, app, "accept", {}, D(2026, 9, 30))
        assert response.status_code == 403
        assert "只有本机关的工作人员可以办理此环节。" in response.content.decode()
    assert client_for(supervisor).get(reverse("licensing:new")).status_code == 403


def test_citizen_and_anonymous_are_kept_out(power_a, officer_a, citizen):
    app = receive(power_a, officer_a)
    with assert_unchanged():
        assert client_for(citizen).get(detail_url(app)).status_code == 403
        assert step_post(citizen, app, "accept", {}, D(2026, 9, 30)).status_code == 403
        anonymous = Client().post(step_url(app, "accept"), {})
        assert anonymous.status_code == 302
        assert reverse("login") in anonymous.url


def test_applicant_masked_for_officers_not_for_heads(power_a, officer_a, head_a, supervisor):
    app = receive(power_a, officer_a, applicant_kind="individual", applicant_name="张三", applicant_code=PERSON_ID,
                  applicant_address="浦江县浦阳街道和平路8号3幢201室", applicant_phone="13905791234")
    officer_html = client_for(officer_a).get(detail_url(app)).content.decode()
    assert PERSON_ID not in officer_html
    assert "13905791234" not in officer_html
    assert "和平路8号" not in officer_html
    assert f'data-testid="applicant-code">330***********{PERSON_ID[-4:]}' in officer_html
    assert "139****1234" in officer_html
    assert "浦江县浦阳街******" in officer_html
    for user in (head_a, supervisor):
        html = client_for(user).get(detail_url(app)).content.decode()
        assert PERSON_ID in html
        assert "13905791234" in html
        assert "和平路8号3幢201室" in html


# --- invalid input and refused steps ----------------------------------------------------------


def test_empty_correction_notice_is_refused_with_its_article(power_a, officer_a):
    app = receive(power_a, officer_a)
    with assert_unchanged():
        response = step_post(officer_a, app, "request_correction", {"missing_items": "  \n "}, D(2026, 9, 30))
        assert response.status_code == 400
        html = response.content.decode()
        assert ERROR.search(html).group(1) == "请一次列明需要补正的全部内容。"
        assert "List everything that is missing, all at once." not in html  # one language at a time
        assert "（行政许可法第三十二条）" in html
        assert '<details class="step" id="step-request_correction" open>' in html


def test_refusal_without_reasons_and_late_correction_change_nothing(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with assert_unchanged():
        response = step_post(officer_a, app, "decide", {"outcome": "refused", "reasons": " "}, D(2026, 10, 20))
        assert response.status_code == 400
        assert "作出不予行政许可决定，应当说明理由。" in response.content.decode()
        assert "A refusal must state its reasons." not in response.content.decode()  # one language at a time
    late = receive(power_a, officer_a)
    with assert_unchanged():
        response = step_post(officer_a, late, "request_correction", {"missing_items": "平面布局图"}, D(2026, 10, 13))
        assert response.status_code == 400
        assert "2026年10月12日" in response.content.decode()


def test_invalid_receive_input_creates_nothing(power_a, power_b, officer_a):
    data = {"power": power_a.pk, "applicant_kind": "individual", "applicant_name": "张三",
            "applicant_code": "330726198001010012", "materials": "申请书", "received_on": "2026-09-29"}
    with assert_unchanged():
        response = post(officer_a, reverse("licensing:new"), data, D(2026, 9, 29))
        assert response.status_code == 400
        html = response.content.decode()
        assert "身份证号码校验码错误" in html
        assert 'class="errorlist"' in html  # shown at the field, in the page's language
        nameless = post(officer_a, reverse("licensing:new"), data | {"applicant_code": "", "applicant_name": " "},
                        D(2026, 9, 29))
        assert nameless.status_code == 400
        assert "请填写申请人名称。" in nameless.content.decode()
        # Another agency's licensing item is not on offer.
        foreign = post(officer_a, reverse("licensing:new"), data | {"applicant_code": "", "power": power_b.pk},
                       D(2026, 9, 29))
        assert foreign.status_code == 400
        assert 'class="errorlist"' in foreign.content.decode()


def test_invalid_form_input_changes_nothing(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 12)):
        actions.decide(app, "granted", decided_on=D(2026, 10, 12), acting_user=officer_a)
    with assert_unchanged():
        response = step_post(officer_a, app, "issue_licence", {"number": "JY1", "valid_to": "not a date"},
                        D(2026, 10, 13))
        assert response.status_code == 400
        assert 'class="errorlist"' in response.content.decode()


def test_unknown_step_and_get_are_refused(power_a, officer_a):
    app = receive(power_a, officer_a)
    with assert_unchanged():
        client = client_for(officer_a)
        assert client.post(step_url(app, "teleport"), {}).status_code == 404
        assert client.get(step_url(app, "accept")).status_code == 405


# --- licences and renewal ---------------------------------------------------------------------


def issued(power: Any, user: Any, valid_to: dt.date = EXPIRY) -> Licence:
    app = accepted(power, user)
    with on(D(2026, 10, 12)):
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 12), acting_user=user)
        return actions.issue_licence(app, number="JY100", issued_on=D(2026, 10, 12), valid_to=valid_to,
                                     acting_user=user)


def test_licence_list_and_page(power_a, power_b, officer_a, officer_b):
    licence = issued(power_a, officer_a)
    html = client_for(officer_a).get(reverse("licensing:licence_list")).content.decode()
    assert f'data-licence="{licence.pk}"' in html
    assert "JY100" in html
    assert "2027-12-01" in html
    assert f'data-licence="{licence.pk}"' not in client_for(officer_b).get(reverse("licensing:licence_list")).content.decode()
    page = client_for(officer_a).get(reverse("licensing:licence_detail", args=[licence.pk])).content.decode()
    assert 'data-testid="renewal-due">2027-12-01' in page
    assert 'data-form="renewal"' in page
    assert "913***********" in page
    assert valid_uscc() not in page
    assert client_for(officer_b).get(reverse("licensing:licence_detail", args=[licence.pk])).status_code == 404


def test_renewal_through_the_licence_page(power_a, officer_a):
    licence = issued(power_a, officer_a)
    url = reverse("licensing:renew", args=[licence.pk])
    response = post(officer_a, url, {"materials": "延续申请书", "received_on": "2027-12-01"}, D(2027, 12, 1))
    renewal = LicenceApplication.objects.get(kind="renewal")
    assert response.status_code == 302
    assert response.url == detail_url(renewal)
    assert renewal.renewal_of == licence
    assert renewal.materials == ["延续申请书"]
    assert renewal.status == "received"
    html = client_for(officer_a).get(reverse("licensing:licence_detail", args=[licence.pk])).content.decode()
    assert f'data-application="{renewal.pk}"' in html
    # A second renewal while one is pending is refused.
    with assert_unchanged():
        again = post(officer_a, url, {"materials": "", "received_on": "2027-12-01"}, D(2027, 12, 1))
        assert again.status_code == 400
        assert "该许可已有正在办理的延续申请。" in again.content.decode()


def test_renewal_too_late_is_refused_with_its_article(power_a, officer_a, officer_b):
    licence = issued(power_a, officer_a)
    with assert_unchanged():
        response = post(officer_a, reverse("licensing:renew", args=[licence.pk]),
                        {"materials": "", "received_on": "2027-12-02"}, D(2027, 12, 2))
        assert response.status_code == 400
        html = response.content.decode()
        assert "30日前" in html
        assert "at least 30 days before expiry" not in html  # one language at a time
        assert "（行政许可法第五十条）" in html
        assert post(officer_b, reverse("licensing:renew", args=[licence.pk]), {}, D(2027, 11, 1)).status_code == 404


# --- English ----------------------------------------------------------------------------------


def test_pages_in_english(power_a, officer_a):
    app = receive(power_a, officer_a, applicant_address="浦江县浦阳街道和平路8号")
    with on(D(2026, 9, 30)):
        zh = client_for(officer_a).get(detail_url(app)).content.decode()
        en = english(client_for(officer_a)).get(detail_url(app)).content.decode()
        listing = english(client_for(officer_a)).get(reverse("licensing:list")).content.decode()
    assert '<html lang="zh-hans">' in zh
    assert "<dt>联系电话</dt>" in zh
    assert "Phone" not in zh
    assert '<html lang="en">' in en
    assert "<dt>Phone</dt>" in en
    assert "<dt>Domicile (address)</dt>" in en
    assert "<h2>Actions</h2>" in en
    assert "Legal person or other organisation" in en
    assert "(masked)" in en
    assert "Notice of everything the applicant must supplement, at once" in en  # the deadline rule's name
    assert "<dt>联系电话</dt>" not in en
    assert "法人或其他组织" not in en
    assert "（已脱敏）" not in en
    assert app.applicant_name in en  # data stays as it is
    assert '<html lang="en">' in listing
    assert ">Search</button>" in listing
    assert ">All</option>" in listing
    assert "Red: overdue; yellow: due within 3 days." in listing


def test_refusal_in_english_only(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with assert_unchanged():
        with on(D(2026, 10, 20)):
            data = filled(app, "extend_review", {"reasons": "材料复杂"}, D(2026, 10, 20))
            response = english(client_for(officer_a)).post(step_url(app, "extend_review"), data)
        assert response.status_code == 403
        html = response.content.decode()
        assert ERROR.search(html).group(1) == (
            "Only the head of the agency may approve an extension (Administrative Licensing Law, art. 42)")
        assert "延长许可决定期限" not in html


def test_step_done_message_in_english(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        data = filled(app, "accept", {}, D(2026, 9, 30))
        response = english(client_for(officer_a)).post(step_url(app, "accept"), data, follow=True)
    assert response.status_code == 200
    assert "Done: “" in response.content.decode()


def test_licensing_labels_are_listed_for_translation():
    found = licensing_labels()
    assert {"已收到申请", "准予行政许可", "延续申请", "鉴定、专家评审"} <= set(found)
    assert set(found) - set(LICENSING_LABELS) == set()




# --- the workflow core: versions and dates on the forms -----------------------------------------


def test_step_forms_carry_the_version_and_default_the_date_to_today(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        html = client_for(officer_a).get(detail_url(app)).content.decode()
    assert re.search(r'<input type="hidden" name="version" value="0"', html)
    assert re.search(r'name="accepted_on" value="2026-09-30"', html)
    assert re.search(r'name="notified_on" value="2026-09-30"', html)


def test_a_step_is_dated_by_its_form_not_the_server_day(power_a, officer_a):
    app = receive(power_a, officer_a)
    response = step_post(officer_a, app, "accept", {"accepted_on": "2026-09-30"}, D(2026, 10, 9))
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.accepted_on, app.decision_due) == (D(2026, 9, 30), D(2026, 11, 3))
    assert app.steps.get(step="accept").on_date == D(2026, 9, 30)


def test_a_stale_form_is_refused_and_changes_nothing(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        actions.request_correction(app, ["平面布局图"], notified_on=D(2026, 9, 30), acting_user=officer_a)
    with assert_unchanged():
        # A page rendered before the notice (version 0) posts a correction receipt.
        response = post(officer_a, step_url(app, "receive_correction"),
                        {"version": 0, "received_on": "2026-10-08", "materials": "平面布局图"}, D(2026, 10, 8))
        assert response.status_code == 400
        assert "已被他人更新" in response.content.decode()
