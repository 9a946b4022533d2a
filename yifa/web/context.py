"""Template context shared by every internal page: who is signed in, and the menu they get."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from yifa.accounts.models import AGENCY_ROLES, Role
from yifa.registry import access
from yifa.web.i18n import tr
from yifa.web.todo import unread_count


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    #: Roles that get the item; empty means every member of staff.
    roles: frozenset[str] = frozenset()

    def url(self) -> str:
        return reverse(self.url_name)


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
        return gettext("%(region)s（区域）") % {"region": user.region.name}
    if user.is_agency_staff:
        return user.agency.name
    return ""


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
        "nav_items": [
            {"url": item.url(), "label": item.label, "name": item.url_name,
             "current": current.split("-")[0] == item.url_name.split("-")[0]}
            for item in items
        ],
    }
