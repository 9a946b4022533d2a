"""The deadline calculator: a start date plus a statutory rule or a count of days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from yifa.lib.errors import ActionError
from yifa.lib.workdays import DayUnit, Deadline
from yifa.web.forms import DeadlineForm
from yifa.web.i18n import day_count, in_language, weekday
from yifa.web.views_common import staff_required
from yifa.workcal.calendar import UnknownRule, apply_rule, count_days
from yifa.workcal.models import DeadlineRule


def _result(deadline: Deadline, start: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "due": deadline.due, "weekday": weekday(deadline.due),
        "provisional": deadline.provisional, "calendar_version": deadline.calendar_version,
        "start": start, **extra,
    }


def compute(data: dict[str, Any]) -> dict[str, Any]:
    """The result for valid form data; raises ValueError with a message (page language) on bad input."""
    start: dt.date = data["start"]
    try:
        if data.get("rule"):
            try:
                found = apply_rule(data["rule"], start)
            except UnknownRule:
                raise ValueError(gettext("该规则在起算日尚未施行或已失效。")) from None
            return _result(found.deadline, start, rule=found.rule)
        unit = DayUnit(data["unit"])
        deadline = count_days(start, int(data["count"]), unit)
        return _result(deadline, start, count=data["count"],
                       days=day_count(data["count"], unit.value))
    except OverflowError:
        raise ValueError(gettext("日期超出可计算范围。")) from None
    except ActionError as err:  # a start date or a count out of range (yifa.lib.bounds)
        raise ValueError(in_language(err)) from None


@staff_required
def deadline(request: HttpRequest) -> HttpResponse:
    # A link such as ?rule=CODE (from a rule's page) preselects; a submitted form has "start".
    if "start" in request.GET:
        form = DeadlineForm(request.GET)
    else:
        form = DeadlineForm(initial={k: request.GET.get(k) for k in ("rule", "count", "unit")})
    context: dict[str, Any] = {"form": form, "rules_count": DeadlineRule.objects.count()}
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                context["result"] = compute(form.cleaned_data)
            except ValueError as err:
                context["error"] = str(err)
                status = 400
        else:
            status = 400
    return render(request, "web/deadline.html", context, status=status)
