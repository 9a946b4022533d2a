"""The public pages (no login): file a complaint or report, check its status with the tracking
number and secret code and rate the outcome, and answer the public evaluation questionnaire.

They create no session (no messages framework, no login): the CSRF token is a cookie. Every
POST is rate limited per IP (throttle.py) and carries a honeypot field; a refusal of any kind
stores nothing. Pages showing a reporter's complaint are never cached.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yifa.complaints import actions, evaluation, throttle
from yifa.complaints.access import reporters_complaint
from yifa.complaints.forms import ComplaintForm, HoneypotForm, RateForm, StatusForm, evaluation_form
from yifa.complaints.models import RATABLE, Complaint, EvaluationCycle
from yifa.complaints.queries import category_label, kind_label, public_history, status_label
from yifa.evidence.actions import Upload
from yifa.lib.errors import ActionError
from yifa.lib.masking import mask_person_name
from yifa.registry.models import Agency


def _acting(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _limited(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    error = ActionError("提交过于频繁，请稍后再试。", "Too many attempts; please try again later.")
    return render(request, template, context | {"error": error}, status=429)


def _bot(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    error = ActionError("提交未被接受：请不要填写隐藏的“网址”栏。", "Not accepted: leave the hidden 'website' field empty.",
                        field="website")
    return render(request, template, context | {"error": error}, status=400)


def _guarded(request: HttpRequest, bucket: str, form: HoneypotForm, template: str,
             context: dict[str, Any]) -> HttpResponse | None:
    """The rate limit and the honeypot, before anything else is looked at."""
    if not throttle.allow(request, bucket):
        return _limited(request, template, context)
    if form.is_bot():
        return _bot(request, template, context)
    return None


# --- filing -----------------------------------------------------------------------------------


def _uploads(files: list[Any]) -> list[Upload]:
    limit = actions.max_file_bytes()
    out = []
    for f in files:
        if f.size > limit:  # refused before reading it
            raise ActionError(f"附件超过大小限制（上限 {limit // (1024 * 1024)} MB）。",
                              f"An attachment is too large (the limit is {limit // (1024 * 1024)} MB).", field="attachments")
        out.append(Upload(f.read(), f.name or ""))
    return out


@never_cache
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "complaints/public/new.html", {"form": ComplaintForm()})
    form = ComplaintForm(request.POST, request.FILES)
    refused = _guarded(request, "complaint", form, "complaints/public/new.html", {"form": form})
    if refused is not None:
        return refused
    if not form.is_valid():
        error = ActionError("请检查标出的栏目。", "Please check the fields marked.")
        return render(request, "complaints/public/new.html", {"form": form, "error": error}, status=400)
    data = form.cleaned_data
    try:
        filed = actions.file_complaint(
            kind=data["kind"], category=data["category"], agency=data["agency"], region=data["region"],
            power_code=data["power_code"], subject=data["subject"], content=data["content"],
            anonymous=data["anonymous"], name=data["name"], phone=data["phone"], files=_uploads(data["attachments"]),
            acting_user=_acting(request))
    except ActionError as err:
        return render(request, "complaints/public/new.html", {"form": form, "error": err}, status=err.status)
    return render(request, "complaints/public/filed.html", {"complaint": filed.complaint, "code": filed.code},
                  status=201)


# --- status and rating ------------------------------------------------------------------------


def status_context(complaint: Complaint, code: str) -> dict[str, Any]:
    rate = None
    if complaint.status in RATABLE and complaint.rating is None:
        rate = RateForm(initial={"tracking_no": complaint.tracking_no, "code": code})
    return {"complaint": complaint, "history": public_history(complaint), "status_label": status_label(complaint.status),
            "kind_label": kind_label(complaint.kind), "category_label": category_label(complaint.category),
            "reporter": gettext("匿名") if complaint.anonymous else mask_person_name(complaint.name),
            "rate_form": rate}


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "complaints/public/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    refused = _guarded(request, "status", form, "complaints/public/status.html", {"form": form})
    if refused is not None:
        return refused
    if not form.is_valid():
        return render(request, "complaints/public/status.html", {"form": form}, status=400)
    try:
        complaint = reporters_complaint(form.cleaned_data["tracking_no"], form.cleaned_data["code"])
    except ActionError as err:
        return render(request, "complaints/public/status.html", {"form": form, "error": err}, status=err.status)
    return render(request, "complaints/public/status.html",
                  {"form": None} | status_context(complaint, form.cleaned_data["code"]))


@never_cache
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    form = RateForm(request.POST)
    refused = _guarded(request, "rate", form, "complaints/public/status.html", {"form": StatusForm()})
    if refused is not None:
        return refused
    if not form.is_valid():
        return render(request, "complaints/public/status.html", {"form": StatusForm(request.POST)}, status=400)
    code = form.cleaned_data["code"]
    try:
        complaint = reporters_complaint(form.cleaned_data["tracking_no"], code)
        complaint = actions.rate_outcome(complaint, rating=form.cleaned_data["rating"],
                                         comment=form.cleaned_data["comment"], acting_user=_acting(request))
    except ActionError as err:
        return render(request, "complaints/public/status.html", {"form": StatusForm(request.POST), "error": err},
                      status=err.status)
    return render(request, "complaints/public/status.html",
                  {"form": None, "rated": True} | status_context(complaint, code))


# --- public evaluation ------------------------------------------------------------------------


def evaluation_index(request: HttpRequest) -> HttpResponse:
    """The cycles open today and the agencies each evaluates."""
    today = timezone.localdate()
    cycles = list(EvaluationCycle.objects.filter(opens_on__lte=today, closes_on__gte=today)
                  .select_related("region").order_by("closes_on", "id"))
    return render(request, "complaints/public/evaluate_index.html",
                  {"cycles": [(c, list(evaluation.agencies_of(c).only("pk", "name"))) for c in cycles]})


def _cycle_and_agency(cycle_pk: int, agency_pk: str) -> tuple[EvaluationCycle, Agency]:
    cycle = EvaluationCycle.objects.select_related("region").filter(pk=cycle_pk).first()
    agency = (evaluation.agencies_of(cycle).filter(pk=int(agency_pk)).first()
              if cycle and agency_pk.isdigit() and len(agency_pk) < 10 else None)
    if cycle is None or agency is None or not evaluation.is_open(cycle):
        raise Http404(gettext("该评议不存在或不在开放期间。"))
    return cycle, agency


@never_cache
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's questionnaire about one agency (?agency=<id>)."""
    the_cycle, the_agency = _cycle_and_agency(pk, request.GET.get("agency", ""))
    context: dict[str, Any] = {"cycle": the_cycle, "agency": the_agency}
    if request.method != "POST":
        return render(request, "complaints/public/evaluate.html", context | {"form": evaluation_form(the_cycle)})
    form = evaluation_form(the_cycle, request.POST)
    context["form"] = form
    refused = _guarded(request, "evaluate", form, "complaints/public/evaluate.html", context)
    if refused is not None:
        return refused
    if not form.is_valid():
        error = ActionError("请对每个问题评分并填写手机号码。", "Rate every question and give a mobile number.")
        return render(request, "complaints/public/evaluate.html", context | {"error": error}, status=400)
    scores = {int(k[1:]): v for k, v in form.cleaned_data.items() if k.startswith("q") and k[1:].isdigit()}
    try:
        evaluation.submit_answer(the_cycle, the_agency, phone=form.cleaned_data["phone"], scores=scores,
                                 comment=form.cleaned_data["comment"], acting_user=_acting(request))
    except ActionError as err:
        return render(request, "complaints/public/evaluate.html", context | {"error": err}, status=err.status)
    return render(request, "complaints/public/evaluate.html", context | {"form": None, "thanks": True}, status=201)
