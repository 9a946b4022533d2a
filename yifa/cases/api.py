"""Case endpoints: my cases, all cases (scoped), one case with its record, register, and one
POST per workflow step. Reads go through yifa.cases.access ("not yours" = 404, like
"missing"); every step calls exactly one yifa.cases.actions function with the case version
the caller last saw, so a stale caller is refused. Refusals use the API's error handlers.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, UploadedFile
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import agency_staff, plain
from yifa.api.schemas import StepOut, step_out
from yifa.api.steps import add_procedure_endpoints
from yifa.cases import actions
from yifa.cases.access import access_case, cases_for, my_cases
from yifa.cases.forms import penalty_power
from yifa.cases.models import OPEN_STATUSES, Case, CaseStep, Hearing, PartyKind, Procedure, SourceKind, Status
from yifa.cases.procedure import PENALTY
from yifa.cases.queries import (
    case_page,
    case_party,
    deadline_state,
    discretion_out,
    document_file,
    make_document,
    status_filter,
)
from yifa.documents.actions import make_pdf
from yifa.documents.models import Document
from yifa.evidence.actions import add_evidence
from yifa.evidence.models import Evidence, EvidenceKind, StoredFile
from yifa.lib.errors import ActionError, NotFound
from yifa.lib.idcodes import PartyCode, PhoneNumber
from yifa.registry.access import visible_agencies
from yifa.web.files import SHA256_HEX, file_name, read_upload, stream
from yifa.web.lists import page_number, rule_names

router = Router(tags=["案件"])


# --- output --------------------------------------------------------------------------------


class CaseRow(Schema):
    id: int
    agency_id: int
    number: str
    title: str
    status: Status
    status_label: str
    procedure: Procedure
    party_name: str
    stage_due: dt.date | None
    stage_rule: str
    stage_rule_name: str
    decision_due: dt.date | None
    deadline_state: str = Field(description="overdue（红）/ near（黄）/ normal")
    version: int


class CasePageOut(Schema):
    items: list[CaseRow]
    page: int
    has_next: bool


class OfficerOnCase(Schema):
    officer_id: int
    name: str
    is_lead: bool
    recused: bool
    recusal_reason: str
    assigned_on: dt.date


class HearingOut(Schema):
    notice_round: int = Field(description="所针对的第几次事先告知")
    requested_on: dt.date
    notice_served_on: dt.date | None
    scheduled_for: dt.date | None
    chair_id: int | None
    public: bool
    held_on: dt.date | None
    record: str


class DiscretionOut(Schema):
    """The discretion benchmark's recommendation for the case (APL 34) and the decision against it."""

    benchmark: str
    tier: str
    tier_label: str
    band_min: Decimal | None
    band_max: Decimal | None
    assessed_on: dt.date
    explanation: dict[str, Any] = Field(description="适用规则、情节、同类违法记录（仅案号、机关、日期）和依据")
    decided: bool
    outside_band: bool = Field(description="决定超出裁量基准（须说明理由并经法制审核）")
    outside_reasons: str


