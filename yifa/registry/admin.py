from django.contrib import admin

from yifa.lib.admin import ActionAdmin, ReadOnlyAdmin
from yifa.registry.models import Agency, Officer, OfficerStatusChange, Post, Region, TrainingRecord, Unit


@admin.register(Region)
class RegionAdmin(ActionAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")
    list_filter = ("level",)


@admin.register(Agency)
class AgencyAdmin(ActionAdmin):
    list_display = ("name", "kind", "sector", "region", "uscc", "is_active")
    search_fields = ("name", "uscc")
    list_filter = ("kind", "sector", "is_active")
    raw_id_fields = ("region", "entrusted_by")


@admin.register(Unit)
class UnitAdmin(ActionAdmin):
    list_display = ("name", "agency")
    search_fields = ("name", "agency__name")
    raw_id_fields = ("agency",)


@admin.register(Post)
class PostAdmin(ActionAdmin):
    list_display = ("name", "agency", "unit", "headcount")
    search_fields = ("name", "agency__name")
    raw_id_fields = ("agency", "unit")


@admin.register(Officer)
class OfficerAdmin(ActionAdmin):
    list_display = ("name", "certificate_no", "agency", "status", "valid_until")
    search_fields = ("name", "certificate_no")
    list_filter = ("status", "is_legal_reviewer")
    raw_id_fields = ("agency", "unit", "post")
    readonly_fields = ("status",)  # status changes only through change_officer_status (with history)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ActionAdmin):
    list_display = ("officer", "year", "course", "hours")
    raw_id_fields = ("officer",)


@admin.register(OfficerStatusChange)
class OfficerStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("officer", "from_status", "to_status", "reason", "changed_at")
