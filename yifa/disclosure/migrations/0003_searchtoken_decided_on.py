"""Search tokens carry their record's decision date, indexed after the token: a search reads a
token's entries in the public list's order and stops after a page (disclosure.search.walk)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_dates(apps, schema_editor):  # type: ignore[no-untyped-def]
    Publication = apps.get_model("disclosure", "Publication")
    SearchToken = apps.get_model("disclosure", "SearchToken")
    SearchToken.objects.update(decided_on=Subquery(
        Publication.objects.filter(pk=OuterRef("publication_id")).values("decided_on")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0002_disclosure_rules"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="searchtoken", name="search_token_lookup"),
        migrations.AddField(model_name="searchtoken", name="decided_on", field=models.DateField(null=True)),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
        migrations.AlterField(model_name="searchtoken", name="decided_on", field=models.DateField()),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["token", "decided_on", "publication"], name="search_token_ordered"),
        ),
    ]
