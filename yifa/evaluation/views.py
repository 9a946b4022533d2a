"""The evaluation pages: the home (cycles, open corrections, plans), a cycle (results, approval,
publication), a correction, a plan (versions, review), and the public circulars under /portal/.
Reads through yifa.evaluation.access; writes only through yifa.evaluation.actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from yifa.evaluation import actions
from yifa.evaluation.access import (
    access_correction,
    access_plan,
    corrections_for,
    cycles_for,
    evaluates,
    heads_agency,
    plans_for,
    published_cycles,
)
from yifa.evaluation.forms import ComputeForm, ManualScoreForm, PlanForm
from yifa.evaluation.models import PLAN_PARTS, Correction, Cycle, Plan
from yifa.evaluation.procedure import CORRECTIONS, CYCLES, PLANS
from yifa.evaluation.queries import correction_history, cycle_history, plan_history, results
from yifa.lib.errors import ActionError, NotFound
from yifa.registry.models import Agency
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required

LIST_LIMIT = 50


def _may_compute(user: Any) -> bool:
    return bool(user.is_region_staff and user.role == "supervisor" and user.region is not None)


def _may_draft(user: Any) -> bool:
    return bool(user.is_agency_staff and user.role in ("agency_head", "agency_admin"))


def _home_context(user: Any, **extra: Any) -> dict[str, Any]:
    return {"cycles": list(cycles_for(user)[:LIST_LIMIT]),
            "corrections": list(corrections_for(user).exclude(status="closed").select_related("agency")[:LIST_LIMIT]),
            "plans": list(plans_for(user).select_related("agency")[:LIST_LIMIT]),
            "may_compute": _may_compute(user), "may_draft": _may_draft(user),
            "compute_form": ComputeForm(), "plan_form": PlanForm(), "error": None, "parts": PLAN_PARTS} | extra


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/home.html", _home_context(request.user))


@require_POST
@staff_required
def compute(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _may_compute(user):
        raise PermissionDenied(gettext("只有本区域的司法行政部门可以组织考核。"))
    form = ComputeForm(request.POST)
    error: ActionError | None = None
    if form.is_valid():
        try:
            cycle = actions.compute(region=user.region, year=form.cleaned_data["year"], acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("evaluation:cycle", cycle.pk)
    return render(request, "evaluation/home.html", _home_context(user, compute_form=form, error=error), status=400)


def _access_cycle(pk: Any, user: Any) -> Cycle:
    try:
        return cycles_for(user).get(pk=pk)
    except (Cycle.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


get_cycle = record_loader(_access_cycle)
get_correction = record_loader(access_correction)
get_plan = record_loader(access_plan)


def cycle_context(request: HttpRequest, cycle: Cycle, *, bound: Any = None, bound_step: str = "",
                  error: ActionError | None = None, score_form: ManualScoreForm | None = None) -> dict[str, Any]:
    return {"cycle": cycle, "results": results(cycle), "history": cycle_history(cycle), "error": error,
            "forms": offered_forms(CYCLES, cycle, request.user, url="evaluation:cycle-step", bound=bound,
                                   bound_step=bound_step),
            "score_form": score_form or (ManualScoreForm() if evaluates(request.user, cycle)
                                         and cycle.status == "computed" else None)}


CYCLE_PAGE = step_page(CYCLES, template="evaluation/cycle.html", detail="evaluation:cycle", load=get_cycle,
                       context=cycle_context)
cycle_detail = detail_view(CYCLE_PAGE)
cycle_step = step_view(CYCLE_PAGE)


@require_POST
@staff_required
def manual_score(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    cycle = get_cycle(pk, user)
    if not evaluates(user, cycle):
        raise PermissionDenied(gettext("只有本区域的司法行政部门可以评分。"))
    form = ManualScoreForm(request.POST)
    error: ActionError | None = None
    if form.is_valid():
        agency = Agency.objects.filter(pk=form.cleaned_data["agency"]).select_related("region").first()
        try:
            if agency is None:
                raise ActionError("执法主体不存在。", "No such agency.", field="agency")
            actions.set_manual_score(cycle, agency=agency, indicator_code=form.cleaned_data["indicator_code"],
                                     value=form.cleaned_data["value"], note=form.cleaned_data["note"],
                                     acting_user=user)
            actions.compute(region=cycle.region, year=cycle.year, acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("evaluation:cycle", cycle.pk)
    return render(request, "evaluation/cycle.html", cycle_context(request, cycle, error=error, score_form=form),
                  status=400)


def correction_context(request: HttpRequest, correction: Correction, *, bound: Any = None, bound_step: str = "",
                       error: ActionError | None = None) -> dict[str, Any]:
    return {"correction": correction, "history": correction_history(correction), "error": error,
            "forms": offered_forms(CORRECTIONS, correction, request.user, url="evaluation:correction-step",
                                   bound=bound, bound_step=bound_step)}


CORRECTION_PAGE = step_page(CORRECTIONS, template="evaluation/correction.html", detail="evaluation:correction",
                            load=get_correction, context=correction_context)
correction_detail = detail_view(CORRECTION_PAGE)
correction_step = step_view(CORRECTION_PAGE)


def plan_context(request: HttpRequest, plan: Plan, *, bound: Any = None, bound_step: str = "",
                 error: ActionError | None = None, plan_form: PlanForm | None = None) -> dict[str, Any]:
    texts = list(plan.texts.select_related("written_by").order_by("-number"))
    names = dict(PLAN_PARTS)
    may_revise = heads_agency(request.user, plan) and plan.status in ("draft", "returned")
    return {"plan": plan, "history": plan_history(plan), "error": error,
            "texts": [{"text": t, "parts": [(names[k], t.parts.get(k, "")) for k, _ in PLAN_PARTS]} for t in texts],
            "plan_form": plan_form or (PlanForm(initial=texts[0].parts if texts else None) if may_revise else None),
            "forms": offered_forms(PLANS, plan, request.user, url="evaluation:plan-step", bound=bound,
                                   bound_step=bound_step)}


PLAN_PAGE = step_page(PLANS, template="evaluation/plan.html", detail="evaluation:plan", load=get_plan,
                      context=plan_context)
plan_detail = detail_view(PLAN_PAGE)
plan_step = step_view(PLAN_PAGE)


@require_POST
@staff_required
def draft_plan(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _may_draft(user):
        raise PermissionDenied(gettext("只有本单位负责人或管理员可以编写实施方案。"))
    form = PlanForm(request.POST)
    error: ActionError | None = None
    if form.is_valid() and form.cleaned_data.get("year"):
        try:
            plan = actions.draft_plan(year=form.cleaned_data["year"], parts=form.cleaned_data, acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("evaluation:plan", plan.pk)
    return render(request, "evaluation/home.html", _home_context(user, plan_form=form, error=error), status=400)


@require_POST
@staff_required
def revise_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    plan = get_plan(pk, user)
    if not heads_agency(user, plan):
        raise PermissionDenied(gettext("只有本单位负责人或管理员可以修订实施方案。"))
    form = PlanForm(request.POST)
    error: ActionError | None = None
    if form.is_valid():
        try:
            actions.revise_plan(plan, parts=form.cleaned_data, acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("evaluation:plan", plan.pk)
    return render(request, "evaluation/plan.html", plan_context(request, plan, error=error, plan_form=form),
                  status=400)


@require_GET
def circulars(request: HttpRequest) -> HttpResponse:
    """Public: the circulars (通报) of published evaluations."""
    return render(request, "evaluation/circulars.html",
                  {"cycles": list(published_cycles().order_by("-published_on", "-id")[:LIST_LIMIT])})


@require_GET
def circular(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = published_cycles().filter(pk=pk).first()
    if cycle is None:
        raise Http404()
    return render(request, "evaluation/circular.html", {"cycle": cycle, "results": results(cycle)})
