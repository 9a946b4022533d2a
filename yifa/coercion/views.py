"""Coercive-measure pages: the list with the running 30 (+30)-day term in colour, proposing a
measure (or, in an emergency, carrying it out at once), and the measure page with its timeline
and the forms of the steps open to the user. Writes only through yifa.coercion.actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from yifa.coercion import actions
from yifa.coercion.access import access_measure, measures_for
from yifa.coercion.forms import (
    APPROVED_LABEL,
    EMERGENCY_LABEL,
    REFUSED_LABEL,
    MeasureForm,
    kind_label,
    status_label,
    step_label,
)
from yifa.coercion.models import Measure, MeasureStatus, MeasureStep
from yifa.coercion.procedure import MEASURES
from yifa.coercion.queries import deadline_state, measure_page
from yifa.lib.errors import ActionError
from yifa.web.files import file_name, stream
from yifa.web.lists import NEAR_DAYS, choice_filter, page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required

# --- deadlines --------------------------------------------------------------------------------


# --- the list ---------------------------------------------------------------------------------


@staff_required
def measure_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, current = choice_filter(measures_for(user), "status", request.GET.get("status", ""), MeasureStatus.values)
    return render(request, "coercion/list.html", {
        "page": measure_page(qs, page_number(request.GET.get("page"))),
        "statuses": [(s, status_label(s)) for s in MeasureStatus.values], "status": current,
        "can_propose": bool(user.is_agency_staff), "show_agency": not user.is_agency_staff, "near_days": NEAR_DAYS,
    })


# --- the measure page -------------------------------------------------------------------------


#: A measure the user may see; "not yours" is the same 404 as "missing".
get_measure = record_loader(access_measure)


def remark(step: str, data: dict[str, Any]) -> str:
    """What the record says beside a step's name: the head's answer to an emergency measure (and
    whether it came after 24 hours), the days not counted."""
    if step == "regularise":
        answer = gettext("同意") if data.get("approve") else gettext("不同意")
        return f"{answer} · {gettext('超过24小时')}" if data.get("late") else answer
    if step == "exclude":
        return gettext("%(n)s日不计入") % {"n": data.get("days")}
    return ""


def timeline(measure: Measure) -> list[dict[str, Any]]:
    """Every step in order (templates/_parts/timeline.html)."""
    steps = MeasureStep.objects.filter(measure=measure).select_related("actor").order_by("at", "id")
    rows = []
    for s in steps:
        data = s.data or {}
        label = step_label(s.step)
        if s.step == "execute" and data.get("emergency"):
            label = EMERGENCY_LABEL
        elif s.step == "approve":
            label = APPROVED_LABEL if data.get("approve") else REFUSED_LABEL
        rows.append({"step": s, "label": label, "actor": s.actor, "remark": remark(s.step, data),
                     "late": gettext("超过期限解除") if s.step == "release" and data.get("late") else ""})
    return rows


def measure_context(request: HttpRequest, measure: Measure, *, bound: Any = None, bound_step: str = "",
                    error: ActionError | None = None) -> dict[str, Any]:
    forms = offered_forms(MEASURES, measure, request.user, url="coercion:step", bound=bound, bound_step=bound_step)
    for form in forms:  # an execution before approval is the emergency one (ACL 19)
        form["label"] = step_label(form["key"], measure)
    return {
        "measure": measure, "kind_label": kind_label(measure), "status_label": status_label(measure.status),
        "state": deadline_state(measure, timezone.now()), "timeline": timeline(measure), "forms": forms,
        "officers": list(measure.officers.order_by("name_key", "name")), "error": error, "error_step": bound_step,
        "awaiting_report": bool(measure.emergency and measure.reported_at is None
                                and measure.status == MeasureStatus.IN_FORCE),
        "lapsed": measure.lapsed_on(timezone.localdate()),
    }


#: The measure page and its steps (yifa.web.steps): a step's form (with the upload), then exactly
#: one action with the version the page showed. The message names the step as it was offered (an
#: emergency execution).
MEASURE_PAGE = step_page(MEASURES, template="coercion/detail.html", detail="coercion:detail", load=get_measure,
                         context=measure_context, label=step_label)
detail = detail_view(MEASURE_PAGE)
step = step_view(MEASURE_PAGE)


@staff_required
def av_record(request: HttpRequest, pk: int) -> Any:
    """The measure's audio/video record, for those who may see the measure."""
    measure = get_measure(pk, request.user)
    stored = measure.av_record
    if stored is None:
        raise Http404(gettext("记录不存在。"))
    return stream(stored, file_name(stored, f"measure-{measure.pk}"))


# --- proposing --------------------------------------------------------------------------------


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以提出行政强制措施。"))
    if request.method != "POST":
        initial = {"case": request.GET.get("case")} if request.GET.get("case") else {}
        return render(request, "coercion/new.html", {"form": MeasureForm(user, initial=initial)})
    form = MeasureForm(user, request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "coercion/new.html", {"form": form}, status=400)
    try:
        if form.cleaned_data.get("emergency"):
            measure = actions.take_emergency_measure(agency=user.agency, acting_user=user, **form.measure_fields(),
                                                     **form.emergency_fields())
        else:
            measure = actions.propose_measure(agency=user.agency, acting_user=user, **form.measure_fields())
    except ActionError as err:
        return render(request, "coercion/new.html", {"form": form, "error": err}, status=err.status)
    if measure.emergency:
        messages.success(request, gettext("已当场实施，请在24小时内报告负责人补办批准。"))
    else:
        messages.success(request, gettext("已提出，待负责人批准。"))
    return redirect("coercion:detail", pk=measure.pk)