class CaseOut(CaseRow):
    power_id: int
    source: SourceKind
    source_detail: str
    registered_on: dt.date
    party_kind: PartyKind
    party_code: str = Field(description="脱敏，除非为机关负责人、管理员或监督人员")
    party_address: str
    party_phone: str
    act_ended_on: dt.date
    discovered_on: dt.date
    safety_harm: bool
    serious: bool
    opened_on: dt.date | None
    decision_extended_days: int
    proposed_types: list[str]
    proposed_fine: Decimal | None
    proposed_gains: Decimal | None = Field(description="拟没收违法所得（元）")
    proposed_property_value: Decimal | None = Field(description="拟没收非法财物价值（元）")
    hearing_right: bool
    notice_round: int = Field(description="事先告知次数（重新审查后再次告知的，每次告知各有其听证）")
    notified_on: dt.date | None
    hearing_waived: bool
    outcome: str
    decided_types: list[str]
    decided_fine: Decimal | None
    decided_gains: Decimal | None
    decided_property_value: Decimal | None
    mitigation: str = Field(description="lighter 从轻 / mitigated 减轻（行政处罚法第三十条）")
    incapacity_found: bool = Field(description="查明不能辨认或者不能控制自己行为（行政处罚法第三十一条）")
    detention_transferred: bool = Field(description="行政拘留移送公安机关（行政处罚法第十八条第三款）")
    penalty_effects: dict[str, list[dict[str, Any]]] | None = Field(
        description="各处罚种类及其听证权利（第六十三条）、法制审核（第五十八条）后果：proposed / decided")
    provisions: dict[str, list[dict[str, Any]]] | None = Field(
        None, description="审查时选定的适用条款：violated 违则 / penalty 罚则，各含条款ID、名称及违法行为终了时施行的版本")
    decided_on: dt.date | None
    decision_number: str
    served_on: dt.date | None
    service_method: str
    payment_due: dt.date | None
    paid_on: dt.date | None
    closed_on: dt.date | None
    archived_at: dt.datetime | None
    officers: list[OfficerOnCase]
    hearing: HearingOut | None = Field(description="本次（最近一次）告知后的听证")
    hearings: list[HearingOut] = Field(description="各次告知后的听证")
    steps: list[StepOut]
    discretion: DiscretionOut | None = Field(None, description="裁量基准建议（最近一次适用）")


ROW_FIELDS = ("id", "agency_id", "number", "title", "status", "procedure", "party_name", "stage_due", "stage_rule",
              "decision_due", "version")


def row_out(case: Case, today: dt.date, names: dict[str, str]) -> dict[str, Any]:
    return {name: getattr(case, name) for name in ROW_FIELDS} | {
        "status_label": str(Status(case.status).label), "deadline_state": deadline_state(case, today),
        "stage_rule_name": names.get(case.stage_rule, case.stage_rule),
    }


def case_out(case: Case, user: Any) -> dict[str, Any]:
    party = case_party(case, user)
    names = rule_names({case.stage_rule})
    fields = {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}
    hearings = [hearing_out(h) for h in Hearing.objects.filter(case=case).order_by("notice_round")]
    current = [h for h in hearings if h["notice_round"] == case.notice_round]
    steps = CaseStep.objects.filter(case=case).select_related("actor").order_by("at", "id")
    return fields | row_out(case, timezone.localdate(), names) | {
        "party_code": party["code"], "party_phone": party["phone"],
        "officers": [{"officer_id": a.officer_id, "name": a.officer.name, "is_lead": a.is_lead, "recused": a.recused,
                      "recusal_reason": a.recusal_reason, "assigned_on": a.assigned_on}
                     for a in case.assignments.select_related("officer").order_by("-is_lead", "id")],
        "hearing": current[0] if current else None, "hearings": hearings,
        "steps": [step_out(s) for s in steps], "discretion": discretion_out(case),
    }


def hearing_out(h: Hearing) -> dict[str, Any]:
    return {"notice_round": h.notice_round, "requested_on": h.requested_on, "notice_served_on": h.notice_served_on,
            "scheduled_for": h.scheduled_for, "chair_id": h.chair_id, "public": h.public, "held_on": h.held_on,
            "record": h.record}


def page_out(qs: QuerySet[Case], page: int) -> dict[str, Any]:
    result = case_page(qs, page_number(page))
    today = timezone.localdate()
    names = rule_names({r["case"].stage_rule for r in result.rows})
    return {"items": [row_out(r["case"], today, names) for r in result.rows], "page": result.number,
            "has_next": result.has_next}


# --- reads ---------------------------------------------------------------------------------


