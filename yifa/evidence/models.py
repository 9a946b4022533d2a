"""Evidence in a case (APL art. 46), the files behind it, and preservation (APL art. 56).

Files are content-addressed (yifa.evidence.storage, blobs): a StoredFile row per SHA-256; the
same bytes uploaded twice are one file. Rows change only through yifa.evidence.actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from django.db import models

from yifa.evidence import blobs


class StoredFile(models.Model):
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    type_code = models.CharField("类型", max_length=10)
    mime = models.CharField("MIME", max_length=120)
    created_at = models.DateTimeField("存储时间", auto_now_add=True)

    class Meta:
        verbose_name = "存储文件"
        verbose_name_plural = "存储文件"

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.type_code}, {self.size} B)"

    @property
    def path(self) -> Path:
        return blobs.blob_path(self.sha256)

    def read(self) -> bytes:
        return blobs.read_blob(self.sha256)

    def intact(self) -> bool:
        """The blob is there and still hashes to its name."""
        return self.path.exists() and blobs.sha256_of(self.read()) == self.sha256


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence of APL art. 46."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    RECORD = "record", "勘验笔录、现场笔录"


class Evidence(models.Model):
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证明内容/说明", blank=True)
    collected_on = models.DateField("收集日期")
    collected_by = models.ForeignKey("accounts.User", verbose_name="收集人", on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey(StoredFile, verbose_name="文件", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering: ClassVar[list[str]] = ["case_id", "collected_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class PreservationDecision(models.TextChoices):
    """What happens to items preserved in advance, decided within 7 working days."""

    RETURN = "return", "解除先行登记保存，退还当事人"
    APPRAISAL = "appraisal", "送交检测、检验、检疫或者技术鉴定"
    SEIZURE = "seizure", "依法采取查封、扣押措施"
    TRANSFER = "transfer", "移送有关机关处理"
    CONFISCATION = "confiscation", "违法事实成立，拟依法予以没收"


class Preservation(models.Model):
    """先行登记保存 (APL art. 56): approved by the agency head; decided within 7 working days."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="preservations")
    items = models.TextField("保存物品清单")
    location = models.CharField("保存地点", max_length=200, blank=True)
    reason = models.TextField("理由（证据可能灭失或者以后难以取得）")
    preserved_on = models.DateField("保存日期")
    approved_by = models.ForeignKey("accounts.User", verbose_name="批准负责人", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    decision_due = models.DateField("处理决定期限", db_index=True)
    due_rule = models.CharField("期限规则", max_length=40)
    calendar_version = models.CharField("日历版本", max_length=40)
    decision = models.CharField("处理决定", max_length=16, choices=PreservationDecision.choices, blank=True)
    decision_note = models.TextField("处理说明", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="决定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    decided_in_time = models.BooleanField("在法定期限内作出", null=True, blank=True)

    class Meta:
        verbose_name = "先行登记保存"
        verbose_name_plural = "先行登记保存"
        ordering: ClassVar[list[str]] = ["case_id", "preserved_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} 先行登记保存 {self.preserved_on}"
