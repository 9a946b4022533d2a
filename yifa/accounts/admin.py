from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from yifa.accounts.actions import save_user
from yifa.accounts.models import User
from yifa.accounts.requests import signed_in


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "agency", "region", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("agency", "region", "officer")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("依法", {"fields": ("display_name", "role", "agency", "region", "officer")}))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The admin forms have already hashed any new password onto obj.
        save_user(obj, acting_user=signed_in(request))
