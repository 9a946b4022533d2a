"""Create / edit pages and the certificate status form. Writes only through the actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.http import require_POST

from yifa.accounts.requests import signed_in
from yifa.lib.errors import ActionError
from yifa.registry import access
from yifa.registry.actions import change_officer_status, create_record, update_record
from yifa.registry.models import Officer, Post, Unit
from yifa.web.forms import OfficerForm, OfficerStatusForm, PostForm, ScopedModelForm, UnitForm
from yifa.web.i18n import tr
from yifa.web.views_common import can_create_any, get_record, staff_required
from yifa.web.views_registry import officer_context


@dataclass(frozen=True)
class Editor:
    model: type[models.Model]
    form: type[ScopedModelForm]
    key: str
    title: str | Promise


EDITORS = {
    "unit": Editor(Unit, UnitForm, "unit", pgettext_lazy("menu", "内设机构")),
    "post": Editor(Post, PostForm, "post", pgettext_lazy("menu", "执法岗位")),
    "officer": Editor(Officer, OfficerForm, "officer", pgettext_lazy("menu", "执法人员")),
}


def _render_form(request: HttpRequest, editor: Editor, form: Any, obj: Any = None,
                 error: ActionError | None = None) -> HttpResponse:
    status = error.status if error else (400 if form.is_bound else 200)
    return render(request, "registry/form.html", {
        "editor": editor, "form": form, "object": obj, "error": error,
        "cancel_url": reverse(f"registry:{editor.key}-detail", args=[obj.pk]) if obj
        else reverse(f"registry:{editor.key}-list"),
    }, status=status)


# A GET for a form the user could never submit is refused at once; a POST is always
# judged by the action itself (which refuses with Forbidden / ActionError, shown on the form).


def _create(request: HttpRequest, editor: Editor) -> HttpResponse:
    if request.method != "POST":
        if not can_create_any(request.user, editor.model):
            raise PermissionDenied(gettext("您无权新增此类记录。"))
        return _render_form(request, editor, editor.form(request.user))
    form = editor.form(request.user, request.POST)
    if not form.is_valid():
        return _render_form(request, editor, form)
    try:
        obj = create_record(editor.model, form.action_data(), acting_user=signed_in(request))
    except ActionError as err:
        return _render_form(request, editor, form, error=err)
    messages.success(request, gettext("已新增%(kind)s“%(name)s”。") % {"kind": editor.title, "name": obj})
    return redirect(f"registry:{editor.key}-detail", pk=obj.pk)


def _edit(request: HttpRequest, editor: Editor, pk: int) -> HttpResponse:
    obj = get_record(editor.model, pk, request.user)
    if request.method != "POST":
        if not access.can_edit(request.user, obj):
            raise PermissionDenied(gettext("您无权修改此记录。"))
        return _render_form(request, editor, editor.form(request.user, instance=obj), obj)
    # The form validates on a scratch copy; the action gets the record as stored, so its
    # audit event has the true "before".
    scratch = get_record(editor.model, pk, request.user)
    form = editor.form(request.user, request.POST, instance=scratch)
    if not form.is_valid():
        return _render_form(request, editor, form, obj)
    try:
        update_record(obj, form.action_data(), acting_user=signed_in(request))
    except ActionError as err:
        stored = get_record(editor.model, pk, request.user)
        return _render_form(request, editor, form, stored, error=err)
    messages.success(request, gettext("已保存%(kind)s“%(name)s”。") % {"kind": editor.title, "name": obj})
    return redirect(f"registry:{editor.key}-detail", pk=obj.pk)


def make_create_view(key: str) -> Any:
    @staff_required
    def view(request: HttpRequest) -> HttpResponse:
        return _create(request, EDITORS[key])

    view.__name__ = f"{key}_create"
    return view


def make_edit_view(key: str) -> Any:
    @staff_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _edit(request, EDITORS[key], pk)

    view.__name__ = f"{key}_edit"
    return view


unit_create, unit_edit = make_create_view("unit"), make_edit_view("unit")
post_create, post_edit = make_create_view("post"), make_edit_view("post")
officer_create, officer_edit = make_create_view("officer"), make_edit_view("officer")


@require_POST
@staff_required
def officer_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a certificate's status; the action decides who may and which moves are lawful."""
    officer = get_record(Officer, pk, request.user)
    form = OfficerStatusForm(officer, request.POST)
    to_status = request.POST.get("to_status", "")
    reason = request.POST.get("reason", "")
    try:
        change_officer_status(officer, to_status, reason, acting_user=signed_in(request))
    except ActionError as err:
        officer = get_record(Officer, pk, request.user)
        may_manage = access.can_manage_certificates(request.user, officer.agency)
        context = officer_context(request, officer, status_error=err,
                                  status_form=form if may_manage else None)
        return render(request, "registry/officer_detail.html", context, status=err.status)
    messages.success(request, gettext("执法证状态已变更为“%(status)s”。")
                     % {"status": tr(Officer.Status(to_status).label)})
    return redirect("registry:officer-detail", pk=pk)
