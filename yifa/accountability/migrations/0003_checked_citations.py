"""The fault-responsibility catalogue's citations checked against the texts (issue 12).

- Fault types: the 2021 rows cited 行政复议法第六十四条/第六十六条, articles of the 2023 revision (in
  force 2024-01-01). Before that the 2017 text's 第二十八条 applied, so the 2021 rows now cite it and
  end on 2023-12-31, and rows from 2024-01-01 cite the 2023 articles; “明显不当” is a ground for
  变更 there (第六十三条第一款第一项 “内容不适当”), not 第六十四条. 行政诉讼法 is the 2017 text.
- Sanctions and exemptions: the articles of 政务处分法, 行政机关公务员处分条例 and 公务员法 are added; the
  ladder itself, the exemptions and the inquiry's deadlines are county settings: the county
  policy (part 四) requires each unit's 错案责任追究制度 (scope and procedure) without fixing them.
- The certificate measures cite the provincial certificate rules, whose text was not found.
A row whose citation was edited locally keeps it (only rows still carrying the seeded text change).
"""

import datetime as dt

from django.db import migrations

START = dt.date(2021, 7, 15)
REVISED = dt.date(2024, 1, 1)  # 行政复议法 (2023年修订) in force
OLD_POLICY = "行政执法过错责任追究办法（县人民政府，本地配置）"
POLICY = "县级设定：浦江县政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）四（错案责任追究制度由各单位制定）"
OLD_CERT = "行政执法证件管理办法（省人民政府，本地配置）；" + OLD_POLICY
CERT = "浙江省行政执法证件管理规定（未找到原文，未核对）；" + POLICY
APL_OLD = "行政复议法第六十四条；"
LIT = "行政诉讼法（2017年修正）"
RC17 = "行政复议法（2017年修正）第二十八条第一款"
RC23 = "行政复议法（2023年修订）"
# code: (seeded citation, 2021-07-15 .. 2023-12-31, from 2024-01-01)
FAULTS = {
    "facts_unclear": ("行政复议法第六十四条；行政诉讼法第七十条第一项；", f"{RC17}第三项第1目；{LIT}第七十条第一项；",
                      f"{RC23}第六十四条第一款第一项；{LIT}第七十条第一项；"),
    "evidence": ("行政复议法第六十四条；行政诉讼法第七十条第一项；", f"{RC17}第三项第1目；{LIT}第七十条第一项；",
                 f"{RC23}第六十四条第一款第一项；{LIT}第七十条第一项；"),
    "wrong_law": ("行政复议法第六十四条；行政诉讼法第七十条第二项；", f"{RC17}第三项第2目；{LIT}第七十条第二项；",
                  f"{RC23}第六十四条第一款第三项；{LIT}第七十条第二项；"),
    "procedure": ("行政复议法第六十四条；行政诉讼法第七十条第三项；", f"{RC17}第三项第3目；{LIT}第七十条第三项；",
                  f"{RC23}第六十四条第一款第二项；{LIT}第七十条第三项；"),
    "exceed": ("行政复议法第六十四条；行政诉讼法第七十条第四项；", f"{RC17}第三项第4目；{LIT}第七十条第四项；",
               f"{RC23}第六十四条第一款第四项；{LIT}第七十条第四项；"),
    "abuse": ("行政复议法第六十四条；行政诉讼法第七十条第五项；", f"{RC17}第三项第4目；{LIT}第七十条第五项；",
              f"{RC23}第六十四条第一款第四项；{LIT}第七十条第五项；"),
    "improper": ("行政复议法第六十四条；行政诉讼法第七十条第六项；", f"{RC17}第三项第5目；{LIT}第七十条第六项；",
                 f"{RC23}第六十三条第一款第一项；{LIT}第七十条第六项、第七十七条；"),
    "inaction": ("行政复议法第六十六条；行政诉讼法第七十二条；", f"{RC17}第二项；{LIT}第七十二条；",
                 f"{RC23}第六十六条；{LIT}第七十二条；"),
}
OTHERS = {  # (kind, code): (seeded citation, checked citation); same period
    ("sanction", "criticism"): (OLD_POLICY, POLICY),
    ("sanction", "self_review"): (OLD_POLICY, POLICY),
    ("sanction", "circular"): (OLD_POLICY, POLICY),
    ("sanction", "suspend"): (OLD_CERT, CERT),
    ("sanction", "reassign"): (OLD_POLICY, POLICY),
    ("sanction", "revoke"): (OLD_CERT, CERT),
    ("sanction", "refer"): ("中华人民共和国公职人员政务处分法；行政机关公务员处分条例；" + OLD_POLICY,
                            "公职人员政务处分法第三条、第七条；行政机关公务员处分条例第六条；" + POLICY),
    ("exemption", "unclear_law"): (OLD_POLICY, POLICY),
    ("exemption", "party_deceit"): (OLD_POLICY, POLICY),
    ("exemption", "superior_order"): ("中华人民共和国公务员法第六十条；" + OLD_POLICY,
                                      "公务员法（2018年修订）第六十条；" + POLICY),
    ("exemption", "force_majeure"): (OLD_POLICY, POLICY),
}
RULES = ("ACC_DECIDE", "ACC_EXTEND")


def forward(apps, schema_editor):
    Term = apps.get_model("accountability", "Term")
    for code, (seeded, until_2023, from_2024) in FAULTS.items():
        row = Term.objects.filter(kind="fault", code=code, effective_from=START, citation=seeded + OLD_POLICY).first()
        if row is None:
            continue  # edited locally: left as it is
        Term.objects.filter(pk=row.pk).update(citation=until_2023 + POLICY, effective_to=REVISED - dt.timedelta(days=1))
        Term.objects.get_or_create(kind="fault", code=code, effective_from=REVISED, defaults={
            "name": row.name, "rank": row.rank, "certificate": row.certificate, "citation": from_2024 + POLICY})
    for (kind, code), (seeded, checked) in OTHERS.items():
        Term.objects.filter(kind=kind, code=code, effective_from=START, citation=seeded).update(citation=checked)
    DeadlineRule = apps.get_model("workcal", "DeadlineRule")
    if DeadlineRule.objects.filter(code__in=RULES, citation=OLD_POLICY).update(citation=POLICY):
        Version = apps.get_model("workcal", "ReferenceVersion")  # processes re-read cached deadline rules
        row, _ = Version.objects.get_or_create(pk=1)
        Version.objects.filter(pk=row.pk).update(n=row.n + 1)


def backward(apps, schema_editor):
    Term = apps.get_model("accountability", "Term")
    for code, (seeded, until_2023, from_2024) in FAULTS.items():
        Term.objects.filter(kind="fault", code=code, effective_from=REVISED, citation=from_2024 + POLICY).delete()
        Term.objects.filter(kind="fault", code=code, effective_from=START, citation=until_2023 + POLICY).update(
            citation=seeded + OLD_POLICY, effective_to=None)
    for (kind, code), (seeded, checked) in OTHERS.items():
        Term.objects.filter(kind=kind, code=code, effective_from=START, citation=checked).update(citation=seeded)
    apps.get_model("workcal", "DeadlineRule").objects.filter(code__in=RULES, citation=POLICY).update(citation=OLD_POLICY)


class Migration(migrations.Migration):
    dependencies = [("accountability", "0002_seed_terms_and_deadlines"), ("workcal", "0010_seed_acl_min_officers")]
    operations = [migrations.RunPython(forward, backward)]
