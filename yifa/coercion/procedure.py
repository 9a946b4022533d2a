"""Seizure and detention (行政强制法 18–28), declared once: every step's name, label, the statuses
it leaves from and goes to, who may take it, its inputs and when its form is offered. The gates
and effects are in yifa.coercion.actions (bound with `MEASURES.performs`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.cases.procedure import AGENCY_OFFICER, OfficerId, active_officers
from yifa.coercion.models import Measure, MeasureStatus, MeasureStep
from yifa.evidence.models import Evidence
from yifa.registry import access
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import ANY_STAFF, Actor, Procedure, Step, StepLog, in_agency, statuses, ui

#: Recordings (by sniffed type) that count as the audio/video record of a measure.
AV_TYPES = frozenset({"mp4", "mp3", "m4a", "wav"})
TEXT = ui(widget="textarea")


class ApproveIn(BaseModel):
    approve: bool = Field(title=N_("负责人意见"), description="true 批准；false 不予批准",
                          json_schema_extra=ui(yes=N_("批准实施"), no=N_("不予批准")))
    note: str = Field("", title=N_("批准意见"), json_schema_extra=TEXT)


class ExecuteIn(BaseModel):
    started_on: dt.date = Field(title=N_("实施日期"))
    officers: list[OfficerId] = Field(title=N_("实施的执法人员（至少2人，出示执法证件）"))
    av_record: bytes | None = Field(None, title=N_("音像记录（全程录音录像）"), json_schema_extra=ui(
        widget="file", accept="video/*,audio/*", help=N_("MP4 视频，或 MP3、M4A、WAV 录音")))
    av_reference: str = Field("", title=N_("或选用本案证据中的音像记录"),
                              description="所属案件证据中音像记录的 SHA-256")
    emergency_reason: str = Field("", title=N_("情况紧急、需要当场实施的理由"), json_schema_extra=TEXT)
    carried_out_at: dt.datetime | None = Field(
        None, title=N_("实施时间（当场实施的，24小时报告期限自此起算）"),
        description="实际实施的时间（ISO 8601；未带时区的按北京时间）；当场实施的必填（行政强制法第十九条）")


class RegulariseIn(BaseModel):
    approve: bool = Field(title=N_("负责人意见"), description="true 同意（补办批准）；false 不同意，立即解除",
                          json_schema_extra=ui(yes=N_("同意（补办批准）"), no=N_("不同意，立即解除")))


class ExtendIn(BaseModel):
    reason: str = Field(title=N_("延长理由（情况复杂）"), json_schema_extra=TEXT)


class ExcludeIn(BaseModel):
    days: int = Field(title=N_("不计入的天数"), ge=1, le=365,
                      description="检测、检验、检疫或者技术鉴定的天数（不计入期限）")
    reason: str = Field(title=N_("检测、检验、检疫或者技术鉴定事项"), json_schema_extra=TEXT)


class ReleaseIn(BaseModel):
    released_on: dt.date = Field(title=N_("解除日期"))
    note: str = Field("", title=N_("解除说明"), json_schema_extra=TEXT)


HEAD: Actor[Measure] = Actor("head", lambda u, m: u.role == Role.AGENCY_HEAD, (
    "实施查封、扣押须经行政机关负责人批准", "Sealing up or seizure need the agency head's approval",
    "行政强制法第十八条第（一）项"), audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))
HEAD_EXTEND: Actor[Measure] = Actor("head", HEAD.test, (
    "延长查封、扣押期限须经行政机关负责人批准", "Extending the term needs the agency head's approval", "行政强制法第二十五条"),
    audience=HEAD.audience)
HEAD_REGULARISE: Actor[Measure] = Actor("head", HEAD.test, (
    "当场实施的，须向行政机关负责人报告并由负责人补办批准", "An emergency measure is reported to the agency head, who regularises it",
    "行政强制法第十九条"), audience=HEAD.audience)
STAFF = ANY_STAFF


def av_evidence(measure: Measure | None) -> Any:
    """Audio/video recordings among the linked case's evidence (entered once, used again here)."""
    if measure is None or measure.case_id is None:
        return Evidence.objects.none()
    return (Evidence.objects.filter(case_id=measure.case_id, file__type_code__in=AV_TYPES)
            .select_related("file").order_by("collected_on", "id"))


def av_choices(measure: Measure) -> list[tuple[Any, str]]:
    return [("", "—")] + [(e.sha256, f"{e.title}（{e.collected_on:%Y-%m-%d}）") for e in av_evidence(measure)]


def _visible(user: Any, measure: Measure) -> bool:
    return access.scoped(Measure, user).filter(pk=measure.pk).exists()


M = pgettext_lazy
IN_FORCE = statuses(MeasureStatus.IN_FORCE)
STEPS: list[Step[Measure]] = [
    Step("approve", M("measure step", "批准或不予批准"), statuses(MeasureStatus.PROPOSED), None, HEAD, ApproveIn),
    Step("execute", M("measure step", "实施"), statuses(MeasureStatus.APPROVED, MeasureStatus.PROPOSED),
         MeasureStatus.IN_FORCE, STAFF, ExecuteIn, {"officers": AGENCY_OFFICER}, dated_by="started_on",
         choices={"officers": active_officers, "av_reference": av_choices},
         # Carried out before approval only in an emergency, with its reasons (ACL 19).
         show={"emergency_reason": lambda m: m.status == MeasureStatus.PROPOSED,
               "carried_out_at": lambda m: m.status == MeasureStatus.PROPOSED,
               "av_reference": lambda m: av_evidence(m).exists()}),
    Step("regularise", M("measure step", "补办批准"), IN_FORCE, None, HEAD_REGULARISE, RegulariseIn,
         offer_when=lambda m: m.emergency and m.reported_at is None),
    # Extended only within the term (ACL 25); a lapsed measure is released instead (ACL 28(1)(4)).
    Step("extend", M("measure step", "延长期限"), IN_FORCE, None, HEAD_EXTEND, ExtendIn,
         offer_when=lambda m: not m.extended and not m.lapsed_on(timezone.localdate()), todo=False),
    Step("exclude", M("measure step", "检测期间不计入"), IN_FORCE, None, STAFF, ExcludeIn, todo=False),
    Step("release", M("measure step", "解除"), IN_FORCE, MeasureStatus.RELEASED, STAFF, ReleaseIn,
         dated_by="released_on"),
]

MEASURES: Procedure[Measure] = Procedure(
    Measure, steps=STEPS, log=StepLog(MeasureStep, "measure_id"), visible=_visible, staff_of=in_agency,
    other_labels={"propose": M("measure step", "提出")},
    worklist=Worklist("coercion:detail", title=str, audience=Audience(roles=frozenset({Role.OFFICER})),
                      due=lambda m: m.report_due_at.date() if m.report_due_at else m.ends_on),
    # A measure's approval and reports are timed by the clock (ACL 19 counts hours), its execution
    # and release by their own dates: no one order of dates across the steps to enforce.
    in_order=False,
)
