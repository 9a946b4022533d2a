"""Reads of complaints shared by the pages (views.py) and the API (api.py): the list, a
complaint's history as the reporter sees it, labels."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yifa.complaints.models import Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus, ComplaintStep
from yifa.complaints.procedure import COMPLAINTS
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, deadline_state, page_of

#: Steps the reporter sees on the status page (not the internal link to a case or an inspection).
PUBLIC_STEPS = ("receive", "accept", "reject", "transfer", "merge", "reply", "close", "rate")
#: The list's columns (no content, no reporter's phone: a list shows neither).
LIST_COLUMNS = ("id", "tracking_no", "kind", "category", "subject", "status", "received_on", "received_at",
                "accept_due", "handle_due", "agency__name", "region__name", "version", "source")


def status_label(value: str) -> Any:
    return tr(ComplaintStatus(value).label) if value in ComplaintStatus.values else value


def kind_label(value: str) -> Any:
    return tr(ComplaintKind(value).label) if value in ComplaintKind.values else value


def category_label(value: str) -> Any:
    return tr(ComplaintCategory(value).label) if value in ComplaintCategory.values else value


def due_state(c: Complaint) -> str:
    """The running deadline in colour: acceptance while received, handling while accepted."""
    due = c.accept_due if c.status == ComplaintStatus.RECEIVED else (
        c.handle_due if c.status == ComplaintStatus.ACCEPTED else None)
    return deadline_state([due], timezone.localdate()) if due else ""


def row(c: Complaint) -> dict[str, Any]:
    return {"complaint": c, "status_label": status_label(c.status), "kind_label": kind_label(c.kind),
            "category_label": category_label(c.category), "state": due_state(c),
            "agency_name": c.agency.name if c.agency else "", "region_name": c.region.name}


def search(qs: QuerySet[Complaint], status: str) -> tuple[QuerySet[Complaint], str]:
    return choice_filter(qs, "status", status, ComplaintStatus.values)


def complaint_page(qs: QuerySet[Complaint], number: int) -> Page:
    return page_of(qs.select_related("agency", "region").only(*LIST_COLUMNS).order_by("-received_at", "-id"),
                   number, row)


def public_history(complaint: Complaint) -> list[dict[str, Any]]:
    """The steps the reporter sees, with their public texts only (no names of staff, no notes)."""
    steps = ComplaintStep.objects.filter(complaint=complaint, step__in=PUBLIC_STEPS).order_by("at", "id")
    return [{"label": COMPLAINTS.label(s.step), "on_date": s.on_date, "at": s.at,
             "status_label": status_label(s.to_status), "text": (s.data or {}).get("public", "")} for s in steps]


def internal_history(complaint: Complaint) -> list[dict[str, Any]]:
    steps = ComplaintStep.objects.filter(complaint=complaint).select_related("actor").order_by("at", "id")
    return [{"label": COMPLAINTS.label(s.step), "step": s, "actor": s.actor or "—",
             "text": (s.data or {}).get("public", "") or s.note} for s in steps]
