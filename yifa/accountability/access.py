"""Who sees remedies and inquiries: agency staff their own agency's; the county legal office and
other region staff their region's agencies'; sysadmins all; the public nothing
(`registry.access.scoped`). "Not yours" is the same NotFound as "missing"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accountability.models import Inquiry, InquiryStep, Remedy, Responsible
from yifa.accounts.models import Role
from yifa.registry.access import access_record, register, scoped

register(Remedy, "agency")
register(Inquiry, "agency")
register(Responsible, "inquiry__agency")
register(InquiryStep, "inquiry__agency")


def remedies_for(user: Any) -> QuerySet[Remedy]:
    return scoped(Remedy, user)


def inquiries_for(user: Any) -> QuerySet[Inquiry]:
    return scoped(Inquiry, user)


def access_inquiry(pk: Any, user: Any) -> Inquiry:
    return access_record(Inquiry, pk, user)


def investigates(user: Any, record: Any) -> bool:
    """The legal office (supervisor) of the region the record's agency lies in."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff
                and record.agency.region.path.startswith(user.region.path))


def in_agency(user: Any, record: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_agency_staff and user.agency_id == record.agency_id)


def handles(user: Any, record: Any) -> bool:
    return in_agency(user, record) or investigates(user, record)


#: Who records a remedy against the agency's decision and its outcome: the agency's head, its legal
#: staff (who answer the reconsideration or the suit) and its finance staff (who keep the fines
#: ledger the surcharge pause is entered in) — and the region's legal office.
REMEDY_RECORDERS = frozenset({Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.FINANCE})


def records_remedies(user: Any, record: Any) -> bool:
    """May `user` record a remedy (or its outcome) against `record`'s agency's decision?"""
    return bool(in_agency(user, record) and user.role in REMEDY_RECORDERS) or investigates(user, record)
