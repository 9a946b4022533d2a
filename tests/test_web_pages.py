"""The internal web pages over HTTP: scoping, refusals, masking, the forms and the calculator."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import client_for
from yifa.audit.models import AuditEvent
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.registry.models import Agency, Officer, OfficerStatusChange, Post, Region, TrainingRecord, Unit
from yifa.workcal.models import CalendarYear, DeadlineRule

pytestmark = pytest.mark.django_db


@dataclass
class Pair:
    """One kind of agency-owned record: a record of agency A and one of agency B."""

    kind: str
    a: Any
    b: Any
    text_a: str
    text_b: str


@pytest.fixture
def world(agency_a, agency_b, officer_record_a, officer_record_b) -> dict[str, Pair]:
    unit_a = Unit.objects.create(agency=agency_a, name="稽查科", duties="案件查办")
    unit_b = Unit.objects.create(agency=agency_b, name="城东中队", duties="市容巡查")
    post_a = Post.objects.create(agency=agency_a, unit=unit_a, name="食品安全执法岗", duties="食品安全检查")
    post_b = Post.objects.create(agency=agency_b, unit=unit_b, name="占道经营巡查岗", duties="巡查占道经营")
    law = Law.objects.create(name="中华人民共和国行政处罚法", kind="law", issuer="全国人民代表大会常务委员会")
    provision = Provision.objects.create(law=law, article=56, label="第五十六条")
    ProvisionVersion.objects.create(provision=provision, text="旧条文：先行登记保存七日内处理。",
                                    effective_from=dt.date(1996, 10, 1), effective_to=dt.date(2021, 7, 14),
                                    source="1996年文本")
    ProvisionVersion.objects.create(provision=provision, text="新条文：应当在七日内及时作出处理决定。",
                                    effective_from=dt.date(2021, 7, 15), source="2021年修订文本")
    rule = DeadlineRule.objects.get(code="APL_PRESERVATION")
    power_a = PowerItem.objects.create(
        code="330726-CF-A001", name="对销售不合格食品的行政处罚", category="penalty", agency=agency_a,
        procedure="penalty_ordinary", time_limit_rule=rule, penalty_types=["warning", "fine"],
        penalty_standard="货值金额一万元以下的，处五万元以上十万元以下罚款。",
        responsibility_items="立案责任、调查责任、审查责任。", accountability="不依法履行职责的，依法追责。",
    )
    power_a.penalty_provisions.add(provision)
    power_b = PowerItem.objects.create(
        code="330726-CF-B001", name="对擅自占道经营的行政处罚", category="penalty", agency=agency_b,
        procedure="penalty_simple",
    )
    return {
        "agency": Pair("agency", agency_a, agency_b, agency_a.name, agency_b.name),
        "unit": Pair("unit", unit_a, unit_b, "稽查科", "城东中队"),
        "post": Pair("post", post_a, post_b, "食品安全执法岗", "占道经营巡查岗"),
        "officer": Pair("officer", officer_record_a, officer_record_b, "王建国", "李梅"),
        "power": Pair("power", power_a, power_b, "对销售不合格食品的行政处罚", "对擅自占道经营的行政处罚"),
        "law": Pair("law", law, None, "中华人民共和国行政处罚法", ""),
        "rule": Pair("rule", rule, None, rule.name, ""),
        "region": Pair("region", agency_a.region, None, agency_a.region.name, ""),
    }


OWNED = ["agency", "unit", "post", "officer", "power"]
SHARED = ["region", "law", "rule"]
MODELS = {"agency": Agency, "unit": Unit, "post": Post, "officer": Officer, "power": PowerItem,
          "law": Law, "rule": DeadlineRule, "region": Region}


def list_url(kind: str) -> str:
    return reverse(f"registry:{kind}-list")


def detail_url(kind: str, pk: int) -> str:
    return reverse(f"registry:{kind}-detail", args=[pk])


def missing_pk(kind: str) -> int:
    return (MODELS[kind].objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- lists and details are scoped ---------------------------------------------------------


@pytest.mark.parametrize("kind", OWNED)
def test_officer_a_list_shows_own_agency_only(kind, world, officer_a):
    pair = world[kind]
    response = client_for(officer_a).get(list_url(kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert pair.text_a in html
    assert pair.text_b not in html


@pytest.mark.parametrize("kind", OWNED)
def test_supervisor_list_shows_both_agencies(kind, world, supervisor):
    pair = world[kind]
    html = client_for(supervisor).get(list_url(kind)).content.decode()
    assert pair.text_a in html
    assert pair.text_b in html


@pytest.mark.parametrize("kind", OWNED)
def test_other_agencys_detail_is_the_same_404_as_a_missing_one(kind, world, officer_a):
    pair = world[kind]
    client = client_for(officer_a)
    own = client.get(detail_url(kind, pair.a.pk))
    assert own.status_code == 200
    assert pair.text_a in own.content.decode()
    other = client.get(detail_url(kind, pair.b.pk))
    missing = client.get(detail_url(kind, missing_pk(kind)))
    assert other.status_code == missing.status_code == 404
    assert pair.text_b not in other.content.decode()
    # Same page, apart from the request's own path (the language switch returns there).
    other_html = without_tokens(other.content.decode()).replace(detail_url(kind, pair.b.pk), "URL")
    missing_html = without_tokens(missing.content.decode()).replace(detail_url(kind, missing_pk(kind)), "URL")
    assert other_html == missing_html


@pytest.mark.parametrize("kind", OWNED)
def test_supervisor_opens_both_details(kind, world, supervisor):
    pair = world[kind]
    client = client_for(supervisor)
    assert pair.text_a in client.get(detail_url(kind, pair.a.pk)).content.decode()
    assert pair.text_b in client.get(detail_url(kind, pair.b.pk)).content.decode()


@pytest.mark.parametrize("kind", SHARED)
def test_shared_reference_pages_are_open_to_staff(kind, world, officer_a, supervisor):
    pair = world[kind]
    for user in (officer_a, supervisor):
        client = client_for(user)
        assert pair.text_a in client.get(list_url(kind)).content.decode()
        assert client.get(detail_url(kind, pair.a.pk)).status_code == 200
        assert client.get(detail_url(kind, missing_pk(kind))).status_code == 404


def every_page(world: dict[str, Pair]) -> list[str]:
    urls = [reverse("deadline")]
    for kind, pair in world.items():
        urls += [list_url(kind), detail_url(kind, pair.a.pk)]
    for kind in ("unit", "post", "officer"):
        urls += [reverse(f"registry:{kind}-new"), reverse(f"registry:{kind}-edit", args=[world[kind].a.pk])]
    return urls


def test_citizen_gets_403_everywhere(world, citizen):
    client = client_for(citizen)
    for url in every_page(world):
        response = client.get(url)
        assert response.status_code == 403, url
        assert world["officer"].text_a not in response.content.decode()
    officer = world["officer"].a
    before = (status_state(officer), counts())
    assert client.post(status_url(officer), {"to_status": "suspended", "reason": "x"}).status_code == 403
    assert client.post(reverse("registry:unit-new"),
                       {"agency": world["agency"].a.pk, "name": "公众新增", "duties": ""}).status_code == 403
    assert (status_state(officer), counts()) == before


def test_anonymous_is_sent_to_login(world):
    client = client_for(None)
    for url in [*every_page(world), reverse("home")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


# --- home -----------------------------------------------------------------------------------


def test_home_for_officer_shows_role_scope_and_own_counts(world, officer_a):
    html = client_for(officer_a).get(reverse("home")).content.decode()
    assert "执法人员" in html
    assert "浦江县市场监督管理局" in html
    assert 'data-testid="count-agencies">1<' in html
    assert 'data-testid="officers-active">1<' in html
    assert 'data-testid="powers-penalty">1<' in html
    assert "浦江县综合行政执法局" not in html


def test_home_for_supervisor_counts_the_region(world, supervisor):
    Officer.objects.filter(pk=world["officer"].b.pk).update(status="suspended")
    html = client_for(supervisor).get(reverse("home")).content.decode()
    assert "法制机构" in html
    assert "浦江县（区域）" in html
    assert 'data-testid="count-agencies">2<' in html
    assert 'data-testid="officers-active">1<' in html
    assert 'data-testid="officers-suspended">1<' in html
    assert 'data-testid="powers-penalty">2<' in html
    assert reverse("registry:region-list") in html


def test_home_for_public_user_has_no_registry_data(world, citizen):
    response = client_for(citizen).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "仅供执法人员" in html
    assert "浦江县市场监督管理局" not in html
    assert "王建国" not in html
    assert reverse("registry:officer-list") not in html


# --- search, filters, pages, htmx -----------------------------------------------------------


def test_officer_search_and_filters(world, supervisor):
    client = client_for(supervisor)
    by_name = client.get(list_url("officer"), {"q": "李"}).content.decode()
    assert "李梅" in by_name
    assert "王建国" not in by_name
    by_cert = client.get(list_url("officer"), {"q": "330726001"}).content.decode()
    assert "王建国" in by_cert
    assert "李梅" not in by_cert
    by_agency = client.get(list_url("officer"), {"agency": world["agency"].b.pk}).content.decode()
    assert "李梅" in by_agency
    assert "王建国" not in by_agency
    Officer.objects.filter(pk=world["officer"].a.pk).update(status="revoked")
    by_status = client.get(list_url("officer"), {"status": "revoked"}).content.decode()
    assert "王建国" in by_status
    assert "李梅" not in by_status


def test_agency_filter_naming_another_agency_does_not_widen_the_list(world, officer_a):
    html = client_for(officer_a).get(list_url("officer"), {"agency": world["agency"].b.pk}).content.decode()
    assert "李梅" not in html
    assert "王建国" in html


def test_power_search_by_code_and_category_filter(world, supervisor):
    client = client_for(supervisor)
    html = client.get(list_url("power"), {"q": "CF-B001"}).content.decode()
    assert "对擅自占道经营的行政处罚" in html
    assert "对销售不合格食品的行政处罚" not in html
    assert "对销售不合格食品" not in client.get(list_url("power"), {"category": "licensing"}).content.decode()


def test_agency_kind_filter(world, supervisor):
    Agency.objects.filter(pk=world["agency"].b.pk).update(kind="authorised")
    html = client_for(supervisor).get(list_url("agency"), {"kind": "authorised"}).content.decode()
    assert "浦江县综合行政执法局" in html
    assert "浦江县市场监督管理局" not in html


def test_pagination_keeps_the_query(agency_a, head_a):
    Officer.objects.bulk_create(
        Officer(agency=agency_a, name=f"张测试{i:02d}", resident_id=f"33072619900101{i:04d}",
                certificate_no=f"T{i:03d}", issuing_authority="浙江省人民政府", area="浦江县",
                valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 12, 31))
        for i in range(55)
    )
    client = client_for(head_a)
    first = client.get(list_url("officer"), {"q": "张测试"}).content.decode()
    assert first.count(">张测试") == 50
    assert "q=%E5%BC%A0%E6%B5%8B%E8%AF%95&amp;page=2" in first
    second = client.get(list_url("officer"), {"q": "张测试", "page": 2}).content.decode()
    assert second.count(">张测试") == 5
    assert "张测试54" in second


def test_htmx_request_gets_only_the_table(world, officer_a):
    response = client_for(officer_a).get(list_url("officer"), {"q": "王"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert "王建国" in html
    assert "HX-Request" in response["Vary"]


# --- detail contents ------------------------------------------------------------------------


def test_law_detail_lists_provisions_with_dated_versions(world, officer_a):
    html = client_for(officer_a).get(detail_url("law", world["law"].a.pk)).content.decode()
    assert "第五十六条" in html
    assert "旧条文" in html
    assert "1996-10-01 施行" in html
    assert "2021-07-14 失效" in html
    assert "新条文" in html
    assert "2021-07-15 施行" in html
    assert "现行有效" in html


def test_power_detail_shows_basis_limit_penalties_and_duties(world, officer_a):
    html = client_for(officer_a).get(detail_url("power", world["power"].a.pk)).content.decode()
    assert "《中华人民共和国行政处罚法》第五十六条" in html
    assert "《行政处罚法》第五十六条、第八十五条" in html  # the time-limit rule's citation
    assert "7个工作日" in html
    assert "警告、通报批评" in html
    assert "罚款" in html
    assert "货值金额一万元以下" in html
    assert "立案责任" in html
    assert "依法追责" in html


def test_rule_detail_links_to_the_calculator(world, officer_a):
    rule = world["rule"].a
    html = client_for(officer_a).get(detail_url("rule", rule.pk)).content.decode()
    assert rule.citation in html
    assert f"{reverse('deadline')}?rule={rule.code}" in html


def test_region_list_is_in_code_order(world, supervisor):
    html = client_for(supervisor).get(list_url("region")).content.decode()
    assert html.index("330000") < html.index("330700") < html.index("330726")


# --- officer detail: masking, history, training --------------------------------------------


def test_officer_sees_masked_id_head_sees_full(world, officer_a, head_a):
    officer = world["officer"].a
    masked = client_for(officer_a).get(detail_url("officer", officer.pk)).content.decode()
    assert "330***********0011" in masked
    assert officer.resident_id not in masked
    full = client_for(head_a).get(detail_url("officer", officer.pk)).content.decode()
    assert officer.resident_id in full


def test_officer_detail_sums_training_hours_per_year(world, officer_a):
    officer = world["officer"].a
    for day, hours in ((dt.date(2025, 3, 1), "24.0"), (dt.date(2025, 9, 1), "16.5"), (dt.date(2026, 2, 1), "8.0")):
        TrainingRecord.objects.create(officer=officer, year=day.year, course=f"培训{day}", hours=hours,
                                      completed_on=day)
    html = client_for(officer_a).get(detail_url("officer", officer.pk)).content.decode()
    assert re.search(r"<td>2025</td><td>40\.5</td><td>2</td>", html)
    assert re.search(r"<td>2026</td><td>8\.0</td><td>1</td>", html)


# --- certificate status form ----------------------------------------------------------------


def status_url(officer: Officer) -> str:
    return reverse("registry:officer-status", args=[officer.pk])


def status_state(officer: Officer) -> tuple[str, int, int]:
    officer.refresh_from_db()
    return officer.status, OfficerStatusChange.objects.filter(officer=officer).count(), AuditEvent.objects.count()


@time_machine.travel(dt.datetime(2026, 5, 6, 10, 0, tzinfo=dt.UTC), tick=False)
def test_supervisor_suspends_a_certificate(world, supervisor):
    officer = world["officer"].a
    _, history_before, audit_before = status_state(officer)
    client = client_for(supervisor)
    page = client.get(detail_url("officer", officer.pk)).content.decode()
    assert f'action="{status_url(officer)}"' in page
    response = client.post(status_url(officer), {"to_status": "suspended", "reason": "涉嫌违规执法，暂扣待查"})
    assert response.status_code == 302
    assert response["Location"] == detail_url("officer", officer.pk)
    assert status_state(officer) == ("suspended", history_before + 1, audit_before + 1)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "officer.status"
    assert event.after["status"] == "suspended"
    html = client.get(response["Location"]).content.decode()
    assert "涉嫌违规执法，暂扣待查" in html
    assert "已变更为“暂扣”" in html
    assert "2026-05-06 18:00" in html


@pytest.mark.parametrize("who", ["officer_a", "head_a"])
def test_agency_staff_cannot_change_certificate_status(who, world, request):
    user = request.getfixturevalue(who)
    officer = world["officer"].a
    before = status_state(officer)
    client = client_for(user)
    assert "变更状态" not in client.get(detail_url("officer", officer.pk)).content.decode()
    response = client.post(status_url(officer), {"to_status": "suspended", "reason": "试图暂扣"})
    assert response.status_code == 403
    assert "只有法制机构可以变更执法证状态" in response.content.decode()
    assert status_state(officer) == before


def test_status_change_without_reason_is_refused_and_shown(world, supervisor):
    officer = world["officer"].a
    before = status_state(officer)
    response = client_for(supervisor).post(status_url(officer), {"to_status": "suspended", "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    # The refusal is shown in the page language: Chinese by default, English on an English page.
    assert "请填写变更原因。" in html
    assert "Give the reason for the change." not in html
    english = client_for(supervisor)
    english.cookies["django_language"] = "en"
    response = english.post(status_url(officer), {"to_status": "suspended", "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the reason for the change." in html
    assert "请填写变更原因。" not in html
    assert status_state(officer) == before


def test_unlawful_status_move_is_refused(world, supervisor):
    officer = world["officer"].a
    Officer.objects.filter(pk=officer.pk).update(status="revoked")
    before = status_state(officer)
    response = client_for(supervisor).post(status_url(officer), {"to_status": "active", "reason": "恢复"})
    assert response.status_code == 400
    assert "执法证不能由“注销（吊销）”变更为该状态" in response.content.decode()
    assert status_state(officer) == before


def test_status_post_for_another_agencys_officer_is_404(world, officer_b):
    officer = world["officer"].a
    before = status_state(officer)
    assert client_for(officer_b).post(status_url(officer), {"to_status": "suspended", "reason": "x"}).status_code == 404
    assert status_state(officer) == before


# --- create / edit forms --------------------------------------------------------------------


def counts() -> tuple[int, int, int, int]:
    return Unit.objects.count(), Post.objects.count(), Officer.objects.count(), AuditEvent.objects.count()


def test_head_creates_a_unit_through_the_action(world, head_a):
    before = counts()
    response = client_for(head_a).post(reverse("registry:unit-new"),
                                       {"agency": world["agency"].a.pk, "name": "法制科", "duties": "法制审核"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="法制科")
    assert unit.agency == world["agency"].a
    assert response["Location"] == detail_url("unit", unit.pk)
    assert counts() == (before[0] + 1, before[1], before[2], before[3] + 1)
    assert AuditEvent.objects.order_by("-pk").first().action == "unit.create"


def test_officer_cannot_create_a_unit(world, officer_a):
    before = counts()
    client = client_for(officer_a)
    assert client.get(reverse("registry:unit-new")).status_code == 403
    response = client.post(reverse("registry:unit-new"),
                           {"agency": world["agency"].a.pk, "name": "法制科", "duties": ""})
    assert response.status_code == 403
    assert "您无权执行此操作。" in response.content.decode()
    assert counts() == before


def test_head_cannot_create_in_another_agency(world, head_a):
    before = counts()
    response = client_for(head_a).post(reverse("registry:post-new"), {
        "agency": world["agency"].b.pk, "name": "越权岗位", "duties": "无", "headcount": 1})
    assert response.status_code == 400
    assert counts() == before


def test_head_edits_own_officer_and_the_audit_has_the_true_before(world, head_a):
    officer = world["officer"].a
    client = client_for(head_a)
    form = client.get(reverse("registry:officer-edit", args=[officer.pk]))
    assert form.status_code == 200
    assert officer.resident_id in form.content.decode()
    data = {
        "agency": officer.agency_id, "name": "王建国", "resident_id": officer.resident_id,
        "certificate_no": officer.certificate_no, "issuing_authority": officer.issuing_authority,
        "area": officer.area, "field": "食品安全", "valid_from": "2024-01-01", "valid_until": "2028-12-31",
    }
    response = client.post(reverse("registry:officer-edit", args=[officer.pk]), data)
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.field == "食品安全"
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "officer.update"
    assert event.before["field"] == "市场监管"
    assert event.after["field"] == "食品安全"


def test_officer_cannot_edit_own_agencys_unit(world, officer_a):
    unit = world["unit"].a
    before = counts()
    client = client_for(officer_a)
    url = reverse("registry:unit-edit", args=[unit.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"agency": unit.agency_id, "name": "改名科", "duties": ""})
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "稽查科"
    assert counts() == before


def test_editing_another_agencys_record_is_404(world, head_a):
    unit = world["unit"].b
    before = counts()
    client = client_for(head_a)
    url = reverse("registry:unit-edit", args=[unit.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"agency": world["agency"].a.pk, "name": "改名", "duties": ""}).status_code == 404
    unit.refresh_from_db()
    assert unit.name == "城东中队"
    assert unit.agency == world["agency"].b
    assert counts() == before


def test_invalid_officer_is_refused_with_the_reason(world, head_a):
    before = counts()
    response = client_for(head_a).post(reverse("registry:officer-new"), {
        "agency": world["agency"].a.pk, "name": "赵六", "resident_id": "330726198001010012",
        "certificate_no": "浙C330726999", "issuing_authority": "浙江省人民政府", "area": "浦江县",
        "valid_from": "2024-01-01", "valid_until": "2023-01-01",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "GB 11643" in html
    assert counts() == before


def test_post_with_unit_of_the_wrong_agency_is_refused(world, supervisor):
    before = counts()
    response = client_for(supervisor).post(reverse("registry:post-new"), {
        "agency": world["agency"].a.pk, "unit": world["unit"].b.pk, "name": "错配岗位",
        "duties": "无", "headcount": 1})
    assert response.status_code == 400
    assert "内设机构不属于该执法主体" in response.content.decode()
    assert counts() == before


# --- deadline calculator --------------------------------------------------------------------


def deadline(user: Any, **params: Any) -> tuple[int, str]:
    response = client_for(user).get(reverse("deadline"), params)
    return response.status_code, response.content.decode()


def test_seven_working_days_over_national_day(officer_a):
    status, html = deadline(officer_a, start="2026-09-29", count=7, unit="working")
    assert status == 200
    assert 'data-testid="due-date">2026-10-14<' in html
    assert "暂定" not in html
    assert 'data-testid="calendar-version">' in html


def test_rule_result_shows_the_citation(officer_a):
    status, html = deadline(officer_a, start="2026-09-29", rule="APL_PRESERVATION")
    assert status == 200
    assert 'data-testid="due-date">2026-10-14<' in html
    assert "《行政处罚法》第五十六条、第八十五条" in html


def test_unpublished_year_is_provisional(officer_a):
    assert not CalendarYear.objects.filter(year=2027).exists(), "2027 is loaded; pick a later year"
    status, html = deadline(officer_a, start="2027-03-01", count=10, unit="working")
    assert status == 200
    assert "暂定：该年度节假日安排尚未发布" in html
    assert 'data-testid="due-date">2027-03-15<' in html


def test_calendar_days_are_never_provisional(officer_a):
    _status, html = deadline(officer_a, start="2027-03-01", count=15, unit="calendar")
    assert 'data-testid="due-date">2027-03-16<' in html
    assert "暂定" not in html


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2026-02-30", "count": "3", "unit": "working"}, "有效的日期"),
    ({"start": "", "count": "3", "unit": "working"}, "这个字段是必填项"),
    ({"start": "2026-01-05"}, "请选择法定时限规则，或填写天数和计算方式"),
    ({"start": "2026-01-05", "rule": "APL_PRESERVATION", "count": "3", "unit": "working"}, "二选一"),
    ({"start": "2026-01-05", "count": "3"}, "天数和计算方式都要填写"),
    ({"start": "2026-01-05", "count": "-1", "unit": "working"}, "大于或等于0"),
    ({"start": "2026-01-05", "count": "abc", "unit": "working"}, "输入整数"),
    ({"start": "2026-01-05", "rule": "NO_SUCH_RULE"}, "选择一个有效的选项"),
    ({"start": "2010-01-05", "rule": "APL_PRESERVATION"}, "该规则在起算日尚未施行或已失效"),
    ({"start": "9999-12-30", "count": "5", "unit": "calendar"}, "不在合理范围内"),
])
def test_bad_calculator_input_gets_a_message(params, message, officer_a):
    status, html = deadline(officer_a, **params)
    assert status == 400
    assert message in html
    assert 'data-testid="due-date"' not in html


def test_rule_link_preselects_without_errors(officer_a):
    status, html = deadline(officer_a, rule="APL_PRESERVATION")
    assert status == 200
    assert '<option value="APL_PRESERVATION" selected>' in html
    assert "errorlist" not in html
