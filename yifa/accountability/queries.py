"""Reads the pages share: the list of inquiries and remedies, an inquiry's people and history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accountability.models import Inquiry, InquiryStatus, InquiryStep, Outcome, Remedy, Responsible, TermKind
from yifa.accountability.procedure import INQUIRIES
from yifa.accountability.terms import terms_on
from yifa.web.i18n import tr
from yifa.web.lists import Page, page_of

INQUIRY_COLUMNS = ("id", "agency__name", "source_type", "source_id", "summary", "opened_on", "due", "extended", "status", "case_id")
REMEDY_COLUMNS = ("id", "agency__name", "case_id", "kind", "body", "filed_on", "outcome", "concluded_on", "document_no")


def status_label(value: str) -> Any:
    return tr(InquiryStatus(value).label) if value in InquiryStatus.values else value


def inquiry_page(qs: QuerySet[Inquiry], number: int) -> Page:
    return page_of(qs.select_related("agency").only(*INQUIRY_COLUMNS).order_by("-opened_on", "-id"), number,
                   lambda i: {"inquiry": i, "status_label": status_label(i.status)})


def recent_remedies(qs: QuerySet[Remedy]) -> list[dict[str, Any]]:
    return [{"remedy": r, "outcome_label": tr(Outcome(r.outcome).label), "kind_label": tr(r.get_kind_display())}
            for r in qs.select_related("agency").only(*REMEDY_COLUMNS).order_by("-filed_on", "-id")[:50]]


def people(inquiry: Inquiry) -> list[Responsible]:
    return list(Responsible.objects.filter(inquiry=inquiry).order_by("id"))


def catalogue(inquiry: Inquiry) -> dict[str, Any]:
    day = inquiry.opened_on
    return {"faults": terms_on(TermKind.FAULT, day), "sanctions": terms_on(TermKind.SANCTION, day),
            "exemptions": terms_on(TermKind.EXEMPTION, day)}


def history(inquiry: Inquiry) -> list[dict[str, Any]]:
    steps = InquiryStep.objects.filter(inquiry=inquiry).select_related("actor").order_by("at", "id")
    return [{"label": INQUIRIES.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]
