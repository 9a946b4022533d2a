"""Every statutory gate of the ordinary penalty procedure (APL ch. V §3), one test each.

Each refusal asserts (a) the kind of refusal (ActionError, NotFound), (b) that the message and
`rule` name the article, and (c) that nothing changed: the case row, its step record, its
officers, its hearing and the audit log are exactly as before.

Dates are in the 2026 calendar: 09-25 is the Mid-Autumn Festival, 10-01..10-07 National Day,
and Sunday 09-20 and Saturday 10-10 are make-up working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import CASE_FIELDS, make_officer, make_user
from tests.helpers import assert_unchanged
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.cases import actions
from yifa.cases.models import Case, CaseOfficer, CaseStep, Hearing, Status
from yifa.evidence.actions import add_evidence
from yifa.evidence.models import Evidence
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.registry.models import Officer

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
FACTS = "当事人未取得许可经营预包装食品，货值金额5000元。"
REASONS = "依据食品安全法第一百二十二条。"
OPENED = D(2026, 9, 2)
INDIVIDUAL = {"party_kind": "individual", "party_name": "张三", "party_code": ""}


# --- "nothing changed" ------------------------------------------------------------------


def refused(kind: type[ActionError], article: str | None, case: Case | None,
            step: Callable[[], object]) -> ActionError:
    """Run `step`, expect exactly `kind` naming `article`, and check that nothing changed."""
    with assert_unchanged(), pytest.raises(ActionError) as info:
        step()
    err = info.value
    assert type(err) is kind, (type(err), err)
    if article is not None:
        assert article in err.zh, err.zh
        assert article in (err.rule or ""), err.rule
        assert err.en
    return err


# --- a case driven step by step -----------------------------------------------------------


@dataclass
class Flow:
    agency: Any
    power: Any
    crew: dict[str, Any]
    officer: Any  # officer_a's login, linked to crew["lead"]
    head: Any
    reviewer: Any  # login of the legal reviewer crew["reviewer"]

    def register(self, **overrides: Any) -> Case:
        return actions.register_case(agency=self.agency, power=self.power, acting_user=self.officer,
                                     **(CASE_FIELDS | overrides))

    def open(self, case: Case, on: dt.date = OPENED, officers: list[Officer] | None = None) -> Case:
        team = officers or [self.crew["lead"], self.crew["colleague"]]
        return actions.open_case(case, opened_on=on, officers=team, lead=team[0], acting_user=self.head)

    def collect(self, case: Case) -> Case:
        """One piece of evidence (a physical item, no file), so the investigation may close (APL 40)."""
        add_evidence(case, kind="physical", title="涉案预包装食品", upload=None, acting_user=self.officer,
                     description="现场查获，已拍照登记", collected_on=D(2026, 9, 10))
        return case

    def investigated(self, **fields: Any) -> Case:
        case = self.collect(self.open(self.register(**fields)))
        return actions.close_investigation(case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=self.officer)

    def reviewed(self, types: list[str], fine: str | None, serious: bool = False, property_value: str | None = None,
                 **fields: Any) -> Case:
        return actions.review_case(self.investigated(**fields), opinion="事实清楚，证据确凿。", proposed_types=types,
                                   proposed_fine=Decimal(fine) if fine else None, serious=serious,
                                   proposed_property_value=Decimal(property_value) if property_value else None,
                                   on_date=D(2026, 9, 21), acting_user=self.head)

    def legal_review(self, case: Case, on: dt.date, passed: bool = True) -> Case:
        return actions.legal_review(case, passed=passed, opinion="主体合法，事实清楚，程序合法。", on_date=on,
                                    acting_user=self.reviewer)

    def notified_small(self, **fields: Any) -> Case:
        """An organisation, a 50,000 yuan fine: no hearing right, no legal review; notified 09-22."""
        case = self.reviewed(["fine", "confiscate_property"], "50000", property_value="5000", **fields)
        return actions.notify_case(case, notified_on=D(2026, 9, 22), acting_user=self.officer)

    def decided_small(self, **fields: Any) -> Case:
        return self.decide(self.notified_small(**fields), D(2026, 9, 29), fine="40000")

    def notified_large(self, serious: bool = False) -> Case:
        """An individual, a 20,000 yuan fine: hearing right and legal review; notified 09-29."""
        case = self.reviewed(["fine"], "20000", serious=serious, **INDIVIDUAL)
        case = self.legal_review(case, D(2026, 9, 22))
        if serious:
            case = self.discuss(case, D(2026, 9, 23))
        return actions.notify_case(case, notified_on=D(2026, 9, 29), acting_user=self.officer)

    def heard(self, serious: bool = False) -> Case:
        """The large case: hearing requested 10-12, noticed 10-12 for 10-21, held 10-21."""
        case = actions.request_hearing(self.notified_large(serious), requested_on=D(2026, 10, 12),
                                       acting_user=self.officer)
        case = actions.schedule_hearing(case, notice_served_on=D(2026, 10, 12), scheduled_for=D(2026, 10, 21),
                                        chair=self.crew["chair"], acting_user=self.head)
        return actions.record_hearing(case, held_on=D(2026, 10, 21), record_text="当事人到场陈述申辩。",
                                      acting_user=self.head)

    def discuss(self, case: Case, on: dt.date) -> Case:
        return actions.collective_discussion(case, participants=["局长", "副局长", "法规科长"], conclusion="同意处罚。",
                                             on_date=on, acting_user=self.head)

    def decide(self, case: Case, on: dt.date, fine: str | None = "40000", types: list[str] | None = None) -> Case:
        return actions.decide_case(case, outcome="penalty", decided_types=types or ["fine"],
                                   decided_fine=Decimal(fine) if fine else None, decided_on=on, reasons=REASONS,
                                   acting_user=self.head)


@pytest.fixture
def flow(agency_a, penalty_power, crew_a, officer_a, head_a) -> Flow:
    return Flow(agency_a, penalty_power, crew_a, officer_a, head_a, crew_a["reviewer_login"])


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- who may act on a case ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_b", "supervisor", "citizen"])
def test_register_outside_the_agency_is_not_found(flow, cast, who):
    refused(NotFound, None, None, lambda: actions.register_case(
        agency=flow.agency, power=flow.power, acting_user=cast[who], **CASE_FIELDS))
    assert Case.objects.count() == 0


def test_register_with_another_agencys_power_is_refused(flow, agency_b):
    from yifa.law.models import PowerItem

    foreign = PowerItem.objects.create(code="330726-ZH-CF-0001", name="对占道经营的行政处罚", category="penalty",
                                       agency=agency_b, procedure="penalty_ordinary", penalty_types=["fine"])
    refused(ActionError, "第十七条", None, lambda: actions.register_case(
        agency=flow.agency, power=foreign, acting_user=flow.officer, **CASE_FIELDS))


@pytest.mark.parametrize(("who", "kind"), [("officer_b", NotFound), ("citizen", NotFound), ("supervisor", Forbidden)])
def test_steps_by_outsiders_are_not_found_or_forbidden(flow, cast, who, kind):
    """One who may not see the case gets 404 (as for a missing one); the county's supervisor, who
    may read it, gets 403 with the reason: only the agency's own staff act on it."""
    user = cast[who]
    case = flow.register()
    refused(kind, None, case, lambda: actions.open_case(
        case, opened_on=D(2026, 9, 2), officers=[flow.crew["lead"], flow.crew["colleague"]],
        lead=flow.crew["lead"], acting_user=user))
    case = flow.open(case)
    refused(kind, None, case, lambda: actions.close_investigation(case, facts=FACTS, on_date=D(2026, 9, 20),
                                                                    acting_user=user))
    refused(kind, None, case, lambda: actions.legal_review(case, passed=True, opinion="同意。",
                                                             on_date=D(2026, 9, 22), acting_user=user))
    err = refused(kind, None, case, lambda: actions.record_payment(case, paid_on=D(2026, 10, 9), acting_user=user))
    assert err.status == (403 if kind is Forbidden else 404)


