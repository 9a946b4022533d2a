"""Registry API: scoping, isolation (404 for "not yours" as for "missing"), writes through actions."""

import json

import pytest

from tests.conftest import client_for
from yifa.audit.models import AuditEvent
from yifa.registry.models import Officer, Post, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a, agency_b, officer_record_a, officer_record_b):
    from yifa.law.models import Law, PowerItem, Provision

    law = Law.objects.create(name="中华人民共和国食品安全法", kind="law", issuer="全国人民代表大会常务委员会")
    prov = Provision.objects.create(law=law, article=122, label="第一百二十二条")
    unit_a = Unit.objects.create(agency=agency_a, name="食品安全监管科")
    unit_b = Unit.objects.create(agency=agency_b, name="执法一中队")
    post_a = Post.objects.create(agency=agency_a, unit=unit_a, name="食品安全执法岗", duties="食品生产经营检查与查处")
    post_b = Post.objects.create(agency=agency_b, unit=unit_b, name="市容执法岗", duties="市容环境卫生执法")
    power_a = PowerItem.objects.create(code="A-CF-1", name="对未取得许可从事食品生产经营的处罚", category="penalty",
                                       agency=agency_a, procedure="penalty_ordinary", penalty_types=["fine"])
    power_a.penalty_provisions.set([prov])
    power_b = PowerItem.objects.create(code="B-CF-1", name="对乱设摊点的处罚", category="penalty",
                                       agency=agency_b, procedure="penalty_ordinary")
    return {
        "agencies": (agency_a, agency_b), "units": (unit_a, unit_b), "posts": (post_a, post_b),
        "officers": (officer_record_a, officer_record_b), "power-items": (power_a, power_b),
    }


SCOPED = ["agencies", "units", "posts", "officers", "power-items"]


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("path", SCOPED)
def test_agency_staff_list_only_their_own(path, world, officer_a, officer_b):
    mine, theirs = world[path]
    assert ids(client_for(officer_a).get(f"/api/registry/{path}")) == {mine.pk}
    assert ids(client_for(officer_b).get(f"/api/registry/{path}")) == {theirs.pk}


@pytest.mark.parametrize("path", SCOPED)
def test_not_yours_is_the_same_404_as_missing(path, world, officer_b):
    mine, _ = world[path]
    c = client_for(officer_b)
    not_yours = c.get(f"/api/registry/{path}/{mine.pk}")
    missing = c.get(f"/api/registry/{path}/999999")
    assert not_yours.status_code == missing.status_code == 404
    assert not_yours.json() == missing.json()


@pytest.mark.parametrize("path", SCOPED)
def test_supervisor_sees_the_county(path, world, supervisor):
    assert ids(client_for(supervisor).get(f"/api/registry/{path}")) == {o.pk for o in world[path]}


def test_supervisor_of_another_county_sees_nothing_here(world, other_county):
    from tests.conftest import make_user

    outsider = make_user("sup_other", "supervisor", region=other_county)
    assert ids(client_for(outsider).get("/api/registry/officers")) == set()


@pytest.mark.parametrize("path", [*SCOPED, "laws", "regions", "deadline-rules"])
def test_public_and_anonymous_are_refused(path, world, citizen):
    assert client_for(citizen).get(f"/api/registry/{path}").status_code == 403
    assert client_for(None).get(f"/api/registry/{path}").status_code == 401


@pytest.mark.parametrize(
    ("path", "change"),
    [("units", {"name": "改名"}), ("posts", {"duties": "改写"}), ("officers", {"area": "别处"}),
     ("power-items", {"name": "改名"})],
)
def test_outsider_cannot_change_and_nothing_changes(path, change, world, officer_b, officer_a):
    target, _ = world[path]
    before_row = type(target).objects.filter(pk=target.pk).values().get()
    events = AuditEvent.objects.count()
    for user, status in ((officer_b, 404), (officer_a, 403)):  # other agency: hidden; own plain officer: refused
        r = client_for(user).patch(f"/api/registry/{path}/{target.pk}", json.dumps(change),
                                   content_type="application/json")
        assert r.status_code == status, r.content
    assert type(target).objects.filter(pk=target.pk).values().get() == before_row
    assert AuditEvent.objects.count() == events


def test_head_changes_own_record_with_audit(world, head_a):
    unit_a, _ = world["units"]
    r = client_for(head_a).patch(f"/api/registry/units/{unit_a.pk}", json.dumps({"duties": "食品安全日常监管"}),
                                 content_type="application/json")
    assert r.status_code == 200
    assert r.json()["duties"] == "食品安全日常监管"
    ev = AuditEvent.objects.get(action="unit.update")
    assert ev.after["duties"] == "食品安全日常监管"
    assert ev.actor_id == head_a.pk


