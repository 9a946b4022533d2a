"""The indicators' and grade bands' citations checked (issue 12): the county policy's title was
misquoted (it is 《关于进一步深化和完善行政执法责任制工作的若干意见》, 2005-05-30, reposted 2021) and the
deadline indicator pointed at its part 一, which says nothing of deadlines (part 二（五） asks for the
enforcement procedures); the APL articles (42, 48, 58, 60) are those of the 2021 text. Weights and
bands are the county's: part 四 asks it to set the evaluation's content and standards. Only rows
still carrying the seeded citation change."""

import datetime as dt

from django.db import migrations

FROM = dt.date(2021, 1, 1)
OLD = "浦江县人民政府关于深化和完善行政执法责任制的通知（2005）"
NEW = "浦江县政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）"
APL = "行政处罚法（2021年修订）"
INDICATORS = {  # code: (seeded, checked)
    "DEADLINES": ("行政处罚法第六十条；" + OLD + "一", f"{APL}第六十条；{NEW}二（五）行政执法程序"),
    "LEGAL_REVIEW": ("行政处罚法第五十八条", f"{APL}第五十八条"),
    "PUBLICATION": ("行政处罚法第四十八条；" + OLD + "三", f"{APL}第四十八条；{NEW}三 行政执法公示制"),
    "CERTIFICATES": ("行政处罚法第四十二条", f"{APL}第四十二条第一款"),
    "TRAINING": (OLD + "二（五）执法人员培训、资格管理制度", NEW + "二（五）执法人员培训、资格管理制度；权重为县级设定（同件四）"),
    "COMPLAINTS": (OLD + "二（五）举报电话、来信来访制度", NEW + "二（五）举报电话、来信来访制度；权重为县级设定（同件四）"),
    "FILE_REVIEW": (OLD + "二（五）档案管理制度", NEW + "二（五）档案管理制度；权重为县级设定（同件四）"),
    "REVERSAL": (OLD + "四 错案责任追究", NEW + "四 错案责任追究；权重为县级设定"),
    "PUBLIC": (OLD + "四 评议考核", NEW + "四 评议考核；《全面推进依法行政实施纲要》（国发〔2004〕10号）评议考核应当听取公众的意见"),
}
BANDS = (OLD + "四 表彰奖励、通报批评并限期改正", NEW + "四 表彰奖励、通报批评并限期改正；分数线为县级设定")


def _swap(apps, indicators: dict[str, tuple[str, str]], bands: tuple[str, str]) -> None:
    Indicator = apps.get_model("evaluation", "Indicator")
    for code, (old, new) in indicators.items():
        Indicator.objects.filter(code=code, effective_from=FROM, citation=old).update(citation=new)
    apps.get_model("evaluation", "GradeBand").objects.filter(effective_from=FROM, citation=bands[0]).update(
        citation=bands[1])


def forward(apps, schema_editor):
    _swap(apps, INDICATORS, BANDS)


def backward(apps, schema_editor):
    _swap(apps, {c: (new, old) for c, (old, new) in INDICATORS.items()}, (BANDS[1], BANDS[0]))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_seed_indicators")]
    operations = [migrations.RunPython(forward, backward)]
