"""Ship the statutory and default local thresholds as data (see data/legal_parameters.json)."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "legal_parameters.json"


def seed(apps, schema_editor):
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
        row["value"] = Decimal(row["value"])
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0003_legal_parameter")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
