"""Who sees and who may act on licensing records.

Reads are scoped like the registries (visible_agencies): an application outside the user's
scope is "not found", exactly like one that does not exist. Acting on an application is the
business of the licensing staff of its own agency only; a supervisor who may see it gets
a refusal, not the record changed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.lib.errors import NotFound
from yifa.licensing.models import Licence, LicenceApplication
from yifa.registry.access import visible_agencies

#: Agency roles that handle licensing (the finance office does not).
LICENSING_ROLES = frozenset({Role.OFFICER, Role.LEGAL_REVIEWER, Role.AGENCY_HEAD, Role.AGENCY_ADMIN})


def _is_sysadmin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_sysadmin)


def applications_for(user: Any) -> QuerySet[LicenceApplication]:
    """The policy queryset: the applications `user` may see."""
    qs = LicenceApplication.objects.all()
    if _is_sysadmin(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user).values("pk"))


def licences_for(user: Any) -> QuerySet[Licence]:
    qs = Licence.objects.all()
    if _is_sysadmin(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user).values("pk"))


def access_application(pk: Any, user: Any, *, for_update: bool = False) -> LicenceApplication:
    qs = applications_for(user)
    if for_update:
        qs = qs.select_for_update(no_key=True)
    try:
        return qs.get(pk=pk)
    except (LicenceApplication.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def access_licence(pk: Any, user: Any, *, for_update: bool = False) -> Licence:
    qs = licences_for(user)
    if for_update:
        qs = qs.select_for_update(no_key=True)
    try:
        return qs.get(pk=pk)
    except (Licence.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def may_act(user: Any, agency_id: int) -> bool:
    """Licensing staff of that very agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role in LICENSING_ROLES and user.agency_id is not None and user.agency_id == agency_id
    )


def is_head_of(user: Any, agency_id: int) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.AGENCY_HEAD
                and user.agency_id == agency_id)
