"""Evidence and preservation actions: guard, one transaction, one audit event each.

Who may act on a case's evidence: an officer assigned to the case (not recused, with a
certificate valid today: APL arts. 42, 55) or the head of the case's agency. An archived
case, or one not open, takes no more evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import transaction
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.record import record, snapshot
from yifa.evidence import storage
from yifa.evidence.models import Evidence, EvidenceKind, Preservation, PreservationDecision
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.workcal.calendar import apply_rule

PRESERVATION_RULE = "APL_PRESERVATION"

#: A penalty case (yifa.cases.models.Case). The cases app builds on evidence, so it is not
#: imported here: the case is reached through the instance it hands in and its relations.
Case: TypeAlias = Any

if TYPE_CHECKING:
    from yifa.accounts.models import User


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its bytes and the name it came with (kept, never trusted)."""

    data: bytes
    name: str


# --- guards --------------------------------------------------------------------------


def is_head_of(user: Any, case: Case) -> bool:
    return bool(user) and user.role == Role.AGENCY_HEAD and user.agency_id == case.agency_id


def _assigned(user: Any, case: Case) -> bool:
    if not getattr(user, "officer_id", None):
        return False
    return bool(case.assignments.filter(officer_id=user.officer_id, recused=False).exists())


def check_case_writable(case: Case, what_zh: str, what_en: str) -> None:
    if case.is_archived:
        raise ActionError(
            f"案件已归档，不能再{what_zh}。", f"The case is archived; no more {what_en}.", rule="案件归档管理规定",
        )
    if not case.is_open:
        raise ActionError(
            f"案件当前状态为“{case.get_status_display()}”，不能{what_zh}。",
            f"The case is {case.status}; it is not open for {what_en}.",
        )


def check_handler(case: Case, user: Any, today: dt.date) -> None:
    """The user handles this case: its agency's head, or an assigned, certified officer."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise Forbidden()
    if user.agency_id != case.agency_id:
        raise NotFound()
    if is_head_of(user, case):
        return
    if not _assigned(user, case):
        raise Forbidden(
            "只有本案承办的执法人员（未回避）或本机关负责人可以办理。",
            "Only an officer assigned to this case (not recused) or the agency head may do this.",
        )
    if not user.officer.may_act_on(today):
        raise ActionError(
            "您的行政执法证件不在有效状态，不能从事执法活动。",
            "Your enforcement certificate is not valid; you may not act.",
            rule="行政处罚法第四十二条",
        )


def locked_case(case: Case) -> Case:
    """The case row, re-read and locked for this transaction (its status may have moved)."""
    return type(case).objects.select_for_update(no_key=True).get(pk=case.pk)


def _not_future(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise ActionError("日期不能晚于今天。", "The date cannot be in the future.", field=field)


# --- evidence ------------------------------------------------------------------------


def add_evidence(
    case: Case, *, kind: str, title: str, upload: Upload | None, acting_user: User,
    description: str = "", collected_on: dt.date | None = None,
) -> Evidence:
    """Register one piece of evidence, with its file stored by content hash."""
    today = timezone.localdate()
    collected_on = collected_on or today
    if kind not in EvidenceKind.values:
        raise ActionError(
            "证据种类须为行政处罚法第四十六条所列八类之一。",
            "The kind must be one of the eight kinds of APL art. 46.", field="kind", rule="行政处罚法第四十六条",
        )
    if not title.strip():
        raise ActionError("请填写证据名称。", "The evidence needs a title.", field="title")
    _not_future(collected_on, today, "collected_on")
    if upload is not None:
        storage.check_upload(upload.data)  # refuse before anything is written
    with storage.blob_guard(), transaction.atomic():
        case = locked_case(case)
        check_handler(case, acting_user, today)
        check_case_writable(case, "增加证据", "evidence")
        stored = storage.put(upload.data) if upload is not None else None
        ev = Evidence.objects.create(
            case=case, kind=kind, title=title.strip(), description=description, collected_on=collected_on,
            collected_by=acting_user, file=stored, original_name=(upload.name if upload else "")[:255],
            sha256=stored.sha256 if stored else "",
        )
        record("evidence.add", ev, acting_user=acting_user, after=snapshot(ev), agency_id=case.agency_id)
    return ev


# --- preservation (APL art. 56) ------------------------------------------------------


def _approver(case: Case, acting_user: User, approved_by: Any) -> Any:
    if is_head_of(acting_user, case):
        return acting_user
    if approved_by is not None and is_head_of(approved_by, case):
        return approved_by
    raise ActionError(
        "先行登记保存须经本机关负责人批准。",
        "Preservation in advance needs the approval of the agency head.",
        field="approved_by", rule="行政处罚法第五十六条",
    )


def record_preservation(
    case: Case, *, items: str, reason: str, preserved_on: dt.date, acting_user: User,
    approved_by: Any = None, location: str = "",
) -> Preservation:
    """Record 先行登记保存 approved by the head; the decision is due in 7 working days."""
    today = timezone.localdate()
    if not items.strip():
        raise ActionError("请填写保存物品清单。", "List the items preserved.", field="items")
    if not reason.strip():
        raise ActionError(
            "请说明证据可能灭失或者以后难以取得的情况。",
            "State why the evidence may be lost or hard to obtain later.", field="reason", rule="行政处罚法第五十六条",
        )
    _not_future(preserved_on, today, "preserved_on")
    with transaction.atomic():
        case = locked_case(case)
        check_handler(case, acting_user, today)
        check_case_writable(case, "先行登记保存", "preservation")
        approver = _approver(case, acting_user, approved_by)
        due = apply_rule(PRESERVATION_RULE, preserved_on)
        p = Preservation.objects.create(
            case=case, items=items.strip(), reason=reason.strip(), location=location, preserved_on=preserved_on,
            approved_by=approver, recorded_by=acting_user, decision_due=due.deadline.due,
            due_rule=PRESERVATION_RULE, calendar_version=due.deadline.calendar_version,
        )
        record("evidence.preserve", p, acting_user=acting_user, after=snapshot(p), agency_id=case.agency_id)
    return p


def decide_preservation(
    preservation: Preservation, *, decision: str, decided_on: dt.date, acting_user: User, note: str = "",
) -> Preservation:
    """Decide what becomes of preserved items; records whether it was within the limit."""
    today = timezone.localdate()
    if decision not in PreservationDecision.values:
        raise ActionError("请选择处理决定。", "Choose a decision.", field="decision")
    _not_future(decided_on, today, "decided_on")
    with transaction.atomic():
        p = Preservation.objects.select_for_update(no_key=True).get(pk=preservation.pk)
        case = locked_case(p.case)
        check_handler(case, acting_user, today)
        check_case_writable(case, "处理先行登记保存物品", "preservation decisions")
        if p.decision:
            raise ActionError("该先行登记保存已作出处理决定。", "This preservation has already been decided.")
        if decided_on < p.preserved_on:
            raise ActionError(
                "处理决定日期不能早于保存日期。", "The decision cannot precede the preservation.", field="decided_on",
            )
        before = snapshot(p)
        p.decision, p.decision_note, p.decided_on = decision, note, decided_on
        p.decided_by = acting_user
        p.decided_in_time = decided_on <= p.decision_due
        p.save()
        record("evidence.preservation_decide", p, acting_user=acting_user, before=before, after=snapshot(p),
               agency_id=case.agency_id)
    return p
