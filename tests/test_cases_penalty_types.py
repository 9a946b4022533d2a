"""Issue 9, penalty procedure: every APL 9 penalty type as data with its hearing (APL 63) and
legal-review (APL 58) consequences; confiscation of large value (APL 63(1)(2)); age and capacity
(APL 30, 31); detention transferred (APL 18(3)); on-the-spot collection after an ordinary decision
in a remote area at the party's request (APL 69).

Refusals name their article and change nothing (tests.test_case_gates.refused).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import client_for
from tests.test_case_gates import INDIVIDUAL, REASONS, Flow, refused
from tests.test_documents import docx_text
from yifa.cases import actions, rules, simple
from yifa.cases.models import Case, CaseStep, OnSpotCollection, PenaltyKind, Status
from yifa.cases.procedure import PENALTY
from yifa.documents.context import context_for_case
from yifa.documents.make_templates import template_path
from yifa.documents.render import render_docx
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError
from yifa.web.stepforms import step_form
from yifa.workcal.models import LegalParameter

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
ALL_CODES = ["warning", "criticism", "fine", "confiscate_gains", "confiscate_property", "licence_suspend",
             "qualification_lower", "licence_revoke", "business_limit", "suspension", "closure", "practice_ban",
             "detention", "other"]


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path) -> Iterator[None]:
    """After every step date used here (the forms list the types in force today)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def flow(agency_a, penalty_power, crew_a, officer_a, head_a) -> Flow:
    return Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])


@pytest.fixture
def every_power(agency_a, penalty_power) -> PowerItem:
    """A power item that sets every group of APL 9 (detention included), with its legal basis."""
    power = PowerItem.objects.create(code="330726-SJ-CF-0099", name="设定全部处罚种类的事项", category="penalty",
                                     agency=agency_a, procedure="penalty_ordinary",
                                     penalty_types=list(PowerItem.PenaltyType.values))
    power.penalty_provisions.set(penalty_power.penalty_provisions.all())
    return power


def review(flow: Flow, types: list[str], *, fine: str | None = None, gains: str | None = None,
           value: str | None = None, case: Case | None = None, **fields: Any) -> Case:
    return actions.review_case(case or flow.investigated(**fields), opinion="事实清楚，证据确凿。", proposed_types=types,
                               proposed_fine=Decimal(fine) if fine else None,
                               proposed_gains=Decimal(gains) if gains else None,
                               proposed_property_value=Decimal(value) if value else None,
                               serious=False, on_date=D(2026, 9, 21), acting_user=flow.head)


def notified(flow: Flow, case: Case) -> Case:
    if rules.needs_legal_review(case, D(2026, 9, 21)):
        case = flow.legal_review(case, D(2026, 9, 21))
    case = actions.notify_case(case, notified_on=D(2026, 9, 22), acting_user=flow.officer)
    return actions.waive_rights(case, on_date=D(2026, 9, 22), acting_user=flow.officer)


def printed(case: Case, kind: str) -> bytes:
    """The shipped template filled from the case, as the document action fills it (no PDF: that
    needs the server's CJK font, tests/test_documents.py)."""
    return render_docx(template_path(kind).read_bytes(), context_for_case(Case.objects.get(pk=case.pk)))


def decide(flow: Flow, case: Case, types: list[str], **extra: Any) -> Case:
    return actions.decide_case(case, outcome=extra.pop("outcome", "penalty"), decided_types=types,
                               decided_fine=extra.pop("fine", None), decided_on=D(2026, 9, 23), reasons=REASONS,
                               acting_user=flow.head, **extra)


# --- 9. every type of APL 9, as data -----------------------------------------------------------


def test_every_type_of_apl_9_is_data_with_its_citation(db):
    kinds = rules.kinds_on(D(2026, 9, 21))
    assert list(kinds) == ALL_CODES
    assert {k.name for k in kinds.values()} >= {"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件",
                                                 "降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业",
                                                 "责令关闭", "限制从业", "行政拘留"}
    assert all(k.citation.startswith("行政处罚法第九条") for k in kinds.values())
    assert kinds["qualification_lower"].hearing_citation == "行政处罚法第六十三条第一款第（三）项"
    assert kinds["closure"].hearing_citation == "行政处罚法第六十三条第一款第（四）项"
    assert kinds["detention"].transfer_only
    assert rules.kinds_on(D(2021, 7, 14)) == {}  # before the 2021 revision: no rows, nothing allowed


