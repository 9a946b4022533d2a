"""The portal's reads: only published data — agencies, their power items and officers (name,
certificate number, area; never ID numbers), released decisions, statistics, audit roots."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from yifa.cases.models import Case, CaseOutcome
from yifa.disclosure.access import public_records
from yifa.disclosure.models import DecisionKind, Publication, PublicationStatus
from yifa.disclosure.search import matching, walk
from yifa.law.models import PowerItem, Provision
from yifa.lib.bounds import check_text
from yifa.lib.errors import ActionError
from yifa.licensing.models import LicenceApplication, LicensingOutcome
from yifa.registry.models import Agency, Officer

#: The columns a decision row prints (lists read nothing else).
LIST_COLUMNS = ("id", "kind", "agency_id", "agency__name", "document_number", "title", "category", "party_name",
                "party_code", "result", "decided_on")


def agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name", "id")


def agency(pk: int) -> Agency | None:
    return agencies().filter(pk=pk).first()


def powers_of(agency: Agency) -> QuerySet[PowerItem]:
    provisions = Provision.objects.select_related("law")
    return (PowerItem.objects.filter(agency=agency, is_active=True).select_related("time_limit_rule")
            .prefetch_related(Prefetch("violated_provisions", queryset=provisions),
                              Prefetch("penalty_provisions", queryset=provisions))
            .order_by("category", "code"))


def officers_of(agency: Agency) -> list[Any]:
    """Name, certificate number and area only: the resident ID is never read here."""
    return list(Officer.objects.filter(agency=agency, status=Officer.Status.ACTIVE)
                .order_by("name_key", "name", "id").values("name", "certificate_no", "area", "field"))


# --- decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionFilter:
    q: str = ""
    party: str = ""
    agency: int | None = None
    kind: str = ""
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None

    @classmethod
    def from_query(cls, params: Any) -> DecisionFilter:
        """From a query string; what cannot be read is ignored (a public search never errs)."""
        return cls(q=_text(params.get("q")), party=_text(params.get("party")), agency=_int(params.get("agency")),
                   kind=params.get("kind") if params.get("kind") in DecisionKind.values else "",
                   decided_from=_date(params.get("decided_from")), decided_to=_date(params.get("decided_to")))

    def lookups(self, record: str = "") -> dict[str, Any]:
        """The filters other than the words, on the record (`record` = "publication__" from its tokens)."""
        found: dict[str, Any] = {}
        if self.agency:
            found[f"{record}agency_id"] = self.agency
        if self.kind:
            found[f"{record}kind"] = self.kind
        if self.decided_from:
            found["decided_on__gte"] = self.decided_from  # a token carries its record's date
        if self.decided_to:
            found["decided_on__lte"] = self.decided_to
        return found

    def apply(self, qs: QuerySet[Publication]) -> QuerySet[Publication]:
        qs = qs.filter(**self.lookups())
        for query in (self.q, self.party):
            qs = matching(qs, query) if query else qs
        return qs


def _text(raw: Any) -> str:
    value = str(raw or "").strip()[:60]
    try:
        check_text(value, "q", "q")
    except ActionError:
        return ""
    return value


def _int(raw: Any) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**62 else None


def _date(raw: Any) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(str(raw))
    except ValueError:
        return None
    return day if 1900 < day.year < 2200 else None


def decisions(filters: DecisionFilter) -> QuerySet[Publication]:
    return filters.apply(public_records()).order_by("-decided_on", "-id")


def decision_rows(filters: DecisionFilter) -> QuerySet[Publication, dict[str, Any]]:
    return decisions(filters).values(*LIST_COLUMNS)


def page(qs: QuerySet[Any], number: int, size: int) -> tuple[list[Any], bool]:
    start = (number - 1) * size
    found = list(qs[start:start + size + 1])
    return found[:size], len(found) > size


def decision_page(filters: DecisionFilter, number: int, size: int) -> tuple[list[dict[str, Any]], bool]:
    """A page of the public list or search, without COUNT(*), read in index order.

    Without words: the released records by the public list's index (status, decided_on desc, id desc), or
    the agency's. With words: the entries of the query's rarest token, newest first from the
    token index, each candidate checked for the words and filters, stopping after the page's rows
    (`disclosure.search.walk`); then that page's rows by primary key."""
    entries = walk(filters.q, filters.party)
    if entries is None:
        return page(decision_rows(filters), number, size)
    entries = entries.filter(publication__status=PublicationStatus.RELEASED, **filters.lookups("publication__"))
    ids, has_next = page(entries.values_list("publication_id", flat=True), number, size)
    found = {row["id"]: row for row in public_records().filter(pk__in=ids).values(*LIST_COLUMNS)}
    return [found[pk] for pk in ids if pk in found], has_next


# --- annual statistics --------------------------------------------------------------------------


def statistics_due(year: int) -> dt.date:
    """Each agency publishes last year's statistics by 31 January (3S)."""
    return dt.date(year + 1, 1, 31)


def statistics_published(year: int, today: dt.date | None = None) -> bool:
    """A year's statistics are published once it has ended (and are due by 31 January)."""
    return (today or timezone.localdate()).year > year


def statistics(agency: Agency, year: int) -> dict[str, Any]:
    """Computed from the records themselves, never typed in."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = Case.objects.filter(agency=agency)
    opened = cases.filter(opened_on__range=(start, end)).count()
    penalties = cases.filter(decided_on__range=(start, end), outcome=CaseOutcome.PENALTY).aggregate(
        n=Count("id"), fines=Sum("decided_fine"))
    by_outcome = dict(cases.filter(decided_on__range=(start, end)).values_list("outcome").annotate(n=Count("id")))
    licences = LicenceApplication.objects.filter(agency=agency, decided_on__range=(start, end))
    granted = licences.filter(outcome=LicensingOutcome.GRANTED).count()
    published = Publication.objects.filter(agency=agency, released_on__range=(start, end)).values_list(
        "kind").annotate(n=Count("id"))
    return {"year": year, "opened": opened, "penalties": penalties["n"], "fines": penalties["fines"] or Decimal(0),
            "by_outcome": [(CaseOutcome(k).label, v) for k, v in sorted(by_outcome.items()) if k],
            "licence_decisions": licences.count(), "licences_granted": granted,
            "published": [(DecisionKind(k).label, v) for k, v in sorted(published)],
            "due": statistics_due(year)}
