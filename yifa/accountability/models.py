"""Remedies (行政复议、行政诉讼) against penalty decisions, and fault-responsibility inquiries
(行政执法过错责任追究). Rows change only through yifa.accountability.actions (the steps are declared
in yifa.accountability.procedure on the workflow core). The fault types, the sanctions ladder and
the exemptions are effective-dated data with citations (`Term`, seeded by a data migration).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼"


class Outcome(models.TextChoices):
    PENDING = "pending", "审理中"
    UPHELD = "upheld", "维持（驳回）"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    UNLAWFUL = "unlawful", "确认违法（无效）"


#: Outcomes that reverse (纠错) the decision: they count in the agency's reversal rate.
REVERSING = (Outcome.CHANGED, Outcome.REVOKED, Outcome.UNLAWFUL)


class Remedy(models.Model):
    """A reconsideration or lawsuit against one penalty decision: filed with a body, pending (the
    late-payment surcharge paused through yifa.fines), then concluded with the body's document."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("registry.Agency", verbose_name="作出决定的机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=RemedyKind.choices)
    body = models.CharField("复议机关（人民法院）", max_length=100)
    filed_on = models.DateField("申请（起诉）日期")
    accepted_on = models.DateField("受理日期")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    concluded_on = models.DateField("决定（裁判）日期", null=True, blank=True)
    document_no = models.CharField("决定书（裁判文书）号", max_length=80, blank=True)
    #: The fines ledger's pause this remedy opened (None: no payment notice to pause).
    pause = models.ForeignKey("fines.LedgerPause", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "行政复议（诉讼）"
        verbose_name_plural = "行政复议（诉讼）"
        ordering: ClassVar[list[str]] = ["-filed_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "outcome", "concluded_on"], name="remedy_agency_outcome")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"


class TermKind(models.TextChoices):
    FAULT = "fault", "过错情形"
    SANCTION = "sanction", "责任追究方式"
    EXEMPTION = "exemption", "免责情形"


class CertificateEffect(models.TextChoices):
    NONE = "", "不影响执法证"
    SUSPEND = "suspended", "暂扣执法证"
    REVOKE = "revoked", "吊销执法证"


class Term(models.Model):
    """One entry of the source policy: a fault type, a rung of the sanctions ladder (with its
    effect on the certificate) or an exemption; effective-dated, with its citation."""

    kind = models.CharField("类别", max_length=10, choices=TermKind.choices)
    code = models.CharField("编码", max_length=30)
    name = models.CharField("名称", max_length=100)
    rank = models.PositiveSmallIntegerField("轻重顺序", default=0)
    certificate = models.CharField("对执法证的影响", max_length=10, choices=CertificateEffect.choices, blank=True,
                                   default="")
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "过错责任追究目录"
        verbose_name_plural = "过错责任追究目录"
        ordering: ClassVar[list[str]] = ["kind", "rank", "code"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "code", "effective_from"], name="term_unique_start")]

    def __str__(self) -> str:
        return f"{self.name}（{self.citation}）"


class InquiryStatus(models.TextChoices):
    OPENED = "opened", "已立项"
    PROPOSED = "proposed", "已认定责任"
    DECIDED = "decided", "已作出追究决定"


class Inquiry(models.Model):
    """A fault-responsibility inquiry (过错责任追究), opened by the legal office from a source record
    (a remedy's outcome, a file-review veto, a substantiated complaint, an evaluation finding, an
    alert: its model label and id), about one case of one agency."""

    agency = models.ForeignKey("registry.Agency", verbose_name="被追究机关", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    source_type = models.CharField("来源类型", max_length=40)
    source_id = models.PositiveBigIntegerField("来源ID")
    faults = models.JSONField("过错情形", default=list)
    summary = models.TextField("案情摘要")
    opened_on = models.DateField("立项日期")
    due = models.DateField("办理期限", db_index=True)
    due_rule = models.CharField("期限规则", max_length=40)
    extended = models.BooleanField("已延期", default=False)
    findings = models.TextField("责任认定意见", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.OPENED)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "过错责任追究"
        verbose_name_plural = "过错责任追究"
        ordering: ClassVar[list[str]] = ["-opened_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "status", "due", "id"], name="inquiry_agency_status_due")]

    def __str__(self) -> str:
        return f"过错责任追究 {self.pk}"


class Part(models.TextChoices):
    HANDLING = "handling", "承办人"
    REVIEWER = "reviewer", "审核人"
    APPROVER = "approver", "批准人"
    COLLECTIVE = "collective", "集体讨论"
    #: Picked by the investigator though the case's record does not name them at any link.
    OTHER = "other", "其他责任人"


class Responsible(models.Model):
    """One person the case's own record names (proposed), confirmed or not by the investigator,
    and the sanction or exemption decided."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="people")
    part = models.CharField("责任环节", max_length=10, choices=Part.choices)
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey("registry.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=100)
    #: The steps of the case's record that name this person (step, date).
    trace = models.JSONField("依据（办案环节记录）", default=list)
    confirmed = models.BooleanField("经认定", default=False)
    sanction = models.CharField("追究方式", max_length=30, blank=True)
    exemption = models.CharField("免责情形", max_length=30, blank=True)

    class Meta:
        verbose_name = "责任人"
        verbose_name_plural = "责任人"
        ordering: ClassVar[list[str]] = ["inquiry", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_part_display()}）"


class InquiryStep(StepRecord):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["inquiry_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.step}"
