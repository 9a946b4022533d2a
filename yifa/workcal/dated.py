"""Effective-dated rows: the version in force on a given day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet


def in_force(qs: QuerySet[Any], day: dt.date) -> QuerySet[Any]:
    """Rows whose [effective_from, effective_to] contains `day`, newest start first."""
    return (
        qs.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
    )
