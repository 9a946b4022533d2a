"""Reads of inspection records for a user: the policy queryset (registered with
yifa.registry.access, scoped like cases) and the one way to fetch one: "not yours" is the same
NotFound as "missing".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.inspections.models import Inspection, InspectionStep
from yifa.registry.access import access_record, register, scoped

register(Inspection, "agency")
register(InspectionStep, "inspection__agency")


def inspections_for(user: Any) -> QuerySet[Inspection]:
    """The policy queryset: the inspection records `user` may see."""
    return scoped(Inspection, user)


def access_inspection(pk: Any, user: Any) -> Inspection:
    return access_record(Inspection, pk, user)
