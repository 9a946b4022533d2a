"""The ledger's pages: the notices, the bank statements (upload and reconciliation), the
surcharge calculator, the confiscated-property register and its reconciliation report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from yifa.fines import actions
from yifa.fines.access import keeps_ledger, notices_for, property_for, statements_for
from yifa.fines.forms import PeriodForm, StatementForm, SurchargeForm
from yifa.fines.queries import (
    attention_lines,
    cash_handovers,
    notice_page,
    property_page,
    property_report,
    statement_page,
)
from yifa.fines.statement import COLUMNS, StatementRejected
from yifa.fines.surcharge import calculate
from yifa.lib.errors import ActionError, Forbidden
from yifa.web.i18n import in_language, is_english
from yifa.web.lists import page_number
from yifa.web.views_common import staff_required


def _keeper_only(request: HttpRequest) -> None:
    if not keeps_ledger(request.user):
        raise PermissionDenied(in_language(Forbidden.because(
            "罚没款台账由本机关罚没财务人员或负责人办理", "Only the agency's finance staff or head keep the fines ledger",
            "行政处罚法第六十七条")))


@staff_required
@require_http_methods(["GET", "POST"])
def ledger(request: HttpRequest) -> HttpResponse:
    """The agency's payment notices, what each owes today, and the on-the-spot cash record."""
    user: Any = request.user
    error, status = "", 200
    if request.method == "POST":
        _keeper_only(request)
        if request.POST.get("issue") != "1":
            error, status = in_language(ActionError("请确认开具缴款通知。", "Confirm issuing the notices.")), 400
        else:
            try:
                actions.issue_pending_notices(acting_user=user)
                return redirect("fines:ledger")
            except ActionError as err:
                error, status = in_language(err), 400
    return render(request, "fines/ledger.html", {
        "page": notice_page(notices_for(user), page_number(request.GET.get("page"))),
        "cash": cash_handovers(user), "can_issue": keeps_ledger(user), "error": error,
        "show_agency": not getattr(user, "is_agency_staff", False),
    }, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Import a bank statement (the only way payments enter) and see how each was reconciled."""
    user: Any = request.user
    form, errors, status, imported = StatementForm(), [], 200, None
    if request.method == "POST":
        _keeper_only(request)
        form = StatementForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = actions.import_statement(upload.file, name=upload.name, acting_user=user)
                status = 200
            except StatementRejected as err:
                errors = [{"line": e.line, "column": e.column, "message": e.en if is_english() else e.zh}
                          for e in err.errors]
                form.add_error("file", in_language(err))
            except ActionError as err:
                form.add_error("file", in_language(err))
    return render(request, "fines/statements.html", {
        "form": form, "errors": errors, "imported": imported, "columns": format_html("<code>{}</code>", ",".join(COLUMNS)),
        "page": statement_page(statements_for(user), page_number(request.GET.get("page"))),
        "attention": attention_lines(user), "can_import": keeps_ledger(user),
    }, status=status)


@staff_required
def surcharge(request: HttpRequest) -> HttpResponse:
    """The surcharge calculator (APL 72(1)): fine × daily rate × days late, capped at the fine."""
    form = SurchargeForm(request.GET if "fine" in request.GET else None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                d = form.cleaned_data
                context["result"] = calculate(d["fine"], d["due"], d["paid"])
                context["days"] = max((d["paid"] - d["due"]).days, 0)
                status = 200
            except ActionError as err:
                context["error"] = in_language(err)
    return render(request, "fines/surcharge.html", context, status=status)


@staff_required
def property_register(request: HttpRequest) -> HttpResponse:
    """Confiscated property from seizure to disposal, and the reconciliation per agency and period."""
    user: Any = request.user
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    return render(request, "fines/property.html", {
        "page": property_page(property_for(user), page_number(request.GET.get("page"))),
        "report": property_report(user, start, end), "period": period, "start": start, "end": end,
    })
