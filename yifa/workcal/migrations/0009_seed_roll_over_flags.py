"""Set the holiday roll-over flag and its citation on every shipped deadline rule (idempotent)."""

from django.db import migrations


def seed(apps, schema_editor):
    from yifa.workcal.seed import seed_roll_over

    seed_roll_over(apps)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0008_deadline_rule_rolls_over")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
