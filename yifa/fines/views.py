"""The ledger's pages: the notices, the bank statements (upload and reconciliation), the
surcharge calculator, the confiscated-property register and its reconciliation report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
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
from yifa.lib.htmlrows import html_row, joined, ymd
from yifa.web.cells import url_maker
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
    page = notice_page(notices_for(user), page_number(request.GET.get("page")))
    show_agency = not getattr(user, "is_agency_staff", False)
    return render(request, "fines/ledger.html", {
        "page": page, "notice_rows": notice_rows(page.rows, show_agency=show_agency),
        "cash": cash_handovers(user), "can_issue": keeps_ledger(user), "error": error,
        "show_agency": show_agency,
    }, status=status)


def _state_labels() -> dict[str, str]:
    return {"paid": gettext("已缴清"), "surcharge": gettext("罚款已缴，加处罚款未清"), "due": gettext("未到期"),
            "enforce": gettext("即将届满申请强制执行期限"), "overdue": gettext("逾期未缴")}


#: One notice of the ledger (the `{}`s: state twice around the reference, then the cells).
NOTICE_ROW = ('\n    <tr class="deadline-{state}" data-notice="{reference}" data-state="{state}">\n'
              "      {agency}\n      <td>{reference}</td>\n"
              '      <td><a href="{url}">{case}</a></td>\n'
              "      <td>{fine}</td><td>{due}{instalments}</td>\n"
              "      <td>{paid}</td><td>{surcharge}</td><td>{outstanding}</td>\n"
              "      <td>{label}{paused}</td>\n"
              "      <td>{enforce_by}</td>\n    </tr>\n  ")


def notice_rows(rows: list[dict[str, Any]], *, show_agency: bool) -> SafeString:
    """The ledger's notices, written here rather than by a template loop (ten localised values a
    row through the template engine were most of the page's CPU); the markup is the loop's."""
    labels, url = _state_labels(), url_maker("cases:detail")
    paused = format_html(' <span class="badge">{}</span>', gettext("复议/诉讼中"))

    def instalments(k: int) -> str:
        return format_html(' <span class="muted">{}</span>', ngettext("（分%(k)s期）", "（分%(k)s期）", k) % {"k": k})

    return joined(html_row(
        NOTICE_ROW, state=r["state"], reference=n.reference,
        agency=format_html("<td>{}</td>", n.agency.name) if show_agency else "",
        url=url(n.case_id), case=r["case_label"],
        fine=localize(n.fine), due=ymd(n.due_on), instalments=instalments(r["instalments"]) if r["instalments"] else "",
        paid=localize(n.paid_total), surcharge=localize(r["surcharge"]), outstanding=localize(r["outstanding"]),
        label=labels.get(r["state"], labels["overdue"]), paused=paused if r["paused"] else "",
        enforce_by=ymd(n.enforce_by)) for r in rows for n in (r["notice"],))


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
