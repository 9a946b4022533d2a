"""The surcharge rate and cap and the enforcement periods, as cited, effective-dated data."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

APL = dt.date(2021, 7, 15)
ACL = dt.date(2012, 1, 1)
ALA = dt.date(2015, 5, 1)
PARAMETERS = [
    ("FINE_SURCHARGE_RATE", "逾期缴纳罚款每日加处罚款比例", Decimal("3.00"), "%/日", "《行政处罚法》第七十二条第一款第一项", APL),
    ("FINE_SURCHARGE_CAP", "加处罚款上限（占罚款数额的比例）", Decimal("100.00"), "%", "《行政处罚法》第七十二条第一款第一项", APL),
    ("FINE_SUIT_MONTHS", "提起行政诉讼的期限", Decimal("6.00"), "个月", "《行政诉讼法》第四十六条第一款", ALA),
    ("FINE_ENFORCE_MONTHS", "申请人民法院强制执行的期限（自起诉期限届满之日起）", Decimal("3.00"), "个月", "《行政强制法》第五十三条", ACL),
]


def seed(apps, schema_editor):
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for code, name, value, unit, citation, start in PARAMETERS:
        LegalParameter.objects.get_or_create(code=code, effective_from=start, defaults={
            "name": name, "value": value, "unit": unit, "citation": citation})


def unseed(apps, schema_editor):
    apps.get_model("workcal", "LegalParameter").objects.filter(code__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("fines", "0001_ledger_and_property"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, unseed)]
