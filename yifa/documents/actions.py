"""Generating numbered documents, and an agency's own templates: guarded, audited actions.

A document is made in two steps. One transaction takes the number, fills the .docx (fast), stores
it with the Document row and the audit event. Then, with no transaction open, the PDF is rendered
from the stored .docx (seconds) and attached in a second short audited transaction. If the PDF
cannot be made, the document keeps its number and the download makes the PDF on first request.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.accounts.models import AGENCY_ROLES, Role
from yifa.audit.record import record, snapshot
from yifa.documents import render
from yifa.documents.context import context_for_case, document_date, licensing_periods, zh_date
from yifa.documents.make_templates import template_path
from yifa.documents.models import AgencyTemplate, Document, DocumentKind
from yifa.documents.numbering import allocate_number, format_number, pattern_for
from yifa.evidence import storage
from yifa.evidence.actions import Case, Upload, check_handler, locked_case
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.registry.access import access_record, visible_agencies
from yifa.registry.models import Agency

if TYPE_CHECKING:
    from yifa.accounts.models import User

logger = logging.getLogger(__name__)


class PdfUnavailable(ActionError):
    """The PDF could not be rendered just now (the .docx is there; try again later)."""

    status = 503

    def __init__(self) -> None:
        super().__init__("PDF 暂时无法生成，请稍后重试，或先下载 Word 文件。",
                         "The PDF cannot be made just now; try again later or download the Word file.")


def kind_named(kind: DocumentKind | str) -> DocumentKind:
    if isinstance(kind, DocumentKind):
        return kind
    found = DocumentKind.objects.filter(code=kind).first()
    if found is None:
        raise ActionError(f"没有这种文书：{kind}。", f"No such kind of document: {kind}.", field="kind")
    return found


def template_for(agency: Agency, kind: DocumentKind) -> bytes:
    """The agency's own template for this kind if it has one, else the shipped one."""
    own = AgencyTemplate.objects.filter(agency=agency, kind=kind).select_related("file").first()
    return own.file.read() if own else template_path(kind.code).read_bytes()


def _check_agency_staff(agency_id: int, user: User) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Forbidden()
    if user.agency_id != agency_id or user.role not in AGENCY_ROLES:
        raise NotFound()


def _case_model() -> Any:
    """The penalty case model, through Document.case (cases builds on documents: not imported)."""
    return Document._meta.get_field("case").related_model


def _case_or_404(case_id: int) -> Case:
    model = _case_model()
    try:
        return locked_case(model(pk=case_id))
    except model.DoesNotExist:
        raise NotFound() from None


def _refuse_archived(case: Case) -> None:
    if case.is_archived:
        raise ActionError("案件已归档，不能再制作文书。", "The case is archived; no more documents.", rule="案件归档管理规定")


