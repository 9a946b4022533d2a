"""Penalty cases, ordinary procedure (APL ch. V §3): one action per step.

Each step is declared once in yifa.cases.procedure (statuses, who may act, inputs); here is
its body, bound with `PENALTY.performs`: the gates and the change, run by the workflow core's
executor (`PENALTY.run`: lock the case, refuse a stale caller, check the statutory gates,
change it, keep the step's record and the audit event — in one transaction). A refused step
raises a refusal naming the article and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.chain import Change
from yifa.audit.record import record, snapshot
from yifa.cases import benchmarking, rules
from yifa.cases.models import Case, CaseOfficer, CaseStep, Hearing, Mitigation, Outcome, Status
from yifa.cases.procedure import BEFORE_DECISION, PENALTY, SERVICE_METHODS
from yifa.documents.numbering import next_number
from yifa.evidence.models import Evidence
from yifa.law.models import PowerItem, Provision
from yifa.lib import bounds, rows
from yifa.lib.bulk import adapter, insert_rows, update_rows
from yifa.lib.errors import ActionError, refuse
from yifa.lib.idcodes import canonical_party_fields
from yifa.lib.rows import select_in
from yifa.lib.validation import validated
from yifa.lib.workdays import DayUnit
from yifa.registry.models import Agency, Officer
from yifa.workcal.calendar import apply_rule, count_days

if TYPE_CHECKING:
    from yifa.accounts.models import User

__all__ = ["BEFORE_DECISION", "SERVICE_METHODS"]  # re-exported: declared with the procedure


def _set_stage(case: Case, rule_code: str, start: dt.date) -> dt.date:
    result = apply_rule(rule_code, start)
    case.stage_due, case.stage_rule = result.deadline.due, rule_code
    case.calendar_version = result.deadline.calendar_version
    return result.deadline.due


def require_plausible_dates(case: Case) -> None:
    """A lead's dates are facts that have happened (not after today, not centuries ago) and a
    party's birth date is a birth date (yifa.lib.bounds)."""
    labels = {"act_ended_on": "违法行为终了日期", "discovered_on": "发现日期", "registered_on": "登记日期"}
    for name, label in labels.items():
        bounds.check_past_date(getattr(case, name), name, label)
    if case.party_birth_date is not None:
        bounds.check_birth_date(case.party_birth_date, "party_birth_date", "出生日期")


def register_case(*, agency: Agency, power: PowerItem, acting_user: User, **fields: Any) -> Case:
    """Register a lead (线索): the source, the party and the act, before any decision to open."""
    probe = Case(agency=agency)
    rules.require_agency_staff(acting_user, probe)
    if power.agency_id != agency.pk or power.category != PowerItem.Category.PENALTY:
        raise refuse("所选事项不是本机关的行政处罚职权", "The power item is not this agency's penalty power",
                     "行政处罚法第十七条", field="power")
    # The action is the guard: a code that fails its check character, or a masked one, never lands.
    fields = canonical_party_fields(fields)
    case = Case(agency=agency, power=power, created_by=acting_user, status=Status.REGISTERED, **fields)
    validated(case, exclude=["number"])
    require_plausible_dates(case)
    if case.discovered_on < case.act_ended_on or case.registered_on < case.discovered_on:
        raise ActionError("日期顺序有误：违法行为终了 ≤ 发现 ≤ 登记。",
                          "Dates out of order: act ended ≤ discovered ≤ registered.", field="discovered_on")
    with transaction.atomic():
        case.save()
        CaseStep.objects.create(case=case, step="register", to_status=case.status, at=timezone.now(),
                                on_date=case.registered_on, actor=acting_user, data={"source": case.source})
        PENALTY.refresh_worklist(case, acting_user=acting_user, step="register")
        record("case.register", case, acting_user=acting_user, after=snapshot(case))
    return case


