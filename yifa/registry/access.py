"""Every permission-checked read of registry records goes through here.

Policy querysets scope lists by construction; `access_record` answers "not yours"
exactly as it answers "does not exist".
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from yifa.accounts.models import SHARED_EDITORS, Role, User
from yifa.lib.errors import NotFound
from yifa.registry.models import Agency

M = TypeVar("M", bound=models.Model)

#: How each agency-owned model reaches its agency.
AGENCY_PATH: dict[str, str] = {
    "registry.Agency": "pk",
    "registry.Unit": "agency",
    "registry.Post": "agency",
    "registry.Officer": "agency",
    "registry.OfficerStatusChange": "officer__agency",
    "registry.TrainingRecord": "officer__agency",
    "law.PowerItem": "agency",
    "cases.Case": "agency",
    "cases.CaseStep": "case__agency",
    "cases.CaseOfficer": "case__agency",
}


def register(model: type[models.Model], path: str) -> None:
    """An agency-owned model of another app, with the path from it to its agency: from then on
    `scoped` and `access_record` answer for it like for the registries' own models."""
    AGENCY_PATH[model._meta.label] = path


#: Shared reference data: every member of staff reads it; supervisors maintain it.
SHARED_MODELS = frozenset({
    "registry.Region", "law.Law", "law.Provision", "law.ProvisionVersion",
    "workcal.DeadlineRule", "workcal.CalendarDay", "workcal.CalendarYear", "workcal.LegalParameter",
})
AGENCY_EDITORS = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_HEAD})
#: Roles that see officers' full resident ID numbers (within what they may see at all).
FULL_ID_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_HEAD, Role.SUPERVISOR, Role.SYSADMIN})


def is_staff_user(user: Any) -> bool:
    return bool(user.is_authenticated) and (user.is_sysadmin or user.is_agency_staff or user.is_region_staff)


def visible_agencies(user: Any) -> QuerySet[Agency]:
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if user.is_sysadmin:
        return Agency.objects.all()
    if user.is_region_staff:
        return Agency.objects.filter(region__path__startswith=user.region.path)
    if user.is_agency_staff:
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def scoped(model: type[M], user: Any) -> QuerySet[M]:
    """The policy queryset: the records of `model` that `user` may see."""
    label = model._meta.label
    qs = model._default_manager.all()
    if label in SHARED_MODELS:
        return qs if is_staff_user(user) else qs.none()
    path = AGENCY_PATH[label]
    if getattr(user, "is_authenticated", False) and user.is_sysadmin:
        return qs
    if getattr(user, "is_agency_staff", False):
        # One agency: an equality rather than `IN (subquery)`, so that an index on (agency, the
        # list's order) gives the rows already in order (no sort of the agency's records).
        return qs.filter(**{path: user.agency_id}) if user.agency_id is not None else qs.none()
    return qs.filter(**{f"{path}__in": visible_agencies(user).values("pk")})


def access_record(model: type[M], pk: Any, user: Any, *, related: tuple[str, ...] = ()) -> M:
    """The record if the user may see it (`related`: foreign keys read in the same query)."""
    qs = scoped(model, user)
    try:
        return (qs.select_related(*related) if related else qs).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise NotFound() from None


def agency_of(obj: models.Model) -> Agency | None:
    path = AGENCY_PATH.get(obj._meta.label)
    if path is None:
        return None
    if path == "pk":
        return obj  # type: ignore[return-value]
    target: Any = obj
    for part in path.split("__"):
        target = getattr(target, part, None)
    return target


def in_region_of(user: User, agency: Agency) -> bool:
    return bool(user.is_region_staff and user.region and agency.region.path.startswith(user.region.path))


def may_write_some(user: Any, model: type[models.Model]) -> bool:
    """Could `user` create or change any record of `model` (can_edit, asked of the kind, not of a
    record)? Pages hide what the user could never do, e.g. the Excel import from field officers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_sysadmin:
        return True
    label = model._meta.label
    if label in SHARED_MODELS:
        return label != "registry.Region" and user.role in SHARED_EDITORS
    if label == "registry.Agency":
        return bool(user.role == Role.SUPERVISOR)
    return user.role == Role.SUPERVISOR or user.role in AGENCY_EDITORS


def can_edit(user: Any, obj: models.Model) -> bool:
    """May `user` create or change `obj` (a saved record or one about to be created)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_sysadmin:
        return True
    label = obj._meta.label
    if label in SHARED_MODELS:
        return label != "registry.Region" and user.role in SHARED_EDITORS
    agency = agency_of(obj)
    if agency is None:
        return False
    if user.role == Role.SUPERVISOR and in_region_of(user, agency):
        return True
    return label != "registry.Agency" and user.role in AGENCY_EDITORS and user.agency_id == agency.pk


def can_manage_certificates(user: Any, agency: Agency) -> bool:
    """Suspending or revoking a certificate is the legal office's (or the system's) call."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_sysadmin or (user.role == Role.SUPERVISOR and in_region_of(user, agency)))


def can_see_full_id(user: Any, officer: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_sysadmin or user.role in FULL_ID_ROLES)
