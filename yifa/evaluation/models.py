"""Evaluation (评议考核, issue 12 item 6) and implementation plans (实施方案, item 4).

Indicators and grade bands are effective-dated data with citations (seeded by a data migration);
an evaluation cycle (year, region) holds one result per agency, computed from Yifa's own records
(yifa.evaluation.indicators) — never from fine amounts (tests/test_fines_not_indicators.py). Rows
change only through yifa.evaluation.actions (steps declared in yifa.evaluation.procedure).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class IndicatorKind(models.TextChoices):
    DEADLINES = "deadlines", "办案期限遵守率"
    LEGAL_REVIEW = "legal_review", "法制审核率"
    PUBLICATION = "publication", "公示及时率"
    FILE_REVIEW = "file_review", "案卷评查得分"
    REVERSAL = "reversal", "复议诉讼纠错率"
    COMPLAINTS = "complaints", "投诉按期办结率"
    CERTIFICATES = "certificates", "持证执法率"
    TRAINING = "training", "培训学时达标率"
    PUBLIC = "public", "群众评议得分"
    MANUAL = "manual", "人工评分"


#: Kinds scored by hand (per cycle and agency) while Yifa keeps no records they could be computed from.
MANUAL_KINDS = frozenset({IndicatorKind.FILE_REVIEW, IndicatorKind.REVERSAL, IndicatorKind.MANUAL})


class IndicatorSet(models.TextChoices):
    GENERAL = "general", "共性指标"
    SECTOR = "sector", "个性指标"
    EXTERNAL = "external", "外部评价"


class Indicator(models.Model):
    """One indicator as in force from `effective_from` (to `effective_to`, inclusive): a new
    weight is a new row, so that a past cycle keeps the formula it was computed with."""

    code = models.CharField("指标代码", max_length=30)
    name = models.CharField("指标名称", max_length=100)
    indicator_set = models.CharField("指标类别", max_length=10, choices=IndicatorSet.choices)
    kind = models.CharField("计算方式", max_length=14, choices=IndicatorKind.choices)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    #: The target the measure is scored against (e.g. 40 training hours a year); None: a rate.
    target = models.DecimalField("目标值", max_digits=7, decimal_places=2, null=True, blank=True)
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering: ClassVar[list[str]] = ["code", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="indicator_code_from")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GradeBand(models.Model):
    """A grade (优秀 / 良好 / 合格 / 不合格) from `min_score` up, effective-dated; whether the grade
    earns a commendation or a criticism with a correction deadline."""

    grade = models.CharField("等次代码", max_length=20)
    name = models.CharField("等次", max_length=20)
    min_score = models.DecimalField("最低分", max_digits=5, decimal_places=2)
    commend = models.BooleanField("通报表扬", default=False)
    criticise = models.BooleanField("通报批评", default=False)
    correction_days = models.PositiveSmallIntegerField("整改期限（日）", default=0)
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "考核等次"
        verbose_name_plural = "考核等次"
        ordering: ClassVar[list[str]] = ["-min_score", "grade"]

    def __str__(self) -> str:
        return self.name


class CycleStatus(models.TextChoices):
    COMPUTED = "computed", "已测算"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已通报"


class Cycle(models.Model):
    """A yearly evaluation of a region's agencies: computed, approved, published as a circular."""

    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey("registry.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField("测算基准日")
    status = models.CharField("状态", max_length=10, choices=CycleStatus.choices, default=CycleStatus.COMPUTED)
    circular_title = models.CharField("通报标题", max_length=200, blank=True)
    circular_text = models.TextField("通报正文", blank=True)
    published_on = models.DateField("通报日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "评议考核"
        verbose_name_plural = "评议考核"
        ordering: ClassVar[list[str]] = ["-year", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["year", "region"], name="evaluation_cycle_year_region")]

    def __str__(self) -> str:
        return f"{self.year}年度行政执法责任制评议考核"


class CycleStep(StepRecord):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["cycle_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.step}"


class ManualScore(models.Model):
    """A score given by hand (file review, reversal rate, other manual indicators), 0–100."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="manual_scores")
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    indicator_code = models.CharField("指标代码", max_length=30)
    value = models.DecimalField("得分", max_digits=5, decimal_places=2)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["cycle", "agency", "indicator_code"], name="manual_score_once")]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.value}"


class Result(models.Model):
    """An agency's result in a cycle: the score, its rank, its grade and each indicator's part."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="results")
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("总分", max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField("名次")
    grade = models.CharField("等次代码", max_length=20)
    grade_name = models.CharField("等次", max_length=20)
    breakdown = models.JSONField("分项", default=list)

    class Meta:
        ordering: ClassVar[list[str]] = ["cycle_id", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="result_once_per_agency")]

    def __str__(self) -> str:
        return f"{self.position}. {self.total}"


class Commendation(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="commendations")
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("表扬内容")

    def __str__(self) -> str:
        return self.text[:30]


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "待整改"
    ANSWERED = "answered", "已报整改情况"
    CLOSED = "closed", "整改完成"


class Correction(models.Model):
    """Criticism with a deadline to correct (通报批评，限期改正), on the agency head's to-do list."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="corrections")
    agency = models.ForeignKey("registry.Agency", verbose_name="被批评单位", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("批评及整改要求")
    due = models.DateField("整改期限", db_index=True)
    report = models.TextField("整改情况", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    closed_on = models.DateField("完成日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "限期整改"
        verbose_name_plural = "限期整改"
        ordering: ClassVar[list[str]] = ["due", "id"]

    def __str__(self) -> str:
        return f"整改 {self.pk}"


class CorrectionStep(StepRecord):
    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["correction_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.correction_id} {self.step}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    SUBMITTED = "submitted", "已报送"
    FILED = "filed", "已备案"
    RETURNED = "returned", "退回修改"


#: The seven parts of a plan, as the county's policy lists them (seed/000_…, 二).
PLAN_PARTS: tuple[tuple[str, str], ...] = (
    ("organisation", "组织领导、具体任务和工作步骤"),
    ("powers", "行政执法权限、执法人员职责权限、工作目标及勤政廉政要求"),
    ("unit_assessment", "内设执法机构和执法人员职责、目标及完成情况考核办法"),
    ("team", "执法人员的责任及队伍建设措施"),
    ("procedures", "行政执法程序和工作制度"),
    ("supervision", "行政执法监督制度"),
    ("rewards", "考核奖惩办法"),
)
#: Where a plan is filed (报县政府，抄送县政府法制办公室、县机关效能建设工作联席会议办公室备案).
FILED_WITH = ("县人民政府", "县政府法制办公室", "县机关效能建设工作联席会议办公室")
PLAN_CITATION = "浦江县人民政府关于深化和完善行政执法责任制的通知（2005）二"


class Plan(models.Model):
    """An agency's implementation plan (实施方案) for a year: its versions, submitted and filed."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "实施方案"
        verbose_name_plural = "实施方案"
        ordering: ClassVar[list[str]] = ["-year", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "year"], name="plan_once_per_agency_year")]

    def __str__(self) -> str:
        return f"{self.year}年度行政执法责任制实施方案"


class PlanVersion(models.Model):
    """One text of the plan (its seven parts); a returned plan is revised as a new version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="texts")
    number = models.PositiveSmallIntegerField("版本号")
    parts = models.JSONField("内容")
    written_at = models.DateTimeField("编写时间")
    written_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["plan_id", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")]

    def __str__(self) -> str:
        return f"v{self.number}"


class PlanStep(StepRecord):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["plan_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.step}"
