"""The holiday calendar: the years loaded, one year's exceptions, and (for the legal office or
the system administrator) loading or replacing a year's notice through workcal.actions.load_year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from yifa.accounts.requests import signed_in
from yifa.lib.errors import ActionError
from yifa.registry import access
from yifa.web.forms_more import CalendarNoticeForm
from yifa.web.i18n import weekday
from yifa.web.views_common import staff_required
from yifa.workcal.actions import load_year
from yifa.workcal.calendar import calendar_version
from yifa.workcal.models import CalendarDay, CalendarYear
from yifa.workcal.notice import format_notice


def may_load(user: Any) -> bool:
    return access.can_edit(user, CalendarYear())


def _chosen_year(request: HttpRequest, years: list[CalendarYear]) -> CalendarYear | None:
    wanted = request.GET.get("year", "")
    by_year = {str(y.year): y for y in years}
    if wanted in by_year:
        return by_year[wanted]
    return years[-1] if years else None


def _days(year: CalendarYear | None) -> list[dict[str, Any]]:
    if year is None:
        return []
    return [
        {"date": d.date, "weekday": weekday(d.date), "is_workday": d.is_workday,
         "name": d.name}
        for d in CalendarDay.objects.filter(date__year=year.year).order_by("date")
    ]


def _blank_form(chosen: CalendarYear | None) -> CalendarNoticeForm:
    if chosen is None:
        return CalendarNoticeForm()
    exceptions = {d.date: (d.is_workday, d.name) for d in CalendarDay.objects.filter(date__year=chosen.year)}
    return CalendarNoticeForm(initial={"year": chosen.year, "source": chosen.source,
                                       "lines": format_notice(exceptions)})


def _page(request: HttpRequest, form: CalendarNoticeForm | None, error: ActionError | None = None,
          status: int = 200) -> HttpResponse:
    years = list(CalendarYear.objects.order_by("year"))
    chosen = _chosen_year(request, years)
    if form is None and may_load(request.user):
        form = _blank_form(chosen)
    return render(request, "web/calendar.html", {
        "years": years, "chosen": chosen, "days": _days(chosen), "form": form, "error": error,
        "calendar_version": calendar_version(),
    }, status=status)


@staff_required
def calendar(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, None)
    if not may_load(request.user):
        raise PermissionDenied(gettext("只有法制机构或系统管理员可以维护节假日安排。"))
    form = CalendarNoticeForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        entry = load_year(data["year"], data["exceptions"], data["source"].strip(),
                          acting_user=signed_in(request))
    except ActionError as err:
        return _page(request, form, error=err, status=err.status)
    messages.success(request, gettext("已载入 %(year)s 年节假日安排（第 %(version)s 版，%(n)s 项）。")
                     % {"year": entry.year, "version": entry.version, "n": len(data["exceptions"])})
    return redirect(reverse("calendar") + f"?year={entry.year}")
