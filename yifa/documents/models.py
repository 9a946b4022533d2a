"""Numbered enforcement documents (文书), their kinds, counters and agency templates.

A document's number comes from a per-agency, per-kind, per-year counter, locked while it
is taken, so numbers have no gap and no duplicate. The number pattern is data
(DocumentKind.pattern, overridable per agency by AgencyNumbering).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class DocumentKind(models.Model):
    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("文书名称", max_length=60)
    abbreviation = models.CharField("文号代字", max_length=4, blank=True)
    # e.g. "{short}{abbr}〔{year}〕{n}号"; empty: the kind is not numbered (e.g. 笔录).
    pattern = models.CharField("文号格式", max_length=80, blank=True)
    citation = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "文书种类"
        verbose_name_plural = "文书种类"
        ordering: ClassVar[list[str]] = ["id"]

    def __str__(self) -> str:
        return self.name


class AgencyNumbering(models.Model):
    """An agency's own number pattern for one kind of document."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(DocumentKind, on_delete=models.CASCADE, related_name="+")
    pattern = models.CharField("文号格式", max_length=80)

    class Meta:
        verbose_name = "本机关文号格式"
        verbose_name_plural = "本机关文号格式"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["agency", "kind"], name="agency_numbering_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.kind_id} {self.pattern}"


class DocumentCounter(models.Model):
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "文号计数器"
        verbose_name_plural = "文号计数器"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="document_counter_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.kind_id}:{self.year}={self.last}"


class AgencyTemplate(models.Model):
    """An agency's own .docx template for one kind, used instead of the shipped one."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey("evidence.StoredFile", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "本机关文书模板"
        verbose_name_plural = "本机关文书模板"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["agency", "kind"], name="agency_template_once")]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.kind_id}"


class Document(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
    )
    kind = models.ForeignKey(DocumentKind, verbose_name="文书种类", on_delete=models.PROTECT, related_name="documents")
    number = models.CharField("文号", max_length=60, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号", null=True, blank=True)
    # The date the document bears: that of the step it records (立案 → opened_on, 告知 → notified_on …),
    # or the day it was made where it records no earlier step (询问笔录). Its number is of that year.
    dated_on = models.DateField("文书日期")
    generated_at = models.DateTimeField("生成时间")
    generated_by = models.ForeignKey("accounts.User", verbose_name="生成人", on_delete=models.PROTECT, related_name="+")
    docx = models.ForeignKey("evidence.StoredFile", verbose_name="Word 文件", on_delete=models.PROTECT, related_name="+")
    # Made after the document is stored (rendering takes seconds; no write lock is held meanwhile);
    # None until then, or if rendering failed — the download makes it on first request.
    pdf = models.ForeignKey("evidence.StoredFile", verbose_name="PDF 文件", null=True, blank=True,
                            on_delete=models.PROTECT, related_name="+")
    context = models.JSONField("填写内容", default=dict, blank=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering: ClassVar[list[str]] = ["-generated_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "serial"], condition=models.Q(serial__isnull=False),
                name="document_serial_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind.name} {self.number}".strip()
