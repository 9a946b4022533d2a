"""Discretion benchmarks (裁量基准, APL 34; 国办发〔2022〕27号) as data.

A benchmark row is authored in a YAML file under yifa/discretion/benchmarks/ and loaded here
(`yifa benchmarks load`, and after every migrate): the violation, its provisions, the statutory
range, the tiers and the facts that select them (`spec`, compiled by yifa.discretion.engine).
An Assessment is what the engine recommended for one case, and what was decided against it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class Tier(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    ORDINARY = "ordinary", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


class Benchmark(models.Model):
    code = models.CharField("基准编码", max_length=60)
    sector = models.CharField("领域", max_length=40, db_index=True)
    sector_name = models.CharField("领域名称", max_length=60)
    violation = models.CharField("违法行为", max_length=300)
    violated_citation = models.CharField("违则", max_length=200)
    penalty_citation = models.CharField("罚则", max_length=200)
    # Linked where the law is in Yifa (law.ProvisionVersion in force on effective_from); else the citation text.
    violated_version = models.ForeignKey("law.ProvisionVersion", verbose_name="违则条文", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    penalty_version = models.ForeignKey("law.ProvisionVersion", verbose_name="罚则条文", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    spec = models.JSONField("基准内容")  # range, tiers, factors, golden cases: the file's entry, defaults merged
    digest = models.CharField("内容摘要", max_length=64)
    source_file = models.CharField("来源文件", max_length=100)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering: ClassVar[list[str]] = ["sector", "code", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="benchmark_version_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.violation}"


class NoPenaltyItem(models.Model):
    """An entry of a sector's published no-penalty list (首违不罚 / 轻微免罚, APL 33)."""

    class Kind(models.TextChoices):
        FIRST = "first", "首违不罚"
        MINOR = "minor", "轻微免罚"

    sector = models.CharField("领域", max_length=40, db_index=True)
    benchmark_code = models.CharField("基准编码", max_length=60, db_index=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    conditions = models.JSONField("适用条件")
    lookback_years = models.PositiveSmallIntegerField("同类违法回溯年限")
    citation = models.CharField("依据", max_length=200)
    source_file = models.CharField("来源文件", max_length=100)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "不予处罚清单事项"
        verbose_name_plural = "不予处罚清单"
        ordering: ClassVar[list[str]] = ["sector", "benchmark_code", "kind"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["benchmark_code", "kind", "effective_from"], name="no_penalty_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.benchmark_code}"


class Assessment(models.Model):
    """The engine's recommendation for a case, and the decision measured against it.

    `outside_band` is the stored flag the supervisor side queries (a decision outside the
    benchmark needs written reasons and legal review: DB; APL 34)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    agency = models.ForeignKey("registry.Agency", on_delete=models.PROTECT, related_name="+")
    benchmark = models.ForeignKey(Benchmark, verbose_name="裁量基准", on_delete=models.PROTECT, related_name="assessments")
    facts = models.JSONField("认定情节")
    tier = models.CharField("建议裁量阶次", max_length=12, choices=Tier.choices)
    band_min = models.DecimalField("建议罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    band_max = models.DecimalField("建议罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    explanation = models.JSONField("裁量说明")
    assessed_on = models.DateField("裁量日期")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided = models.BooleanField("已据此决定", default=False)
    decided_fine = models.DecimalField("决定罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    outside_band = models.BooleanField("超出裁量基准", default=False)
    outside_reasons = models.TextField("超出基准的理由", blank=True)

    class Meta:
        verbose_name = "裁量基准适用"
        verbose_name_plural = "裁量基准适用"
        ordering: ClassVar[list[str]] = ["case_id", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            # The supervisor's list of decisions outside the benchmark, per agency.
            models.Index(fields=["agency", "outside_band", "-id"], name="assessment_outside_band"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.benchmark_id}:{self.tier}"


# Named for what it is: the OpenAPI document names each schema after its class (one name, one enum).
class DiscretionHarm(models.TextChoices):
    NONE = "none", "无危害后果"
    SLIGHT = "slight", "危害后果轻微"
    ORDINARY = "ordinary", "有一定危害后果"
    SERIOUS = "serious", "危害后果严重"
