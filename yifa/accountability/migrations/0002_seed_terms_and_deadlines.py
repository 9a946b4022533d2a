"""The fault-responsibility catalogue as effective-dated data with citations: the fault types, the
sanctions ladder (with the effect on the enforcement certificate) and the exemptions; and the
inquiry's deadlines as DeadlineRules: decided within one month of opening (30 days), extended once
by 30 days. Idempotent (get_or_create): a database that has them keeps its own edits."""

import datetime as dt

from django.db import migrations

POLICY = "行政执法过错责任追究办法（县人民政府，本地配置）"
START = dt.date(2021, 7, 15)
CERT = "行政执法证件管理办法（省人民政府，本地配置）；" + POLICY
TERMS = [
    ("fault", "facts_unclear", "主要事实不清", 1, "", "行政复议法第六十四条；行政诉讼法第七十条第一项；" + POLICY),
    ("fault", "evidence", "主要证据不足", 2, "", "行政复议法第六十四条；行政诉讼法第七十条第一项；" + POLICY),
    ("fault", "wrong_law", "适用依据错误", 3, "", "行政复议法第六十四条；行政诉讼法第七十条第二项；" + POLICY),
    ("fault", "procedure", "违反法定程序", 4, "", "行政复议法第六十四条；行政诉讼法第七十条第三项；" + POLICY),
    ("fault", "exceed", "超越职权", 5, "", "行政复议法第六十四条；行政诉讼法第七十条第四项；" + POLICY),
    ("fault", "abuse", "滥用职权", 6, "", "行政复议法第六十四条；行政诉讼法第七十条第五项；" + POLICY),
    ("fault", "improper", "明显不当", 7, "", "行政复议法第六十四条；行政诉讼法第七十条第六项；" + POLICY),
    ("fault", "inaction", "不履行或者拖延履行法定职责", 8, "", "行政复议法第六十六条；行政诉讼法第七十二条；" + POLICY),
    ("sanction", "criticism", "批评教育", 1, "", POLICY),
    ("sanction", "self_review", "责令书面检查", 2, "", POLICY),
    ("sanction", "circular", "通报批评", 3, "", POLICY),
    ("sanction", "suspend", "暂扣执法证", 4, "suspended", CERT),
    ("sanction", "reassign", "调离执法岗位", 5, "", POLICY),
    ("sanction", "revoke", "吊销执法证", 6, "revoked", CERT),
    ("sanction", "refer", "移送任免机关或监察机关处理（政务处分）", 7, "",
     "中华人民共和国公职人员政务处分法；行政机关公务员处分条例；" + POLICY),
    ("exemption", "unclear_law", "法律、法规、规章规定不明确，执法人员理解有偏差", 1, "", POLICY),
    ("exemption", "party_deceit", "当事人隐瞒事实、提供虚假材料，执法人员尽职仍无法发现", 2, "", POLICY),
    ("exemption", "superior_order", "执行上级决定和命令，已提出改正意见", 3, "", "中华人民共和国公务员法第六十条；" + POLICY),
    ("exemption", "force_majeure", "因不可抗力等客观原因", 4, "", POLICY),
]
RULES = [
    {"code": "ACC_DECIDE", "name": "过错责任追究：立项后作出决定（一个月）", "count": 30, "unit": "calendar",
     "trigger": "立项之日", "citation": POLICY, "effective_from": START},
    {"code": "ACC_EXTEND", "name": "过错责任追究：延长办理期限（一次）", "count": 30, "unit": "calendar",
     "trigger": "原办理期限届满之日", "citation": POLICY, "effective_from": START},
]


def seed(apps, schema_editor):
    Term = apps.get_model("accountability", "Term")
    for kind, code, name, rank, certificate, citation in TERMS:
        Term.objects.get_or_create(kind=kind, code=code, effective_from=START, defaults={
            "name": name, "rank": rank, "certificate": certificate, "citation": citation})
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.get_or_create(code=row["code"], effective_from=row["effective_from"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_remedies_and_inquiries"), ("workcal", "0010_seed_acl_min_officers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