@PENALTY.performs("open")
def open_case(case: Case, *, opened_on: dt.date, officers: Sequence[Officer], lead: Officer, acting_user: User) -> Case:
    """立案 (APL 54): the head approves; limitation checked; two certified investigators assigned."""

    def gates(c: Case) -> None:
        rules.require_within_limitation(c)
        rules.require_two_investigators(officers, c, opened_on)
        if lead not in officers:
            raise ActionError("主办人员须在办案人员之中。", "The lead officer must be one of the officers.", field="lead")

    def change(c: Case) -> None:
        c.opened_on = opened_on
        c.number = next_number(c.agency, "case_opening", opened_on)
        decision = apply_rule("APL_DECISION", opened_on)
        c.decision_due = decision.deadline.due
        _set_stage(c, "APL_DECISION", opened_on)
        insert_rows(CaseOfficer, ["case_id", "officer_id", "is_lead", "assigned_on", "recused", "recusal_reason"],
                    [[c.pk, o.pk, o.pk == lead.pk, opened_on, False, ""] for o in officers])

    return PENALTY.run("open", case, acting_user=acting_user, on_date=opened_on, gates=[gates], change=change,
                    data={"officers": [o.pk for o in officers], "lead": lead.pk})


@PENALTY.performs("decline")
def decline_case(case: Case, *, reason: str, on_date: dt.date, acting_user: User) -> Case:
    if not reason.strip():
        raise ActionError("请写明不予立案的理由。", "Give the reason for not opening a case.", field="reason")
    return PENALTY.run("decline", case, acting_user=acting_user, on_date=on_date, note=reason)


@PENALTY.performs("assign")
def assign_officer(case: Case, officer: Officer, *, on_date: dt.date, acting_user: User) -> Case:

    def change(c: Case) -> None:
        rules.require_certified([officer], c, on_date)
        CaseOfficer.objects.update_or_create(case=c, officer=officer,
                                             defaults={"assigned_on": on_date, "recused": False})

    return PENALTY.run("assign", case, acting_user=acting_user, on_date=on_date, change=change, data={"officer": officer.pk})


@PENALTY.performs("recuse")
def recuse_officer(case: Case, officer: Officer, *, reason: str, on_date: dt.date, acting_user: User) -> Case:
    """APL 43: an officer with a direct interest withdraws; the head decides."""

    def change(c: Case) -> None:
        if not c.assignments.filter(officer=officer, recused=False).update(recused=True, recusal_reason=reason):
            raise ActionError("该执法人员不在本案办案人员之中。", "That officer is not on this case.", field="officer")

    return PENALTY.run("recuse", case, acting_user=acting_user, on_date=on_date, change=change, note=reason, data={"officer": officer.pk})


@PENALTY.performs("investigate")
def close_investigation(case: Case, *, facts: str, on_date: dt.date, acting_user: User,
                        incapacity_found: bool = False, incapacity_basis: str = "") -> Case:
    """调查终结: the facts as found, by at least two certified, non-recused investigators. Again
    after a failed legal review sent the case back (补充调查), with the facts as now found."""

    def gates(c: Case) -> None:
        if c.status == Status.INVESTIGATED and not rules.sent_back(c):
            raise ActionError("调查已终结；只有法制审核未通过、退回补充调查的，才再次调查终结。",
                              "The investigation is closed; it closes again only after a failed legal review "
                              "sent the case back.")
        rules.require_two_investigators(rules.active_officers(c), c, on_date)
        if not facts.strip():
            raise ActionError("请写明调查认定的违法事实。", "State the facts found.", field="facts")
        if not rows.exists(Evidence, case_id=c.pk):
            raise refuse("违法事实不清、证据不足的，不得给予行政处罚：调查终结前须收集至少一份证据",
                         "No penalty without clear facts and sufficient evidence: collect at least one piece of "
                         "evidence before closing the investigation", "行政处罚法第四十条", field="evidence")

        if incapacity_found and not incapacity_basis.strip():
            raise refuse("认定当事人不能辨认或者不能控制自己行为的，须写明依据", "State what the finding of incapacity rests on",
                         "行政处罚法第三十一条", field="incapacity_basis")

    def change(c: Case) -> None:
        # The finding is the investigation's, as now found (a re-investigation may change it).
        c.incapacity_found, c.incapacity_basis = incapacity_found, incapacity_basis.strip() if incapacity_found else ""

    return PENALTY.run("investigate", case, acting_user=acting_user, on_date=on_date, gates=[gates], change=change,
                       note=facts, data={"incapacity_found": incapacity_found} if incapacity_found else None)


