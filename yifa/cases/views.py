"""Case pages: "my cases" with deadline colours, all cases, the case page with its timeline and
the forms of the steps open to the user, and registering a lead. Writes only through actions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from yifa.accounts.models import Role
from yifa.accounts.requests import signed_in
from yifa.cases import actions, rules
from yifa.cases.access import access_case, cases_for, my_cases, read_case
from yifa.cases.forms import EvidenceForm, LeadForm, PreservationDecisionForm, PreservationForm
from yifa.cases.models import OPEN_STATUSES, Case, CaseStep, Hearing, Status
from yifa.cases.panels import panels_for
from yifa.cases.procedure import PENALTY
from yifa.cases.queries import (
    DECISION_PENDING,
    DOCUMENT_STAGES,
    CaseFacts,
    case_facts,
    case_page,
    case_party,
    deadline_state,
    document_file,
    document_kinds_for,
    latest_assessment,
    make_document,
    status_filter,
)
from yifa.cases.queries import (
    document_preview as preview_of,
)
from yifa.documents.actions import make_pdf
from yifa.documents.models import Document, DocumentKind
from yifa.documents.pages import pdf_pages
from yifa.evidence.actions import add_evidence, decide_preservation, record_preservation
from yifa.evidence.models import Evidence, EvidenceKind, Preservation, StoredFile
from yifa.evidence.storage import FILE_TYPES
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError
from yifa.lib.htmlrows import html_fragment, html_row, joined
from yifa.registry.models import Agency
from yifa.web.files import SHA256_HEX, file_name, read_upload, stream
from yifa.web.i18n import in_language, tr
from yifa.web.lists import NEAR_DAYS, page_number, rule_names
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required

#: Who gets the "all cases" list (cases_for): heads and administrators of an agency, and oversight.
ALL_CASES_ROLES = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.LEGAL_REVIEWER, Role.SUPERVISOR,
                             Role.EFFICIENCY, Role.LEADER, Role.SYSADMIN})


# --- deadlines --------------------------------------------------------------------------------


# --- lists ------------------------------------------------------------------------------------


def may_list_all(user: Any) -> bool:
    return bool(user.is_sysadmin or user.role in ALL_CASES_ROLES)


#: One card of a case list (cases/list.html).
CARD = ('\n  <li class="case-card deadline-{state}" data-case="{pk}" data-deadline="{state}">\n'
        '    <span class="badge status-{status}">{status_label}</span>\n    {badge}\n'
        '    <h2><a href="{url}">{heading}</a></h2>\n    <dl>\n      {agency}\n'
        '      <dt>{t_party}</dt><dd>{party}</dd>\n'
        '      <dt>{t_stage}</dt><dd class="due">{stage}</dd>\n'
        '      <dt>{t_decision}</dt><dd>{decision}</dd>\n    </dl>\n  </li>\n  ')


def case_cards(rows: list[dict[str, Any]], *, show_agency: bool) -> SafeString:
    """The cards of a list page, written here rather than by a template loop: fifty cards through
    the template engine were most of the page's CPU (docs/benchmarks.md, "CPU per request")."""
    t_agency = gettext("执法主体")
    badges = {state: html_fragment('<span class="badge deadline-{}">{}</span>', state, word)
              for state, word in (("overdue", gettext("已超期")), ("near", gettext("即将到期")))}
    labels = {"t_party": gettext("当事人"), "t_stage": gettext("环节期限"), "t_decision": gettext("办案期限")}
    cards = []
    for r in rows:
        case, state = r["case"], r["state"]
        cards.append(html_row(
            CARD, state=state, pk=case.pk, status=case.status, status_label=r["status_label"],
            badge=badges.get(state, ""), url=r["url"], heading=r["heading"], party=case.party_name,
            decision=r["decision_due"],
            agency=html_fragment("<dt>{}</dt><dd>{}</dd>", t_agency, case.agency.name) if show_agency else "",
            stage=html_fragment('{} <span class="muted">{}</span>', r["stage_due"], r["stage_rule_name"])
            if r["stage_due"] else "—", **labels))
    return joined(cards)


