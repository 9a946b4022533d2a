"""Inspection pages over HTTP: record an inspection at the door (phone-first form), find it again,
see it, and register a case from a suspected violation without entering anything twice.
Every refused request also checks that nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from yifa.cases.models import Case
from yifa.inspections.actions import record_inspection
from yifa.inspections.models import Inspection
from yifa.law.models import PowerItem

pytestmark = pytest.mark.django_db
D = dt.date


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def inspection_post(power: PowerItem, crew: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"power": power.pk, "inspected_on": "2026-09-29", "officers": [crew["lead"].pk, crew["colleague"].pk],
            "party_name": "浦江县某某食品店", "party_code": "92330726ma2abcde1b", "place": "浦江县浦阳街道某某路1号",
            "findings": "店内销售的酸奶已超过保质期。", "result": "suspected"} | extra


@pytest.fixture
def inspection(agency_a, penalty_power, crew_a, officer_a) -> Inspection:
    return record_inspection(
        agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
        party_name="浦江县某某食品店", party_code="92330726MA2ABCDE1B", place="浦江县浦阳街道某某路1号",
        findings="店内销售的酸奶已超过保质期。", result="suspected", acting_user=officer_a)


def register_post(power: PowerItem, **extra: Any) -> dict[str, Any]:
    return {"version": 0, "power": power.pk, "title": "某食品店销售过期酸奶案", "party_kind": "organisation",
            "party_address": "浦江县浦阳街道某某路1号", "party_phone": "13905791234", "act_ended_on": "2026-09-29"} | extra


def test_record_find_and_register_a_case(penalty_power, crew_a, officer_a):
    client = client_for(officer_a)
    form = client.get(reverse("inspections:new"))
    html = form.content.decode()
    assert form.status_code == 200
    assert penalty_power.name in html
    assert 'name="viewport"' in html
    assert 'type="date"' in html
    assert re.search(rf'name="officers" value="{crew_a["lead"].pk}"[^>]*checked', html)  # my own certificate, ticked
    response = client.post(reverse("inspections:new"), inspection_post(penalty_power, crew_a))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("inspections:detail", args=[inspection.pk])
    assert (inspection.party_code, inspection.recorded_by, inspection.result) == ("92330726MA2ABCDE1B", officer_a,
                                                                                 "suspected")
    assert {o.name for o in inspection.officers.all()} == {"王建国", "陈晓东"}

    listing = client.get(reverse("inspections:list"), {"q": "酸奶"}).content.decode()
    assert f'data-inspection="{inspection.pk}"' in listing
    nothing = client.get(reverse("inspections:list"), {"q": "不存在的店"}).content.decode()
    assert "data-inspection=" not in nothing
    by_result = client.get(reverse("inspections:list"), {"result": "compliant"}).content.decode()
    assert "data-inspection=" not in by_result

    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "店内销售的酸奶已超过保质期。" in page
    assert 'data-form="register-case"' in page
    assert "陈晓东" in page
    assert "涉嫌违法，移交立案" in page
    response = client.post(reverse("inspections:register_case", args=[inspection.pk]), register_post(penalty_power))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert "已转立案" in client.get(response.url).content.decode()  # the message, on the case page
    inspection.refresh_from_db()
    assert inspection.case == case
    assert (case.source, case.party_name, case.party_code, case.title) == (
        "inspection", "浦江县某某食品店", "92330726MA2ABCDE1B", "某食品店销售过期酸奶案")
    assert case.registered_on == case.discovered_on == D(2026, 9, 29)
    assert "超过保质期" in case.source_detail
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert 'data-testid="case-link"' in page
    assert 'data-form="register-case"' not in page


def test_second_registration_is_refused_and_changes_nothing(inspection, penalty_power, officer_a):
    client = client_for(officer_a)
    url = reverse("inspections:register_case", args=[inspection.pk])
    assert client.post(url, register_post(penalty_power)).status_code == 302
    with assert_unchanged():
        refused = client.post(url, register_post(penalty_power, version=1))
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "当前为“已转立案”，不能转立案" in html
        assert "&#x27;Register a case&#x27; is not possible now" not in html  # one language at a time


def test_compliant_inspection_offers_no_case(agency_a, penalty_power, crew_a, officer_a):
    ok = record_inspection(agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 29),
                           officers=[crew_a["lead"], crew_a["colleague"]], party_name="某超市", place="某路2号",
                           findings="未发现问题。", result="compliant", acting_user=officer_a)
    client = client_for(officer_a)
    assert 'data-form="register-case"' not in client.get(reverse("inspections:detail", args=[ok.pk])).content.decode()
    with assert_unchanged():
        refused = client.post(reverse("inspections:register_case", args=[ok.pk]), register_post(penalty_power))
        assert refused.status_code == 400
        assert "只有“涉嫌违法”的检查记录可以转立案。" in refused.content.decode()


def test_other_agency_gets_404_and_changes_nothing(inspection, penalty_power, officer_b):
    client = client_for(officer_b)
    missing = inspection.pk + 1000
    other = client.get(reverse("inspections:detail", args=[inspection.pk]))
    assert other.status_code == client.get(reverse("inspections:detail", args=[missing])).status_code == 404
    assert "酸奶" not in other.content.decode()
    assert "data-inspection=" not in client.get(reverse("inspections:list")).content.decode()
    with assert_unchanged():
        refused = client.post(reverse("inspections:register_case", args=[inspection.pk]), register_post(penalty_power))
        assert refused.status_code == 404


def test_bad_input_is_refused_in_the_page_language_and_changes_nothing(inspection, penalty_power, crew_a, officer_a,
                                                                    agency_b):
    client = client_for(officer_a)
    power_b = PowerItem.objects.create(code="330726-ZH-JC-0001", name="占道经营检查", category="inspection",
                                       agency=agency_b, procedure="inspection")
    with assert_unchanged():
        one_officer = client.post(reverse("inspections:new"),
                                  inspection_post(penalty_power, crew_a, officers=[crew_a["lead"].pk]))
        assert one_officer.status_code == 400
        html = one_officer.content.decode()
        assert "不得少于2人（行政处罚法第四十二条、第五十五条）" in html
        assert "At least 2 officers" not in html  # one language at a time
        no_findings = client.post(reverse("inspections:new"), inspection_post(penalty_power, crew_a, findings=""))
        assert no_findings.status_code == 400
        assert 'class="errorlist"' in no_findings.content.decode()
        foreign = client.post(reverse("inspections:new"), inspection_post(power_b, crew_a))
        assert foreign.status_code == 400
        assert "占道经营检查" not in foreign.content.decode()
        out_of_order = client.post(reverse("inspections:register_case", args=[inspection.pk]),
                                   register_post(penalty_power, act_ended_on="2026-10-01"))
        assert out_of_order.status_code == 400
        html = out_of_order.content.decode()
        assert "日期顺序有误" in html
        assert "Dates out of order" not in html  # one language at a time


def test_party_code_masked_for_officers_not_for_heads(inspection, officer_a, head_a, supervisor):
    url = reverse("inspections:detail", args=[inspection.pk])
    officer_html = client_for(officer_a).get(url).content.decode()
    assert "92330726MA2ABCDE1B" not in officer_html
    assert "923***********DE1B" in officer_html
    for user in (head_a, supervisor):
        assert "92330726MA2ABCDE1B" in client_for(user).get(url).content.decode()


def test_who_gets_the_pages(inspection, officer_a, supervisor, citizen, penalty_power):
    for user in (officer_a, supervisor):
        assert reverse("inspections:list") in client_for(user).get(reverse("home")).content.decode()
    sup = client_for(supervisor)
    assert f'data-inspection="{inspection.pk}"' in sup.get(reverse("inspections:list")).content.decode()
    assert 'data-form="register-case"' not in sup.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert sup.get(reverse("inspections:new")).status_code == 403
    with assert_unchanged():
        # It may read the record, so the step is refused with the reason (403), not hidden (404).
        assert sup.post(reverse("inspections:register_case", args=[inspection.pk]),
                        register_post(penalty_power)).status_code == 403
        assert client_for(citizen).get(reverse("inspections:list")).status_code == 403
        assert client_for(None).get(reverse("inspections:list")).status_code == 302


def test_pages_in_english(inspection, officer_a, penalty_power):
    client = english(client_for(officer_a))
    listing = client.get(reverse("inspections:list")).content.decode()
    assert '<html lang="en">' in listing
    assert ">Search</button>" in listing
    assert ">All</option>" in listing
    assert "<dt>Agency</dt>" not in listing
    assert ">查询</button>" not in listing
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "<dt>Agency</dt>" in page
    assert "浦江县某某食品店" in page
    assert ">Cancel</a>" in client.get(reverse("inspections:new")).content.decode()
    refused = client.post(reverse("inspections:register_case", args=[inspection.pk]),
                          register_post(penalty_power, act_ended_on="2026-10-01"))
    assert refused.status_code == 400
    assert "Dates out of order" in refused.content.decode()
