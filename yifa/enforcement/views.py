"""Enforcement pages: the list with the next deadline in colour, opening enforcement of a served
decision not complied with, and the record page with its stored deadlines, timeline and the forms
of the steps open to the user. Writes only through yifa.enforcement.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from yifa.enforcement import actions
from yifa.enforcement.access import access_enforcement, enforcements_for
from yifa.enforcement.forms import OpenForm, method_label, status_label
from yifa.enforcement.models import Enforcement, EnforcementStatus
from yifa.enforcement.procedure import ENFORCEMENT
from yifa.enforcement.queries import enforcement_page, row, steps_of
from yifa.lib.errors import ActionError
from yifa.web.lists import NEAR_DAYS, choice_filter, page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


@staff_required
def enforcement_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, current = choice_filter(enforcements_for(user), "status", request.GET.get("status", ""),
                                EnforcementStatus.values)
    return render(request, "enforcement/list.html", {
        "page": enforcement_page(qs, page_number(request.GET.get("page"))),
        "statuses": [(s, status_label(s)) for s in EnforcementStatus.values], "status": current,
        "can_open": bool(user.is_agency_staff), "show_agency": not user.is_agency_staff, "near_days": NEAR_DAYS,
    })


get_enforcement = record_loader(access_enforcement)


def timeline(item: Enforcement) -> list[dict[str, Any]]:
    rows = []
    for s in steps_of(item):
        remark = ""
        if s.step == "answer":
            remark = gettext("成立，予以采纳") if (s.data or {}).get("accepted") else gettext("不成立")
        rows.append({"step": s, "label": ENFORCEMENT.label(s.step), "actor": s.actor, "remark": remark})
    return rows


def enforcement_context(request: HttpRequest, item: Enforcement, *, bound: Any = None, bound_step: str = "",
                        error: ActionError | None = None) -> dict[str, Any]:
    return {"item": item, **row(item), "method_label": method_label(item.method), "timeline": timeline(item),
            "forms": offered_forms(ENFORCEMENT, item, request.user, url="enforcement:step", bound=bound,
                                   bound_step=bound_step),
            "error": error, "error_step": bound_step}


PAGE = step_page(ENFORCEMENT, template="enforcement/detail.html", detail="enforcement:detail", load=get_enforcement,
                 context=enforcement_context)
detail = detail_view(PAGE)
step = step_view(PAGE)


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以办理强制执行。"))
    if request.method != "POST":
        return render(request, "enforcement/new.html", {"form": OpenForm(user, initial=request.GET or None)})
    form = OpenForm(user, request.POST)
    if not form.is_valid():
        return render(request, "enforcement/new.html", {"form": form}, status=400)
    try:
        item = actions.open_enforcement(form.cleaned_data["case"], acting_user=user)
    except ActionError as err:
        return render(request, "enforcement/new.html", {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已立项，请向当事人送达催告书。"))
    return redirect("enforcement:detail", pk=item.pk)
