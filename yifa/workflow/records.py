"""The full-process record every procedure keeps (its `StepLog`): one row per step taken, with
the statuses it moved between, when and on which date, who took it, and what was decided."""

from __future__ import annotations

from django.db import models


class StepRecord(models.Model):
    """A procedure's step-record model adds the key to its record and its Meta (ordering)."""

    step = models.CharField("环节", max_length=30)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    at = models.DateTimeField("时间")
    on_date = models.DateField("办理日期", null=True, blank=True)
    #: None where the system acts (e.g. a sweep that deems an application accepted).
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("意见/说明", blank=True)
    data = models.JSONField("记录内容", default=dict, blank=True)

    class Meta:
        abstract = True
