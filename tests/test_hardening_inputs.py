"""Dates, text and numbers within reason (issue 8, item 3): every out-of-reason input is a 4xx with a
message in Chinese and English, and changes nothing."""


from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import client_for, make_user
from tests.helpers import assert_unchanged
from tests.test_cases_api import lead
from tests.test_cases_web import lead_post
from tests.test_inspections_api import record_body

pytestmark = pytest.mark.django_db


def post_json(user: Any, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(path, data=json.dumps(body), content_type="application/json")


def refused(response: Any, status: tuple[int, ...] = (400, 422)) -> dict[str, Any]:
    assert response.status_code in status, (response.status_code, response.content.decode()[:500])
    body = response.json()
    assert body["message"]
    assert body["message_en"]
    assert body["message"] != body["message_en"]
    return body


# --- dates of facts -----------------------------------------------------------------------------

PERSON = {"party_kind": "individual", "party_name": "张三", "party_code": ""}
BAD_LEAD_DATES = [
    ({"registered_on": "9999-12-31"}, "registered_on"),
    ({"act_ended_on": "0001-01-01"}, "act_ended_on"),
    ({"discovered_on": "9999-12-31", "registered_on": "9999-12-31"}, "discovered_on"),
    (PERSON | {"party_birth_date": "9999-12-31"}, "party_birth_date"),
    (PERSON | {"party_birth_date": "1800-01-01"}, "party_birth_date"),
]


def test_a_person_with_a_plausible_birth_date_is_registered(penalty_power, officer_a):
    response = post_json(officer_a, "/api/cases", lead(penalty_power.pk) | PERSON | {"party_birth_date": "1990-01-01"})
    assert response.status_code == 201, response.content.decode()


@pytest.mark.parametrize(("bad", "field"), BAD_LEAD_DATES)
def test_case_registration_api_refuses_dates_out_of_reason(bad, field, penalty_power, officer_a):
    with assert_unchanged():
        body = refused(post_json(officer_a, "/api/cases", lead(penalty_power.pk) | bad))
    assert body["field"] == field


@pytest.mark.parametrize(("bad", "field"), BAD_LEAD_DATES)
def test_case_registration_page_refuses_dates_out_of_reason(bad, field, penalty_power, officer_a):
    with assert_unchanged():
        response = client_for(officer_a).post(reverse("cases:new"), lead_post(penalty_power) | bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert any(says in html for says in ("晚于今天", "不在合理范围内", "不是合理的出生日期")), field


def test_inspection_on_a_day_without_legal_parameters_names_the_missing_parameter(penalty_power, crew_a, officer_a):
    with assert_unchanged():
        body = refused(post_json(officer_a, "/api/inspections", record_body(penalty_power, crew_a,
                                                                            inspected_on="2000-01-01")))
    assert "MIN_INVESTIGATORS" in body["message"]
    assert "MIN_INVESTIGATORS" in body["message_en"]
    assert "2000-01-01" in body["message"]


def test_a_missing_parameter_is_a_refusal_naming_it(db):
    import datetime as dt

    from yifa.lib.errors import ActionError
    from yifa.workcal.parameters import UnknownParameter, parameter_on

    with pytest.raises(UnknownParameter) as missing:
        parameter_on("NO_SUCH_PARAMETER", dt.date(2026, 1, 1))
    assert isinstance(missing.value, ActionError)
    assert "NO_SUCH_PARAMETER" in missing.value.zh
    assert "NO_SUCH_PARAMETER" in missing.value.en


def test_an_inspection_page_on_a_day_without_legal_parameters(penalty_power, crew_a, officer_a):
    from tests.test_inspections_web import inspection_post

    with assert_unchanged():
        response = client_for(officer_a).post(reverse("inspections:new"),
                                              inspection_post(penalty_power, crew_a) | {"inspected_on": "2000-01-01"})
    assert response.status_code == 400
    assert "MIN_INVESTIGATORS" in response.content.decode()


# --- the calculator ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "start=9999-12-31&days=10", "start=9999-12-31&rule=APL_DECISION", "start=0001-01-01&days=10",
    "start=2026-01-01&days=99999999999", "start=2026-01-01&days=3000000&unit=calendar",
])
def test_calculator_api_refuses_dates_out_of_range(query, officer_a):
    with assert_unchanged():
        refused(client_for(officer_a).get(f"/api/calendar/deadline?{query}"))


