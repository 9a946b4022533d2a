"""Administrative inspections (行政检查) and their records; a finding can become a case."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class InspectionResult(models.TextChoices):
    COMPLIANT = "compliant", "未发现问题"
    CORRECTED = "corrected", "发现问题，责令改正"
    SUSPECTED = "suspected", "涉嫌违法，移交立案"


class InspectionStatus(models.TextChoices):
    RECORDED = "recorded", "已记录"
    CASE_REGISTERED = "case_registered", "已转立案"


class Inspection(models.Model):
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="inspections")
    power = models.ForeignKey("law.PowerItem", verbose_name="检查事项", on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField("检查日期", db_index=True)
    party_name = models.CharField("被检查对象", max_length=100)
    party_code = models.CharField("统一社会信用代码/身份证号码", max_length=18, blank=True)
    place = models.CharField("检查地点", max_length=200)
    officers = models.ManyToManyField("registry.Officer", related_name="inspections")
    findings = models.TextField("检查情况")
    result = models.CharField("检查结果", max_length=10, choices=InspectionResult.choices)
    random_selection = models.BooleanField("“双随机”抽查", default=False)
    case = models.ForeignKey("cases.Case", verbose_name="转立案", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")
    status = models.CharField("状态", max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.RECORDED)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "行政检查记录"
        verbose_name_plural = "行政检查记录"
        ordering: ClassVar[list[str]] = ["-inspected_on", "-id"]
        # The agency's list, newest first (queries.inspection_page): read in this order, no sort.
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "-inspected_on", "-id"], name="inspection_agency_date"),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.party_name}"


class InspectionStep(StepRecord):
    """The inspection's full-process record: one row per step taken on it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["inspection_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.step}"
