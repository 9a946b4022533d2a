"""Add the case-handling rules to an existing database (the seed is idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    from yifa.workcal.seed import seed_deadline_rules

    seed_deadline_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0004_seed_legal_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
