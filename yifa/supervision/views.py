"""The supervision pages: the dashboard (open alerts by agency and rule, overdue notices), the alert
list, an alert's page (its steps; the supervisor's notice form) and a notice's page. Reads through
yifa.supervision.access; writes only through yifa.supervision.actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.lib.errors import ActionError
from yifa.supervision import actions
from yifa.supervision.access import access_alert, access_notice, alerts_for, notices_for, supervises
from yifa.supervision.forms import NoticeForm
from yifa.supervision.models import Alert, AlertStatus, Notice
from yifa.supervision.procedure import ALERTS, NOTICES
from yifa.supervision.queries import (
    alert_history,
    alert_page,
    dashboard,
    notice_history,
    notice_status_label,
    row,
    rule_name,
    search,
)
from yifa.supervision.rules import RULES
from yifa.web.lists import page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "supervision/dashboard.html", dashboard(alerts_for(user), notices_for(user)))


@staff_required
def alert_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, status, rule = search(alerts_for(user), request.GET.get("status", ""), request.GET.get("rule", ""))
    return render(request, "supervision/list.html", {
        "page": alert_page(qs, page_number(request.GET.get("page"))), "status": status, "rule": rule,
        "statuses": [(s.value, s.label) for s in AlertStatus], "rules": [(r.code, rule_name(r.code)) for r in RULES],
        "show_agency": not user.is_agency_staff})


get_alert = record_loader(access_alert)
get_notice = record_loader(access_notice)


def alert_context(request: HttpRequest, alert: Alert, *, bound: Any = None, bound_step: str = "",
                  error: ActionError | None = None, notice_form: NoticeForm | None = None) -> dict[str, Any]:
    return row(alert) | {
        "forms": offered_forms(ALERTS, alert, request.user, url="supervision:alert-step", bound=bound,
                               bound_step=bound_step),
        "history": alert_history(alert), "error": error,
        "notices": [{"notice": n, "status_label": notice_status_label(n.status)}
                    for n in Notice.objects.filter(alert=alert).order_by("-id")],
        "notice_form": notice_form or (NoticeForm() if supervises(request.user, alert)
                                       and alert.status in ("open", "acknowledged") else None),
    }


ALERT_PAGE = step_page(ALERTS, template="supervision/alert.html", detail="supervision:alert", load=get_alert,
                       context=alert_context)
alert_detail = detail_view(ALERT_PAGE)
alert_step = step_view(ALERT_PAGE)


@require_POST
@staff_required
def send_notice(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    alert = get_alert(pk, user)
    if not supervises(user, alert):
        raise PermissionDenied(gettext("只有本区域的执法监督机构可以督办。"))
    form = NoticeForm(request.POST)
    error: ActionError | None = None
    if form.is_valid():
        try:
            notice = actions.send_notice(alert, text=form.cleaned_data["text"], due=form.cleaned_data["due"],
                                         acting_user=user)
        except ActionError as e:
            error = e
        else:
            return redirect("supervision:notice", notice.pk)
    return render(request, "supervision/alert.html",
                  alert_context(request, alert, error=error, notice_form=form), status=400)


def notice_context(request: HttpRequest, notice: Notice, *, bound: Any = None, bound_step: str = "",
                   error: ActionError | None = None) -> dict[str, Any]:
    return {"notice": notice, "status_label": notice_status_label(notice.status),
            "rule_name": rule_name(notice.alert.rule),
            "forms": offered_forms(NOTICES, notice, request.user, url="supervision:notice-step", bound=bound,
                                   bound_step=bound_step),
            "history": notice_history(notice), "error": error}


NOTICE_PAGE = step_page(NOTICES, template="supervision/notice.html", detail="supervision:notice", load=get_notice,
                        context=notice_context)
notice_detail = detail_view(NOTICE_PAGE)
notice_step = step_view(NOTICE_PAGE)
