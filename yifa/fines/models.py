"""The fines ledger (罚缴分离) and the confiscated-property register (财税〔2020〕54号).

The deciding agency never collects: a payment notice gives the party a reference for the
designated bank or e-payment, and payments enter only from the bank's own records (a statement
import). Amounts are yuan as Decimal (lib.bounds.Money); rates, caps and periods are
effective-dated LegalParameter / DeadlineRule rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class PaymentNotice(models.Model):
    """缴款通知: one per fine decision, with the unique reference the bank matches payments by."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="payment_notice")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("缴款识别码", max_length=20, unique=True)
    fine = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2)
    received_on = models.DateField("收到决定书日期")
    due_on = models.DateField("缴款期限", db_index=True)
    due_rule = models.CharField("期限规则", max_length=40)
    enforce_by = models.DateField("申请法院强制执行期限")
    paid_total = models.DecimalField("已缴金额（元）", default=0, max_digits=14, decimal_places=2)
    #: The day the fine itself was paid in full (the surcharge stops accruing).
    fine_paid_on = models.DateField("罚款缴清日期", null=True, blank=True)
    issued_on = models.DateField("开具日期")

    class Meta:
        verbose_name = "缴款通知"
        verbose_name_plural = "缴款通知"
        ordering: ClassVar[list[str]] = ["due_on", "id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "due_on", "id"], name="notice_agency_due")]

    def __str__(self) -> str:
        return self.reference


class LedgerPause(models.Model):
    """A reconsideration or lawsuit pending: the surcharge is not counted meanwhile (APL 73(3))."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LAWSUIT = "lawsuit", "行政诉讼"

    notice = models.ForeignKey(PaymentNotice, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    started_on = models.DateField("受理日期")
    ended_on = models.DateField("终结日期", null=True, blank=True)

    class Meta:
        verbose_name = "加处罚款暂停"
        verbose_name_plural = "加处罚款暂停"
        ordering: ClassVar[list[str]] = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class Instalment(models.Model):
    """A deferred or instalment schedule approved under APL 66: each part with its own due date.
    A deferral is a schedule of one part."""

    notice = models.ForeignKey(PaymentNotice, on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField("期次")
    due_on = models.DateField("到期日")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    approved_on = models.DateField("批准日期")
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "延期/分期缴纳"
        verbose_name_plural = "延期/分期缴纳"
        ordering: ClassVar[list[str]] = ["notice", "seq"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["notice", "seq"], name="instalment_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}: {self.amount} @ {self.due_on}"


class Statement(models.Model):
    """An imported bank statement file (the bank's record, not the agency's)."""

    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField("文件摘要", max_length=64)
    name = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("行数")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    summary = models.JSONField("对账结果", default=dict)

    class Meta:
        verbose_name = "银行对账单"
        verbose_name_plural = "银行对账单"
        ordering: ClassVar[list[str]] = ["-imported_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "-imported_at", "-id"], name="statement_agency_at")]

    def __str__(self) -> str:
        return self.name


class BankPayment(models.Model):
    """One line of a bank statement, with what reconciliation made of it."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", "已对平"
        PARTIAL = "partial", "部分缴纳"
        OVERPAID = "overpaid", "多缴"
        UNMATCHED = "unmatched", "无法匹配"
        DUPLICATE = "duplicate", "重复记录"

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="payments")
    notice = models.ForeignKey(PaymentNotice, on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    line = models.PositiveIntegerField("行号")
    bank_ref = models.CharField("银行流水号", max_length=40)
    reference = models.CharField("缴款识别码", max_length=40)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴款日期")
    payer = models.CharField("缴款人", max_length=100, blank=True)
    outcome = models.CharField("对账结果", max_length=10, choices=Outcome.choices)
    #: This line paid the fine in full: the case's payment was entered from it.
    settles = models.BooleanField("缴清罚款", default=False)
    #: Unique among accepted payments; a duplicate keeps its line but no key (NULLs do not clash).
    unique_ref = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "银行缴款记录"
        verbose_name_plural = "银行缴款记录"
        ordering: ClassVar[list[str]] = ["statement", "line"]

    def __str__(self) -> str:
        return self.bank_ref


class Property(models.Model):
    """A confiscated or seized item, from seizure through custody to disposal (财税〔2020〕54号)."""

    class Status(models.TextChoices):
        IN_CUSTODY = "custody", "保管中"
        DISPOSED = "disposed", "已处置"
        REMITTED = "remitted", "收入已缴库"

    class Disposal(models.TextChoices):
        AUCTION = "auction", "公开拍卖"
        DESTRUCTION = "destruction", "销毁"
        TRANSFER = "transfer", "移交"

    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField("物品名称", max_length=200)
    quantity = models.CharField("数量", max_length=40)
    seized_on = models.DateField("扣押（没收）日期")
    seized_by = models.ForeignKey("registry.Officer", on_delete=models.PROTECT, related_name="+")
    custodian = models.ForeignKey("registry.Officer", on_delete=models.PROTECT, related_name="+")
    location = models.CharField("保管地点", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.IN_CUSTODY)
    disposal = models.CharField("处置方式", max_length=12, choices=Disposal.choices, blank=True)
    disposed_on = models.DateField("处置日期", null=True, blank=True)
    proceeds = models.DecimalField("处置收入（元）", null=True, blank=True, max_digits=14, decimal_places=2)
    remitted_on = models.DateField("缴入国库日期", null=True, blank=True)
    treasury_ref = models.CharField("缴库凭证号", max_length=40, blank=True)

    class Meta:
        verbose_name = "罚没物品"
        verbose_name_plural = "罚没物品"
        ordering: ClassVar[list[str]] = ["-seized_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "-seized_on", "-id"], name="property_agency_seized")]

    def __str__(self) -> str:
        return self.description
