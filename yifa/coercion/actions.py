"""Seizure and detention (ACL 18–28): approval first (or, in an emergency, a report to the
head within 24 hours), at least two certified officers, an audio/video record, at most 30
days (+30 once with approval; testing time not counted), then release."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.record import record, snapshot
from yifa.cases.models import Case
from yifa.cases.rules import require_two_investigators
from yifa.coercion.models import Measure, MeasureKind, MeasureStatus, MeasureStep
from yifa.evidence import storage
from yifa.lib.errors import ActionError, NotFound, refuse
from yifa.registry.models import Agency, Officer
from yifa.workcal.calendar import apply_rule
from yifa.workflow.stepper import guarded_step

AV_TYPES = frozenset({"mp4", "mp3", "m4a", "wav"})
EMERGENCY_REPORT = dt.timedelta(hours=24)  # ACL art. 19: "二十四小时内" — hours, not days


def _staff(user: Any, agency_id: int) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == agency_id):
        raise NotFound()


def _head(user: Any, agency_id: int, what: str) -> None:
    _staff(user, agency_id)
    if user.role != Role.AGENCY_HEAD:
        raise refuse(f"{what}须经行政机关负责人批准", f"{what}: needs the head's approval", "行政强制法第十八条第（一）项")


def _keep(actor: Any, step: str, note: str = "", data: dict[str, Any] | None = None) -> Any:
    def keep(m: Measure, _from: str) -> None:
        MeasureStep.objects.create(measure=m, step=step, at=timezone.now(), actor=actor, note=note, data=data or {})
    return keep


def _as_case(agency: Agency) -> Case:
    return Case(agency=agency)  # the certificate/area rules are the same as for investigations


def propose_measure(*, agency: Agency, kind: str, items: str, reason: str, party_name: str,
                    case: Case | None = None, acting_user: Any) -> Measure:
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
    with transaction.atomic():
        measure.save()
        MeasureStep.objects.create(measure=measure, step="propose", at=timezone.now(), actor=acting_user)
        record("measure.propose", measure, acting_user=acting_user, after=snapshot(measure))
    return measure


def take_emergency_measure(
    *, agency: Agency, kind: str, items: str, reason: str, party_name: str, started_on: dt.date,
    officers: Sequence[Officer], av_record: bytes | None, emergency_reason: str, case: Case | None = None,
    acting_user: Any,
) -> Measure:
    """ACL 19: an emergency measure carried out on the spot, before any approval: proposed and
    executed in one transaction, so a refused execution leaves no proposal behind. The head is
    then told within 24 hours (regularise_emergency)."""
    with storage.blob_guard(), transaction.atomic():
        measure = propose_measure(agency=agency, kind=kind, items=items, reason=reason, party_name=party_name,
                                  case=case, acting_user=acting_user)
        return execute_measure(measure, started_on=started_on, officers=officers, av_record=av_record,
                               emergency_reason=emergency_reason, acting_user=acting_user)


def approve_measure(measure: Measure, *, approve: bool, note: str = "", acting_user: Any) -> Measure:
    _head(acting_user, measure.agency_id, "实施行政强制措施")

    def change(m: Measure) -> None:
        m.approved_by, m.approved_at = acting_user, timezone.now()

    return guarded_step(measure, "approve", acting_user=acting_user, allowed_from={MeasureStatus.PROPOSED},
                        to_status=MeasureStatus.APPROVED if approve else MeasureStatus.REFUSED, change=change,
                        keep_record=_keep(acting_user, "approve", note, {"approve": approve}), step_name="批准")


def execute_measure(
    measure: Measure, *, started_on: dt.date, officers: Sequence[Officer], av_record: bytes | None,
    emergency_reason: str = "", acting_user: Any,
) -> Measure:
    """实施: with prior approval, or on the spot in an emergency (then report within 24 hours)."""
    _staff(acting_user, measure.agency_id)
    emergency = measure.status == MeasureStatus.PROPOSED

    def gates(m: Measure) -> None:
        if emergency and not emergency_reason.strip():
            raise refuse("未经批准实施的，须是情况紧急需要当场实施并写明理由", "Without approval only in an emergency, with reasons",
                         "行政强制法第十九条")
        require_two_investigators(officers, _as_case(m.agency), started_on)
        if not av_record or storage.sniff(av_record) not in AV_TYPES:
            raise refuse("实施查封、扣押应当全程音像记录，须先上传音像记录", "An audio/video record of the measure is required",
                         "国办发〔2018〕118号；行政强制法第十八条")

    def change(m: Measure) -> None:
        assert av_record is not None
        m.started_on, m.av_record = started_on, storage.put(av_record, field="av_record")
        m.ends_on = apply_rule("ACL_SEIZURE", started_on).deadline.due
        m.officers.set(officers)
        if emergency:
            m.emergency, m.report_due_at = True, timezone.now() + EMERGENCY_REPORT

    with storage.blob_guard():
        return guarded_step(measure, "execute", acting_user=acting_user,
                            allowed_from={MeasureStatus.APPROVED, MeasureStatus.PROPOSED},
                            to_status=MeasureStatus.IN_FORCE, guards=[gates], change=change,
                            keep_record=_keep(acting_user, "execute", emergency_reason, {"emergency": emergency}),
                            step_name="实施")


def regularise_emergency(measure: Measure, *, approve: bool, acting_user: Any) -> Measure:
    """ACL 19: report to the head within 24 hours; if the head disapproves, release at once."""
    _head(acting_user, measure.agency_id, "补办批准")

    def gates(m: Measure) -> None:
        if not m.emergency or m.reported_at:
            raise ActionError("该措施无需补办批准。", "Nothing to regularise.")

    def change(m: Measure) -> None:
        now = timezone.now()
        m.reported_at, m.approved_by, m.approved_at = now, acting_user, now
        if not approve:
            m.released_on = timezone.localdate()

    late = bool(measure.report_due_at and timezone.now() > measure.report_due_at)
    return guarded_step(measure, "regularise", acting_user=acting_user, allowed_from={MeasureStatus.IN_FORCE},
                        to_status=None if approve else MeasureStatus.RELEASED, guards=[gates], change=change,
                        keep_record=_keep(acting_user, "regularise", "", {"approve": approve, "late": late}),
                        step_name="补办批准")


def extend_measure(measure: Measure, *, reason: str, acting_user: Any) -> Measure:
    """ACL 25: complex cases, +30 days once with the head's approval and written reasons."""
    _head(acting_user, measure.agency_id, "延长查封、扣押期限")

    def gates(m: Measure) -> None:
        if m.extended:
            raise refuse("查封、扣押期限只能延长一次", "The term can be extended only once", "行政强制法第二十五条")
        if not reason.strip():
            raise ActionError("请写明延长理由。", "Give the reason.", field="reason")

    def change(m: Measure) -> None:
        assert m.ends_on is not None
        m.ends_on, m.extended = apply_rule("ACL_SEIZURE_EXTENSION", m.ends_on).deadline.due, True

    return guarded_step(measure, "extend", acting_user=acting_user, allowed_from={MeasureStatus.IN_FORCE},
                        to_status=None, guards=[gates], change=change,
                        keep_record=_keep(acting_user, "extend", reason), step_name="延长期限")


