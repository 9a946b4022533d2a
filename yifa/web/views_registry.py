"""Registry pages: lists with search, filters and pages, and one detail page per record."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yifa.law.models import Law, PowerItem, ProvisionVersion
from yifa.lib.masking import mask_resident_id
from yifa.registry import access
from yifa.registry.models import Agency, Officer, Post, Region, Unit
from yifa.web import registry_rows
from yifa.web.forms import OfficerStatusForm
from yifa.web.i18n import tr
from yifa.web.views_common import (
    Filter,
    Listing,
    agency_choices,
    get_record,
    list_page,
    staff_required,
    static_choices,
)
from yifa.workcal.models import DeadlineRule

LISTINGS: dict[str, Listing] = {
    "region": Listing(
        Region, pgettext_lazy("menu", "行政区划"), "registry/_region_table.html", rows=registry_rows.region_rows,
        search=("code", "name"), search_hint=_("代码或名称"),
        filters=(Filter("level", _("层级"), "level", static_choices(Region.Level.choices)),),
        related=("parent",), order=("path",),
    ),
    "agency": Listing(
        Agency, pgettext_lazy("menu", "执法主体"), "registry/_agency_table.html", rows=registry_rows.agency_rows,
        search=("name", "short_name", "uscc"), search_hint=_("名称或信用代码"),
        filters=(
            Filter("kind", _("主体类型"), "kind", static_choices(Agency.Kind.choices)),
            Filter("sector", _("类别"), "sector", static_choices(Agency.Sector.choices)),
        ),
        related=("region",),
    ),
    "unit": Listing(
        Unit, pgettext_lazy("menu", "内设机构"), "registry/_unit_table.html", rows=registry_rows.unit_rows,
        search=("name", "duties"), search_hint=_("机构名称或职责"),
        filters=(Filter("agency", _("执法主体"), "agency_id", agency_choices),),
        related=("agency",), create_url="registry:unit-new",
    ),
    "post": Listing(
        Post, pgettext_lazy("menu", "执法岗位"), "registry/_post_table.html", rows=registry_rows.post_rows,
        search=("name", "duties"), search_hint=_("岗位名称或职责"),
        filters=(Filter("agency", _("执法主体"), "agency_id", agency_choices),),
        related=("agency", "unit"), create_url="registry:post-new",
    ),
    "officer": Listing(
        Officer, pgettext_lazy("menu", "执法人员"), "registry/_officer_table.html", rows=registry_rows.officer_rows,
        search=("name", "certificate_no"), search_hint=_("姓名或执法证号"),
        filters=(
            Filter("status", _("证件状态"), "status", static_choices(Officer.Status.choices)),
            Filter("agency", _("执法主体"), "agency_id", agency_choices),
        ),
        related=("agency",), create_url="registry:officer-new",  # the table prints no unit or post
        only=("name", "certificate_no", "field", "valid_until", "status", "area_unresolved", "agency", "agency__name"),
    ),
    "law": Listing(
        Law, pgettext_lazy("menu", "法律法规"), "registry/_law_table.html", rows=registry_rows.law_rows,
        search=("name", "issuer", "document_number"), search_hint=_("名称、制定机关或文号"),
        filters=(Filter("kind", _("效力层级"), "kind", static_choices(Law.Kind.choices)),),
        annotate={"provision_count": Count("provisions")}, order=("name",),
    ),
    "power": Listing(
        PowerItem, pgettext_lazy("menu", "职权事项"), "registry/_power_table.html", rows=registry_rows.power_rows,
        search=("code", "name"), search_hint=_("事项编码或名称"),
        filters=(
            Filter("category", _("权力类别"), "category", static_choices(PowerItem.Category.choices)),
            Filter("agency", _("实施主体"), "agency_id", agency_choices),
        ),
        related=("agency", "time_limit_rule"),
        only=("code", "name", "is_active", "category", "agency", "agency__name", "time_limit_rule",
              "time_limit_rule__count", "time_limit_rule__unit"),
    ),
    "rule": Listing(
        DeadlineRule, pgettext_lazy("menu", "法定时限规则"), "registry/_rule_table.html", rows=registry_rows.rule_rows,
        search=("code", "name", "citation"), search_hint=_("编码、名称或依据"),
        filters=(Filter("unit", _("计算方式"), "unit",
                        static_choices(DeadlineRule._meta.get_field("unit").choices)),),
    ),
}


def make_list_view(key: str) -> Any:
    listing = LISTINGS[key]

    @staff_required
    def view(request: HttpRequest) -> HttpResponse:
        return list_page(request, listing)

    view.__name__ = f"{key}_list"
    return view


region_list = make_list_view("region")
agency_list = make_list_view("agency")
unit_list = make_list_view("unit")
post_list = make_list_view("post")
officer_list = make_list_view("officer")
law_list = make_list_view("law")
power_list = make_list_view("power")
rule_list = make_list_view("rule")


def _edit_flag(request: HttpRequest, obj: Any) -> bool:
    return access.can_edit(request.user, obj)


@staff_required
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_record(Region, pk, request.user)
    ancestor_codes = region.path.strip("/").split("/")[:-1]
    return render(request, "registry/region_detail.html", {
        "region": region,
        "ancestors": Region.objects.filter(code__in=ancestor_codes).order_by("path"),
        "children": region.children.order_by("code"),
        "agencies": access.scoped(Agency, request.user).filter(region=region).order_by("name"),
    })


@staff_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_record(Agency, pk, request.user)
    officers = access.scoped(Officer, request.user).filter(agency=agency)
    powers = access.scoped(PowerItem, request.user).filter(agency=agency)
    return render(request, "registry/agency_detail.html", {
        "agency": agency,
        "units": access.scoped(Unit, request.user).filter(agency=agency).order_by("name"),
        "posts": access.scoped(Post, request.user).filter(agency=agency).select_related("unit"),
        "officer_status": status_counts(officers),
        "power_categories": category_counts(powers),
        "can_edit": _edit_flag(request, agency),
    })


@staff_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_record(Unit, pk, request.user)
    return render(request, "registry/unit_detail.html", {
        "unit": unit,
        "posts": access.scoped(Post, request.user).filter(unit=unit),
        "officers": access.scoped(Officer, request.user).filter(unit=unit),
        "can_edit": _edit_flag(request, unit),
    })


@staff_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_record(Post, pk, request.user)
    return render(request, "registry/post_detail.html", {
        "post": post,
        "officers": access.scoped(Officer, request.user).filter(post=post),
        "powers": access.scoped(PowerItem, request.user).filter(post=post),
        "can_edit": _edit_flag(request, post),
    })


def officer_context(request: HttpRequest, officer: Officer, **extra: Any) -> dict[str, Any]:
    user = request.user
    full_id = access.can_see_full_id(user, officer)
    may_manage = access.can_manage_certificates(user, officer.agency)
    status_form = extra.pop("status_form", None)
    if status_form is None and may_manage:
        status_form = OfficerStatusForm(officer)
    return {
        "officer": officer,
        "resident_id": officer.resident_id if full_id else mask_resident_id(officer.resident_id),
        "id_masked": not full_id,
        "history": officer.status_history.select_related("changed_by")
        .order_by("-changed_at", "-id"),
        "training_years": officer.training.order_by("-year").values("year")
        .annotate(hours=Sum("hours"), courses=Count("id")),
        "training": officer.training.order_by("-completed_on"),
        "can_edit": _edit_flag(request, officer),
        "can_manage": may_manage,
        "status_form": status_form,
        **extra,
    }


@staff_required
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_record(Officer, pk, request.user)
    return render(request, "registry/officer_detail.html", officer_context(request, officer))


@staff_required
def law_detail(request: HttpRequest, pk: int) -> HttpResponse:
    law = get_record(Law, pk, request.user)
    provisions = law.provisions.prefetch_related(
        Prefetch("versions", queryset=ProvisionVersion.objects.order_by("effective_from"))
    )
    return render(request, "registry/law_detail.html", {"law": law, "provisions": provisions})


@staff_required
def power_detail(request: HttpRequest, pk: int) -> HttpResponse:
    power = get_record(PowerItem, pk, request.user)
    labels = dict(PowerItem.PenaltyType.choices)
    return render(request, "registry/power_detail.html", {
        "power": power,
        "violated": power.violated_provisions.select_related("law"),
        "basis": power.penalty_provisions.select_related("law"),
        "penalty_types": [tr(labels.get(t, t)) for t in power.penalty_types or []],
    })


@staff_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_record(DeadlineRule, pk, request.user)
    return render(request, "registry/rule_detail.html", {
        "rule": rule,
        "versions": access.scoped(DeadlineRule, request.user).filter(code=rule.code)
        .order_by("effective_from"),
        "powers": access.scoped(PowerItem, request.user).filter(time_limit_rule__code=rule.code)
        .select_related("agency"),
    })


def counts_by(qs: Any, field: str) -> dict[Any, int]:
    """The records of `qs` counted per value of `field` (one grouped query; their sum is the total)."""
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("id"))}


def status_counts(officers: Any, counts: dict[Any, int] | None = None) -> list[dict[str, Any]]:
    counts = counts_by(officers, "status") if counts is None else counts
    return [{"value": v, "label": tr(label), "count": counts.get(v, 0)}
            for v, label in Officer.Status.choices]


def category_counts(powers: Any, counts: dict[Any, int] | None = None) -> list[dict[str, Any]]:
    counts = counts_by(powers, "category") if counts is None else counts
    return [{"value": v, "label": tr(label), "count": counts.get(v, 0)}
            for v, label in PowerItem.Category.choices if counts.get(v)]
