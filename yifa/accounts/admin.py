from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from yifa.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "agency", "region", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["agency", "region"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("依法", {"fields": ("display_name", "role", "agency", "region")}))
