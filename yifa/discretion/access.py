"""Who sees assessments: the case's agency, and the supervisors above it (registry.access.scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.discretion.models import Assessment
from yifa.registry.access import scoped


def outside_band(user: Any) -> QuerySet[Assessment]:
    """Decisions outside the benchmark (flagged: DB; APL 34), as the supervisor side lists them."""
    return scoped(Assessment, user).filter(outside_band=True).order_by("-id")
