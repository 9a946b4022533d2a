"""Ship the statutory time-limit rules and the 2004–2026 holiday calendar as data.

These rows are part of the release (like the schema); every later edit goes through
the audited actions.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from yifa.workcal.seed import exceptions_from_package, package_years, seed_deadline_rules, source_label

    seed_deadline_rules(apps)
    CalendarDay = apps.get_model("workcal", "CalendarDay")
    CalendarYear = apps.get_model("workcal", "CalendarYear")
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
