"""Effective-dated rows: the version in force on a given day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.db.models import Q, QuerySet


def in_force(qs: QuerySet[Any], day: dt.date) -> QuerySet[Any]:
    """Rows whose [effective_from, effective_to] contains `day`, newest start first."""
    return (
        qs.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
    )


class Dated(Protocol):
    effective_from: dt.date
    effective_to: dt.date | None


D = TypeVar("D", bound=Dated)


def versions_by_code(qs: QuerySet[Any]) -> dict[str, list[Any]]:
    """Every row of an effective-dated table, grouped by code, newest start first."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in qs.order_by("code", "-effective_from"):
        grouped[row.code].append(row)
    return dict(grouped)


def version_on(versions: Iterable[D], day: dt.date) -> D | None:
    """The first of `versions` (newest start first) in force on `day`: what in_force(...).first()
    gives, over rows already in memory."""
    for row in versions:
        if row.effective_from <= day and (row.effective_to is None or row.effective_to >= day):
            return row
    return None
