"""Licensing pages: the agency's applications with their running deadline (red overdue, yellow
near, as on "my cases"), receiving an application, the application page with its stored
deadlines, timeline and the forms of the steps open to the user, and the licences with renewal.

Reads go through yifa.licensing.access ("not yours" is the same 404 as "missing"); every write
is one yifa.licensing.actions call. A refusal re-shows the page, with nothing changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case as DbCase
from django.db.models import DateField, F, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from yifa.cases.views import NEAR_DAYS, PAGE_SIZE, CasePage, page_number, rule_names, sees_full_party
from yifa.lib.errors import ActionError, NotFound
from yifa.lib.masking import mask_phone, mask_resident_id
from yifa.licensing import access, actions
from yifa.licensing.forms import (
    STEP_FORMS,
    STEP_INFO,
    STEPS,
    ReceiveForm,
    RenewalForm,
    StepForm,
    offered_steps,
    perform_step,
    step_label,
)
from yifa.licensing.models import (
    ApplicantKind,
    ApplicationKind,
    Licence,
    LicenceApplication,
    LicenceStep,
    Outcome,
    Status,
    SuspensionKind,
)
from yifa.web.i18n import in_language, is_english, tr
from yifa.web.views_common import staff_required

# --- the running deadline ----------------------------------------------------------------------

#: Which stored deadline runs in which status; a suspended count shows its date, paused.
DUE_FIELDS: dict[str, str] = {
    Status.RECEIVED: "completeness_due",
    Status.ACCEPTED: "decision_due",
    Status.SUSPENDED: "decision_due",
    Status.DECIDED: "certificate_due",
}
DUE_LABELS = {
    "completeness_due": gettext_lazy("补正告知期限"),
    "decision_due": gettext_lazy("许可决定期限"),
    "certificate_due": gettext_lazy("颁发证件期限"),
}

#: The same, as an SQL expression: lists are ordered by it (most urgent first, none last).
RUNNING_DUE = DbCase(
    When(status=Status.RECEIVED, then=F("completeness_due")),
    When(status__in=[Status.ACCEPTED, Status.SUSPENDED], then=F("decision_due")),
    When(status=Status.DECIDED, outcome=Outcome.GRANTED, then=F("certificate_due")),
    default=Value(None), output_field=DateField(),
)


def running_due(app: LicenceApplication) -> tuple[str, dt.date | None]:
    """(the field, its date) of the deadline running now, or ("", None)."""
    name = DUE_FIELDS.get(app.status, "")
    if name == "certificate_due" and app.outcome != Outcome.GRANTED:
        name = ""
    return name, getattr(app, name) if name else None


def due_state(due: dt.date | None, today: dt.date) -> str:
    """"overdue" (red), "near" (yellow, within NEAR_DAYS, as on "my cases") or "normal"."""
    if due is None:
        return "normal"
    if due < today:
        return "overdue"
    if (due - today).days <= NEAR_DAYS:
        return "near"
    return "normal"


def deadline_state(app: LicenceApplication, today: dt.date) -> str:
    """A suspended count does not run (ALL art. 45): its date is shown, not coloured."""
    if app.status == Status.SUSPENDED:
        return "normal"
    return due_state(running_due(app)[1], today)


# --- personal data -----------------------------------------------------------------------------


def mask_address(value: str) -> str:
    """A person's home address: the district part only (浦江县浦阳街道******)."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * min(len(value) - 6, 6)


def applicant_view(kind: str, code: str, address: str, phone: str, user: Any) -> dict[str, Any]:
    """What this user sees of an applicant: heads, administrators and oversight see everything;
    others see codes and phones masked, and a person's (not an organisation's) address masked."""
    full = sees_full_party(user)
    person = kind == ApplicantKind.INDIVIDUAL
    return {
        "code": code if full else mask_resident_id(code),
        "phone": phone if full else mask_phone(phone),
        "address": address if full or not person else mask_address(address),
        "masked": not full,
    }


def applicant_of(app: LicenceApplication, user: Any) -> dict[str, Any]:
    return applicant_view(app.applicant_kind, app.applicant_code, app.applicant_address, app.applicant_phone, user)


# --- refusals ----------------------------------------------------------------------------------


def error_view(err: ActionError | None) -> dict[str, Any] | None:
    """The refusal in the page language first, the other language under it, and its article."""
    if err is None:
        return None
    return {"main": in_language(err), "other": err.zh if is_english() else err.en,
            "other_lang": "zh-hans" if is_english() else "en", "rule": err.rule or ""}


# --- lists -------------------------------------------------------------------------------------


def status_label(status: str) -> Any:
    return tr(Status(status).label) if status in Status.values else status


