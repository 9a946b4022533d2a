"""Random inspections (双随机、一公开, 国办发〔2015〕58号): an agency's directory of inspected
entities (名录库) and pool of inspectors (执法检查人员库), and inspection plans (抽查计划) that draw
entities and inspectors at random — seed, method and the candidates' hash recorded, so that the
draw can be repeated — whose inspections are recorded against the plan and published."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from yifa.workflow.records import StepRecord


class Entity(models.Model):
    """An entry of the agency's directory of inspected entities (检查对象名录库)."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT,
                               related_name="check_entities")
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    sector = models.CharField("行业", max_length=50)
    region = models.ForeignKey("registry.Region", verbose_name="所在区域", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录库"
        ordering: ClassVar[list[str]] = ["agency_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "credit_code"], name="check_entity_unique_code"),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "id"], name="check_entity_agency")]

    def __str__(self) -> str:
        return self.name


class Inspector(models.Model):
    """An officer in the agency's pool of inspectors (执法检查人员库)."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT,
                               related_name="check_inspectors")
    officer = models.ForeignKey("registry.Officer", verbose_name="执法人员", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "执法检查人员"
        verbose_name_plural = "执法检查人员库"
        ordering: ClassVar[list[str]] = ["agency_id", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agency", "officer"], name="check_inspector_unique"),
        ]

    def __str__(self) -> str:
        return str(self.officer)


class Recusal(models.Model):
    """An inspector who must never be drawn for an entity (APL 43: 回避)."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey("registry.Officer", verbose_name="执法人员", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(Entity, verbose_name="检查对象", on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField("回避理由", max_length=200)

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = "回避"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["officer", "entity"], name="check_recusal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}/{self.entity_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "待抽取"
    DRAWN = "drawn", "已抽取"
    PUBLISHED = "published", "已公开"


class Plan(models.Model):
    """抽查计划: scope, the directory filter, how many to draw, the period; once drawn, the seed,
    method and the ordered candidates (ids and their SHA-256) that make the draw repeatable."""

    agency = models.ForeignKey("registry.Agency", verbose_name="执法主体", on_delete=models.PROTECT,
                               related_name="check_plans")
    title = models.CharField("计划名称", max_length=200)
    scope = models.TextField("抽查事项和范围")
    sector = models.CharField("行业（不填为全部）", max_length=50, blank=True)
    region = models.ForeignKey("registry.Region", verbose_name="区域（不填为全部）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    ratio = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField("抽查数量", null=True, blank=True)
    inspectors_per_entity = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    starts_on = models.DateField("检查期间起")
    ends_on = models.DateField("检查期间止")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    seed = models.CharField("随机种子", max_length=64, blank=True)
    method = models.CharField("抽取方法", max_length=40, blank=True)
    candidate_ids = models.JSONField("候选对象（按编号排序）", default=list, blank=True)
    candidates_hash = models.CharField("候选对象摘要（SHA-256）", max_length=64, blank=True)
    pool_ids = models.JSONField("候选检查人员（按编号排序）", default=list, blank=True)
    pool_hash = models.CharField("候选检查人员摘要（SHA-256）", max_length=64, blank=True)
    drawn_on = models.DateField("抽取日期", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering: ClassVar[list[str]] = ["-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "-id"], name="check_plan_agency")]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """An entity drawn by a plan, with its inspectors and, once done, the inspection record. The
    entity's name and code are copied at the draw: what was drawn is published as it was."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("抽取顺序")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    entity_name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    inspectors = models.ManyToManyField("registry.Officer", related_name="+")
    inspection = models.OneToOneField("inspections.Inspection", verbose_name="检查记录", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="plan_item")

    class Meta:
        ordering: ClassVar[list[str]] = ["plan_id", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "entity"], name="check_item_unique_entity"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.position} {self.entity_name}"


class PlanStep(StepRecord):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering: ClassVar[list[str]] = ["plan_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.step}"
