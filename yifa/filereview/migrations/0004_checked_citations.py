"""The scoring sheet's and self-inspection rule's citations checked (issue 12).

Every item's APL article (17, 38, 40, 42, 44, 46, 47, 54, 55, 57, 58, 59, 61, 62, 63, 67, 74) was
read in the 2021 text and fits its item. The provincial case-file standard (浙江省一般程序行政处罚案卷
评查标准（试行）) was found only as a garbled reprint, so the items and points stay the county's
configuration and the sheet says so. The yearly self-inspection is the county policy's own rule
(part 四: each unit inspects itself at the end of every year and reports to the county government);
the 31 December date is the county's. Only rows still carrying the seeded citation change."""

import datetime as dt

from django.db import migrations

START = dt.date(2024, 1, 1)
SHEET_OLD = "参照《浙江省行政执法案卷评查标准》（结构：扣分项、否决项、等次）；具体条目为县司法局本地配置，待核对原文"
SHEET_NEW = ("县级设定：条目、分值和等次为县司法局本地配置（省《一般程序行政处罚案卷评查标准（试行）》原文未找到，"
             "未核对）；各条目所引《行政处罚法》（2021年修订）条文已核对")
RULE_OLD = "县司法局年度行政执法自查通知（本地配置：报送期限每年12月31日，另有通知的从其通知）"
RULE_NEW = ("浦江县政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）四：每年年底自查并上报县政府；"
            "报送日12月31日为县级设定，另有通知的从其通知")


def _swap(apps, sheet: tuple[str, str], rule: tuple[str, str]) -> None:
    apps.get_model("filereview", "ScoreSheet").objects.filter(code="ZJ-AJPC", effective_from=START,
                                                               citation=sheet[0]).update(citation=sheet[1])
    apps.get_model("filereview", "SelfInspectionRule").objects.filter(effective_from=START, citation=rule[0]).update(
        citation=rule[1])


def forward(apps, schema_editor):
    _swap(apps, (SHEET_OLD, SHEET_NEW), (RULE_OLD, RULE_NEW))


def backward(apps, schema_editor):
    _swap(apps, (SHEET_NEW, SHEET_OLD), (RULE_NEW, RULE_OLD))


class Migration(migrations.Migration):
    dependencies = [("filereview", "0003_method_length")]
    operations = [migrations.RunPython(forward, backward)]
