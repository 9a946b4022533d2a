"""Add parameters added after 0004 (the seed is idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    import datetime as dt
    import json
    from decimal import Decimal
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data" / "legal_parameters.json"
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in json.loads(data.read_text(encoding="utf-8")):
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
        row["value"] = Decimal(row["value"])
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0005_seed_case_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
