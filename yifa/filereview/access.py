"""Who sees what: a file review — the region's legal office (supervisors) and region staff, the
reviewed agency's staff, and its assigned reviewer (of another agency); a self-inspection — its
agency and the region. "Not yours" is the same NotFound as "missing"."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.accounts.models import Role
from yifa.filereview.models import FileReview, FileReviewStep, SelfInspection, SelfInspectionStep
from yifa.lib.errors import NotFound
from yifa.registry.access import access_record, register, scoped

register(FileReview, "agency")
register(FileReviewStep, "review__agency")
register(SelfInspection, "agency")
register(SelfInspectionStep, "inspection__agency")


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def reviews_for(user: Any) -> QuerySet[FileReview]:
    qs = scoped(FileReview, user)
    if _authenticated(user) and getattr(user, "is_agency_staff", False):
        qs = qs | FileReview.objects.filter(reviewer_id=user.pk)
    return qs


def access_review(pk: Any, user: Any) -> FileReview:
    try:
        return reviews_for(user).get(pk=pk)
    except (FileReview.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def inspections_for(user: Any) -> QuerySet[SelfInspection]:
    return scoped(SelfInspection, user)


def access_inspection(pk: Any, user: Any) -> SelfInspection:
    return access_record(SelfInspection, pk, user)


def is_supervisor(user: Any) -> bool:
    return bool(_authenticated(user) and user.role == Role.SUPERVISOR and user.is_region_staff)


def supervises(user: Any, record: FileReview | SelfInspection) -> bool:
    """The legal office (supervisor) of the region the record's agency lies in."""
    return is_supervisor(user) and record.agency.region.path.startswith(user.region.path)


def is_reviewer(user: Any, review: FileReview) -> bool:
    return bool(_authenticated(user) and user.pk == review.reviewer_id)


def handles_review(user: Any, review: FileReview) -> bool:
    return is_reviewer(user, review) or supervises(user, review)


def in_agency(user: Any, record: SelfInspection) -> bool:
    return bool(_authenticated(user) and user.is_agency_staff and user.agency_id == record.agency_id)


def handles_inspection(user: Any, record: SelfInspection) -> bool:
    return in_agency(user, record) or supervises(user, record)


def rounds_for(user: Any) -> QuerySet[Any]:
    """Region staff: their region's rounds; agency staff: the rounds with a file they may see."""
    from yifa.filereview.models import ReviewRound

    if not _authenticated(user):
        return ReviewRound.objects.none()
    if user.is_sysadmin:
        return ReviewRound.objects.all()
    if getattr(user, "is_region_staff", False):
        return ReviewRound.objects.filter(region__path__startswith=user.region.path)
    return ReviewRound.objects.filter(pk__in=reviews_for(user).values("round_id"))
