"""Reads of coercive measures for a user: the policy queryset (registered with
yifa.registry.access: an agency's staff see their agency's measures, oversight staff their
region's) and the one way to fetch a measure ("not yours" is the same NotFound as "missing").
Acting on a measure is for the procedure's actors to decide (yifa.coercion.procedure).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.coercion.models import Measure, MeasureStep
from yifa.registry.access import access_record, register, scoped

register(Measure, "agency")
register(MeasureStep, "measure__agency")


def measures_for(user: Any) -> QuerySet[Measure]:
    """The policy queryset: the measures `user` may see."""
    return scoped(Measure, user)


def access_measure(pk: Any, user: Any) -> Measure:
    return access_record(Measure, pk, user)