def _list(request: HttpRequest, qs: QuerySet[Case], *, title: str, statuses: list[str], mine: bool) -> HttpResponse:
    qs, current = status_filter(qs, request.GET.get("status", ""), statuses)
    user: Any = request.user
    page = case_page(qs, page_number(request.GET.get("page")))
    return render(request, "cases/list.html", {
        "title": title, "mine": mine, "page": page,
        "cards": case_cards(page.rows, show_agency=not user.is_agency_staff),
        "statuses": [(s, tr(Status(s).label)) for s in statuses], "status": current,
        "can_list_all": may_list_all(user), "can_register": bool(user.is_agency_staff),
        "show_agency": not user.is_agency_staff, "near_days": NEAR_DAYS,
    })


@staff_required
def mine(request: HttpRequest) -> HttpResponse:
    statuses = [s for s in Status.values if s in OPEN_STATUSES]
    return _list(request, my_cases(request.user), title=gettext("我的案件"), statuses=statuses, mine=True)


@staff_required
def all_cases(request: HttpRequest) -> HttpResponse:
    if not may_list_all(request.user):
        raise PermissionDenied(gettext("全部案件仅供机关负责人和监督人员查看。"))
    return _list(request, cases_for(request.user), title=gettext("全部案件"), statuses=list(Status.values),
                 mine=False)


# --- the case page ----------------------------------------------------------------------------


def _case_with_names(pk: Any, user: Any) -> Case:
    """The case with its agency and power item, which the page prints, in the same query."""
    return access_case(pk, user, related=("agency", "power"))


#: A case the user may see; "not yours" is the same 404 as "missing".
get_case = record_loader(_case_with_names)
#: A case the user may read: also one a grant opens read-only (a cross-reviewer's sampled file,
#: cases.access.read_case, which records the read). Only the reading pages use it.
read_only_case = record_loader(read_case)


def step_label(step: str) -> Any:
    return PENALTY.label(step)


#: Steps that answer one notice (APL 44): marked with its round once a case has been notified again.
ROUND_STEPS = frozenset({"notify", "waive", "request_hearing", "schedule_hearing", "record_hearing", "hearing"})


def timeline(case: Case) -> list[dict[str, Any]]:
    """Every step in order (templates/_parts/timeline.html); with more than one notice, each
    notice's steps carry its round."""
    steps = CaseStep.objects.filter(case=case).select_related("actor").order_by("at", "id")
    rows, notices = [], 0
    for s in steps:
        notices += s.step == "notify"
        rows.append({
            "step": s, "label": step_label(s.step), "actor": s.actor,
            "from_label": tr(Status(s.from_status).label) if s.from_status else "",
            "to_label": tr(Status(s.to_status).label),
            "round": notices if case.notice_round > 1 and s.step in ROUND_STEPS else 0,
        })
    return rows


def hearing_rows(case: Case) -> list[dict[str, Any]]:
    """Every hearing of the case, one per notice that was answered with a request, in order."""
    hearings = Hearing.objects.filter(case=case).select_related("chair").order_by("notice_round")
    return [{"hearing": h, "round": h.notice_round, "current": h.notice_round == case.notice_round}
            for h in hearings]


def penalty_labels(types: list[str]) -> list[str]:
    """The types' names (cases.PenaltyKind, APL 9); the catalogue's group label for an old code."""
    labels = dict(PowerItem.PenaltyType.choices) | {c: k.name for c, k in rules.kinds_on(timezone.localdate()).items()}
    return [str(tr(labels.get(t, t))) for t in types]


