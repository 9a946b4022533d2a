"""Writes to the calendar: loading or editing a year's holiday notice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from yifa.accounts.models import SHARED_EDITORS
from yifa.audit.record import record
from yifa.lib.errors import ActionError, Forbidden
from yifa.workcal.models import CalendarYear
from yifa.workcal.seed import replace_year

if TYPE_CHECKING:
    from yifa.accounts.models import User


def load_year(
    year: int, exceptions: dict[dt.date, tuple[bool, str]], source: str, *, acting_user: User | None,
) -> CalendarYear:
    """Load (or replace) the notice for `year`: weekday holidays and weekend make-up days."""
    if acting_user is not None and not (acting_user.is_sysadmin or acting_user.role in SHARED_EDITORS):
        raise Forbidden()
    for day, (is_workday, _name) in exceptions.items():
        if day.year != year:
            raise ActionError(f"{day} 不属于 {year} 年。", f"{day} is not in {year}.", field="date")
        if is_workday == (day.weekday() < 5):
            kind = "调休上班日应为周末" if is_workday else "放假日应为工作日（周末本来休息）"
            raise ActionError(f"{day}：{kind}。", f"{day}: a make-up day must be a weekend, a holiday a weekday.")
    with transaction.atomic():
        before = {str(y.year): y.version for y in CalendarYear.objects.filter(year=year)}
        entry = replace_year(year, exceptions, source)
        record("calendar.load_year", entry, acting_user=acting_user, before=before or None,
               after={"year": year, "version": entry.version, "source": source,
                      "days": {str(d): w for d, (w, _n) in sorted(exceptions.items())}})
    return entry
