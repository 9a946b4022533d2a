"""Administrative licensing (行政许可): applications, suspensions of the count, licences.

An application's state only changes through yifa.licensing.actions (each step declared once in
yifa.licensing.procedure); every step leaves a LicenceStep and an audit event. All licensing
periods are working days (ALL art. 82); each deadline is a stored, indexed date with the rule
code and calendar version used.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


# Named for what it is: the API's OpenAPI document names each schema after its class, and one name must
# mean one enum there (yifa.api.openapi); `Status` stays the app's short name for it.
class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", "已收到申请"
    CORRECTION_REQUESTED = "correction_requested", "已一次告知补正"
    ACCEPTED = "accepted", "已受理（审查中）"
    SUSPENDED = "suspended", "听证/检测/专家评审（不计入期限）"
    DECIDED = "decided", "已作出决定"
    ISSUED = "issued", "已颁发许可证件"


Status = ApplicationStatus

# Named for what it is: the API's OpenAPI document names each schema after its class, and one name must
# mean one enum there (yifa.api.openapi); `Outcome` stays the app's short name for it.
class LicensingOutcome(models.TextChoices):
    GRANTED = "granted", "准予行政许可"
    REFUSED = "refused", "不予行政许可"


Outcome = LicensingOutcome


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", "公民"
    ORGANISATION = "organisation", "法人或其他组织"


class ApplicationKind(models.TextChoices):
    NEW = "new", "新申请"
    RENEWAL = "renewal", "延续申请"


class Handling(models.TextChoices):
    """ALL art. 26: one agency alone, or several departments handling it together (art. 42(2): 45 + 15)."""

    SINGLE = "single", "本机关办理"
    UNIFIED = "unified", "统一办理"
    JOINT = "joint", "联合办理"
    CENTRALISED = "centralised", "集中办理"


class HearingRequester(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    INTERESTED = "interested", "利害关系人"


class SuspensionKind(models.TextChoices):
    HEARING = "hearing", "听证"
    TESTING = "testing", "检验、检测、检疫"
    EXPERT = "expert", "鉴定、专家评审"


class LicenceApplication(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name="许可机关", on_delete=models.PROTECT,
                               related_name="licence_applications")
    power = models.ForeignKey("law.PowerItem", verbose_name="许可事项", on_delete=models.PROTECT,
                              related_name="licence_applications")
    kind = models.CharField("申请类型", max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.NEW)
    renewal_of = models.ForeignKey("licensing.Licence", verbose_name="申请延续的许可", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="renewal_applications")
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.RECEIVED)
    # ALL art. 26, 42(2): unified, joint or centralised handling has 45 (+15) working days.
    handling = models.CharField("办理方式", max_length=12, choices=Handling.choices, default=Handling.SINGLE)
    # The applicant. Personal data: never on public pages unmasked.
    applicant_kind = models.CharField("申请人类型", max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_code = models.CharField("身份证号码/统一社会信用代码", max_length=18, blank=True)
    applicant_address = models.CharField("住所（地址）", max_length=200, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=30, blank=True)
    subject = models.CharField("申请事项说明", max_length=200, blank=True)
    materials = models.JSONField("已提交材料", default=list, blank=True)
    missing_items = models.JSONField("需补正材料（最近一次告知）", default=list, blank=True)
    received_on = models.DateField("收到申请材料日期")
    # Completeness (ALL art. 32): correction notice within 5 working days, else accepted.
    completeness_due = models.DateField("补正告知期限", db_index=True)
    completeness_rule = models.CharField("补正告知期限规则", max_length=40)
    completeness_calendar = models.CharField("补正告知期限日历版本", max_length=40)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("逾期未告知补正视为受理", default=False)
    # Decision (ALL art. 42, 45): 20 working days, +10 with the head's approval; suspensions excluded.
    decision_due = models.DateField("许可决定期限", null=True, blank=True, db_index=True)
    decision_rule = models.CharField("许可决定期限规则", max_length=40, blank=True)
    decision_calendar = models.CharField("许可决定期限日历版本", max_length=40, blank=True)
    suspended_days = models.PositiveSmallIntegerField("不计入期限的工作日", default=0)
    extended = models.BooleanField("已延长决定期限", default=False)
    extension_reasons = models.TextField("延长理由", blank=True)
    extension_approver = models.ForeignKey("accounts.User", verbose_name="批准延长的负责人", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    extended_on = models.DateField("批准延长日期", null=True, blank=True)
    outcome = models.CharField("许可决定", max_length=10, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_late = models.BooleanField("超期作出决定", default=False)
    # ALL art. 50(2): a renewal not decided by the licence's expiry is deemed granted.
    deemed_granted = models.BooleanField("逾期未作决定视为准予延续", default=False)
    # Certificate (ALL art. 44): 10 working days from a decision to grant.
    certificate_due = models.DateField("颁发证件期限", null=True, blank=True, db_index=True)
    certificate_rule = models.CharField("颁发证件期限规则", max_length=40, blank=True)
    certificate_calendar = models.CharField("颁发证件期限日历版本", max_length=40, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    # Bumped by every step: a step that read an older version loses (two people, one application).
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "行政许可申请"
        verbose_name_plural = "行政许可申请"
        ordering: ClassVar[list[str]] = ["-received_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["agency", "status", "decision_due"], name="licapp_agency_status_due"),
            models.Index(fields=["status", "completeness_due"], name="licapp_status_completeness"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name}：{self.subject or self.power_id}"


class LicenceSuspension(models.Model):
    """Time for a hearing, testing or expert review: not counted (ALL art. 45), and the applicant is told."""

    application = models.ForeignKey(LicenceApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField("事由", max_length=10, choices=SuspensionKind.choices)
    reason = models.TextField("说明", blank=True)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)
    applicant_notified_on = models.DateField("书面告知申请人日期")
    working_days = models.PositiveSmallIntegerField("不计入期限的工作日", default=0)

    class Meta:
        verbose_name = "不计入许可期限的时间"
        verbose_name_plural = "不计入许可期限的时间"
        ordering: ClassVar[list[str]] = ["application_id", "start", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.start}–{self.end or ''}"


class Licence(models.Model):
    agency = models.ForeignKey("registry.Agency", verbose_name="发证机关", on_delete=models.PROTECT,
                               related_name="licences")
    application = models.OneToOneField(LicenceApplication, verbose_name="申请", on_delete=models.PROTECT,
                                       related_name="licence")
    number = models.CharField("许可证编号", max_length=60)
    holder_name = models.CharField("被许可人", max_length=100)
    holder_code = models.CharField("身份证号码/统一社会信用代码", max_length=18, blank=True)
    issued_on = models.DateField("发证日期")
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至", db_index=True)
    # ALL art. 50: apply for renewal "30日前" of expiry. Art. 82 turns the periods within which
    # the agency must act (实施行政许可的期限) into working days; this is not such a period but a
    # point fixed backwards from the expiry date and binding on the holder, so it is counted in
    # calendar days (as licences and the renewal notices based on them state it).
    renewal_due = models.DateField("申请延续截止日期", db_index=True)
    renewal_rule = models.CharField("申请延续截止日期规则", max_length=40, blank=True)

    class Meta:
        verbose_name = "行政许可证件"
        verbose_name_plural = "行政许可证件"
        ordering: ClassVar[list[str]] = ["agency_id", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "number"], name="licence_number_unique_in_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"


class LicenceHearing(models.Model):
    """A licensing hearing (ALL arts. 46–48): the right told, the request within 5 working days, the
    hearing held within 20 working days of the request; its time is not counted (art. 45)."""

    application = models.OneToOneField(LicenceApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="hearing")
    right_notified_on = models.DateField("告知听证权利日期")
    request_due = models.DateField("申请听证期限")
    request_rule = models.CharField("申请听证期限规则", max_length=40)
    request_calendar = models.CharField("申请听证期限日历版本", max_length=40)
    requested_on = models.DateField("申请听证日期", null=True, blank=True)
    requester_kind = models.CharField("申请人身份", max_length=12, choices=HearingRequester.choices, blank=True)
    requester_name = models.CharField("申请听证人", max_length=100, blank=True)
    hold_due = models.DateField("组织听证期限", null=True, blank=True, db_index=True)
    hold_rule = models.CharField("组织听证期限规则", max_length=40, blank=True)
    hold_calendar = models.CharField("组织听证期限日历版本", max_length=40, blank=True)
    notice_on = models.DateField("通知听证时间地点日期", null=True, blank=True)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    place = models.CharField("听证地点", max_length=200, blank=True)
    presider = models.ForeignKey("accounts.User", verbose_name="听证主持人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("举行听证日期", null=True, blank=True)
    held_late = models.BooleanField("超期组织听证", default=False)
    record = models.TextField("听证笔录要点", blank=True)
    suspension = models.OneToOneField(LicenceSuspension, verbose_name="不计入期限的时间", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="hearing")

    class Meta:
        verbose_name = "行政许可听证"
        verbose_name_plural = "行政许可听证"

    def __str__(self) -> str:
        return f"{self.application_id} 听证"


class LicenceExtension(models.Model):
    """A licence's validity extended on renewal (ALL art. 50): decided, or deemed granted because the
    renewal was not decided by the expiry."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="extensions")
    application = models.OneToOneField(LicenceApplication, verbose_name="延续申请", on_delete=models.PROTECT,
                                       related_name="licence_extension")
    previous_valid_to = models.DateField("原有效期至")
    valid_to = models.DateField("延续后有效期至")
    on_date = models.DateField("延续日期")
    deemed = models.BooleanField("视为准予延续", default=False)
    citation = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "行政许可延续"
        verbose_name_plural = "行政许可延续"
        ordering: ClassVar[list[str]] = ["licence_id", "on_date", "id"]

    def __str__(self) -> str:
        return f"{self.licence_id} → {self.valid_to}"


class LicenceStep(StepRecord):
    """The full-process record of an application: one row per step, with who, when and what."""

    application = models.ForeignKey(LicenceApplication, verbose_name="申请", on_delete=models.CASCADE, related_name="steps")
    on_date = models.DateField("办理日期")
    # StepRecord's columns, named in Chinese for the Django admin (where this record is listed).
    from_status = models.CharField("原状态", max_length=24, blank=True)
    to_status = models.CharField("新状态", max_length=24, blank=True)
    actor = models.ForeignKey("accounts.User", verbose_name="办理人", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # every step here is dated (law or the day it is taken)

    class Meta:
        verbose_name = "许可办理环节记录"
        verbose_name_plural = "许可办理环节记录"
        ordering: ClassVar[list[str]] = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.step}"