def test_open_needs_the_head(flow):
    case = flow.register()
    refused(Forbidden, "第五十四条", case, lambda: actions.open_case(
        case, opened_on=D(2026, 9, 2), officers=[flow.crew["lead"], flow.crew["colleague"]],
        lead=flow.crew["lead"], acting_user=flow.officer))
    assert flow.open(case).status == Status.OPENED


def test_steps_only_by_the_case_officers_or_head(flow, agency_a):
    """A colleague of the same agency who is not on the case may not close its investigation."""
    case = flow.open(flow.register())
    other = make_user("officer_a2", "officer", agency=agency_a, officer=flow.crew["chair"])
    refused(Forbidden, "第四十二条", case, lambda: actions.close_investigation(
        case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=other))


# --- limitation (APL 36) ----------------------------------------------------------------------

OLD_ACT = {"act_ended_on": D(2024, 1, 1), "registered_on": D(2026, 1, 2)}


def test_limitation_two_years(flow):
    late = flow.register(**OLD_ACT, discovered_on=D(2026, 1, 2))
    err = refused(ActionError, "第三十六条", late, lambda: flow.open(late, on=D(2026, 1, 5)))
    assert "2026-01-01" in err.zh
    # Discovered on the last day of the two years: still in time.
    in_time = flow.register(**OLD_ACT, discovered_on=D(2026, 1, 1))
    assert flow.open(in_time, on=D(2026, 1, 5)).status == Status.OPENED


