"""The alert rules' thresholds as legal parameters (effective-dated, with their citations): how many
days ahead a deadline counts as near, how far back the sweep looks, when a served decision counts
as unpublished, how many extensions are "repeated", and the caseload factor. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

LOCAL = "县司法局行政执法监督预警规则（本地配置）"
START = dt.date(2021, 7, 15)
ROWS = [
    {"code": "SUP_NEAR_DAYS", "name": "预警：期限临近的天数", "value": Decimal(3), "unit": "日", "citation": LOCAL},
    {"code": "SUP_LOOKBACK_DAYS", "name": "预警：扫描回溯天数", "value": Decimal(730), "unit": "日", "citation": LOCAL},
    {"code": "SUP_PUBLISH_DAYS", "name": "行政处罚决定公开期限（自送达起）", "value": Decimal(7), "unit": "日",
     "citation": "行政处罚法第四十八条；国办发〔2018〕118号（执法决定信息7个工作日内公开）"},
    {"code": "SUP_REPEAT_EXTENSIONS", "name": "预警：多次延期的次数", "value": Decimal(2), "unit": "次", "citation": LOCAL},
    {"code": "SUP_WORKLOAD_FACTOR", "name": "预警：承办案件数超过本机关中位数的倍数", "value": Decimal(3), "unit": "倍",
     "citation": LOCAL},
    {"code": "SUP_WORKLOAD_MIN", "name": "预警：承办案件数最低触发数", "value": Decimal(10), "unit": "件",
     "citation": LOCAL},
]


def seed(apps, schema_editor):
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in ROWS:
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=START, defaults={**row, "effective_from": START})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_alerts_and_notices"), ("workcal", "0010_seed_acl_min_officers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