def exclude_testing_days(measure: Measure, *, days: int, reason: str, acting_user: Any) -> Measure:
    """ACL 25(3): testing, quarantine or appraisal time is not counted (the party is told)."""
    _staff(acting_user, measure.agency_id)
    if days <= 0 or not reason.strip():
        raise ActionError("请填写不计入的天数和检测事项。", "Give the days and the testing done.", field="days")

    def change(m: Measure) -> None:
        assert m.ends_on is not None
        m.ends_on += dt.timedelta(days=days)
        m.excluded_days += days

    return guarded_step(measure, "exclude", acting_user=acting_user, allowed_from={MeasureStatus.IN_FORCE},
                        to_status=None, change=change, keep_record=_keep(acting_user, "exclude", reason, {"days": days}),
                        step_name="检测期间不计入")


def release_measure(measure: Measure, *, released_on: dt.date, note: str = "", acting_user: Any) -> Measure:
    _staff(acting_user, measure.agency_id)

    def change(m: Measure) -> None:
        m.released_on = released_on

    late = bool(measure.ends_on and released_on > measure.ends_on)
    return guarded_step(measure, "release", acting_user=acting_user, allowed_from={MeasureStatus.IN_FORCE},
                        to_status=MeasureStatus.RELEASED, change=change,
                        keep_record=_keep(acting_user, "release", note, {"late": late}), step_name="解除")
