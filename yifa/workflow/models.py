"""What waits on whom (待办) and who was told (notifications), kept by the workflow core.

A `WorkItem` is one record waiting on one audience for one or more steps: a person
(`user:<id>`), a role of the record's agency (`agency:<id>:<role>`) or a role of a region
(`region:<id>:<role>`). The rows are rewritten by the core in the transaction of every step
(`yifa.workflow.worklist.refresh`), so a to-do list is one indexed read whatever the number of
records: it never asks every procedure which of its records a person could act on now.
"""

from __future__ import annotations

from django.db import models


class WorkItem(models.Model):
    #: The record's model, as "app_label.model_name" (e.g. "cases.case").
    kind = models.CharField("记录类型", max_length=40)
    record_id = models.BigIntegerField("记录")
    audience = models.CharField("办理人", max_length=64)
    #: The agency the record belongs to (scoping and counts), if any.
    agency_id = models.IntegerField("执法主体", null=True, blank=True)
    #: The first step open to the audience (what the item asks for) and all of them.
    step = models.CharField("待办环节", max_length=30)
    steps = models.JSONField("可办环节", default=list)
    title = models.CharField("标题", max_length=200)
    url = models.CharField("链接", max_length=200)
    due = models.DateField("期限", null=True, blank=True)
    since = models.DateTimeField("起始时间")

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        indexes = (
            models.Index(fields=["audience", "due", "id"], name="workitem_audience_due"),
            # The counts by what to do (kind, step; overdue and near by due) read from the index alone.
            models.Index(fields=["audience", "kind", "step", "due"], name="workitem_audience_groups"),
            models.Index(fields=["kind", "record_id"], name="workitem_record"),
        )

    def __str__(self) -> str:
        return f"{self.title} → {self.audience}"


class Notification(models.Model):
    """Something landed on a person's to-do list (read in the app; a hook may also send it on,
    e.g. by SMS: `yifa.workflow.signals.work_arrived`)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("记录类型", max_length=40)
    record_id = models.BigIntegerField("记录")
    step = models.CharField("待办环节", max_length=30)
    title = models.CharField("标题", max_length=200)
    url = models.CharField("链接", max_length=200)
    due = models.DateField("期限", null=True, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        indexes = (models.Index(fields=["user", "read_at", "-id"], name="notification_user_unread"),)

    def __str__(self) -> str:
        return self.title


class DoneItem(models.Model):
    """A step a person took (已办), written with the step; the list is one indexed read."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("记录类型", max_length=40)
    record_id = models.BigIntegerField("记录")
    step = models.CharField("环节", max_length=30)
    title = models.CharField("标题", max_length=200)
    url = models.CharField("链接", max_length=200)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "已办事项"
        verbose_name_plural = "已办事项"
        indexes = (models.Index(fields=["user", "-id"], name="doneitem_user"),)

    def __str__(self) -> str:
        return self.title
