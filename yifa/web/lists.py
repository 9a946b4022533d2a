"""What the record lists of the four procedure apps share (penalty cases, licensing, coercive
measures, inspections): the count-free page, the page number from the query string, the
deadline colour, the status (or other choice) filter, the search box, and deadline rule names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from yifa.web.i18n import tr
from yifa.workcal.calendar import rule_versions

M = TypeVar("M", bound=Model)

#: Rows on one list page.
PAGE_SIZE = 50
#: A deadline this many calendar days away (or less) shows yellow on every list: a working-week
#: warning for officers in the field. A display choice, not a statutory period.
NEAR_DAYS = 3


# --- pages ------------------------------------------------------------------------------------


@dataclass
class Page:
    """A page without COUNT(*): with a million records, only the rows shown are read (one more
    tells whether there is a next page)."""

    number: int
    rows: list[dict[str, Any]]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(raw: Any) -> int:
    """?page=… as a page number (1 for anything else)."""
    try:
        return max(1, min(int(raw), 100_000))
    except (TypeError, ValueError):
        return 1


def page_slice(qs: QuerySet[M], number: int, size: int = PAGE_SIZE) -> tuple[list[M], bool]:
    """The records of page `number` of an ordered queryset, and whether another page follows."""
    start = (number - 1) * size
    found = list(qs[start:start + size + 1])
    return found[:size], len(found) > size


def page_of(qs: QuerySet[M], number: int, row: Callable[[M], dict[str, Any]], size: int = PAGE_SIZE) -> Page:
    """Page `number`, each record made into the row its card prints."""
    records, has_next = page_slice(qs, number, size)
    return Page(number, [row(r) for r in records], has_next)


# --- filters ------------------------------------------------------------------------------------


def choice_filter(qs: QuerySet[M], field: str, value: str, choices: Iterable[str]) -> tuple[QuerySet[M], str]:
    """?status=… (or another choice): filtered by a known value; anything else is ignored ("")."""
    if value in choices:
        return qs.filter(**{field: value}), value
    return qs, ""


def text_search(qs: QuerySet[M], q: str, lookups: Sequence[str]) -> QuerySet[M]:
    """The search box: any of `lookups` contains the text (never an identity number: a list is no
    way to probe for one)."""
    q = q.strip()
    if not q:
        return qs
    cond = Q()
    for lookup in lookups:
        cond |= Q(**{f"{lookup}__icontains": q})
    return qs.filter(cond)


# --- deadlines ----------------------------------------------------------------------------------


def deadline_state(dues: Iterable[dt.date | None], today: dt.date, near_days: int = NEAR_DAYS) -> str:
    """The colour of the earliest running deadline among `dues` (None: not running): "overdue"
    (red), "near" (yellow, within `near_days`) or "normal"."""
    running = [d for d in dues if d is not None]
    if not running:
        return "normal"
    first = min(running)
    if first < today:
        return "overdue"
    if (first - today).days <= near_days:
        return "near"
    return "normal"


def rule_names(codes: Iterable[str]) -> dict[str, str]:
    """Names of the deadline rules on a page (the newest version's name), from the per-process
    copy of the rules: no query, whatever the number of rows."""
    versions = rule_versions()
    return {code: str(tr(versions[code][0].name)) for code in set(codes) if code in versions}
