"""Ship the statutory time-limit rules and the 2004–2026 holiday calendar as data.

These rows are part of the release (like the schema); every later edit goes through
the audited actions.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

RULES = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.json"


def seed(apps, schema_editor):
    from yifa.workcal.seed import exceptions_from_package, package_years, source_label

    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    CalendarDay = apps.get_model("workcal", "CalendarDay")
    CalendarYear = apps.get_model("workcal", "CalendarYear")
    for row in json.loads(RULES.read_text(encoding="utf-8")):
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)
    source = source_label()
    for year in package_years():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        days = exceptions_from_package(year)
        CalendarDay.objects.bulk_create(
            CalendarDay(date=d, is_workday=w, name=n) for d, (w, n) in sorted(days.items())
        )
        CalendarYear.objects.create(year=year, source=source)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
