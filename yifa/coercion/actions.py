"""Seizure and detention (ACL 18–28): approval first (or, in an emergency, a report to the
head within 24 hours), at least two certified officers, an audio/video record, at most 30
days (+30 once with approval; testing time not counted), then release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases.models import Case
from yifa.coercion.models import Measure, MeasureKind, MeasureStatus, MeasureStep
from yifa.coercion.procedure import AV_TYPES, MEASURES, av_evidence
from yifa.coercion.rules import (
    ACL_EMERGENCY,
    EMERGENCY_REPORT,
    carried_out,
    require_approval_or_emergency,
    require_officers,
    require_within_term,
)
from yifa.evidence import storage
from yifa.lib.errors import ActionError, NotFound, refuse
from yifa.registry.models import Agency, Officer
from yifa.workcal.calendar import apply_rule

if TYPE_CHECKING:
    from yifa.accounts.models import User

__all__ = ["AV_TYPES", "EMERGENCY_REPORT"]  # re-exported: declared with the procedure and the rules


def _staff(user: Any, agency_id: int) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == agency_id):
        raise NotFound()


def propose_measure(*, agency: Agency, kind: str, items: str, reason: str, party_name: str,
                    case: Case | None = None, acting_user: User) -> Measure:
    with transaction.atomic():
        measure = _new_measure(agency=agency, kind=kind, items=items, reason=reason, party_name=party_name,
                               case=case, acting_user=acting_user)
        record("measure.propose", measure, acting_user=acting_user, after=snapshot(measure))
    return measure


def _new_measure(*, agency: Agency, kind: str, items: str, reason: str, party_name: str, case: Case | None,
                 acting_user: User) -> Measure:
    """The proposed measure and its step record, without the audit event (the caller writes it)."""
    _staff(acting_user, agency.pk)
    if case is not None and case.agency_id != agency.pk:
        raise NotFound()
    if kind not in MeasureKind.values:
        raise ActionError("请选择措施种类（查封或扣押）。", "Choose the kind of measure (sealing up, or seizure of property).", field="kind")
    if not party_name.strip():
        raise ActionError("请填写当事人。", "Name the party.", field="party_name")
    if not items.strip() or not reason.strip():
        raise ActionError("请列明查封、扣押的物品清单和理由依据。", "List the items and give the reasons.", field="items")
    measure = Measure(agency=agency, case=case, kind=kind, items=items, reason=reason, party_name=party_name,
                      proposed_by=acting_user)
    measure.save()
    MeasureStep.objects.create(measure=measure, step="propose", to_status=measure.status, at=timezone.now(),
                               on_date=timezone.localdate(), actor=acting_user)
    MEASURES.refresh_worklist(measure, acting_user=acting_user, step="propose")
    return measure


def take_emergency_measure(
    *, agency: Agency, kind: str, items: str, reason: str, party_name: str, started_on: dt.date,
    officers: Sequence[Officer], av_record: bytes | None, emergency_reason: str, case: Case | None = None,
    carried_out_at: dt.datetime | None = None, acting_user: User,
) -> Measure:
    """ACL 19: an emergency measure carried out on the spot, before any approval: proposed and
    executed in one transaction, so a refused execution leaves no proposal behind. The head is
    then told within 24 hours (regularise_emergency).

    Lock order (docs/architecture.md): the proposal's audit event is written only once the
    execution has taken its other locks (the AV blob, the officers' rows it links), just
    before the execution's own event; writing it first would hold the agency's chain head
    while waiting for those."""
    with storage.blob_guard(), transaction.atomic():
        measure = _new_measure(agency=agency, kind=kind, items=items, reason=reason, party_name=party_name,
                               case=case, acting_user=acting_user)
        proposed = snapshot(measure)

        def audit_proposal() -> None:
            record("measure.propose", measure, acting_user=acting_user, after=proposed)

        return execute_measure(measure, started_on=started_on, officers=officers, av_record=av_record,
                               emergency_reason=emergency_reason, carried_out_at=carried_out_at,
                               acting_user=acting_user, _before_audit=audit_proposal)


@MEASURES.performs("approve")
def approve_measure(measure: Measure, *, approve: bool, note: str = "", acting_user: User) -> Measure:
    """批准 (ACL 18(1)): the head approves, or refuses, the proposed measure."""

    def change(m: Measure) -> None:
        m.approved_by, m.approved_at = acting_user, timezone.now()
        m.status = MeasureStatus.APPROVED if approve else MeasureStatus.REFUSED

    return MEASURES.run("approve", measure, acting_user=acting_user, on_date=timezone.localdate(), change=change,
                        note=note, data={"approve": approve})


def _recording(measure: Measure, av_record: bytes | None, av_reference: str) -> bytes | None:
    """The recording's bytes: the one handed in, else a recording among the linked case's evidence
    (entered once, used again here)."""
    if av_record or not av_reference:
        return av_record
    evidence = av_evidence(measure).filter(sha256=av_reference).first()
    if evidence is None or evidence.file is None:
        raise ActionError("所选音像记录不是本案证据。", "That recording is not evidence of the linked case.",
                          field="av_reference")
    return evidence.file.read()


@MEASURES.performs("execute")
def execute_measure(
    measure: Measure, *, started_on: dt.date, officers: Sequence[Officer], av_record: bytes | None = None,
    av_reference: str = "", emergency_reason: str = "", carried_out_at: dt.datetime | None = None,
    acting_user: User, _before_audit: Callable[[], None] | None = None,
) -> Measure:
    """实施: with prior approval, or on the spot in an emergency (then report within 24 hours of
    `carried_out_at`, ACL 19; a measure entered after those 24 hours is flagged at entry).
    `_before_audit` (take_emergency_measure's proposal event) runs just before the step's event."""
    emergency = measure.status == MeasureStatus.PROPOSED
    recording = _recording(measure, av_record, av_reference)
    data: dict[str, object] = {"emergency": emergency}

    def gates(m: Measure) -> None:
        require_approval_or_emergency(emergency, emergency_reason)
        data["at"] = carried_out(carried_out_at, started_on, emergency)
        require_officers(officers, m.agency, started_on)
        if not recording or storage.sniff(recording) not in AV_TYPES:
            raise refuse("实施查封、扣押应当全程音像记录，须先上传音像记录", "An audio/video record of the measure is required",
                         "国办发〔2018〕118号")

    def change(m: Measure) -> None:
        assert recording is not None
        m.started_on, m.av_record = started_on, storage.put(recording, field="av_record")
        m.carried_out_at = data.pop("at")  # type: ignore[assignment]
        m.ends_on = apply_rule("ACL_SEIZURE", started_on).deadline.due
        m.officers.set(officers)
        if emergency:
            assert m.carried_out_at is not None
            m.emergency, m.report_due_at = True, m.carried_out_at + EMERGENCY_REPORT
            m.report_overdue_at_entry = data["report_overdue"] = timezone.now() > m.report_due_at

    with storage.blob_guard():
        return MEASURES.run("execute", measure, acting_user=acting_user, on_date=started_on, gates=[gates],
                            change=change, note=emergency_reason, data=data, before_audit=_before_audit)


@MEASURES.performs("regularise")
def regularise_emergency(measure: Measure, *, approve: bool, acting_user: User) -> Measure:
    """ACL 19: report to the head within 24 hours; if the head disapproves, release at once."""

    def gates(m: Measure) -> None:
        if not m.emergency or m.reported_at:
            raise refuse("该措施不是当场实施的紧急措施或已补办批准，无需补办", "Nothing to regularise", ACL_EMERGENCY)

    def change(m: Measure) -> None:
        now = timezone.now()
        m.reported_at, m.approved_by, m.approved_at = now, acting_user, now
        if not approve:
            m.released_on = timezone.localdate()
            m.status = MeasureStatus.RELEASED

    late = bool(measure.report_due_at and timezone.now() > measure.report_due_at)
    return MEASURES.run("regularise", measure, acting_user=acting_user, on_date=timezone.localdate(), gates=[gates],
                        change=change, data={"approve": approve, "late": late})


@MEASURES.performs("extend")
def extend_measure(measure: Measure, *, reason: str, acting_user: User) -> Measure:
    """ACL 25: complex cases, +30 days once with the head's approval and written reasons."""

    def gates(m: Measure) -> None:
        require_within_term(m, timezone.localdate())
        if m.extended:
            raise refuse("查封、扣押期限只能延长一次", "The term can be extended only once", "行政强制法第二十五条")
        if not reason.strip():
            raise refuse("延长查封、扣押期限应当说明理由", "An extension needs its reasons", "行政强制法第二十五条",
                         field="reason")

    def change(m: Measure) -> None:
        assert m.ends_on is not None
        m.ends_on, m.extended = apply_rule("ACL_SEIZURE_EXTENSION", m.ends_on).deadline.due, True

    return MEASURES.run("extend", measure, acting_user=acting_user, on_date=timezone.localdate(), gates=[gates],
                        change=change, note=reason)


@MEASURES.performs("exclude")
def exclude_testing_days(measure: Measure, *, days: int, reason: str, acting_user: User) -> Measure:
    """ACL 25(3): testing, quarantine or appraisal time is not counted (the party is told)."""
    if days <= 0 or not reason.strip():
        raise ActionError("请填写不计入的天数和检测事项。", "Give the days and the testing done.", field="days")

    def change(m: Measure) -> None:
        assert m.ends_on is not None
        m.ends_on += dt.timedelta(days=days)
        m.excluded_days += days

    return MEASURES.run("exclude", measure, acting_user=acting_user, on_date=timezone.localdate(), change=change,
                        note=reason, data={"days": days})


@MEASURES.performs("release")
def release_measure(measure: Measure, *, released_on: dt.date, note: str = "", acting_user: User) -> Measure:
    """解除 (ACL 28)."""

    def change(m: Measure) -> None:
        m.released_on = released_on

    late = bool(measure.ends_on and released_on > measure.ends_on)
    return MEASURES.run("release", measure, acting_user=acting_user, on_date=released_on, change=change, note=note,
                        data={"late": late})