@PENALTY.performs("review")
def review_case(
    case: Case, *, opinion: str, proposed_types: Sequence[str], proposed_fine: Decimal | None,
    serious: bool, on_date: dt.date, acting_user: User,
    proposed_gains: Decimal | None = None, proposed_property_value: Decimal | None = None,
    violated_provisions: Sequence[Provision] | None = None, penalty_provisions: Sequence[Provision] | None = None,
) -> Case:
    """审查: the proposed penalties (APL 9 types, each with its amount or value), and whether the
    case is serious (collective discussion). The types' rows say which bring the hearing right.
    The provisions the case cites (违则, 罚则) are chosen here from the power item's, each kept with
    its version in force when the act ended; none chosen: all the power item's."""
    amounts = rules.Amounts(proposed_fine, proposed_gains, proposed_property_value)
    kinds = rules.require_known_types(case, proposed_types, on_date, "proposed_types")
    rules.require_amounts(kinds, amounts, "proposed")
    provisions = {"violated": rules.chosen_provisions(case, "violated", violated_provisions, "violated_provisions"),
                  "penalty": rules.chosen_provisions(case, "penalty", penalty_provisions, "penalty_provisions")}

    def gate(c: Case) -> None:
        if c.notified_on is not None:  # a re-review stays within the notice already given (APL 44, 45)
            rules.require_not_heavier(c, proposed_types, amounts, what="拟作出")

    def change(c: Case) -> None:
        c.proposed_types, c.proposed_fine, c.serious = list(proposed_types), proposed_fine, serious
        c.proposed_gains, c.proposed_property_value = proposed_gains, proposed_property_value
        c.hearing_right = rules.has_hearing_right(c, on_date)
        c.penalty_effects = {**(c.penalty_effects or {}), "proposed": rules.effects(c, proposed_types, amounts, on_date)}
        c.provisions = provisions

    return PENALTY.run("review", case, acting_user=acting_user, on_date=on_date, gates=[gate], change=change, note=opinion,
                    data={"proposed_types": list(proposed_types), "proposed_fine": str(proposed_fine or ""),
                          "proposed_gains": str(proposed_gains or ""),
                          "proposed_property_value": str(proposed_property_value or ""),
                          "violated_provisions": [p["id"] for p in provisions["violated"]],
                          "penalty_provisions": [p["id"] for p in provisions["penalty"]]})


@PENALTY.performs("legal_review")
def legal_review(case: Case, *, passed: bool, opinion: str, on_date: dt.date, acting_user: User) -> Case:
    """法制审核 (APL 58): by a qualified reviewer of the agency who did not investigate the case
    (the step's actor, yifa.cases.procedure.REVIEWER). A failed review sends the case back."""
    if not opinion.strip():
        raise ActionError("请填写审核意见。", "Write the review opinion.", field="opinion")

    def gate(c: Case) -> None:
        hearing = c.current_hearing
        if c.status == Status.HEARING and (hearing is None or hearing.held_on is None):
            raise ActionError("听证尚未举行。", "The hearing has not been held yet.")

    def change(c: Case) -> None:
        c.status = Status.LEGAL_REVIEWED if passed else Status.INVESTIGATED

    return PENALTY.run("legal_review", case, acting_user=acting_user, on_date=on_date, gates=[gate], change=change,
                       note=opinion, data={"passed": passed})


@PENALTY.performs("discuss")
def collective_discussion(
    case: Case, *, participants: Sequence[str], conclusion: str, on_date: dt.date, acting_user: User,
) -> Case:
    """集体讨论 (APL 57): the heads decide serious cases together; the record lists who attended."""
    if len(participants) < 2 or not conclusion.strip():
        raise ActionError("集体讨论须记录参加人员（至少2人）和讨论结论。",
                          "Record the participants (at least 2) and the conclusion.", field="participants")
    return PENALTY.run("discuss", case, acting_user=acting_user, on_date=on_date, gates=[lambda c: rules.require_legal_review(c, on_date)],
                    note=conclusion, data={"participants": list(participants)})


