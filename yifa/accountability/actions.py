"""Writes: recording a reconsideration or lawsuit and its outcome (pausing and resuming the fines
ledger's surcharge through yifa.fines.actions), opening a fault inquiry, and the inquiry's steps
(bodies bound to yifa.accountability.procedure). Each in one transaction with its audit event.

A sanction that suspends or revokes a certificate goes through the registry's own
`change_officer_status`: the officer's status history records it and every "no certificate, no
action" gate refuses him from then on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from yifa.accountability.access import investigates, records_remedies
from yifa.accountability.models import (
    REVERSING,
    Inquiry,
    Outcome,
    Part,
    Remedy,
    RemedyKind,
    Responsible,
    TermKind,
)
from yifa.accountability.procedure import INQUIRIES, POLICY
from yifa.accountability.terms import term_on
from yifa.accountability.trace import trace_responsibility
from yifa.accounts.models import User
from yifa.audit.record import record, snapshot
from yifa.cases.models import Case, Status
from yifa.fines import actions as fines
from yifa.fines.models import PaymentNotice
from yifa.lib import bounds
from yifa.lib.errors import ActionError, Forbidden, refuse
from yifa.registry.actions import change_officer_status
from yifa.workcal.calendar import apply_rule

if TYPE_CHECKING:
    from yifa.registry.models import Officer

REMEDY_RULE = "行政复议法；行政诉讼法；行政处罚法第七十三条"
DECIDED = (Status.DECIDED, Status.SERVED, Status.CLOSED, Status.ARCHIVED)


def _require_recorder(user: User, record: Case | Remedy) -> None:
    if not records_remedies(user, record):
        raise Forbidden.because("行政复议、行政诉讼由作出决定的机关负责人、法制审核人员、罚没财务人员或本区域法制机构登记",
                                "Only the deciding agency's head, legal or finance staff, or the region's legal office "
                                "record a remedy", REMEDY_RULE)


# --- remedies -------------------------------------------------------------------------------------


def record_remedy(case: Case, *, kind: str, body: str, filed_on: dt.date, accepted_on: dt.date,
                  acting_user: User) -> Remedy:
    """A reconsideration or lawsuit against the case's decision, accepted by `body`: while it is
    pending the surcharge on the fine is not counted (a pause in the fines ledger, APL 73(3))."""
    _require_recorder(acting_user, case)
    if kind not in RemedyKind.values:
        raise ActionError("请选择行政复议或行政诉讼。", "Choose reconsideration or lawsuit.", field="kind")
    body = (body or "").strip()
    if len(body) < 2:
        raise ActionError("请填写复议机关或人民法院。", "Name the reconsideration body or the court.", field="body")
    bounds.check_past_date(filed_on, "filed_on")
    bounds.check_past_date(accepted_on, "accepted_on")
    if accepted_on < filed_on:
        raise ActionError("受理日期早于申请日期。", "Accepted before it was filed.", field="accepted_on")
    with transaction.atomic():
        current = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        if current.status not in DECIDED or current.decided_on is None:
            raise refuse("只能对已作出的处罚决定登记复议或诉讼", "Only a decision made can be challenged", REMEDY_RULE)
        if filed_on < current.decided_on:
            raise ActionError("申请日期早于决定日期。", "Filed before the decision.", field="filed_on")
        if Remedy.objects.filter(case=current, outcome=Outcome.PENDING).exists():
            raise ActionError("该决定已有未审结的复议或诉讼。", "A remedy against this decision is already pending.",
                              field="kind")
        notice = PaymentNotice.objects.filter(case=current, fine_paid_on__isnull=True).first()
        pause = (fines.open_pause(notice, kind=kind, started_on=accepted_on, acting_user=acting_user)
                 if notice is not None else None)
        remedy = Remedy.objects.create(case=current, agency_id=current.agency_id, kind=kind, body=body,
                                       filed_on=filed_on, accepted_on=accepted_on, pause=pause,
                                       recorded_by=acting_user)
        record("remedy.file", remedy, acting_user=acting_user, after=snapshot(remedy))
    return remedy


def record_outcome(remedy: Remedy, *, outcome: str, concluded_on: dt.date, document_no: str,
                   acting_user: User) -> Remedy:
    """The body's decision or judgment: the surcharge counts again from the next day (the pause
    ends); a decision changed, revoked or confirmed unlawful counts in the reversal rate."""
    _require_recorder(acting_user, remedy)
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ActionError("请选择审理结果。", "Choose the outcome.", field="outcome")
    document_no = (document_no or "").strip()
    if len(document_no) < 2:
        raise ActionError("请填写决定书或裁判文书号。", "Give the body's document number.", field="document_no")
    bounds.check_past_date(concluded_on, "concluded_on")
    with transaction.atomic():
        current = Remedy.objects.select_for_update(no_key=True).get(pk=remedy.pk)
        if current.outcome != Outcome.PENDING:
            raise ActionError("该复议或诉讼已审结。", "This remedy is already concluded.")
        if concluded_on < current.accepted_on:
            raise ActionError("审结日期早于受理日期。", "Concluded before it was accepted.", field="concluded_on")
        before = snapshot(current)
        if current.pause_id is not None:
            fines.close_pause(current.pause, ended_on=concluded_on, acting_user=acting_user)  # type: ignore[arg-type]
        current.outcome, current.concluded_on, current.document_no = outcome, concluded_on, document_no
        current.version += 1
        current.save(update_fields=["outcome", "concluded_on", "document_no", "version"])
        record("remedy.conclude", current, acting_user=acting_user, before=before, after=snapshot(current))
    return current


# --- inquiries ------------------------------------------------------------------------------------


def _source(source_type: str, source_id: int) -> Any:
    try:
        model = apps.get_model(source_type)
    except (LookupError, ValueError):
        raise ActionError("无法识别的来源类型。", "Unknown source type.", field="source_type") from None
    found = model._default_manager.filter(pk=source_id).first()
    if found is None or not hasattr(found, "agency_id"):
        raise ActionError("来源记录不存在。", "The source record does not exist.", field="source_id")
    return found


def _case_of(source: Any) -> Case | None:
    if isinstance(source, Case):
        return source
    if getattr(source, "case_id", None):
        return Case.objects.get(pk=source.case_id)
    if getattr(source, "record_type", "") == "cases.Case":  # an alert about a case
        return Case.objects.filter(pk=source.record_id).first()
    return None


def open_inquiry(*, source_type: str, source_id: int, summary: str, acting_user: User) -> Inquiry:
    """The legal office opens a fault inquiry from a source record (a remedy's reversing outcome, a
    file-review veto, a substantiated complaint, an evaluation finding, an alert): due in one
    month (rule ACC_DECIDE); the people the case's own record names are proposed as responsible."""
    source = _source(source_type, source_id)
    if not investigates(acting_user, source):
        raise Forbidden.because("只有本区域的法制机构可以启动过错责任追究",
                                "Only the region's legal office may open a fault inquiry", POLICY)
    if isinstance(source, Remedy) and source.outcome not in REVERSING:
        raise refuse("复议或诉讼未撤销、变更或确认违法，不能据此追究", "The remedy did not reverse the decision", POLICY)
    summary = (summary or "").strip()
    if len(summary) < 2:
        raise ActionError("请填写案情摘要。", "Summarise the matter.", field="summary")
    label = source._meta.label
    today = timezone.localdate()
    due = apply_rule("ACC_DECIDE", today)
    case = _case_of(source)
    with transaction.atomic():
        if Inquiry.objects.filter(source_type=label, source_id=source.pk).exists():
            raise ActionError("已就该来源启动过错责任追究。", "An inquiry on this source already exists.")
        inquiry = Inquiry.objects.create(agency_id=source.agency_id, case=case, source_type=label, source_id=source.pk,
                                         summary=summary, opened_on=today, due=due.deadline.due,
                                         due_rule=due.rule.code, opened_by=acting_user)
        if case is not None:
            Responsible.objects.bulk_create([
                Responsible(inquiry=inquiry, part=p.part, user_id=p.user_id, officer_id=p.officer_id, name=p.name,
                            trace=p.trace) for p in trace_responsibility(case)])
        INQUIRIES.log.write(inquiry.pk, "open", "", inquiry.status, today, acting_user, summary,
                            {"source": f"{label}#{source.pk}", "due": due.deadline.due})
        INQUIRIES.refresh_worklist(inquiry, acting_user=acting_user, step="open")
        record("inquiry.open", inquiry, acting_user=acting_user, after=snapshot(inquiry))
    return inquiry


