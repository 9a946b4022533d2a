"""The complaint deadlines as law-as-data (workcal.DeadlineRule), editable and effective-dated:
decide on acceptance within 7 working days of receipt; handle within 60 days of acceptance.
Idempotent (get_or_create), so a database that already has them keeps its own edits."""

import datetime as dt

from django.db import migrations

RULES = [
    {"code": "complaint_accept", "name": "投诉举报：作出受理或者不予受理的决定", "count": 7, "unit": "working",
     "trigger": "收到投诉举报（或转交）之日", "citation": "市场监督管理投诉举报处理暂行办法第十八条",
     "effective_from": dt.date(2020, 1, 1)},
    {"code": "complaint_handle", "name": "投诉举报：受理后办结", "count": 60, "unit": "calendar",
     "trigger": "受理之日", "citation": "信访工作条例第三十五条",
     "effective_from": dt.date(2022, 5, 1)},
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
