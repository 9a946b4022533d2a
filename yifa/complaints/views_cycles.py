"""The legal office opens a public evaluation cycle (评议) for its region: a page over
`evaluation.create_cycle`, which guards, validates and records it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from yifa.complaints.evaluation import create_cycle
from yifa.complaints.forms import CycleForm
from yifa.lib.errors import ActionError
from yifa.web.views_common import staff_required


@staff_required
def cycle_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.is_region_staff or user.is_sysadmin) or user.region is None:
        raise PermissionDenied(gettext("公众评议由本区域的司法行政部门组织。"))
    form = CycleForm(request.POST or None)
    error: ActionError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = create_cycle(name=data["name"], region=user.region, opens_on=data["opens_on"],
                                 closes_on=data["closes_on"], questions=data["questions"].splitlines(),
                                 acting_user=user)
        except ActionError as exc:
            error = exc
        else:
            return redirect(f"{reverse('complaints:results')}?cycle={cycle.pk}")
    status = 400 if request.method == "POST" else 200
    return render(request, "complaints/cycle_new.html", {"form": form, "error": error}, status=status)
