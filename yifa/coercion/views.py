"""Coercive-measure pages: the list with the running 30 (+30)-day term in colour, proposing a
measure (or, in an emergency, carrying it out at once), and the measure page with its timeline
and the forms of the steps open to the user. Writes only through yifa.coercion.actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.cases.views import NEAR_DAYS, page_number, stream
from yifa.coercion import actions
from yifa.coercion.access import access_measure, measures_for
from yifa.coercion.forms import (
    APPROVED_LABEL,
    EMERGENCY_LABEL,
    REFUSED_LABEL,
    STEP_FORMS,
    STEPS,
    MeasureForm,
    StepForm,
    kind_label,
    offered_steps,
    perform_step,
    status_label,
    step_label,
)
from yifa.coercion.models import Measure, MeasureStatus, MeasureStep
from yifa.lib.errors import ActionError, NotFound
from yifa.web.views_common import staff_required

PAGE_SIZE = 50
#: Measures that still run (shown first on the list).
OPEN = (MeasureStatus.PROPOSED, MeasureStatus.APPROVED, MeasureStatus.IN_FORCE)
#: Extensions of a recorded file, for its download name.
AV_EXTENSIONS = {"mp4": "mp4", "mp3": "mp3", "m4a": "m4a", "wav": "wav"}


# --- deadlines --------------------------------------------------------------------------------


def deadline_state(measure: Measure, now: dt.datetime) -> str:
    """"overdue" (red), "near" (yellow) or "normal", for a measure in force: the term's end
    (ACL 25), and an emergency measure's 24-hour report to the head (ACL 19)."""
    if measure.status != MeasureStatus.IN_FORCE:
        return "normal"
    today = timezone.localdate(now)
    awaiting_report = bool(measure.emergency and measure.reported_at is None and measure.report_due_at)
    if awaiting_report and measure.report_due_at is not None and now > measure.report_due_at:
        return "overdue"
    if measure.ends_on is not None and measure.ends_on < today:
        return "overdue"
    if awaiting_report or (measure.ends_on is not None and (measure.ends_on - today).days <= NEAR_DAYS):
        return "near"
    return "normal"


# --- the list ---------------------------------------------------------------------------------


@dataclass
class MeasurePage:
    """A page without COUNT(*): only the rows shown are read."""

    number: int
    rows: list[dict[str, Any]]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def ordered(qs: QuerySet[Measure]) -> QuerySet[Measure]:
    """Running measures first, the term ending soonest first; then the rest, newest first."""
    running = Case(When(status__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.select_related("agency").annotate(running=running).order_by(
        "running", F("ends_on").asc(nulls_last=True), "-id")


def status_filter(qs: QuerySet[Measure], value: str) -> tuple[QuerySet[Measure], str]:
    if value in MeasureStatus.values:
        return qs.filter(status=value), value
    return qs, ""


def measure_page(qs: QuerySet[Measure], number: int) -> MeasurePage:
    start = (number - 1) * PAGE_SIZE
    found = list(ordered(qs)[start:start + PAGE_SIZE + 1])
    now = timezone.now()
    rows = [{"measure": m, "state": deadline_state(m, now), "status_label": status_label(m.status),
             "kind_label": kind_label(m)} for m in found[:PAGE_SIZE]]
    return MeasurePage(number, rows, len(found) > PAGE_SIZE)


@staff_required
def measure_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, current = status_filter(measures_for(user), request.GET.get("status", ""))
    return render(request, "coercion/list.html", {
        "page": measure_page(qs, page_number(request.GET.get("page"))),
        "statuses": [(s, status_label(s)) for s in MeasureStatus.values], "status": current,
        "can_propose": bool(user.is_agency_staff), "show_agency": not user.is_agency_staff, "near_days": NEAR_DAYS,
    })


# --- the measure page -------------------------------------------------------------------------


def get_measure(pk: int, user: Any) -> Measure:
    """A measure the user may see; "not yours" is the same 404 as "missing"."""
    try:
        return access_measure(pk, user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None


def timeline(measure: Measure) -> list[dict[str, Any]]:
    steps = MeasureStep.objects.filter(measure=measure).select_related("actor").order_by("at", "id")
    rows = []
    for s in steps:
        data = s.data or {}
        label = step_label(s.step)
        if s.step == "execute" and data.get("emergency"):
            label = EMERGENCY_LABEL
        elif s.step == "approve":
            label = APPROVED_LABEL if data.get("approve") else REFUSED_LABEL
        rows.append({"step": s, "label": label, "data": data})
    return rows


def measure_context(request: HttpRequest, measure: Measure, *, bound: StepForm | None = None, bound_step: str = "",
                    error: ActionError | None = None) -> dict[str, Any]:
    forms = []
    for key in offered_steps(measure, request.user):
        form = bound if key == bound_step and bound is not None else STEP_FORMS[key](measure, user=request.user)
        forms.append({"key": key, "label": step_label(key, measure), "form": form, "open": key == bound_step})
    return {
        "measure": measure, "kind_label": kind_label(measure), "status_label": status_label(measure.status),
        "state": deadline_state(measure, timezone.now()), "timeline": timeline(measure), "forms": forms,
        "officers": list(measure.officers.order_by("name")), "error": error, "error_step": bound_step,
        "awaiting_report": bool(measure.emergency and measure.reported_at is None
                                and measure.status == MeasureStatus.IN_FORCE),
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(pk, request.user)
    return render(request, "coercion/detail.html", measure_context(request, measure))


@require_POST
@staff_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step: exactly one action call. A refusal re-shows the page with nothing changed."""
    if step not in STEPS:
        raise Http404(gettext("记录不存在。"))
    measure = get_measure(pk, request.user)
    form = STEP_FORMS[step](measure, request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render(request, "coercion/detail.html",
                      measure_context(request, measure, bound=form, bound_step=step), status=400)
    label = step_label(step, measure)
    try:
        perform_step(measure, step, form.cleaned_data["version"], form.step_data(), request.user)
    except ActionError as err:
        stored = get_measure(pk, request.user)
        return render(request, "coercion/detail.html",
                      measure_context(request, stored, bound=form, bound_step=step, error=err), status=err.status)
    messages.success(request, gettext("已办理“%(step)s”。") % {"step": label})
    return redirect("coercion:detail", pk=pk)


@staff_required
def av_record(request: HttpRequest, pk: int) -> Any:
    """The measure's audio/video record, for those who may see the measure."""
    measure = get_measure(pk, request.user)
    stored = measure.av_record
    if stored is None:
        raise Http404(gettext("记录不存在。"))
    return stream(stored, f"measure-{measure.pk}.{AV_EXTENSIONS.get(stored.type_code, 'bin')}")


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
