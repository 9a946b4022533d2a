"""Reads of enforcement records shared by the pages (views.py) and the API (api.py): the list
page and the deadline's colour. views and api import from here, never from each other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yifa.enforcement.forms import status_label
from yifa.enforcement.models import Enforcement, EnforcementStatus, EnforcementStep
from yifa.web import lists
from yifa.web.lists import Page, page_of

OPEN = (EnforcementStatus.OPENED, EnforcementStatus.REMINDED)


def next_due(item: Enforcement) -> dt.date | None:
    """The deadline that matters now: the reminder's period, then the last day to apply to the court."""
    if item.status == EnforcementStatus.OPENED:
        return item.court_until
    if item.status == EnforcementStatus.REMINDED:
        today = timezone.localdate()
        return item.reminder_due if item.reminder_due and today <= item.reminder_due else item.court_until
    return None


def deadline_state(item: Enforcement, today: dt.date) -> str:
    return lists.deadline_state([next_due(item)], today)


def enforcement_page(qs: QuerySet[Enforcement], number: int) -> Page:
    today = timezone.localdate()
    return page_of(qs.select_related("agency").order_by("-id"), number, lambda e: {
        "item": e, "state": deadline_state(e, today), "status_label": status_label(e.status), "due": next_due(e),
    })


def steps_of(item: Enforcement) -> QuerySet[EnforcementStep]:
    return EnforcementStep.objects.filter(enforcement=item).select_related("actor").order_by("at", "id")


def row(item: Enforcement) -> dict[str, Any]:
    return {"state": deadline_state(item, timezone.localdate()), "status_label": status_label(item.status)}
