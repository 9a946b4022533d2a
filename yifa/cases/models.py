"""Enforcement cases: penalty cases (ordinary and simple procedure), and what each step left.

A case's state only changes through yifa.cases.actions; every step leaves a CaseStep (the
full-process record, 3S) and an audit event. Deadlines are stored, indexed dates computed
from the statutory rules and the holiday calendar, with the rule and calendar version.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.law.models import PowerItem
from yifa.workflow.records import StepRecord

PenaltyType = PowerItem.PenaltyType


# Named for what it is: the API's OpenAPI document names each schema after its class, and one name must
# mean one enum there (yifa.api.openapi); `Status` stays the app's short name for it.
class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "线索登记"
    NOT_OPENED = "not_opened", "不予立案"
    OPENED = "opened", "已立案"
    INVESTIGATED = "investigated", "调查终结"
    REVIEWED = "reviewed", "审查完毕"
    LEGAL_REVIEWED = "legal_reviewed", "法制审核通过"
    DISCUSSED = "discussed", "集体讨论"
    NOTIFIED = "notified", "已事先告知"
    HEARING = "hearing", "听证"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


Status = CaseStatus


class DecisionChange(models.TextChoices):
    """How a decision made is undone or altered (its public record is then withdrawn)."""

    REVOKED = "revoked", "决定被撤销"
    CHANGED = "changed", "决定被变更"
    VOIDED = "voided", "决定被确认无效"


OPEN_STATUSES = frozenset(set(Status) - {Status.NOT_OPENED, Status.CLOSED, Status.ARCHIVED})


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class SourceKind(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    COMPLAINT = "complaint", "投诉举报"
    REFERRAL = "referral", "其他机关移送"
    MONITORING = "monitoring", "监测发现"
    ASSIGNED = "assigned", "上级交办"


class PartyKind(models.TextChoices):
    INDIVIDUAL = "individual", "公民"
    ORGANISATION = "organisation", "法人或其他组织"


# Named for what it is: the API's OpenAPI document names each schema after its class, and one name must
# mean one enum there (yifa.api.openapi); `Outcome` stays the app's short name for it.
class CaseOutcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立"
    TRANSFER = "transfer", "移送司法机关"


Outcome = CaseOutcome


class Mitigation(models.TextChoices):
    LIGHTER = "lighter", "从轻处罚"
    MITIGATED = "mitigated", "减轻处罚"


class Consequence(models.TextChoices):
    """When a penalty type brings the hearing right (APL 63) or legal review (APL 58)."""

    NONE = "none", "无"
    LARGE = "large", "达到较大数额（价值）时"
    ALWAYS = "always", "一律"


class PenaltyKind(models.Model):
    """A penalty type of APL 9 as effective-dated data: its group in the power catalogue, what
    amount it carries, and its consequences for the hearing right and legal review, with the
    articles. A change of law (or of the local catalogue) adds a row, it never edits history."""

    class Measure(models.TextChoices):
        NONE = "", "无"
        FINE = "fine", "罚款金额"
        GAINS = "gains", "违法所得金额"
        PROPERTY = "property", "非法财物价值"

    code = models.CharField("种类编码", max_length=30)
    name = models.CharField("处罚种类", max_length=60)
    group = models.CharField("职权事项中的类别", max_length=20, choices=PenaltyType.choices)
    measure = models.CharField("计量", max_length=10, choices=Measure.choices, blank=True)
    citation = models.CharField("依据", max_length=200)
    hearing = models.CharField("听证权利", max_length=8, choices=Consequence.choices, default=Consequence.NONE)
    hearing_citation = models.CharField("听证依据", max_length=200, blank=True)
    legal_review = models.CharField("法制审核", max_length=8, choices=Consequence.choices, default=Consequence.NONE)
    legal_review_citation = models.CharField("法制审核依据", max_length=200, blank=True)
    transfer_only = models.BooleanField("本机关无权决定时移送", default=False)
    position = models.PositiveSmallIntegerField("排序", default=0)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政处罚种类"
        verbose_name_plural = "行政处罚种类"
        ordering: ClassVar[list[str]] = ["position", "code", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="penalty_kind_unique_start")]

    def __str__(self) -> str:
        return f"{self.name}（{self.citation}）"


class Case(models.Model):
    #: Not a column: set by `cases.access.read_case` when the case was opened read-only under a grant
    #: of another app (a cross-reviewer's sampled file); the pages then offer nothing to change.
    read_grant: str = ""
    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="cases")
    power = models.ForeignKey("law.PowerItem", verbose_name="职权事项", on_delete=models.PROTECT, related_name="cases")
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED)
    title = models.CharField("案由", max_length=200)
    number = models.CharField("案号", max_length=60, blank=True)
    source = models.CharField("案件来源", max_length=12, choices=SourceKind.choices)
    source_detail = models.TextField("来源说明", blank=True)
    registered_on = models.DateField("登记日期")
    # The party (当事人). Personal data: never on public pages unmasked.
    party_kind = models.CharField("当事人类型", max_length=12, choices=PartyKind.choices)
    party_name = models.CharField("当事人", max_length=100)
    party_code = models.CharField("身份证号码/统一社会信用代码", max_length=18, blank=True)
    party_address = models.CharField("住所（地址）", max_length=200, blank=True)
    party_phone = models.CharField("联系电话", max_length=30, blank=True)
    party_birth_date = models.DateField("出生日期", null=True, blank=True)
    # Limitation (APL art. 36): from the end of the act; 5 years where life/health or
    # financial safety is involved and harm occurred.
    act_ended_on = models.DateField("违法行为终了日期")
    discovered_on = models.DateField("发现日期")
    safety_harm = models.BooleanField("涉及生命健康安全、金融安全且有危害后果", default=False)
    serious = models.BooleanField("情节复杂或重大违法（集体讨论）", default=False)
    opened_on = models.DateField("立案日期", null=True, blank=True)
    # Stored deadlines (indexed): the decision limit and the current stage's limit.
    decision_due = models.DateField("办案期限", null=True, blank=True, db_index=True)
    decision_extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    stage_due = models.DateField("当前环节期限", null=True, blank=True, db_index=True)
    stage_rule = models.CharField("当前环节期限规则", max_length=40, blank=True)
    calendar_version = models.CharField("日历版本", max_length=40, blank=True)
    # Proposed (notified) and decided penalty; a decision is never heavier than notified (APL 62).
    proposed_types = models.JSONField("拟处罚种类", default=list, blank=True)
    proposed_fine = models.DecimalField("拟罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    # Confiscation is measured too (APL 63(1)(2): a large value gives the hearing right).
    proposed_gains = models.DecimalField("拟没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    proposed_property_value = models.DecimalField("拟没收非法财物价值（元）", max_digits=14, decimal_places=2,
                                                  null=True, blank=True)
    hearing_right = models.BooleanField("享有听证权利", default=False)
    # Each proposed decision is notified (APL 44); a re-review after a failed legal review may lead
    # to a new notice, with the statement and hearing rights again. notified_on is the latest one.
    notice_round = models.PositiveSmallIntegerField("告知次数", default=0)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_waived = models.BooleanField("放弃陈述申辩和听证", default=False)
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices, blank=True)
    decided_types = models.JSONField("处罚种类", default=list, blank=True)
    decided_fine = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    decided_gains = models.DecimalField("没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    decided_property_value = models.DecimalField("没收非法财物价值（元）", max_digits=14, decimal_places=2,
                                                 null=True, blank=True)
    # APL 30, 31: a minor of 14-18 is punished more lightly (recorded at the decision); a person who
    # could not understand or control the act is not punished (a finding recorded by the investigation).
    mitigation = models.CharField("从轻或减轻", max_length=10, choices=Mitigation.choices, blank=True, db_default="")
    incapacity_found = models.BooleanField("查明不能辨认或者不能控制自己行为", default=False, db_default=False)
    incapacity_basis = models.CharField("不能辨认或控制行为的认定依据", max_length=200, blank=True, db_default="")
    # What each proposed / decided type brings (hearing right, legal review, with the articles), as
    # worked out from the types' rows on the step's day: {"proposed": [...], "decided": [...]}. The
    # documents print it (they sit below this app and do not read the types' table). Null where bulk
    # loaders (yifa.demo) write cases without it; the other new columns have database defaults for them.
    penalty_effects = models.JSONField("处罚种类及其程序后果", default=dict, blank=True, null=True)
    # The provisions this case applies (违则 and 罚则), chosen at the review from the power item's, each
    # with the version in force when the act ended (APL 37): {"violated": [...], "penalty": [...]},
    # each item {"id", "label", "version_id", "effective_from", "text"}. The documents print them
    # (every line the same articles); empty before the review (they then print the power item's).
    provisions = models.JSONField("适用条款", default=dict, blank=True, null=True)
    # APL 18(3): detention is for the public-security organ; other agencies transfer it.
    detention_transferred = models.BooleanField("行政拘留移送公安机关", default=False, db_default=False)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_number = models.CharField("决定书文号", max_length=60, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True, db_index=True)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    # Bumped by every step: a step that read an older version loses (two people, one case).
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering: ClassVar[list[str]] = ["-registered_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            # A list filtered by status, in the list's order (stage_due, then id: no sort of the ties).
            models.Index(fields=["agency", "status", "stage_due", "id"], name="case_agency_status_due"),
            models.Index(fields=["agency", "-registered_on"], name="case_agency_registered"),
            # The agency's case lists (queries.ordered): most urgent stage deadline first, then id.
            # Read in this order, a page is its first rows; without it every case is sorted.
            models.Index(fields=["agency", "stage_due", "id"], name="case_agency_stage_due"),
            # The supervision sweep's look-back windows (yifa.supervision.rules): a range on each date.
            models.Index(fields=["opened_on"], name="case_opened_on"),
            models.Index(fields=["decided_on"], name="case_decided_on"),
            models.Index(fields=["served_on"], name="case_served_on"),
            models.Index(fields=["closed_on"], name="case_closed_on"),
            # The sweep's due-date rules (yifa.supervision.rules): a status list and a due range read
            # from the index alone, only the cases in those statuses (decision_due stays set on a
            # decided case: by date alone, every decided case of two years was scanned).
            models.Index(fields=["status", "stage_due", "id"], name="case_status_stage_due"),
            models.Index(fields=["status", "decision_due", "id"], name="case_status_decision_due"),
            # The yearly evaluation's deadline indicator: an agency's cases due in the year.
            models.Index(fields=["agency", "decision_due"], name="case_agency_decision_due"),
            # The few extended cases (the sweep's "repeated extensions"), not every case by due date.
            models.Index(fields=["decision_due"], condition=models.Q(decision_extended_days__gt=0),
                         name="case_extended_due"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "number"], condition=~models.Q(number=""),
                                    name="case_number_unique_in_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '（未立案）'} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_archived(self) -> bool:
        """The file is frozen: evidence and documents refuse it (asked by apps below cases)."""
        return self.status == Status.ARCHIVED

    @property
    def current_hearing(self) -> Hearing | None:
        """The hearing requested on the current notice (None before a notice or without a request)."""
        if not self.pk or not self.notice_round:
            return None
        return Hearing.objects.filter(case=self, notice_round=self.notice_round).select_related("chair").first()


class CaseOfficer(models.Model):
    """An officer assigned to investigate (at least two, each certified for the area: APL 42, 55)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey("registry.Officer", on_delete=models.PROTECT, related_name="case_assignments")
    is_lead = models.BooleanField("主办", default=False)
    assigned_on = models.DateField("指派日期")
    recused = models.BooleanField("已回避", default=False)
    recusal_reason = models.CharField("回避理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_once")]
        # The few recusals, found without reading every assignment (the alerts sweep's "fewer than
        # two officers" starts from them).
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["case"], condition=models.Q(recused=True), name="caseofficer_recused")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.officer_id}"


