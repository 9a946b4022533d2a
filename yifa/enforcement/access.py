"""Reads of enforcement records for a user: the policy queryset (registered with
yifa.registry.access: an agency's staff see their agency's, oversight staff their region's) and
the one way to fetch one ("not yours" is the same NotFound as "missing")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.enforcement.models import Enforcement, EnforcementStep
from yifa.registry.access import access_record, register, scoped

register(Enforcement, "agency")
register(EnforcementStep, "enforcement__agency")


def enforcements_for(user: Any) -> QuerySet[Enforcement]:
    """The policy queryset: the enforcement records `user` may see."""
    return scoped(Enforcement, user)


def access_enforcement(pk: Any, user: Any) -> Enforcement:
    return access_record(Enforcement, pk, user)
