"""Reads of inspection records for a user, shared by the pages (views.py) and the API (api.py):nsearch and the list page. views and api import from here, never from each other."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from yifa.inspections.models import Inspection, InspectionResult
from yifa.registry.models import Officer
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, page_of, text_search

#: What the search box looks in (not the party's code: a list is no way to probe ID numbers).
SEARCHED = ("party_name", "place", "findings", "power__name")


def result_label(result: str) -> Any:
    return tr(InspectionResult(result).label) if result in InspectionResult.values else result


def search(qs: QuerySet[Inspection], q: str, result: str) -> tuple[QuerySet[Inspection], str]:
    return choice_filter(text_search(qs, q, SEARCHED), "result", result, InspectionResult.values)


def officers_by_name() -> Prefetch:
    """The inspectors of each record, by name, read for a whole page in one query (not one per row)."""
    return Prefetch("officers", queryset=Officer.objects.order_by("name_key", "name", "pk"))


def inspection_page(qs: QuerySet[Inspection], number: int) -> Page:
    return page_of(qs.select_related("agency", "power").order_by("-inspected_on", "-id"), number,
                   lambda i: {"inspection": i, "result_label": result_label(i.result)})
