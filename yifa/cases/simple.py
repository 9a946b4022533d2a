"""Simple procedure (简易程序, APL 51–52) and on-the-spot collection (APL 68–71).

Only a warning, or a fine of at most 200 yuan (individual) / 3,000 yuan (organisation),
decided on the spot and filed with the agency. Cash on the spot only up to 100 yuan (or
when otherwise hard to collect), against an official receipt; the officer hands it to the
agency within 2 working days and the agency to the bank within 2 more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases import benchmarking, rules
from yifa.cases.actions import require_plausible_dates
from yifa.cases.models import Case, CaseOfficer, CaseStep, OnSpotCollection, Outcome, PartyKind, Procedure, Status
from yifa.cases.procedure import PENALTY
from yifa.discretion import service
from yifa.discretion.engine import Recommendation
from yifa.discretion.models import Benchmark
from yifa.law.models import PowerItem
from yifa.lib import bounds
from yifa.lib.errors import ActionError, refuse
from yifa.lib.idcodes import canonical_party_fields
from yifa.lib.validation import validated
from yifa.registry.models import Agency, Officer
from yifa.workcal.calendar import apply_rule
from yifa.workcal.parameters import parameter_on

if TYPE_CHECKING:
    from yifa.accounts.models import User

SIMPLE_TYPES = frozenset({PowerItem.PenaltyType.WARNING, PowerItem.PenaltyType.FINE})


def simple_fine_limit(party_kind: str, day: dt.date) -> Decimal:
    code = "SIMPLE_FINE_MAX_INDIVIDUAL" if party_kind == PartyKind.INDIVIDUAL else "SIMPLE_FINE_MAX_ORGANISATION"
    return parameter_on(code, day)


def _require_simple_penalty(party_kind: str, types: Sequence[str], fine: Decimal | None, day: dt.date) -> None:
    if not types or not set(types) <= SIMPLE_TYPES:
        raise refuse("简易程序只适用于警告或者小额罚款", "The simple procedure is for warnings and small fines only",
                     "行政处罚法第五十一条", field="decided_types")
    if PowerItem.PenaltyType.FINE in types:
        limit = simple_fine_limit(party_kind, day)
        if fine is None or fine <= 0 or fine > limit:
            raise refuse(f"简易程序罚款不得超过{limit}元", f"A simple-procedure fine may not exceed {limit} yuan",
                         "行政处罚法第五十一条", field="decided_fine")
    elif fine:
        raise ActionError("只给予警告的，不得写罚款金额。", "A warning carries no fine.", field="decided_fine")


def _benchmark_for(power: PowerItem, code: str, day: dt.date) -> Benchmark | None:
    """The power item's benchmark in force on `day` (None: it has none); the officer names it
    when the item has several."""
    rows = service.for_power(power.pk, day)
    if not rows:
        return None
    if code:
        for row in rows:
            if row.code == code:
                return row
        raise ActionError("所选裁量基准不适用于该职权事项。", "That benchmark is not one of this power item's.",
                          field="benchmark")
    if len({row.code for row in rows}) > 1:
        raise ActionError("该职权事项有多个裁量基准，请选择适用的一个。",
                          "This power item has several benchmarks: choose the one that applies.", field="benchmark")
    return rows[0]


def _check_band(case: Case, row: Benchmark, outside_reasons: str, on_date: dt.date) -> tuple[Recommendation, bool]:
    """The on-the-spot fine against the benchmark's band for the facts of a simple case (no amount
    involved, no harm found, not corrected, no factors; the party's same-type history across
    agencies counts): outside it, written reasons are required (APL 34; 国办发〔2022〕27号). The
    APL 51 limits apply on top."""
    _, rec = benchmarking.recommend(case, benchmark=row.code, amount=None, duration_days=0, harm="none",
                                    corrected=False, factors=[], on_date=on_date)
    outside = not rec.contains(case.decided_fine)
    if outside and not outside_reasons.strip():
        low, high = rec.band_min, rec.band_max
        band = f"{low}—{high}元" if low is not None else "不予处罚"
        raise refuse(f"罚款金额不在裁量基准“{row.code}”的建议范围（{band}）内，须书面说明理由",
                     f"The fine lies outside the benchmark's band ({low}–{high}): give written reasons",
                     "行政处罚法第三十四条；国办发〔2022〕27号", field="outside_reasons")
    return rec, outside


def decide_on_the_spot(
    *, agency: Agency, power: PowerItem, officers: Sequence[Officer], decided_on: dt.date,
    decided_types: Sequence[str], decided_fine: Decimal | None, facts: str, acting_user: User,
    benchmark: str = "", outside_reasons: str = "", **party: Any,
) -> Case:
    """当场处罚: decided and handed over on the spot by certified officers who show their certificates.
    Where the power item has a discretion benchmark, a fine is measured against its band: outside
    it needs written reasons, and the assessment is kept with the decision and flagged (APL 34)."""
    probe = Case(agency=agency)
    rules.require_agency_staff(acting_user, probe)
    if acting_user.officer_id not in {o.pk for o in officers}:
        raise refuse("当场处罚须由在场的执法人员作出", "Only an officer on the spot may decide", "行政处罚法第五十二条")
    if power.agency_id != agency.pk or power.category != PowerItem.Category.PENALTY:
        raise refuse("所选事项不是本机关的行政处罚职权", "Not this agency's penalty power", "行政处罚法第十七条", field="power")
    if decided_fine is not None:
        decided_fine = bounds.check_money(decided_fine, "decided_fine", "罚款金额（元）")
    _require_simple_penalty(party.get("party_kind", ""), decided_types, decided_fine, decided_on)
    if not facts.strip():
        raise ActionError("请写明违法事实。", "State the facts.", field="facts")
    party = canonical_party_fields(party)
    case = Case(
        agency=agency, power=power, procedure=Procedure.SIMPLE, status=Status.SERVED, created_by=acting_user,
        source="inspection", registered_on=decided_on, discovered_on=decided_on, opened_on=decided_on,
        act_ended_on=party.pop("act_ended_on", decided_on), outcome=Outcome.PENALTY,
        decided_types=list(decided_types), decided_fine=decided_fine, decided_on=decided_on,
        proposed_types=list(decided_types), proposed_fine=decided_fine, notified_on=decided_on,
        served_on=decided_on, service_method="on_the_spot", title=party.pop("title", power.name), **party,
    )
    validated(case, exclude=["number"])
    require_plausible_dates(case)
    rules.require_two_investigators(officers, case, decided_on)
    filing = apply_rule("APL_SIMPLE_FILING", decided_on).deadline
    case.stage_due, case.stage_rule, case.calendar_version = filing.due, "APL_SIMPLE_FILING", filing.calendar_version
    if decided_fine:
        case.payment_due = apply_rule("APL_PAYMENT", decided_on).deadline.due
    row = _benchmark_for(power, benchmark, case.act_ended_on) if decided_fine else None
    rec, outside = _check_band(case, row, outside_reasons, decided_on) if row else (None, False)
    data: dict[str, Any] = {"types": list(decided_types), "fine": str(decided_fine or ""),
                            "officers": [o.pk for o in officers]}
    with transaction.atomic():
        case.save()
        assessment = None
        if row is not None and rec is not None:
            facts_found: dict[str, Any] = {"benchmark": row.code, "amount": None, "duration_days": 0, "harm": "none",
                           "corrected": False, "factors": []}
            assessment = benchmarking.new_assessment(case, row, rec, facts_found, decided_on, acting_user)
            benchmarking.mark_decided(assessment, decided_fine, outside, outside_reasons)
            data["discretion"] = assessment.explanation | {"outside_band": outside,
                                                          "outside_reasons": assessment.outside_reasons}
        CaseOfficer.objects.bulk_create(
            CaseOfficer(case=case, officer=o, is_lead=o.pk == acting_user.officer_id, assigned_on=decided_on)
            for o in officers
        )
        CaseStep.objects.create(case=case, step="decide_on_the_spot", to_status=case.status, at=timezone.now(),
                                on_date=decided_on, actor=acting_user, note=facts, data=data)
        PENALTY.refresh_worklist(case, acting_user=acting_user, step="decide_on_the_spot")
        record("case.decide_on_the_spot", case, acting_user=acting_user, after=snapshot(case))
        if assessment is not None:
            benchmarking.audit("discretion.decided", assessment, acting_user)
    return case


@PENALTY.performs("file")
def file_with_agency(case: Case, *, filed_on: dt.date, acting_user: User) -> Case:
    """备案 (APL 52): the on-the-spot decision is filed with the agency."""

    def gates(c: Case) -> None:
        if c.procedure != Procedure.SIMPLE or c.steps.filter(step="file").exists():
            raise ActionError("只有未备案的简易程序案件需要备案。", "Only unfiled simple-procedure cases are filed.")

    data: dict[str, Any] = {}

    def change(c: Case) -> None:
        # Worked out on the locked row, once the status and gates hold (a simple case has a decision).
        assert c.decided_on is not None
        data["late"] = filed_on > apply_rule("APL_SIMPLE_FILING", c.decided_on).deadline.due
        if c.stage_rule == "APL_SIMPLE_FILING":  # a cash hand-over stage, if any, stays the current one
            c.stage_due, c.stage_rule = (c.payment_due, "APL_PAYMENT") if c.decided_fine and not c.paid_on else (None, "")

    return PENALTY.run("file", case, acting_user=acting_user, on_date=filed_on, gates=[gates], change=change, data=data)


@PENALTY.performs("collect")
def collect_on_the_spot(
    case: Case, *, amount: Decimal, receipt_no: str, collected_on: dt.date, hard_to_collect: str = "",
    remote_area: str = "", party_requested: bool = False, acting_user: User,
) -> Case:
    """当场收缴 (APL 68–70): a simple-procedure fine, small or otherwise hard to collect (APL 68);
    or any decision, simple or ordinary (arts. 51, 57), in a remote, water or poorly connected
    area where paying at the bank is truly difficult, at the party's request (APL 69). With a receipt."""
    remote = bool(remote_area.strip())

    def gates(c: Case) -> None:
        if remote and not party_requested:
            raise refuse("边远、水上、交通不便地区当场收缴罚款，须经当事人提出", "In a remote area, only at the party's request",
                         "行政处罚法第六十九条", field="party_requested")
        if c.procedure != Procedure.SIMPLE and not remote:
            raise refuse("普通程序作出的罚款，只有在边远、水上、交通不便地区，当事人到银行缴纳确有困难并提出的，才可以当场收缴",
                         "An ordinary-procedure fine is collected on the spot only in a remote, water or poorly "
                         "connected area at the party's request", "行政处罚法第六十九条", field="remote_area")
        if c.decided_fine is None or amount != c.decided_fine or c.paid_on:
            raise ActionError("收缴金额须等于未缴纳的罚款金额。", "Collect exactly the unpaid fine.", field="amount")
        limit = parameter_on("ONSPOT_COLLECTION_MAX", collected_on)
        if c.procedure == Procedure.SIMPLE and not remote and amount > limit and not hard_to_collect.strip():
            raise refuse(f"罚款超过{limit}元的，只有不当场收缴事后难以执行时才可以当场收缴",
                         f"Above {limit} yuan, only when otherwise hard to collect", "行政处罚法第六十八条")
        if not receipt_no.strip():
            raise refuse("当场收缴罚款须出具专用票据", "An official receipt is required", "行政处罚法第七十条")

    def change(c: Case) -> None:
        agency_due = apply_rule("APL_CASH_TO_AGENCY", collected_on).deadline.due
        OnSpotCollection.objects.create(case=c, amount=amount, receipt_no=receipt_no.strip(),
                                        collected_on=collected_on, hard_to_collect=hard_to_collect,
                                        remote_area=remote_area.strip(), party_requested=party_requested,
                                        agency_due=agency_due)
        c.paid_on = collected_on
        c.stage_due, c.stage_rule = agency_due, "APL_CASH_TO_AGENCY"

    return PENALTY.run("collect", case, acting_user=acting_user, on_date=collected_on, gates=[gates], change=change,
                       data={"receipt_no": receipt_no, "remote_area": remote_area.strip(), "party_requested": party_requested})


