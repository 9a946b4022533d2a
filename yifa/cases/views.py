"""Case pages: "my cases" with deadline colours, all cases, the case page with its timeline and
the forms of the steps open to the user, and registering a lead. Writes only through actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from yifa.accounts.models import Role
from yifa.cases import actions
from yifa.cases.access import access_case, cases_for, my_cases
from yifa.cases.forms import STEP_FORMS, STEP_INFO, STEPS, LeadForm, StepForm, offered_steps, perform_step, tr
from yifa.cases.models import OPEN_STATUSES, Case, CaseStep, Hearing, Status
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, NotFound
from yifa.lib.masking import mask_phone, mask_resident_id
from yifa.registry.models import Agency
from yifa.web.views_common import staff_required
from yifa.workcal.models import DeadlineRule

PAGE_SIZE = 50
# A deadline this many calendar days away (or less) shows yellow on "my cases": a working-week
# warning for officers in the field. A display choice, not a statutory period.
NEAR_DAYS = 3
#: Who gets the "all cases" list (cases_for): heads and administrators of an agency, and oversight.
ALL_CASES_ROLES = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.LEGAL_REVIEWER, Role.SUPERVISOR,
                             Role.EFFICIENCY, Role.LEADER, Role.SYSADMIN})
#: Who sees a party's identity number and phone in full (within the cases they may see at all).
FULL_PARTY_ROLES = frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.SUPERVISOR, Role.SYSADMIN})
#: The decision limit only runs until the decision is made.
DECISION_PENDING = frozenset(actions.BEFORE_DECISION)


# --- deadlines --------------------------------------------------------------------------------


def deadline_state(case: Case, today: dt.date) -> str:
    """"overdue" (red), "near" (yellow, within NEAR_DAYS) or "normal"."""
    dues = [case.stage_due] if case.stage_due else []
    if case.decision_due and case.status in DECISION_PENDING:
        dues.append(case.decision_due)
    if not dues:
        return "normal"
    first = min(dues)
    if first < today:
        return "overdue"
    if (first - today).days <= NEAR_DAYS:
        return "near"
    return "normal"


def rule_names(codes: set[str]) -> dict[str, str]:
    """Names of the deadline rules on a page: one query, whatever the number of rows."""
    codes.discard("")
    if not codes:
        return {}
    return {code: str(tr(name)) for code, name in DeadlineRule.objects.filter(code__in=codes)
            .order_by("code", "effective_from").values_list("code", "name")}


def sees_full_party(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_sysadmin or user.role in FULL_PARTY_ROLES))


def party_view(case: Case, user: Any) -> dict[str, Any]:
    full = sees_full_party(user)
    return {
        "code": case.party_code if full else mask_resident_id(case.party_code),
        "phone": case.party_phone if full else mask_phone(case.party_phone),
        "masked": not full,
    }


# --- lists ------------------------------------------------------------------------------------


@dataclass
class CasePage:
    """A page without COUNT(*): with a million cases, only the rows shown are read."""

    number: int
    rows: list[dict[str, Any]]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(raw: Any) -> int:
    try:
        return max(1, min(int(raw), 100_000))
    except (TypeError, ValueError):
        return 1


def ordered(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Most urgent stage deadline first; cases without one last."""
    return qs.select_related("agency").order_by(F("stage_due").asc(nulls_last=True), "pk")


def status_filter(qs: QuerySet[Case], value: str, statuses: list[str]) -> tuple[QuerySet[Case], str]:
    if value in statuses:
        return qs.filter(status=value), value
    return qs, ""


def row(case: Case, today: dt.date, names: dict[str, str]) -> dict[str, Any]:
    return {
        "case": case, "state": deadline_state(case, today), "status_label": tr(Status(case.status).label),
        "stage_rule_name": names.get(case.stage_rule, case.stage_rule),
    }


def case_page(qs: QuerySet[Case], number: int) -> CasePage:
    start = (number - 1) * PAGE_SIZE
    cases = list(ordered(qs)[start:start + PAGE_SIZE + 1])
    today = timezone.localdate()
    names = rule_names({c.stage_rule for c in cases})
    return CasePage(number, [row(c, today, names) for c in cases[:PAGE_SIZE]], len(cases) > PAGE_SIZE)


def may_list_all(user: Any) -> bool:
    return bool(user.is_sysadmin or user.role in ALL_CASES_ROLES)


def _list(request: HttpRequest, qs: QuerySet[Case], *, title: str, statuses: list[str], mine: bool) -> HttpResponse:
    qs, current = status_filter(qs, request.GET.get("status", ""), statuses)
    user: Any = request.user
    return render(request, "cases/list.html", {
        "title": title, "mine": mine, "page": case_page(qs, page_number(request.GET.get("page"))),
        "statuses": [(s, tr(Status(s).label)) for s in statuses], "status": current,
        "can_list_all": may_list_all(user), "can_register": bool(user.is_agency_staff),
        "show_agency": not user.is_agency_staff, "near_days": NEAR_DAYS,
    })


