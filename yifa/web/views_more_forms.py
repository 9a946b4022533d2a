"""Create / edit pages for agencies, laws, provisions, provision versions, power items and
time-limit rules. Same flow as yifa.web.views_forms: every write goes through the actions, a
refusal is shown on the form in the page language and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from yifa.accounts.requests import signed_in
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.errors import ActionError
from yifa.registry import access
from yifa.registry.actions import create_record, create_version, update_record
from yifa.registry.models import Agency
from yifa.web.forms_more import (
    AgencyForm,
    DeadlineRuleForm,
    LawForm,
    MoreModelForm,
    PowerItemForm,
    ProvisionForm,
    ProvisionVersionForm,
    VersionedForm,
    editable_regions,
)
from yifa.web.views_common import ListScope, can_create_any, get_record, staff_required
from yifa.workcal.models import DeadlineRule

Url = Callable[[Any], str]


def _law_anchor(provision: Provision) -> str:
    return reverse("registry:law-detail", args=[provision.law_id]) + f"#provision-{provision.pk}"


@dataclass(frozen=True)
class Editor:
    """One kind of record: its form, where its page is, and (if nested) its parent."""

    model: type[models.Model]
    form: type[MoreModelForm]
    title: str | Promise
    detail_url: Url
    list_url: str = ""
    #: For a record added under another one (a provision under a law): the parent's model and
    #: the field that points to it.
    parent: tuple[type[models.Model], str] | None = None
    parent_url: Url | None = None
    #: Fields of an effective-dated series ("the same rule"); the older open-ended version is
    #: closed when a new one starts, if the form asks to.
    series: tuple[str, ...] = field(default=())


def _detail(name: str) -> Url:
    return lambda obj: reverse(f"registry:{name}-detail", args=[obj.pk])


EDITORS: dict[str, Editor] = {
    "agency": Editor(Agency, AgencyForm, pgettext_lazy("menu", "执法主体"), _detail("agency"), "registry:agency-list"),
    "law": Editor(Law, LawForm, pgettext_lazy("menu", "法律法规"), _detail("law"), "registry:law-list"),
    "provision": Editor(Provision, ProvisionForm, pgettext_lazy("menu", "条款"), _law_anchor,
                        parent=(Law, "law"), parent_url=_detail("law")),
    "version": Editor(ProvisionVersion, ProvisionVersionForm, pgettext_lazy("menu", "条文版本"),
                      lambda v: _law_anchor(v.provision), parent=(Provision, "provision"),
                      parent_url=_law_anchor, series=("provision",)),
    "power": Editor(PowerItem, PowerItemForm, pgettext_lazy("menu", "职权事项"), _detail("power"), "registry:power-list"),
    "rule": Editor(DeadlineRule, DeadlineRuleForm, pgettext_lazy("menu", "法定时限规则"), _detail("rule"),
                   "registry:rule-list", series=("code",)),
}


def may_create(user: Any, model: type[models.Model], scope: ListScope | None = None) -> bool:
    """Whether `user` could add any record of `model` at all (the action decides each one);
    `scope`: a list page's, whose visible agencies are then read once for the page."""
    if not access.is_staff_user(user):
        return False
    if model is Agency:
        region = editable_regions(user).first()
        return region is not None and access.can_edit(user, Agency(region=region))
    if model._meta.label in access.SHARED_MODELS:
        return access.can_edit(user, model())
    return can_create_any(user, model, scope.agencies if scope is not None else None)


def _form(editor: Editor, user: Any, *args: Any, adding: bool, **kwargs: Any) -> MoreModelForm:
    if issubclass(editor.form, VersionedForm):
        return editor.form(user, *args, adding=adding, **kwargs)
    return editor.form(user, *args, **kwargs)


def _render(request: HttpRequest, editor: Editor, form: Any, obj: Any, cancel_url: str,
            error: ActionError | None = None) -> HttpResponse:
    status = error.status if error else (400 if form.is_bound else 200)
    return render(request, "registry/form.html", {
        "editor": editor, "form": form, "object": obj, "error": error, "cancel_url": cancel_url,
    }, status=status)


