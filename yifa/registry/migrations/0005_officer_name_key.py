"""Officers sort by the pinyin of their names (yifa.lib.pinyin): the key column, filled for stored rows."""

from django.db import migrations, models

from yifa.lib.pinyin import name_key


def fill_keys(apps, schema_editor):
    Officer = apps.get_model("registry", "Officer")
    rows = list(Officer.objects.only("pk", "name"))
    for row in rows:
        row.name_key = name_key(row.name)
    Officer.objects.bulk_update(rows, ["name_key"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_chinese_field_names'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='officer',
            options={'ordering': ['agency_id', 'name_key', 'name'], 'verbose_name': '执法人员', 'verbose_name_plural': '执法人员'},
        ),
        migrations.AddField(
            model_name='officer',
            name='name_key',
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name='姓名拼音'),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='officer',
            index=models.Index(fields=['agency', 'name_key'], name='officer_agency_pinyin'),
        ),
    ]