def row(app: LicenceApplication, today: dt.date) -> dict[str, Any]:
    name, due = running_due(app)
    return {
        "app": app, "due": due, "due_label": DUE_LABELS.get(name, ""), "state": deadline_state(app, today),
        "paused": app.status == Status.SUSPENDED, "status_label": status_label(app.status),
        "kind_label": tr(ApplicationKind(app.kind).label) if app.kind in ApplicationKind.values else app.kind,
    }


def search(qs: QuerySet[LicenceApplication], q: str) -> QuerySet[LicenceApplication]:
    """By applicant, subject or licensing item (not by identity number: that would reveal it)."""
    q = q.strip()
    if not q:
        return qs
    return qs.filter(Q(applicant_name__icontains=q) | Q(subject__icontains=q) | Q(power__name__icontains=q)
                     | Q(power__code__icontains=q))


def filtered(user: Any, status: str, q: str) -> tuple[QuerySet[LicenceApplication], str]:
    qs = access.applications_for(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    return search(qs, q), status


def application_page(qs: QuerySet[LicenceApplication], number: int) -> CasePage:
    """One page without COUNT(*): most urgent running deadline first, none last."""
    start = (number - 1) * PAGE_SIZE
    ordered = (qs.select_related("agency", "power").annotate(running_due=RUNNING_DUE)
               .order_by(F("running_due").asc(nulls_last=True), "-received_on", "-pk"))
    apps = list(ordered[start:start + PAGE_SIZE + 1])
    today = timezone.localdate()
    return CasePage(number, [row(a, today) for a in apps[:PAGE_SIZE]], len(apps) > PAGE_SIZE)


def may_receive(user: Any) -> bool:
    return bool(user.agency_id is not None and access.may_act(user, user.agency_id))


@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()
    qs, current = filtered(user, request.GET.get("status", ""), q)
    return render(request, "licensing/list.html", {
        "page": application_page(qs, page_number(request.GET.get("page"))), "q": q, "status": current,
        "statuses": [(s, status_label(s)) for s in Status.values], "near_days": NEAR_DAYS,
        "can_receive": may_receive(user), "show_agency": not user.is_agency_staff,
    })


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
                                          **form.application_fields())
    except ActionError as err:
        return render(request, "licensing/new.html", {"form": form, "error": error_view(err)}, status=err.status)
    messages.success(request, gettext("已登记“%(name)s”的申请。") % {"name": app.applicant_name})
    return redirect("licensing:detail", pk=app.pk)


# --- the application page ------------------------------------------------------------------------


