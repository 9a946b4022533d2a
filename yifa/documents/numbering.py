"""Document numbers: a locked counter per (agency, kind, year), formatted by a pattern.

allocate_number must run inside the transaction that stores the document: if that
transaction rolls back, so does the counter, and the number is not lost (no gap).
"""

from __future__ import annotations

import datetime as dt
import string

from django.db import connection, transaction

from yifa.documents.models import AgencyNumbering, DocumentCounter, DocumentKind
from yifa.lib.errors import ActionError
from yifa.registry.models import Agency

PATTERN_FIELDS = frozenset({"short", "abbr", "year", "n", "agency"})


def _locked_counter(agency_id: int, kind_id: int, year: int) -> DocumentCounter:
    lock = DocumentCounter.objects.select_for_update() if connection.features.has_select_for_update \
        else DocumentCounter.objects.all()
    found = lock.filter(agency_id=agency_id, kind_id=kind_id, year=year).first()
    if found is None:
        # Two first writers may race here: the loser's insert does nothing and it then
        # waits on the winner's row lock (SQLite: the whole database is locked at BEGIN).
        DocumentCounter.objects.bulk_create(
            [DocumentCounter(agency_id=agency_id, kind_id=kind_id, year=year)], ignore_conflicts=True,
        )
        found = lock.get(agency_id=agency_id, kind_id=kind_id, year=year)
    return found


def allocate_number(agency: Agency, kind: DocumentKind, year: int) -> int:
    """The next serial number for this agency, kind and year: 1, 2, 3 … no gap, no repeat."""
    with transaction.atomic():
        counter = _locked_counter(agency.pk, kind.pk, year)
        counter.last += 1
        DocumentCounter.objects.filter(pk=counter.pk).update(last=counter.last)
    return counter.last


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


def pattern_for(agency: Agency, kind: DocumentKind) -> str:
    own = AgencyNumbering.objects.filter(agency=agency, kind=kind).values_list("pattern", flat=True).first()
    return own if own is not None else kind.pattern


def format_number(pattern: str, agency: Agency, kind: DocumentKind, year: int, n: int) -> str:
    return pattern.format(short=agency.short_name or agency.name, abbr=kind.abbreviation, year=year, n=n,
                          agency=agency.name)


def next_number(agency: Agency, kind_code: str, day: dt.date) -> str:
    """Take the next number of `kind_code` for the agency in `day`'s year, formatted
    (浦市监立〔2026〕15号). Call inside the transaction that stores it."""
    kind = DocumentKind.objects.get(code=kind_code)
    return format_number(pattern_for(agency, kind), agency, kind, day.year, allocate_number(agency, kind, day.year))
