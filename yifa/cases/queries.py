"""Reads of cases for a user, shared by the pages (views.py) and the API (api.py): the list page,
the deadline colour, the party as the user may see it, the documents a case has reached.
views and api import from here, never from each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from yifa.cases import actions
from yifa.cases.benchmarking import latest as latest_assessment
from yifa.cases.models import Case, Hearing, Outcome, Status
from yifa.documents.actions import generate_document, preview_document
from yifa.documents.models import Document, DocumentKind
from yifa.evidence.models import Preservation, StoredFile
from yifa.lib.errors import ActionError
from yifa.web import lists
from yifa.web.files import file_name
from yifa.web.i18n import tr
from yifa.web.lists import Page, page_slice, rule_names
from yifa.web.parties import party_view

#: The decision limit only runs until the decision is made.
DECISION_PENDING = frozenset(actions.BEFORE_DECISION)


def deadline_state(case: Case, today: dt.date) -> str:
    """The colour of the case's earliest running deadline: the stage's, and the decision limit
    until the decision is made (yifa.web.lists.deadline_state)."""
    decision_due = case.decision_due if case.status in DECISION_PENDING else None
    return lists.deadline_state((case.stage_due, decision_due), today)


def case_party(case: Case, user: Any) -> dict[str, Any]:
    """The party as this user may see it (the address is shown as entered)."""
    return party_view(user, name=case.party_name, kind_label=tr(case.get_party_kind_display()),
                      code=case.party_code, phone=case.party_phone, address=case.party_address)


#: The columns a list card shows (and deadline_state reads): a narrow SELECT on a wide table. The API's
#: row (api.ROW_FIELDS) prints `procedure` and `version` too: a deferred column read per row is one
#: query per row (103 queries for a page of 50), so every column either reads is selected here.
LIST_COLUMNS = ("id", "agency_id", "agency__name", "number", "title", "status", "procedure", "party_name",
                "stage_due", "stage_rule", "decision_due", "version")


def ordered(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Most urgent stage deadline first; cases without one last."""
    return qs.select_related("agency").only(*LIST_COLUMNS).order_by(F("stage_due").asc(nulls_last=True), "pk")


def status_filter(qs: QuerySet[Case], value: str, statuses: list[str]) -> tuple[QuerySet[Case], str]:
    return lists.choice_filter(qs, "status", value, statuses)


def row(case: Case, today: dt.date, names: dict[str, str], detail_url: str) -> dict[str, Any]:
    """One card, with everything the template prints already worked out: "my cases" is the page
    officers open most, and per-row template logic costs more than the query."""
    state = deadline_state(case, today)
    return {
        "case": case, "state": state, "status_label": tr(Status(case.status).label),
        "url": detail_url.replace("/0/", f"/{case.pk}/", 1),
        "heading": f"{case.number} {case.title}" if case.number else case.title,
        "stage_due": case.stage_due.isoformat() if case.stage_due else "",
        "decision_due": case.decision_due.isoformat() if case.decision_due else "—",
        "stage_rule_name": names.get(case.stage_rule, case.stage_rule),
    }


def case_page(qs: QuerySet[Case], number: int) -> Page:
    cases, has_next = page_slice(ordered(qs), number)
    today = timezone.localdate()
    names = rule_names({c.stage_rule for c in cases})
    detail_url = reverse("cases:detail", args=[0])
    return Page(number, [row(c, today, names, detail_url) for c in cases], has_next)


#: Statutory documents of a penalty case and the stage from which each can be made.
DocumentStage = Callable[[Case, "CaseFacts"], bool]


@dataclass(frozen=True)
class CaseFacts:
    """What the stage checks need beyond the case row (read once per page)."""

    hearing: Hearing | None  # the hearing on the current notice
    preserved: bool


DOCUMENT_STAGES: dict[str, DocumentStage] = {
    "case_opening": lambda c, f: c.opened_on is not None,          # 立案审批表
    "inquiry_record": lambda c, f: c.opened_on is not None,        # 询问笔录
    "inspection_record": lambda c, f: c.opened_on is not None,     # 现场检查笔录
    "preservation_notice": lambda c, f: f.preserved,               # 先行登记保存通知书
    "prior_notice": lambda c, f: c.notified_on is not None,        # 事先告知书
    "hearing_notice": lambda c, f: bool(f.hearing and f.hearing.scheduled_for),  # 听证通知书
    "penalty_decision": lambda c, f: c.decided_on is not None and c.outcome != Outcome.TRANSFER,  # 处罚决定书
    "service_receipt": lambda c, f: c.decided_on is not None,      # 送达回证
    "closing_approval": lambda c, f: c.closed_on is not None,      # 结案审批表
}


def case_facts(case: Case) -> CaseFacts:
    return CaseFacts(case.current_hearing, Preservation.objects.filter(case=case).exists())


def document_kinds_for(case: Case, facts: CaseFacts | None = None) -> list[str]:
    """The kinds of document this case has reached (an archived case takes no more)."""
    if case.status in (Status.ARCHIVED, Status.NOT_OPENED):
        return []
    facts = facts or case_facts(case)
    return [code for code, reached in DOCUMENT_STAGES.items() if reached(case, facts)]


def _require_stage(case: Case, kind: str) -> None:
    if kind not in DOCUMENT_STAGES:
        raise ActionError(f"没有这种案件文书：{kind}。", f"No such case document: {kind}.", field="kind")
    if kind not in document_kinds_for(case):
        name = DocumentKind.objects.filter(code=kind).values_list("name", flat=True).first() or kind
        raise ActionError(f"案件尚未到可以制作《{name}》的环节。",
                          f"The case has not reached the stage for this document ({kind}).", field="kind")


def make_document(case: Case, kind: str, user: Any) -> Document:
    """One statutory document of the case, if the case has reached its stage."""
    _require_stage(case, kind)
    return generate_document(case, kind, acting_user=user)


def document_preview(case: Case, kind: str, user: Any) -> str:
    """The document as it would be made now (HTML), before its number is taken: none is taken."""
    _require_stage(case, kind)
    return preview_document(case, kind, acting_user=user)


def document_file(doc: Document, fmt: str) -> tuple[StoredFile, str]:
    """The document's .docx, or its PDF (which the caller has made sure exists: make_pdf)."""
    stored = doc.pdf if fmt == "pdf" else doc.docx
    if stored is None:
        raise Http404(gettext("文件缺失。"))
    return stored, file_name(stored, f"{doc.kind.name}{doc.number}".strip())


def discretion_out(case: Case) -> dict[str, Any] | None:
    """The latest discretion-benchmark assessment of the case, as the API returns it."""
    a = latest_assessment(case)
    if a is None:
        return None
    return {"benchmark": a.benchmark.code, "tier": a.tier, "tier_label": a.explanation.get("tier_label", ""),
            "band_min": a.band_min, "band_max": a.band_max, "assessed_on": a.assessed_on,
            "explanation": a.explanation, "decided": a.decided, "outside_band": a.outside_band,
            "outside_reasons": a.outside_reasons}
