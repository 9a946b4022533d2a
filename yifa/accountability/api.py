"""Accountability endpoints (/api/accountability): remedies against penalty decisions (行政复议、行政诉讼)
and fault-responsibility inquiries (过错责任追究) — the lists (scoped by yifa.accountability.access:
the agency's own, the region's for its legal office), one record each (an inquiry with the people
the case's record names and its steps), and one POST per declared inquiry step (propose, extend,
decide — derived from yifa.accountability.procedure). "Not yours" = 404; refusals use the API's
error handlers (400/403/404, both languages), with nothing changed."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from yifa.accountability.access import access_inquiry, inquiries_for, remedies_for
from yifa.accountability.models import REVERSING, Inquiry, InquiryStatus, InquiryStep, Outcome, Remedy, RemedyKind
from yifa.accountability.procedure import INQUIRIES
from yifa.accountability.queries import REMEDY_COLUMNS, inquiry_page, people, status_label
from yifa.api.inputs import IdFilter
from yifa.api.schemas import StepOut, steps_out
from yifa.api.steps import add_procedure_endpoints
from yifa.lib.errors import NotFound
from yifa.web.i18n import tr
from yifa.web.lists import choice_filter, page_number, page_of

router = Router(tags=["过错责任追究"])


# --- remedies ------------------------------------------------------------------------------------


class RemedyRow(Schema):
    id: int
    agency_id: int
    agency_name: str
    case_id: int
    kind: RemedyKind
    kind_label: str
    body: str = Field(description="复议机关（人民法院）")
    filed_on: dt.date
    outcome: str = Field(description="pending（审理中）/ upheld / changed / revoked / unlawful")
    outcome_label: str
    concluded_on: dt.date | None
    document_no: str


class RemedyPageOut(Schema):
    items: list[RemedyRow]
    page: int
    has_next: bool


class RemedyOut(RemedyRow):
    accepted_on: dt.date
    reverses: bool = Field(description="撤销、变更或确认违法：计入纠错率")
    surcharge_paused: bool = Field(description="审理期间加处罚款暂停计算")
    version: int


def remedy_row(r: Remedy) -> dict[str, Any]:
    return {"id": r.pk, "agency_id": r.agency_id, "agency_name": r.agency.name, "case_id": r.case_id, "kind": r.kind,
            "kind_label": str(tr(RemedyKind(r.kind).label)), "body": r.body, "filed_on": r.filed_on,
            "outcome": r.outcome, "outcome_label": str(tr(Outcome(r.outcome).label)),
            "concluded_on": r.concluded_on, "document_no": r.document_no}


@router.get("/remedies", response=RemedyPageOut, operation_id="list_remedies")
def list_remedies(request: HttpRequest, outcome: str = "", kind: str = "", agency_id: IdFilter | None = None,
                  page: int = 1) -> dict[str, Any]:
    """The reconsiderations and lawsuits the user may see, the latest filed first."""
    qs, _ = choice_filter(remedies_for(request.user), "outcome", outcome, Outcome.values)
    qs, _ = choice_filter(qs, "kind", kind, RemedyKind.values)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    ordered = qs.select_related("agency").only(*REMEDY_COLUMNS, "agency_id").order_by("-filed_on", "-id")
    found = page_of(ordered, page_number(page), lambda r: {"remedy": r})
    return {"items": [remedy_row(r["remedy"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/remedies/{pk}", response=RemedyOut, operation_id="get_remedy")
def get_remedy(request: HttpRequest, pk: int) -> dict[str, Any]:
    r = remedies_for(request.user).select_related("agency").filter(pk=pk).first()
    if r is None:
        raise NotFound()
    return remedy_row(r) | {"accepted_on": r.accepted_on, "reverses": r.outcome in REVERSING,
                            "surcharge_paused": r.pause_id is not None, "version": r.version}


# --- inquiries -----------------------------------------------------------------------------------


class InquiryRow(Schema):
    id: int
    agency_id: int
    agency_name: str
    case_id: int | None
    source_type: str = Field(description="来源记录的类型，如 accountability.Remedy、filereview.FileReview")
    source_id: int
    summary: str
    opened_on: dt.date
    due: dt.date = Field(description="办理期限（ACC_DECIDE 一个月；延期一次30日）")
    extended: bool
    status: InquiryStatus
    status_label: str


class InquiryPageOut(Schema):
    items: list[InquiryRow]
    page: int
    has_next: bool


class InquiryPersonOut(Schema):
    id: int = Field(description="责任人编号（propose 的 confirm、decide 的 decisions 用它）")
    part: str = Field(description="handling（承办人）/ reviewer（审核人）/ approver（批准人）/ collective（集体讨论）")
    name: str
    officer_id: int | None
    trace: list[Any] = Field(description="办案记录中载明此人的环节")
    confirmed: bool
    sanction: str
    exemption: str


class InquiryOut(InquiryRow):
    faults: list[str]
    findings: str
    decided_on: dt.date | None
    due_rule: str
    version: int
    people: list[InquiryPersonOut]
    steps: list[StepOut]


INQUIRY_ROW = ("id", "agency_id", "case_id", "source_type", "source_id", "summary", "opened_on", "due", "extended",
               "status")


def inquiry_row(i: Inquiry) -> dict[str, Any]:
    return {name: getattr(i, name) for name in INQUIRY_ROW} | {
        "agency_name": i.agency.name, "status_label": str(status_label(i.status))}


def inquiry_out(i: Inquiry, user: Any = None) -> dict[str, Any]:
    return inquiry_row(i) | {
        "faults": [str(f) for f in i.faults], "findings": i.findings, "decided_on": i.decided_on,
        "due_rule": i.due_rule, "version": i.version,
        "people": [{"id": p.pk, "part": p.part, "name": p.name, "officer_id": p.officer_id, "trace": list(p.trace),
                    "confirmed": p.confirmed, "sanction": p.sanction, "exemption": p.exemption} for p in people(i)],
        "steps": steps_out(InquiryStep, inquiry=i)}


def load_inquiry(pk: Any, user: Any) -> Inquiry:
    found = access_inquiry(pk, user)
    return Inquiry.objects.select_related("agency__region").get(pk=found.pk)


@router.get("/inquiries", response=InquiryPageOut, operation_id="list_inquiries")
def list_inquiries(request: HttpRequest, status: str = "", agency_id: IdFilter | None = None,
                   page: int = 1) -> dict[str, Any]:
    """The fault inquiries the user may see, the latest opened first."""
    qs, _ = choice_filter(inquiries_for(request.user), "status", status, InquiryStatus.values)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    found = inquiry_page(qs, page_number(page))
    return {"items": [inquiry_row(r["inquiry"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/inquiries/{pk}", response=InquiryOut, operation_id="get_inquiry")
def get_inquiry(request: HttpRequest, pk: int) -> dict[str, Any]:
    return inquiry_out(load_inquiry(pk, request.user))


add_procedure_endpoints(router, INQUIRIES, load=load_inquiry, out=inquiry_out, path="/inquiries/{{pk}}/steps/{step}",
                        response=InquiryOut, operation="inquiry_step_{step}", name="inquiry_{step}", docs={
                            "propose": "认定责任 (the region's legal office): `officers` (the agency's officers "
                                       "held responsible, ids), `responsible` (the people the case's record names "
                                       "who are not officers, ids), the fault type codes, the findings.",
                            "extend": "延期 (once, 30 days), with the reason.",
                            "decide": "作出追究决定: `decisions` as 'person id:sanction or exemption code' lines.",
                        })