@PENALTY.performs("notify")
def notify_case(case: Case, *, notified_on: dt.date, acting_user: User) -> Case:
    """事先告知 (APL 44): the proposed penalty, facts, reasons, basis and the party's rights.

    A case re-reviewed after a notice (a failed legal review sent it back) may be notified again:
    each notice is a new round, with the statement period or the 5 working days to request a
    hearing counted from it, and a hearing of its own. The re-review stays within the notice
    already given (review_case), so a new notice is never heavier (APL 45)."""
    data: dict[str, Any] = {}

    def gates(c: Case) -> None:
        if not rules.reviewed_since_notice(c):
            raise refuse("拟作出的行政处罚已告知当事人；重新审查后才能再次告知",
                         "The proposed penalty has already been notified; notify again only after a re-review",
                         "行政处罚法第四十四条")
        rules.require_legal_review(c, notified_on)
        rules.require_discussion(c)

    def change(c: Case) -> None:
        c.notice_round += 1
        c.notified_on = notified_on
        c.hearing_right = rules.has_hearing_right(c, notified_on)
        # The party's rights start afresh with each notice.
        c.hearing_waived, c.hearing_requested_on = False, None
        _set_stage(c, "APL_HEARING_REQUEST" if c.hearing_right else "APL_STATEMENT", notified_on)
        data["round"] = c.notice_round  # kept with the step (the dict is the step record's data)

    return PENALTY.run("notify", case, acting_user=acting_user, on_date=notified_on, gates=[gates], change=change, data=data)


@PENALTY.performs("waive")
def waive_rights(case: Case, *, on_date: dt.date, acting_user: User) -> Case:
    """The party states in writing that it will not state, defend or request a hearing."""
    return PENALTY.run("waive", case, acting_user=acting_user, on_date=on_date, change=lambda c: setattr(c, "hearing_waived", True))


@PENALTY.performs("request_hearing")
def request_hearing(case: Case, *, requested_on: dt.date, acting_user: User) -> Case:
    """The party asks for a hearing on the current notice, within 5 working days of it (APL 64)."""
    data: dict[str, Any] = {}

    def gates(c: Case) -> None:
        if not c.hearing_right:
            raise refuse("本案拟作出的处罚不属于听证范围", "This penalty carries no hearing right", "行政处罚法第六十三条")
        # The window of this notice: notify_case set it from the notice's own date.
        if c.stage_rule == "APL_HEARING_REQUEST" and c.stage_due and requested_on > c.stage_due:
            raise refuse(f"听证申请应在告知后5个工作日内（{c.stage_due}前）提出", "The request came too late",
                         "行政处罚法第六十四条第（一）项")

    def change(c: Case) -> None:
        c.hearing_requested_on = requested_on
        Hearing.objects.create(case=c, notice_round=c.notice_round, requested_on=requested_on)
        c.stage_due, c.stage_rule = None, ""
        data["round"] = c.notice_round

    return PENALTY.run("request_hearing", case, acting_user=acting_user, on_date=requested_on, gates=[gates], change=change, data=data)


@PENALTY.performs("schedule_hearing")
def schedule_hearing(
    case: Case, *, notice_served_on: dt.date, scheduled_for: dt.date, chair: Officer, public: bool = True,
    acting_user: User,
) -> Case:
    earliest = count_days(notice_served_on, 7, DayUnit.WORKING).due
    data: dict[str, Any] = {"scheduled_for": scheduled_for.isoformat(), "chair": chair.pk}

    def gates(c: Case) -> None:
        hearing = c.current_hearing
        if hearing is None or hearing.held_on is not None:
            raise ActionError("本次告知后没有待举行的听证。", "No hearing is pending on the current notice.")
        if scheduled_for < earliest:
            raise refuse(f"听证通知应在举行听证的7个工作日前送达（最早{earliest}）",
                         f"Notice must be served 7 working days before (earliest {earliest})",
                         "行政处罚法第六十四条第（二）项")
        if chair.pk in rules.investigators(c):
            raise refuse("听证由本案调查人员以外的人员主持", "The chair may not have investigated the case",
                         "行政处罚法第六十四条第（四）项")
        rules.require_certified([chair], c, scheduled_for)

    def change(c: Case) -> None:
        Hearing.objects.filter(case=c, notice_round=c.notice_round).update(
            notice_served_on=notice_served_on, scheduled_for=scheduled_for, chair=chair, public=public)
        data["round"] = c.notice_round
        c.stage_due, c.stage_rule = scheduled_for, "APL_HEARING_NOTICE"

    return PENALTY.run("schedule_hearing", case, acting_user=acting_user, on_date=notice_served_on, gates=[gates], change=change,
                    data=data)


