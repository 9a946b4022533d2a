"""Who sees which filings and spot checks: agency staff their own agency's filings and the spot
checks that drew their agency (only their own cases' results); supervisors and other region staff
their region's; sysadmins all; the public nothing. "Not yours" is the same NotFound as "missing"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.filing.models import Filing, FilingStep, MajorCriterion, SpotCheck, SpotCheckItem
from yifa.lib.errors import NotFound
from yifa.registry.access import access_record, register, scoped

register(Filing, "agency")
register(FilingStep, "filing__agency")
register(SpotCheckItem, "agency")
# An agency's own thresholds (the county default has none: read by the legal office's pages).
register(MajorCriterion, "agency")


def filings_for(user: Any) -> QuerySet[Filing]:
    return scoped(Filing, user)


def access_filing(pk: Any, user: Any) -> Filing:
    return access_record(Filing, pk, user)


def in_agency(user: Any, record: Filing) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == record.agency_id)


def agency_head(user: Any, record: Filing) -> bool:
    return in_agency(user, record) and user.role == Role.AGENCY_HEAD


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff)


def supervises(user: Any, record: Filing) -> bool:
    """The legal office (supervisor) of the region the filing's agency lies in."""
    return is_supervisor(user) and record.agency.region.path.startswith(user.region.path)


def handles(user: Any, record: Filing) -> bool:
    return in_agency(user, record) or supervises(user, record)


def spot_items_for(user: Any) -> QuerySet[SpotCheckItem]:
    return scoped(SpotCheckItem, user)


def spot_checks_for(user: Any) -> QuerySet[SpotCheck]:
    if not getattr(user, "is_authenticated", False):
        return SpotCheck.objects.none()
    if user.is_sysadmin:
        return SpotCheck.objects.all()
    if user.is_region_staff and user.region is not None:
        return SpotCheck.objects.filter(region__path__startswith=user.region.path)
    if user.is_agency_staff and user.agency_id is not None:
        return SpotCheck.objects.filter(pk__in=SpotCheckItem.objects.filter(agency_id=user.agency_id)
                                        .values("check_run_id"))
    return SpotCheck.objects.none()


def access_spot_check(pk: Any, user: Any) -> SpotCheck:
    try:
        return spot_checks_for(user).select_related("region").get(pk=int(pk))
    except (SpotCheck.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def runs_checks(user: Any, check: SpotCheck) -> bool:
    """The legal office of the check's region (it draws and records the results)."""
    return is_supervisor(user) and check.region.path.startswith(user.region.path)
