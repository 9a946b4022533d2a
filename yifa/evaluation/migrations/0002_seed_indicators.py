"""The indicators (three sets, weights summing to 100) and the grade bands in force from 2021-01-01
(the county policy reposted 2021; the weights are the county's and may change: a new row with its
own effective date, never an edit)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

FROM = dt.date(2021, 1, 1)
POLICY = "浦江县人民政府关于深化和完善行政执法责任制的通知（2005）"

INDICATORS = [
    # code, name, set, kind, weight, citation
    ("DEADLINES", "办案期限遵守率", "general", "deadlines", 15, "行政处罚法第六十条；" + POLICY + "一"),
    ("LEGAL_REVIEW", "重大执法决定法制审核率", "general", "legal_review", 10, "行政处罚法第五十八条"),
    ("PUBLICATION", "执法决定公示及时率", "general", "publication", 10, "行政处罚法第四十八条；" + POLICY + "三"),
    ("CERTIFICATES", "持证执法率", "general", "certificates", 10, "行政处罚法第四十二条"),
    ("TRAINING", "执法人员培训学时达标率", "general", "training", 5, POLICY + "二（五）执法人员培训、资格管理制度"),
    ("COMPLAINTS", "投诉举报按期办结率", "general", "complaints", 10, POLICY + "二（五）举报电话、来信来访制度"),
    ("FILE_REVIEW", "行政执法案卷评查得分", "sector", "file_review", 10, POLICY + "二（五）档案管理制度"),
    ("REVERSAL", "复议诉讼纠错情况", "sector", "reversal", 10, POLICY + "四 错案责任追究"),
    ("PUBLIC", "群众评议得分", "external", "public", 20, POLICY + "四 评议考核"),
]

BANDS = [
    # grade, name, min score, commend, criticise, days to correct
    ("excellent", "优秀", 90, True, False, 0),
    ("good", "良好", 80, False, False, 0),
    ("pass", "合格", 60, False, False, 0),
    ("fail", "不合格", 0, False, True, 60),
]


def seed(apps, schema_editor):
    indicator = apps.get_model("evaluation", "Indicator")
    band = apps.get_model("evaluation", "GradeBand")
    for code, name, kind_set, kind, weight, citation in INDICATORS:
        indicator.objects.get_or_create(code=code, effective_from=FROM, defaults={
            "name": name, "indicator_set": kind_set, "kind": kind, "weight": Decimal(weight), "citation": citation})
    for grade, name, low, commend, criticise, days in BANDS:
        band.objects.get_or_create(grade=grade, effective_from=FROM, defaults={
            "name": name, "min_score": Decimal(low), "commend": commend, "criticise": criticise,
            "correction_days": days, "citation": POLICY + "四 表彰奖励、通报批评并限期改正"})


def unseed(apps, schema_editor):
    apps.get_model("evaluation", "Indicator").objects.filter(effective_from=FROM).delete()
    apps.get_model("evaluation", "GradeBand").objects.filter(effective_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_evaluation_and_plans")]
    operations = [migrations.RunPython(seed, unseed)]
