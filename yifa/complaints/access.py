"""Who sees which complaints: agency staff their agency's; supervisors (the county legal office)
and other region staff every complaint of their region — routed or not yet routed; sysadmins
all; the public and anonymous visitors none (they see their own only through the tracking number
and secret code, on the public status page). "Not yours" is the same NotFound as "missing".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Q, QuerySet

from yifa.accounts.models import Role
from yifa.complaints.models import Complaint, ComplaintFile, ComplaintStep, EvaluationAnswer, EvaluationRating
from yifa.lib.errors import ActionError, NotFound
from yifa.registry.access import register

# Registered with the policy registry like every agency-owned model (`scoped` then answers for them
# by agency); the complaints' own policy, which also shows the region's unrouted ones to the
# legal office, is `complaints_for` below — the pages and the API read through it.
register(Complaint, "agency")
register(ComplaintStep, "complaint__agency")
register(ComplaintFile, "complaint__agency")
register(EvaluationAnswer, "agency")
register(EvaluationRating, "answer__agency")


def complaints_for(user: Any) -> QuerySet[Complaint]:
    """The policy queryset: the complaints `user` may see."""
    qs = Complaint.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_sysadmin:
        return qs
    if user.is_agency_staff:
        return qs.filter(agency_id=user.agency_id)
    if user.is_region_staff:
        path = user.region.path
        return qs.filter(Q(region__path__startswith=path) | Q(agency__region__path__startswith=path))
    return qs.none()


def access_complaint(pk: Any, user: Any) -> Complaint:
    try:
        return complaints_for(user).get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def is_supervisor_of(user: Any, complaint: Complaint) -> bool:
    """The legal office (supervisor) of the place the complaint is about: routes and oversees it."""
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff
                and complaint.region.path.startswith(user.region.path))


def handles(user: Any, complaint: Complaint) -> bool:
    """The staff who may act on it: its agency's staff, and the region's staff (who route it)."""
    return bool(getattr(user, "is_authenticated", False) and (
        (user.is_agency_staff and complaint.agency_id is not None and user.agency_id == complaint.agency_id)
        or is_supervisor_of(user, complaint)))


#: Checked against when the tracking number does not exist, so that a wrong number and a wrong
#: code take the same time and give the same answer.
_DUMMY_HASH: list[str] = []


class NotYours(ActionError):
    status = 404

    def __init__(self) -> None:
        super().__init__("受理编号或查询码不正确。", "The tracking number or the code is not correct.", field="code")


def reporters_complaint(tracking_no: str, code: str) -> Complaint:
    """The reporter's own complaint, by its tracking number and secret code (compared with the
    stored hash in constant time); anything else is the same refusal."""
    found = Complaint.objects.filter(tracking_no=tracking_no.strip().upper()).select_related("agency").first()
    if found is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(make_password("not-a-code"))
        check_password(code, _DUMMY_HASH[0])
        raise NotYours()
    if not check_password(code.strip().upper(), found.code_hash):
        raise NotYours()
    return found
