"""Major-case filing (重大案件备案审查) and the county's spot checks (抽查), issue 12 items 2 and 7.

`MajorCriterion`: what counts as a major case, per agency (or the county default, agency None), as
effective-dated data with its citation. `Filing`: one per decided case found major; the agency
submits it to the county legal office, which reviews it (同意备案 / 责令纠正). `SpotCheck`: the
county's seeded random draw of agencies and closed cases, and the result recorded per case.
Rows change only through yifa.filing.actions (and the hook in yifa.filing.receivers).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class MajorCriterion(models.Model):
    """The thresholds in force for an agency (None: the county default) from `effective_from`.
    A case is major when any one is met. A change adds a row with a later start; history stays."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体（空为全县默认）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    fine_organisation = models.DecimalField("罚款金额（法人或其他组织）不低于（元）", max_digits=14, decimal_places=2,
                                            null=True, blank=True)
    fine_individual = models.DecimalField("罚款金额（公民）不低于（元）", max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    confiscation_value = models.DecimalField("没收违法所得和非法财物价值不低于（元）", max_digits=14,
                                             decimal_places=2, null=True, blank=True)
    #: Penalty kinds (cases.PenaltyKind codes) that make a case major whatever the amount.
    kinds = models.JSONField("处罚种类", default=list, blank=True)
    citation = models.CharField("依据", max_length=300)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "重大案件标准"
        verbose_name_plural = "重大案件标准"
        ordering: ClassVar[list[str]] = ["agency_id", "-effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "effective_from"], name="major_criterion_unique_start")]

    def __str__(self) -> str:
        return f"重大案件标准 {self.agency_id or '默认'} {self.effective_from}"


class FilingStatus(models.TextChoices):
    PENDING = "pending", "待报送"
    SUBMITTED = "submitted", "已报送待审查"
    ACCEPTED = "accepted", "同意备案"
    CORRECTION = "correction", "责令纠正"


class Filing(models.Model):
    """A major case's filing with the county legal office, due `due` (15 days from the decision)."""

    case = models.OneToOneField("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(MajorCriterion, verbose_name="适用标准", on_delete=models.PROTECT, related_name="+")
    #: Why the case is major: the thresholds it met, in words.
    grounds = models.JSONField("认定理由", default=list)
    decided_on = models.DateField("决定日期")
    due = models.DateField("备案期限", db_index=True)
    due_rule = models.CharField("期限规则", max_length=40)
    status = models.CharField("状态", max_length=12, choices=FilingStatus.choices, default=FilingStatus.PENDING)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    report = models.TextField("报送说明", blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    opinion = models.TextField("审查意见", blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "重大案件备案"
        verbose_name_plural = "重大案件备案"
        ordering: ClassVar[list[str]] = ["due", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "status", "due", "id"], name="filing_agency_status_due"),
            models.Index(fields=["status", "due", "id"], name="filing_status_due")]

    def __str__(self) -> str:
        return f"重大案件备案 {self.pk}"


class FilingStep(StepRecord):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["filing_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.step}"


class SpotCheck(models.Model):
    """The county's random spot check of closed cases: `agencies_n` agencies drawn from those with
    cases closed in the period, then `cases_n` closed cases of each — reproducible from the seed,
    the method and the ordered candidate ids (their SHA-256 is kept)."""

    region = models.ForeignKey("registry.Region", verbose_name="组织区域", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=100)
    closed_from = models.DateField("结案日期自")
    closed_to = models.DateField("结案日期至")
    agencies_n = models.PositiveSmallIntegerField("抽取机关数")
    cases_n = models.PositiveSmallIntegerField("每机关抽取案件数")
    seed = models.CharField("随机种子", max_length=64)
    method = models.CharField("抽取方法", max_length=40)
    candidates_hash = models.CharField("候选案件摘要（SHA-256）", max_length=64)
    candidates = models.PositiveIntegerField("候选案件数")
    drawn_on = models.DateField("抽取日期")
    drawn_by = models.ForeignKey("accounts.User", verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "案卷抽查"
        verbose_name_plural = "案卷抽查"
        ordering: ClassVar[list[str]] = ["-drawn_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CheckResult(models.TextChoices):
    PENDING = "", "待检查"
    SOUND = "sound", "合格"
    FLAWED = "flawed", "存在问题"


class SpotCheckItem(models.Model):
    check_run = models.ForeignKey(SpotCheck, verbose_name="抽查", on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("抽取顺序")
    result = models.CharField("检查结果", max_length=8, choices=CheckResult.choices, blank=True)
    finding = models.TextField("检查意见", blank=True)
    checked_on = models.DateField("检查日期", null=True, blank=True)
    checked_by = models.ForeignKey("accounts.User", verbose_name="检查人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "抽查案件"
        verbose_name_plural = "抽查案件"
        ordering: ClassVar[list[str]] = ["check_run_id", "rank"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["check_run", "case"], name="spot_check_case_once")]

    def __str__(self) -> str:
        return f"{self.check_run_id} {self.case_id}"
