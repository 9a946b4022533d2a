from django.contrib import admin

from yifa.lib.admin import ActionAdmin, ReadOnlyAdmin
from yifa.workcal.models import CalendarDay, CalendarYear, DeadlineRule, LegalParameter


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ActionAdmin):
    list_display = ("code", "name", "count", "unit", "citation", "effective_from", "effective_to")
    search_fields = ("code", "name", "citation")


@admin.register(LegalParameter)
class LegalParameterAdmin(ActionAdmin):
    list_display = ("code", "name", "value", "unit", "citation", "effective_from", "effective_to")
    search_fields = ("code", "name", "citation")


# The calendar changes a year at a time (`yifa calendar load`), never day by day.
@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "version", "source", "updated_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
