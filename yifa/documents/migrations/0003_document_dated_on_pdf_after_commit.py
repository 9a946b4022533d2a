"""Documents bear the date of the step they record (Document.dated_on), and the PDF is made after
the document is stored (Document.pdf may be empty until then).

Existing rows are dated by the local day they were generated, as they were printed.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def date_existing(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for doc in Document.objects.filter(dated_on__isnull=True).only("pk", "generated_at"):
        Document.objects.filter(pk=doc.pk).update(dated_on=timezone.localtime(doc.generated_at).date())


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_seed_document_kinds"),
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="dated_on",
            field=models.DateField(null=True, verbose_name="文书日期"),
        ),
        migrations.RunPython(date_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="document",
            name="dated_on",
            field=models.DateField(verbose_name="文书日期"),
        ),
        migrations.AlterField(
            model_name="document",
            name="pdf",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="evidence.storedfile", verbose_name="PDF 文件"),
        ),
    ]
