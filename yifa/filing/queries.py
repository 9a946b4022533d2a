"""Reads the pages share: the filing list, labels, the history, the catalogue, the spot checks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yifa.cases.models import PenaltyKind
from yifa.filing.models import (
    CheckResult,
    Filing,
    FilingStatus,
    FilingStep,
    MajorCriterion,
    SpotCheck,
    SpotCheckItem,
)
from yifa.filing.procedure import FILINGS
from yifa.registry.models import Agency
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, page_of
from yifa.workcal.dated import in_force

LIST_COLUMNS = ("id", "agency__name", "case__number", "case__title", "decided_on", "due", "status", "version")


def status_label(value: str) -> Any:
    return tr(FilingStatus(value).label) if value in FilingStatus.values else value


def row(f: Filing) -> dict[str, Any]:
    overdue = f.status in (FilingStatus.PENDING, FilingStatus.CORRECTION) and f.due < timezone.localdate()
    return {"filing": f, "status_label": status_label(f.status), "overdue": overdue}


def search(qs: QuerySet[Filing], status: str) -> tuple[QuerySet[Filing], str]:
    return choice_filter(qs, "status", status, FilingStatus.values)


def filing_page(qs: QuerySet[Filing], number: int) -> Page:
    return page_of(qs.select_related("agency", "case").only(*LIST_COLUMNS).order_by("due", "id"), number, row)


def history(filing: Filing) -> list[dict[str, Any]]:
    steps = FilingStep.objects.filter(filing=filing).select_related("actor").order_by("at", "id")
    return [{"label": FILINGS.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]


def catalogue(agencies: QuerySet[Agency]) -> dict[str, Any]:
    """The criterion in force today for each agency the user sees (its own, else the county
    default), and every row with its dates: two queries whatever the number of agencies."""
    today = timezone.localdate()
    listed = list(agencies.order_by("name", "id").only("id", "name")[:500])
    rows_all = list((MajorCriterion.objects.filter(agency__isnull=True)
                     | MajorCriterion.objects.filter(agency_id__in=[a.pk for a in listed]))
                    .order_by("agency_id", "-effective_from"))
    current: dict[int | None, MajorCriterion] = {}
    for c in in_force(MajorCriterion.objects.filter(pk__in=[r.pk for r in rows_all]), today):
        current.setdefault(c.agency_id, c)
    names = {a.pk: a.name for a in listed}
    # Penalty types by their names, not their codes (a person reads the catalogue).
    kind_names = dict(PenaltyKind.objects.values_list("code", "name"))
    for c in [*rows_all, *current.values()]:
        c.kind_names = [kind_names.get(k, k) for k in c.kinds]  # type: ignore[attr-defined]
    return {"rows": [{"agency": a, "criterion": current.get(a.pk) or current.get(None), "own": a.pk in current}
                     for a in listed],
            "history": [{"row": r, "agency_name": names.get(r.agency_id, "") if r.agency_id else ""}
                        for r in rows_all]}


def result_label(value: str) -> Any:
    return tr(CheckResult(value).label) if value in CheckResult.values else value


def spot_items(check: SpotCheck, items: QuerySet[SpotCheckItem]) -> list[dict[str, Any]]:
    rows = items.filter(check_run=check).select_related("agency", "case").order_by("rank")
    return [{"item": i, "result_label": result_label(i.result)} for i in rows]


def spot_page(qs: QuerySet[SpotCheck], number: int) -> Page:
    return page_of(qs.order_by("-drawn_on", "-id"), number, lambda c: {"check": c})
