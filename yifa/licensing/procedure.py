"""The licensing procedure (行政许可法), each step declared once: the statuses it leaves from and
goes to, who may take it, its inputs (the web form and the API payload derive from them) and the
input that dates it. The bodies are in yifa.licensing.actions (`LICENSING.performs`).

Every step is dated by its input, where the law dates it (the notice, the receipt, the
acceptance, the approval, the decision, the issue): the deadlines are counted from those dates,
never from the server's today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field
from pydantic.json_schema import JsonDict

from yifa.accounts.models import Role, User
from yifa.lib.errors import ActionError
from yifa.licensing import access
from yifa.licensing.models import (
    HearingRequester,
    LicenceApplication,
    LicenceStep,
    Outcome,
    Status,
    SuspensionKind,
)
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, RecordId, Ref, Step, StepLog, in_agency, statuses

ART_32 = "行政许可法第三十二条"
ART_38 = "行政许可法第三十八条"
ART_42 = "行政许可法第四十二条"
ART_44 = "行政许可法第四十四条"
ART_45 = "行政许可法第四十五条"
ART_47 = "行政许可法第四十七条"
ART_48 = "行政许可法第四十八条"

# --- inputs ---------------------------------------------------------------------------------
# Text the action checks (missing items, reasons, the licence number) is optional here, so a
# refusal is the action's own bilingual message with its article, not a generic "required".

TEXT: JsonDict = {"widget": "textarea"}
LIST_HELP = N_("每行一项（也可用逗号或顿号分隔）")
LINES: JsonDict = {"widget": "lines", "help": LIST_HELP}


def _date(title: str, **extra: Any) -> Any:
    return Field(title=title, json_schema_extra=extra or None)


def _note(title: str = N_("意见/说明")) -> Any:
    return Field("", title=title, json_schema_extra=TEXT)


class RequestCorrectionIn(BaseModel):
    missing_items: list[str] = Field([], title=N_("需补正的全部材料"), description="一次告知需补正的全部内容",
                                     json_schema_extra=LINES)
    notified_on: dt.date = _date(N_("告知补正日期"))
    note: str = _note()


class ReceiveCorrectionIn(BaseModel):
    materials: list[str] = Field([], title=N_("收到的补正材料"), json_schema_extra=LINES)
    received_on: dt.date = _date(N_("收到补正材料日期"))
    note: str = _note()


class AcceptIn(BaseModel):
    accepted_on: dt.date = _date(N_("受理日期"))
    note: str = _note()


class ExtendIn(BaseModel):
    reasons: str = Field("", title=N_("延长理由（应告知申请人）"), description="延长理由（应告知申请人）；仅本机关负责人",
                         json_schema_extra=TEXT)
    on_date: dt.date = _date(N_("批准延长日期"))
    approved_by: str = Field("", title=N_("批准人（统一、联合、集中办理的，为本级人民政府负责人）"), max_length=100,
                             description="统一、联合、集中办理的，须经本级人民政府负责人批准（行政许可法第四十二条第二款）")


class NotifyHearingRightIn(BaseModel):
    notified_on: dt.date = _date(N_("告知听证权利日期"))
    note: str = _note()


class RequestHearingIn(BaseModel):
    requester_kind: HearingRequester = Field(title=N_("申请人身份"))
    requester_name: str = Field("", title=N_("申请听证人"), max_length=100)
    requested_on: dt.date = _date(N_("申请听证日期"))
    applicant_notified_on: dt.date | None = Field(None, title=N_("书面告知申请人听证时间不计入期限的日期"))
    note: str = _note()


class ScheduleHearingIn(BaseModel):
    hearing_on: dt.date = _date(N_("听证日期"), today=False)
    notice_on: dt.date = _date(N_("通知听证时间、地点日期"))
    place: str = Field("", title=N_("听证地点"), max_length=200)
    presider: RecordId | None = Field(None, title=N_("听证主持人（非审查该申请的工作人员）"))


class HoldHearingIn(BaseModel):
    held_on: dt.date = _date(N_("举行听证日期"))
    record: str = Field("", title=N_("听证笔录要点"), json_schema_extra=TEXT)


class SuspendIn(BaseModel):
    kind: SuspensionKind = Field(title=N_("事由"))
    start: dt.date = _date(N_("开始日期"))
    applicant_notified_on: dt.date | None = Field(None, title=N_("书面告知申请人日期"))
    reason: str = _note(N_("说明"))


class ResumeIn(BaseModel):
    end: dt.date = _date(N_("结束日期"))
    note: str = _note()


class DecideIn(BaseModel):
    outcome: Outcome = Field(title=N_("许可决定"))
    reasons: str = Field("", title=N_("决定理由（不予许可的必须说明）"), description="不予许可的，必须说明理由",
                         json_schema_extra=TEXT)
    decided_on: dt.date = _date(N_("决定日期"))


class IssueLicenceIn(BaseModel):
    number: str = Field("", title=N_("许可证编号"), max_length=60)
    issued_on: dt.date = _date(N_("发证日期"))
    valid_from: dt.date | None = Field(None, title=N_("有效期自（默认为发证当日）"), description="默认为发证当日",
                                       json_schema_extra={"today": False})
    valid_to: dt.date = _date(N_("有效期至"), today=False)


# --- who may act ----------------------------------------------------------------------------


STAFF: Actor[LicenceApplication] = Actor(
    "licensing staff", lambda u, a: access.may_act(u, a.agency_id),
    ("只有本机关的行政许可工作人员可以办理该申请", "Only the licensing staff of the agency may handle this application",
     ""))
HEAD: Actor[LicenceApplication] = Actor(
    "head", lambda u, a: access.may_act(u, a.agency_id) and access.is_head_of(u, a.agency_id),
    ("延长许可决定期限须经本行政机关负责人批准", "Only the head of the agency may approve an extension", ART_42),
    audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))


def _not_agency_user(app: LicenceApplication, pk: Any, field: str) -> ActionError:
    return ActionError("听证主持人应为本机关工作人员。", "The presiding officer must be on the agency's staff.",
                       field=field, rule=ART_48)


AGENCY_USER = Ref(User, lambda app: {"agency_id": app.agency_id, "is_active": True}, _not_agency_user)


def _presiders(app: LicenceApplication) -> list[tuple[Any, str]]:
    return [(u.pk, str(u)) for u in User.objects.filter(agency_id=app.agency_id, is_active=True).order_by("name_key", "username")]


def _hearing_state(app: LicenceApplication) -> str:
    """"" (none), "notified", "requested", "scheduled", "held": the application's hearing, if any."""
    hearing = getattr(app, "hearing", None) if app.pk else None
    if hearing is None:
        return ""
    if hearing.held_on:
        return "held"
    if hearing.hearing_on:
        return "scheduled"
    return "requested" if hearing.requested_on else "notified"


