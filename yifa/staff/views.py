"""The staff logins of an agency (/staff/) and the audit trail (/audit/): thin pages over
yifa.staff.access (reads) and yifa.staff.actions (writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from yifa.accounts.models import User
from yifa.audit.models import AuditEvent
from yifa.lib.errors import ActionError, Forbidden, NotFound, one_language
from yifa.staff import actions
from yifa.staff.access import access_user, events_about, events_by, may_list_users, may_manage, users_for
from yifa.staff.forms import ChangeForm, LoginForm, OwnPasswordForm, PasswordForm
from yifa.staff.trail import RECORDS, chain_state, rows
from yifa.web.lists import Page, page_number, page_slice
from yifa.web.views_common import staff_required


def _user(pk: Any, viewer: Any) -> User:
    try:
        return access_user(pk, viewer)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None


@staff_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    viewer: Any = request.user
    if not may_list_users(viewer):
        raise PermissionDenied(gettext("账号由本机关管理员管理。"))
    number = page_number(request.GET.get("page"))
    users, has_next = page_slice(users_for(viewer).order_by("name_key", "username", "id"), number)
    return render(request, "staff/list.html", {
        "page": Page(number, [{"user": u} for u in users], has_next), "show_agency": viewer.is_sysadmin,
        "may_create": may_manage(viewer, None)})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    viewer: Any = request.user
    if not may_manage(viewer, None):
        raise PermissionDenied(gettext("账号由本机关管理员管理。"))
    form = LoginForm(request.POST or None, agency_id=viewer.agency_id, choose_agency=viewer.is_sysadmin)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = actions.create_login(
                agency=data.get("agency") or viewer.agency, username=data["username"],
                display_name=data["display_name"], role=data["role"], officer=data["officer"],
                password=data["password"] or None, acting_user=viewer)
        except Forbidden as exc:
            raise PermissionDenied(str(one_language(exc.zh, exc.en))) from None
        except ActionError as exc:
            error = exc
        else:
            return _detail(request, user, shown_password=password if not data["password"] else "")
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/new.html", {"form": form, "error": error}, status=status)


def _detail(request: HttpRequest, user: User, *, shown_password: str = "", error: ActionError | None = None,
            change: ChangeForm | None = None, status: int = 200) -> HttpResponse:
    viewer: Any = request.user
    manage = may_manage(viewer, user)
    if manage and change is None:
        change = ChangeForm(initial={"display_name": user.display_name, "role": user.role, "officer": user.officer_id},
                            agency_id=user.agency_id, current_officer=user.officer_id)
    return render(request, "staff/detail.html", {
        "person": user, "manage": manage, "change": change, "password_form": PasswordForm() if manage else None,
        "shown_password": shown_password, "error": error, "is_self": viewer.pk == user.pk}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer: Any = request.user
    user = _user(pk, viewer)
    if request.method == "GET":
        return _detail(request, user)
    if not may_manage(viewer, user):
        raise PermissionDenied(gettext("您无权管理该账号。"))
    op = request.POST.get("op", "")
    try:
        if op == "change":
            form = ChangeForm(request.POST, agency_id=user.agency_id, current_officer=user.officer_id)
            if not form.is_valid():
                return _detail(request, user, change=form, status=400)
            data = form.cleaned_data
            actions.change_login(user, role=data["role"], display_name=data["display_name"],
                                 officer=data["officer"], acting_user=viewer)
        elif op in ("deactivate", "activate"):
            actions.set_active(user, op == "activate", acting_user=viewer)
        elif op == "password":
            given = request.POST.get("password", "")
            password = actions.reset_password(user, password=given or None, acting_user=viewer)
            return _detail(request, _user(pk, viewer), shown_password="" if given else password)
        else:
            return _detail(request, user, error=ActionError("请选择要执行的操作。", "Choose what to do."), status=400)
    except Forbidden as exc:
        raise PermissionDenied(str(one_language(exc.zh, exc.en))) from None
    except ActionError as exc:
        return _detail(request, user, error=exc, status=400)
    return redirect(reverse("staff:detail", args=[user.pk]))


def _trail(request: HttpRequest, events: Any, context: dict[str, Any]) -> HttpResponse:
    number = page_number(request.GET.get("page"))
    shown: list[AuditEvent]
    shown, has_next = page_slice(events, number)
    return render(request, "staff/trail.html", context | {
        "page": Page(number, rows(shown), has_next), "chain": chain_state()})


@staff_required
@require_GET
def user_trail(request: HttpRequest, pk: int) -> HttpResponse:
    """What one person did: for themselves, their agency's admin and head, region staff, sysadmins."""
    user = _user(pk, request.user)
    return _trail(request, events_by(user), {"person": user, "title": str(user)})


@staff_required
@require_GET
def record_trail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """What was done to one record: for whoever may see the record."""
    if kind not in RECORDS:
        raise Http404(gettext("记录不存在。"))
    object_type, load = RECORDS[kind]
    try:
        obj = load(pk, request.user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None
    return _trail(request, events_about(object_type, obj.pk), {"record": obj, "title": str(obj)})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """One's own password: required after a generated one-time password (yifa.staff.middleware)."""
    viewer: Any = request.user
    goal = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(goal, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        goal = ""
    form = OwnPasswordForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.change_own_password(viewer, old_password=data["old_password"],
                                               new_password=data["new_password"], acting_user=viewer)
        except Forbidden as exc:
            raise PermissionDenied(str(one_language(exc.zh, exc.en))) from None
        except ActionError as exc:
            error = exc
        else:
            update_session_auth_hash(request, user)  # stay signed in with the new password
            messages.success(request, gettext("密码已修改。"))
            return redirect(goal or reverse("home"))
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/password.html", {
        "form": form, "error": error, "next": goal, "required": viewer.must_change_password}, status=status)