@pytest.mark.parametrize("query", ["start=9999-12-31&days=10", "start=2026-01-01&days=99999999999"])
def test_calculator_page_refuses_dates_out_of_range(query, officer_a):
    response = client_for(officer_a).get(f"{reverse('deadline')}?{query}")
    assert response.status_code in (200, 400)


# --- text ----------------------------------------------------------------------------------------

BAD_TEXT = ["某案\ud800", "某案\x00", "某案\x1b[31m", "某案\x07"]


@pytest.mark.parametrize("text", BAD_TEXT)
def test_case_api_refuses_control_characters_and_lone_surrogates(text, penalty_power, officer_a):
    raw = json.dumps(lead(penalty_power.pk) | {"title": text, "party_name": "浦江县某某食品店"})
    with assert_unchanged():
        refused(client_for(officer_a).post("/api/cases", data=raw, content_type="application/json"))


@pytest.mark.parametrize("text", BAD_TEXT)
def test_party_name_with_control_characters_is_refused(text, penalty_power, officer_a):
    with assert_unchanged():
        refused(post_json(officer_a, "/api/cases", lead(penalty_power.pk) | {"party_name": text}))


@pytest.mark.parametrize("text", ["某案\x00", "某案\x1b", "某案\x07"])
def test_case_page_refuses_control_characters(text, penalty_power, officer_a):
    with assert_unchanged():
        response = client_for(officer_a).post(reverse("cases:new"), lead_post(penalty_power) | {"title": text})
    assert response.status_code == 400


def test_multiline_text_keeps_tabs_and_newlines(penalty_power, officer_a):
    response = post_json(officer_a, "/api/cases", lead(penalty_power.pk) | {"title": "某案\t第一行"})
    assert response.status_code == 201, response.content.decode()


# --- pages ---------------------------------------------------------------------------------------

