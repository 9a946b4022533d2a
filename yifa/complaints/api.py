"""Complaint endpoints: the list (scoped) and one complaint for staff, one POST per handling step
(from the declaration), and the 12345 hotline's transfer endpoint, authenticated by a bearer
token from settings (YIFA_HOTLINE_TOKEN), compared in constant time. Writes call exactly one
yifa.complaints.actions function; refusals use the API's error handlers (both languages).
"""

import datetime as dt
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from ninja.security import HttpBearer
from pydantic import Field

from yifa.api.steps import add_procedure_endpoints
from yifa.complaints import actions
from yifa.complaints.access import access_complaint, complaints_for
from yifa.complaints.models import Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus
from yifa.complaints.procedure import COMPLAINTS
from yifa.complaints.queries import complaint_page, search, status_label
from yifa.lib.errors import ActionError
from yifa.lib.masking import mask_phone
from yifa.registry.models import Agency, Region
from yifa.web.lists import page_number

router = Router(tags=["投诉举报"])


class ComplaintOut(Schema):
    id: int
    tracking_no: str
    kind: ComplaintKind
    category: ComplaintCategory
    source: str
    subject: str
    status: ComplaintStatus
    status_label: str
    agency_id: int | None
    agency_name: str
    region_name: str
    received_on: dt.date
    accept_due: dt.date
    handle_due: dt.date | None
    version: int


class ComplaintDetailOut(ComplaintOut):
    content: str
    anonymous: bool
    name: str
    phone: str = Field(description="承办机关工作人员可见全号，其他人脱敏")
    reply: str
    case_id: int | None
    inspection_id: int | None
    merged_into_id: int | None
    rating: int | None


class ComplaintPageOut(Schema):
    items: list[ComplaintOut]
    page: int
    has_next: bool


def complaint_out(c: Complaint) -> dict[str, Any]:
    return {"id": c.pk, "tracking_no": c.tracking_no, "kind": c.kind, "category": c.category, "source": c.source,
            "subject": c.subject, "status": c.status, "status_label": str(status_label(c.status)),
            "agency_id": c.agency_id, "agency_name": c.agency.name if c.agency else "",
            "region_name": c.region.name, "received_on": c.received_on, "accept_due": c.accept_due,
            "handle_due": c.handle_due, "version": c.version}


def complaint_detail_out(c: Complaint, user: Any) -> dict[str, Any]:
    own = getattr(user, "agency_id", None) == c.agency_id and c.agency_id is not None
    return complaint_out(c) | {
        "content": c.content, "anonymous": c.anonymous, "name": c.name,
        "phone": c.phone if own else mask_phone(c.phone), "reply": c.reply, "case_id": c.case_id,
        "inspection_id": c.inspection_id, "merged_into_id": c.merged_into_id, "rating": c.rating}


# --- the 12345 hotline (declared before /{pk}, which would otherwise take its path) ----------------


class HotlineToken(HttpBearer):
    """The hotline system's bearer token (YIFA_HOTLINE_TOKEN); none configured: every call is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        expected = str(getattr(settings, "YIFA_HOTLINE_TOKEN", "") or "")
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            return "hotline"
        return None


class HotlineTicketIn(Schema):
    ticket: str = Field(description="12345工单号（同一工单只登记一次）", max_length=40)
    kind: ComplaintKind
    category: ComplaintCategory
    subject: str = Field(max_length=100)
    content: str = Field(max_length=4000)
    region_code: str = Field(description="发生地行政区划代码", max_length=12)
    agency_uscc: str = Field("", description="承办机关统一社会信用代码；不清楚则空，由司法行政部门分办", max_length=18)
    power_code: str = Field("", description="职权事项编码（如有）", max_length=40)
    anonymous: bool = False
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=30)


class HotlineReceiptOut(Schema):
    tracking_no: str
    code: str = Field(description="查询码：只在此返回一次，由热线告知来电人 (the secret code, returned once)")
    accept_due: dt.date
    agency_id: int | None


@router.post("/hotline", response={201: HotlineReceiptOut}, auth=HotlineToken(), operation_id="receive_hotline_ticket")
def receive_hotline(request: HttpRequest, payload: HotlineTicketIn) -> HttpStatus[dict[str, Any]]:
    """A ticket transferred from the 12345 hotline (bearer token): filed like a web complaint,
    routed by agency, power item or region; a ticket number already received is refused."""
    data = payload.dict()
    region = Region.objects.filter(code=data.pop("region_code")).first()
    if region is None:
        raise ActionError("没有这个行政区划代码。", "No region has this code.", field="region_code")
    uscc = data.pop("agency_uscc")
    agency = Agency.objects.filter(uscc=uscc).first() if uscc else None
    if uscc and agency is None:
        raise ActionError("没有这个统一社会信用代码的机关。", "No agency has this credit code.", field="agency_uscc")
    data["kind"], data["category"] = str(data["kind"].value), str(data["category"].value)
    filed = actions.receive_hotline_ticket(region=region, agency=agency, acting_user=None, **data)
    return HttpStatus(201, {"tracking_no": filed.complaint.tracking_no, "code": filed.code,
                            "accept_due": filed.complaint.accept_due, "agency_id": filed.complaint.agency_id})


# --- staff ---------------------------------------------------------------------------------------


@router.get("", response=ComplaintPageOut, operation_id="list_complaints")
def list_complaints(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    """The complaints the user may see (their agency's; the region's for the legal office), newest first."""
    qs, _ = search(complaints_for(request.user), status)
    found = complaint_page(qs, page_number(page))
    return {"items": [complaint_out(r["complaint"]) for r in found.rows], "page": found.number,
            "has_next": found.has_next}


@router.get("/{pk}", response=ComplaintDetailOut, operation_id="get_complaint")
def get_complaint(request: HttpRequest, pk: int) -> dict[str, Any]:
    return complaint_detail_out(access_complaint(pk, request.user), request.user)


add_procedure_endpoints(router, COMPLAINTS, load=access_complaint, out=complaint_detail_out, path="/{{pk}}/steps/{step}",
                        response=ComplaintDetailOut, operation="complaint_step_{step}", name="complaint_{step}")


