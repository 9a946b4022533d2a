"""The filing period and the default thresholds, their citations checked (issue 12): no provincial or
national text fixing a period for 重大案件备案 or the amounts was found in the sources searched (see
docs/legal-sources.md), while the county policy requires the filing system and leaves its content
to the county's implementing rules — so both are cited as county settings, with the APL 63 text
the amounts refer to. Values are unchanged. A row whose citation was edited locally keeps it."""

from django.db import migrations

POLICY = "浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（重大案件备案审查制度）"
RULE_OLD = POLICY + "；备案期限为县级设定（待核实）"
RULE_NEW = ("县级设定：浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）二（五）要求建立"
            "重大案件备案审查制度，未规定备案期限；15日为县级设定（未找到省级规定原文）")
DEFAULT_OLD = POLICY + "；金额标准参照行政处罚法第六十三条“较大数额”（县级设定，待核实）"
DEFAULT_NEW = ("县级设定：浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）二（五）要求建立"
               "重大案件备案审查制度，未规定标准；金额参照《行政处罚法》（2021年修订）第六十三条第一款第一项、第二项"
               "“较大数额”（该法未定数额），处罚种类参照同款第三项、第四项")


def _swap(apps, old_rule: str, new_rule: str, old_default: str, new_default: str) -> None:
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    changed = DeadlineRule.objects.filter(code="MAJOR_CASE_FILING", citation=old_rule).update(citation=new_rule)
    Criterion = apps.get_model("filing", "MajorCriterion")
    Criterion.objects.filter(agency=None, citation=old_default).update(citation=new_default)
    if changed:  # cached reference data (deadline rules) is re-read by every process
        Version = apps.get_model("workcal", "ReferenceVersion")
        row, _ = Version.objects.get_or_create(pk=1)
        Version.objects.filter(pk=row.pk).update(n=row.n + 1)


def forward(apps, schema_editor):
    _swap(apps, RULE_OLD, RULE_NEW, DEFAULT_OLD, DEFAULT_NEW)


def backward(apps, schema_editor):
    _swap(apps, RULE_NEW, RULE_OLD, DEFAULT_NEW, DEFAULT_OLD)


class Migration(migrations.Migration):
    dependencies = [("filing", "0002_seed_filing_rule_and_default")]
    operations = [migrations.RunPython(forward, backward)]