# --- the steps ------------------------------------------------------------------------------


def _step(text: str) -> Any:
    # Context "licensing step": "受理" the step, on its button and in the timeline, is not a status.
    return pgettext_lazy("licensing step", text)


STEPS: list[Step[LicenceApplication]] = [
    Step("request_correction", _step("一次告知补正"), statuses(Status.RECEIVED), Status.CORRECTION_REQUESTED, STAFF,
         RequestCorrectionIn, dated_by="notified_on", rule=ART_32),
    Step("receive_correction", _step("登记补正材料"), statuses(Status.CORRECTION_REQUESTED), Status.RECEIVED, STAFF,
         ReceiveCorrectionIn, dated_by="received_on", rule=ART_32),
    Step("accept", _step("受理"), statuses(Status.RECEIVED), Status.ACCEPTED, STAFF, AcceptIn, dated_by="accepted_on",
         rule=ART_32),
    Step("extend_review", _step("延长决定期限（负责人批准）"), statuses(Status.ACCEPTED, Status.SUSPENDED), None, HEAD,
         ExtendIn, offer_when=lambda a: not a.extended, dated_by="on_date", rule=ART_42, todo=False),
    Step("suspend", _step("中止计算期限（听证、检测、专家评审）"), statuses(Status.ACCEPTED), Status.SUSPENDED, STAFF,
         SuspendIn, dated_by="start", rule=ART_45, todo=False),
    Step("resume", _step("恢复计算期限"), statuses(Status.SUSPENDED), Status.ACCEPTED, STAFF, ResumeIn,
         dated_by="end", rule=ART_45, todo=False),
    # From a suspension too, only to say why not yet (the count must resume first: art. 45).
    Step("decide", _step("作出许可决定"), statuses(Status.ACCEPTED, Status.SUSPENDED), Status.DECIDED, STAFF, DecideIn,
         offer_when=lambda a: a.status == Status.ACCEPTED, dated_by="decided_on",
         rule=ART_42),
    # The hearing (ALL arts. 46–48): told the right, requested within 5 working days, held within 20;
    # from the request until the hearing is held the count stops (art. 45).
    Step("notify_hearing_right", _step("告知听证权利"), statuses(Status.ACCEPTED), None, STAFF, NotifyHearingRightIn,
         offer_when=lambda a: _hearing_state(a) == "", dated_by="notified_on", rule=ART_47, todo=False),
    Step("request_hearing", _step("收到听证申请"), statuses(Status.ACCEPTED), Status.SUSPENDED, STAFF,
         RequestHearingIn, offer_when=lambda a: _hearing_state(a) == "notified", dated_by="requested_on",
         rule=ART_47, todo=False),
    Step("schedule_hearing", _step("通知听证时间、地点"), statuses(Status.SUSPENDED), None, STAFF, ScheduleHearingIn,
         refs={"presider": AGENCY_USER}, choices={"presider": _presiders},
         offer_when=lambda a: _hearing_state(a) == "requested", dated_by="notice_on", rule=ART_48),
    Step("hold_hearing", _step("举行听证"), statuses(Status.SUSPENDED), Status.ACCEPTED, STAFF, HoldHearingIn,
         offer_when=lambda a: _hearing_state(a) == "scheduled", dated_by="held_on", rule=ART_48),
    Step("issue_licence", _step("颁发许可证件"), statuses(Status.DECIDED), Status.ISSUED, STAFF, IssueLicenceIn,
         offer_when=lambda a: a.outcome == Outcome.GRANTED, dated_by="issued_on", rule=ART_44),
]


def _visible(user: Any, app: LicenceApplication) -> bool:
    return access.applications_for(user).filter(pk=app.pk).exists()


LICENSING: Procedure[LicenceApplication] = Procedure(
    LicenceApplication, steps=STEPS, log=StepLog(LicenceStep, "application_id"), visible=_visible,
    staff_of=in_agency,
    #: Steps in the record that have no form of their own.
    other_labels={"receive": _step("收到申请"), "deemed_accepted": _step("逾期未告知补正，视为受理"),
                  "deemed_renewed": _step("有效期届满前未作决定，视为准予延续")},
    worklist=Worklist("licensing:detail", title=str,
                      due=lambda a: _due_now(a), audience=Audience(roles=frozenset({Role.OFFICER}))),
)


def _due_now(app: LicenceApplication) -> dt.date | None:
    """The deadline of the stage the application is in (to-do lists order by it)."""
    return {Status.RECEIVED: app.completeness_due, Status.ACCEPTED: app.decision_due,
            Status.DECIDED: app.certificate_due}.get(app.status)  # type: ignore[call-overload]
