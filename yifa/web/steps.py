"""A procedure record's page (a case, a licence application, a coercive measure; the record
loader also serves inspections): the record through the app's access function, the step forms
open to the user, and the POST that takes one step.

A step is one POST to `<record>/<pk>/steps/<step>`: an unknown step or a record the user may
not see is the same 404 as a missing one; invalid input re-shows the page (400) with the form
open; otherwise exactly one action call. A refusal (ActionError) re-shows the page as stored
(nothing changed) with the refusal; success says so and goes back to the record page.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.lib.errors import ActionError, NotFound
from yifa.web.todo import handoff_message
from yifa.web.views_common import View, staff_required

R = TypeVar("R")


# --- the record -------------------------------------------------------------------------------


def record_loader(access: Callable[[Any, Any], R]) -> Callable[[int, Any], R]:
    """The page's way to fetch a record through the app's access function (pk, user → record, or
    NotFound): "not yours" is the same 404 as "missing"."""

    def load(pk: int, user: Any) -> R:
        try:
            return access(pk, user)
        except NotFound:
            raise Http404(gettext("记录不存在。")) from None

    return load


# --- forms --------------------------------------------------------------------------------------


class VersionedStepForm(forms.Form):
    """A step's inputs for one record (yifa.web.stepforms derives the fields from the step's
    schema), plus the record version the page was rendered with: the action refuses a stale one,
    so of two people acting at once only the first succeeds."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, record: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", record.version)
        super().__init__(*args, **kwargs)
        self.record = record


def step_forms(keys: Iterable[str], *, blank: Callable[[str], forms.Form], label: Callable[[str], Any],
               url: str, pk: int, bound: forms.Form | None = None, bound_step: str = "") -> list[dict[str, Any]]:
    """The forms of the steps offered (templates/_parts/step_forms.html), each with its label and
    where it posts; the one just posted is shown bound (with its errors) and open."""
    return [{
        "key": key, "label": label(key), "open": key == bound_step,
        "form": bound if key == bound_step and bound is not None else blank(key),
        "action": reverse(url, args=[pk, key]),
    } for key in keys]


# --- the POST -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepPage(Generic[R]):
    """How one app's record page takes a step."""

    #: The record page, re-shown on invalid input and on a refusal.
    template: str
    #: Its URL name (pk=…), where a step done goes back to.
    detail: str
    steps: Collection[str]
    #: (pk, user) → the record through the app's access policy; Http404 for "not yours" and "missing".
    load: Callable[[int, Any], R]
    #: (request, record, step) → the step's form, bound to the POST.
    form: Callable[[HttpRequest, R, str], forms.Form]
    #: (record, step, valid form, user) → exactly one action call.
    perform: Callable[[R, str, Any, Any], object]
    #: (request, record, *, bound=, bound_step=, error=) → the record page's context.
    context: Callable[..., dict[str, Any]]
    #: (step, record as it was before the step) → the step's name for the message.
    label: Callable[[str, R], Any]


def detail_view(page: StepPage[Any]) -> View:
    """The app's record page (URL argument pk) for `page`, with the step forms open to the user."""

    @staff_required
    def detail(request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, page.template, page.context(request, page.load(pk, request.user)))

    return detail


def take_step(request: HttpRequest, pk: int, step: str, page: StepPage[Any]) -> HttpResponse:
    """One step: exactly one action call. A refusal re-shows the page with nothing changed."""
    if step not in page.steps:
        raise Http404(gettext("记录不存在。"))
    record = page.load(pk, request.user)
    form = page.form(request, record, step)
    if not form.is_valid():
        return render(request, page.template, page.context(request, record, bound=form, bound_step=step), status=400)
    label = page.label(step, record)
    try:
        page.perform(record, step, form, request.user)
    except ActionError as err:
        stored = page.load(pk, request.user)
        return render(request, page.template, page.context(request, stored, bound=form, bound_step=step, error=err),
                      status=err.status)
    messages.success(request, gettext("已办理“%(step)s”。") % {"step": label})
    # The hand-off: who acts next, and by when (from the workflow core's to-do items).
    messages.info(request, handoff_message(type(record), pk))
    return redirect(page.detail, pk=pk)


def step_view(page: StepPage[Any]) -> View:
    """The app's `step` view (URL arguments pk and step) for `page`."""

    @require_POST
    @staff_required
    def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
        return take_step(request, pk, step, page)

    return step
