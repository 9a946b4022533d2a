"""Inspection pages: the list with search, the on-site record form (phone-first), the record's
page, and registering a case from it without entering anything twice. Writes only through
yifa.inspections.actions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.inspections import actions
from yifa.inspections.access import access_inspection, inspections_for
from yifa.inspections.forms import InspectionForm
from yifa.inspections.models import Inspection, InspectionResult
from yifa.inspections.procedure import INSPECTIONS
from yifa.inspections.queries import inspection_page, result_label, search
from yifa.lib.errors import ActionError
from yifa.web.lists import page_number
from yifa.web.parties import party_view
from yifa.web.stepforms import step_form, take
from yifa.web.steps import record_loader
from yifa.web.views_common import staff_required

# --- the list ---------------------------------------------------------------------------------


@staff_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()[:100]
    qs, result = search(inspections_for(user), q, request.GET.get("result", ""))
    return render(request, "inspections/list.html", {
        "page": inspection_page(qs, page_number(request.GET.get("page"))), "q": q, "result": result,
        "results": [(v, result_label(v)) for v in InspectionResult.values],
        "can_record": bool(user.is_agency_staff), "show_agency": not user.is_agency_staff,
    })


# --- the record's page ------------------------------------------------------------------------


#: A record the user may see; "not yours" is the same 404 as "missing".
get_inspection = record_loader(access_inspection)


REGISTER = INSPECTIONS["register_case"]


def inspection_context(request: HttpRequest, inspection: Inspection, *, form: forms.Form | None = None,
                       error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    party = party_view(user, name=inspection.party_name, code=inspection.party_code)
    return {
        "inspection": inspection, "result_label": result_label(inspection.result),
        "party_code": party["code"], "party_code_masked": bool(party["code"]) and party["masked"],
        "officers": list(inspection.officers.order_by("name_key", "name")), "error": error,
        "register_form": form or (step_form(REGISTER, inspection) if REGISTER in INSPECTIONS.offered(inspection, user)
                                  else None),
        "register_open": form is not None,
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection(pk, request.user)
    return render(request, "inspections/detail.html", inspection_context(request, inspection))


# --- writing ----------------------------------------------------------------------------------


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    """现场检查笔录, recorded at the door: one action call."""
    user: Any = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以记录行政检查。"))
    if request.method != "POST":
        return render(request, "inspections/new.html", {"form": InspectionForm(user)})
    form = InspectionForm(user, request.POST)
    if not form.is_valid():
        return render(request, "inspections/new.html", {"form": form}, status=400)
    try:
        inspection = actions.record_inspection(agency=user.agency, acting_user=user, **form.inspection_fields())
    except ActionError as err:
        return render(request, "inspections/new.html", {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已记录对“%(party)s”的检查。") % {"party": inspection.party_name})
    return redirect("inspections:detail", pk=inspection.pk)


@require_POST
@staff_required
def register_case(request: HttpRequest, pk: int) -> HttpResponse:
    """转立案: the inspection becomes a registered lead, linked both ways; on to the case page."""
    inspection = get_inspection(pk, request.user)
    form = step_form(REGISTER, inspection, request.POST)
    if not form.is_valid():
        return render(request, "inspections/detail.html", inspection_context(request, inspection, form=form),
                      status=400)
    try:
        case = take(INSPECTIONS, REGISTER.name, inspection, form, request.user)
    except ActionError as err:
        stored = get_inspection(pk, request.user)
        return render(request, "inspections/detail.html",
                      inspection_context(request, stored, form=form, error=err), status=err.status)
    messages.success(request, gettext("已转立案，登记为案件线索“%(title)s”。") % {"title": case.title})
    return redirect("cases:detail", pk=case.pk)
