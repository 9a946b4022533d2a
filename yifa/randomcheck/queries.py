"""Reads of the random-inspection records shared by the pages (views.py) and the API (api.py):
the lists and a plan with its draw. views and api import from here, never from each other."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from yifa.randomcheck.forms import status_label
from yifa.randomcheck.models import Entity, Inspector, Plan, PlanItem, PlanStep
from yifa.registry.models import Officer
from yifa.web.lists import Page, page_of, text_search


def plan_page(qs: QuerySet[Plan], number: int) -> Page:
    return page_of(qs.select_related("agency").order_by("-id"), number,
                   lambda p: {"plan": p, "status_label": status_label(p.status)})


def entity_page(qs: QuerySet[Entity], q: str, number: int) -> Page:
    found = text_search(qs, q, ("name", "sector", "credit_code"))
    return page_of(found.select_related("region", "agency").order_by("id"), number, lambda e: {"entity": e})


def inspector_page(qs: QuerySet[Inspector], number: int) -> Page:
    return page_of(qs.select_related("officer", "agency").order_by("id"), number, lambda i: {"inspector": i})


def items_of(plan: Plan) -> list[PlanItem]:
    """The drawn entities in draw order, each with its inspectors (by name) and inspection."""
    return list(PlanItem.objects.filter(plan=plan).select_related("inspection").prefetch_related(
        Prefetch("inspectors", queryset=Officer.objects.order_by("name_key", "name", "pk"))).order_by("position"))


def steps_of(plan: Plan) -> QuerySet[PlanStep]:
    return PlanStep.objects.filter(plan=plan).select_related("actor").order_by("at", "id")
