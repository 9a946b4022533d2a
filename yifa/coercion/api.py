"""Coercive-measure endpoints: the list (scoped), one measure with its record, propose, an
emergency measure carried out at once, and one POST per step. Reads go through
yifa.coercion.access ("not yours" = 404, like "missing"); every step calls exactly one
yifa.coercion.actions function through the table the pages use (yifa.coercion.forms), with the
version the caller last saw. Refusals use the API's error handlers (400/403/404, both languages).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import agency_officer, agency_staff, plain
from yifa.api.schemas import OfficerOnRecord
from yifa.api.steps import add_procedure_endpoints
from yifa.cases.access import cases_for
from yifa.cases.models import Case
from yifa.coercion import actions
from yifa.coercion.access import access_measure, measures_for
from yifa.coercion.models import Measure, MeasureKind, MeasureStatus, MeasureStep
from yifa.coercion.procedure import MEASURES
from yifa.coercion.queries import deadline_state, measure_page
from yifa.lib.errors import ActionError, NotFound
from yifa.web.files import file_name, read_upload, stream
from yifa.web.lists import choice_filter, page_number

router = Router(tags=["行政强制"])


# --- output --------------------------------------------------------------------------------


class MeasureRow(Schema):
    id: int
    agency_id: int
    case_id: int | None
    kind: MeasureKind
    kind_label: str
    status: MeasureStatus
    status_label: str
    party_name: str
    emergency: bool
    carried_out_at: dt.datetime | None = Field(description="实施时间（当场实施的，24小时报告期限自此起算）")
    report_due_at: dt.datetime | None = Field(description="当场实施的：报告负责人、补办批准的期限（实施后24小时）")
    report_overdue_at_entry: bool = Field(description="录入时已超过24小时报告期限（行政强制法第十九条）")
    reported_at: dt.datetime | None
    started_on: dt.date | None
    ends_on: dt.date | None = Field(description="查封、扣押期限届满日（30日，经批准延长30日；检测期间不计入）")
    extended: bool
    excluded_days: int
    released_on: dt.date | None
    deadline_state: str = Field(description="overdue（红）/ near（黄）/ normal")
    lapsed: bool = Field(description="期限已届满仍未解除：应当立即解除（行政强制法第二十五条、第二十八条第一款第（四）项）")
    version: int


class MeasurePageOut(Schema):
    items: list[MeasureRow]
    page: int
    has_next: bool


class AvRecordOut(Schema):
    sha256: str
    size: int
    type_code: str
    download: str


class MeasureStepOut(Schema):
    id: int
    step: str
    at: dt.datetime
    actor: str
    note: str
    data: dict[str, Any]


class MeasureOut(MeasureRow):
    items: str
    reason: str
    proposed_by: str
    approved_by: str
    approved_at: dt.datetime | None
    officers: list[OfficerOnRecord]
    av_record: AvRecordOut | None
    steps: list[MeasureStepOut]


ROW_FIELDS = ("id", "agency_id", "case_id", "kind", "status", "party_name", "emergency", "carried_out_at",
              "report_due_at", "report_overdue_at_entry",
              "reported_at", "started_on", "ends_on", "extended", "excluded_days", "released_on", "version")


def row_out(m: Measure, now: dt.datetime) -> dict[str, Any]:
    return {name: getattr(m, name) for name in ROW_FIELDS} | {
        "kind_label": str(MeasureKind(m.kind).label), "status_label": str(MeasureStatus(m.status).label),
        "deadline_state": deadline_state(m, now), "lapsed": m.lapsed_on(timezone.localdate(now)),
    }


def measure_out(m: Measure) -> dict[str, Any]:
    stored = m.av_record
    steps = MeasureStep.objects.filter(measure=m).select_related("actor").order_by("at", "id")
    return row_out(m, timezone.now()) | {
        "items": m.items, "reason": m.reason, "proposed_by": str(m.proposed_by),
        "approved_by": str(m.approved_by) if m.approved_by else "", "approved_at": m.approved_at,
        "officers": [{"officer_id": o.pk, "name": o.name, "certificate_no": o.certificate_no}
                     for o in m.officers.order_by("name_key", "name")],
        "av_record": None if stored is None else {
            "sha256": stored.sha256, "size": stored.size, "type_code": stored.type_code,
            "download": f"/api/coercion/{m.pk}/av-record"},
        "steps": [{"id": s.pk, "step": s.step, "at": s.at, "actor": str(s.actor), "note": s.note, "data": s.data}
                  for s in steps],
    }


# --- reads ---------------------------------------------------------------------------------


@router.get("", response=MeasurePageOut, operation_id="list_measures")
def list_measures(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    """Every measure the user may see (their agency's, or their region's): running ones first, the
    term ending soonest first."""
    qs, _ = choice_filter(measures_for(request.user), "status", status, MeasureStatus.values)
    result = measure_page(qs, page_number(page))
    now = timezone.now()
    return {"items": [row_out(r["measure"], now) for r in result.rows], "page": result.number,
            "has_next": result.has_next}


@router.get("/{pk}/av-record", operation_id="get_measure_av_record")
def get_av_record(request: HttpRequest, pk: int) -> Any:
    """The measure's audio/video record (as stored, with its sniffed type)."""
    measure = access_measure(pk, request.user)
    if measure.av_record is None:
        raise NotFound()
    return stream(measure.av_record, file_name(measure.av_record, f"measure-{measure.pk}"))


