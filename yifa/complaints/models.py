"""Complaints and reports from the public (投诉举报), their handling record, and the public
evaluation (评议) questionnaires of an evaluation cycle.

Rows change only through yifa.complaints.actions (handling: on the workflow core) and
yifa.complaints.evaluation (answers).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"


class ComplaintCategory(models.TextChoices):
    CONDUCT = "conduct", "执法行为（态度、程序、不作为）"
    VIOLATION = "violation", "违法行为线索"
    CONSUMER = "consumer", "消费权益"
    SAFETY = "safety", "安全隐患"
    OTHER = "other", "其他"


class ComplaintSource(models.TextChoices):
    WEB = "web", "网上提交"
    HOTLINE = "hotline", "12345热线转办"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    MERGED = "merged", "已合并"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"


#: Statuses in which the reporter may rate the outcome.
RATABLE = frozenset({ComplaintStatus.CLOSED, ComplaintStatus.REJECTED})


class Complaint(models.Model):
    tracking_no = models.CharField("受理编号", max_length=20, unique=True)
    #: Only a hash of the secret query code (django.contrib.auth's password hasher).
    code_hash = models.CharField("查询码（哈希）", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=ComplaintKind.choices)
    category = models.CharField("类别", max_length=12, choices=ComplaintCategory.choices)
    source = models.CharField("来源", max_length=10, choices=ComplaintSource.choices, default=ComplaintSource.WEB)
    hotline_ticket = models.CharField("12345工单号", max_length=40, blank=True)
    #: None until routed: "I don't know" leaves it to the region's legal office.
    agency = models.ForeignKey("registry.Agency", verbose_name="承办机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="complaints")
    region = models.ForeignKey("registry.Region", verbose_name="发生地", on_delete=models.PROTECT, related_name="+")
    power = models.ForeignKey("law.PowerItem", verbose_name="涉及职权事项", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    anonymous = models.BooleanField("匿名", default=False)
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    received_on = models.DateField("收到日期")
    received_at = models.DateTimeField("收到时间")
    accept_due = models.DateField("受理决定期限", db_index=True)
    handle_due = models.DateField("办结期限", null=True, blank=True)
    deadline_rules = models.JSONField("期限依据", default=dict, blank=True)
    status = models.CharField("状态", max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED)
    version = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey("self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="duplicates")
    case = models.ForeignKey("cases.Case", verbose_name="关联案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    inspection = models.ForeignKey("inspections.Inspection", verbose_name="关联检查", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reply = models.TextField("答复意见", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("评价", null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering: ClassVar[list[str]] = ["-received_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "-received_at", "-id"], name="complaint_agency_received"),
            models.Index(fields=["region", "-received_at", "-id"], name="complaint_region_received"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_no} {self.subject}"


class ComplaintStep(StepRecord):
    """The complaint's handling record; `data["public"]` is the text the reporter sees."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["complaint_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.step}"


class ComplaintFile(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey("evidence.StoredFile", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "投诉举报附件"
        verbose_name_plural = "投诉举报附件"

    def __str__(self) -> str:
        return self.name


# --- public evaluation (评议) -----------------------------------------------------------------


class EvaluationCycle(models.Model):
    """A period in which the public may evaluate the region's agencies (statutes §10: the
    evaluation must hear the public)."""

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey("registry.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")

    class Meta:
        verbose_name = "评议周期"
        verbose_name_plural = "评议周期"
        ordering: ClassVar[list[str]] = ["-opens_on", "id"]

    def __str__(self) -> str:
        return self.name


class EvaluationQuestion(models.Model):
    """A question of the cycle's questionnaire (data, not code): rated 1–5."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("序号")
    text = models.CharField("问题", max_length=200)
    text_en = models.CharField("问题（英文）", max_length=200, blank=True)

    class Meta:
        verbose_name = "评议问题"
        verbose_name_plural = "评议问题"
        ordering: ClassVar[list[str]] = ["cycle_id", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["cycle", "number"], name="evaluation_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class EvaluationAnswer(models.Model):
    """One person's answer about one agency in one cycle; `voter` is a keyed hash (HMAC) of the
    respondent's mobile number, never the number itself."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.PROTECT, related_name="answers")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    voter = models.CharField("答卷人标识（哈希）", max_length=64)
    comment = models.TextField("意见建议", blank=True)
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "评议答卷"
        verbose_name_plural = "评议答卷"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["cycle", "agency", "voter"], name="evaluation_one_answer")]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.agency_id}"


class EvaluationRating(models.Model):
    answer = models.ForeignKey(EvaluationAnswer, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(EvaluationQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("评分")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["answer", "question"], name="evaluation_one_rating")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"