def _save_new(editor: Editor, form: MoreModelForm, fixed: dict[str, Any], user: Any) -> Any:
    data = {**form.action_data(), **fixed}
    if editor.series:
        closes = isinstance(form, VersionedForm) and form.closes_previous()
        return create_version(editor.model, data, acting_user=user, series=editor.series, close_previous=closes,
                              m2m=form.m2m_data())
    return create_record(editor.model, data, acting_user=user, m2m=form.m2m_data())


def create(request: HttpRequest, key: str, parent_pk: int | None = None) -> HttpResponse:
    editor = EDITORS[key]
    user = request.user
    fixed: dict[str, Any] = {}
    cancel = reverse(editor.list_url) if editor.list_url else ""
    if editor.parent is not None:
        parent_model, parent_field = editor.parent
        parent = get_record(parent_model, parent_pk, user)
        fixed[parent_field] = parent
        cancel = editor.parent_url(parent) if editor.parent_url else cancel
    instance = editor.model(**fixed)
    if request.method != "POST":
        if not may_create(user, editor.model):
            raise PermissionDenied(gettext("您无权新增此类记录。"))
        form = _form(editor, user, instance=instance, initial=_initial_from(request, editor),
                     adding=True)
        return _render(request, editor, form, None, cancel)
    form = _form(editor, user, request.POST, instance=instance, adding=True)
    if not form.is_valid():
        return _render(request, editor, form, None, cancel)
    try:
        obj = _save_new(editor, form, fixed, user)
    except ActionError as err:
        return _render(request, editor, form, None, cancel, error=err)
    messages.success(request, gettext("已新增%(kind)s“%(name)s”。") % {"kind": editor.title, "name": obj})
    return redirect(editor.detail_url(obj))


def _initial_from(request: HttpRequest, editor: Editor) -> dict[str, Any]:
    """"新增版本": a new rule version starts as a copy of the one it follows (?from=<pk>)."""
    source_pk = request.GET.get("from")
    if not editor.series or editor.parent is not None or not source_pk:
        return {}
    source = get_record(editor.model, source_pk, request.user)
    names = [n for n in editor.form._meta.fields or [] if n not in ("effective_from", "effective_to")]
    return {name: getattr(source, name) for name in names}


def edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    editor = EDITORS[key]
    user = request.user
    obj = get_record(editor.model, pk, user)
    cancel = editor.detail_url(obj)
    if request.method != "POST":
        if not access.can_edit(user, obj):
            raise PermissionDenied(gettext("您无权修改此记录。"))
        return _render(request, editor, _form(editor, user, instance=obj, adding=False), obj, cancel)
    # Validate on a scratch copy so the action's audit event has the stored "before".
    scratch = get_record(editor.model, pk, user)
    form = _form(editor, user, request.POST, instance=scratch, adding=False)
    if not form.is_valid():
        return _render(request, editor, form, obj, cancel)
    try:
        update_record(obj, form.action_data(), acting_user=signed_in(request), m2m=form.m2m_data())
    except ActionError as err:
        return _render(request, editor, form, get_record(editor.model, pk, user), cancel, error=err)
    messages.success(request, gettext("已保存%(kind)s“%(name)s”。") % {"kind": editor.title, "name": obj})
    return redirect(editor.detail_url(obj))


def _create_view(key: str) -> Any:
    @staff_required
    def view(request: HttpRequest, parent_pk: int | None = None) -> HttpResponse:
        return create(request, key, parent_pk)

    view.__name__ = f"{key}_create"
    return view


def _edit_view(key: str) -> Any:
    @staff_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return edit(request, key, pk)

    view.__name__ = f"{key}_edit"
    return view


agency_create, agency_edit = _create_view("agency"), _edit_view("agency")
law_create, law_edit = _create_view("law"), _edit_view("law")
provision_create, provision_edit = _create_view("provision"), _edit_view("provision")
version_create, version_edit = _create_view("version"), _edit_view("version")
power_create, power_edit = _create_view("power"), _edit_view("power")
rule_create, rule_edit = _create_view("rule"), _edit_view("rule")

#: The "新增" page of each list that this module serves (see the editing template tags).
CREATE_URLS: dict[type[models.Model], str] = {
    Agency: "registry:agency-new", Law: "registry:law-new",
    PowerItem: "registry:power-new", DeadlineRule: "registry:rule-new",
}
