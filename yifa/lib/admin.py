"""Django admin that writes through the audited actions like every other interface.

The actions (`create_record`, `update_record`, `delete_record`) are handed in by their owner
(`use_writer`, called by yifa.registry.apps): this module imports nothing of Yifa but lib."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest

from yifa.lib.errors import ActionError

if TYPE_CHECKING:
    # ModelAdmin is generic in django-stubs only; at run time it cannot be subscripted.
    _ModelAdmin = admin.ModelAdmin[models.Model]
else:
    _ModelAdmin = admin.ModelAdmin

_writer: dict[str, Any] = {}


def use_writer(actions: Any) -> None:
    """The module whose create_record / update_record / delete_record every ActionAdmin calls."""
    _writer["actions"] = actions


class ActionAdmin(_ModelAdmin):
    """save/delete go through the audited actions (yifa.registry.actions: guard, transaction,
    audit event)."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        actions = _writer["actions"]
        m2m = {f.name: list(form.cleaned_data[f.name]) for f in obj._meta.many_to_many if f.name in form.cleaned_data}
        data = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}
        try:
            if change:
                current = type(obj)._default_manager.get(pk=obj.pk)
                actions.update_record(current, data, acting_user=request.user, m2m=m2m)
            else:
                obj.pk = actions.create_record(type(obj), data, acting_user=request.user, m2m=m2m).pk
        except ActionError as err:
            messages.error(request, f"{err.zh} / {err.en}")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many values were saved (and audited) by save_model."""

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        _writer["actions"].delete_record(obj, acting_user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(_ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
