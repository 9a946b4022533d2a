"""The licensing periods added for joint handling, hearings and renewal (yifa/licensing/data), as
effective-dated DeadlineRule rows with their citation; licences issued before carry the renewal
rule their renewal date was computed by. Idempotent."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

RULES = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.json"


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    for row in json.loads(RULES.read_text(encoding="utf-8")):
        row["effective_from"] = dt.date.fromisoformat(row["effective_from"])
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)
    apps.get_model("licensing", "Licence").objects.filter(renewal_rule="").update(renewal_rule="ALL_RENEWAL_LEAD")


class Migration(migrations.Migration):
    dependencies = [("licensing", "0005_hearing_renewal_joint_handling"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
