"""Who may enforce: regions, agencies (执法主体), units, posts and officers."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from yifa.lib import pinyin, refcache
from yifa.lib.errors import one_language
from yifa.lib.idcodes import (
    canonical_or_typed,
    canonical_phone,
    canonical_resident_id,
    canonical_uscc,
    normalise,
    resident_id_problem,
    uscc_problem,
)
from yifa.registry.regions import Node, Tree, area_problem, resolve_area


def validate_uscc(value: str) -> None:
    if problem := uscc_problem(value):
        raise ValidationError(one_language(problem, "Invalid unified social credit code (GB 32100)."))


def validate_resident_id(value: str) -> None:
    if problem := resident_id_problem(value):
        raise ValidationError(one_language(problem, "Invalid resident ID number (GB 11643)."))


def check_same_agency(obj: models.Model, *names: str) -> None:
    """A record's unit or post must belong to the record's own agency."""
    for name in names:
        related = getattr(obj, name) if getattr(obj, f"{name}_id") else None
        if related is not None and related.agency_id != obj.agency_id:  # type: ignore[attr-defined]
            what = {"unit": ("内设机构", "unit"), "post": ("执法岗位", "post")}[name]
            raise ValidationError({name: f"{what[0]}不属于该执法主体 / The {what[1]} belongs to another agency."})


class Region(models.Model):
    """An administrative division (GB/T 2260 code; townships use the 9-digit GB/T 10114)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"
        TOWNSHIP = "township", "乡镇（街道）"

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of codes ("33/3307/330726/") so a subtree is one indexed prefix.
    path = models.CharField("层级路径", max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def save(self, *args: object, **kwargs: object) -> None:
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if not self.code.isdigit() or len(self.code) not in (6, 9, 12):
            raise ValidationError({"code": "行政区划代码应为6位（乡镇9位）数字 / Code must be 6 or 9 digits."})


def region_tree() -> Tree:
    """The region table as a `registry.regions.Tree` (kept per process until a region changes:
    refcache)."""
    return refcache.cached("region_tree", lambda: Tree.of(
        Node(c, n, p) for c, n, p in Region.objects.values_list("code", "name", "path")))


class Agency(models.Model):
    """An enforcement subject (执法主体): a body that enforces in its own name."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "法定行政机关"
        AUTHORISED = "authorised", "法律法规授权组织"
        ENTRUSTED = "entrusted", "受委托组织"

    class Sector(models.TextChoices):
        DEPARTMENT = "department", "县级部门"
        TOWNSHIP = "township", "乡镇（街道）"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称（文号用）", max_length=20, blank=True)
    kind = models.CharField("主体类型", max_length=12, choices=Kind.choices)
    sector = models.CharField("类别", max_length=12, choices=Sector.choices, default=Sector.DEPARTMENT)
    qualification_basis = models.TextField("执法资格依据")
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="agencies")
    parent_government = models.CharField("所属人民政府", max_length=100)
    entrusted_by = models.ForeignKey(
        "self", verbose_name="委托机关", null=True, blank=True,
        on_delete=models.PROTECT, related_name="entrusted",
    )
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("对外电话", max_length=30, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering: ClassVar[list[str]] = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Any = None) -> None:
        # Typed full-width or with spaces, the code is kept in its one stored form (yifa.lib.idcodes;
        # a bad one normalised, so that the validator names what is wrong); a phone too, where it is
        # one (a hotline such as 12315 is kept as given).
        self.uscc = canonical_or_typed(normalise(self.uscc or ""), canonical_uscc)
        self.phone = canonical_or_typed(self.phone, canonical_phone)
        super().clean_fields(exclude)

    def clean(self) -> None:
        if self.kind == self.Kind.ENTRUSTED and not self.entrusted_by_id:
            raise ValidationError(
                {"entrusted_by": "受委托组织必须写明委托机关 / An entrusted organisation needs its entrusting agency."}
            )


class Unit(models.Model):
    """An internal unit (内设机构) of an agency."""

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("名称", max_length=100)
    duties = models.TextField("职责", blank=True)

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering: ClassVar[list[str]] = ["agency_id", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["agency", "name"], name="unit_name_unique_in_agency")]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """An enforcement post (执法岗位) with its written duties."""

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="posts")
    unit = models.ForeignKey(Unit, verbose_name="内设机构", null=True, blank=True, on_delete=models.PROTECT, related_name="posts")
    name = models.CharField("岗位名称", max_length=100)
    duties = models.TextField("岗位职责")
    headcount = models.PositiveSmallIntegerField("编制人数", default=1)

    class Meta:
        verbose_name = "执法岗位"
        verbose_name_plural = "执法岗位"
        ordering: ClassVar[list[str]] = ["agency_id", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [models.UniqueConstraint(fields=["agency", "name"], name="post_name_unique_in_agency")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_same_agency(self, "unit")


class Officer(models.Model):
    """An enforcement officer (执法人员) and the certificate (执法证) that lets them act."""

    # Named for what it is: one name, one enum in the API's OpenAPI document (yifa.api.openapi).
    class CertificateStatus(models.TextChoices):
        ACTIVE = "active", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "注销（吊销）"
        EXPIRED = "expired", "过期"

    Status = CertificateStatus

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="officers")
    unit = models.ForeignKey(Unit, verbose_name="内设机构", null=True, blank=True, on_delete=models.PROTECT, related_name="officers")
    post = models.ForeignKey(Post, verbose_name="执法岗位", null=True, blank=True, on_delete=models.PROTECT, related_name="officers")
    name = models.CharField("姓名", max_length=50)
    # The name's pinyin (yifa.lib.pinyin.name_key), set on every save: lists sort 李四 before 张三.
    name_key = models.CharField("姓名拼音", max_length=255, blank=True, editable=False)
    resident_id = models.CharField("身份证号码", max_length=18, unique=True, validators=[validate_resident_id])
    certificate_no = models.CharField("执法证号", max_length=30, unique=True)
    issuing_authority = models.CharField("发证机关", max_length=100)
    area = models.CharField("执法区域", max_length=100)
    # The area as region codes (GB/T 2260), resolved from `area` against the region tree when the
    # certificate is entered (clean); the officer-on-case check compares these codes.
    area_codes = models.JSONField("执法区域代码", default=list, blank=True, editable=False)
    # Set by the data migration for stored areas that name no region (left for the registry to fix).
    area_unresolved = models.BooleanField("执法区域未能对应行政区划", default=False, editable=False)
    field = models.CharField("执法类别", max_length=50, blank=True)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")
    status = models.CharField("证件状态", max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    is_legal_reviewer = models.BooleanField("具备法制审核资格", default=False)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering: ClassVar[list[str]] = ["agency_id", "name_key", "name"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["agency", "status"], name="officer_agency_status"),
                                                 models.Index(fields=["agency", "name_key"], name="officer_agency_pinyin")]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Rows written without clean() (fixtures, bulk loads): resolve the typed area once, strictly.
        if not self.area_codes and self.area:
            resolved = resolve_area(self.area, region_tree())
            self.area_codes, self.area_unresolved = list(resolved.codes), not resolved.ok
        self.name_key = pinyin.name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude: Any = None) -> None:
        # Full-width, with spaces, or the old 15-digit form: stored as the one 18-character number.
        self.resident_id = canonical_or_typed(normalise(self.resident_id or ""), canonical_resident_id)
        super().clean_fields(exclude)

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "有效期至不能早于有效期起 / Validity ends before it starts."})
        check_same_agency(self, "unit", "post")
        if self.area:
            resolved = resolve_area(self.area, region_tree())
            if not resolved.ok:
                raise ValidationError({"area": area_problem(self.area, resolved)})
            self.area_codes, self.area_unresolved = list(resolved.codes), False

    def may_act_on(self, day: dt.date) -> bool:
        """A certificate lets its holder act only while active and within validity."""
        return self.status == self.Status.ACTIVE and self.valid_from <= day <= self.valid_until


class OfficerStatusChange(models.Model):
    """History of certificate status: each change with its reason and who made it."""

    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField("原状态", max_length=10, choices=Officer.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=10, choices=Officer.Status.choices)
    reason = models.CharField("原因", max_length=200)
    changed_at = models.DateTimeField("时间")
    changed_by = models.ForeignKey("accounts.User", verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "证件状态变更"
        verbose_name_plural = "证件状态变更"
        ordering: ClassVar[list[str]] = ["officer_id", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class TrainingRecord(models.Model):
    """Training hours, counted per officer and year against the yearly requirement."""

    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.CASCADE, related_name="training")
    year = models.PositiveSmallIntegerField("年度")
    course = models.CharField("培训内容", max_length=200)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    completed_on = models.DateField("完成日期")

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering: ClassVar[list[str]] = ["officer_id", "year", "completed_on"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["officer", "year"], name="training_officer_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.course}（{self.hours}学时）"
