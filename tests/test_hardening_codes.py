"""Identity codes and phones are right and canonical (issue 8, item 2).

Party codes on cases, inspections and licence applications: a resident ID (GB 11643) for a
person, a credit code (GB 32100) for an organisation, checked by their check characters; full-width
forms, spaces and hyphens normalised; masked values refused; phones stored in one form. Every
entry path is tried: the web form, the API, and the action called directly (the action is the
guard). Each refusal changes nothing; each acceptance stores the canonical value.
"""
# ruff: noqa: F811, RUF001, RUF002  (fixtures shared by import; full-width characters are the point here)

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged
from tests.test_cases_web import lead_post
from tests.test_inspections_web import inspection, inspection_post, register_post  # noqa: F401
from tests.test_licensing import on
from tests.test_licensing_web import power_a  # noqa: F401
from yifa.cases import actions as case_actions
from yifa.cases import simple
from yifa.cases.models import Case
from yifa.inspections.actions import record_inspection
from yifa.inspections.models import Inspection
from yifa.lib.errors import ActionError
from yifa.lib.idcodes import (
    canonical_party_code,
    canonical_phone,
    canonical_resident_id,
    canonical_uscc,
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
)
from yifa.licensing import actions as licensing_actions
from yifa.licensing.models import Licence, LicenceApplication
from yifa.registry.actions import create_record
from yifa.registry.models import Officer

D = dt.date

PERSON_BODY = "33072619800101001"
PERSON = PERSON_BODY + resident_id_check_char(PERSON_BODY)  # 330726198001010011
PERSON_X_BODY = "11010519491231002"
PERSON_X = PERSON_X_BODY + resident_id_check_char(PERSON_X_BODY)  # ends in X
ORG = "92330726MA2ABCDE1" + uscc_check_char("92330726MA2ABCDE1")


