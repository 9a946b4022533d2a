"""Reads of cases for a user: policy querysets and the one way to fetch a case."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.cases.models import OPEN_STATUSES, Case, Hearing, OnSpotCollection
from yifa.registry import access

access.register(Hearing, "case__agency")
access.register(OnSpotCollection, "case__agency")


def cases_for(user: Any) -> QuerySet[Case]:
    """Every case the user may see: their agency's, or their region's for supervisors."""
    return access.scoped(Case, user)


def my_cases(user: Any) -> QuerySet[Case]:
    """"My cases": open cases an officer is assigned to; for heads, all open cases of the agency."""
    qs = cases_for(user).filter(status__in=OPEN_STATUSES)
    if getattr(user, "role", None) in (Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.AGENCY_ADMIN):
        return qs
    officer_id = getattr(user, "officer_id", None)
    if officer_id is None:
        return qs.none() if getattr(user, "is_agency_staff", False) else qs
    return qs.filter(assignments__officer_id=officer_id, assignments__recused=False)


def access_case(pk: Any, user: Any, *, related: tuple[str, ...] = ()) -> Case:
    return access.access_record(Case, pk, user, related=related)
