"""Enforcing a penalty decision that was not complied with (行政强制法 35–37, 53–54; 行政处罚法
72–73): the written reminder (催告书) and its period, the party's statement and its answer, then
the agency's own enforcement decision (强制执行决定) or the application to the people's court."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class EnforcementStatus(models.TextChoices):
    OPENED = "opened", "待催告"
    REMINDED = "reminded", "已催告"
    DECIDED = "decided", "已作出强制执行决定"
    APPLIED = "applied", "已申请人民法院强制执行"
    COMPLIED = "complied", "当事人已履行"
    CONCLUDED = "concluded", "执行终结"


class EnforcementMethod(models.TextChoices):
    """The enforcement methods of ACL 12 an agency with the power may decide on."""

    SURCHARGE = "surcharge", "加处罚款或者滞纳金"
    TRANSFER = "transfer", "划拨存款、汇款"
    AUCTION = "auction", "拍卖或者依法处理查封、扣押的场所、设施或者财物"
    RESTORE = "restore", "排除妨碍、恢复原状"
    SUBSTITUTE = "substitute", "代履行"
    OTHER = "other", "其他强制执行方式"


class Enforcement(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT,
                               related_name="enforcements")
    case = models.OneToOneField("cases.Case", verbose_name="行政处罚案件", on_delete=models.PROTECT,
                                related_name="enforcement")
    status = models.CharField("状态", max_length=10, choices=EnforcementStatus.choices,
                              default=EnforcementStatus.OPENED)
    party_name = models.CharField("当事人", max_length=100)
    obligation = models.TextField("应当履行的义务")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    opened_on = models.DateField("立项日期")
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # Stored deadlines (rules and parameters as data; see yifa.enforcement.rules).
    reconsideration_lapses_on = models.DateField("申请行政复议期限届满日")
    lawsuit_lapses_on = models.DateField("提起行政诉讼期限届满日")
    court_until = models.DateField("申请人民法院强制执行期限", db_index=True)
    reminder_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    reminder_due = models.DateField("催告履行期限", null=True, blank=True, db_index=True)
    court_from = models.DateField("可申请人民法院强制执行之日", null=True, blank=True)
    calendar_version = models.CharField("日历版本", max_length=40, blank=True)
    # The party's statement and defence (ACL 36), recorded and answered.
    statement_pending = models.BooleanField("陈述申辩待复核", default=False)
    statement = models.TextField("陈述、申辩", blank=True)
    statement_on = models.DateField("陈述、申辩日期", null=True, blank=True)
    answer = models.TextField("复核意见", blank=True)
    statement_accepted = models.BooleanField("陈述申辩成立", null=True, blank=True)
    # The outcome.
    decided_on = models.DateField("强制执行决定日期", null=True, blank=True)
    method = models.CharField("强制执行方式", max_length=12, choices=EnforcementMethod.choices, blank=True)
    power = models.ForeignKey("law.PowerItem", verbose_name="行政强制执行职权", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField("申请日期", null=True, blank=True)
    court = models.CharField("受理法院", max_length=100, blank=True)
    complied_on = models.DateField("履行日期", null=True, blank=True)
    concluded_on = models.DateField("执行终结日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "行政强制执行"
        verbose_name_plural = "行政强制执行"
        ordering: ClassVar[list[str]] = ["-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "-id"], name="enforcement_agency_id"),
        ]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.obligation[:20]}）"


class EnforcementStep(StepRecord):
    enforcement = models.ForeignKey(Enforcement, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["enforcement_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.enforcement_id} {self.step}"
