"""Add parameters added after 0004 (the seed is idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    from yifa.workcal.seed import seed_legal_parameters

    seed_legal_parameters(apps)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0005_seed_case_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
