"""Alerts (预警) raised by the sweep over every procedure's stored dates, and supervision notices
(督办) a supervisor sends about an alert. Rows change only through yifa.supervision.sweep (the
sweep: creates, refreshes and resolves alerts) and yifa.supervision.actions (the steps, declared in
yifa.supervision.procedure on the workflow core).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class Severity(models.TextChoices):
    YELLOW = "yellow", "黄色预警"
    RED = "red", "红色预警"


class AlertStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACKNOWLEDGED = "acknowledged", "已确认"
    RESOLVED = "resolved", "已解除"
    DISMISSED = "dismissed", "已排除"


#: Statuses in which an alert still asks for attention (and the sweep may resolve it).
ACTIVE = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class Alert(models.Model):
    """One rule firing on one record. Unique per (rule, record): the sweep re-running (or running
    on several workers at once) finds the row and creates nothing; a resolved alert whose
    condition holds again is opened again; a dismissed one stays dismissed."""

    rule = models.CharField("预警规则", max_length=40)
    rule_version = models.PositiveSmallIntegerField("规则版本", default=1)
    rule_effective_from = models.DateField("规则施行日期")
    citation = models.CharField("依据", max_length=200)
    severity = models.CharField("等级", max_length=8, choices=Severity.choices)
    record_type = models.CharField("对象类型", max_length=40)  # a model label, e.g. "cases.Case"
    record_id = models.PositiveBigIntegerField("对象ID")
    agency = models.ForeignKey("registry.Agency", verbose_name="责任主体", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.Unit", verbose_name="责任机构", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    #: The person responsible (the case's creator, the application's handler …); None: the agency.
    person_id = models.PositiveIntegerField("责任人", null=True, blank=True)
    evidence = models.JSONField("触发事实", default=dict)
    first_seen = models.DateTimeField("首次发现")
    last_seen = models.DateTimeField("最近发现")
    due = models.DateField("期限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    dismiss_reason = models.TextField("排除理由", blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering: ClassVar[list[str]] = ["-last_seen", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["rule", "record_type", "record_id"], name="alert_once_per_rule_record")]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "status", "due", "id"], name="alert_agency_status_due"),
            # The sweep's open alerts of a rule, their record ids read from the index alone.
            models.Index(fields=["rule", "status", "record_type", "record_id"], name="alert_rule_status_record"),
            models.Index(fields=["status", "due", "id"], name="alert_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.record_type}#{self.record_id}"


class AlertStep(StepRecord):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["alert_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.step}"


class NoticeStatus(models.TextChoices):
    SENT = "sent", "已督办"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class Notice(models.Model):
    """A supervision notice (督办通知): sent by the legal office about an alert to its agency, with a
    deadline for the answer."""

    alert = models.ForeignKey(Alert, verbose_name="预警", on_delete=models.PROTECT, related_name="notices")
    agency = models.ForeignKey("registry.Agency", verbose_name="被督办机关", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("督办事项")
    sent_on = models.DateField("督办日期")
    due = models.DateField("答复期限", db_index=True)
    sent_by = models.ForeignKey("accounts.User", verbose_name="督办人", on_delete=models.PROTECT, related_name="+")
    answer = models.TextField("答复内容", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.SENT)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "督办通知"
        verbose_name_plural = "督办通知"
        ordering: ClassVar[list[str]] = ["due", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "status", "due", "id"], name="notice_agency_status_due")]

    def __str__(self) -> str:
        return f"督办 {self.pk}"


class NoticeStep(StepRecord):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["notice_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.step}"


class SweepRun(models.Model):
    """One run of the sweep and what it changed (its audit event is about this row)."""

    started_at = models.DateTimeField("开始时间")
    day = models.DateField("扫描日期")
    created = models.PositiveIntegerField("新增", default=0)
    reopened = models.PositiveIntegerField("重新打开", default=0)
    resolved = models.PositiveIntegerField("自动解除", default=0)
    firing = models.PositiveIntegerField("触发总数", default=0)

    class Meta:
        verbose_name = "预警扫描"
        verbose_name_plural = "预警扫描"

    def __str__(self) -> str:
        return f"sweep {self.day}"


class RuleMark(models.Model):
    """The mark of what a rule's result depends on (yifa.supervision.rules.Rule.mark) when the sweep
    last ran it: the same mark again, the rule is not run and its alerts stand."""

    rule = models.CharField("预警规则", max_length=40, unique=True)
    mark = models.CharField("数据标记", max_length=300)
    at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "预警规则数据标记"
        verbose_name_plural = "预警规则数据标记"

    def __str__(self) -> str:
        return f"{self.rule} {self.mark}"
