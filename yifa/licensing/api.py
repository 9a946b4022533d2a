"""Licensing endpoints: the applications the user may see (with their running deadline), one
application with its stored deadlines and record, receiving an application, one POST per step,
and the licences with renewal.

Reads go through yifa.licensing.access ("not yours" = 404, like "missing"); every write calls
exactly one yifa.licensing.actions function (the steps' endpoints derive from the procedure's
declaration, yifa.licensing.procedure, as the pages' forms do), so the API can do nothing the
pages cannot. A step's payload carries the application's version the caller saw: a stale one
is refused. Refusals use the API's error handlers (400/403/404, both
languages, the article in `rule`).
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import plain_dict
from yifa.api.schemas import StepOut, step_out
from yifa.api.steps import add_procedure_endpoints
from yifa.lib.idcodes import PartyCode, PhoneNumber
from yifa.licensing import access, actions
from yifa.licensing.models import (
    ApplicantKind,
    ApplicationKind,
    Handling,
    HearingRequester,
    Licence,
    LicenceApplication,
    LicenceExtension,
    LicenceHearing,
    LicenceStep,
    Status,
    SuspensionKind,
)
from yifa.licensing.procedure import LICENSING
from yifa.licensing.queries import (
    applicant_of,
    application_page,
    deadline_state,
    filtered,
    holder_of,
    licence_page,
    licence_search,
    licence_state,
    running_due,
)
from yifa.web.lists import page_number

router = Router(tags=["行政许可"])


# --- output --------------------------------------------------------------------------------


class ApplicationRow(Schema):
    id: int
    agency_id: int
    power_id: int
    kind: ApplicationKind
    status: Status
    status_label: str
    applicant_kind: ApplicantKind
    applicant_name: str
    subject: str
    received_on: dt.date
    running_due: dt.date | None = Field(description="当前计算中的期限（补正告知、许可决定或颁发证件）")
    running_due_field: str = Field(description="completeness_due / decision_due / certificate_due；无则为空")
    deadline_state: str = Field(description="overdue（红）/ near（黄）/ normal；中止计算时为 normal")


class ApplicationPageOut(Schema):
    items: list[ApplicationRow]
    page: int
    has_next: bool


class SuspensionOut(Schema):
    id: int
    kind: SuspensionKind
    reason: str
    start: dt.date
    end: dt.date | None
    applicant_notified_on: dt.date
    working_days: int


class LicenceHearingOut(Schema):
    right_notified_on: dt.date
    request_due: dt.date = Field(description="申请听证期限（告知后五个工作日，行政许可法第四十七条）")
    request_rule: str
    request_calendar: str
    requested_on: dt.date | None
    requester_kind: HearingRequester | None
    requester_name: str
    hold_due: dt.date | None = Field(description="组织听证期限（收到申请后二十个工作日）")
    hold_rule: str
    hold_calendar: str
    notice_on: dt.date | None
    hearing_on: dt.date | None
    place: str
    presider: str | None
    held_on: dt.date | None
    held_late: bool
    record: str


class ApplicationOut(ApplicationRow):
    handling: Handling = Field(description="办理方式：统一、联合、集中办理的为四十五个工作日（行政许可法第四十二条第二款）")
    deemed_granted: bool = Field(description="延续申请：有效期届满前未作决定，视为准予延续（行政许可法第五十条）")
    hearing: LicenceHearingOut | None
    renewal_of_id: int | None
    applicant_code: str = Field(description="脱敏，除非为机关负责人、管理员或监督人员")
    applicant_address: str = Field(description="公民申请人的住所脱敏，规则同上")
    applicant_phone: str
    materials: list[str]
    missing_items: list[str]
    completeness_due: dt.date
    completeness_rule: str
    completeness_calendar: str
    accepted_on: dt.date | None
    deemed_accepted: bool
    decision_due: dt.date | None
    decision_rule: str
    decision_calendar: str
    suspended_days: int
    extended: bool
    extension_reasons: str
    extension_approver: str | None
    extended_on: dt.date | None
    outcome: str
    decision_reasons: str
    decided_on: dt.date | None
    decided_late: bool
    certificate_due: dt.date | None
    certificate_rule: str
    certificate_calendar: str
    licence_id: int | None
    version: int = Field(description="记录版本：办理环节时随请求提交 (send it with a step; a stale one is refused)")
    offered_steps: list[str] = Field(description="当前用户此时可以办理的环节")
    suspensions: list[SuspensionOut]
    steps: list[StepOut]


ROW_FIELDS = ("id", "agency_id", "power_id", "kind", "status", "applicant_kind", "applicant_name", "subject",
              "received_on")
DETAIL_FIELDS = (
    "handling", "deemed_granted", "renewal_of_id", "materials", "missing_items", "completeness_due", "completeness_rule", "completeness_calendar",
    "accepted_on", "deemed_accepted", "decision_due", "decision_rule", "decision_calendar", "suspended_days",
    "extended", "extension_reasons", "extended_on", "outcome", "decision_reasons", "decided_on", "decided_late",
    "certificate_due", "certificate_rule", "certificate_calendar", "version",
)


def row_out(app: LicenceApplication, today: dt.date) -> dict[str, Any]:
    name, due = running_due(app)
    return {f: getattr(app, f) for f in ROW_FIELDS} | {
        "status_label": str(Status(app.status).label), "running_due": due, "running_due_field": name,
        "deadline_state": deadline_state(app, today),
    }


def application_out(app: LicenceApplication, user: Any) -> dict[str, Any]:
    applicant = applicant_of(app, user)
    steps = LicenceStep.objects.filter(application=app).select_related("actor").order_by("at", "id")
    licence = Licence.objects.filter(application=app).values_list("pk", flat=True).first()
    return row_out(app, timezone.localdate()) | {f: getattr(app, f) for f in DETAIL_FIELDS} | {
        "applicant_code": applicant["code"], "applicant_address": applicant["address"],
        "applicant_phone": applicant["phone"],
        "extension_approver": str(app.extension_approver) if app.extension_approver_id else None,
        "licence_id": licence, "offered_steps": [s.name for s in LICENSING.offered(app, user)],
        "suspensions": [{"id": s.pk, "kind": s.kind, "reason": s.reason, "start": s.start, "end": s.end,
                         "applicant_notified_on": s.applicant_notified_on, "working_days": s.working_days}
                        for s in app.suspensions.order_by("start", "id")],
        "steps": [step_out(s) for s in steps], "hearing": hearing_out(app),
    }


HEARING_FIELDS = ("right_notified_on", "request_due", "request_rule", "request_calendar", "requested_on",
                  "requester_name", "hold_due", "hold_rule", "hold_calendar", "notice_on", "hearing_on", "place",
                  "held_on", "held_late", "record")


def hearing_out(app: LicenceApplication) -> dict[str, Any] | None:
    hearing = LicenceHearing.objects.filter(application=app).select_related("presider").first()
    if hearing is None:
        return None
    return {f: getattr(hearing, f) for f in HEARING_FIELDS} | {
        "requester_kind": hearing.requester_kind or None,
        "presider": str(hearing.presider) if hearing.presider_id else None,
    }


def page_out(qs: QuerySet[LicenceApplication], page: int) -> dict[str, Any]:
    result = application_page(qs, page_number(page))
    today = timezone.localdate()
    return {"items": [row_out(r["app"], today) for r in result.rows], "page": result.number,
            "has_next": result.has_next}


# --- applications --------------------------------------------------------------------------


@router.get("/applications", response=ApplicationPageOut, operation_id="list_licence_applications")
def list_applications(request: HttpRequest, status: str = "", q: str = "", page: int = 1) -> dict[str, Any]:
    """The applications the user may see (their agency's, or their region's), most urgent running
    deadline first; `q` searches applicant, subject and licensing item."""
    qs, _ = filtered(request.user, status, q)
    return page_out(qs, page)


@router.get("/applications/{pk}", response=ApplicationOut, operation_id="get_licence_application")
def get_application(request: HttpRequest, pk: int) -> dict[str, Any]:
    return application_out(access.access_application(pk, request.user), request.user)


class ReceiveIn(Schema):
    power_id: int = Field(description="本机关的行政许可事项")
    applicant_kind: ApplicantKind
    applicant_name: str
    applicant_code: PartyCode = Field("", description="公民：身份证号码；法人或其他组织：统一社会信用代码（校验码须正确）")
    applicant_address: str = ""
    applicant_phone: PhoneNumber = Field("", description="手机号码或带区号的固定电话")
    subject: str = ""
    materials: list[str] = []  # noqa: RUF012 -- a pydantic field: each instance gets its own copy
    received_on: dt.date = Field(description="收到申请材料日期（补正告知期限自此计算）")
    handling: Handling = Field(Handling.SINGLE, description="本机关办理，或统一、联合、集中办理（行政许可法第二十六条）")


@router.post("/applications", response={201: ApplicationOut}, operation_id="receive_licence_application")
def receive(request: HttpRequest, payload: ReceiveIn) -> HttpStatus[dict[str, Any]]:
    """收到申请: registered as received on `received_on`; the 5-working-day completeness period starts
    (ALL art. 32)."""
    data = plain_dict(payload.dict())
    app = actions.receive_application(power=data.pop("power_id"), acting_user=signed_in(request), **data)
    return HttpStatus(201, application_out(app, request.user))


# --- steps ---------------------------------------------------------------------------------


add_procedure_endpoints(router, LICENSING, load=access.access_application, out=application_out,
                        path="/applications/{{pk}}/steps/{step}", response=ApplicationOut,
                        operation="licensing_step_{step}")


# --- licences ------------------------------------------------------------------------------


class LicenceExtensionOut(Schema):
    application_id: int
    previous_valid_to: dt.date
    valid_to: dt.date
    on_date: dt.date
    deemed: bool
    citation: str


class LicenceOut(Schema):
    id: int
    agency_id: int
    application_id: int
    power_id: int
    number: str
    holder_name: str
    holder_code: str = Field(description="脱敏，除非为机关负责人、管理员或监督人员")
    issued_on: dt.date
    valid_from: dt.date
    valid_to: dt.date
    renewal_due: dt.date = Field(description="申请延续截止日期（有效期届满三十日前，行政许可法第五十条）")
    state: str = Field(description="expired / overdue（已过延续截止日）/ near / normal")
    renewal_application_ids: list[int]
    extensions: list[LicenceExtensionOut] = Field(description="延续记录（含视为准予延续的）")


class LicencePageOut(Schema):
    items: list[LicenceOut]
    page: int
    has_next: bool


LICENCE_FIELDS = ("id", "agency_id", "application_id", "number", "holder_name", "issued_on", "valid_from",
                  "valid_to", "renewal_due")


EXTENSION_FIELDS = ("application_id", "previous_valid_to", "valid_to", "on_date", "deemed", "citation")


def licence_out(licence: Licence, user: Any, today: dt.date, *, renewals: list[int] | None = None,
                extensions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if extensions is None:
        extensions = list(LicenceExtension.objects.filter(licence=licence).values(*EXTENSION_FIELDS))
    return {f: getattr(licence, f) for f in LICENCE_FIELDS} | {"extensions": extensions} | {
        "power_id": licence.application.power_id, "holder_code": holder_of(licence, user)["code"],
        "state": licence_state(licence, today),
        "renewal_application_ids": renewals if renewals is not None else list(
            licence.renewal_applications.order_by("pk").values_list("pk", flat=True)),
    }


@router.get("/licences", response=LicencePageOut, operation_id="list_licences")
def list_licences(request: HttpRequest, q: str = "", page: int = 1) -> dict[str, Any]:
    """The licences the user may see, soonest expiry first; `q` searches number, holder and item."""
    result = licence_page(licence_search(access.licences_for(request.user), q), page_number(page))
    today = timezone.localdate()
    renewals: dict[int, list[int]] = {r["licence"].pk: [] for r in result.rows}
    for licence_id, app_id in (LicenceApplication.objects.filter(renewal_of__in=list(renewals))
                               .order_by("pk").values_list("renewal_of_id", "pk")):
        renewals[licence_id].append(app_id)
    extensions: dict[int, list[dict[str, Any]]] = {pk: [] for pk in renewals}
    for row in LicenceExtension.objects.filter(licence__in=list(renewals)).values("licence_id", *EXTENSION_FIELDS):
        extensions[row.pop("licence_id")].append(row)
    return {"items": [licence_out(r["licence"], request.user, today, renewals=renewals[r["licence"].pk],
                                  extensions=extensions[r["licence"].pk])
                      for r in result.rows], "page": result.number, "has_next": result.has_next}


@router.get("/licences/{pk}", response=LicenceOut, operation_id="get_licence")
def get_licence(request: HttpRequest, pk: int) -> dict[str, Any]:
    return licence_out(access.access_licence(pk, request.user), request.user, timezone.localdate())


class RenewalIn(Schema):
    materials: list[str] = []  # noqa: RUF012 -- a pydantic field: each instance gets its own copy
    received_on: dt.date = Field(description="收到延续申请材料日期")


@router.post("/licences/{pk}/renewal", response={201: ApplicationOut}, operation_id="apply_licence_renewal")
def renewal(request: HttpRequest, pk: int, payload: RenewalIn) -> HttpStatus[dict[str, Any]]:
    """延续申请, at least 30 days before expiry (ALL art. 50; the lead time is the rule ALL_RENEWAL_LEAD):
    an application of kind "renewal" linked to the licence. Granted, it extends this licence; not
    decided by the expiry, it is deemed granted (the sweep `yifa licensing_sweep`)."""
    app = actions.apply_renewal(pk, materials=payload.materials, received_on=payload.received_on,
                                acting_user=signed_in(request))
    return HttpStatus(201, application_out(app, request.user))
