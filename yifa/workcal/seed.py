"""Loading a year's holiday notice, from chinese-calendar or from an administrator's list."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import chinese_calendar

from yifa.workcal.models import CalendarDay, CalendarYear


def package_years() -> range:
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return range(min(years), max(years) + 1)


def exceptions_from_package(year: int) -> dict[dt.date, tuple[bool, str]]:
    """Weekday holidays and weekend make-up working days of `year`, as the package has them."""
    out: dict[dt.date, tuple[bool, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year == year and day.weekday() < 5:
            out[day] = (False, _holiday_name(name))
    for day, name in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            out[day] = (True, _holiday_name(name))
    return out


_NAMES_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(name: object) -> str:
    text = str(getattr(name, "value", name))
    return _NAMES_ZH.get(text, text)


def source_label() -> str:
    from importlib.metadata import version

    return f"chinese-calendar {version('chinesecalendar')}（国务院办公厅节假日安排通知）"


def replace_year(year: int, exceptions: dict[dt.date, tuple[bool, str]], source: str) -> CalendarYear:
    """Replace one year's exceptions; the caller holds the transaction and audits it."""
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d, is_workday=w, name=n) for d, (w, n) in sorted(exceptions.items())
    )
    entry, created = CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
    if not created:
        entry.version += 1
        entry.source = source
        entry.save()
    return entry


DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, Any]]:
    rows = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    for row in rows:
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
    return rows


def seed_deadline_rules(apps: Any) -> None:
    """The shipped statutory time limits (data/deadline_rules.json); idempotent."""
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    for row in _rows("deadline_rules.json"):
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


def seed_legal_parameters(apps: Any) -> None:
    """The shipped thresholds and requirements (data/legal_parameters.json); idempotent."""
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in _rows("legal_parameters.json"):
        row["value"] = Decimal(row["value"])
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


def seed_roll_over(apps: Any) -> None:
    """Each shipped rule's roll-over flag and its citation (data/deadline_roll_over.json); rules
    not listed keep the default (rolls over, 民法典 203). Idempotent."""
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    flags = json.loads((DATA_DIR / "deadline_roll_over.json").read_text(encoding="utf-8"))
    for code, value in flags.items():
        if not code.startswith("_"):
            DeadlineRule.objects.filter(code=code).update(rolls_over=value[0], rolls_over_citation=value[1])