def _jsonable(context: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if isinstance(v, dt.date):
            return zh_date(v)
        if isinstance(v, list | tuple):
            return [value(x) for x in v]
        return v if v is None or isinstance(v, str | int | float | bool) else str(v)

    return {k: value(v) for k, v in context.items()}


def generate_document(
    case_or_context: Case | dict[str, Any], kind: DocumentKind | str, *, acting_user: User,
    extra: dict[str, Any] | None = None,
) -> Document:
    """Number, fill and store one document (.docx, then its PDF); audited.

    A Case: its officers or head may generate, the context is context_for_case(case), and the
    document is dated by the step it records (document_date). A dict (e.g. a licensing decision):
    it must carry agency_id (and case_id if any), and may carry `dated_on` (a date); a licensing
    decision also `served_on` (a date: the remedies' last days), its periods computed (licensing_periods).
    `extra` adds fields the case does not hold (facts as found, hearing place, …).

    Called with no transaction open (as the pages and the API do), the PDF is rendered after the
    document is committed, so no write lock is held for the seconds it takes.
    """
    kind = kind_named(kind)
    _require_cjk_font()  # refuse before a number is taken, not after
    today = timezone.localdate()
    given = case_or_context if isinstance(case_or_context, dict) else None
    case_id = given.get("case_id") if given is not None else case_or_context.pk  # type: ignore[union-attr]
    with storage.blob_guard(), transaction.atomic():
        case = _case_or_404(case_id) if case_id else None
        if case is not None:
            check_handler(case, acting_user, today)
            _refuse_archived(case)
            agency = case.agency
            context = dict(given) if given is not None else context_for_case(case)
            dated_on = document_date(case, kind.code)
        else:
            assert given is not None
            if "agency_id" not in given:
                raise ActionError("文书须指明执法主体。", "The document needs its agency.", field="agency_id")
            _check_agency_staff(int(given["agency_id"]), acting_user)
            agency = Agency.objects.get(pk=given["agency_id"])
            context = dict(given)
            dated_on = given.get("dated_on") if isinstance(given.get("dated_on"), dt.date) else None
            if kind.code == "licensing_decision":  # its periods from the deadline rules, with their dates
                served_on = given.get("served_on") if isinstance(given.get("served_on"), dt.date) else None
                context = licensing_periods(dated_on or today, served_on) | context
        context.update(extra or {})
        doc = _store(agency, case, kind, context, acting_user, dated_on or today)
    return attach_pdf(doc, acting_user=acting_user)


PREVIEW_NUMBER = "（预览，未编号）"


def preview_document(case: Case, kind: DocumentKind | str, *, acting_user: User,
                     extra: dict[str, Any] | None = None) -> str:
    """The document as it would be made now, as HTML, with a placeholder for its number: who may
    make it may preview it. Nothing is stored and no number is taken (the counter is not touched),
    so previews leave no gap in the numbers."""
    kind = kind_named(kind)
    _require_cjk_font()
    today = timezone.localdate()
    check_handler(case, acting_user, today)
    _refuse_archived(case)
    context = {**context_for_case(case), **(extra or {})}
    dated_on = document_date(case, kind.code) or today
    taken = getattr(case, CASE_NUMBERS.get(kind.code, ""), "")
    context = _jsonable({**context, "doc_date": zh_date(dated_on), "number": taken or PREVIEW_NUMBER,
                         "document_name": kind.name})
    docx = render.render_docx(template_for(case.agency, kind), context)
    return render.docx_to_html(docx, title=f"{kind.name}{PREVIEW_NUMBER}")


def _require_cjk_font() -> None:
    try:
        render.cjk_font()
    except render.MissingFont as exc:
        raise ActionError(
            "服务器未安装中文字体，无法生成 PDF（请管理员执行 make fonts）。",
            "No CJK font is installed on the server; cannot make the PDF (run make fonts).",
        ) from exc


CASE_NUMBERS = {"case_opening": "number", "penalty_decision": "decision_number"}


def _store(agency: Agency, case: Case | None, kind: DocumentKind, context: dict[str, Any],
           acting_user: User, dated_on: dt.date) -> Document:
    """Number, fill and store the .docx inside the caller's transaction, so a failure anywhere
    rolls the number back with everything else (no gap). The number is of `dated_on`'s year."""
    # The 立案审批表 and the decision carry the numbers the case already took when it was
    # opened and decided; other documents take their own.
    taken = getattr(case, CASE_NUMBERS.get(kind.code, ""), "") if case is not None else ""
    pattern = "" if taken else pattern_for(agency, kind)
    year = dated_on.year
    serial = allocate_number(agency, kind, year) if pattern else None
    number = taken or (format_number(pattern, agency, kind, year, serial) if serial else "")
    context = _jsonable({**context, "doc_date": zh_date(dated_on), "number": number, "document_name": kind.name})
    docx = render.render_docx(template_for(agency, kind), context)
    doc = Document.objects.create(
        agency=agency, case=case, kind=kind, number=number, year=year, serial=serial, dated_on=dated_on,
        generated_at=timezone.now(), generated_by=acting_user, docx=storage.put(docx, field="docx"), pdf=None,
        context=context,
    )
    record("document.generate", doc, acting_user=acting_user, after=snapshot(doc), agency_id=agency.pk)
    return doc


def attach_pdf(doc: Document, *, acting_user: User) -> Document:
    """make_pdf, for the moment after a document is stored: a failure is logged, not raised (the
    document keeps its number; the download makes the PDF later)."""
    try:
        return make_pdf(doc, acting_user=acting_user)
    except PdfUnavailable:  # logged with its cause; the document and its number stay
        return doc
    except Exception:  # storing it failed: the same, the download tries again
        logger.exception("PDF of document %s (%s) not attached; it will be made when first downloaded", doc.pk, doc)
        return doc


def make_pdf(doc: Document, *, acting_user: User) -> Document:
    """The document with its PDF: rendered from the stored .docx with no transaction held, then
    attached in a short audited transaction (unless someone attached one meanwhile).
    Raises PdfUnavailable if it cannot be rendered."""
    _check_may_see(doc, acting_user)
    if doc.pdf_id is not None:
        return doc
    try:
        pdf = render.docx_to_pdf(doc.docx.read(), title=str(doc))
    except Exception as exc:
        logger.exception("PDF of document %s (%s) could not be rendered", doc.pk, doc)
        raise PdfUnavailable() from exc
    with storage.blob_guard(), transaction.atomic():
        current = Document.objects.select_for_update(no_key=True).get(pk=doc.pk)
        if current.pdf_id is None:
            current.pdf = storage.put(pdf, field="pdf")
            current.save(update_fields=["pdf"])
            record("document.pdf", current, acting_user=acting_user, before={"pdf_id": None},
                   after={"pdf_id": current.pdf_id}, agency_id=current.agency_id)
    return Document.objects.select_related("kind", "docx", "pdf", "case").get(pk=doc.pk)


def _check_may_see(doc: Document, user: User) -> None:
    """Who may see the document may have its PDF made: the case's readers, or the agency's."""
    if doc.case_id is not None:
        access_record(_case_model(), doc.case_id, user)  # = cases.access.access_case
    elif not visible_agencies(user).filter(pk=doc.agency_id).exists():
        raise NotFound()


# --- agency templates ----------------------------------------------------------------


def set_agency_template(agency: Agency, kind: DocumentKind | str, upload: Upload, *, acting_user: User) -> AgencyTemplate:
    """Replace the shipped template of one kind with the agency's own .docx (head or admin)."""
    kind = kind_named(kind)
    if acting_user is None or acting_user.agency_id != agency.pk:
        raise NotFound()
    if acting_user.role not in {Role.AGENCY_HEAD, Role.AGENCY_ADMIN}:
        raise Forbidden("只有本机关负责人或管理员可以更换文书模板。", "Only the agency head or admin may replace templates.")
    if storage.check_upload(upload.data, field="template").code != "docx":
        raise ActionError("模板须为 Word（.docx）文件。", "A template must be a .docx file.", field="template")
    render.render_docx(upload.data, {"number": "（试填）"})  # a template that cannot render is refused now
    with storage.blob_guard(), transaction.atomic():
        stored = storage.put(upload.data, field="template")
        old = AgencyTemplate.objects.filter(agency=agency, kind=kind).first()
        before = snapshot(old) if old else None
        tpl, _ = AgencyTemplate.objects.update_or_create(
            agency=agency, kind=kind, defaults={"file": stored, "uploaded_by": acting_user},
        )
        record("document.template", tpl, acting_user=acting_user, before=before, after=snapshot(tpl), agency_id=agency.pk)
    return tpl
