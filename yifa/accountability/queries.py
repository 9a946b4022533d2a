"""Reads the pages share: the list of inquiries and remedies, an inquiry's people and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_noop as N_

from yifa.accountability.models import (
    REVERSING,
    Inquiry,
    InquiryStatus,
    InquiryStep,
    Outcome,
    Remedy,
    RemedyKind,
    Responsible,
    TermKind,
)
from yifa.accountability.procedure import INQUIRIES
from yifa.accountability.terms import terms_on
from yifa.cases.procedure import PENALTY
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, page_of

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


#: What a row of the remedies list prints (one query for the page: the case and the pause joined).
REMEDY_LIST_COLUMNS = (*REMEDY_COLUMNS, "accepted_on", "case__number", "case__title", "pause__started_on",
                       "pause__ended_on")


def remedy_filters(qs: QuerySet[Remedy], params: Any) -> tuple[QuerySet[Remedy], dict[str, str]]:
    """?outcome=… and ?kind=… (anything else is ignored)."""
    qs, outcome = choice_filter(qs, "outcome", params.get("outcome", ""), Outcome.values)
    qs, kind = choice_filter(qs, "kind", params.get("kind", ""), RemedyKind.values)
    return qs, {"outcome": outcome, "kind": kind}


def remedy_page(qs: QuerySet[Remedy], number: int) -> Page:
    """The remedies, newest first, each with its effect (the surcharge paused from–to; whether it
    counts in the reversal rate)."""
    return page_of(qs.select_related("agency", "case", "pause").only(*REMEDY_LIST_COLUMNS).order_by("-filed_on", "-id"),
                   number, lambda r: {"remedy": r, "kind_label": tr(r.get_kind_display()),
                                      "outcome_label": tr(Outcome(r.outcome).label),
                                      "paused_from": r.pause.started_on if r.pause else None,
                                      "paused_to": r.pause.ended_on if r.pause else None,
                                      "pending": r.outcome == Outcome.PENDING, "reverses": r.outcome in REVERSING})


def reversal_by_agency(qs: QuerySet[Remedy], year: int) -> list[dict[str, Any]]:
    """Per agency, the remedies concluded in `year` and how many reversed the decision (the same
    count as indicators.reversal_rate), in one grouped query."""
    rows = (qs.filter(concluded_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .exclude(outcome=Outcome.PENDING).values("agency_id", "agency__name")
            .annotate(concluded=Count("id"), reversed=Count("id", filter=Q(outcome__in=REVERSING)))
            .order_by("agency__name"))
    return [{**r, "rate": f"{100 * r['reversed'] / r['concluded']:.1f}%"} for r in rows]


#: The links of a trace that are not steps of the penalty procedure: the assignment to the case, and
#: an officer the investigator added though the record does not name him.
TRACE_LABELS = {"assign": N_("指派办案"), "picked": N_("调查认定")}


def trace_label(step: str) -> Any:
    return tr(TRACE_LABELS[step]) if step in TRACE_LABELS else PENALTY.label(step)


def people(inquiry: Inquiry) -> list[Responsible]:
    """The people, each trace link with its label in the page's language (`label`)."""
    rows = list(Responsible.objects.filter(inquiry=inquiry).order_by("id"))
    for r in rows:
        r.trace = [{**t, "label": trace_label(str(t.get("step", "")))} for t in r.trace]
    return rows


def catalogue(inquiry: Inquiry) -> dict[str, Any]:
    day = inquiry.opened_on
    return {"faults": terms_on(TermKind.FAULT, day), "sanctions": terms_on(TermKind.SANCTION, day),
            "exemptions": terms_on(TermKind.EXEMPTION, day)}


def history(inquiry: Inquiry) -> list[dict[str, Any]]:
    steps = InquiryStep.objects.filter(inquiry=inquiry).select_related("actor").order_by("at", "id")
    return [{"label": INQUIRIES.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]
