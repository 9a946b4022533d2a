"""Random-inspection pages: plans (list, new, the plan page with its draw, its steps and the
inspections of the drawn entities), the directory of entities and the pool of inspectors (each a
list with its form), and recusals. Writes only through yifa.randomcheck.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.lib.errors import ActionError, NotFound
from yifa.randomcheck import actions
from yifa.randomcheck.access import access_item, access_plan, entities_for, inspectors_for, plans_for
from yifa.randomcheck.forms import EntityForm, InspectForm, InspectorForm, PlanForm, RecusalForm, status_label
from yifa.randomcheck.models import Plan, PlanStatus
from yifa.randomcheck.procedure import PLANS
from yifa.randomcheck.queries import entity_page, inspector_page, items_of, plan_page, steps_of
from yifa.web.lists import choice_filter, page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


def _agency_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以办理双随机抽查。"))
    return user


# --- plans -------------------------------------------------------------------------------------


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, current = choice_filter(plans_for(user), "status", request.GET.get("status", ""), PlanStatus.values)
    return render(request, "randomcheck/list.html", {
        "page": plan_page(qs, page_number(request.GET.get("page"))), "status": current,
        "statuses": [(s, status_label(s)) for s in PlanStatus.values],
        "can_plan": bool(user.is_agency_staff), "show_agency": not user.is_agency_staff,
    })


@staff_required
def plan_new(request: HttpRequest) -> HttpResponse:
    user = _agency_user(request)
    form = PlanForm(user, request.POST or None)
    if request.method != "POST":
        return render(request, "randomcheck/new.html", {"form": form})
    if not form.is_valid():
        return render(request, "randomcheck/new.html", {"form": form}, status=400)
    try:
        plan = actions.create_plan(agency=user.agency, acting_user=user, **form.cleaned_data)
    except ActionError as err:
        return render(request, "randomcheck/new.html", {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已制定抽查计划，请随机抽取。"))
    return redirect("randomcheck:detail", pk=plan.pk)


get_plan = record_loader(access_plan)


def plan_context(request: HttpRequest, plan: Plan, *, bound: Any = None, bound_step: str = "",
                 error: ActionError | None = None, inspect_form: forms.Form | None = None,
                 inspect_item: int | None = None) -> dict[str, Any]:
    user: Any = request.user
    may_inspect = plan.status != PlanStatus.DRAFT and user.is_agency_staff and user.agency_id == plan.agency_id
    return {
        "plan": plan, "status_label": status_label(plan.status), "items": items_of(plan),
        "timeline": [{"step": s, "label": PLANS.label(s.step), "actor": s.actor} for s in steps_of(plan)],
        "forms": offered_forms(PLANS, plan, user, url="randomcheck:step", bound=bound, bound_step=bound_step),
        "inspect_form": (inspect_form or InspectForm(user)) if may_inspect else None, "inspect_item": inspect_item,
        "error": error, "error_step": bound_step,
    }


PAGE = step_page(PLANS, template="randomcheck/detail.html", detail="randomcheck:detail", load=get_plan,
                 context=plan_context)
detail = detail_view(PAGE)
step = step_view(PAGE)


@require_POST
@staff_required
def item_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """记录检查 of a drawn entity, by its drawn inspectors: one action call."""
    try:
        item = access_item(pk, request.user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None
    user = _agency_user(request)
    form = InspectForm(user, request.POST)
    if not form.is_valid():
        return render(request, "randomcheck/detail.html",
                      plan_context(request, item.plan, inspect_form=form, inspect_item=item.pk), status=400)
    try:
        inspection = actions.record_plan_inspection(item, acting_user=user, **form.cleaned_data)
    except ActionError as err:
        return render(request, "randomcheck/detail.html", plan_context(request, get_plan(item.plan_id, user),
                      inspect_form=form, inspect_item=item.pk, error=err), status=err.status)
    messages.success(request, gettext("已记录对“%(party)s”的检查。") % {"party": inspection.party_name})
    return redirect("randomcheck:detail", pk=item.plan_id)


# --- the directory, the pool and recusals ------------------------------------------------------


def _post(request: HttpRequest, form: forms.Form, write: Any, done: str, template: str,
          context: dict[str, Any]) -> HttpResponse:
    """A list page's form: invalid or refused → the page again (400), else one action call."""
    if not form.is_valid():
        return render(request, template, context | {"form": form}, status=400)
    try:
        write(form.cleaned_data)
    except ActionError as err:
        return render(request, template, context | {"form": form, "error": err}, status=err.status)
    messages.success(request, done)
    return redirect(request.path)


@staff_required
def entities(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()[:100]
    context = {"page": entity_page(entities_for(user), q, page_number(request.GET.get("page"))), "q": q,
               "show_agency": not user.is_agency_staff,
               "recusal_form": RecusalForm(user) if user.is_agency_staff else None}
    if request.method != "POST":
        return render(request, "randomcheck/entities.html",
                      context | {"form": EntityForm(user) if user.is_agency_staff else None})
    user = _agency_user(request)
    return _post(request, EntityForm(user, request.POST),
                 lambda data: actions.add_entity(agency=user.agency, acting_user=user, **data),
                 gettext("已加入检查对象名录库。"), "randomcheck/entities.html", context)


@staff_required
def inspectors(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {"page": inspector_page(inspectors_for(user), page_number(request.GET.get("page"))),
               "show_agency": not user.is_agency_staff}
    if request.method != "POST":
        return render(request, "randomcheck/inspectors.html",
                      context | {"form": InspectorForm(user) if user.is_agency_staff else None})
    user = _agency_user(request)
    return _post(request, InspectorForm(user, request.POST),
                 lambda data: actions.add_inspector(agency=user.agency, acting_user=user, **data),
                 gettext("已加入执法检查人员库。"), "randomcheck/inspectors.html", context)


@require_POST
@staff_required
def recusals(request: HttpRequest) -> HttpResponse:
    user = _agency_user(request)
    form = RecusalForm(user, request.POST)
    if not form.is_valid():
        return render(request, "randomcheck/entities.html", {
            "page": entity_page(entities_for(user), "", 1), "q": "", "form": EntityForm(user),
            "recusal_form": form}, status=400)
    try:
        actions.add_recusal(acting_user=user, **form.cleaned_data)
    except ActionError as err:
        return render(request, "randomcheck/entities.html", {
            "page": entity_page(entities_for(user), "", 1), "q": "", "form": EntityForm(user),
            "recusal_form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已登记回避。"))
    return redirect("randomcheck:entities")