@PENALTY.performs("record_hearing")
def record_hearing(case: Case, *, held_on: dt.date, record_text: str, acting_user: User) -> Case:
    """The hearing record (听证笔录) on which the decision must rest (APL 65)."""
    data: dict[str, Any] = {}

    def gates(c: Case) -> None:
        hearing = c.current_hearing
        if hearing is None or hearing.scheduled_for is None or held_on < hearing.scheduled_for:
            raise ActionError("听证尚未按通知的日期举行。", "The hearing has not been held as noticed.")
        if not record_text.strip():
            raise refuse("听证应当制作笔录", "A hearing record is required", "行政处罚法第六十四条第（八）项")

    def change(c: Case) -> None:
        Hearing.objects.filter(case=c, notice_round=c.notice_round).update(held_on=held_on, record=record_text)
        data["round"] = c.notice_round
        c.stage_due, c.stage_rule = c.decision_due, "APL_DECISION"

    return PENALTY.run("record_hearing", case, acting_user=acting_user, on_date=held_on, gates=[gates], change=change, note=record_text,
                    data=data)


@PENALTY.performs("extend")
def extend_decision_limit(case: Case, *, reason: str, on_date: dt.date, acting_user: User) -> Case:
    """APL 60: where the sector's rules allow, the head may extend the 90-day limit once."""

    def gates(c: Case) -> None:
        if c.decision_extended_days:
            raise refuse("办案期限已延长过一次", "The limit has already been extended", "行政处罚法第六十条")
        if c.decision_due and on_date > c.decision_due:
            raise refuse(f"办案期限已于{c.decision_due}届满，不能再延长", "The limit has already run out",
                         "行政处罚法第六十条")
        if not reason.strip():
            raise ActionError("请写明延长理由。", "Give the reason for extending.", field="reason")

    def change(c: Case) -> None:
        assert c.decision_due is not None
        extended = apply_rule("APL_DECISION_EXTENSION", c.decision_due).deadline.due
        c.decision_extended_days = (extended - c.decision_due).days
        c.decision_due = extended
        if c.stage_rule == "APL_DECISION":
            c.stage_due = extended

    return PENALTY.run("extend", case, acting_user=acting_user, on_date=on_date, gates=[gates], change=change, note=reason)


@PENALTY.performs("decide")
def decide_case(
    case: Case, *, outcome: str, decided_types: Sequence[str], decided_fine: Decimal | None,
    decided_on: dt.date, reasons: str, acting_user: User, outside_reasons: str = "", decided_gains: Decimal | None = None,
    decided_property_value: Decimal | None = None, mitigation: str = "", detention_transferred: bool = False,
) -> Case:
    """作出决定 (APL 57–62): after notice and the party's time; never heavier than notified; measured
    against the discretion benchmark (APL 34), whose explanation is kept with the decision; no
    penalty under 14 or without capacity, lighter from 14 to 18 (APL 30, 31)."""
    amounts = rules.Amounts(decided_fine, decided_gains, decided_property_value)
    if mitigation and mitigation not in Mitigation.values:
        raise ActionError("从轻或减轻的选项无效。", "Unknown mitigation.", field="mitigation")
    data: dict[str, Any] = {"outcome": outcome, "types": list(decided_types), "fine": str(decided_fine or ""),
                            "gains": str(decided_gains or ""), "property_value": str(decided_property_value or ""),
                            "mitigation": mitigation, "detention_transferred": detention_transferred}
    benchmark = benchmarking.AtDecision(outcome, decided_fine, outside_reasons, decided_on, data, acting_user)

    def gates(c: Case) -> None:
        if c.notified_on is None:
            raise refuse("未事先告知当事人拟作出的处罚及其权利的，不得作出行政处罚决定",
                         "No decision without prior notice", "行政处罚法第四十四条、第六十二条")
        if decided_on < c.notified_on:
            raise refuse(f"决定日期不得早于事先告知日期（{c.notified_on}）", "The decision is dated before the notice",
                         "行政处罚法第四十四条")
        hearing = c.current_hearing  # the hearing requested on the notice in force
        if hearing is not None and (hearing.held_on is None or decided_on < hearing.held_on):
            raise refuse("当事人要求听证的，应当在听证结束后作出决定", "Decide only after the requested hearing",
                         "行政处罚法第六十五条")
        if hearing is None and not c.hearing_waived and c.stage_due and decided_on <= c.stage_due:
            raise refuse(f"当事人陈述、申辩（听证申请）期限至{c.stage_due}，期满前不得作出决定",
                         f"The party's time to respond runs until {c.stage_due}", "行政处罚法第四十五条、第六十四条")
        rules.require_legal_review(c, decided_on)
        rules.require_discussion(c)
        if c.decision_due and decided_on > c.decision_due:
            raise refuse(f"已超过办案期限（{c.decision_due}）", f"Past the decision limit ({c.decision_due})",
                         "行政处罚法第六十条")
        _decision_contents(c, outcome, decided_types, amounts, reasons, decided_on)
        _require_punishable(c, outcome, mitigation, decided_types, detention_transferred, decided_on)

    def change(c: Case) -> None:
        c.outcome, c.decided_types, c.decided_fine = outcome, list(decided_types), decided_fine
        c.decided_gains, c.decided_property_value = decided_gains, decided_property_value
        c.mitigation = mitigation if outcome == Outcome.PENALTY else ""
        c.detention_transferred = detention_transferred
        c.penalty_effects = {**(c.penalty_effects or {}), "decided": rules.effects(c, decided_types, amounts, decided_on)}
        c.decided_on = decided_on
        if outcome != Outcome.TRANSFER:  # a transfer goes by letter to the judicial organ, not by decision
            c.decision_number = next_number(c.agency, "penalty_decision", decided_on)
        _set_stage(c, "APL_SERVICE", decided_on)
        benchmark.change(c)

    return PENALTY.run("decide", case, acting_user=acting_user, on_date=decided_on, gates=[gates, benchmark.gate],
                       change=change, note=reasons, data=data, before_audit=benchmark.audit)


