"""Create / edit forms for agencies, laws, provisions, versions, power items and time-limit rules,
and the holiday calendar page, over HTTP: the permitted user writes (one audit event each), the
others are refused and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from yifa.audit.models import AuditEvent
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.idcodes import uscc_check_char
from yifa.lib.workdays import DayUnit
from yifa.registry.models import Agency
from yifa.workcal.calendar import count_days
from yifa.workcal.models import CalendarDay, CalendarYear, DeadlineRule
from yifa.workcal.notice import NoticeError, format_notice, parse_notice

pytestmark = pytest.mark.django_db

REFUSED = ["officer_a", "officer_b", "citizen"]


def valid_uscc(body: str = "11330726MB2222222") -> str:
    return body + uscc_check_char(body)


@pytest.fixture
def law(db) -> Law:
    return Law.objects.create(name="中华人民共和国食品安全法", kind="law", issuer="全国人民代表大会常务委员会")


@pytest.fixture
def provision(law) -> Provision:
    p = Provision.objects.create(law=law, article=34, label="第三十四条")
    ProvisionVersion.objects.create(provision=p, text="禁止生产经营下列食品。", source="2015年修订文本",
                                    effective_from=dt.date(2015, 10, 1))
    return p


@pytest.fixture
def power_a(agency_a) -> PowerItem:
    return PowerItem.objects.create(code="330726-CF-A001", name="对销售不合格食品的行政处罚",
                                    category="penalty", agency=agency_a, procedure="penalty_ordinary")




def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


def agency_data(county, **over: Any) -> dict[str, Any]:
    data = {"name": "浦江县应急管理局", "short_name": "浦应急", "kind": "statutory", "sector": "department",
            "qualification_basis": "《中华人民共和国安全生产法》", "region": county.pk,
            "parent_government": "浦江县人民政府", "uscc": valid_uscc(), "address": "", "phone": "",
            "is_active": "on"}
    return {**data, **over}


# --- agencies -----------------------------------------------------------------------------------


def test_supervisor_creates_an_agency(cast, county):
    before = AuditEvent.objects.count()
    client = client_for(cast["supervisor"])
    assert client.get(reverse("registry:agency-new")).status_code == 200
    response = client.post(reverse("registry:agency-new"), agency_data(county))
    assert response.status_code == 302
    agency = Agency.objects.get(name="浦江县应急管理局")
    assert response["Location"] == reverse("registry:agency-detail", args=[agency.pk])
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "agency.create"


def test_supervisor_edits_an_agency(cast, agency_a):
    client = client_for(cast["supervisor"])
    url = reverse("registry:agency-edit", args=[agency_a.pk])
    assert client.get(url).status_code == 200
    before = AuditEvent.objects.count()
    data = agency_data(agency_a.region, name=agency_a.name, uscc=agency_a.uscc, phone="0579-84100000")
    assert client.post(url, data).status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.phone == "0579-84100000"
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "agency.update"
    assert last_event().before["phone"] == ""


@pytest.mark.parametrize("who", [*REFUSED, "head_a"])
def test_others_cannot_create_or_edit_agencies(cast, county, agency_a, who):
    with assert_unchanged():
        client = client_for(cast[who])
        assert client.get(reverse("registry:agency-new")).status_code == 403
        # Their region choices are empty, so the form refuses before the action would.
        assert client.post(reverse("registry:agency-new"), agency_data(county)).status_code in (400, 403)
        edit = reverse("registry:agency-edit", args=[agency_a.pk])
        expected = 404 if who == "officer_b" else 403
        assert client.get(edit).status_code == expected
        response = client.post(edit, agency_data(county, name="改名", uscc=agency_a.uscc))
        assert response.status_code in ((404,) if who == "officer_b" else (400, 403))


def test_bad_uscc_shows_the_chinese_message(cast, county):
    with assert_unchanged():
        response = client_for(cast["supervisor"]).post(
            reverse("registry:agency-new"), agency_data(county, uscc="11330726MB22222220"))
        assert response.status_code == 400
        assert "统一社会信用代码校验码错误" in response.content.decode()


def test_supervisor_of_another_county_gets_404_for_the_agency(county, other_county, agency_a):
    from tests.conftest import make_user

    other = make_user("supervisor_wy", "supervisor", region=other_county)
    with assert_unchanged():
        url = reverse("registry:agency-edit", args=[agency_a.pk])
        assert client_for(other).get(url).status_code == 404
        assert client_for(other).post(url, agency_data(county, uscc=agency_a.uscc)).status_code == 404
        # Nor can they create one in a county that is not theirs.
        assert client_for(other).post(reverse("registry:agency-new"), agency_data(county)).status_code == 400


def test_agency_list_shows_new_only_to_editors(cast, agency_a):
    assert "＋ 新增" in client_for(cast["supervisor"]).get(reverse("registry:agency-list")).content.decode()
    assert "＋ 新增" not in client_for(cast["officer_a"]).get(reverse("registry:agency-list")).content.decode()
    detail = reverse("registry:agency-detail", args=[agency_a.pk])
    edit = reverse("registry:agency-edit", args=[agency_a.pk])
    assert edit in client_for(cast["supervisor"]).get(detail).content.decode()
    assert edit not in client_for(cast["head_a"]).get(detail).content.decode()


# --- laws, provisions, versions -----------------------------------------------------------------

LAW_DATA = {"name": "中华人民共和国行政强制法", "kind": "law", "issuer": "全国人民代表大会常务委员会",
            "promulgated_on": "2011-06-30", "document_number": "主席令第四十九号"}


def test_supervisor_creates_and_edits_a_law(cast):
    client = client_for(cast["supervisor"])
    before = AuditEvent.objects.count()
    assert client.post(reverse("registry:law-new"), LAW_DATA).status_code == 302
    law = Law.objects.get(name="中华人民共和国行政强制法")
    assert law.promulgated_on == dt.date(2011, 6, 30)
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "law.create"
    response = client.post(reverse("registry:law-edit", args=[law.pk]), {**LAW_DATA, "issuer": "全国人大常委会"})
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.issuer == "全国人大常委会"
    assert AuditEvent.objects.count() == before + 2
    assert last_event().action == "law.update"


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_create_or_edit_laws(cast, law, who):
    with assert_unchanged():
        client = client_for(cast[who])
        assert client.get(reverse("registry:law-new")).status_code == 403
        response = client.post(reverse("registry:law-new"), LAW_DATA)
        assert response.status_code == 403
        if who != "citizen":
            assert "您无权执行此操作。" in response.content.decode()
            # The same refusal on an English page is in English.
            english = client_for(cast[who])
            english.cookies["django_language"] = "en"
            response = english.post(reverse("registry:law-new"), LAW_DATA)
            assert response.status_code == 403
            assert "You may not do this." in response.content.decode()
        url = reverse("registry:law-edit", args=[law.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {**LAW_DATA, "name": "改名"}).status_code == 403


def test_supervisor_adds_and_edits_a_provision(cast, law):
    client = client_for(cast["supervisor"])
    before = AuditEvent.objects.count()
    response = client.post(reverse("registry:provision-new", args=[law.pk]),
                           {"article": 124, "label": "第一百二十四条"})
    assert response.status_code == 302
    provision = Provision.objects.get(law=law, label="第一百二十四条")
    assert response["Location"].endswith(f"#provision-{provision.pk}")
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "provision.create"
    url = reverse("registry:provision-edit", args=[provision.pk])
    assert client.post(url, {"article": 124, "label": "第一百二十四条第一款"}).status_code == 302
    provision.refresh_from_db()
    assert provision.label == "第一百二十四条第一款"
    assert provision.law == law
    assert AuditEvent.objects.count() == before + 2


def test_duplicate_provision_label_is_refused(cast, provision):
    with assert_unchanged():
        response = client_for(cast["supervisor"]).post(
            reverse("registry:provision-new", args=[provision.law_id]), {"article": 34, "label": "第三十四条"})
        assert response.status_code == 400


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_add_or_edit_provisions(cast, provision, who):
    with assert_unchanged():
        client = client_for(cast[who])
        new = reverse("registry:provision-new", args=[provision.law_id])
        assert client.get(new).status_code == 403
        assert client.post(new, {"article": 35, "label": "第三十五条"}).status_code == 403
        edit = reverse("registry:provision-edit", args=[provision.pk])
        assert client.post(edit, {"article": 34, "label": "改"}).status_code == 403


def test_supervisor_adds_a_dated_version_and_the_old_one_ends(cast, provision):
    old = provision.versions.get()
    client = client_for(cast["supervisor"])
    law_page = client.get(reverse("registry:law-detail", args=[provision.law_id])).content.decode()
    assert reverse("registry:version-new", args=[provision.pk]) in law_page
    before = AuditEvent.objects.count()
    response = client.post(reverse("registry:version-new", args=[provision.pk]), {
        "text": "禁止生产经营下列食品、食品添加剂、食品相关产品。", "effective_from": "2021-04-29",
        "source": "2021年修正文本", "close_previous": "on"})
    assert response.status_code == 302
    new = provision.versions.get(effective_from=dt.date(2021, 4, 29))
    old.refresh_from_db()
    assert old.effective_to == dt.date(2021, 4, 28)
    assert provision.version_on(dt.date(2021, 4, 28)) == old
    assert provision.version_on(dt.date(2026, 1, 1)) == new
    assert [e.action for e in AuditEvent.objects.filter(pk__gt=0).order_by("-pk")[:2]] == [
        "provisionversion.update", "provisionversion.create"]
    assert AuditEvent.objects.count() == before + 2


def test_version_without_closing_the_previous_is_one_event(cast, provision):
    old = provision.versions.get()
    before = AuditEvent.objects.count()
    response = client_for(cast["supervisor"]).post(reverse("registry:version-new", args=[provision.pk]), {
        "text": "新文本", "effective_from": "2030-01-01", "source": "2030年文本"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.effective_to is None
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "provisionversion.create"


def test_version_ending_before_it_starts_is_refused(cast, provision):
    with assert_unchanged():
        response = client_for(cast["supervisor"]).post(reverse("registry:version-new", args=[provision.pk]), {
            "text": "x", "effective_from": "2030-01-01", "effective_to": "2029-01-01", "source": "x",
            "close_previous": "on"})
        assert response.status_code == 400
        assert "失效日期早于施行日期" in response.content.decode()


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_add_or_edit_versions(cast, provision, who):
    version = provision.versions.get()
    with assert_unchanged():
        client = client_for(cast[who])
        new = reverse("registry:version-new", args=[provision.pk])
        assert client.get(new).status_code == 403
        data = {"text": "x", "effective_from": "2030-01-01", "source": "x", "close_previous": "on"}
        assert client.post(new, data).status_code == 403
        edit = reverse("registry:version-edit", args=[version.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, {**data, "effective_from": "2015-10-01"}).status_code == 403


def test_supervisor_corrects_a_version(cast, provision):
    version = provision.versions.get()
    before = AuditEvent.objects.count()
    response = client_for(cast["supervisor"]).post(reverse("registry:version-edit", args=[version.pk]), {
        "text": version.text, "effective_from": "2015-10-01", "source": "2015年修订文本（主席令第二十一号）"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.source == "2015年修订文本（主席令第二十一号）"
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "provisionversion.update"


# --- power items --------------------------------------------------------------------------------


def power_data(agency, **over: Any) -> dict[str, Any]:
    data = {"code": "330726-CF-A002", "name": "对生产经营禁止生产经营的食品的行政处罚", "category": "penalty",
            "agency": agency.pk, "procedure": "penalty_ordinary", "fee_standard": "不收费",
            "penalty_types": ["warning", "fine"], "is_active": "on"}
    return {**data, **over}


def test_head_creates_a_power_item_with_provisions(cast, agency_a, provision):
    client = client_for(cast["head_a"])
    assert client.get(reverse("registry:power-new")).status_code == 200
    before = AuditEvent.objects.count()
    response = client.post(reverse("registry:power-new"), power_data(
        agency_a, violated_provisions=[provision.pk], penalty_provisions=[provision.pk],
        time_limit_rule=DeadlineRule.objects.get(code="APL_DECISION").pk))
    assert response.status_code == 302
    power = PowerItem.objects.get(code="330726-CF-A002")
    assert list(power.violated_provisions.all()) == [provision]
    assert list(power.penalty_provisions.all()) == [provision]
    assert power.penalty_types == ["warning", "fine"]
    assert power.agency == agency_a
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert event.action == "powerItem.create".lower()
    assert event.after["penalty_provisions"] == [provision.pk]


def test_head_edits_a_power_items_provisions(cast, power_a, provision):
    before = AuditEvent.objects.count()
    url = reverse("registry:power-edit", args=[power_a.pk])
    client = client_for(cast["head_a"])
    assert client.get(url).status_code == 200
    response = client.post(url, power_data(power_a.agency, code=power_a.code, name=power_a.name,
                                           penalty_provisions=[provision.pk], penalty_types=["fine"]))
    assert response.status_code == 302
    power_a.refresh_from_db()
    assert list(power_a.penalty_provisions.all()) == [provision]
    assert power_a.penalty_types == ["fine"]
    assert AuditEvent.objects.count() == before + 1
    assert last_event().before["penalty_provisions"] == []
    assert last_event().after["penalty_provisions"] == [provision.pk]


def test_penalty_types_on_a_licensing_item_are_refused(cast, agency_a):
    with assert_unchanged():
        response = client_for(cast["head_a"]).post(reverse("registry:power-new"),
                                                   power_data(agency_a, category="licensing", procedure="licensing"))
        assert response.status_code == 400
        assert "只有行政处罚事项可以设定处罚种类" in response.content.decode()


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_create_or_edit_power_items(cast, agency_a, power_a, provision, who):
    with assert_unchanged():
        client = client_for(cast[who])
        assert client.get(reverse("registry:power-new")).status_code == 403
        response = client.post(reverse("registry:power-new"), power_data(agency_a, penalty_provisions=[provision.pk]))
        assert response.status_code in ((403,) if who == "officer_a" else (400, 403))
        edit = reverse("registry:power-edit", args=[power_a.pk])
        expected = 404 if who == "officer_b" else 403
        assert client.get(edit).status_code == expected
        assert client.post(edit, power_data(agency_a, code=power_a.code, name="改名")).status_code == expected


def test_power_item_choices_are_only_what_the_user_sees(cast, agency_a, agency_b):
    html = client_for(cast["head_a"]).get(reverse("registry:power-new")).content.decode()
    assert agency_a.name in html
    assert agency_b.name not in html


# --- deadline rules -----------------------------------------------------------------------------


def rule_data(**over: Any) -> dict[str, Any]:
    data = {"code": "LOCAL_TEST", "name": "地方测试时限", "count": 5, "unit": "working", "trigger": "受理之日",
            "citation": "《浙江省测试条例》第一条", "effective_from": "2027-01-01"}
    return {**data, **over}


def test_supervisor_creates_a_rule(cast):
    before = AuditEvent.objects.count()
    response = client_for(cast["supervisor"]).post(reverse("registry:rule-new"), rule_data())
    assert response.status_code == 302
    assert DeadlineRule.objects.get(code="LOCAL_TEST").count == 5
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "deadlinerule.create"


def test_new_version_of_a_rule_in_force(cast):
    current = DeadlineRule.objects.get(code="APL_PRESERVATION", effective_to__isnull=True)
    client = client_for(cast["supervisor"])
    detail = client.get(reverse("registry:rule-detail", args=[current.pk])).content.decode()
    new_url = reverse("registry:rule-new") + f"?from={current.pk}"
    assert new_url in detail
    assert "新增版本" in detail
    form = client.get(new_url).content.decode()
    assert current.citation in form  # the new version starts as a copy of the one in force
    before = AuditEvent.objects.count()
    data = rule_data(code=current.code, name=current.name, count=10, unit=current.unit, trigger=current.trigger,
                     citation=current.citation, effective_from="2027-01-01", close_previous="on")
    assert client.post(reverse("registry:rule-new"), data).status_code == 302
    current.refresh_from_db()
    assert current.effective_to == dt.date(2026, 12, 31)
    new = DeadlineRule.objects.get(code="APL_PRESERVATION", effective_from=dt.date(2027, 1, 1))
    assert new.count == 10
    assert AuditEvent.objects.count() == before + 2


def test_rule_version_on_the_same_day_is_refused(cast):
    current = DeadlineRule.objects.get(code="APL_PRESERVATION", effective_to__isnull=True)
    with assert_unchanged():
        data = rule_data(code=current.code, effective_from=current.effective_from.isoformat(), close_previous="on")
        assert client_for(cast["supervisor"]).post(reverse("registry:rule-new"), data).status_code == 400


@pytest.mark.parametrize("who", [*REFUSED, "head_a"])
def test_others_cannot_create_or_edit_rules(cast, who):
    rule = DeadlineRule.objects.get(code="APL_PRESERVATION", effective_to__isnull=True)
    with assert_unchanged():
        client = client_for(cast[who])
        assert client.get(reverse("registry:rule-new")).status_code == 403
        assert client.post(reverse("registry:rule-new"), rule_data(close_previous="on")).status_code == 403
        edit = reverse("registry:rule-edit", args=[rule.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, rule_data(code=rule.code, count=99)).status_code == 403


def test_supervisor_corrects_a_rule(cast):
    rule = DeadlineRule.objects.get(code="APL_PRESERVATION", effective_to__isnull=True)
    before = AuditEvent.objects.count()
    data = {**model_to_dict(rule, exclude=["id", "effective_to"]), "citation": rule.citation + "（更正）"}
    data["effective_from"] = rule.effective_from.isoformat()
    assert client_for(cast["supervisor"]).post(reverse("registry:rule-edit", args=[rule.pk]), data).status_code == 302
    rule.refresh_from_db()
    assert rule.citation.endswith("（更正）")
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "deadlinerule.update"


# --- calendar -----------------------------------------------------------------------------------

NOTICE = "2027-01-01 holiday 元旦\n2027-02-07 workday 春节调休\n"


def notice_post(user: Any, **over: Any):
    data = {"year": 2027, "source": "国办发明电〔2026〕7号", "lines": NOTICE, **over}
    return client_for(user).post(reverse("calendar"), data)


def test_supervisor_loads_2027_and_deadlines_are_no_longer_provisional(cast):
    assert count_days(dt.date(2026, 12, 31), 5, DayUnit.WORKING).provisional
    before = AuditEvent.objects.count()
    response = notice_post(cast["supervisor"])
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar") + "?year=2027"
    year = CalendarYear.objects.get(year=2027)
    assert (year.version, year.source) == (1, "国办发明电〔2026〕7号")
    days = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "is_workday"))
    assert days == {dt.date(2027, 1, 1): False, dt.date(2027, 2, 7): True}
    deadline = count_days(dt.date(2026, 12, 31), 5, DayUnit.WORKING)
    assert not deadline.provisional
    assert deadline.due == dt.date(2027, 1, 8)  # 1 Jan is a holiday: 4, 5, 6, 7, 8 January
    assert AuditEvent.objects.count() == before + 1
    assert last_event().action == "calendar.load_year"
    page = client_for(cast["officer_a"]).get(reverse("calendar"), {"year": 2027}).content.decode()
    assert "春节调休" in page
    assert "国办发明电〔2026〕7号" in page


def test_reloading_a_year_replaces_it(cast):
    notice_post(cast["supervisor"])
    response = notice_post(cast["supervisor"], lines="2027-01-01 holiday 元旦", source="国办发明电〔2026〕8号")
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).version == 2
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [dt.date(2027, 1, 1)]


@pytest.mark.parametrize(("lines", "message"), [
    ("2027-01-01 holiday 元旦\n2027-13-01 holiday 坏日期", "第2行格式错误"),
    ("2027-01-01 holiday 元旦\n\n2027-02-07 rest 春节", "第3行格式错误"),
    ("2027-01-01 holiday 元旦\n2026-02-07 workday 春节调休", "第2行：2026-02-07 不属于 2027 年"),
    ("2027-02-06 holiday 春节", "第1行：2027-02-06 是周末"),
    ("2027-02-08 workday 调休", "第1行：2027-02-08 是工作日"),
    ("2027-01-01 holiday 元旦\n2027-01-01 holiday 元旦", "第2行：2027-01-01 重复"),
])
def test_bad_line_is_refused_with_its_number(cast, lines, message):
    with assert_unchanged():
        version = count_days(dt.date(2026, 12, 31), 5, DayUnit.WORKING)
        response = notice_post(cast["supervisor"], lines=lines)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert count_days(dt.date(2026, 12, 31), 5, DayUnit.WORKING) == version


@pytest.mark.parametrize("who", [*REFUSED, "head_a"])
def test_others_cannot_load_the_calendar(cast, who):
    with assert_unchanged():
        assert notice_post(cast[who]).status_code == 403


def test_calendar_page_shows_the_form_only_to_editors(cast):
    url = reverse("calendar")
    officer_page = client_for(cast["officer_a"]).get(url)
    assert officer_page.status_code == 200
    html = officer_page.content.decode()
    assert "节假日安排" in html
    assert "calendar-years" in html
    assert 'id="calendar-form"' not in html
    assert 'id="calendar-form"' in client_for(cast["supervisor"]).get(url).content.decode()
    assert client_for(cast["citizen"]).get(url).status_code == 403


def test_notice_text_round_trips():
    days = parse_notice(NOTICE, 2027, strict=True)
    assert parse_notice(format_notice(days), 2027, strict=True) == days
    with pytest.raises(NoticeError) as err:
        parse_notice("# comment\n2027-01-01", 2027)
    assert err.value.line == 2