def get_application(pk: int, user: Any) -> LicenceApplication:
    """An application the user may see; "not yours" is the same 404 as "missing"."""
    try:
        return access.access_application(pk, user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None


#: Entries of a step's record worth showing, with their labels.
STEP_DATA_LABELS = {
    "materials": gettext_lazy("材料"), "missing_items": gettext_lazy("需补正材料"),
    "completeness_due": gettext_lazy("补正告知期限"), "accepted_on": gettext_lazy("受理日期"),
    "decision_due": gettext_lazy("许可决定期限"), "certificate_due": gettext_lazy("颁发证件期限"),
    "excluded_working_days": gettext_lazy("不计入期限的工作日"), "number": gettext_lazy("许可证编号"),
    "valid_to": gettext_lazy("有效期至"), "overdue_working_days": gettext_lazy("超期工作日"),
}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def timeline(app: LicenceApplication) -> list[dict[str, Any]]:
    steps = LicenceStep.objects.filter(application=app).select_related("actor").order_by("at", "id")
    return [{
        "step": s, "label": step_label(s.step), "overdue": bool(s.data.get("overdue")),
        "actor": str(s.actor) if s.actor else gettext("系统"),
        "from_label": status_label(s.from_status) if s.from_status else "", "to_label": status_label(s.to_status),
        "details": [(label, _shown(s.data[key])) for key, label in STEP_DATA_LABELS.items()
                    if s.data.get(key) not in (None, "", [])],
    } for s in steps]


def rule_label(codes: str, names: dict[str, str]) -> str:
    """"ALL_DECISION+ALL_DECISION_EXTENSION" → both rules' names."""
    return " + ".join(names.get(code, code) for code in codes.split("+") if code)


def application_context(request: HttpRequest, app: LicenceApplication, *, bound: StepForm | None = None,
                        bound_step: str = "", error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    forms = []
    for key in offered_steps(app, user):
        form = bound if key == bound_step and bound is not None else STEP_FORMS[key](app)
        forms.append({"key": key, "label": STEP_INFO[key].label, "form": form, "open": key == bound_step})
    codes = {c for r in (app.completeness_rule, app.decision_rule, app.certificate_rule) for c in r.split("+")}
    names = rule_names(codes)
    suspensions = [{"s": s, "kind_label": tr(SuspensionKind(s.kind).label)}
                   for s in app.suspensions.order_by("start", "id")]
    licence = Licence.objects.filter(application=app).first()
    today = timezone.localdate()
    name, due = running_due(app)
    return {
        "app": app, "applicant": applicant_of(app, user), "status_label": status_label(app.status),
        "applicant_kind_label": tr(ApplicantKind(app.applicant_kind).label),
        "kind_label": tr(ApplicationKind(app.kind).label),
        "outcome_label": tr(Outcome(app.outcome).label) if app.outcome else "",
        "state": deadline_state(app, today), "due": due, "due_label": DUE_LABELS.get(name, ""),
        "paused": app.status == Status.SUSPENDED,
        "completeness_rule_name": rule_label(app.completeness_rule, names),
        "decision_rule_name": rule_label(app.decision_rule, names),
        "certificate_rule_name": rule_label(app.certificate_rule, names),
        "suspensions": suspensions, "licence": licence, "timeline": timeline(app), "forms": forms,
        "error": error_view(error), "error_step": bound_step,
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_application(pk, request.user)
    return render(request, "licensing/detail.html", application_context(request, app))


@require_POST
@staff_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step: exactly one action call. A refusal re-shows the page with nothing changed."""
    if step not in STEPS:
        raise Http404(gettext("记录不存在。"))
    app = get_application(pk, request.user)
    form = STEP_FORMS[step](app, request.POST)
    if not form.is_valid():
        return render(request, "licensing/detail.html",
                      application_context(request, app, bound=form, bound_step=step), status=400)
    try:
        perform_step(app, step, form.step_data(), request.user)
    except ActionError as err:
        stored = get_application(pk, request.user)
        return render(request, "licensing/detail.html",
                      application_context(request, stored, bound=form, bound_step=step, error=err),
                      status=err.status)
    messages.success(request, gettext("已办理“%(step)s”。") % {"step": STEP_INFO[step].label})
    return redirect("licensing:detail", pk=pk)



# --- licences ------------------------------------------------------------------------------------


def licence_search(qs: QuerySet[Licence], q: str) -> QuerySet[Licence]:
    q = q.strip()
    if not q:
        return qs
    return qs.filter(Q(number__icontains=q) | Q(holder_name__icontains=q) | Q(application__power__name__icontains=q))


def licence_state(licence: Licence, today: dt.date) -> str:
    """"expired", or the renewal date's colour while the licence is in force."""
    if licence.valid_to < today:
        return "expired"
    return due_state(licence.renewal_due, today)


def licence_page(qs: QuerySet[Licence], number: int) -> CasePage:
    start = (number - 1) * PAGE_SIZE
    rows = list(qs.select_related("agency", "application__power").order_by("valid_to", "pk")[start:start + PAGE_SIZE + 1])
    today = timezone.localdate()
    return CasePage(number, [{"licence": lic, "state": licence_state(lic, today)} for lic in rows[:PAGE_SIZE]],
                    len(rows) > PAGE_SIZE)


@staff_required
def licence_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "").strip()
    qs = licence_search(access.licences_for(user), q)
    return render(request, "licensing/licence_list.html", {
        "page": licence_page(qs, page_number(request.GET.get("page"))), "q": q, "near_days": NEAR_DAYS,
        "show_agency": not user.is_agency_staff,
    })


def get_licence(pk: int, user: Any) -> Licence:
    try:
        return access.access_licence(pk, user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None


def holder_of(licence: Licence, user: Any) -> dict[str, Any]:
    original = licence.application
    return applicant_view(original.applicant_kind, licence.holder_code, original.applicant_address,
                          original.applicant_phone, user)


def licence_context(request: HttpRequest, licence: Licence, *, form: RenewalForm | None = None,
                    error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    renewals = [{"app": a, "status_label": status_label(a.status)}
                for a in licence.renewal_applications.order_by("-received_on", "-pk")]
    return {
        "licence": licence, "holder": holder_of(licence, user), "renewals": renewals,
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
        app = actions.apply_renewal(licence, materials=form.cleaned_data["materials"], acting_user=request.user)
    except ActionError as err:
        return render(request, "licensing/licence_detail.html",
                      licence_context(request, get_licence(pk, request.user), form=form, error=err),
                      status=err.status)
    messages.success(request, gettext("已登记许可证“%(number)s”的延续申请。") % {"number": licence.number})
    return redirect("licensing:detail", pk=app.pk)

