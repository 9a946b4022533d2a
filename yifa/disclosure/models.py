"""The public record of a decision (行政处罚、行政许可决定公示) and its search index.

Only what may be published is stored here: the party's name already masked for a natural
person, no ID number, phone or address (yifa.disclosure.masking). The case itself stays where it
is; `source_id` names it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    RELEASED = "released", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"
    TAKEN_DOWN = "taken_down", "公示期满撤下"


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"


class WithdrawReason(models.TextChoices):
    REVOKED = "revoked", "决定被撤销"
    CHANGED = "changed", "决定被变更"
    VOIDED = "voided", "决定被确认无效"


class Publication(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT,
                               related_name="publications")
    kind = models.CharField("决定类别", max_length=10, choices=DecisionKind.choices)
    source_id = models.PositiveBigIntegerField("来源记录")
    status = models.CharField("状态", max_length=12, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    version = models.PositiveIntegerField(default=0)

    document_number = models.CharField("决定书文号", max_length=60, blank=True)
    title = models.CharField("案件名称", max_length=200)
    category = models.CharField("处罚种类/许可类别", max_length=200, blank=True)
    facts = models.TextField("主要违法事实/许可内容", blank=True)
    legal_basis = models.TextField("依据", blank=True)
    party_name = models.CharField("当事人（已脱敏）", max_length=100)
    party_is_person = models.BooleanField("当事人为自然人", default=False)
    party_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    result = models.TextField("处理结果")
    decided_on = models.DateField("决定日期")
    search_text = models.TextField(editable=False, blank=True)

    publish_due = models.DateField("公示期限", db_index=True)
    publish_rule = models.CharField("公示期限规则", max_length=40)
    calendar_version = models.CharField("日历版本", max_length=40, blank=True)
    released_on = models.DateField("公开日期", null=True, blank=True)
    released_hash = models.CharField("公开内容摘要", max_length=64, blank=True)
    take_down_on = models.DateField("公示截止日期", null=True, blank=True, db_index=True)

    withdraw_reason = models.CharField("撤回原因", max_length=10, choices=WithdrawReason.choices, blank=True)
    changed_on = models.DateField("决定撤销/变更/确认无效日期", null=True, blank=True)
    withdraw_due = models.DateField("撤回期限", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    explanation = models.TextField("公开说明", blank=True)
    taken_down_on = models.DateField("撤下日期", null=True, blank=True)

    class Meta:
        verbose_name = "公示决定"
        verbose_name_plural = "公示决定"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["kind", "source_id"], name="publication_once_per_decision")]
        indexes: ClassVar[list[models.Index]] = [
            # The public list: released records, newest first; and per agency.
            models.Index(fields=["status", "-decided_on", "-id"], name="publication_public_list"),
            models.Index(fields=["agency", "status", "-decided_on", "-id"], name="publication_agency_list"),
        ]

    def __str__(self) -> str:
        return self.document_number or self.title


class PublicationStep(StepRecord):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.publication_id}:{self.step}"


class SearchToken(models.Model):
    """A bigram (or single character) of a record's searchable text: search looks up the
    query's bigrams by index instead of scanning with LIKE '%…%' (works on SQLite and PostgreSQL)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=2)
    #: The record's decision date, copied: a token's entries are read in the public list's order
    #: (newest decision first) straight from the index, and a page stops after its rows.
    decided_on = models.DateField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["token", "decided_on", "publication"], name="search_token_ordered")]

    def __str__(self) -> str:
        return self.token
