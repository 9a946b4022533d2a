"""Licensing pages: the agency's applications with their running deadline (red overdue, yellow
near, as on "my cases"), receiving an application, the application page with its stored
deadlines, timeline and the forms of the steps open to the user, and the licences with renewal.

Reads go through yifa.licensing.access ("not yours" is the same 404 as "missing"); every write
is one yifa.licensing.actions call. A refusal re-shows the page, with nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from yifa.accounts.requests import signed_in
from yifa.lib.citations import cite_en
from yifa.lib.errors import ActionError
from yifa.lib.htmlrows import html_row, joined, ymd
from yifa.licensing import access, actions
from yifa.licensing.forms import ReceiveForm, RenewalForm
from yifa.licensing.models import (
    ApplicationKind,
    Handling,
    Licence,
    LicenceApplication,
    LicenceHearing,
    LicenceStep,
    Outcome,
    Status,
    SuspensionKind,
)
from yifa.licensing.procedure import LICENSING
from yifa.licensing.queries import (
    DUE_LABELS,
    applicant_of,
    application_page,
    deadline_state,
    filtered,
    holder_of,
    licence_page,
    licence_search,
    licence_state,
    running_due,
    status_label,
)
from yifa.web.cells import url_maker
from yifa.web.i18n import in_language, is_english, tr
from yifa.web.lists import NEAR_DAYS, page_number, rule_names
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required

# --- refusals ----------------------------------------------------------------------------------


def error_view(err: ActionError | None) -> dict[str, Any] | None:
    """The refusal in the page language only, and its article."""
    if err is None:
        return None
    return {"main": in_language(err), "other_lang": "zh-hans" if is_english() else "en",
            "rule": (cite_en(err.rule) if is_english() else err.rule) if err.rule else ""}


# --- lists -------------------------------------------------------------------------------------


def may_receive(user: Any) -> bool:
    return bool(user.agency_id is not None and access.may_act(user, user.agency_id))


@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()
    qs, current = filtered(user, request.GET.get("status", ""), q)
    page = application_page(qs, page_number(request.GET.get("page")))
    return render(request, "licensing/list.html", {
        "page": page, "cards": application_cards(page.rows, show_agency=not user.is_agency_staff),
        "q": q, "status": current,
        "statuses": [(s, status_label(s)) for s in Status.values], "near_days": NEAR_DAYS,
        "can_receive": may_receive(user), "show_agency": not user.is_agency_staff,
    })


#: One application's card (the markup the list's template loop printed).
CARD = ('\n  <li class="case-card deadline-{state}" data-application="{pk}" data-deadline="{state}">\n'
        '    <span class="badge status-{status}">{status_label}</span>\n'
        "    {kind}\n    {badge}\n"
        '    <h2><a href="{url}">{applicant}</a></h2>\n    <dl>\n'
        "      {agency}\n"
        "      <dt>{t_power}</dt><dd>{power}</dd>\n"
        "      {subject}\n"
        "      <dt>{t_received}</dt><dd>{received}</dd>\n"
        '      <dt>{t_due}</dt><dd class="due" data-testid="running-due">{due}</dd>\n'
        "    </dl>\n  </li>\n  ")


def application_cards(rows: list[dict[str, Any]], *, show_agency: bool) -> SafeString:
    """The list's cards, written here rather than by a template loop (a dozen values a card
    through the template engine were most of the page's CPU; docs/benchmarks.md)."""
    url = url_maker("licensing:detail")
    badges = {"overdue": format_html('<span class="badge deadline-overdue">{}</span>', gettext("已超期")),
              "near": format_html('<span class="badge deadline-near">{}</span>', gettext("即将到期"))}
    t_agency, t_subject, t_paused = gettext("执法主体"), gettext("申请事项"), gettext("（计时中止）")
    labels = {"t_power": gettext("许可事项"), "t_received": gettext("收到申请"), "t_due": gettext("当前期限")}

    def due(r: dict[str, Any]) -> SafeString | str:
        if not r["due"]:
            return "—"
        return format_html('{} <span class="muted">{}{}</span>', ymd(r["due"]), r["due_label"],
                           format_html(" {}", t_paused) if r["paused"] else "")

    return joined(html_row(
        CARD, state=r["state"], pk=a.pk, status=a.status, status_label=r["status_label"],
        kind=format_html('<span class="badge">{}</span>', r["kind_label"]) if a.kind == "renewal" else "",
        badge=badges.get(r["state"], ""), url=url(a.pk), applicant=a.applicant_name,
        agency=format_html("<dt>{}</dt><dd>{}</dd>", t_agency, a.agency.name) if show_agency else "",
        power=a.power.name, subject=format_html("<dt>{}</dt><dd>{}</dd>", t_subject, a.subject) if a.subject else "",
        received=ymd(a.received_on), due=due(r), **labels) for r in rows for a in (r["app"],))