def _codes(values: list[str], kind: str, day: dt.date) -> list[str]:
    codes = [v.strip() for v in values if v.strip()]
    for code in codes:
        if term_on(kind, code, day) is None:
            raise ActionError(f"无效的编码：{code}", f"Unknown code: {code}", field="faults")
    return codes


def _confirmed(inquiry: Inquiry, officers: list[Officer], responsible: list[int]) -> tuple[set[int], list[Officer]]:
    """(the proposed people confirmed, the officers picked whom the record did not name): an officer
    picked confirms every link the record names him at; a non-officer is confirmed by his row."""
    proposed = list(Responsible.objects.filter(inquiry_id=inquiry.pk).only("pk", "officer_id"))
    picked = {o.pk for o in officers}
    try:
        ids = {int(v) for v in responsible}
    except (TypeError, ValueError):
        raise ActionError("责任人编号无效。", "Invalid person number.", field="responsible") from None
    if not ids <= {r.pk for r in proposed if r.officer_id is None}:
        raise ActionError("请从办案记录所载的人员中认定。", "Confirm people from those the record names.",
                          field="responsible")
    rows = {r.pk for r in proposed if r.pk in ids or (r.officer_id is not None and r.officer_id in picked)}
    named = {r.officer_id for r in proposed}
    return rows, [o for o in officers if o.pk not in named]