def test_limitation_five_years_where_safety_was_harmed(flow):
    harmed = flow.register(**OLD_ACT, discovered_on=D(2026, 1, 2), safety_harm=True)
    assert flow.open(harmed, on=D(2026, 1, 5)).status == Status.OPENED
    too_old = flow.register(act_ended_on=D(2020, 12, 31), discovered_on=D(2026, 1, 2), registered_on=D(2026, 1, 2),
                            safety_harm=True)
    refused(ActionError, "第三十六条", too_old, lambda: flow.open(too_old, on=D(2026, 1, 5)))


# --- investigators (APL 42, 55) -------------------------------------------------------------------


@pytest.mark.parametrize("team", ["one", "same_twice"])
def test_open_needs_two_investigators(flow, team):
    lead = flow.crew["lead"]
    officers = [lead] if team == "one" else [lead, lead]
    case = flow.register()
    err = refused(ActionError, "第四十二条", case, lambda: flow.open(case, officers=officers))
    assert "第五十五条" in err.zh


@pytest.mark.parametrize("problem", ["suspended", "expired", "revoked", "other_agency", "other_area"])
def test_open_needs_certificates_valid_for_this_case(flow, agency_b, problem):
    problems: dict[str, dict[str, Any]] = {
        "suspended": {"status": "suspended"},
        "expired": {"valid_until": D(2026, 9, 1)},  # the day before opening
        "revoked": {"status": "revoked"},
        "other_area": {"area": "武义县"},
    }
    extra = problems.get(problem, {})
    agency = agency_b if problem == "other_agency" else flow.agency
    second = make_officer(agency, "赵磊", 21, **extra)
    case = flow.register()
    err = refused(ActionError, "第四十二条", case, lambda: flow.open(case, officers=[flow.crew["lead"], second]))
    assert "赵磊" in err.zh


@pytest.mark.parametrize("area", ["金华市武义县", "武义县", "义乌市"])
def test_certificate_area_of_another_county(flow, other_county, area):
    """An area naming the city but a different county (or another place) does not cover the case."""
    second = make_officer(flow.agency, "赵磊", 21, area=area)
    case = flow.register()
    refused(ActionError, "第四十二条", case, lambda: flow.open(case, officers=[flow.crew["lead"], second]))


@pytest.mark.parametrize("area", ["浦江县", "金华市", "浙江省", "浙江省金华市浦江县", "武义县、浦江县"])
def test_certificate_area_covering_the_county(flow, other_county, area):
    second = make_officer(flow.agency, "赵磊", 21, area=area)
    assert flow.open(flow.register(), officers=[flow.crew["lead"], second]).status == Status.OPENED


def test_certificate_valid_until_the_day_itself(flow):
    """Validity includes its last day; a city-wide area covers the county."""
    second = make_officer(flow.agency, "赵磊", 21, valid_until=D(2026, 9, 2), area="金华市")
    assert flow.open(flow.register(), officers=[flow.crew["lead"], second]).status == Status.OPENED


def test_certificate_expired_by_the_end_of_investigation(flow):
    second = make_officer(flow.agency, "赵磊", 21, valid_until=D(2026, 9, 15))
    case = flow.open(flow.register(), officers=[flow.crew["lead"], second])
    refused(ActionError, "第四十二条", case, lambda: actions.close_investigation(
        case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer))


def test_recusal_leaving_one_investigator_stops_the_investigation(flow):
    case = flow.open(flow.register())
    refused(Forbidden, "第五十四条", case, lambda: actions.recuse_officer(
        case, flow.crew["colleague"], reason="系当事人近亲属", on_date=D(2026, 9, 10), acting_user=flow.officer))
    case = actions.recuse_officer(case, flow.crew["colleague"], reason="系当事人近亲属", on_date=D(2026, 9, 10),
                                  acting_user=flow.head)
    refused(ActionError, "第四十二条", case, lambda: actions.close_investigation(
        case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer))
    # A replacement, certified for the area, makes two again.
    case = actions.assign_officer(case, flow.crew["chair"], on_date=D(2026, 9, 11), acting_user=flow.head)
    case = flow.collect(case)
    case = actions.close_investigation(case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer)
    assert case.status == Status.INVESTIGATED