def test_head_cannot_create_in_another_agency(world, head_a, agency_b):
    r = client_for(head_a).post("/api/registry/units", {"agency_id": agency_b.pk, "name": "渗透科"},
                                content_type="application/json")
    # An agency the head cannot see is refused exactly like a missing one (it is not told it exists).
    missing = client_for(head_a).post("/api/registry/units", {"agency_id": 999999, "name": "渗透科"},
                                      content_type="application/json")
    assert r.status_code == missing.status_code == 400
    assert r.json() == missing.json()
    assert not Unit.objects.filter(name="渗透科").exists()


OFFICER = {"name": "赵六", "certificate_no": "浙C330726009", "issuing_authority": "浙江省人民政府",
           "area": "浦江县", "field": "市场监管", "valid_from": "2025-01-01", "valid_until": "2029-12-31",
           "is_legal_reviewer": False, "unit_id": None, "post_id": None}


def test_bad_resident_id_is_refused_in_both_languages(world, head_a, agency_a):
    events = AuditEvent.objects.count()
    r = client_for(head_a).post("/api/registry/officers", {**OFFICER, "agency_id": agency_a.pk,
                                "resident_id": "330726199001010010"}, content_type="application/json")
    assert r.status_code == 400
    body = r.json()
    assert body["field"] == "resident_id"
    assert "校验码" in body["message"]
    assert "GB 11643" in body["message_en"]
    assert not Officer.objects.filter(name="赵六").exists()
    assert AuditEvent.objects.count() == events


def test_created_officer_is_audited(world, head_a, agency_a):
    r = client_for(head_a).post("/api/registry/officers", {**OFFICER, "agency_id": agency_a.pk,
                                "resident_id": "330726199001010016"}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert AuditEvent.objects.filter(action="officer.create", object_id=str(r.json()["id"])).count() == 1


def test_malformed_input_gets_a_message(world, head_a):
    r = client_for(head_a).post("/api/registry/units", {"agency_id": "abc"}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["message"].startswith("输入有误")


def test_resident_id_masked_for_officers_full_for_head(world, officer_a, head_a):
    mine, _ = world["officers"]
    seen = client_for(officer_a).get(f"/api/registry/officers/{mine.pk}").json()["resident_id"]
    assert seen == "330***********0011"
    assert client_for(head_a).get(f"/api/registry/officers/{mine.pk}").json()["resident_id"] == mine.resident_id


def test_search_filter_and_pagination(world, supervisor):
    c = client_for(supervisor)
    assert ids(c.get("/api/registry/officers", {"q": "王建国"})) == {world["officers"][0].pk}
    assert ids(c.get("/api/registry/power-items", {"agency": world["agencies"][1].pk})) == {world["power-items"][1].pk}
    body = c.get("/api/registry/officers", {"page": 1}).json()
    assert body["count"] == 2


def test_certificate_status_change(world, supervisor, head_a):
    officer, _ = world["officers"]
    url = f"/api/registry/officers/{officer.pk}/status"
    payload = {"to_status": "suspended", "reason": "未通过年度考试"}
    refused = client_for(head_a).post(url, payload, content_type="application/json")
    assert refused.status_code == 403
    officer.refresh_from_db()
    assert officer.status == "active"
    assert not officer.status_history.exists()
    done = client_for(supervisor).post(url, payload, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "suspended"
    assert officer.status_history.get().reason == "未通过年度考试"
    again = client_for(supervisor).post(url, {"to_status": "expired", "reason": "x"}, content_type="application/json")
    assert again.status_code == 400
    assert "不能由" in again.json()["message"]


def test_deadline_endpoint(world, officer_a):
    c = client_for(officer_a)
    r = c.get("/api/calendar/deadline", {"start": "2026-09-29", "days": 7, "unit": "working"})
    assert r.json()["due"] == "2026-10-14"
    assert r.json()["provisional"] is False
    r = c.get("/api/calendar/deadline", {"start": "2026-09-29", "rule": "APL_DECISION"})
    assert r.json()["due"] == "2026-12-28"
    assert "第六十条" in r.json()["citation"]


def test_openapi_docs_are_served_locally(world, officer_a):
    c = client_for(officer_a)
    assert c.get("/api/openapi.json").status_code == 200
    page = c.get("/api/docs").content.decode()
    assert "swagger" in page.lower()
    assert "https://" not in page