@INQUIRIES.performs("propose")
def propose(inquiry: Inquiry, *, faults: list[str], findings: str, acting_user: User,
            officers: list[Officer] | None = None, responsible: list[int] | None = None) -> Inquiry:
    """The investigator confirms who is responsible — the officers picked (prefilled with those the
    case's own record names; another officer of the agency may be added) and the other people the
    record names — and the fault types from the catalogue in force."""
    today = timezone.localdate()
    codes = _codes(faults, TermKind.FAULT, today)
    if not codes:
        raise ActionError("请认定过错情形。", "Name at least one fault type.", field="faults")
    rows, added = _confirmed(inquiry, list(officers or []), list(responsible or []))
    if not rows and not added:
        raise ActionError("请认定至少一名责任人。", "Confirm at least one responsible person.", field="officers")
    logins = {u.officer_id: u.pk for u in User.objects.filter(officer__in=added)} if added else {}

    def change(i: Inquiry) -> None:
        i.faults, i.findings = codes, findings
        Responsible.objects.filter(inquiry_id=i.pk).update(confirmed=False)
        Responsible.objects.filter(pk__in=rows).update(confirmed=True)
        Responsible.objects.bulk_create([
            Responsible(inquiry_id=i.pk, part=Part.OTHER, officer_id=o.pk, user_id=logins.get(o.pk), name=o.name,
                        trace=[{"step": "picked", "on": today.isoformat()}], confirmed=True) for o in added])

    return INQUIRIES.run("propose", inquiry, acting_user=acting_user, on_date=today, note=findings, change=change,
                         data={"confirm": sorted(rows), "added": sorted(o.pk for o in added), "faults": codes})


