"""The alert parameters' citations checked (issue 12). 国办发〔2018〕118号 sets the publication period
as 7 working days from the decision (licensing and penalty decisions; other decisions 20): that
period itself is DISCLOSURE_PUBLISH (working days, from the decision); SUP_PUBLISH_DAYS is only the
alert's threshold counted in calendar days from service, so its citation now says so. The other
thresholds are the county's supervision settings, which the county policy leaves to the county.
Values are unchanged; a row whose citation was edited locally keeps it."""

from django.db import migrations

LOCAL_OLD = "县司法局行政执法监督预警规则（本地配置）"
LOCAL_NEW = ("县级设定：浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（2005年）二（六）、四"
             "（行政执法监督制度、监督检查，未规定预警阈值）")
PUBLISH_OLD = "行政处罚法第四十八条；国办发〔2018〕118号（执法决定信息7个工作日内公开）"
PUBLISH_NEW = ("《行政处罚法》（2021年修订）第四十八条；国办发〔2018〕118号：行政处罚决定信息自作出之日起7个工作日内公开"
               "（该期限见 DISCLOSURE_PUBLISH）；本值为送达后按自然日计的预警阈值，县级设定")
NAMES = {"SUP_PUBLISH_DAYS": ("行政处罚决定公开期限（自送达起）", "预警：送达后未公开的天数（自然日）")}


def _swap(apps, old_local: str, new_local: str, old_publish: str, new_publish: str, names: dict[str, str]) -> None:
    LegalParameter = apps.get_model("workcal", "LegalParameter")
    LegalParameter.objects.filter(code__startswith="SUP_", citation=old_local).update(citation=new_local)
    for code, name in names.items():
        LegalParameter.objects.filter(code=code, citation=old_publish).update(citation=new_publish, name=name)
    Version = apps.get_model("workcal", "ReferenceVersion")  # processes re-read cached reference data
    row, _ = Version.objects.get_or_create(pk=1)
    Version.objects.filter(pk=row.pk).update(n=row.n + 1)


def forward(apps, schema_editor):
    _swap(apps, LOCAL_OLD, LOCAL_NEW, PUBLISH_OLD, PUBLISH_NEW, {c: new for c, (_, new) in NAMES.items()})


def backward(apps, schema_editor):
    _swap(apps, LOCAL_NEW, LOCAL_OLD, PUBLISH_NEW, PUBLISH_OLD, {c: old for c, (old, _) in NAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_seed_alert_parameters")]
    operations = [migrations.RunPython(forward, backward)]