@PENALTY.performs("hand_over")
def hand_over_cash(case: Case, *, handed_on: dt.date, acting_user: User) -> Case:
    """The officer hands the cash to the agency (APL 71: within 2 working days)."""
    onspot = OnSpotCollection.objects.filter(case=case, handed_on__isnull=True).first()
    if onspot is None:
        raise ActionError("没有待交付的当场收缴款。", "No collected cash awaits hand-over.")

    def change(c: Case) -> None:
        bank_due = apply_rule("APL_AGENCY_TO_BANK", handed_on).deadline.due
        OnSpotCollection.objects.filter(pk=onspot.pk).update(handed_on=handed_on, bank_due=bank_due)
        c.stage_due, c.stage_rule = bank_due, "APL_AGENCY_TO_BANK"

    return PENALTY.run("hand_over", case, acting_user=acting_user, on_date=handed_on, change=change, data={"late": handed_on > onspot.agency_due})


@PENALTY.performs("bank")
def bank_cash(case: Case, *, banked_on: dt.date, acting_user: User) -> Case:
    """The agency pays the cash into the designated bank (APL 71: within 2 working days)."""
    onspot = OnSpotCollection.objects.filter(case=case, handed_on__isnull=False, banked_on__isnull=True).first()
    if onspot is None:
        raise ActionError("没有待缴付银行的罚款。", "No cash awaits payment into the bank.")

    def change(c: Case) -> None:
        OnSpotCollection.objects.filter(pk=onspot.pk).update(banked_on=banked_on)
        c.stage_due, c.stage_rule = None, ""

    return PENALTY.run("bank", case, acting_user=acting_user, on_date=banked_on, change=change,
                    data={"late": bool(onspot.bank_due and banked_on > onspot.bank_due)})
