"""Who sees which alerts and notices: agency staff their own agency's; supervisors (the county legal
office) and other region staff their region's agencies'; sysadmins all; the public nothing
(`registry.access.scoped`). "Not yours" is the same NotFound as "missing"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.registry.access import access_record, register, scoped
from yifa.supervision.models import Alert, AlertStep, Notice, NoticeStep

register(Alert, "agency")
register(AlertStep, "alert__agency")
register(Notice, "agency")
register(NoticeStep, "notice__agency")


def alerts_for(user: Any) -> QuerySet[Alert]:
    return scoped(Alert, user)


def notices_for(user: Any) -> QuerySet[Notice]:
    return scoped(Notice, user)


def access_alert(pk: Any, user: Any) -> Alert:
    return access_record(Alert, pk, user)


def access_notice(pk: Any, user: Any) -> Notice:
    return access_record(Notice, pk, user)


def in_agency(user: Any, record: Alert | Notice) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == record.agency_id)


def supervises(user: Any, record: Alert | Notice) -> bool:
    """The legal office (supervisor) of the region the record's agency lies in."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff
                and record.agency.region.path.startswith(user.region.path))


def handles(user: Any, record: Alert | Notice) -> bool:
    return in_agency(user, record) or supervises(user, record)


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff)