# --- evidence (APL 40) ------------------------------------------------------------------------------


def test_investigation_closes_only_with_evidence(flow):
    """违法事实不清、证据不足的，不得给予行政处罚: no evidence on the case, no end of investigation —
    evidence in another case does not count."""
    other = flow.collect(flow.open(flow.register(title="另一案件")))
    case = flow.open(flow.register())
    err = refused(ActionError, "第四十条", case, lambda: actions.close_investigation(
        case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer))
    assert "证据" in err.zh
    assert "evidence" in err.en
    assert err.field == "evidence"
    assert Evidence.objects.filter(case=case).count() == 0
    assert Evidence.objects.filter(case=other).count() == 1
    case = actions.close_investigation(flow.collect(case), facts=FACTS, on_date=D(2026, 9, 20),
                                       acting_user=flow.officer)
    assert case.status == Status.INVESTIGATED


# --- legal review (APL 58) -------------------------------------------------------------------------


def test_legal_review_by_a_non_reviewer(flow):
    case = flow.reviewed(["fine"], "120000")
    refused(Forbidden, "第五十八条", case, lambda: actions.legal_review(
        case, passed=True, opinion="同意。", on_date=D(2026, 9, 22), acting_user=flow.officer))
    refused(Forbidden, "第五十八条", case, lambda: actions.legal_review(
        case, passed=True, opinion="同意。", on_date=D(2026, 9, 22), acting_user=flow.head))


def test_legal_review_by_a_reviewer_of_another_agency(flow, agency_a, agency_b):
    foreign = make_officer(agency_b, "钱芳", 22, is_legal_reviewer=True)
    login = make_user("reviewer_x", "legal_reviewer", agency=agency_a, officer=foreign)
    case = flow.reviewed(["fine"], "120000")
    refused(Forbidden, "第五十八条", case, lambda: actions.legal_review(
        case, passed=True, opinion="同意。", on_date=D(2026, 9, 22), acting_user=login))


def test_legal_review_by_an_investigator(flow):
    """The reviewer investigated this case (even though later recused): not as reviewer."""
    case = flow.open(flow.register(), officers=[flow.crew["lead"], flow.crew["colleague"], flow.crew["reviewer"]])
    case = actions.recuse_officer(case, flow.crew["reviewer"], reason="另有任务", on_date=D(2026, 9, 3),
                                  acting_user=flow.head)
    case = flow.collect(case)
    case = actions.close_investigation(case, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer)
    case = actions.review_case(case, opinion="同意。", proposed_types=["fine"], proposed_fine=Decimal("120000"),
                               serious=False, on_date=D(2026, 9, 21), acting_user=flow.head)
    refused(Forbidden, "第五十八条", case, lambda: flow.legal_review(case, D(2026, 9, 22)))


