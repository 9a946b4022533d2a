"""Reads of coercive measures for a user, shared by the pages (views.py) and the API (api.py): thenlist page and the term's colour. views and api import from here, never from each other."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from yifa.coercion.forms import (
    kind_label,
    status_label,
)
from yifa.coercion.models import Measure, MeasureStatus
from yifa.web import lists
from yifa.web.lists import Page, page_of

#: Measures that still run (shown first on the list).
OPEN = (MeasureStatus.PROPOSED, MeasureStatus.APPROVED, MeasureStatus.IN_FORCE)


def deadline_state(measure: Measure, now: dt.datetime) -> str:
    """"overdue" (red), "near" (yellow) or "normal", for a measure in force: the term's end
    (ACL 25), and an emergency measure's 24-hour report to the head (ACL 19)."""
    if measure.status != MeasureStatus.IN_FORCE:
        return "normal"
    term = lists.deadline_state([measure.ends_on], timezone.localdate(now))
    awaiting_report = bool(measure.emergency and measure.reported_at is None and measure.report_due_at)
    if awaiting_report and measure.report_due_at is not None and now > measure.report_due_at:
        return "overdue"
    return "near" if awaiting_report and term == "normal" else term


def ordered(qs: QuerySet[Measure]) -> QuerySet[Measure]:
    """Running measures first, the term ending soonest first; then the rest, newest first."""
    running = Case(When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.select_related("agency").annotate(running=running).order_by(
        "running", F("ends_on").asc(nulls_last=True), "-id")


def measure_page(qs: QuerySet[Measure], number: int) -> Page:
    now = timezone.now()
    today = timezone.localdate(now)
    return page_of(ordered(qs), number, lambda m: {
        "measure": m, "state": deadline_state(m, now), "status_label": status_label(m.status),
        "lapsed": m.lapsed_on(today),
        "kind_label": kind_label(m),
    })