@PENALTY.performs("assess")
def assess_case(case: Case, *, benchmark: str, amount: Decimal | None, duration_days: int, harm: str,
                corrected: bool, factors: Sequence[str], on_date: dt.date, acting_user: User) -> Case:
    """适用裁量基准 (APL 34): the engine's tier, band and explanation for the facts found, with the
    party's same-type history across every agency; kept for the decision to be measured against."""
    facts = {"benchmark": benchmark, "amount": str(amount) if amount is not None else None,
             "duration_days": duration_days, "harm": str(harm), "corrected": corrected, "factors": list(factors)}
    made: list[Any] = []
    data: dict[str, Any] = {}

    def gates(c: Case) -> None:
        row, rec = benchmarking.recommend(c, benchmark=benchmark, amount=amount, duration_days=duration_days,
                                          harm=harm, corrected=corrected, factors=list(factors), on_date=on_date)
        made.append((row, rec))
        data.update(tier=rec.tier, band=[str(rec.band_min or ""), str(rec.band_max or "")], benchmark=row.code)

    def change(c: Case) -> None:
        row, rec = made[-1]
        made.append(benchmarking.new_assessment(c, row, rec, facts, on_date, acting_user))

    return PENALTY.run("assess", case, acting_user=acting_user, on_date=on_date, gates=[gates], change=change,
                       data=data, before_audit=lambda: benchmarking.audit("discretion.assess", made[-1], acting_user))


def _require_punishable(c: Case, outcome: str, mitigation: str, types: Sequence[str], transferred: bool,
                        day: dt.date) -> None:
    """Whom the law lets this agency punish, and how (APL 18(3), 30, 31)."""
    if outcome == Outcome.PENALTY:
        rules.require_punishable(c, mitigation)
    _require_detention_handled(c, types, transferred, day)


def _require_detention_handled(c: Case, types: Sequence[str], transferred: bool, day: dt.date) -> None:
    """APL 18(3): detention is decided by the public-security organ (or another organ the law names);
    an agency without that power transfers it and says so in its decision."""
    if transferred and "detention" not in c.proposed_types:
        raise ActionError("事先告知中没有行政拘留，无需移送。", "Detention was not proposed: nothing to transfer.",
                          field="detention_transferred")
    kind = rules.kinds_on(day).get("detention")
    if "detention" in types and kind is not None and not rules.may_decide(kind, c.power_id):
        raise refuse("限制人身自由的行政处罚权只能由公安机关和法律规定的其他机关行使，本机关应当移送公安机关",
                     "Only the public-security organ may order detention: transfer it", "行政处罚法第十八条第三款",
                     field="decided_types")