@INQUIRIES.performs("extend")
def extend(inquiry: Inquiry, *, reason: str, acting_user: User) -> Inquiry:
    today = timezone.localdate()

    def change(i: Inquiry) -> None:
        if i.extended:
            raise ActionError("办理期限只能延长一次。", "The deadline can be extended once.")
        due = apply_rule("ACC_EXTEND", i.due)
        i.due, i.due_rule, i.extended = due.deadline.due, due.rule.code, True

    return INQUIRIES.run("extend", inquiry, acting_user=acting_user, on_date=today, note=reason, change=change)


def _decisions(inquiry: Inquiry, lines: list[str], day: dt.date) -> dict[int, tuple[str, str, str]]:
    """{responsible id: (sanction code, exemption code, certificate effect)} for every confirmed person."""
    confirmed = {r.pk: r for r in Responsible.objects.filter(inquiry_id=inquiry.pk, confirmed=True)}
    out: dict[int, tuple[str, str, str]] = {}
    for line in (v.strip() for v in lines if v.strip()):
        pk_text, _, code = line.partition(":")
        try:
            pk = int(pk_text)
        except ValueError:
            raise ActionError(f"格式应为“编号:编码”：{line}", f"Write “number:code”: {line}", field="decisions") from None
        if pk not in confirmed or pk in out:
            raise ActionError(f"责任人编号无效：{pk}", f"Invalid person number: {pk}", field="decisions")
        sanction, exemption = term_on(TermKind.SANCTION, code.strip(), day), term_on(TermKind.EXEMPTION, code.strip(), day)
        if sanction is not None:
            out[pk] = (sanction.code, "", sanction.certificate)
        elif exemption is not None:
            out[pk] = ("", exemption.code, "")
        else:
            raise ActionError(f"无效的编码：{code}", f"Unknown code: {code}", field="decisions")
    if set(out) != set(confirmed):
        raise ActionError("每名认定的责任人都须决定追究方式或免责。", "Decide a sanction or exemption for each person.",
                          field="decisions")
    return out


@INQUIRIES.performs("decide")
def decide(inquiry: Inquiry, *, decided_on: dt.date, decisions: list[str], acting_user: User) -> Inquiry:
    """The decision: a sanction (or an exemption) for each confirmed person. A sanction that
    suspends or revokes the certificate changes the officer's status at once (registry)."""
    bounds.check_past_date(decided_on, "decided_on")
    chosen = _decisions(inquiry, decisions, decided_on)
    people = {r.pk: r for r in Responsible.objects.filter(pk__in=chosen).select_related("officer")}
    for pk, (_, _, effect) in chosen.items():
        if effect and people[pk].officer is None:
            raise ActionError(f"{people[pk].name}没有执法证，不能暂扣或吊销。", f"{people[pk].name} holds no certificate.",
                              field="decisions")

    def change(i: Inquiry) -> None:
        if decided_on < i.opened_on:
            raise ActionError("决定日期早于立项日期。", "Decided before it was opened.", field="decided_on")
        i.decided_on = decided_on
        for pk, (sanction, exemption, _) in chosen.items():
            Responsible.objects.filter(pk=pk).update(sanction=sanction, exemption=exemption)

    def certificates() -> None:
        for pk, (sanction, _, effect) in chosen.items():
            officer = people[pk].officer
            if effect and officer is not None and officer.status != effect:
                change_officer_status(officer, effect, f"过错责任追究（{inquiry}）：{sanction}", acting_user=acting_user)

    return INQUIRIES.run("decide", inquiry, acting_user=acting_user, on_date=decided_on, change=change,
                         data={"decisions": {str(k): v[0] or v[1] for k, v in chosen.items()}},
                         before_audit=certificates)


__all__: list[Any] = ["decide", "extend", "open_inquiry", "propose", "record_outcome", "record_remedy"]
