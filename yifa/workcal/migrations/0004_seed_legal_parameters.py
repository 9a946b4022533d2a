"""Ship the statutory and default local thresholds as data (see data/legal_parameters.json)."""

from django.db import migrations


def seed(apps, schema_editor):
    from yifa.workcal.seed import seed_legal_parameters

    seed_legal_parameters(apps)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0003_legal_parameter")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
