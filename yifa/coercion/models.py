"""Administrative coercive measures (行政强制措施): seizure and detention (ACL 18–28)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class MeasureKind(models.TextChoices):
    SEIZURE = "seizure", "查封场所、设施或者财物"
    DETENTION = "detention", "扣押财物"


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", "待批准"
    APPROVED = "approved", "已批准"
    IN_FORCE = "in_force", "实施中"
    RELEASED = "released", "已解除"
    REFUSED = "refused", "不予批准"


class MeasureQuerySet(models.QuerySet["Measure"]):
    def lapsed(self, day: dt.date) -> MeasureQuerySet:
        """Measures still in force after their term ran out (ACL 25): to be released at once
        (ACL 28(1)(4)); no extension is possible any more. For the pages and alerts."""
        return self.filter(status=MeasureStatus.IN_FORCE, ends_on__lt=day)

    def report_overdue(self, now: dt.datetime) -> MeasureQuerySet:
        """Emergency measures not reported to the head within 24 hours of being carried out (ACL 19)."""
        return self.filter(emergency=True, reported_at__isnull=True, report_due_at__lt=now)


class Measure(models.Model):
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="measures")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField("措施种类", max_length=10, choices=MeasureKind.choices)
    status = models.CharField("状态", max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED)
    items = models.TextField("查封、扣押的场所、设施或者财物清单")
    reason = models.TextField("理由和依据")
    party_name = models.CharField("当事人", max_length=100)
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    emergency = models.BooleanField("情况紧急，当场实施", default=False)
    # ACL 19: the 24 hours run from when the measure was carried out, not from its entry in Yifa.
    carried_out_at = models.DateTimeField("实施时间", null=True, blank=True)
    report_due_at = models.DateTimeField("补办批准期限（24小时）", null=True, blank=True, db_index=True)
    report_overdue_at_entry = models.BooleanField("录入时已超过24小时报告期限", default=False)
    reported_at = models.DateTimeField("报告负责人时间", null=True, blank=True)
    started_on = models.DateField("实施日期", null=True, blank=True)
    officers = models.ManyToManyField("registry.Officer", blank=True, related_name="measures")
    av_record = models.ForeignKey("evidence.StoredFile", verbose_name="音像记录", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    ends_on = models.DateField("期限届满日", null=True, blank=True, db_index=True)
    extended = models.BooleanField("已延长", default=False)
    excluded_days = models.PositiveSmallIntegerField("检测检验等不计入天数", default=0)
    released_on = models.DateField("解除日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "行政强制措施"
        verbose_name_plural = "行政强制措施"
        ordering: ClassVar[list[str]] = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party_name}"

    def lapsed_on(self, day: dt.date) -> bool:
        """In force on `day` although its term ended before it (see MeasureQuerySet.lapsed)."""
        return self.status == MeasureStatus.IN_FORCE and self.ends_on is not None and day > self.ends_on


class MeasureStep(StepRecord):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["measure_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.step}"
