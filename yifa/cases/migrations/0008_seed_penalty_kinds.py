"""The penalty types of APL 9 with their hearing (APL 63) and legal-review (APL 58) consequences,
the confiscation hearing thresholds (APL 63(1)(2)) and the age limits (APL 30), as effective-dated
data; and the cases' stored types moved from the power catalogue's groups to the types.

Legacy group codes on existing cases are mapped to the type of that group that keeps their hearing
consequence (a licence measure to revocation, a restriction to suspension, a confiscation to gains).
"""

from decimal import Decimal

from django.db import migrations

APL_2021 = "2021-07-15"
APL9 = "行政处罚法第九条第（{}）项"
H = "行政处罚法第六十三条第一款第（{}）项"
REVIEW = "行政处罚法第五十八条；重大执法决定法制审核目录"

# code, name, group, measure, APL 9 item, hearing, hearing item, legal review, transfer only
KINDS = [
    ("warning", "警告", "warning", "", "一", "none", "", "none", False),
    ("criticism", "通报批评", "warning", "", "一", "none", "", "none", False),
    ("fine", "罚款", "fine", "fine", "二", "large", "一", "large", False),
    ("confiscate_gains", "没收违法所得", "confiscation", "gains", "二", "large", "二", "large", False),
    ("confiscate_property", "没收非法财物", "confiscation", "property", "二", "large", "二", "large", False),
    ("licence_suspend", "暂扣许可证件", "licence", "", "三", "always", "五", "always", False),
    ("qualification_lower", "降低资质等级", "licence", "", "三", "always", "三", "always", False),
    ("licence_revoke", "吊销许可证件", "licence", "", "三", "always", "三", "always", False),
    ("business_limit", "限制开展生产经营活动", "restriction", "", "四", "always", "五", "always", False),
    ("suspension", "责令停产停业", "restriction", "", "四", "always", "四", "always", False),
    ("closure", "责令关闭", "restriction", "", "四", "always", "四", "always", False),
    ("practice_ban", "限制从业", "restriction", "", "四", "always", "四", "always", False),
    ("detention", "行政拘留", "detention", "", "五", "none", "", "none", True),
    ("other", "法律、行政法规规定的其他行政处罚", "other", "", "六", "none", "", "none", False),
]

PARAMETERS = [
    ("HEARING_CONFISCATION_INDIVIDUAL", "没收较大数额违法所得、较大价值非法财物（公民）听证标准", "10000", "元",
     "行政处罚法第六十三条第一款第（二）项；省级听证标准（可配置，常见公民1万元）"),
    ("HEARING_CONFISCATION_ORGANISATION", "没收较大数额违法所得、较大价值非法财物（法人或其他组织）听证标准", "100000", "元",
     "行政处罚法第六十三条第一款第（二）项；省级听证标准（可配置，常见法人10万元）"),
    ("AGE_NO_PENALTY", "不予行政处罚的年龄（不满）", "14", "周岁", "行政处罚法第三十条"),
    ("AGE_FULL_RESPONSIBILITY", "应当从轻或者减轻处罚的年龄上限（不满）", "18", "周岁", "行政处罚法第三十条"),
]

LEGACY = {"confiscation": "confiscate_gains", "licence": "licence_revoke", "restriction": "suspension"}


def seed(apps, schema_editor):
    PenaltyKind = apps.get_model("cases", "PenaltyKind")
    for position, (code, name, group, measure, item, hearing, h_item, review, transfer) in enumerate(KINDS):
        PenaltyKind.objects.get_or_create(code=code, effective_from=APL_2021, defaults={
            "name": name, "group": group, "measure": measure, "citation": APL9.format(item), "hearing": hearing,
            "hearing_citation": H.format(h_item) if h_item else "", "legal_review": review,
            "legal_review_citation": REVIEW if review != "none" else "", "transfer_only": transfer,
            "position": position})
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    for code, name, value, unit, citation in PARAMETERS:
        LegalParameter.objects.get_or_create(code=code, effective_from=APL_2021, defaults={
            "name": name, "value": Decimal(value), "unit": unit, "citation": citation})
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.only("pk", "proposed_types", "decided_types").iterator():
        proposed = [LEGACY.get(t, t) for t in case.proposed_types]
        decided = [LEGACY.get(t, t) for t in case.decided_types]
        if (proposed, decided) != (case.proposed_types, case.decided_types):
            Case.objects.filter(pk=case.pk).update(proposed_types=proposed, decided_types=decided)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_penalty_kinds_age_confiscation"), ("workcal", "0007_reference_version")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