# --- receiving ---------------------------------------------------------------------------------


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_receive(user):
        raise PermissionDenied(gettext("只有本机关的行政许可工作人员可以登记申请。"))
    if request.method != "POST":
        return render(request, "licensing/new.html", {"form": ReceiveForm(user)})
    form = ReceiveForm(user, request.POST)
    if not form.is_valid():
        return render(request, "licensing/new.html", {"form": form}, status=400)
    try:
        app = actions.receive_application(power=form.cleaned_data["power"], acting_user=user,
                                          received_on=form.cleaned_data["received_on"], **form.application_fields())
    except ActionError as err:
        return render(request, "licensing/new.html", {"form": form, "error": error_view(err)}, status=err.status)
    messages.success(request, gettext("已登记“%(name)s”的申请。") % {"name": app.applicant_name})
    return redirect("licensing:detail", pk=app.pk)


# --- the application page ------------------------------------------------------------------------


#: An application the user may see; "not yours" is the same 404 as "missing".
get_application = record_loader(access.access_application)


#: Entries of a step's record worth showing, with their labels.
STEP_DATA_LABELS = {
    "materials": gettext_lazy("材料"), "missing_items": gettext_lazy("需补正材料"),
    "completeness_due": gettext_lazy("补正告知期限"), "accepted_on": gettext_lazy("受理日期"),
    "decision_due": gettext_lazy("许可决定期限"), "certificate_due": gettext_lazy("颁发证件期限"),
    "excluded_working_days": gettext_lazy("不计入期限的工作日"), "number": gettext_lazy("许可证编号"),
    "valid_to": gettext_lazy("有效期至"), "overdue_working_days": gettext_lazy("超期工作日"),
    "request_due": gettext_lazy("申请听证期限"), "hold_due": gettext_lazy("组织听证期限"),
    "hearing_on": gettext_lazy("听证日期"), "previous_valid_to": gettext_lazy("原有效期至"),
}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def timeline(app: LicenceApplication) -> list[dict[str, Any]]:
    """Every step in order (templates/_parts/timeline.html), a step taken late marked red."""
    steps = LicenceStep.objects.filter(application=app).select_related("actor").order_by("at", "id")
    return [{
        "step": s, "label": LICENSING.label(s.step), "late": gettext("超过法定期限") if s.data.get("overdue") else "",
        "actor": str(s.actor) if s.actor else gettext("系统"),
        "from_label": status_label(s.from_status) if s.from_status else "", "to_label": status_label(s.to_status),
        "details": [(label, _shown(s.data[key])) for key, label in STEP_DATA_LABELS.items()
                    if s.data.get(key) not in (None, "", [])],
    } for s in steps]


def rule_label(codes: str, names: dict[str, str]) -> str:
    """"ALL_DECISION+ALL_DECISION_EXTENSION" → both rules' names."""
    return " + ".join(names.get(code, code) for code in codes.split("+") if code)


