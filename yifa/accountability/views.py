"""The accountability pages: the list (inquiries; the remedies recorded), the remedies list, an
inquiry's page (its people as the case's record names them, the catalogue, its steps: the people and
fault types as pickers, the decision as one select per person), and the POST targets of the case
page's remedy panel. Reads through yifa.accountability.access; writes only through
yifa.accountability.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.accountability import actions
from yifa.accountability.access import access_inquiry, inquiries_for, records_remedies, remedies_for
from yifa.accountability.forms import DecideForm, OutcomeForm, RemedyForm
from yifa.accountability.models import Inquiry, Outcome, Remedy, RemedyKind, TermKind
from yifa.accountability.procedure import INQUIRIES
from yifa.accountability.queries import (
    catalogue,
    history,
    inquiry_page,
    people,
    recent_remedies,
    remedy_filters,
    remedy_page,
    reversal_by_agency,
    status_label,
)
from yifa.accountability.terms import terms_on
from yifa.accounts.requests import signed_in
from yifa.cases.access import access_case
from yifa.cases.models import Case
from yifa.cases.views import case_context
from yifa.lib.errors import ActionError, NotFound
from yifa.web.i18n import tr
from yifa.web.lists import page_number
from yifa.web.stepforms import step_form, take
from yifa.web.steps import StepPage, detail_view, record_loader, step_forms, step_view
from yifa.web.views_common import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "accountability/list.html", {
        "page": inquiry_page(inquiries_for(user), page_number(request.GET.get("page"))),
        "remedies": recent_remedies(remedies_for(user))})


# --- remedies -------------------------------------------------------------------------------------


@staff_required
def remedies(request: HttpRequest) -> HttpResponse:
    """The remedies the user may see (the county's for its legal office, the agency's for its staff)."""
    user: Any = request.user
    qs, current = remedy_filters(remedies_for(user), request.GET)
    year = timezone.localdate().year
    return render(request, "accountability/remedies.html", {
        "page": remedy_page(qs, page_number(request.GET.get("page"))), "current": current, "year": year,
        "outcomes": [(v, tr(label)) for v, label in Outcome.choices],
        "kinds": [(v, tr(label)) for v, label in RemedyKind.choices],
        "reversal": reversal_by_agency(remedies_for(user), year), "show_agency": not user.is_agency_staff})


get_case = record_loader(access_case)
get_remedy = record_loader(lambda pk, user: _remedy(pk, user))


def _remedy(pk: Any, user: Any) -> Remedy:
    try:
        return remedies_for(user).select_related("case", "agency__region", "pause").get(pk=pk)
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _case_page(request: HttpRequest, case: Case, bound: dict[str, Any], error: ActionError | None,
               status: int) -> HttpResponse:
    """The case page again, the panel's form bound with its errors (nothing was written)."""
    return render(request, "cases/detail.html", case_context(request, case, error=error, extra_forms=bound),
                  status=status)


def _require_recorder(user: Any, record: Any) -> None:
    if not records_remedies(user, record):
        raise PermissionDenied(gettext("行政复议、行政诉讼由作出决定的机关负责人、法制审核人员、罚没财务人员或本区域法制机构登记。"))


def _back(case_id: int) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case_id]) + "#remedies")


@require_POST
@staff_required
def remedy_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a reconsideration or lawsuit against case `pk`'s decision."""
    case = get_case(pk, request.user)
    _require_recorder(request.user, case)
    form = RemedyForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"remedy": form}, None, 400)
    try:
        actions.record_remedy(case, acting_user=signed_in(request), **form.cleaned_data)
    except ActionError as err:
        return _case_page(request, get_case(pk, request.user), {"remedy": form}, err, err.status)
    messages.success(request, gettext("已登记行政复议（诉讼），滞纳金暂停计算。"))
    return _back(case.pk)


@require_POST
@staff_required
def remedy_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the outcome of remedy `pk`."""
    remedy = get_remedy(pk, request.user)
    _require_recorder(request.user, remedy)
    key = f"outcome-{remedy.pk}"
    form = OutcomeForm(request.POST, remedy_id=remedy.pk)
    case = get_case(remedy.case_id, request.user)
    if not form.is_valid():
        return _case_page(request, case, {key: form}, None, 400)
    try:
        actions.record_outcome(remedy, acting_user=signed_in(request), **form.cleaned_data)
    except ActionError as err:
        return _case_page(request, case, {key: form}, err, err.status)
    messages.success(request, gettext("已登记复议（诉讼）结果。"))
    return _back(remedy.case_id)


# --- inquiries ------------------------------------------------------------------------------------


get_inquiry = record_loader(access_inquiry)


def inquiry_form(inquiry: Inquiry, step: str, data: Any = None) -> Any:
    """The step's form: derived from the declaration (the people and fault types as pickers),
    except the decision, one select per confirmed person."""
    if step == "decide":
        day = timezone.localdate()
        return DecideForm(inquiry, data, people=[p for p in people(inquiry) if p.confirmed],
                          sanctions=terms_on(TermKind.SANCTION, day), exemptions=terms_on(TermKind.EXEMPTION, day))
    return step_form(INQUIRIES[step], inquiry, data)


def inquiry_context(request: HttpRequest, inquiry: Inquiry, *, bound: Any = None, bound_step: str = "",
                    error: ActionError | None = None) -> dict[str, Any]:
    keys = [s.name for s in INQUIRIES.offered(inquiry, request.user)]
    forms = step_forms(keys, blank=lambda key: inquiry_form(inquiry, key), label=INQUIRIES.label,
                       url="accountability:inquiry-step", pk=inquiry.pk, bound=bound, bound_step=bound_step)
    return {"inquiry": inquiry, "status_label": status_label(inquiry.status), "people": people(inquiry),
            "forms": forms, "history": history(inquiry), "error": error} | catalogue(inquiry)


INQUIRY_PAGE: StepPage[Inquiry] = StepPage(
    template="accountability/inquiry.html", detail="accountability:inquiry", steps=tuple(INQUIRIES.steps),
    load=get_inquiry, form=lambda request, inquiry, key: inquiry_form(inquiry, key, request.POST),
    perform=lambda inquiry, key, form, user: take(INQUIRIES, key, inquiry, form, user),
    context=inquiry_context, label=lambda key, inquiry: INQUIRIES.label(key))
inquiry_detail = detail_view(INQUIRY_PAGE)
inquiry_step = step_view(INQUIRY_PAGE)
