"""Reads of coercive measures for a user: the policy queryset and the one way to fetch a measure.

Scoped like cases (visible_agencies): an agency's staff see their agency's measures, oversight
staff their region's. A measure outside the user's scope is "not found", exactly like one
that does not exist. Acting on a measure is for the actions to decide.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.coercion.models import Measure
from yifa.lib.errors import NotFound
from yifa.registry.access import visible_agencies


def _is_sysadmin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_sysadmin)


def measures_for(user: Any) -> QuerySet[Measure]:
    """The policy queryset: the measures `user` may see."""
    qs = Measure.objects.all()
    if _is_sysadmin(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user).values("pk"))


def access_measure(pk: Any, user: Any) -> Measure:
    try:
        return measures_for(user).get(pk=pk)
    except (Measure.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