def full_width(text: str) -> str:
    """What a Chinese input method in full-width mode types: １２３Ｘ."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- the canonicaliser -------------------------------------------------------------------------


def test_the_fixture_codes_are_what_they_claim():
    assert PERSON_X.endswith("X")
    assert resident_id_problem(PERSON) is None
    assert resident_id_problem(PERSON_X) is None


@pytest.mark.parametrize(("typed", "stored"), [
    (PERSON_X, PERSON_X),
    (PERSON_X.lower(), PERSON_X),
    (full_width(PERSON_X), PERSON_X),
    (full_width(PERSON_X.lower()), PERSON_X),
    (f" {PERSON[:6]} {PERSON[6:14]} {PERSON[14:]} ", PERSON),
    (f"{PERSON[:6]}-{PERSON[6:14]}-{PERSON[14:]}", PERSON),
    # the first-generation 15-digit number: century 19 and the check character added (GB 11643)
    ("330726800101001", PERSON),
    (full_width("330726800101001"), PERSON),
])
def test_resident_ids_are_stored_in_one_form(typed, stored):
    assert canonical_resident_id(typed) == stored
    assert canonical_party_code("individual", typed) == stored


@pytest.mark.parametrize(("typed", "zh", "en"), [
    ("330726199001011234", "校验码错误", "check character is wrong"),
    (full_width("330726199001011234"), "校验码错误", "check character is wrong"),
    ("330***********1234", "脱敏", "masked"),
    ("330＊＊＊＊＊＊＊＊＊＊＊1234", "脱敏", "masked"),
    ("330726😀0101001", "18位", "18 characters"),
    ("ABC", "18位", "18 characters"),
    ("11010519491331002X", "出生日期", "date of birth"),
    ("330726801301001", "出生日期", "date of birth"),  # 15 digits, month 13
    ("33072619800101001١", "18位", "18 characters"),  # an Arabic-Indic digit is not a digit of a code
])
def test_bad_resident_ids_are_refused_in_both_languages(typed, zh, en):
    with pytest.raises(ActionError) as refused:
        canonical_party_code("individual", typed, field="party_code")
    assert zh in refused.value.zh
    assert en in refused.value.en
    assert refused.value.field == "party_code"


def test_credit_codes():
    assert canonical_uscc("91350100M000100Y43") == "91350100M000100Y43"
    assert canonical_uscc(full_width("91350100m000100y43")) == "91350100M000100Y43"
    assert canonical_party_code("organisation", "9135 0100 M000 100Y 43") == "91350100M000100Y43"
    for bad, reason in (("91350100M000100Y44", "校验码"), ("91350100M000100YI3", "18位"),
                        ("913***********0Y43", "脱敏"), ("ABC", "18位")):
        with pytest.raises(ActionError, match=reason):
            canonical_uscc(bad)


def test_the_code_must_fit_the_party_kind():
    with pytest.raises(ActionError, match="统一社会信用代码"):
        canonical_party_code("organisation", PERSON)
    with pytest.raises(ActionError, match="身份证号码"):
        canonical_party_code("individual", ORG)
    # no kind (an inspection names whoever it found): either valid code, nothing else
    assert canonical_party_code(None, full_width(ORG)) == ORG
    assert canonical_party_code(None, "330726800101001") == PERSON
    with pytest.raises(ActionError, match="统一社会信用代码或身份证号码"):
        canonical_party_code(None, "330726199001011234")
    assert canonical_party_code("individual", "  ") == ""


@pytest.mark.parametrize(("typed", "stored"), [
    ("13905791234", "13905791234"),
    ("139 0579 1234", "13905791234"),
    ("139-0579-1234", "13905791234"),
    ("+86 139 0579 1234", "13905791234"),
    ("0086-13905791234", "13905791234"),
    (full_width("13905791234"), "13905791234"),
    ("0579-84123456", "0579-84123456"),
    ("057984123456", "0579-84123456"),
    ("(0579) 8412 3456", "0579-84123456"),
    ("（０５７９）８４１２３４５６", "0579-84123456"),
    ("+86 579 84123456", "0579-84123456"),
    ("010-12345678", "010-12345678"),
    ("02112345678", "021-12345678"),
    ("0579-84123456转801", "0579-84123456转801"),
    ("400-123-4567", "4001234567"),
    ("", ""),
])
def test_phones_are_stored_in_one_form(typed, stored):
    assert canonical_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "84123456", "139****1234", "1390579123", "139057912345", "ABC",
                                   "📞13905791234", "23905791234"])
def test_bad_phones_are_refused(typed):
    with pytest.raises(ActionError) as refused:
        canonical_phone(typed, field="party_phone")
    assert refused.value.zh
    assert refused.value.en
    assert refused.value.field == "party_phone"


# --- cases -------------------------------------------------------------------------------------

BAD_CODES = [
    ("organisation", full_width("330726199001011234")),
    ("individual", "330726199001011234"),
    ("individual", "330***********1234"),
    ("individual", "😀"),
    ("individual", "ABC"),
    ("organisation", "92330726MA2ABCDE1X"),
    ("organisation", PERSON),
]


@pytest.mark.django_db
def test_case_action_refuses_bad_codes_and_phones(agency_a, penalty_power, officer_a):
    for kind, code in BAD_CODES:
        with assert_unchanged(), pytest.raises(ActionError) as refused:
            case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                                       **(CASE_FIELDS | {"party_kind": kind, "party_code": code}))
        assert refused.value.field == "party_code"
    with assert_unchanged(), pytest.raises(ActionError) as refused:
        case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                                   **(CASE_FIELDS | {"party_phone": "139****1234"}))
    assert refused.value.field == "party_phone"


@pytest.mark.django_db
def test_case_action_stores_the_canonical_form(agency_a, penalty_power, officer_a):
    case = case_actions.register_case(
        agency=agency_a, power=penalty_power, acting_user=officer_a,
        **(CASE_FIELDS | {"party_kind": "individual", "party_code": "330726800101001", "party_phone": "+86 139 0579 1234"}))
    case.refresh_from_db()
    assert (case.party_code, case.party_phone) == (PERSON, "13905791234")


@pytest.mark.django_db
def test_on_the_spot_decision_refuses_a_bad_code(agency_a, penalty_power, crew_a, officer_a):
    with assert_unchanged(), pytest.raises(ActionError) as refused:
        simple.decide_on_the_spot(
            agency=agency_a, power=penalty_power, officers=[crew_a["lead"], crew_a["colleague"]],
            decided_on=D(2026, 9, 29), decided_types=["warning"], decided_fine=None, facts="占道经营",
            acting_user=officer_a, party_kind="individual", party_name="王某", party_code="330***********1234")
    assert refused.value.field == "party_code"


@pytest.mark.django_db
def test_case_page_refuses_bad_codes_and_stores_canonical(penalty_power, officer_a):
    client = client_for(officer_a)
    for kind, code in BAD_CODES:
        with assert_unchanged():
            response = client.post(reverse("cases:new"), lead_post(penalty_power) | {"party_kind": kind,
                                                                                      "party_code": code})
        assert response.status_code == 400, code
        assert 'class="errorlist"' in response.content.decode()
    with assert_unchanged():
        response = client.post(reverse("cases:new"), lead_post(penalty_power) | {"party_phone": "8412"})
    assert response.status_code == 400
    assert "联系电话应为11位手机号码" in response.content.decode()
    response = client.post(reverse("cases:new"), lead_post(penalty_power) | {
        "party_kind": "individual", "party_code": full_width(PERSON_X.lower()), "party_phone": "０５７９－８４１２３４５６"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.party_code, case.party_phone) == (PERSON_X, "0579-84123456")


def case_api(user: Any, body: dict[str, Any]) -> Any:
    return client_for(user).post("/api/cases", data=json.dumps(body), content_type="application/json")


def lead_body(power_id: int, **extra: Any) -> dict[str, Any]:
    return {"power_id": power_id, "title": "某食品店未取得食品经营许可经营案", "source": "inspection",
            "registered_on": "2026-09-01", "party_kind": "organisation", "party_name": "浦江县某某食品店",
            "party_code": ORG, "act_ended_on": "2026-08-20", "discovered_on": "2026-08-28"} | extra


@pytest.mark.django_db
def test_case_api_refuses_bad_codes_and_stores_canonical(penalty_power, officer_a):
    for kind, code in BAD_CODES:
        with assert_unchanged():
            response = case_api(officer_a, lead_body(penalty_power.pk, party_kind=kind, party_code=code))
        assert response.status_code == 400, code
        body = response.json()
        assert (body["field"], bool(body["message"]), bool(body["message_en"])) == ("party_code", True, True)
    with assert_unchanged():
        response = case_api(officer_a, lead_body(penalty_power.pk, party_phone="1390579123"))
    assert (response.status_code, response.json()["field"]) == (400, "party_phone")
    response = case_api(officer_a, lead_body(penalty_power.pk, party_code=f" {full_width(ORG).lower()} ",
                                             party_phone="139-0579-1234"))
    assert response.status_code == 201, response.content.decode()
    case = Case.objects.get()
    assert (case.party_code, case.party_phone) == (ORG, "13905791234")


# --- inspections -------------------------------------------------------------------------------

BAD_INSPECTION_CODES = ["330726199001011234", full_width("330***********1234"), "😀", "ABC", "92330726MA2ABCDE1X"]


@pytest.mark.django_db
def test_inspection_action_refuses_bad_codes(agency_a, penalty_power, crew_a, officer_a):
    for code in BAD_INSPECTION_CODES:
        with assert_unchanged(), pytest.raises(ActionError) as refused:
            record_inspection(agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 29),
                              officers=[crew_a["lead"], crew_a["colleague"]], party_name="某店", party_code=code,
                              place="某路1号", findings="过期酸奶", result="suspected", acting_user=officer_a)
        assert refused.value.field == "party_code"


@pytest.mark.django_db
def test_inspection_page_refuses_bad_codes_and_stores_canonical(penalty_power, crew_a, officer_a):
    client = client_for(officer_a)
    for code in BAD_INSPECTION_CODES:
        with assert_unchanged():
            response = client.post(reverse("inspections:new"), inspection_post(penalty_power, crew_a, party_code=code))
        assert response.status_code == 400, code
    response = client.post(reverse("inspections:new"),
                           inspection_post(penalty_power, crew_a, party_code="330726-800101-001"))
    assert response.status_code == 302
    assert Inspection.objects.get().party_code == PERSON


@pytest.mark.django_db
def test_inspection_api_refuses_bad_codes_and_stores_canonical(penalty_power, crew_a, officer_a):
    body = {"power_id": penalty_power.pk, "inspected_on": "2026-09-29",
            "officers": [crew_a["lead"].pk, crew_a["colleague"].pk], "party_name": "浦江县某某食品店",
            "place": "浦江县浦阳街道某某路1号", "findings": "店内销售的酸奶已超过保质期。", "result": "suspected"}
    client = client_for(officer_a)

    def post(code: str) -> Any:
        return client.post("/api/inspections", data=json.dumps(body | {"party_code": code}),
                           content_type="application/json")

    for code in BAD_INSPECTION_CODES:
        with assert_unchanged():
            response = post(code)
        assert (response.status_code, response.json()["field"]) == (400, "party_code"), code
        assert response.json()["message"]
        assert response.json()["message_en"]
    response = post(full_width(ORG))
    assert response.status_code == 201, response.content.decode()
    assert Inspection.objects.get().party_code == ORG


@pytest.mark.django_db
def test_a_case_from_an_inspection_checks_the_kind_and_the_phone(inspection, penalty_power, officer_a):
    client = client_for(officer_a)
    url = reverse("inspections:register_case", args=[inspection.pk])
    # The inspection found an organisation (a credit code): it cannot become a person's case.
    with assert_unchanged():
        response = client.post(url, register_post(penalty_power, party_kind="individual"))
    assert response.status_code == 400
    with assert_unchanged():
        response = client.post(url, register_post(penalty_power, party_phone="139****1234"))
    assert response.status_code == 400
    with assert_unchanged():
        api = client.post(f"/api/inspections/{inspection.pk}/register-case", data=json.dumps({
            "version": 0, "power_id": penalty_power.pk, "party_kind": "organisation", "act_ended_on": "2026-09-29",
            "party_phone": "12345"}), content_type="application/json")
    assert (api.status_code, api.json()["field"]) == (400, "party_phone")
    response = client.post(url, register_post(penalty_power, party_phone="+86 579 8412 3456"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.party_code, case.party_phone) == (ORG, "0579-84123456")


# --- licence applications ----------------------------------------------------------------------

RECEIVED = D(2026, 9, 29)


def application(power: Any, **extra: Any) -> dict[str, Any]:
    return {"applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司", "applicant_code": ORG,
            "applicant_phone": "13905791234", "materials": ["申请书"], "subject": "食品经营许可"} | extra


@pytest.mark.django_db
def test_licensing_action_refuses_bad_codes_and_stores_canonical(power_a, officer_a):
    with on(RECEIVED):
        for kind, code in BAD_CODES:
            with assert_unchanged(), pytest.raises(ActionError) as refused:
                licensing_actions.receive_application(power=power_a, received_on=RECEIVED, acting_user=officer_a,
                                                      **application(power_a, applicant_kind=kind, applicant_code=code))
            assert refused.value.field == "applicant_code"
        with assert_unchanged(), pytest.raises(ActionError):
            licensing_actions.receive_application(power=power_a, received_on=RECEIVED, acting_user=officer_a,
                                                  **application(power_a, applicant_phone="84123456"))
        app = licensing_actions.receive_application(
            power=power_a, received_on=RECEIVED, acting_user=officer_a,
            **application(power_a, applicant_kind="individual", applicant_code=full_width("330726800101001"),
                          applicant_phone="0579 8412 3456"))
    app.refresh_from_db()
    assert (app.applicant_code, app.applicant_phone) == (PERSON, "0579-84123456")


@pytest.mark.django_db
def test_licensing_page_refuses_bad_codes_and_stores_canonical(power_a, officer_a):
    data = {"power": power_a.pk, "applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": ORG, "applicant_phone": "13905791234", "materials": "申请书",
            "received_on": RECEIVED.isoformat()}
    with on(RECEIVED):
        client = client_for(officer_a)
        for kind, code in BAD_CODES:
            with assert_unchanged():
                response = client.post(reverse("licensing:new"), data | {"applicant_kind": kind,
                                                                         "applicant_code": code})
            assert response.status_code == 400, code
        with assert_unchanged():
            response = client.post(reverse("licensing:new"), data | {"applicant_phone": "139****1234"})
        assert response.status_code == 400
        response = client.post(reverse("licensing:new"), data | {"applicant_code": full_width(ORG),
                                                                 "applicant_phone": "+8613905791234"})
    assert response.status_code == 302
    app = LicenceApplication.objects.get()
    assert (app.applicant_code, app.applicant_phone) == (ORG, "13905791234")


@pytest.mark.django_db
def test_licensing_api_refuses_bad_codes_and_stores_canonical(power_a, officer_a):
    body = {"power_id": power_a.pk, "applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": ORG, "materials": ["申请书"], "received_on": RECEIVED.isoformat()}
    with on(RECEIVED):
        client = client_for(officer_a)

        def post(**extra: Any) -> Any:
            return client.post("/api/licensing/applications", data=json.dumps(body | extra),
                               content_type="application/json")

        for kind, code in BAD_CODES:
            with assert_unchanged():
                response = post(applicant_kind=kind, applicant_code=code)
            assert (response.status_code, response.json()["field"]) == (400, "applicant_code"), code
            assert response.json()["message"]
        assert response.json()["message_en"]
        with assert_unchanged():
            response = post(applicant_phone="ABC")
        assert (response.status_code, response.json()["field"]) == (400, "applicant_phone")
        response = post(applicant_kind="individual", applicant_code=PERSON_X.lower(), applicant_phone="010 1234 5678")
    assert response.status_code == 201, response.content.decode()
    app = LicenceApplication.objects.get()
    assert (app.applicant_code, app.applicant_phone) == (PERSON_X, "010-12345678")


# --- the registry and the stored data ------------------------------------------------------------


@pytest.mark.django_db
def test_registry_keeps_codes_canonical(agency_a, supervisor):
    admin = supervisor  # the region's legal office keeps the agencies' officers
    officer = create_record(Officer, {
        "agency": agency_a, "name": "吴敏", "resident_id": full_width("330726800101001"), "certificate_no": "浙C3307269901",
        "issuing_authority": "浙江省人民政府", "area": "浦江县", "valid_from": D(2026, 1, 1), "valid_until": D(2028, 1, 1),
    }, acting_user=admin)
    officer.refresh_from_db()
    assert officer.resident_id == PERSON
    with assert_unchanged(), pytest.raises(ActionError, match="校验码"):
        create_record(Officer, {
            "agency": agency_a, "name": "吴敏", "resident_id": full_width("330726199001011234"),
            "certificate_no": "浙C3307269902", "issuing_authority": "浙江省人民政府", "area": "浦江县",
            "valid_from": D(2026, 1, 1), "valid_until": D(2028, 1, 1)}, acting_user=admin)


@pytest.mark.django_db
def test_the_data_migration_canonicalises_what_it_can_and_leaves_the_rest(inspection, agency_a, penalty_power,
                                                                          officer_a, power_a):
    case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    other = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    with on(RECEIVED):
        app = licensing_actions.receive_application(power=power_a, received_on=RECEIVED, acting_user=officer_a,
                                                    **application(power_a))
    # legacy rows, written before the checks existed
    Case.objects.filter(pk=case.pk).update(party_kind="individual", party_code="330726800101001",
                                           party_phone="＋86 139 0579 1234")
    Case.objects.filter(pk=other.pk).update(party_code="330***********1234", party_phone="12315")
    Inspection.objects.filter(pk=inspection.pk).update(party_code=full_width(ORG.lower()))
    LicenceApplication.objects.filter(pk=app.pk).update(applicant_code=full_width(ORG.lower()),
                                                        applicant_phone="0579 84123456")
    for module in ("yifa.cases.migrations.0004_canonical_party_codes",
                   "yifa.inspections.migrations.0003_canonical_party_codes",
                   "yifa.licensing.migrations.0004_canonical_party_codes"):
        importlib.import_module(module).canonicalise(apps, None)
    assert Case.objects.values_list("party_code", "party_phone").get(pk=case.pk) == (PERSON, "13905791234")
    assert Case.objects.values_list("party_code", "party_phone").get(pk=other.pk) == ("330***********1234", "12315")
    assert Inspection.objects.get(pk=inspection.pk).party_code == ORG
    assert LicenceApplication.objects.values_list("applicant_code", "applicant_phone").get(pk=app.pk) == (
        ORG, "0579-84123456")
    assert not Licence.objects.exists()
