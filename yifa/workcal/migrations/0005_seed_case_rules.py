"""Add the case-handling rules to an existing database (the seed is idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    import datetime as dt
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.json"
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    for row in json.loads(data.read_text(encoding="utf-8")):
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0004_seed_legal_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
