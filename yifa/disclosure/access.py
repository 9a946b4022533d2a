"""Who sees which public record.

Staff: the policy queryset (their agency's records; oversight: their region's). The public:
released records only (`public_records`); a withdrawn or taken-down record is `gone`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yifa.disclosure.models import Publication, PublicationStatus, PublicationStep, SearchToken
from yifa.registry.access import access_record, register, scoped

register(Publication, "agency")
register(PublicationStep, "publication__agency")
register(SearchToken, "publication__agency")

#: What the public may know exists: released, and withdrawn/taken down (answered 410 with the reason).
PUBLIC_STATUSES = (PublicationStatus.RELEASED, PublicationStatus.WITHDRAWN, PublicationStatus.TAKEN_DOWN)


def publications_for(user: Any) -> QuerySet[Publication]:
    return scoped(Publication, user)


def access_publication(pk: Any, user: Any) -> Publication:
    return access_record(Publication, pk, user)


def public_records() -> QuerySet[Publication]:
    """The released records: what every public page and the open data list."""
    return Publication.objects.filter(status=PublicationStatus.RELEASED)


def public_or_gone(pk: int) -> Publication | None:
    """A record the public may ask for by its URL (released, or gone with its explanation)."""
    return Publication.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).select_related("agency").first()