@pytest.mark.parametrize(("fields", "types", "fine"), [
    ({}, ["fine"], "100000"),  # organisation, at the threshold
    (INDIVIDUAL, ["fine"], "10000"),  # individual, at the threshold
    ({}, ["licence_revoke"], None),  # licence revocation, no fine
])
def test_notice_before_a_required_legal_review(flow, fields, types, fine):
    case = flow.reviewed(types, fine, **fields)
    assert case.hearing_right is True
    refused(ActionError, "第五十八条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 22), acting_user=flow.officer))
    case = flow.legal_review(case, D(2026, 9, 22))
    assert actions.notify_case(case, notified_on=D(2026, 9, 23), acting_user=flow.officer).status == Status.NOTIFIED


@pytest.mark.parametrize(("fields", "fine"), [({}, "99999.99"), (INDIVIDUAL, "9999.99")])
def test_below_the_thresholds_no_legal_review_is_needed(flow, fields, fine):
    case = flow.reviewed(["fine"], fine, **fields)
    assert case.hearing_right is False
    assert actions.notify_case(case, notified_on=D(2026, 9, 22), acting_user=flow.officer).status == Status.NOTIFIED


def test_failed_legal_review_sends_the_case_back(flow):
    case = flow.legal_review(flow.reviewed(["fine"], "150000"), D(2026, 9, 22), passed=False)
    assert case.status == Status.INVESTIGATED
    refused(ActionError, None, case, lambda: actions.notify_case(case, notified_on=D(2026, 9, 23),
                                                                  acting_user=flow.officer))


# --- collective discussion (APL 57) -------------------------------------------------------------------


def test_serious_case_notified_without_collective_discussion(flow):
    case = flow.legal_review(flow.reviewed(["fine"], "30000", serious=True), D(2026, 9, 22))
    refused(ActionError, "第五十七条", case, lambda: actions.notify_case(
        case, notified_on=D(2026, 9, 23), acting_user=flow.officer))
    case = flow.discuss(case, D(2026, 9, 23))
    assert actions.notify_case(case, notified_on=D(2026, 9, 24), acting_user=flow.officer).status == Status.NOTIFIED


def test_serious_case_decided_without_collective_discussion(flow):
    """After the hearing the legal reviewer finds the case serious: re-reviewed as serious, it may
    not be decided until the heads have discussed it."""
    case = flow.legal_review(flow.heard(), D(2026, 10, 22), passed=False)
    case = actions.review_case(case, opinion="案情重大，提请集体讨论。", proposed_types=["fine"],
                               proposed_fine=Decimal("20000"), serious=True, on_date=D(2026, 10, 22),
                               acting_user=flow.head)
    case = flow.legal_review(case, D(2026, 10, 23))
    refused(ActionError, "第五十七条", case, lambda: flow.decide(case, D(2026, 10, 26), fine="15000"))
    case = flow.discuss(case, D(2026, 10, 26))
    assert flow.decide(case, D(2026, 10, 27), fine="15000").status == Status.DECIDED


def test_a_re_review_may_not_exceed_what_was_notified(flow):
    """The notice already given covers the case only while the proposal stays within it."""
    case = flow.legal_review(flow.heard(), D(2026, 10, 22), passed=False)
    refused(ActionError, "第四十五条", case, lambda: actions.review_case(
        case, opinion="提高罚款。", proposed_types=["fine"], proposed_fine=Decimal("30000"), serious=False,
        on_date=D(2026, 10, 22), acting_user=flow.head))
    refused(ActionError, "第四十五条", case, lambda: actions.review_case(
        case, opinion="增加吊销许可证。", proposed_types=["fine", "licence_revoke"], proposed_fine=Decimal("20000"),
        serious=False, on_date=D(2026, 10, 22), acting_user=flow.head))
    case = actions.review_case(case, opinion="减轻。", proposed_types=["fine"], proposed_fine=Decimal("12000"),
                               serious=False, on_date=D(2026, 10, 22), acting_user=flow.head)
    case = flow.legal_review(case, D(2026, 10, 23))
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 10, 26), fine="15000"))
    assert flow.decide(case, D(2026, 10, 26), fine="12000").decided_fine == Decimal("12000")


# --- hearing (APL 63–65) ------------------------------------------------------------------------------


def test_request_hearing_without_the_right(flow):
    case = flow.notified_small()
    assert case.hearing_right is False
    refused(ActionError, "第六十三条", case, lambda: actions.request_hearing(
        case, requested_on=D(2026, 9, 23), acting_user=flow.officer))


def test_request_hearing_after_five_working_days(flow):
    """Notified 09-29: the five working days are 09-30, 10-08, 10-09, 10-10 (make-up), 10-12."""
    case = flow.notified_large()
    assert (case.stage_rule, case.stage_due) == ("APL_HEARING_REQUEST", D(2026, 10, 12))
    err = refused(ActionError, "第六十四条", case, lambda: actions.request_hearing(
        case, requested_on=D(2026, 10, 13), acting_user=flow.officer))
    assert "第（一）项" in err.zh
    case = actions.request_hearing(case, requested_on=D(2026, 10, 12), acting_user=flow.officer)
    assert (case.status, case.current_hearing.requested_on) == (Status.HEARING, D(2026, 10, 12))


def test_schedule_hearing_needs_seven_working_days_notice(flow):
    """Notice served 09-30: 10-08, 09, 10, 12, 13, 14, 15 — the earliest hearing is on 10-15."""
    case = actions.request_hearing(flow.notified_large(), requested_on=D(2026, 9, 30), acting_user=flow.officer)
    err = refused(ActionError, "第六十四条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 14), chair=flow.crew["chair"],
        acting_user=flow.head))
    assert "第（二）项" in err.zh
    assert "2026-10-15" in err.zh
    refused(Forbidden, "第五十四条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 15), chair=flow.crew["chair"],
        acting_user=flow.officer))
    case = actions.schedule_hearing(case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 15),
                                    chair=flow.crew["chair"], acting_user=flow.head)
    assert Hearing.objects.values_list("scheduled_for", "chair").get(case=case) == (D(2026, 10, 15),
                                                                                     flow.crew["chair"].pk)


