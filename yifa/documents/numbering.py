"""Document numbers: a locked counter per (agency, kind, year), formatted by a pattern.

allocate_number must run inside the transaction that stores the document: if that
transaction rolls back, so does the counter, and the number is not lost (no gap).
"""

from __future__ import annotations

import datetime as dt
import string

from django.db import connection, transaction

from yifa.documents.models import AgencyNumbering, DocumentCounter, DocumentKind
from yifa.lib import refcache
from yifa.lib.errors import ActionError
from yifa.registry.models import Agency

PATTERN_FIELDS = frozenset({"short", "abbr", "year", "n", "agency"})


def _take_next(agency_id: int, kind_id: int, year: int) -> int | None:
    """Move the counter on by one and read it, in one statement that locks its row
    (UPDATE … RETURNING; SQLite ≥ 3.35 and PostgreSQL). None: there is no counter yet."""
    table = DocumentCounter._meta.db_table
    with connection.cursor() as cur:
        # The model's own table; every value a parameter.
        cur.execute(f"UPDATE {table} SET last = last + 1 WHERE agency_id = %s AND kind_id = %s AND year = %s "  # noqa: S608
                    "RETURNING last", [agency_id, kind_id, year])
        row = cur.fetchone()
    return None if row is None else int(row[0])


def allocate_number(agency: Agency, kind: DocumentKind, year: int) -> int:
    """The next serial number for this agency, kind and year: 1, 2, 3 … no gap, no repeat."""
    with transaction.atomic():
        taken = _take_next(agency.pk, kind.pk, year)
        if taken is None:
            # Two first writers may race here: the loser's insert does nothing and its UPDATE
            # then waits on the winner's row lock (SQLite: the whole database is locked at BEGIN).
            DocumentCounter.objects.bulk_create(
                [DocumentCounter(agency_id=agency.pk, kind_id=kind.pk, year=year)], ignore_conflicts=True,
            )
            taken = _take_next(agency.pk, kind.pk, year)
        assert taken is not None
    return taken


def check_pattern(pattern: str) -> None:
    """A pattern may use only {short} {abbr} {year} {n} {agency}, and must contain {n}."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ActionError(f"文号格式有误：{exc}。", f"Bad number pattern: {exc}.", field="pattern") from exc
    unknown = names - PATTERN_FIELDS
    if unknown or "n" not in names:
        raise ActionError(
            "文号格式只能使用 {short}（机关简称）{abbr}（代字）{year}（年度）{n}（序号）{agency}（机关全称），且必须含 {n}。",
            "A number pattern may use only {short} {abbr} {year} {n} {agency}, and must contain {n}.",
            field="pattern",
        )


def _agency_patterns() -> dict[tuple[int, int], str]:
    return {(a, k): p for a, k, p in AgencyNumbering.objects.values_list("agency_id", "kind_id", "pattern")}


def pattern_for(agency: Agency, kind: DocumentKind) -> str:
    """The agency's own pattern for this kind, else the kind's (kept per process: refcache)."""
    own = refcache.cached("agency_patterns", _agency_patterns).get((agency.pk, kind.pk))
    return own if own is not None else kind.pattern


def kind_by_code(code: str) -> DocumentKind | None:
    """A document kind by code (kept per process: refcache); None if there is none."""
    return refcache.cached("document_kinds", lambda: {k.code: k for k in DocumentKind.objects.all()}).get(code)


def format_number(pattern: str, agency: Agency, kind: DocumentKind, year: int, n: int) -> str:
    return pattern.format(short=agency.short_name or agency.name, abbr=kind.abbreviation, year=year, n=n,
                          agency=agency.name)


def next_number(agency: Agency, kind_code: str, day: dt.date) -> str:
    """Take the next number of `kind_code` for the agency in `day`'s year, formatted
    (浦市监立〔2026〕15号). Call inside the transaction that stores it."""
    kind = kind_by_code(kind_code)
    if kind is None:
        raise DocumentKind.DoesNotExist(kind_code)
    return format_number(pattern_for(agency, kind), agency, kind, day.year, allocate_number(agency, kind, day.year))
