"""Who sees which logins and whose audit events (the reads of the staff pages).

Agency admins and heads see their agency's staff logins; region staff (supervisors, the efficiency
office, leaders) those of the agencies in their region; sysadmins all; any other member of staff
only their own. Sysadmin and region accounts are never in an agency's list. A login one may not
see is "not found", like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import AGENCY_ROLES, Role, User
from yifa.audit.models import AuditEvent
from yifa.lib.errors import NotFound

#: Roles that see their agency's logins and their audit trails.
AGENCY_OVERSEERS = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_HEAD})


def _authenticated(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def users_for(viewer: Any) -> QuerySet[User]:
    """The logins `viewer` may see (and whose audit trails)."""
    qs = User.objects.select_related("agency", "officer")
    if not _authenticated(viewer):
        return qs.none()
    if viewer.is_sysadmin:
        return qs
    staff = qs.filter(role__in=AGENCY_ROLES, is_superuser=False)
    if viewer.is_agency_staff and viewer.role in AGENCY_OVERSEERS:
        return staff.filter(agency_id=viewer.agency_id)
    if viewer.is_region_staff:
        return staff.filter(agency__region__path__startswith=viewer.region.path)
    if viewer.is_agency_staff:
        return qs.filter(pk=viewer.pk)
    return qs.none()


def may_list_users(viewer: Any) -> bool:
    """Who has the staff list (/staff/): agency admins and heads (their agency) and sysadmins."""
    return _authenticated(viewer) and (viewer.is_sysadmin or (viewer.is_agency_staff and viewer.role in AGENCY_OVERSEERS))


def may_manage_users(viewer: Any) -> bool:
    """Who manages logins at all: agency admins (their agency's) and sysadmins (every agency's)."""
    return _authenticated(viewer) and (viewer.is_sysadmin or (viewer.is_agency_staff and viewer.role == Role.AGENCY_ADMIN))


def may_manage(viewer: Any, user: User | None) -> bool:
    """Whether `viewer` manages `user` (None: whether they may create logins at all): an agency's
    staff login (never a sysadmin or region account), by its agency's admin or a sysadmin."""
    if not may_manage_users(viewer):
        return False
    if user is None:
        return True
    if user.role not in AGENCY_ROLES or user.is_superuser or user.agency_id is None:
        return False
    return bool(viewer.is_sysadmin or viewer.agency_id == user.agency_id)


def access_user(pk: Any, viewer: Any) -> User:
    try:
        return users_for(viewer).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def events_by(user: User) -> QuerySet[AuditEvent]:
    """What `user` did, newest first (index audit_actor_at)."""
    return AuditEvent.objects.filter(actor_id=user.pk).order_by("-at", "-id")


def events_about(object_type: str, object_id: Any) -> QuerySet[AuditEvent]:
    """What was done to one record, newest first (index audit_object)."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-at", "-id")