# --- propose (before "/{pk}", which would match "/emergency") -------------------------------------------------------------------------------


class ProposeIn(Schema):
    kind: MeasureKind
    party_name: str
    items: str = Field(description="查封、扣押的场所、设施或者财物清单")
    reason: str = Field(description="理由和依据")
    case_id: int | None = Field(None, description="所属案件（本机关的案件）")


def _agency_user(request: HttpRequest) -> Any:
    return agency_staff(request, "只有执法机关工作人员可以提出行政强制措施。", "Only an agency's staff may propose a measure.")


def _case(user: Any, case_id: int | None) -> Case | None:
    """The user's agency's case by id; another agency's is refused exactly like a missing one."""
    if case_id is None:
        return None
    case = cases_for(user).filter(pk=case_id, agency_id=user.agency_id).first()
    if case is None:
        raise ActionError("所选案件不存在。", "No such case.", field="case_id")
    return case


def _fields(user: Any, kind: Any, party_name: str, items: str, reason: str, case_id: int | None) -> dict[str, Any]:
    return {"agency": user.agency, "kind": plain(kind), "party_name": party_name,
            "items": items, "reason": reason, "case": _case(user, case_id)}


@router.post("", response={201: MeasureOut}, operation_id="propose_measure")
def propose(request: HttpRequest, payload: ProposeIn) -> HttpStatus[dict[str, Any]]:
    """提出查封、扣押 (ACL 18): to be approved by the agency head before it is carried out."""
    user = _agency_user(request)
    measure = actions.propose_measure(acting_user=user, **_fields(user, payload.kind, payload.party_name,
                                                                  payload.items, payload.reason, payload.case_id))
    return HttpStatus(201, measure_out(measure))


@router.post("/emergency", response={201: MeasureOut}, operation_id="take_emergency_measure")
def emergency(
    request: HttpRequest, kind: MeasureKind = Form(...), party_name: str = Form(...),
    items: str = Form(...), reason: str = Form(...), case_id: int | None = Form(None),
    started_on: dt.date = Form(...), officers: list[int] = Form(...),
    emergency_reason: str = Form(...), carried_out_at: dt.datetime | None = Form(None),
    av_record: UploadedFile | None = File(None),
) -> HttpStatus[dict[str, Any]]:
    """情况紧急，当场实施 (ACL 19), multipart/form-data: the measure and its execution at once
    (`officers` repeated, at least two; `av_record` the audio/video record: MP4, MP3, M4A or WAV).
    The head must be told and regularise within 24 hours of `carried_out_at` (when it was carried
    out, required; ACL 19): a measure entered later is flagged `report_overdue_at_entry`."""
    user = _agency_user(request)
    upload = read_upload(av_record)
    measure = actions.take_emergency_measure(
        acting_user=user, **_fields(user, kind, party_name, items, reason, case_id), started_on=started_on,
        officers=[agency_officer(user.agency_id, pk, "officers") for pk in officers],
        av_record=upload.data if upload is not None else None, emergency_reason=emergency_reason,
        carried_out_at=carried_out_at)
    return HttpStatus(201, measure_out(measure))


@router.get("/{pk}", response=MeasureOut, operation_id="get_measure")
def get_measure(request: HttpRequest, pk: int) -> dict[str, Any]:
    return measure_out(access_measure(pk, request.user))


# --- steps ---------------------------------------------------------------------------------


STEP_DOCS = {
    "approve": "批准或不予批准 (ACL 18(1)): the agency head only.",
    "regularise": "补办批准 of an emergency measure (ACL 19): the head; if the head disagrees, it is released at once.",
    "extend": "延长期限 (ACL 25): 30 more days, once, by the head, with reasons, within the term (a lapsed "
              "measure is released instead, ACL 28(1)(4)).",
    "exclude": "检测期间不计入 (ACL 25(3)): the days of testing, quarantine or appraisal added to the term.",
    "release": "解除 (ACL 28).",
}
#: The steps whose input is JSON (execute, with its recording, is multipart: below).
add_procedure_endpoints(router, MEASURES, load=access_measure, out=lambda m, user: measure_out(m),
                        path="/{{pk}}/steps/{step}", response=MeasureOut, operation="measure_step_{step}",
                        name="{step}", docs=STEP_DOCS, exclude=("execute",))


@router.post("/{pk}/steps/execute", response=MeasureOut, operation_id="measure_step_execute")
def execute(
    request: HttpRequest, pk: int, version: int = Form(...), started_on: dt.date = Form(...),
    officers: list[int] = Form(...), emergency_reason: str = Form(""), av_reference: str = Form(""),
    carried_out_at: dt.datetime | None = Form(None), av_record: UploadedFile | None = File(None),
) -> dict[str, Any]:
    """实施 (multipart/form-data): at least two certified officers (`officers` repeated) and the
    audio/video record — uploaded as `av_record`, or `av_reference`, the SHA-256 of a recording in
    the linked case's evidence. Without prior approval only in an emergency, with `emergency_reason`."""
    measure = access_measure(pk, request.user)
    upload = read_upload(av_record)
    data = {"started_on": started_on, "officers": officers, "av_record": upload.data if upload is not None else None,
            "av_reference": av_reference, "emergency_reason": emergency_reason, "carried_out_at": carried_out_at}
    MEASURES.take("execute", measure, version=version, inputs=data, acting_user=signed_in(request))
    return measure_out(access_measure(pk, request.user))