@staff_required
def mine(request: HttpRequest) -> HttpResponse:
    statuses = [s for s in Status.values if s in OPEN_STATUSES]
    return _list(request, my_cases(request.user), title=gettext("我的案件"), statuses=statuses, mine=True)


@staff_required
def all_cases(request: HttpRequest) -> HttpResponse:
    if not may_list_all(request.user):
        raise PermissionDenied(gettext("全部案件仅供机关负责人和监督人员查看。"))
    return _list(request, cases_for(request.user), title=gettext("全部案件"), statuses=list(Status.values),
                 mine=False)


# --- the case page ----------------------------------------------------------------------------


def get_case(pk: int, user: Any) -> Case:
    """A case the user may see; "not yours" is the same 404 as "missing"."""
    try:
        case = access_case(pk, user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None
    return case


STEP_LABELS: dict[str, Any] = {"register": gettext_lazy("线索登记"), "hearing": STEP_INFO["record_hearing"].label}


def step_label(step: str) -> Any:
    info = STEP_INFO.get(step)
    return info.label if info else STEP_LABELS.get(step, step)


def timeline(case: Case) -> list[dict[str, Any]]:
    steps = CaseStep.objects.filter(case=case).select_related("actor").order_by("at", "id")
    return [{
        "step": s, "label": step_label(s.step),
        "from_label": tr(Status(s.from_status).label) if s.from_status else "",
        "to_label": tr(Status(s.to_status).label),
    } for s in steps]


def penalty_labels(types: list[str]) -> list[str]:
    labels = dict(PowerItem.PenaltyType.choices)
    return [str(tr(labels.get(t, t))) for t in types]


def case_context(request: HttpRequest, case: Case, *, bound: StepForm | None = None, bound_step: str = "",
                 error: ActionError | None = None) -> dict[str, Any]:
    user = request.user
    assignments = list(case.assignments.select_related("officer").order_by("-is_lead", "assigned_on", "id"))
    hearing = Hearing.objects.filter(case=case).select_related("chair").first()
    crew = {a.officer_id for a in assignments if not a.recused}
    forms = []
    for key in offered_steps(case, user, crew):
        form = bound if key == bound_step and bound is not None else STEP_FORMS[key](case)
        forms.append({"key": key, "label": STEP_INFO[key].label, "form": form, "open": key == bound_step})
    names = rule_names({case.stage_rule})
    return {
        "case": case, "party": party_view(case, user), "assignments": assignments, "hearing": hearing,
        "timeline": timeline(case), "forms": forms, "error": error, "error_step": bound_step,
        "state": deadline_state(case, timezone.localdate()), "status_label": tr(Status(case.status).label),
        "stage_rule_name": names.get(case.stage_rule, case.stage_rule),
        "decision_pending": case.status in DECISION_PENDING,
        "proposed_labels": penalty_labels(case.proposed_types), "decided_labels": penalty_labels(case.decided_types),
        "procedure_label": tr(case.get_procedure_display()), "source_label": tr(case.get_source_display()),
        "party_kind_label": tr(case.get_party_kind_display()), "outcome_label": tr(case.get_outcome_display()),
        "service_method_label": tr(actions.SERVICE_METHODS.get(case.service_method, case.service_method)),
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(pk, request.user)
    return render(request, "cases/detail.html", case_context(request, case))


@require_POST
@staff_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step: exactly one action call. A refusal re-shows the page with nothing changed."""
    if step not in STEPS:
        raise Http404(gettext("记录不存在。"))
    case = get_case(pk, request.user)
    form = STEP_FORMS[step](case, request.POST)
    if not form.is_valid():
        return render(request, "cases/detail.html",
                      case_context(request, case, bound=form, bound_step=step), status=400)
    try:
        perform_step(case, step, form.cleaned_data["version"], form.step_data(), request.user)
    except ActionError as err:
        stored = get_case(pk, request.user)
        return render(request, "cases/detail.html",
                      case_context(request, stored, bound=form, bound_step=step, error=err), status=err.status)
    messages.success(request, gettext("已办理“%(step)s”。") % {"step": STEP_INFO[step].label})
    return redirect("cases:detail", pk=pk)


# --- registering a lead -----------------------------------------------------------------------


def _user_agency(user: Any) -> Agency:
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以登记案件线索。"))
    return user.agency


@staff_required
def new(request: HttpRequest) -> HttpResponse:
    agency = _user_agency(request.user)
    if request.method != "POST":
        return render(request, "cases/new.html", {"form": LeadForm(request.user)})
    form = LeadForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "cases/new.html", {"form": form}, status=400)
    try:
        case = actions.register_case(agency=agency, power=form.cleaned_data["power"], acting_user=request.user,
                                     **form.case_fields())
    except ActionError as err:
        return render(request, "cases/new.html", {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已登记案件线索“%(title)s”。") % {"title": case.title})
    return redirect("cases:detail", pk=case.pk)
