"""What is published of random inspections (一公开): plans published by their agency, what was
drawn (entities as they were at the draw, their inspectors by name and certificate) and the
result of each inspection recorded so far. Organisations' credit codes are public; no person's
ID number, phone or address is in here. For the public portal: `published_plans()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from yifa.inspections.models import InspectionResult
from yifa.randomcheck.models import Plan, PlanItem, PlanStatus
from yifa.registry.models import Officer


@dataclass(frozen=True)
class PublishedItem:
    position: int
    entity_name: str
    credit_code: str
    inspectors: list[str]
    inspected_on: dt.date | None
    result: str
    result_label: str


@dataclass(frozen=True)
class PublishedPlan:
    id: int
    agency: str
    title: str
    scope: str
    sector: str
    region: str
    starts_on: dt.date
    ends_on: dt.date
    method: str
    seed: str
    candidates: int
    candidates_hash: str
    drawn_on: dt.date | None
    published_on: dt.date | None
    items: list[PublishedItem]


def _item(item: PlanItem) -> PublishedItem:
    inspection = item.inspection
    result = inspection.result if inspection is not None else ""
    return PublishedItem(
        item.position, item.entity_name, item.credit_code,
        [f"{o.name}（{o.certificate_no}）" for o in item.inspectors.all()],
        inspection.inspected_on if inspection is not None else None, result,
        str(InspectionResult(result).label) if result else "")


def published_plans(*, agency_id: int | None = None, pk: int | None = None) -> list[PublishedPlan]:
    """Every published plan (newest first), or one agency's, or one plan, with its draw and results."""
    qs = Plan.objects.filter(status=PlanStatus.PUBLISHED)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if pk is not None:
        qs = qs.filter(pk=pk)
    items = PlanItem.objects.select_related("inspection").prefetch_related(
        Prefetch("inspectors", queryset=Officer.objects.order_by("name_key", "name", "pk"))).order_by("position")
    plans = qs.select_related("agency", "region").prefetch_related(Prefetch("items", queryset=items)).order_by("-id")
    return [PublishedPlan(
        p.pk, p.agency.name, p.title, p.scope, p.sector, p.region.name if p.region else "", p.starts_on, p.ends_on,
        p.method, p.seed, len(p.candidate_ids), p.candidates_hash, p.drawn_on, p.published_on,
        [_item(i) for i in p.items.all()]) for p in plans]


@dataclass(frozen=True)
class PlanSummary:
    id: int
    agency: str
    title: str
    sector: str
    starts_on: dt.date
    ends_on: dt.date
    drawn_on: dt.date | None
    published_on: dt.date | None
    entities: int


def plan_summaries(*, offset: int, limit: int) -> list[PlanSummary]:
    """A page of published plans, newest first, without their items (the portal's list)."""
    plans = (Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("agency")
             .annotate(entities=Count("items")).order_by("-id")[offset:offset + limit])
    return [PlanSummary(p.pk, p.agency.name, p.title, p.sector, p.starts_on, p.ends_on, p.drawn_on, p.published_on,
                        p.entities) for p in plans]  # type: ignore[attr-defined]


def published_plan(pk: int) -> PublishedPlan | None:
    found = published_plans(pk=pk)
    return found[0] if found else None