def case_context(request: HttpRequest, case: Case, *, bound: forms.Form | None = None, bound_step: str = "",
                 error: ActionError | None = None, extra_forms: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    user = request.user
    assignments = list(case.assignments.select_related("officer").order_by("-is_lead", "assigned_on", "id"))
    hearings = hearing_rows(case)
    crew = {a.officer_id for a in assignments if not a.recused}
    open_forms = offered_forms(PENALTY, case, user, url="cases:step", bound=bound, bound_step=bound_step)
    names = rule_names({case.stage_rule})
    return {
        "case": case, "party": case_party(case, None if case.read_grant else user), "assignments": assignments, "hearings": hearings,
        "several_hearings": len(hearings) > 1,
        "timeline": timeline(case), "forms": open_forms, "error": error, "error_step": bound_step,
        "state": deadline_state(case, timezone.localdate()), "status_label": tr(Status(case.status).label),
        "stage_rule_name": names.get(case.stage_rule, case.stage_rule),
        "decision_pending": case.status in DECISION_PENDING,
        "proposed_labels": penalty_labels(case.proposed_types), "decided_labels": penalty_labels(case.decided_types),
        "procedure_label": tr(case.get_procedure_display()), "source_label": tr(case.get_source_display()),
        "outcome_label": tr(case.get_outcome_display()),
        "mitigation_label": tr(case.get_mitigation_display()) if case.mitigation else "",
        "service_method_label": tr(actions.SERVICE_METHODS.get(case.service_method, case.service_method)),
    } | case_extras(request, case, crew, extra_forms or {}, hearings=[h["hearing"] for h in hearings])


#: The case page and its steps (yifa.web.steps): a step's form, then exactly one action with the
#: version the page showed.
CASE_PAGE = step_page(PENALTY, template="cases/detail.html", detail="cases:detail", load=get_case,
                      context=case_context)
#: The page itself may also be read under a grant (the steps' POSTs load through `get_case`).
detail = detail_view(dataclasses.replace(CASE_PAGE, load=read_only_case))
step = step_view(CASE_PAGE)


# --- registering a lead -----------------------------------------------------------------------


def _user_agency(user: Any) -> Agency:
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以登记案件线索。"))
    return user.agency


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    agency = _user_agency(request.user)
    if request.method != "POST":
        return render(request, "cases/new.html", {"form": LeadForm(request.user)})
    form = LeadForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "cases/new.html", {"form": form}, status=400)
    try:
        case = actions.register_case(agency=agency, power=form.cleaned_data["power"], acting_user=signed_in(request),
                                     **form.case_fields())
    except ActionError as err:
        return render(request, "cases/new.html", {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已登记案件线索“%(title)s”。") % {"title": case.title})
    return redirect("cases:detail", pk=case.pk)


# --- evidence, preservation and documents on the case page ---------------------------------------


def handles(user: Any, case: Case, crew: set[int]) -> bool:
    """Offered the evidence and document forms: the agency's head or an officer on the case
    (a convenience for the page; the actions decide)."""
    if getattr(user, "agency_id", None) != case.agency_id:
        return False
    return bool(user.role == Role.AGENCY_HEAD or (user.officer_id is not None and user.officer_id in crew))


def evidence_rows(case: Case) -> list[dict[str, Any]]:
    rows = Evidence.objects.filter(case=case).select_related("file", "collected_by").order_by("collected_on", "id")
    return [{
        "evidence": e, "kind_label": tr(e.get_kind_display()),
        "type_label": tr(FILE_TYPES[e.file.type_code].label) if e.file and e.file.type_code in FILE_TYPES else "",
        "sha_short": e.sha256[:12],
    } for e in rows]


def document_rows(case: Case) -> list[dict[str, Any]]:
    docs = Document.objects.filter(case=case).select_related("kind", "docx", "pdf", "generated_by")
    return [{"document": d, "name": tr(d.kind.name), "pdf_url": pdf_url(case, d)}
            for d in docs.order_by("generated_at", "id")]


def case_extras(request: HttpRequest, case: Case, crew: set[int], bound: dict[str, forms.Form], *,
                hearings: list[Hearing] | None = None) -> dict[str, Any]:
    """The evidence, preservation and document parts of the case page, with the user's forms.
    `hearings`: the case's hearings when the caller has read them (the current one is among them)."""
    user: Any = request.user
    handler = handles(user, case, crew) and case.status != Status.ARCHIVED
    writable = handler and case.is_open
    preservations = list(Preservation.objects.filter(case=case).select_related("approved_by", "decided_by")
                         .order_by("preserved_on", "id"))
    kinds = {}
    if handler:
        # The stage facts from the rows already read (case_facts would query both again).
        current = case_facts(case).hearing if hearings is None else next(
            (h for h in hearings if case.notice_round and h.notice_round == case.notice_round), None)
        facts = CaseFacts(current, bool(preservations))
        kinds = {k.code: k for k in DocumentKind.objects.filter(code__in=document_kinds_for(case, facts))}
    return {
        "evidence": evidence_rows(case), "documents": document_rows(case),
        "evidence_form": bound.get("evidence", EvidenceForm() if writable else None),
        "evidence_open": "evidence" in bound,
        "preservation_form": bound.get("preservation",
                                       PreservationForm() if writable and user.role == Role.AGENCY_HEAD else None),
        "preservation_open": "preservation" in bound,
        "preservations": [{
            "p": p, "decision_label": tr(p.get_decision_display()) if p.decision else "",
            "form": bound.get(f"decide-{p.pk}", PreservationDecisionForm(preservation_id=p.pk) if writable and not p.decision else None),
        } for p in preservations],
        "document_kinds": [(code, tr(kinds[code].name)) for code in DOCUMENT_STAGES if code in kinds],
        "read_only": case.status == Status.ARCHIVED,
        "discretion": latest_assessment(case),  # the benchmark's recommendation, shown above the decision form
        "panels": panels_for(request, case, bound),  # what the apps above cases record against it
    }


def _rerender(request: HttpRequest, pk: int, bound: dict[str, forms.Form], error: ActionError | None,
              status: int) -> HttpResponse:
    case = get_case(pk, request.user)
    return render(request, "cases/detail.html", case_context(request, case, error=error, extra_forms=bound),
                  status=status)


@require_POST
@staff_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """证据: one upload (or a physical item described), through add_evidence."""
    case = get_case(pk, request.user)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _rerender(request, pk, {"evidence": form}, None, 400)
    data = form.cleaned_data
    try:
        add_evidence(case, kind=data["kind"], title=data["title"], upload=read_upload(data.get("file")),
                     description=data.get("description") or "", collected_on=data["collected_on"],
                     acting_user=signed_in(request))
    except ActionError as err:
        return _rerender(request, pk, {"evidence": form}, err, err.status)
    messages.success(request, gettext("已登记证据“%(title)s”。") % {"title": data["title"]})
    return redirect(reverse("cases:detail", args=[pk]) + "#evidence")


@require_POST
@staff_required
def preserve(request: HttpRequest, pk: int) -> HttpResponse:
    """先行登记保存 (APL art. 56), approved by the head who records it."""
    case = get_case(pk, request.user)
    form = PreservationForm(request.POST)
    if not form.is_valid():
        return _rerender(request, pk, {"preservation": form}, None, 400)
    data = form.cleaned_data
    try:
        record_preservation(case, items=data["items"], reason=data["reason"], preserved_on=data["preserved_on"],
                            location=data.get("location") or "", acting_user=signed_in(request))
    except ActionError as err:
        return _rerender(request, pk, {"preservation": form}, err, err.status)
    messages.success(request, gettext("已登记先行登记保存。"))
    return redirect(reverse("cases:detail", args=[pk]) + "#preservation")


@require_POST
@staff_required
def preservation_decide(request: HttpRequest, pk: int, preservation_id: int) -> HttpResponse:
    case = get_case(pk, request.user)
    preservation = Preservation.objects.filter(case=case, pk=preservation_id).first()
    if preservation is None:
        raise Http404(gettext("记录不存在。"))
    key = f"decide-{preservation.pk}"
    form = PreservationDecisionForm(request.POST, preservation_id=preservation.pk)
    if not form.is_valid():
        return _rerender(request, pk, {key: form}, None, 400)
    data = form.cleaned_data
    try:
        decide_preservation(preservation, decision=data["decision"], decided_on=data["decided_on"],
                            note=data.get("note") or "", acting_user=signed_in(request))
    except ActionError as err:
        return _rerender(request, pk, {key: form}, err, err.status)
    messages.success(request, gettext("已作出先行登记保存处理决定。"))
    return redirect(reverse("cases:detail", args=[pk]) + "#preservation")


@require_POST
@staff_required
def document_generate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case = get_case(pk, request.user)
    try:
        doc = make_document(case, kind, request.user)
    except ActionError as err:
        return _rerender(request, pk, {}, err, err.status)
    messages.success(request, gettext("已生成《%(name)s》%(number)s。") % {"name": tr(doc.kind.name),
                                                                      "number": doc.number})
    return redirect(reverse("cases:detail", args=[pk]) + "#documents")


#: The preview is the document's own HTML with its inline styles, and nothing else: no script, no
#: fetch, not framed, no form.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'none'")


@require_GET
@staff_required
def document_preview(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The document as it would be made now, before a number is taken (none is: the counter is
    untouched); who may make it may preview it."""
    case = get_case(pk, request.user)
    try:
        page = preview_of(case, kind, request.user)
    except ActionError as err:
        return HttpResponse(in_language(err), status=err.status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response


# --- files ----------------------------------------------------------------------------------


def file_of_case(case: Case, sha256: str) -> tuple[StoredFile, str] | None:
    """A stored file this case's evidence or documents name, with the name to download it by."""
    if not SHA256_HEX.fullmatch(sha256):
        return None
    ev = Evidence.objects.filter(case=case, sha256=sha256, file__isnull=False).select_related("file").first()
    if ev is not None and ev.file is not None:
        return ev.file, file_name(ev.file, ev.original_name or ev.title)
    doc = (Document.objects.filter(case=case).filter(Q(docx__sha256=sha256) | Q(pdf__sha256=sha256))
           .select_related("kind", "docx", "pdf").first())
    if doc is not None:
        return document_file(doc, "pdf" if doc.pdf is not None and doc.pdf.sha256 == sha256 else "docx")
    return None


@staff_required
def case_file_download(request: HttpRequest, pk: int, sha256: str) -> Any:
    """A file of a case the user may see; anything else is the same 404."""
    found = file_of_case(read_only_case(pk, request.user), sha256)
    if found is None:
        raise Http404(gettext("记录不存在。"))
    return stream(*found)


@staff_required
def document_pdf(request: HttpRequest, pk: int, doc_id: int) -> Any:
    """A document's PDF. If it could not be made when the document was, it is made now from the
    stored .docx (documents.actions.make_pdf, the same helper)."""
    case = read_only_case(pk, request.user)
    doc = Document.objects.filter(case=case, pk=doc_id).select_related("kind", "docx", "pdf").first()
    if doc is None or (case.read_grant and doc.pdf is None):  # a reader under a grant makes no PDF
        raise Http404(gettext("记录不存在。"))
    try:
        doc = make_pdf(doc, acting_user=signed_in(request))
    except ActionError as err:
        return HttpResponse(in_language(err), status=err.status, content_type="text/plain; charset=utf-8")
    return stream(*document_file(doc, "pdf"))


def pdf_url(case: Case, doc: Document) -> str:
    """Where the document's PDF is downloaded: by its hash once made, else where it is made."""
    if doc.pdf is not None:
        return reverse("cases:file_download", args=[case.pk, doc.pdf.sha256])
    return reverse("cases:document_pdf", args=[case.pk, doc.pk])


# --- the case file (卷内目录) ------------------------------------------------------------------


@dataclass
class FileItem:
    title: str
    date: dt.date | None
    number: str = ""
    pages: int | None = None
    url: str = ""
    note: str = ""


@dataclass
class FileSection:
    key: str
    title: Any
    items: list[FileItem]


def _doc_items(case: Case, docs: list[Document], code: str) -> list[FileItem]:
    """The documents of one kind, each by the date it bears (that of the step it records)."""
    return [FileItem(str(tr(d.kind.name)), d.dated_on, d.number, pdf_pages(d.pdf), pdf_url(case, d))
            for d in docs if d.kind.code == code]


def _or_record(items: list[FileItem], title: Any, day: dt.date | None, number: str = "") -> list[FileItem]:
    """The generated documents, or — where the step happened but no document was made — the record of it."""
    return _or_records(items, title, [day] if day else [], number)


def _or_records(items: list[FileItem], title: Any, days: list[dt.date], number: str = "") -> list[FileItem]:
    """The same for a step that may happen more than once (a notice after each re-review)."""
    if items or not days:
        return items
    return [FileItem(str(title), day, number, note=gettext("（未生成文书，见办案记录）")) for day in days]


def _hearing_items(case: Case, docs: list[Document]) -> list[FileItem]:
    """Every notice's hearing: its request, its notice and its record, in the order of their dates."""
    hearings = list(Hearing.objects.filter(case=case).order_by("notice_round"))
    several = len(hearings) > 1

    def titled(title: str, h: Hearing) -> str:
        return gettext("%(title)s（第%(n)s次告知）") % {"title": title, "n": h.notice_round} if several else title

    requests = [FileItem(titled(gettext("听证申请"), h), h.requested_on) for h in hearings]
    records = [FileItem(titled(gettext("听证笔录"), h), h.held_on) for h in hearings if h.held_on]
    # A stable sort: on one day, the request comes before its notice, and the notice before the record.
    return sorted(requests + _doc_items(case, docs, "hearing_notice") + records,
                  key=lambda item: item.date or dt.date.max)


def case_file_sections(case: Case) -> list[FileSection]:
    """卷内目录: the contents of the file in statutory order."""
    docs = list(Document.objects.filter(case=case).select_related("kind", "pdf").order_by("generated_at", "id"))
    evidence = list(Evidence.objects.filter(case=case).select_related("file").order_by("collected_on", "id"))
    order = {kind: i for i, kind in enumerate(EvidenceKind.values)}  # APL art. 46
    evidence.sort(key=lambda e: (order.get(e.kind, len(order)), e.collected_on, e.pk))
    notices = list(CaseStep.objects.filter(case=case, step="notify").order_by("at", "id")
                   .values_list("on_date", flat=True))
    preservations = [FileItem(gettext("先行登记保存：%(items)s") % {"items": p.items}, p.preserved_on)
                     for p in Preservation.objects.filter(case=case).order_by("preserved_on", "id")]
    return [
        FileSection("case_opening", gettext_lazy("立案审批表"), _or_record(
            _doc_items(case, docs, "case_opening"), gettext_lazy("立案审批表"), case.opened_on, case.number)),
        FileSection("evidence", gettext_lazy("证据材料"), [
            FileItem(f"{tr(e.get_kind_display())}：{e.title}", e.collected_on, pages=pdf_pages(e.file),
                     url=reverse("cases:file_download", args=[case.pk, e.sha256]) if e.file else "",
                     note="" if e.file else e.description) for e in evidence]),
        FileSection("records", gettext_lazy("询问笔录、现场检查笔录"),
                    _doc_items(case, docs, "inquiry_record") + _doc_items(case, docs, "inspection_record")),
        FileSection("preservation", gettext_lazy("先行登记保存"),
                    _doc_items(case, docs, "preservation_notice") + preservations),
        FileSection("prior_notice", gettext_lazy("行政处罚事先告知书"), _or_records(
            _doc_items(case, docs, "prior_notice"), gettext_lazy("行政处罚事先告知书"),
            notices or ([case.notified_on] if case.notified_on else []))),
        FileSection("hearing", gettext_lazy("听证材料"), _hearing_items(case, docs)),
        FileSection("penalty_decision", gettext_lazy("行政处罚决定书"), _or_record(
            _doc_items(case, docs, "penalty_decision"), gettext_lazy("行政处罚决定书"), case.decided_on,
            case.decision_number)),
        FileSection("service_receipt", gettext_lazy("送达回证"), _or_record(
            _doc_items(case, docs, "service_receipt"), gettext_lazy("送达回证"), case.served_on)),
        FileSection("payment", gettext_lazy("缴款凭证"), [FileItem(gettext("罚没款缴款凭证（银行回单）"), case.paid_on)]
                    if case.paid_on else []),
        FileSection("closing_approval", gettext_lazy("结案审批表"), _or_record(
            _doc_items(case, docs, "closing_approval"), gettext_lazy("结案审批表"), case.closed_on)),
    ]


@staff_required
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """卷内目录: the file's contents in statutory order, then who did what when."""
    case = read_only_case(pk, request.user)
    sections = case_file_sections(case)
    n = 0
    numbered = []
    for section in sections:
        rows = []
        for item in section.items:
            n += 1
            rows.append((n, item))
        numbered.append({"section": section, "rows": rows})
    return render(request, "cases/file.html", {
        "case": case, "sections": numbered, "timeline": timeline(case),
        "status_label": tr(Status(case.status).label),
    })