@pytest.mark.parametrize("chair", ["lead", "colleague"])
def test_hearing_chair_may_not_have_investigated(flow, chair):
    case = actions.request_hearing(flow.notified_large(), requested_on=D(2026, 9, 30), acting_user=flow.officer)
    err = refused(ActionError, "第六十四条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 20), chair=flow.crew[chair],
        acting_user=flow.head))
    assert "第（四）项" in err.zh


def test_hearing_chair_needs_a_valid_certificate(flow):
    suspended = make_officer(flow.agency, "周平", 23, status="suspended")
    case = actions.request_hearing(flow.notified_large(), requested_on=D(2026, 9, 30), acting_user=flow.officer)
    refused(ActionError, "第四十二条", case, lambda: actions.schedule_hearing(
        case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 20), chair=suspended,
        acting_user=flow.head))


def test_hearing_happy_path(flow):
    """A large fine on an individual: request in time, notice ≥ 7 working days ahead, a chair who did
    not investigate, the record, a legal review after the hearing, a decision within the notice."""
    case = flow.heard()
    assert Hearing.objects.values_list("held_on", "record").get(case=case) == (D(2026, 10, 21), "当事人到场陈述申辩。")
    assert (case.status, case.stage_rule, case.stage_due) == (Status.HEARING, "APL_DECISION", D(2026, 12, 1))
    # The legal review before the hearing no longer counts (APL 58: cases that were heard).
    refused(ActionError, "第五十八条", case, lambda: flow.decide(case, D(2026, 10, 22), fine="15000"))
    case = flow.legal_review(case, D(2026, 10, 22))
    assert case.status == Status.LEGAL_REVIEWED
    # Nor may the decision be dated before its legal review.
    refused(ActionError, "第五十八条", case, lambda: flow.decide(case, D(2026, 10, 21), fine="15000"))
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 10, 23), fine="20000.01"))
    case = flow.decide(case, D(2026, 10, 23), fine="15000")
    assert (case.status, case.decided_fine, case.decided_on) == (Status.DECIDED, Decimal("15000"), D(2026, 10, 23))
    steps = list(case.steps.values_list("step", flat=True))
    assert steps == ["register", "open", "investigate", "review", "legal_review", "notify", "request_hearing",
                     "schedule_hearing", "record_hearing", "legal_review", "decide"]
    assert AuditEvent.objects.filter(object_type__icontains="case", object_id=str(case.pk)).count() == len(steps)
    assert verify().ok


# --- the decision (APL 44, 45, 59, 60, 62, 65) ----------------------------------------------------------


def test_decide_before_notice(flow):
    case = flow.legal_review(flow.reviewed(["fine"], "120000"), D(2026, 9, 22))
    assert case.status == Status.LEGAL_REVIEWED
    refused(ActionError, "第四十四条", case, lambda: flow.decide(case, D(2026, 9, 29), fine="100000"))


def test_decide_before_the_statement_period_ends(flow):
    """Notified 09-22: three working days 09-23, 09-24, 09-28 (09-25 is Mid-Autumn)."""
    case = flow.notified_small()
    assert (case.stage_rule, case.stage_due) == ("APL_STATEMENT", D(2026, 9, 28))
    err = refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 9, 28)))
    assert "2026-09-28" in err.zh
    assert flow.decide(case, D(2026, 9, 29)).status == Status.DECIDED


def test_decide_before_the_hearing_request_period_ends(flow):
    case = flow.notified_large()
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 10, 12), fine="15000"))
    # The party waives in writing: the decision need not wait (the legal review is still there).
    case = actions.waive_rights(case, on_date=D(2026, 9, 30), acting_user=flow.officer)
    assert flow.decide(case, D(2026, 9, 30), fine="15000").status == Status.DECIDED


def test_decide_dated_before_the_notice(flow):
    case = actions.waive_rights(flow.notified_small(), on_date=D(2026, 9, 22), acting_user=flow.officer)
    refused(ActionError, "第四十四条", case, lambda: flow.decide(case, D(2026, 9, 21)))
    assert flow.decide(case, D(2026, 9, 22)).decided_on == D(2026, 9, 22)


