"""What the law says: laws, provisions with dated versions, and power items (职权事项)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from yifa.registry.models import check_same_agency
from yifa.workcal.dated import in_force


class Law(models.Model):
    class Kind(models.TextChoices):
        LAW = "law", "法律"
        ADMIN_REGULATION = "admin_regulation", "行政法规"
        LOCAL_REGULATION = "local_regulation", "地方性法规"
        DEPARTMENT_RULE = "department_rule", "部门规章"
        LOCAL_RULE = "local_rule", "地方政府规章"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("效力层级", max_length=20, choices=Kind.choices)
    issuer = models.CharField("制定机关", max_length=100)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    document_number = models.CharField("公布文号", max_length=100, blank=True)

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return f"《{self.name}》"


class Provision(models.Model):
    """An article (条) or a paragraph/item of one, e.g. 第六十三条第一款."""

    law = models.ForeignKey(Law, verbose_name="法律法规", on_delete=models.PROTECT, related_name="provisions")
    article = models.PositiveIntegerField("条")
    label = models.CharField("条款", max_length=50, help_text="例如：第六十三条第一款")

    class Meta:
        verbose_name = "条款"
        verbose_name_plural = "条款"
        ordering: ClassVar[list[str]] = ["law_id", "article", "label"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["law", "label"], name="provision_label_unique_in_law")]

    def __str__(self) -> str:
        return f"《{self.law.name}》{self.label}"

    def version_on(self, day: dt.date) -> ProvisionVersion | None:
        return in_force(self.versions.all(), day).first()


class ProvisionVersion(models.Model):
    """The text of a provision in force from one date to another (open-ended if current)."""

    provision = models.ForeignKey(Provision, verbose_name="条款", on_delete=models.CASCADE, related_name="versions")
    text = models.TextField("条文")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    source = models.CharField("来源", max_length=200)

    class Meta:
        verbose_name = "条文版本"
        verbose_name_plural = "条文版本"
        ordering: ClassVar[list[str]] = ["provision_id", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provision", "effective_from"], name="provision_version_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.provision_id}@{self.effective_from}"

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "失效日期早于施行日期 / Version ends before it starts."})


class PowerItem(models.Model):
    """A power (职权事项) an agency holds, with its legal basis, post and procedure."""

    class Category(models.TextChoices):
        LICENSING = "licensing", "行政许可"
        PENALTY = "penalty", "行政处罚"
        COERCION = "coercion", "行政强制"
        LEVY = "levy", "行政征收"
        BENEFIT = "benefit", "行政给付"
        INSPECTION = "inspection", "行政检查"
        CONFIRMATION = "confirmation", "行政确认"
        REWARD = "reward", "行政奖励"
        ADJUDICATION = "adjudication", "行政裁决"
        OTHER = "other", "其他行政权力"

    class Procedure(models.TextChoices):
        PENALTY_ORDINARY = "penalty_ordinary", "行政处罚普通程序"
        PENALTY_SIMPLE = "penalty_simple", "行政处罚简易程序"
        LICENSING = "licensing", "行政许可程序"
        COERCION = "coercion", "行政强制措施程序"
        INSPECTION = "inspection", "行政检查程序"
        GENERAL = "general", "一般行政程序"

    class PenaltyType(models.TextChoices):
        WARNING = "warning", "警告、通报批评"
        FINE = "fine", "罚款"
        CONFISCATION = "confiscation", "没收违法所得、没收非法财物"
        LICENCE = "licence", "暂扣许可证件、降低资质等级、吊销许可证件"
        RESTRICTION = "restriction", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业"
        DETENTION = "detention", "行政拘留"
        OTHER = "other", "法律、行政法规规定的其他行政处罚"

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("事项名称", max_length=300)
    category = models.CharField("权力类别", max_length=15, choices=Category.choices, db_index=True)
    agency = models.ForeignKey("registry.Agency", verbose_name="实施主体", on_delete=models.PROTECT, related_name="powers")
    unit = models.ForeignKey("registry.Unit", verbose_name="承办机构", null=True, blank=True, on_delete=models.PROTECT, related_name="powers")
    post = models.ForeignKey("registry.Post", verbose_name="执法岗位", null=True, blank=True, on_delete=models.PROTECT, related_name="powers")
    procedure = models.CharField("程序类型", max_length=20, choices=Procedure.choices)
    violated_provisions = models.ManyToManyField(Provision, verbose_name="违则", blank=True, related_name="violated_by_powers")
    penalty_provisions = models.ManyToManyField(Provision, verbose_name="罚则（依据）", blank=True, related_name="basis_of_powers")
    time_limit_rule = models.ForeignKey(
        "workcal.DeadlineRule", verbose_name="法定时限", null=True, blank=True, on_delete=models.PROTECT, related_name="powers",
    )
    fee_standard = models.CharField("收费标准", max_length=200, blank=True, default="不收费")
    penalty_types = models.JSONField("处罚种类", default=list, blank=True)
    penalty_standard = models.TextField("处罚标准", blank=True)
    responsibility_items = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "职权事项"
        verbose_name_plural = "职权事项"
        ordering: ClassVar[list[str]] = ["agency_id", "code"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "category"], name="power_agency_category")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        allowed = set(self.PenaltyType.values)
        if not isinstance(self.penalty_types, list) or not set(self.penalty_types) <= allowed:
            raise ValidationError({"penalty_types": "处罚种类不在行政处罚法第九条所列范围内 / Unknown penalty type (APL art. 9)."})
        if self.penalty_types and self.category != self.Category.PENALTY:
            raise ValidationError({"penalty_types": "只有行政处罚事项可以设定处罚种类 / Only penalty items carry penalty types."})
        check_same_agency(self, "unit", "post")
