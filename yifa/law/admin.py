from django.contrib import admin

from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.admin import ActionAdmin


@admin.register(Law)
class LawAdmin(ActionAdmin):
    list_display = ("name", "kind", "issuer", "promulgated_on")
    search_fields = ("name",)
    list_filter = ("kind",)


@admin.register(Provision)
class ProvisionAdmin(ActionAdmin):
    list_display = ("law", "label", "article")
    search_fields = ("label", "law__name")
    raw_id_fields = ("law",)


@admin.register(ProvisionVersion)
class ProvisionVersionAdmin(ActionAdmin):
    list_display = ("provision", "effective_from", "effective_to", "source")
    raw_id_fields = ("provision",)


@admin.register(PowerItem)
class PowerItemAdmin(ActionAdmin):
    list_display = ("code", "name", "category", "agency", "is_active")
    search_fields = ("code", "name")
    list_filter = ("category", "procedure", "is_active")
    raw_id_fields = ("agency", "unit", "post", "violated_provisions", "penalty_provisions", "time_limit_rule")
