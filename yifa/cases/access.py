"""Reads of cases for a user: policy querysets and the one way to fetch a case.

Besides the agency's own staff and the region's oversight (`cases_for`), a case may be opened
*read-only* to someone a grant names: an app above cases (yifa.filereview: the reviewer of another
agency assigned to a sampled file while its review is open) hands in a function through
`grant_reads`. `read_case` admits such a reader, and records every read through a grant on the
case's audit trail (`case.read`, with the grant that allowed it). Steps, uploads and documents keep
using `access_case`, which never consults the grants: a granted reader changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.audit.record import record
from yifa.cases.models import OPEN_STATUSES, Case, Hearing, OnSpotCollection
from yifa.lib.errors import NotFound
from yifa.registry import access

access.register(Hearing, "case__agency")
access.register(OnSpotCollection, "case__agency")

#: (user, case id) → the grant that lets the user read the case ("filereview.FileReview#12"), or ""
#: when it does not. Handed in by the apps above cases from their `ready()`.
ReadGrant = Callable[[Any, int], str]
READ_GRANTS: list[ReadGrant] = []


def grant_reads(grant: ReadGrant) -> None:
    """Register a read-only grant (idempotent: `ready()` may run more than once in tests)."""
    if grant not in READ_GRANTS:
        READ_GRANTS.append(grant)


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


def granted_read(user: Any, pk: Any) -> str:
    """The grant under which `user` may read case `pk` though it is not theirs ("" if none)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    try:
        case_id = int(pk)
    except (TypeError, ValueError):
        return ""
    return next((reason for grant in READ_GRANTS if (reason := grant(user, case_id))), "")


def read_case(pk: Any, user: Any) -> Case:
    """A case to read: one the user may see (`access_case`), or one a grant opens to them read-only
    — then marked `read_grant` and the read recorded on the case's audit trail. Anything else is
    the same NotFound as a missing case."""
    try:
        return access_case(pk, user, related=("agency", "power"))
    except NotFound:
        reason = granted_read(user, pk)
        if not reason:
            raise
    case = Case.objects.select_related("agency", "power").get(pk=pk)
    with transaction.atomic():
        record("case.read", case, acting_user=user, after={"grant": reason, "read_only": True})
    case.read_grant = reason
    return case
