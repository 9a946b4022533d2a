"""The scoring sheet (评查标准), its grade bands and the self-inspection rule, as data. Idempotent.

SOURCE NOTE: modelled on the structure of 浙江省行政执法案卷评查标准 (items with points, veto items,
grade bands). The item texts and points below are a LOCAL CONFIGURATION drafted for this county,
NOT a verbatim copy of the provincial standard: the legal office must check them against the
standard in force and, if they differ, add a new sheet with a later effective date.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

START = dt.date(2024, 1, 1)
SHEET = {"code": "ZJ-AJPC", "name": "行政处罚案卷评查标准（县本地配置）", "effective_from": START,
         "citation": "参照《浙江省行政执法案卷评查标准》（结构：扣分项、否决项、等次）；具体条目为县司法局本地配置，待核对原文",
         "note": "条目与分值非省标准原文，系依据行政处罚法相关条款整理的本地配置。"}
ITEMS = [
    ("V1", "执法主体不合法或超越法定职权", 0, True, "行政处罚法第十七条、第三十八条（无效）"),
    ("V2", "主要事实不清、证据不足", 0, True, "行政处罚法第四十条"),
    ("V3", "适用法律依据错误", 0, True, "行政处罚法第三十八条、第四十条"),
    ("V4", "未告知或剥夺当事人陈述、申辩、听证权利", 0, True, "行政处罚法第四十四条、第六十二条、第六十三条"),
    ("I1", "立案审批手续完备、及时", 5, False, "行政处罚法第五十四条"),
    ("I2", "执法人员不少于两人且持有执法证件", 10, False, "行政处罚法第四十二条"),
    ("I3", "证据收集合法、充分，证据目录完整", 15, False, "行政处罚法第四十六条、第五十五条"),
    ("I4", "调查询问、现场检查笔录规范", 10, False, "行政处罚法第五十五条"),
    ("I5", "事先告知书内容完整、送达合法", 10, False, "行政处罚法第四十四条"),
    ("I6", "法制审核、集体讨论（重大案件）", 10, False, "行政处罚法第五十七条、第五十八条"),
    ("I7", "处罚决定书要素齐全、说理充分", 15, False, "行政处罚法第五十九条"),
    ("I8", "送达合法、及时", 10, False, "行政处罚法第六十一条"),
    ("I9", "罚缴分离、罚没款执行规范", 5, False, "行政处罚法第六十七条、第七十四条"),
    ("I10", "案卷材料齐全、装订归档规范", 10, False, "行政处罚法第四十七条（全过程记录、立卷归档）"),
]
BANDS = [("优秀", 90, True), ("良好", 80, True), ("合格", 60, True), ("不合格", 0, False)]
CHECKLIST = [
    {"code": "S1", "text": "执法主体、执法人员资格清理及持证情况"},
    {"code": "S2", "text": "权责清单（行政执法事项）执行情况"},
    {"code": "S3", "text": "行政执法公示、全过程记录、重大执法决定法制审核制度落实情况"},
    {"code": "S4", "text": "本机关案卷质量自评情况"},
    {"code": "S5", "text": "罚缴分离、罚没款管理情况"},
    {"code": "S6", "text": "投诉举报、行政复议诉讼纠错情况"},
    {"code": "S7", "text": "上年度评查、督办发现问题的整改情况"},
]
RULE = {"effective_from": START, "due_month": 12, "due_day": 31, "checklist": CHECKLIST,
        "citation": "县司法局年度行政执法自查通知（本地配置：报送期限每年12月31日，另有通知的从其通知）"}


def seed(apps, schema_editor):
    ScoreSheet = apps.get_model("filereview", "ScoreSheet")
    SheetItem = apps.get_model("filereview", "SheetItem")
    GradeBand = apps.get_model("filereview", "GradeBand")
    SelfInspectionRule = apps.get_model("filereview", "SelfInspectionRule")
    sheet, created = ScoreSheet.objects.get_or_create(code=SHEET["code"], effective_from=START, defaults=SHEET)
    if created:
        for position, (code, text, points, veto, citation) in enumerate(ITEMS, 1):
            SheetItem.objects.create(sheet=sheet, position=position, code=code, text=text, max_points=Decimal(points),
                                     veto=veto, citation=citation)
        for name, minimum, passes in BANDS:
            GradeBand.objects.create(sheet=sheet, name=name, min_score=Decimal(minimum), passes=passes)
    SelfInspectionRule.objects.get_or_create(effective_from=START, defaults=RULE)


class Migration(migrations.Migration):
    dependencies = [("filereview", "0001_review_and_self_inspection")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