@router.get("/mine", response=CasePageOut, operation_id="my_cases")
def mine(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    """我的案件: open cases assigned to me (heads: the agency's), most urgent stage deadline first."""
    qs, _ = status_filter(my_cases(request.user), status, [s for s in Status.values if s in OPEN_STATUSES])
    return page_out(qs, page)


@router.get("", response=CasePageOut, operation_id="list_cases")
def list_cases(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    """Every case the user may see (their agency's, or their region's), filtered by status."""
    qs, _ = status_filter(cases_for(request.user), status, list(Status.values))
    return page_out(qs, page)


@router.get("/{pk}", response=CaseOut, operation_id="get_case")
def get_case(request: HttpRequest, pk: int) -> dict[str, Any]:
    return case_out(access_case(pk, request.user), request.user)


# --- register ------------------------------------------------------------------------------


class LeadIn(Schema):
    power_id: int
    title: str
    source: SourceKind
    source_detail: str = ""
    registered_on: dt.date
    party_kind: PartyKind
    party_name: str
    party_code: PartyCode = Field("", description="公民：身份证号码；法人或其他组织：统一社会信用代码（校验码须正确，不接受脱敏号码）")
    party_address: str = ""
    party_phone: PhoneNumber = Field("", description="手机号码或带区号的固定电话；保存为 13812345678 / 0579-84123456 形式")
    party_birth_date: dt.date | None = None
    act_ended_on: dt.date
    discovered_on: dt.date
    safety_harm: bool = False


@router.post("", response={201: CaseOut}, operation_id="register_case")
def register(request: HttpRequest, payload: LeadIn) -> HttpStatus[dict[str, Any]]:
    """线索登记 by a member of the agency's staff, under one of the agency's penalty powers."""
    user = agency_staff(request, "只有执法机关工作人员可以登记案件线索。", "Only an agency's staff may register a lead.")
    data = payload.dict()
    power = penalty_power(user.agency_id, data.pop("power_id"))
    case = actions.register_case(agency=user.agency, power=power, acting_user=user, **data)
    return HttpStatus(201, case_out(case, user))


# --- steps ---------------------------------------------------------------------------------


# No "payment" endpoint: payments enter only from the bank's records, through the fines ledger
# (罚缴分离, APL 67; yifa.fines), never by an agency saying "paid".
add_procedure_endpoints(router, PENALTY, load=access_case, out=case_out, path="/{{pk}}/steps/{step}",
                        response=CaseOut, operation="case_step_{step}", exclude=("payment",))


# --- evidence ------------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    kind_label: str
    title: str
    description: str
    collected_on: dt.date
    collected_by: str
    original_name: str
    sha256: str = Field(description="文件的 SHA-256；无文件（实物）时为空")
    size: int | None
    type_code: str
    mime: str
    download: str = Field(description="下载地址 /api/files/{sha256}；无文件时为空")


def evidence_out(e: Evidence) -> dict[str, Any]:
    stored = e.file
    return {
        "id": e.pk, "kind": e.kind, "kind_label": str(e.get_kind_display()), "title": e.title,
        "description": e.description, "collected_on": e.collected_on, "collected_by": str(e.collected_by),
        "original_name": e.original_name, "sha256": e.sha256, "size": stored.size if stored else None,
        "type_code": stored.type_code if stored else "", "mime": stored.mime if stored else "",
        "download": f"/api/files/{e.sha256}" if stored else "",
    }


@router.get("/{pk}/evidence", response=list[EvidenceOut], operation_id="list_evidence")
def list_evidence(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """The case's evidence (APL art. 46), in the order collected."""
    case = access_case(pk, request.user)
    rows = Evidence.objects.filter(case=case).select_related("file", "collected_by").order_by("collected_on", "id")
    return [evidence_out(e) for e in rows]


@router.post("/{pk}/evidence", response={201: EvidenceOut}, operation_id="add_evidence")
def add_evidence_endpoint(
    request: HttpRequest, pk: int, kind: EvidenceKind = Form(...), title: str = Form(...),
    description: str = Form(""), collected_on: dt.date | None = Form(None),
    file: UploadedFile | None = File(None),
) -> HttpStatus[dict[str, Any]]:
    """One piece of evidence (multipart/form-data): `file` (judged by its content: JPEG, PNG, PDF,
    MP4, MP3/M4A, WAV, DOCX, XLSX, UTF-8 text) with `kind`, `title`, `description`,
    `collected_on`; without a file, a physical item described in `description`."""
    case = access_case(pk, request.user)
    if file is None and not description.strip():
        raise ActionError("请上传文件，或说明证据（如实物）的情况。", "Upload a file or describe the item.", field="file")
    ev = add_evidence(case, kind=plain(kind), title=title, upload=read_upload(file),
                      description=description, collected_on=collected_on, acting_user=signed_in(request))
    return HttpStatus(201, evidence_out(ev))


# --- documents -----------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    number: str
    dated_on: dt.date = Field(description="文书日期：所记录环节的日期（如立案日期、告知日期、决定日期）")
    generated_at: dt.datetime
    generated_by: str
    docx_sha256: str
    pdf_sha256: str = Field(description="PDF 的 SHA-256；尚未生成时为空")
    docx: str = Field(description="下载地址（Word）")
    pdf: str = Field(description="下载地址（PDF）；尚未生成的，首次下载时生成")


def document_out(d: Document) -> dict[str, Any]:
    pdf = d.pdf.sha256 if d.pdf is not None else ""
    return {"id": d.pk, "kind": d.kind.code, "name": d.kind.name, "number": d.number, "dated_on": d.dated_on,
            "generated_at": d.generated_at, "generated_by": str(d.generated_by), "docx_sha256": d.docx.sha256,
            "pdf_sha256": pdf, "docx": f"/api/files/{d.docx.sha256}",
            "pdf": f"/api/files/{pdf}" if pdf else f"/api/cases/{d.case_id}/documents/{d.pk}/pdf"}


@router.get("/{pk}/documents", response=list[DocumentOut], operation_id="list_case_documents")
def list_documents(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    case = access_case(pk, request.user)
    docs = Document.objects.filter(case=case).select_related("kind", "docx", "pdf", "generated_by")
    return [document_out(d) for d in docs.order_by("generated_at", "id")]


@router.get("/{pk}/documents/{doc_id}/pdf", operation_id="get_case_document_pdf")
def document_pdf(request: HttpRequest, pk: int, doc_id: int) -> Any:
    """A document's PDF; if it could not be made with the document, it is made now from the stored
    .docx (503 if that fails again)."""
    case = access_case(pk, request.user)
    doc = Document.objects.filter(case=case, pk=doc_id).select_related("kind", "docx", "pdf").first()
    if doc is None:
        raise NotFound()
    return stream(*document_file(make_pdf(doc, acting_user=signed_in(request)), "pdf"))


@router.post("/{pk}/documents/{kind}", response={201: DocumentOut}, operation_id="generate_case_document")
def generate(request: HttpRequest, pk: int, kind: str) -> HttpStatus[dict[str, Any]]:
    """Number, fill and store (.docx and PDF) one statutory document of the case, once the case has
    reached its stage: case_opening, inquiry_record, inspection_record (opened), preservation_notice
    (items preserved), prior_notice (notified), hearing_notice (hearing scheduled), penalty_decision,
    service_receipt (decided), closing_approval (closed). An archived case takes none."""
    doc = make_document(access_case(pk, request.user), kind, request.user)
    return HttpStatus(201, document_out(doc))


# --- files (mounted at /api/files) ---------------------------------------------------------

files_router = Router(tags=["文件"])


def visible_file(sha256: str, user: Any) -> tuple[StoredFile, str]:
    """A stored file named by evidence or a document the user may see; else NotFound, as if missing."""
    if not SHA256_HEX.fullmatch(sha256):
        raise NotFound()
    cases = cases_for(user)
    ev = (Evidence.objects.filter(sha256=sha256, file__isnull=False, case__in=cases.values("pk"))
          .select_related("file").first())
    if ev is not None and ev.file is not None:
        return ev.file, file_name(ev.file, ev.original_name or ev.title)
    doc = (Document.objects.filter(Q(docx__sha256=sha256) | Q(pdf__sha256=sha256))
           .filter(Q(case__in=cases.values("pk")) | Q(case__isnull=True, agency__in=visible_agencies(user).values("pk")))
           .select_related("kind", "docx", "pdf").first())
    if doc is None:
        raise NotFound()
    return document_file(doc, "pdf" if doc.pdf is not None and doc.pdf.sha256 == sha256 else "docx")


@files_router.get("/{sha256}", operation_id="get_file")
def get_file(request: HttpRequest, sha256: str) -> Any:
    """Download a stored file by its SHA-256, if the user may see a case or document that names it."""
    return stream(*visible_file(sha256, request.user))
