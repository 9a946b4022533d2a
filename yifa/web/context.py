"""Template context shared by every internal page: who is signed in, and the menu they get."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext_lazy

from yifa.accounts.models import AGENCY_ROLES, Role
from yifa.lib import refcache
from yifa.registry import access
from yifa.registry.models import Agency, Region
from yifa.web.i18n import tr
from yifa.web.todo import unread_count


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    #: Roles that get the item; empty means every member of staff.
    roles: frozenset[str] = frozenset()

    def url(self) -> str:
        return menu_url(self.url_name)


#: The menu's URLs, reversed once per process (every page prints about twenty of them).
_URLS: dict[tuple[str, Any, str], str] = {}
#: The menu's markup by language, role, URL prefix and current item: the same few dozen strings
#: on every page, rendered once instead of through a template loop per request.
_MENUS: dict[tuple[Any, ...], SafeString] = {}


def menu_url(name: str) -> str:
    key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name)
    if key not in _URLS:
        _URLS[key] = reverse(name)
    return _URLS[key]


_OVERSIGHT = frozenset({Role.SUPERVISOR, Role.EFFICIENCY, Role.LEADER, Role.SYSADMIN})
_AGENCY_MANAGERS = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN})

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("home", pgettext_lazy("menu", "首页")),
    NavItem("cases:mine", pgettext_lazy("menu", "我的案件"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("coercion:list", pgettext_lazy("menu", "行政强制"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("inspections:list", pgettext_lazy("menu", "行政检查"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("licensing:list", pgettext_lazy("menu", "行政许可"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("enforcement:list", pgettext_lazy("menu", "强制执行"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("randomcheck:list", pgettext_lazy("menu", "双随机抽查"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("fines:ledger", pgettext_lazy("menu", "罚没款"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("disclosure:list", pgettext_lazy("menu", "执法公示"), frozenset(AGENCY_ROLES) | {Role.SUPERVISOR}),
    NavItem("registry:region-list", pgettext_lazy("menu", "行政区划"), _OVERSIGHT),
    NavItem("registry:agency-list", pgettext_lazy("menu", "执法主体")),
    NavItem("registry:unit-list", pgettext_lazy("menu", "内设机构"), _OVERSIGHT | _AGENCY_MANAGERS),
    NavItem("registry:post-list", pgettext_lazy("menu", "执法岗位"), _OVERSIGHT | _AGENCY_MANAGERS),
    NavItem("registry:officer-list", pgettext_lazy("menu", "执法人员")),
    NavItem("registry:power-list", pgettext_lazy("menu", "职权事项")),
    NavItem("registry:law-list", pgettext_lazy("menu", "法律法规")),
    NavItem("registry:rule-list", pgettext_lazy("menu", "法定时限")),
    NavItem("deadline", pgettext_lazy("menu", "期限计算")),
    NavItem("calendar", pgettext_lazy("menu", "节假日安排")),
    NavItem("transfer:index", pgettext_lazy("menu", "Excel导入导出")),
    NavItem("supervision:home", pgettext_lazy("menu", "执法监督"), _OVERSIGHT | _AGENCY_MANAGERS),
    NavItem("staff:list", pgettext_lazy("menu", "账号管理"), _AGENCY_MANAGERS | {Role.SYSADMIN}),
)


def nav_items_for(user: Any) -> list[NavItem]:
    if not access.is_staff_user(user):
        return []
    role = Role.SYSADMIN if user.is_sysadmin else user.role
    return [item for item in NAV_ITEMS if not item.roles or role in item.roles]


def scope_label(user: Any) -> str:
    """The agency or region whose records the user sees."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if user.is_sysadmin:
        return gettext("全部")
    if user.is_region_staff:
        return gettext("%(region)s（区域）") % {"region": _name(Region, user.region_id)}
    if user.is_agency_staff:
        return _name(Agency, user.agency_id)
    return ""


def _name(model: type[Agency] | type[Region], pk: int) -> str:
    """An agency's or a region's name: reference data, read once per process and version of it
    (yifa.lib.refcache), not once per page."""
    return refcache.memoised(f"{model._meta.label}.name", pk,
                             lambda key: str(model.objects.values_list("name", flat=True).get(pk=key)))


#: The current section's mark in the menu.
CURRENT = format_html(' aria-current="{}"', "page")


def current_group(view_name: str) -> str:
    return view_name.split("-")[0]


def menu_html(user: Any, items: list[NavItem], current: str) -> SafeString:
    """The menu's links (base.html), the current section marked."""
    role = Role.SYSADMIN if user.is_sysadmin else user.role
    key = (get_language(), role, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, current_group(current))
    if key not in _MENUS:
        _MENUS[key] = format_html_join("", '<a href="{}"{}>{}</a>', (
            (item.url(), CURRENT if key[-1] == current_group(item.url_name) else "", item.label) for item in items))
    return _MENUS[key]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    items = nav_items_for(user) if signed_in else []
    return {
        "role_label": tr(user.get_role_display()) if signed_in else "",  # type: ignore[union-attr]
        "scope_label": scope_label(user) if signed_in else "",
        "is_staff_user": signed_in and access.is_staff_user(user),
        # Lazy: counted only where a template shows it (the header), once per page.
        "unread_notifications": (lambda: unread_count(user)) if signed_in else 0,
        # Lazy: only the home page lists the items (base.html prints nav_html).
        "nav_items": lambda: [
            {"url": item.url(), "label": item.label, "name": item.url_name,
             "current": current_group(current) == current_group(item.url_name)}
            for item in items
        ],
        "nav_html": menu_html(user, items, current) if items else "",
    }
