"""当场处罚 (the simple procedure, APL 51–52) page: one form, one yifa.cases.simple call. A refusal
re-shows the form with its article, nothing changed. The collection, hand-over and banking that
follow are the case page's step forms (the PENALTY declaration)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from yifa.accounts.requests import signed_in
from yifa.cases import simple
from yifa.cases.forms_simple import SimpleDecisionForm
from yifa.lib.errors import ActionError
from yifa.web.views_common import staff_required

TEMPLATE = "cases/simple_new.html"


@staff_required
def new_simple(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_agency_staff:
        raise PermissionDenied(gettext("只有执法机关工作人员可以当场作出处罚决定。"))
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": SimpleDecisionForm(user)})
    form = SimpleDecisionForm(user, request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    try:
        case = simple.decide_on_the_spot(agency=user.agency, acting_user=signed_in(request), **form.decision())
    except ActionError as err:
        return render(request, TEMPLATE, {"form": form, "error": err}, status=err.status)
    messages.success(request, gettext("已当场作出处罚决定“%(title)s”。") % {"title": case.title})
    return redirect("cases:detail", pk=case.pk)
