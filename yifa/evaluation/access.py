"""Who sees what: cycles and their results belong to a region (its region staff see them, agency
staff see the cycles of their agency's region once published); corrections and plans belong to an
agency (`registry.access.scoped`). "Not yours" is the same NotFound as "missing"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.evaluation.models import (
    Commendation,
    Correction,
    CorrectionStep,
    Cycle,
    ManualScore,
    Plan,
    PlanStep,
    PlanVersion,
    Result,
)
from yifa.registry.access import access_record, register, scoped

register(Correction, "agency")
register(CorrectionStep, "correction__agency")
register(Plan, "agency")
register(PlanStep, "plan__agency")
# An agency's part of a cycle (its score, its manual scores, its commendation) and its plan's texts.
register(Result, "agency")
register(ManualScore, "agency")
register(Commendation, "agency")
register(PlanVersion, "plan__agency")


def _region_staff(user: Any, roles: frozenset[str]) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in roles and user.is_region_staff
                and user.region is not None)


def cycles_for(user: Any) -> QuerySet[Cycle]:
    """Region staff: their region's subtree; agency staff: published cycles over their agency."""
    qs = Cycle.objects.select_related("region")
    if getattr(user, "is_authenticated", False) and user.is_sysadmin:
        return qs
    if _region_staff(user, frozenset({Role.SUPERVISOR, Role.EFFICIENCY, Role.LEADER})):
        return qs.filter(region__path__startswith=user.region.path)
    if getattr(user, "is_agency_staff", False) and user.agency_id is not None:
        path = user.agency.region.path
        return qs.filter(status="published", region__path__in=[path[:i + 1] for i, c in enumerate(path) if c == "/"])
    return qs.none()


def published_cycles() -> QuerySet[Cycle]:
    """The public's view: circulars once published."""
    return Cycle.objects.filter(status="published").select_related("region")


def evaluates(user: Any, cycle: Cycle) -> bool:
    """The legal office (supervisor) of the cycle's region or above."""
    return _region_staff(user, frozenset({Role.SUPERVISOR})) and cycle.region.path.startswith(user.region.path)


def approves(user: Any, cycle: Cycle) -> bool:
    """The legal office or the county leader of the cycle's region."""
    return (_region_staff(user, frozenset({Role.SUPERVISOR, Role.LEADER}))
            and cycle.region.path.startswith(user.region.path))


def corrections_for(user: Any) -> QuerySet[Correction]:
    return scoped(Correction, user)


def plans_for(user: Any) -> QuerySet[Plan]:
    return scoped(Plan, user)


def access_correction(pk: Any, user: Any) -> Correction:
    return access_record(Correction, pk, user)


def access_plan(pk: Any, user: Any) -> Plan:
    return access_record(Plan, pk, user)


def in_agency(user: Any, record: Correction | Plan) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == record.agency_id)


def heads_agency(user: Any, record: Correction | Plan) -> bool:
    return in_agency(user, record) and user.role in (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)


def oversees(user: Any, record: Correction | Plan) -> bool:
    """The legal office or the efficiency office of the region the record's agency lies in."""
    return (_region_staff(user, frozenset({Role.SUPERVISOR, Role.EFFICIENCY}))
            and record.agency.region.path.startswith(user.region.path))


def handles(user: Any, record: Correction | Plan) -> bool:
    return in_agency(user, record) or oversees(user, record)