# Organisation, small amounts: only the types themselves decide (APL 63(1)(3)-(5)).
EXPECTED_HEARING = {"warning": False, "criticism": False, "fine": False, "confiscate_gains": False,
                    "confiscate_property": False, "licence_suspend": True, "qualification_lower": True,
                    "licence_revoke": True, "business_limit": True, "suspension": True, "closure": True,
                    "practice_ban": True, "detention": False, "other": False}
AMOUNTS = {"fine": {"fine": "5000"}, "confiscate_gains": {"gains": "5000"}, "confiscate_property": {"value": "5000"}}


@pytest.mark.parametrize("code", ALL_CODES)
def test_each_type_carries_its_hearing_and_legal_review_consequence(flow, every_power, code):
    flow.power = every_power
    case = review(flow, [code], **AMOUNTS.get(code, {}))
    assert case.proposed_types == [code]
    assert case.hearing_right is EXPECTED_HEARING[code]
    assert rules.needs_legal_review(case, D(2026, 9, 21)) is EXPECTED_HEARING[code]
    assert [e["code"] for e in case.penalty_effects["proposed"]] == [code]


def test_lowering_qualification_needs_legal_review_before_notice(flow, every_power):
    """Today only the catalogue's groups are known; a single type such as 降低资质等级 is refused."""
    flow.power = every_power
    case = review(flow, ["qualification_lower"])
    refused(ActionError, "第五十八条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 22), acting_user=flow.officer))


def test_several_types_combine_and_the_decision_prints_them_with_their_consequences(flow, every_power):
    flow.power = every_power
    types = ["criticism", "confiscate_gains", "confiscate_property", "qualification_lower", "practice_ban"]
    case = notified(flow, review(flow, types, gains="3000", value="2000"))
    assert case.hearing_right is True
    case = decide(flow, case, types, decided_gains=Decimal("3000"), decided_property_value=Decimal("2000"))
    assert case.status == Status.DECIDED
    assert (case.decided_types, case.decided_gains, case.decided_property_value) == (
        types, Decimal("3000"), Decimal("2000"))
    text = docx_text(printed(case, "penalty_decision"))
    for expected in ("通报批评；没收违法所得人民币3,000.00元；没收非法财物（价值人民币2,000.00元）；降低资质等级；限制从业",
                     "降低资质等级：当事人依法享有要求听证的权利（行政处罚法第六十三条第一款第（三）项）",
                     "限制从业：当事人依法享有要求听证的权利（行政处罚法第六十三条第一款第（四）项）；作出决定前已经法制审核"):
        assert expected in text, text


def test_a_type_the_power_item_does_not_set_is_refused(flow):
    """penalty_power sets warning, fine, confiscation and licence measures, not closure."""
    case = flow.investigated()
    refused(ActionError, "第九条", case, lambda: review(flow, ["closure"], case=case))
    refused(ActionError, "第九条", case, lambda: review(flow, ["no_such_type"], case=case))


def test_a_type_ended_by_a_later_row_is_no_longer_offered_or_accepted(flow):
    ended = PenaltyKind.objects.get(code="criticism")
    ended.effective_to = D(2026, 9, 1)
    ended.save()  # through the signals that clear the per-process copy (yifa.lib.refcache)
    case = flow.investigated()
    refused(ActionError, "第九条", case, lambda: review(flow, ["criticism"], case=case))
    assert "criticism" not in dict(PENALTY["review"].choices["proposed_types"](case))
    assert "warning" in dict(PENALTY["review"].choices["proposed_types"](case))


def test_a_later_row_changes_the_legal_review_consequence(flow):
    """The local catalogue of major decisions is data: from 2026-09-01 暂扣许可证件 needs no review."""
    old = PenaltyKind.objects.get(code="licence_suspend")
    old.effective_to = D(2026, 8, 31)
    old.save()
    PenaltyKind.objects.create(code="licence_suspend", name=old.name, group=old.group, citation=old.citation,
                               hearing="none", legal_review="none", position=old.position,
                               effective_from=D(2026, 9, 1))
    case = review(flow, ["licence_suspend"])
    assert case.hearing_right is False
    assert rules.needs_legal_review(case, D(2026, 9, 21)) is False


# --- 9. detention: transfer only ---------------------------------------------------------------


def test_detention_is_transferred_by_an_agency_without_that_power(flow):
    case = notified(flow, review(flow, ["fine", "detention"], fine="5000", party_kind="individual",
                                 party_name="张三", party_code=""))
    refused(ActionError, "第十八条第三款", case, lambda: decide(flow, case, ["fine", "detention"], fine=Decimal("5000")))
    case = decide(flow, case, ["fine"], fine=Decimal("5000"), detention_transferred=True)
    assert (case.decided_types, case.detention_transferred) == (["fine"], True)
    text = docx_text(printed(case, "penalty_decision"))
    assert "涉及行政拘留的，依法移送公安机关处理（行政处罚法第十八条第三款）" in text


def test_an_organ_whose_power_sets_detention_decides_it(flow, every_power):
    flow.power = every_power
    case = notified(flow, review(flow, ["detention"], **INDIVIDUAL))
    assert decide(flow, case, ["detention"]).decided_types == ["detention"]


# --- 8. confiscation of large value --------------------------------------------------------------


@pytest.mark.parametrize(("party", "gains", "value", "right"), [
    (INDIVIDUAL, "10000", None, True),  # an individual, at the threshold
    (INDIVIDUAL, "6000", "4000", True),  # gains and property together
    (INDIVIDUAL, "9999.99", None, False),
    ({}, "60000", "39999.99", False),  # an organisation: 100,000
    ({}, None, "100000", True),
])
def test_large_confiscation_gives_the_hearing_right(flow, party, gains, value, right):
    types = (["confiscate_gains"] if gains else []) + (["confiscate_property"] if value else [])
    case = review(flow, types, gains=gains, value=value, **party)
    assert case.hearing_right is right
    assert (case.proposed_gains, case.proposed_property_value) == (
        Decimal(gains) if gains else None, Decimal(value) if value else None)
    assert CaseStep.objects.filter(case=case, step="review").latest("id").data["proposed_gains"] == (gains or "")


def test_large_confiscation_needs_the_hearing_notice_like_a_large_fine(flow):
    case = review(flow, ["confiscate_gains"], gains="20000", **INDIVIDUAL)
    refused(ActionError, "第五十八条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 22), acting_user=flow.officer))
    case = actions.notify_case(flow.legal_review(case, D(2026, 9, 21)), notified_on=D(2026, 9, 22),
                               acting_user=flow.officer)
    case = actions.request_hearing(case, requested_on=D(2026, 9, 23), acting_user=flow.officer)
    assert case.status == Status.HEARING
    text = docx_text(printed(case, "prior_notice"))
    assert "没收违法所得人民币20,000.00元" in text


def test_the_confiscation_threshold_is_effective_dated_data(flow):
    row = LegalParameter.objects.get(code="HEARING_CONFISCATION_INDIVIDUAL")
    assert (row.value, row.citation.startswith("行政处罚法第六十三条第一款第（二）项")) == (Decimal("10000"), True)
    LegalParameter.objects.create(code=row.code, name=row.name, value=Decimal("5000"), unit="元", citation=row.citation,
                                  effective_from=D(2026, 9, 1))
    assert review(flow, ["confiscate_gains"], gains="6000", **INDIVIDUAL).hearing_right is True


def test_confiscation_needs_its_value_and_the_decision_not_above_the_notice(flow):
    case = flow.investigated()
    refused(ActionError, None, case, lambda: review(flow, ["confiscate_property"], case=case))
    refused(ActionError, None, case, lambda: review(flow, ["fine"], fine="100", gains="5", case=case))
    case = notified(flow, review(flow, ["confiscate_property"], value="5000", case=case))
    refused(ActionError, "第四十五条", case, lambda: decide(flow, case, ["confiscate_property"],
                                                      decided_property_value=Decimal("5000.01")))
    case = decide(flow, case, ["confiscate_property"], decided_property_value=Decimal("4000"))
    assert case.decided_property_value == Decimal("4000")


# --- 3. age and capacity (APL 30, 31) -------------------------------------------------------------


def minor(flow: Flow, born: dt.date) -> Case:
    """An individual party (act ended 2026-08-20), a warning proposed and notified."""
    return notified(flow, review(flow, ["warning"], **INDIVIDUAL, party_birth_date=born))


def test_no_penalty_under_fourteen_at_the_time_of_the_act(flow):
    case = minor(flow, D(2012, 8, 21))  # 13 on 2026-08-20, 14 the next day
    refused(ActionError, "第三十条", case, lambda: decide(flow, case, ["warning"]))
    refused(ActionError, "第三十条", case, lambda: decide(flow, case, ["warning"], mitigation="lighter"))
    case = decide(flow, case, [], outcome="no_penalty")
    assert (case.status, case.outcome) == (Status.DECIDED, "no_penalty")


def test_from_fourteen_to_eighteen_the_penalty_is_lighter_or_mitigated(flow):
    case = minor(flow, D(2012, 8, 20))  # 14 on the day of the act
    refused(ActionError, "第三十条", case, lambda: decide(flow, case, ["warning"]))
    case = decide(flow, case, ["warning"], mitigation="mitigated")
    assert (case.status, case.mitigation) == (Status.DECIDED, "mitigated")
    assert CaseStep.objects.filter(case=case, step="decide").latest("id").data["mitigation"] == "mitigated"
    text = docx_text(printed(case, "penalty_decision"))
    assert "依法减轻处罚（当事人违法时已满十四周岁不满十八周岁，行政处罚法第三十条）" in text


def test_the_form_offers_mitigation_only_to_a_minor(flow):
    young = minor(flow, D(2010, 5, 1))
    assert "mitigation" in step_form(PENALTY["decide"], young).fields
    adult = minor(flow, D(2000, 5, 1))
    assert "mitigation" not in step_form(PENALTY["decide"], adult).fields
    assert decide(flow, adult, ["warning"]).mitigation == ""


def test_age_limits_are_cited_data(flow):
    assert {p.code: (p.value, p.citation) for p in LegalParameter.objects.filter(code__startswith="AGE_")} == {
        "AGE_NO_PENALTY": (Decimal("14"), "行政处罚法第三十条"),
        "AGE_FULL_RESPONSIBILITY": (Decimal("18"), "行政处罚法第三十条")}


def test_a_recorded_incapacity_bars_a_penalty(flow):
    case = flow.collect(flow.open(flow.register(**INDIVIDUAL)))
    refused(ActionError, "第三十一条", case, lambda: actions.close_investigation(
        case, facts="当事人经鉴定为精神病人。", on_date=D(2026, 9, 20), acting_user=flow.officer, incapacity_found=True))
    case = actions.close_investigation(case, facts="当事人经鉴定为精神病人。", on_date=D(2026, 9, 20),
                                       acting_user=flow.officer, incapacity_found=True,
                                       incapacity_basis="某司法鉴定所鉴定意见书")
    case = notified(flow, review(flow, ["warning"], case=case))
    refused(ActionError, "第三十一条", case, lambda: decide(flow, case, ["warning"]))
    assert decide(flow, case, [], outcome="no_penalty").outcome == "no_penalty"


# --- 1. on-the-spot collection after an ordinary decision (APL 69) -----------------------------


def served_ordinary(flow: Flow) -> Case:
    case = notified(flow, review(flow, ["fine"], fine="5000"))
    case = decide(flow, case, ["fine"], fine=Decimal("5000"))
    return actions.serve_decision(case, served_on=D(2026, 9, 24), method="direct", acting_user=flow.officer)


REMOTE = "海岛渔村，距最近银行网点四十公里，无电子支付条件"


def test_ordinary_fine_collected_on_the_spot_in_a_remote_area_at_the_party_request(flow):
    case = served_ordinary(flow)
    case = simple.collect_on_the_spot(case, amount=Decimal("5000"), receipt_no="浙财罚0001", collected_on=D(2026, 9, 25),
                                      remote_area=REMOTE, party_requested=True, acting_user=flow.officer)
    onspot = OnSpotCollection.objects.get(case=case)
    assert (onspot.remote_area, onspot.party_requested, case.paid_on) == (REMOTE, True, D(2026, 9, 25))
    assert case.stage_rule == "APL_CASH_TO_AGENCY"
    case = simple.hand_over_cash(case, handed_on=D(2026, 9, 28), acting_user=flow.officer)
    case = simple.bank_cash(case, banked_on=D(2026, 9, 29), acting_user=flow.head)
    assert OnSpotCollection.objects.get(case=case).banked_on == D(2026, 9, 29)


@pytest.mark.parametrize(("remote", "requested"), [("", True), ("", False), (REMOTE, False)])
def test_ordinary_collection_without_the_area_or_the_request_is_refused(flow, remote, requested):
    case = served_ordinary(flow)
    refused(ActionError, "第六十九条", case, lambda: simple.collect_on_the_spot(
        case, amount=Decimal("5000"), receipt_no="浙财罚0002", collected_on=D(2026, 9, 25), remote_area=remote,
        party_requested=requested, acting_user=flow.officer))


def test_collection_in_a_remote_area_through_the_case_page(flow):
    case = served_ordinary(flow)
    client = client_for(flow.officer)
    assert 'name="remote_area"' in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = client.post(reverse("cases:step", args=[case.pk, "collect"]), {
        "version": case.version, "amount": "5000", "receipt_no": "浙财罚0003", "collected_on": "2026-09-25",
        "remote_area": REMOTE, "party_requested": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OnSpotCollection.objects.get(case=case).party_requested is True


# --- the API -----------------------------------------------------------------------------------


def test_review_and_decide_through_the_api_with_confiscation_and_mitigation(flow):
    import json

    case = flow.investigated(**INDIVIDUAL, party_birth_date=D(2010, 5, 1))
    api = client_for(flow.head)

    def step(name: str, body: dict[str, Any]) -> dict[str, Any]:
        current = Case.objects.get(pk=case.pk)
        response = api.post(f"/api/cases/{case.pk}/steps/{name}", data=json.dumps(body | {"version": current.version}),
                            content_type="application/json")
        assert response.status_code == 200, response.content.decode()
        return response.json()

    out = step("review", {"opinion": "同意。", "proposed_types": ["warning", "confiscate_gains"],
                          "proposed_gains": "12000", "serious": False, "on_date": "2026-09-21"})
    assert (out["hearing_right"], out["proposed_gains"]) == (True, "12000.00")
    flow.legal_review(Case.objects.get(pk=case.pk), D(2026, 9, 21))
    actions.notify_case(Case.objects.get(pk=case.pk), notified_on=D(2026, 9, 22), acting_user=flow.officer)
    actions.waive_rights(Case.objects.get(pk=case.pk), on_date=D(2026, 9, 22), acting_user=flow.officer)
    out = step("decide", {"outcome": "penalty", "decided_types": ["warning", "confiscate_gains"],
                          "decided_gains": "12000", "mitigation": "lighter", "reasons": REASONS,
                          "decided_on": "2026-09-23"})
    assert (out["status"], out["mitigation"], out["decided_gains"]) == ("decided", "lighter", "12000.00")
    assert [e["code"] for e in out["penalty_effects"]["decided"]] == ["warning", "confiscate_gains"]


def test_the_review_page_lists_the_types_of_the_power_and_records_a_confiscation(flow):
    case = flow.investigated()
    offered = dict(step_form(PENALTY["review"], case).fields["proposed_types"].choices)
    assert list(offered) == ["warning", "criticism", "fine", "confiscate_gains", "confiscate_property",
                             "licence_suspend", "qualification_lower", "licence_revoke", "detention"]
    response = client_for(flow.head).post(reverse("cases:step", args=[case.pk, "review"]), {
        "version": case.version, "opinion": "同意。", "proposed_types": ["confiscate_property", "licence_suspend"],
        "proposed_property_value": "150000", "on_date": "2026-09-21"})
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert (case.proposed_types, case.proposed_property_value, case.hearing_right) == (
        ["confiscate_property", "licence_suspend"], Decimal("150000"), True)


def test_the_seed_moves_cases_from_catalogue_groups_to_types_and_is_idempotent(flow):
    import importlib

    from django.apps import apps

    seed = importlib.import_module("yifa.cases.migrations.0008_seed_penalty_kinds").seed
    case = flow.investigated()
    Case.objects.filter(pk=case.pk).update(proposed_types=["fine", "licence", "restriction"],
                                           decided_types=["confiscation"])
    kinds = PenaltyKind.objects.count()
    seed(apps, None)
    case.refresh_from_db()
    assert (case.proposed_types, case.decided_types) == (["fine", "licence_revoke", "suspension"], ["confiscate_gains"])
    assert PenaltyKind.objects.count() == kinds == len(ALL_CODES)
