"""A hearing per notice: Hearing.case becomes a foreign key with the notice round it answers, and
the case counts its notices (Case.notice_round), so a new notice after a re-review can be
followed by a second hearing (APL 44, 63).

Existing rows: a notified case's round is the number of its "notify" steps (at least 1); its
hearing, if any, answers the notice recorded last before the hearing was requested.
"""

import django.db.models.deletion
from django.db import migrations, models


def number_rounds(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseStep = apps.get_model("cases", "CaseStep")
    Hearing = apps.get_model("cases", "Hearing")
    for case in Case.objects.filter(notified_on__isnull=False).only("pk"):
        notices = CaseStep.objects.filter(case_id=case.pk, step="notify").count()
        Case.objects.filter(pk=case.pk).update(notice_round=max(notices, 1))
    for hearing in Hearing.objects.all():
        steps = list(CaseStep.objects.filter(case_id=hearing.case_id, step__in=("notify", "request_hearing"))
                     .order_by("at", "id").values_list("step", flat=True))
        before_request = steps[:steps.index("request_hearing")] if "request_hearing" in steps else steps
        hearing.notice_round = max(before_request.count("notify"), 1)
        hearing.save(update_fields=["notice_round"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="hearing",
            options={"ordering": ["case_id", "notice_round"], "verbose_name": "听证", "verbose_name_plural": "听证"},
        ),
        migrations.AddField(
            model_name="case",
            name="notice_round",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="告知次数"),
        ),
        migrations.AddField(
            model_name="hearing",
            name="notice_round",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="告知次数"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="hearing",
            name="case",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="hearings",
                                    to="cases.case"),
        ),
        migrations.RunPython(number_rounds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="hearing",
            constraint=models.UniqueConstraint(fields=("case", "notice_round"), name="hearing_once_per_notice"),
        ),
    ]
