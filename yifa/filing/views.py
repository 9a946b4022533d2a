"""The filing pages (the list, a filing's page with its step forms, the catalogue of what counts as
major) and the spot-check pages (the list with the legal office's draw form, a check's results).
Reads through yifa.filing.access; writes only through yifa.filing.actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.filing import actions
from yifa.filing.access import (
    access_filing,
    access_spot_check,
    filings_for,
    is_supervisor,
    runs_checks,
    spot_checks_for,
    spot_items_for,
)
from yifa.filing.forms import DrawForm, ResultForm
from yifa.filing.models import Filing, FilingStatus
from yifa.filing.procedure import FILINGS
from yifa.filing.queries import catalogue, filing_page, history, search, spot_items, spot_page, status_label
from yifa.lib.errors import ActionError
from yifa.registry.access import visible_agencies
from yifa.web.lists import page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


@staff_required
def filing_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, status = search(filings_for(user), request.GET.get("status", ""))
    return render(request, "filing/list.html", {
        "page": filing_page(qs, page_number(request.GET.get("page"))), "status": status,
        "statuses": [(s.value, s.label) for s in FilingStatus], "show_agency": not user.is_agency_staff})


get_filing = record_loader(access_filing)
get_spot_check = record_loader(access_spot_check)


def filing_context(request: HttpRequest, filing: Filing, *, bound: Any = None, bound_step: str = "",
                   error: ActionError | None = None) -> dict[str, Any]:
    return {"filing": filing, "case": filing.case, "status_label": status_label(filing.status),
            "forms": offered_forms(FILINGS, filing, request.user, url="filing:step", bound=bound,
                                   bound_step=bound_step),
            "history": history(filing), "error": error}


FILING_PAGE = step_page(FILINGS, template="filing/detail.html", detail="filing:detail", load=get_filing,
                        context=filing_context)
filing_detail = detail_view(FILING_PAGE)
filing_step = step_view(FILING_PAGE)


@staff_required
def criteria(request: HttpRequest) -> HttpResponse:
    return render(request, "filing/criteria.html", catalogue(visible_agencies(request.user)))


# --- spot checks ---------------------------------------------------------------------------------


@staff_required
def spot_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form: DrawForm | None = DrawForm(request.POST) if request.method == "POST" else DrawForm()
    error: ActionError | None = None
    if request.method == "POST":
        if not is_supervisor(user):
            raise PermissionDenied(gettext("只有执法监督机构可以组织抽查。"))
        assert form is not None
        if form.is_valid():
            try:
                check = actions.draw_spot_check(acting_user=user, **form.cleaned_data)
            except ActionError as e:
                error = e
            else:
                return redirect("spotchecks:detail", check.pk)
    context = {"page": spot_page(spot_checks_for(user), page_number(request.GET.get("page"))),
               "form": form if is_supervisor(user) else None, "error": error}
    return render(request, "filing/spot_list.html", context, status=400 if request.method == "POST" else 200)


def _spot_context(request: HttpRequest, check: Any, *, form: ResultForm | None = None, form_item: int = 0,
                  error: ActionError | None = None) -> dict[str, Any]:
    user: Any = request.user
    may_record = runs_checks(user, check)
    rows = spot_items(check, spot_items_for(user))
    for r in rows:
        pk = r["item"].pk
        r["form"] = (form if pk == form_item else ResultForm(auto_id=f"item{pk}_%s")) if may_record else None
    return {"check": check, "rows": rows, "may_record": may_record, "error": error}


@staff_required
def spot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_spot_check(pk, request.user)
    return render(request, "filing/spot_detail.html", _spot_context(request, check))


@require_POST
@staff_required
def spot_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the result of one drawn case (`pk`: the item)."""
    user: Any = request.user
    row = spot_items_for(user).filter(pk=pk).select_related("check_run__region").first()
    if row is None:
        raise Http404(gettext("记录不存在。"))
    check = row.check_run
    if not runs_checks(user, check):
        raise PermissionDenied(gettext("只有组织抽查的执法监督机构可以记录检查结果。"))
    form = ResultForm(request.POST, auto_id=f"item{pk}_%s")
    error: ActionError | None = None
    if form.is_valid():
        try:
            actions.record_result(row, result=form.cleaned_data["result"], finding=form.cleaned_data["finding"],
                                  acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("spotchecks:detail", check.pk)
    return render(request, "filing/spot_detail.html", _spot_context(request, check, form=form, form_item=pk,
                                                                     error=error), status=400)
