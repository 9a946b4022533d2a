"""Law as data for major-case filing (重大案件备案审查): the 15-day period to file a major case with
the county legal office, and the county's default catalogue of what counts as major. Idempotent.

Basis: the county's policy (浦江县《关于进一步深化和完善行政执法责任制工作的若干意见》) requires a
重大案件备案审查制度 but does not itself state the period or the thresholds. The 15 days (calendar,
from the decision) and the amounts below are the county's settings as given in issue 12; they
follow the usual Zhejiang practice (the hearing "较大数额" figures of APL 63 as set in Zhejiang:
10,000 yuan for a person, 100,000 for an organisation) but no provincial text has been checked —
the legal office should confirm them and add a dated row citing its own notice when it does.
"""

from decimal import Decimal

from django.db import migrations

POLICY = "浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（重大案件备案审查制度）"
RULE = {"code": "MAJOR_CASE_FILING", "name": "重大行政处罚决定报县司法行政部门（法制机构）备案", "count": 15,
        "unit": "calendar", "trigger": "作出行政处罚决定之日", "citation": POLICY + "；备案期限为县级设定（待核实）",
        "rolls_over": True, "effective_from": "2021-07-15"}
DEFAULT = {"fine_organisation": Decimal("100000"), "fine_individual": Decimal("10000"),
           "confiscation_value": Decimal("100000"),
           "kinds": ["licence_revoke", "qualification_lower", "suspension", "closure", "practice_ban", "detention"],
           "citation": POLICY + "；金额标准参照行政处罚法第六十三条“较大数额”（县级设定，待核实）",
           "effective_from": "2021-07-15"}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    DeadlineRule.objects.get_or_create(code=RULE["code"], effective_from=RULE["effective_from"], defaults=RULE)
    Criterion = apps.get_model("filing", "MajorCriterion")
    Criterion.objects.get_or_create(agency=None, effective_from=DEFAULT["effective_from"], defaults=DEFAULT)
    Version = apps.get_model("workcal", "ReferenceVersion")
    row, _ = Version.objects.get_or_create(pk=1)
    Version.objects.filter(pk=row.pk).update(n=row.n + 1)


class Migration(migrations.Migration):
    dependencies = [("filing", "0001_initial"), ("workcal", "0010_seed_acl_min_officers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