class CaseStep(StepRecord):
    """The full-process record: one row per step, in order, with who did it and what was decided."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    on_date = models.DateField("办理日期")  # every step here is dated (law or the day it is taken)

    class Meta:
        verbose_name = "办案环节记录"
        verbose_name_plural = "办案环节记录"
        ordering: ClassVar[list[str]] = ["case_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"


class Hearing(models.Model):
    """A hearing (APL 63–65): requested in time, noticed ≥ 7 working days before, chaired by a
    non-investigator, with its record. One per notice: a new notice after a re-review gives the
    party its hearing right again (APL 44, 63)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    notice_round = models.PositiveSmallIntegerField("告知次数")
    requested_on = models.DateField("申请日期")
    notice_served_on = models.DateField("听证通知送达日期", null=True, blank=True)
    scheduled_for = models.DateField("举行日期", null=True, blank=True)
    chair = models.ForeignKey("registry.Officer", verbose_name="主持人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    public = models.BooleanField("公开举行", default=True)
    held_on = models.DateField("实际举行日期", null=True, blank=True)
    record = models.TextField("听证笔录", blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering: ClassVar[list[str]] = ["case_id", "notice_round"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["case", "notice_round"], name="hearing_once_per_notice")]

    def __str__(self) -> str:
        return f"听证 {self.case_id}/{self.notice_round}"


class OnSpotCollection(models.Model):
    """Cash collected on the spot under the simple procedure (APL 68–71), and its hand-over."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="onspot")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    receipt_no = models.CharField("罚没收据号", max_length=40)
    collected_on = models.DateField("收缴日期")
    hard_to_collect = models.CharField("不当场收缴事后难以执行的情形", max_length=200, blank=True)
    # APL 69: in a remote, water or poorly connected area, at the party's request, also after an
    # ordinary-procedure decision.
    remote_area = models.CharField("边远、水上、交通不便地区情形", max_length=200, blank=True, db_default="")
    party_requested = models.BooleanField("当事人提出当场缴纳", default=False, db_default=False)
    agency_due = models.DateField("交至行政机关期限", db_index=True)
    handed_on = models.DateField("交至行政机关日期", null=True, blank=True)
    bank_due = models.DateField("缴付银行期限", null=True, blank=True, db_index=True)
    banked_on = models.DateField("缴付银行日期", null=True, blank=True)

    class Meta:
        verbose_name = "当场收缴"
        verbose_name_plural = "当场收缴"
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["receipt_no"], name="onspot_receipt_unique")]

    def __str__(self) -> str:
        return self.receipt_no