LISTS = ["regions", "agencies", "units", "posts", "officers", "laws", "provisions", "provision-versions",
         "power-items", "deadline-rules", "legal-parameters"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", ["1283638598775833856", "-1", "0", "abc"])
def test_registry_api_lists_with_a_page_out_of_range(path, page, officer_a):
    response = client_for(officer_a).get(f"/api/registry/{path}?page={page}")
    assert response.status_code in (200, 400, 422), response.content.decode()[:300]
    if response.status_code == 200:
        assert response.json()["items"] == []


@pytest.mark.parametrize("path", ["agencies", "units", "posts", "officers", "power-items"])
@pytest.mark.parametrize("param", ["agency", "unit", "region", "parent", "law", "provision"])
def test_registry_api_filters_with_a_non_numeric_id(path, param, officer_a):
    response = client_for(officer_a).get(f"/api/registry/{path}?{param}=abc")
    assert response.status_code in (200, 400, 422), response.content.decode()[:300]


@pytest.mark.parametrize("name", ["cases:mine", "cases:all", "inspections:list", "licensing:list",
                                  "coercion:list", "registry:officer-list", "registry:agency-list"])
@pytest.mark.parametrize("page", ["1283638598775833856", "-1", "abc", "99999"])
def test_web_lists_with_a_page_out_of_range(name, page, officer_a, head_a):
    response = client_for(head_a).get(f"{reverse(name)}?page={page}")
    assert response.status_code in (200, 400, 404), response.status_code


# --- records that name other records -----------------------------------------------------------


@pytest.fixture
def sysadmin(db):
    return make_user("root", "sysadmin")


NEW_RECORDS = {
    "units": {"name": "新科室"},
    "posts": {"name": "新岗位", "duties": "检查"},
    "officers": {"name": "赵某", "resident_id": "330726198001010011", "certificate_no": "浙C330726999",
                 "issuing_authority": "浙江省人民政府", "area": "浦江县", "field": "市场监管",
                 "valid_from": "2024-01-01", "valid_until": "2028-12-31"},
    "power-items": {"code": "X-1", "name": "新事项", "category": "penalty", "procedure": "penalty_ordinary",
                    "violated_provisions": [], "penalty_provisions": []},
}


@pytest.mark.parametrize("path", list(NEW_RECORDS))
def test_registry_create_for_a_missing_agency(path, sysadmin, supervisor, agency_a, agency_b):
    for user in (sysadmin, supervisor):
        with assert_unchanged():
            body = refused(post_json(user, f"/api/registry/{path}", NEW_RECORDS[path] | {"agency_id": 999}))
        assert body["field"] == "agency_id"


@pytest.mark.parametrize("path", list(NEW_RECORDS))
def test_registry_create_for_an_agency_not_seen_looks_like_a_missing_one(path, agency_a, agency_b):
    admin = make_user("admin_a", "agency_admin", agency=agency_a)
    with assert_unchanged():
        hidden = refused(post_json(admin, f"/api/registry/{path}", NEW_RECORDS[path] | {"agency_id": agency_b.pk}),
                         (400, 403, 404, 422))
        missing = refused(post_json(admin, f"/api/registry/{path}", NEW_RECORDS[path] | {"agency_id": 999}),
                          (400, 403, 404, 422))
    assert hidden == missing


def test_registry_create_naming_a_missing_provision(sysadmin, agency_a):
    body = NEW_RECORDS["power-items"] | {"agency_id": agency_a.pk, "penalty_provisions": [999]}
    with assert_unchanged():
        assert refused(post_json(sysadmin, "/api/registry/power-items", body))["field"] == "penalty_provisions"


def test_registry_create_naming_a_unit_of_another_agency(agency_a, agency_b):
    admin = make_user("admin_a", "agency_admin", agency=agency_a)
    other = post_json(make_user("root", "sysadmin"), "/api/registry/units", {"name": "执法一中队", "agency_id": agency_b.pk})
    body = NEW_RECORDS["posts"] | {"agency_id": agency_a.pk}
    with assert_unchanged():
        hidden = refused(post_json(admin, "/api/registry/posts", body | {"unit_id": other.json()["id"]}))
        missing = refused(post_json(admin, "/api/registry/posts", body | {"unit_id": 999}))
    assert hidden == missing
    assert hidden["field"] == "unit_id"


@pytest.mark.parametrize("path", ["/api/cases", "/api/cases/mine", "/api/inspections", "/api/coercion",
                                  "/api/licensing", "/api/licensing/licences"])
@pytest.mark.parametrize("query", ["page=1283638598775833856", "page=-5", "q=%00", "q=%ED%A0%80", "status=%00"])
def test_procedure_api_lists_with_queries_out_of_reason(path, query, officer_a):
    response = client_for(officer_a).get(f"{path}?{query}")
    assert response.status_code in (200, 400, 404, 422), response.content.decode()[:300]


@pytest.mark.parametrize("url", ["/api/cases?q=%00", "/api/registry/officers?q=%00", "/api/inspections?q=a%1bb",
                                 "/cases/all/?status=%07", "/registry/officers/?q=%00"])
def test_query_strings_with_control_characters_are_refused(url, head_a):
    with assert_unchanged():
        response = client_for(head_a).get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        body = refused(response)
        text = body["message"] + body["message_en"]
    else:
        text = response.content.decode()
    assert "控制字符" in text
    assert "control character" in text


@pytest.mark.parametrize("url", ["/api/cases/99999999999999999999", "/api/registry/units/99999999999999999999",
                                 "/api/inspections/99999999999999999999", "/api/coercion/99999999999999999999",
                                 "/api/licensing/99999999999999999999", "/cases/99999999999999999999/",
                                 "/registry/units/99999999999999999999/", "/inspections/99999999999999999999/",
                                 "/cases/" + "9" * 5000 + "/"])
def test_ids_too_large_for_the_database_are_not_found(url, head_a):
    assert client_for(head_a).get(url).status_code == 404