@pytest.mark.parametrize("stage", ["requested", "scheduled"])
def test_decide_with_a_hearing_not_yet_held(flow, stage):
    case = actions.request_hearing(flow.notified_large(), requested_on=D(2026, 9, 30), acting_user=flow.officer)
    if stage == "scheduled":
        case = actions.schedule_hearing(case, notice_served_on=D(2026, 9, 30), scheduled_for=D(2026, 10, 15),
                                        chair=flow.crew["chair"], acting_user=flow.head)
    refused(ActionError, "第六十五条", case, lambda: flow.decide(case, D(2026, 10, 16), fine="15000"))


def test_decide_dated_before_the_hearing(flow):
    case = flow.legal_review(flow.heard(), D(2026, 10, 21))
    refused(ActionError, "第六十五条", case, lambda: flow.decide(case, D(2026, 10, 20), fine="15000"))


@pytest.mark.parametrize(("types", "fine"), [
    (["fine"], "50000.01"),  # a higher fine
    (["fine", "licence_revoke"], "40000"),  # a type not notified
    (["warning"], None),  # not notified either (even if lighter in kind)
])
def test_decide_heavier_than_notified(flow, types, fine):
    case = flow.notified_small()
    refused(ActionError, "第四十五条", case, lambda: flow.decide(case, D(2026, 9, 29), fine=fine, types=types))
    assert flow.decide(case, D(2026, 9, 29), fine="50000").decided_fine == Decimal("50000")


def test_decide_beyond_the_limit_and_one_extension(flow):
    """Opened 09-02: 90 days to 12-01; one extension of 30 days to 12-31, and no second one."""
    case = flow.notified_small()
    assert case.decision_due == D(2026, 12, 1)
    refused(ActionError, "第六十条", case, lambda: flow.decide(case, D(2026, 12, 2)))
    refused(Forbidden, "第五十四条", case, lambda: actions.extend_decision_limit(
        case, reason="案情复杂", on_date=D(2026, 11, 30), acting_user=flow.officer))
    case = actions.extend_decision_limit(case, reason="案情复杂，需补充鉴定", on_date=D(2026, 11, 30),
                                         acting_user=flow.head)
    assert (case.decision_due, case.decision_extended_days) == (D(2026, 12, 31), 30)
    refused(ActionError, "第六十条", case, lambda: actions.extend_decision_limit(
        case, reason="仍需补充", on_date=D(2026, 12, 20), acting_user=flow.head))
    refused(ActionError, "第六十条", case, lambda: flow.decide(case, D(2027, 1, 1)))
    assert flow.decide(case, D(2026, 12, 31)).status == Status.DECIDED


def test_no_extension_after_the_limit_has_run_out(flow):
    case = flow.notified_small()
    refused(ActionError, "第六十条", case, lambda: actions.extend_decision_limit(
        case, reason="案情复杂", on_date=D(2026, 12, 2), acting_user=flow.head))


def test_decision_needs_the_partys_address(flow):
    case = flow.notified_small(party_address="")
    refused(ActionError, "第五十九条", case, lambda: flow.decide(case, D(2026, 9, 29)))


# --- service, payment, closing (APL 61, 67) ---------------------------------------------------------------


def test_electronic_service_needs_consent(flow):
    case = flow.decided_small()
    refused(ActionError, "第六十一条", case, lambda: actions.serve_decision(
        case, served_on=D(2026, 9, 30), method="electronic", acting_user=flow.officer))
    case = actions.serve_decision(case, served_on=D(2026, 9, 30), method="electronic", e_consent=True,
                                  acting_user=flow.officer)
    assert case.service_method == "electronic"


def test_service_after_seven_working_days(flow):
    """Decided 09-29: 09-30, 10-08, 10-09, 10-10, 10-12, 10-13, 10-14."""
    case = flow.decided_small()
    assert case.stage_due == D(2026, 10, 14)
    refused(ActionError, "第六十一条", case, lambda: actions.serve_decision(
        case, served_on=D(2026, 10, 15), method="post", acting_user=flow.officer))
    assert actions.serve_decision(case, served_on=D(2026, 10, 14), method="post",
                                  acting_user=flow.officer).payment_due == D(2026, 10, 29)


def test_payment_enters_only_from_the_ledger(flow, agency_a, officer_b):
    """No one ticks "paid" (罚缴分离, APL 67): the step refuses every user; the bank's record, through
    the fines ledger, sets it."""
    from tests.ledger import pay

    case = actions.serve_decision(flow.decided_small(), served_on=D(2026, 9, 30), method="direct",
                                  acting_user=flow.officer)
    finance = make_user("finance_a", "finance", agency=agency_a)
    for user in (flow.officer, flow.head, finance):
        refused(Forbidden, "第六十七条", case, lambda user=user: actions.record_payment(
            case, paid_on=D(2026, 10, 9), acting_user=user))
    refused(NotFound, None, case, lambda: actions.record_payment(case, paid_on=D(2026, 10, 9), acting_user=officer_b))
    assert pay(case, D(2026, 10, 9), finance).paid_on == D(2026, 10, 9)