def _decision_contents(c: Case, outcome: str, types: Sequence[str], amounts: rules.Amounts, reasons: str,
                       day: dt.date) -> None:
    """APL 59: what a decision must contain, and what each outcome allows."""
    if outcome not in Outcome.values:
        raise ActionError("处理结果无效。", "Unknown outcome.", field="outcome")
    if not (c.party_name and c.party_address):
        raise refuse("决定书须载明当事人的姓名或者名称、地址", "The decision must name the party and address",
                     "行政处罚法第五十九条第一款第（一）项")
    if rules.last_step(c, "investigate") is None or not reasons.strip():
        raise refuse("决定书须载明违法事实、证据和理由", "The decision must state facts, evidence and reasons",
                     "行政处罚法第五十九条第一款第（二）项")
    if outcome == Outcome.PENALTY:
        if not types:
            raise ActionError("给予处罚的，须写明处罚种类。", "A penalty decision names its penalties.", field="decided_types")
        if not c.power.penalty_provisions.exists():
            raise refuse("决定书须载明行政处罚的依据", "The decision must cite its legal basis",
                         "行政处罚法第五十九条第一款第（三）项")
        rules.require_amounts(rules.require_known_types(c, types, day, "decided_types"), amounts, "decided")
        rules.require_not_heavier(c, types, amounts)
    elif types or amounts.fine or amounts.confiscated:
        raise ActionError("不予处罚、违法事实不能成立或移送司法机关的，不得写处罚内容。",
                          "Only a penalty decision carries penalties.", field="decided_types")


@PENALTY.performs("serve")
def serve_decision(case: Case, *, served_on: dt.date, method: str, e_consent: bool = False, acting_user: User) -> Case:
    """送达 (APL 61): on the spot, or within 7 working days; electronic only with signed consent."""

    def gates(c: Case) -> None:
        if method not in SERVICE_METHODS:
            raise ActionError("送达方式无效。", "Unknown method of service.", field="method")
        if method == "electronic" and not e_consent:
            raise refuse("当事人同意并签订确认书的，才可以电子送达", "Electronic service needs the party's signed consent",
                         "行政处罚法第六十一条第二款")
        if c.decided_on and served_on < c.decided_on:
            raise ActionError("送达日期早于决定日期。", "Served before it was decided.", field="served_on")
        if method == "on_the_spot" and served_on != c.decided_on:
            raise ActionError("当场交付须在决定当日。", "On-the-spot service is on the day of decision.", field="served_on")
        if c.stage_due and served_on > c.stage_due:
            raise refuse(f"当事人不在场的，应在7个工作日内（{c.stage_due}前）送达", "Serve within 7 working days",
                         "行政处罚法第六十一条第一款")

    def change(c: Case) -> None:
        c.served_on, c.service_method = served_on, method
        if c.decided_fine:
            c.payment_due = _set_stage(c, "APL_PAYMENT", served_on)
        else:
            c.stage_due, c.stage_rule = None, ""

    return PENALTY.run("serve", case, acting_user=acting_user, on_date=served_on, gates=[gates], change=change, data={"method": method, "e_consent": e_consent})


@PENALTY.performs("payment")
def record_payment(case: Case, *, paid_on: dt.date, acting_user: User) -> Case:
    """Declared for the step's record and label only: its actor (`procedure.LEDGER`) refuses every
    user, so no agency can tick "paid" (APL 67). Payments enter through `settle_from_ledger`."""

    def gates(c: Case) -> None:
        if not c.decided_fine:
            raise ActionError("本案没有罚款。", "This case has no fine.")
        if c.paid_on:
            raise ActionError("已登记缴款。", "Payment is already recorded.")

    def change(c: Case) -> None:
        c.paid_on = paid_on
        c.stage_due, c.stage_rule = None, ""

    return PENALTY.run("payment", case, acting_user=acting_user, on_date=paid_on, gates=[gates], change=change)


