"""What a cross-reviewer may read (handed to yifa.cases.access from `ready()`): the file of a case
sampled into a review round and assigned to them, while that file's review is open (assigned or
scored, not yet confirmed by the legal office), and only a closed or archived case — the only kind a
round samples. Read-only: the grant opens `cases.access.read_case`, never a step."""

from __future__ import annotations

from typing import Any

from yifa.cases.models import Status
from yifa.filereview.models import FileReview, ReviewStatus

OPEN_REVIEW = (ReviewStatus.ASSIGNED, ReviewStatus.SCORED)
SAMPLED = (Status.CLOSED, Status.ARCHIVED)


def reviewer_reads(user: Any, case_id: int) -> str:
    """"filereview.FileReview#<id>" when `user` reviews case `case_id` in an open review, else ""."""
    if not getattr(user, "is_agency_staff", False):
        return ""
    review = (FileReview.objects.filter(case_id=case_id, reviewer_id=user.pk, status__in=OPEN_REVIEW,
                                        case__status__in=SAMPLED)
              .exclude(agency_id=user.agency_id).values_list("pk", flat=True).first())
    return f"filereview.FileReview#{review}" if review is not None else ""