def test_close_with_an_unpaid_fine(flow):
    case = actions.serve_decision(flow.decided_small(), served_on=D(2026, 9, 30), method="direct",
                                  acting_user=flow.officer)
    err = refused(ActionError, None, case, lambda: actions.close_case(case, closed_on=D(2026, 10, 20),
                                                                        acting_user=flow.head))
    assert "罚款尚未缴纳" in err.zh


# --- archive, and two people on one case -------------------------------------------------------------------


def closed_case(flow: Flow, agency: Any) -> Case:
    from tests.ledger import pay

    case = actions.serve_decision(flow.decided_small(), served_on=D(2026, 9, 30), method="direct",
                                  acting_user=flow.officer)
    case = pay(case, D(2026, 10, 9), make_user("finance_a", "finance", agency=agency))
    return actions.close_case(case, closed_on=D(2026, 10, 12), acting_user=flow.head)


def test_archived_case_is_frozen_until_reinstated(flow, agency_a):
    case = closed_case(flow, agency_a)
    # 00:30 in Shanghai is still the previous day in UTC: the step is dated by the local day.
    with time_machine.travel(dt.datetime(2026, 10, 21, 0, 30, tzinfo=SHANGHAI), tick=False):
        case = actions.archive_case(case, acting_user=flow.officer)
    assert case.status == Status.ARCHIVED
    assert case.archived_at is not None
    assert CaseStep.objects.get(case=case, step="archive").on_date == D(2026, 10, 21)
    for frozen_step in (
        lambda: actions.close_case(case, closed_on=D(2026, 10, 22), acting_user=flow.head),
        lambda: actions.archive_case(case, acting_user=flow.head),
        lambda: actions.assign_officer(case, flow.crew["chair"], on_date=D(2026, 10, 22), acting_user=flow.head),
        lambda: actions.serve_decision(case, served_on=D(2026, 10, 22), method="direct", acting_user=flow.officer),
        lambda: flow.decide(case, D(2026, 10, 22)),
        lambda: actions.extend_decision_limit(case, reason="补充", on_date=D(2026, 10, 22), acting_user=flow.head),
    ):
        err = refused(ActionError, None, case, frozen_step)
        assert "已归档" in err.zh
    refused(Forbidden, "第五十四条", case, lambda: actions.reinstate_case(case, reason="复议需要调卷",
                                                                         acting_user=flow.officer))
    before_audit = AuditEvent.objects.count()
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        case = actions.reinstate_case(case, reason="行政复议需要调卷", acting_user=flow.head)
    assert (case.status, case.archived_at) == (Status.CLOSED, None)
    step = CaseStep.objects.filter(case=case).order_by("-id").first()
    assert step is not None
    assert (step.step, step.from_status, step.to_status, step.on_date, step.actor_id, step.note) == (
        "reinstate", Status.ARCHIVED, Status.CLOSED, D(2026, 11, 3), flow.head.pk, "行政复议需要调卷")
    assert AuditEvent.objects.count() == before_audit + 1
    assert AuditEvent.objects.order_by("-id").values_list("action", flat=True).first() == "case.reinstate"
    assert verify().ok


def test_stale_version_loses(flow):
    """Two people hold the same case; the first step wins, the second is refused."""
    case = flow.collect(flow.open(flow.register()))
    first, second = reload(case), reload(case)
    actions.close_investigation(first, facts=FACTS, on_date=D(2026, 9, 20), acting_user=flow.officer)
    err = refused(ActionError, None, second, lambda: actions.recuse_officer(
        second, flow.crew["colleague"], reason="回避", on_date=D(2026, 9, 20), acting_user=flow.head))
    assert "案件已被他人更新" in err.zh
    # The caller's own object is stale after a step too: use what the action returns.
    err = refused(ActionError, None, first, lambda: actions.review_case(
        first, opinion="同意。", proposed_types=["fine"], proposed_fine=Decimal("5000"), serious=False,
        on_date=D(2026, 9, 21), acting_user=flow.head))
    assert "案件已被他人更新" in err.zh
    assert CaseOfficer.objects.filter(case=case, recused=True).count() == 0
