"""The disclosure periods as law-as-data (3S: 国办发〔2018〕118号; APL 48): 7 working days to
publish a decision, 3 to withdraw a revoked one, and the term a record stays up (5 years; 2 for
a natural person). Idempotent."""

from decimal import Decimal

from django.db import migrations

CITE = "国办发〔2018〕118号《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
RULES = [
    {"code": "DISCLOSURE_PUBLISH", "name": "行政处罚、行政许可决定公示", "count": 7, "unit": "working",
     "trigger": "作出执法决定之日", "citation": CITE + "；《行政处罚法》第四十八条", "effective_from": "2019-01-03"},
    {"code": "DISCLOSURE_WITHDRAW", "name": "决定被撤销、变更或确认无效后撤回公示", "count": 3, "unit": "working",
     "trigger": "决定被撤销、变更或确认无效之日", "citation": CITE + "；《行政处罚法》第四十八条第二款",
     "effective_from": "2019-01-03"},
]
PARAMETERS = [
    {"code": "DISCLOSURE_TERM_ORG", "name": "处罚决定公示期限（法人和其他组织）", "value": Decimal(5), "unit": "年",
     "citation": CITE, "effective_from": "2019-01-03"},
    {"code": "DISCLOSURE_TERM_PERSON", "name": "处罚决定公示期限（自然人）", "value": Decimal(2), "unit": "年",
     "citation": CITE, "effective_from": "2019-01-03"},
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for row in RULES:
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)
    for row in PARAMETERS:
        LegalParameter.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)
    # Other processes reload their copy of the reference data (yifa.lib.refcache).
    Version = apps.get_model("workcal", "ReferenceVersion")
    row, _ = Version.objects.get_or_create(pk=1)
    Version.objects.filter(pk=row.pk).update(n=row.n + 1)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
