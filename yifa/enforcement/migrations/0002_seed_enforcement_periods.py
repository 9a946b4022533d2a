"""The periods of enforcement as data, each with its citation (idempotent, like workcal's seeds):
the reminder's 10 working days, the 60-day reconsideration period, and the lawsuit (6 months) and
court-application (3 months) periods in months (legal parameters: a deadline rule counts days)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

RULES = [
    {"code": "ACL_REMINDER", "name": "催告书载明的履行期限", "count": 10, "unit": "working", "trigger": "催告书送达之日",
     "citation": "《行政强制法》第三十五条、第五十四条、第六十九条", "effective_from": dt.date(2012, 1, 1)},
    {"code": "APL_RECONSIDERATION", "name": "申请行政复议", "count": 60, "unit": "calendar",
     "trigger": "知道（收到）行政处罚决定书之日",
     "citation": "《行政复议法》第二十条第一款（2023年修订前为第九条）；《行政处罚法》第五十九条",
     "effective_from": dt.date(1999, 10, 1)},
]
PARAMETERS = [
    {"code": "ENF_LAWSUIT_MONTHS", "name": "提起行政诉讼的期限", "value": Decimal("6"), "unit": "月",
     "citation": "《行政诉讼法》第四十六条第一款", "effective_from": dt.date(2015, 5, 1)},
    {"code": "ENF_COURT_APPLICATION_MONTHS", "name": "申请人民法院强制执行的期限（复议、诉讼期限届满之日起）",
     "value": Decimal("3"), "unit": "月", "citation": "《行政强制法》第五十三条", "effective_from": dt.date(2012, 1, 1)},
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in RULES:
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)
    for row in PARAMETERS:
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
