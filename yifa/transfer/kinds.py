"""The registries that travel as spreadsheets, each with its columns and natural key."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from yifa.law.models import Law, PowerItem, Provision
from yifa.registry.models import Agency, Officer, Post, Unit
from yifa.transfer.columns import (
    AgencyColumn,
    BoolColumn,
    ChoiceColumn,
    ChoiceListColumn,
    Column,
    DateColumn,
    ExportOnlyColumn,
    GuardedChoiceColumn,
    IntColumn,
    LawColumn,
    ProvisionsColumn,
    RegionColumn,
    ResidentIdColumn,
    RuleColumn,
    SiblingColumn,
    TextColumn,
)


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    label_en: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    #: Fields that find the stored record a row stands for.
    key: tuple[str, ...]
    #: Other field sets that must not repeat inside one file.
    unique: tuple[tuple[str, ...], ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column_for(self, header: str) -> Column | None:
        return next((c for c in self.columns if c.header == header), None)

    def header_of(self, field: str | None) -> str | None:
        return next((c.header for c in self.columns if field and c.field == field), None)

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]


def _agency_name(obj: models.Model) -> str:
    return obj.agency.name  # type: ignore[attr-defined]


def _agency_columns(header: str = "执法主体统一社会信用代码") -> tuple[Column, ...]:
    name_header = header.replace("统一社会信用代码", "名称")
    return (
        AgencyColumn(header, "agency", required=True),
        ExportOnlyColumn(name_header, _agency_name),
    )


STATUS_REASON = (
    "证件状态不能通过导入变更，请使用证件管理功能（暂扣、注销须经法制机构）",
    "Certificate status cannot be changed by import; use certificate management.",
)

AGENCIES = Kind(
    slug="agencies", label="执法主体", label_en="Agencies", model=Agency,
    columns=(
        TextColumn("统一社会信用代码", "uscc", required=True, upper=True, width=22),
        TextColumn("名称", "name", required=True, width=30),
        TextColumn("简称（文号用）", "short_name"),
        ChoiceColumn("主体类型", "kind", Agency.Kind.choices, required=True),
        ChoiceColumn("类别", "sector", Agency.Sector.choices, default=Agency.Sector.DEPARTMENT),
        TextColumn("执法资格依据", "qualification_basis", required=True, width=40),
        RegionColumn("所在区划代码", "region", required=True),
        ExportOnlyColumn("所在区划名称", lambda a: a.region.name, width=12),
        TextColumn("所属人民政府", "parent_government", required=True, width=24),
        AgencyColumn("委托机关统一社会信用代码", "entrusted_by"),
        TextColumn("办公地址", "address", width=30),
        TextColumn("对外电话", "phone"),
        BoolColumn("有效", "is_active", default=True),
    ),
    key=("uscc",), related=("region", "entrusted_by"), order=("region__code", "name"),
)

UNITS = Kind(
    slug="units", label="内设机构", label_en="Internal units", model=Unit,
    columns=(
        *_agency_columns(),
        TextColumn("名称", "name", required=True, width=24),
        TextColumn("职责", "duties", width=40),
    ),
    key=("agency", "name"), related=("agency",), order=("agency__uscc", "name"),
)

POSTS = Kind(
    slug="posts", label="执法岗位", label_en="Enforcement posts", model=Post,
    columns=(
        *_agency_columns(),
        TextColumn("岗位名称", "name", required=True, width=24),
        SiblingColumn("内设机构", "unit", Unit, "内设机构"),
        TextColumn("岗位职责", "duties", required=True, width=40),
        IntColumn("编制人数", "headcount", default=1),
    ),
    key=("agency", "name"), related=("agency", "unit"), order=("agency__uscc", "name"),
)

OFFICERS = Kind(
    slug="officers", label="执法人员", label_en="Enforcement officers", model=Officer,
    columns=(
        TextColumn("执法证号", "certificate_no", required=True, width=18),
        TextColumn("姓名", "name", required=True, width=10),
        ResidentIdColumn("身份证号码", "resident_id", required=True),
        *_agency_columns(),
        SiblingColumn("内设机构", "unit", Unit, "内设机构"),
        SiblingColumn("执法岗位", "post", Post, "执法岗位"),
        TextColumn("发证机关", "issuing_authority", required=True, width=20),
        TextColumn("执法区域", "area", required=True),
        TextColumn("执法类别", "field"),
        DateColumn("有效期起", "valid_from", required=True),
        DateColumn("有效期至", "valid_until", required=True),
        GuardedChoiceColumn(
            "证件状态", "status", Officer.Status.choices, default=Officer.Status.ACTIVE,
            reason_zh=STATUS_REASON[0], reason_en=STATUS_REASON[1],
        ),
        BoolColumn("具备法制审核资格", "is_legal_reviewer"),
    ),
    key=("certificate_no",), unique=(("resident_id",),),
    related=("agency", "unit", "post"), order=("agency__uscc", "certificate_no"),
)

POWERS = Kind(
    slug="powers", label="职权事项", label_en="Power items", model=PowerItem,
    columns=(
        TextColumn("事项编码", "code", required=True, width=20),
        TextColumn("事项名称", "name", required=True, width=36),
        ChoiceColumn("权力类别", "category", PowerItem.Category.choices, required=True),
        *_agency_columns("实施主体统一社会信用代码"),
        SiblingColumn("承办机构", "unit", Unit, "内设机构"),
        SiblingColumn("执法岗位", "post", Post, "执法岗位"),
        ChoiceColumn("程序类型", "procedure", PowerItem.Procedure.choices, required=True, width=20),
        ProvisionsColumn("违则", "violated_provisions"),
        ProvisionsColumn("罚则（依据）", "penalty_provisions"),
        RuleColumn("法定时限规则编码", "time_limit_rule"),
        TextColumn("收费标准", "fee_standard"),
        ChoiceListColumn("处罚种类", "penalty_types", PowerItem.PenaltyType.choices),
        TextColumn("处罚标准", "penalty_standard", width=40),
        TextColumn("责任事项", "responsibility_items", width=40),
        TextColumn("追责情形", "accountability", width=40),
        BoolColumn("有效", "is_active", default=True),
    ),
    key=("code",), related=("agency", "unit", "post", "time_limit_rule"),
    prefetch=("violated_provisions__law", "penalty_provisions__law"),
    order=("agency__uscc", "code"),
)

LAWS = Kind(
    slug="laws", label="法律法规", label_en="Laws and regulations", model=Law,
    columns=(
        TextColumn("名称", "name", required=True, width=36),
        ChoiceColumn("效力层级", "kind", Law.Kind.choices, required=True),
        TextColumn("制定机关", "issuer", required=True, width=24),
        DateColumn("公布日期", "promulgated_on"),
        TextColumn("公布文号", "document_number", width=24),
    ),
    key=("name",), order=("name",),
)

PROVISIONS = Kind(
    slug="provisions", label="条款", label_en="Provisions", model=Provision,
    columns=(
        LawColumn("法律法规名称", "law", required=True),
        TextColumn("条款", "label", required=True, width=24),
        IntColumn("条", "article", required=True),
    ),
    key=("law", "label"), related=("law",), order=("law__name", "article", "label"),
)

KINDS: dict[str, Kind] = {
    k.slug: k for k in (AGENCIES, UNITS, POSTS, OFFICERS, POWERS, LAWS, PROVISIONS)
}
