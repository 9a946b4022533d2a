"""Licensing records in the admin are read-only: every change is a step in yifa.licensing.actions."""

from django.contrib import admin

from yifa.lib.admin import ReadOnlyAdmin
from yifa.licensing.models import Licence, LicenceApplication, LicenceStep, LicenceSuspension


@admin.register(LicenceApplication)
class LicenceApplicationAdmin(ReadOnlyAdmin):
    list_display = ("applicant_name", "agency", "power", "status", "received_on", "decision_due")
    list_filter = ("status", "outcome", "kind")
    search_fields = ("applicant_name", "subject")
    raw_id_fields = ("agency", "power", "renewal_of")


@admin.register(LicenceSuspension)
class LicenceSuspensionAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "start", "end", "applicant_notified_on", "working_days")


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ("number", "holder_name", "agency", "valid_from", "valid_to", "renewal_due")
    search_fields = ("number", "holder_name")


@admin.register(LicenceStep)
class LicenceStepAdmin(ReadOnlyAdmin):
    list_display = ("application", "step", "from_status", "to_status", "on_date", "actor")