def settle_from_ledger(paid: Sequence[tuple[int, dt.date]], *, acting_user: User,
                       data: dict[str, Any]) -> list[int]:
    """The fines ledger's entry of payments from the bank's records (yifa.fines, 罚缴分离, APL 67):
    each served case whose fine is now paid in full gets its `paid_on`, a "payment" step record
    and a new version. Called inside the ledger's transaction, many cases at once (a bank
    statement settles thousands); returns the ids settled. The audit events are written by the
    caller after all its locks (docs/architecture.md, "Lock order"): `payment_changes`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("settle_from_ledger runs inside the ledger's transaction")
    day_of = dict(paid)
    # Plain rows, not model objects (a statement settles thousands of cases).
    rows = select_in(Case, ("id", "status", "stage_due", "stage_rule", "version"), "id", list(day_of), lock=True,
                     nulls={"paid_on": True, "decided_fine": False}, status=Status.SERVED.value)
    # The values every step row shares are adapted for the driver once, each day once.
    adapt = adapter()
    now, shared, actor_id, days = adapt(timezone.now()), adapt(data), acting_user.pk, dict[dt.date, Any]()
    updates, steps = [], []
    for pk, status, stage_due, stage_rule, version in rows:
        paid_on = day_of[pk]
        if stage_rule == "APL_PAYMENT":
            stage_due, stage_rule = None, ""
        day = days.get(paid_on) or days.setdefault(paid_on, adapt(paid_on))
        updates.append((pk, day, stage_due and adapt(stage_due), stage_rule, version + 1))
        steps.append([pk, "payment", status, status, now, day, actor_id, "", shared])
    update_rows(Case, ["paid_on", "stage_due", "stage_rule", "version"], updates, adapted=True)
    insert_rows(CaseStep, ["case_id", "step", "from_status", "to_status", "at", "on_date", "actor_id", "note", "data"],
                steps, adapted=True)
    return [row[0] for row in rows]


def payment_changes(settled: Sequence[tuple[int, int, dt.date]], data: dict[str, Any]) -> list[Change]:
    """The audit events of `settle_from_ledger` for (case id, agency id, paid_on). Events of one
    day share their `before` and `after` objects (the chain encodes each once: `append_many`)."""
    before: dict[str, Any] = {"paid_on": None}
    afters: dict[dt.date, dict[str, Any]] = {}
    label = Case._meta.label
    changes = []
    for pk, agency_id, paid_on in settled:
        after = afters.get(paid_on)
        if after is None:
            after = afters[paid_on] = {"paid_on": paid_on.isoformat(), "step": "payment", **data}
        changes.append(Change("case.payment", label, str(pk), agency_id, before, after))
    return changes


@PENALTY.performs("close")
def close_case(case: Case, *, closed_on: dt.date, acting_user: User) -> Case:

    def gates(c: Case) -> None:
        if c.decided_fine and not c.paid_on:
            raise ActionError("罚款尚未缴纳，不能结案（可申请法院强制执行后结案）。",
                              "The fine is unpaid; the case cannot be closed yet.")

    def change(c: Case) -> None:
        c.closed_on = closed_on

    return PENALTY.run("close", case, acting_user=acting_user, on_date=closed_on, gates=[gates], change=change)


@PENALTY.performs("archive")
def archive_case(case: Case, *, acting_user: User) -> Case:
    """归档: the file is frozen; only an audited reinstatement reopens it."""

    def change(c: Case) -> None:
        c.archived_at = timezone.now()

    return PENALTY.run("archive", case, acting_user=acting_user, on_date=timezone.localdate(), change=change)


@PENALTY.performs("reinstate")
def reinstate_case(case: Case, *, reason: str, acting_user: User) -> Case:
    if not reason.strip():
        raise ActionError("请写明调卷重开的理由。", "Give the reason for reinstating.", field="reason")

    def change(c: Case) -> None:
        c.archived_at = None

    return PENALTY.run("reinstate", case, acting_user=acting_user, on_date=timezone.localdate(), change=change, note=reason)


@PENALTY.performs("revoke")
def revoke_decision(case: Case, *, change: str, changed_on: dt.date, basis: str, reasons: str, explanation: str,
                    acting_user: User) -> Case:
    """撤销、变更或确认无效: the decision made is revoked, changed or voided — the agency correcting
    itself (行政处罚法第七十五条) or bound by a reconsideration or court ruling. Recorded once, by the
    head, dated by the day it took effect; the public record is then withdrawn (yifa.disclosure)."""

    def gates(c: Case) -> None:
        if rows.exists(CaseStep, case_id=c.pk, step="revoke"):
            raise ActionError("该决定已记录撤销、变更或确认无效。", "The decision's revocation is already recorded.")
        if c.decided_on is None or changed_on < c.decided_on:
            raise ActionError("撤销、变更或确认无效的日期不能早于决定日期。",
                              "The decision cannot be revoked before it was made.", field="changed_on")
        for name, value in (("basis", basis), ("reasons", reasons), ("explanation", explanation)):
            if not value.strip():
                raise refuse("撤销、变更或确认无效须写明依据、理由和公开说明", "A revocation states its grounds, "
                             "reasons and the public explanation", "行政处罚法第七十五条", field=name)

    return PENALTY.run("revoke", case, acting_user=acting_user, on_date=changed_on, gates=[gates], note=reasons,
                       data={"change": str(change), "basis": basis, "explanation": explanation})
