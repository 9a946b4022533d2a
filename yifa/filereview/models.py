"""Case-file review (案卷评查) and year-end self-inspection (自查), issue 12 items 3 and 5.

Scoring sheets, their items and grade bands are effective-dated data with citations (seeded by a
data migration). A review round samples closed/archived cases per agency (seed and method kept) and
assigns each to a reviewer of another agency; each FileReview then runs assigned → scored →
confirmed on the workflow core (yifa.filereview.procedure). A SelfInspection is an agency's year-end
report: due → submitted → accepted.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class ScoreSheet(models.Model):
    """A scoring sheet (评查标准), in force from `effective_from` until the next one's."""

    code = models.CharField("编号", max_length=40)
    name = models.CharField("名称", max_length=200)
    effective_from = models.DateField("施行日期")
    citation = models.CharField("依据", max_length=300)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "评查标准"
        verbose_name_plural = "评查标准"
        ordering: ClassVar[list[str]] = ["-effective_from", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="scoresheet_code_from")]

    def __str__(self) -> str:
        return self.name


class SheetItem(models.Model):
    """One item: deduct up to `max_points`; a veto item (否决项) fails the file outright."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    code = models.CharField("编号", max_length=20)
    text = models.CharField("评查内容", max_length=300)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=1, default=0)
    veto = models.BooleanField("否决项", default=False)
    citation = models.CharField("依据/说明", max_length=300)

    class Meta:
        ordering: ClassVar[list[str]] = ["sheet_id", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["sheet", "code"], name="sheetitem_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class GradeBand(models.Model):
    """A grade (优秀/良好/合格/不合格): a file (or unit) scoring at least `min_score` gets it."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField("等次", max_length=20)
    min_score = models.DecimalField("最低分", max_digits=5, decimal_places=1)
    passes = models.BooleanField("合格", default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["sheet_id", "-min_score"]

    def __str__(self) -> str:
        return self.name


class ReviewRound(models.Model):
    """A review round (评查活动) the county legal office runs over its region's agencies."""

    region = models.ForeignKey("registry.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=200)
    sheet = models.ForeignKey(ScoreSheet, verbose_name="评查标准", on_delete=models.PROTECT, related_name="+")
    closed_from = models.DateField("结案起")
    closed_to = models.DateField("结案止")
    count = models.PositiveSmallIntegerField("每机关抽取件数", null=True, blank=True)
    ratio = models.DecimalField("抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    seed = models.CharField("随机种子", max_length=64)
    method = models.CharField("抽取方法", max_length=200)
    #: Per agency: the candidate ids' hash and the ids drawn; the reviewer pool's hash.
    draw = models.JSONField("抽取记录", default=dict)
    created_by = models.ForeignKey("accounts.User", verbose_name="组织人", on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField("创建日期")

    class Meta:
        verbose_name = "评查活动"
        verbose_name_plural = "评查活动"
        ordering: ClassVar[list[str]] = ["-created_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", "待评查"
    SCORED = "scored", "已评分"
    CONFIRMED = "confirmed", "已确认"


class FileReview(models.Model):
    """One sampled case file, its reviewer (of another agency) and its score."""

    round = models.ForeignKey(ReviewRound, verbose_name="评查活动", on_delete=models.PROTECT, related_name="files")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", verbose_name="被评查机关", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("registry.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey("accounts.User", verbose_name="评查人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED)
    #: item code → {"deduct": "2.0", "veto": bool, "reason": str}
    marks = models.JSONField("评分", default=dict, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField("否决", default=False)
    grade = models.CharField("等次", max_length=20, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        ordering: ClassVar[list[str]] = ["round_id", "agency_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["round", "case"], name="filereview_once_per_round")]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["reviewer", "status"], name="filereview_reviewer")]

    def __str__(self) -> str:
        return f"评查 {self.case_id}"


class FileReviewStep(StepRecord):
    review = models.ForeignKey(FileReview, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["review_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.step}"


class SelfInspectionRule(models.Model):
    """What a year-end self-inspection covers and when it is due (effective-dated, with citation)."""

    effective_from = models.DateField("施行日期", unique=True)
    due_month = models.PositiveSmallIntegerField("报送月")
    due_day = models.PositiveSmallIntegerField("报送日")
    #: [{"code": ..., "text": ...}, …]
    checklist = models.JSONField("自查事项")
    citation = models.CharField("依据", max_length=300)

    class Meta:
        verbose_name = "自查要求"
        verbose_name_plural = "自查要求"
        ordering: ClassVar[list[str]] = ["-effective_from"]

    def __str__(self) -> str:
        return f"自查要求 {self.effective_from}"


class InspectionStatus(models.TextChoices):
    DUE = "due", "待报送"
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "已验收"


class SelfInspection(models.Model):
    """An agency's year-end self-inspection report (自查报告)."""

    agency = models.ForeignKey("registry.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    due = models.DateField("报送期限")
    checklist = models.JSONField("自查事项")
    citation = models.CharField("依据", max_length=300)
    report = models.TextField("自查报告", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.DUE)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "年度自查"
        verbose_name_plural = "年度自查"
        ordering: ClassVar[list[str]] = ["-year", "agency_id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "year"], name="selfinspection_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年度自查"


class SelfInspectionStep(StepRecord):
    inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["inspection_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.step}"