def application_context(request: HttpRequest, app: LicenceApplication, *, bound: Any = None,
                        bound_step: str = "", error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    forms = offered_forms(LICENSING, app, user, url="licensing:step", bound=bound, bound_step=bound_step)
    codes = {c for r in (app.completeness_rule, app.decision_rule, app.certificate_rule) for c in r.split("+")}
    names = rule_names(codes)
    suspensions = [{"s": s, "kind_label": tr(SuspensionKind(s.kind).label)}
                   for s in app.suspensions.order_by("start", "id")]
    licence = Licence.objects.filter(application=app).first()
    today = timezone.localdate()
    name, due = running_due(app)
    return {
        "app": app, "applicant": applicant_of(app, user), "status_label": status_label(app.status),
        "kind_label": tr(ApplicationKind(app.kind).label), "handling_label": tr(Handling(app.handling).label),
        "hearing": LicenceHearing.objects.filter(application=app).select_related("presider").first(),
        "outcome_label": tr(Outcome(app.outcome).label) if app.outcome else "",
        "state": deadline_state(app, today), "due": due, "due_label": DUE_LABELS.get(name, ""),
        "paused": app.status == Status.SUSPENDED,
        "completeness_rule_name": rule_label(app.completeness_rule, names),
        "decision_rule_name": rule_label(app.decision_rule, names),
        "certificate_rule_name": rule_label(app.certificate_rule, names),
        "suspensions": suspensions, "licence": licence, "timeline": timeline(app), "forms": forms,
        "error": error_view(error), "error_step": bound_step,
    }


#: The application page and its steps, from the procedure's declaration (yifa.web.stepforms): a
#: step's form (with the version the page showed), then exactly one action call.
APPLICATION_PAGE = step_page(LICENSING, template="licensing/detail.html", detail="licensing:detail",
                             load=get_application, context=application_context)
detail = detail_view(APPLICATION_PAGE)
step = step_view(APPLICATION_PAGE)


# --- licences ------------------------------------------------------------------------------------


@staff_required
def licence_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()
    qs = licence_search(access.licences_for(user), q)
    return render(request, "licensing/licence_list.html", {
        "page": licence_page(qs, page_number(request.GET.get("page"))), "q": q, "near_days": NEAR_DAYS,
        "show_agency": not user.is_agency_staff,
    })


get_licence = record_loader(access.access_licence)


def licence_context(request: HttpRequest, licence: Licence, *, form: RenewalForm | None = None,
                    error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    renewals = [{"app": a, "status_label": status_label(a.status)}
                for a in licence.renewal_applications.order_by("-received_on", "-pk")]
    return {
        "licence": licence, "holder": holder_of(licence, user), "renewals": renewals,
        "extensions": list(licence.extensions.order_by("on_date", "id")),
        "state": licence_state(licence, timezone.localdate()),
        "renewal_form": form or (RenewalForm() if access.may_act(user, licence.agency_id) else None),
        "renewal_open": form is not None, "error": error_view(error),
    }


@staff_required
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    licence = get_licence(pk, request.user)
    return render(request, "licensing/licence_detail.html", licence_context(request, licence))


@require_POST
@staff_required
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    """延续申请: one apply_renewal call; a refusal (e.g. later than 30 days before expiry) changes nothing."""
    licence = get_licence(pk, request.user)
    form = RenewalForm(request.POST)
    if not form.is_valid():
        return render(request, "licensing/licence_detail.html", licence_context(request, licence, form=form),
                      status=400)
    try:
        app = actions.apply_renewal(licence, materials=form.cleaned_data["materials"],
                                    received_on=form.cleaned_data["received_on"], acting_user=signed_in(request))
    except ActionError as err:
        return render(request, "licensing/licence_detail.html",
                      licence_context(request, get_licence(pk, request.user), form=form, error=err),
                      status=err.status)
    messages.success(request, gettext("已登记许可证“%(number)s”的延续申请。") % {"number": licence.number})
    return redirect("licensing:detail", pk=app.pk)

