"""The holiday calendar as data, and statutory time-limit rules with their citation."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from yifa.lib.workdays import DayUnit

#: Why a calendar-day period ending on a holiday moves to the next working day (statutes.md §1).
ROLL_OVER_CITATION = "《民法典》第二百零三条；《民事诉讼法》第八十五条；行业行政处罚程序规定"


class CalendarYear(models.Model):
    """A year whose State Council holiday notice is loaded; `version` rises on each edit."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering: ClassVar[list[str]] = ["year"]

    def __str__(self) -> str:
        return f"{self.year}（v{self.version}）"


class CalendarDay(models.Model):
    """An exception to Monday–Friday: a weekday holiday or a weekend make-up working day."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("说明", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering: ClassVar[list[str]] = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'调休上班' if self.is_workday else '放假'} {self.name}"


class DeadlineRule(models.Model):
    """A statutory period: how many days, which kind, from what, and where the law says so.

    Effective-dated: a change of law adds a row with a later `effective_from`.
    """

    code = models.CharField("规则编码", max_length=40)
    name = models.CharField("名称", max_length=200)
    count = models.PositiveIntegerField("天数")
    unit = models.CharField("计算方式", max_length=10, choices=[(DayUnit.WORKING.value, "工作日"), (DayUnit.CALENDAR.value, "自然日")])
    trigger = models.CharField("起算事件", max_length=100)
    citation = models.CharField("法律依据", max_length=200)
    # 民法典 203 and the sector procedure rules: a last day on a holiday moves to the next working
    # day; on by default (statutes.md §1), off where the law fixes a maximum term.
    rolls_over = models.BooleanField("期间届满日为节假日的顺延", default=True)
    rolls_over_citation = models.CharField("顺延依据", max_length=200, blank=True, default=ROLL_OVER_CITATION)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "法定时限规则"
        verbose_name_plural = "法定时限规则"
        ordering: ClassVar[list[str]] = ["code", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["code", "effective_from"], name="deadline_rule_unique_start")]

    def __str__(self) -> str:
        kind = "个工作日" if self.unit == DayUnit.WORKING else "日"
        return f"{self.code}：{self.name}（{self.count}{kind}，{self.citation}）"

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "失效日期早于施行日期 / Rule ends before it starts."})
        if self.rolls_over and not self.rolls_over_citation.strip():
            self.rolls_over_citation = ROLL_OVER_CITATION  # the general rule (民法典 203) unless one is given


class LegalParameter(models.Model):
    """A number the law or local policy sets (a threshold, a rate, a requirement), with its
    citation and the dates it is in force. Effective-dated like DeadlineRule: a change of law
    adds a row, it never edits history.
    """

    code = models.CharField("参数编码", max_length=40)
    name = models.CharField("名称", max_length=200)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    unit = models.CharField("单位", max_length=20)
    citation = models.CharField("依据", max_length=200)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "法定参数"
        verbose_name_plural = "法定参数"
        ordering: ClassVar[list[str]] = ["code", "effective_from"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["code", "effective_from"], name="legal_parameter_unique_start")]

    def __str__(self) -> str:
        return f"{self.code}：{self.name} = {self.value}{self.unit}（{self.citation}）"

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "失效日期早于施行日期 / Parameter ends before it starts."})


class ReferenceVersion(models.Model):
    """One row whose counter rises whenever cached reference data is written: how other
    processes learn that their copy (yifa.lib.refcache) is stale."""

    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "参考数据版本"
        verbose_name_plural = "参考数据版本"

    def __str__(self) -> str:
        return f"v{self.n}"

    @classmethod
    def read(cls) -> int:
        """The committed counter (0 before the first write)."""
        found = cls.objects.filter(pk=1).values_list("n", flat=True).first()
        return found if found is not None else 0

    @classmethod
    def bump(cls) -> None:
        """Raise the counter by one, inside the caller's transaction."""
        if not cls.objects.filter(pk=1).update(n=models.F("n") + 1):
            cls.objects.get_or_create(pk=1, defaults={"n": 1})
