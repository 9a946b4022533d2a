"""The least number of officers who carry out a coercive measure (ACL 18(2)), as a legal parameter
with its own citation (the penalty law's MIN_INVESTIGATORS cites APL 42/55). Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

ROW = {"code": "ACL_MIN_OFFICERS", "name": "实施行政强制措施的执法人员最少人数", "value": Decimal(2), "unit": "人",
       "citation": "《行政强制法》第十八条第（二）项", "effective_from": dt.date(2012, 1, 1)}


def seed(apps, schema_editor):
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    LegalParameter.objects.get_or_create(code=ROW["code"], effective_from=ROW["effective_from"], defaults=ROW)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0009_seed_roll_over_flags")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
