"""Reads of inspection records for a user: the policy queryset and the one way to fetch one.

Scoped like cases (visible_agencies): "not yours" is the same NotFound as "missing".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.inspections.models import Inspection
from yifa.lib.errors import NotFound
from yifa.registry.access import visible_agencies


def _is_sysadmin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_sysadmin)


def inspections_for(user: Any) -> QuerySet[Inspection]:
    """The policy queryset: the inspection records `user` may see."""
    qs = Inspection.objects.all()
    if _is_sysadmin(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user).values("pk"))


def access_inspection(pk: Any, user: Any) -> Inspection:
    try:
        return inspections_for(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
