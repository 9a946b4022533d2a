"""The staff's pages: the complaints list (their agency's; the region's for the legal office), a
complaint's page with the handling steps open to the user, and the public evaluation results for
the region staff. Writes only through yifa.complaints.actions (the steps of COMPLAINTS).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from yifa.complaints.access import access_complaint, complaints_for
from yifa.complaints.evaluation import public_scores
from yifa.complaints.models import Complaint, ComplaintFile, ComplaintStatus, EvaluationCycle
from yifa.complaints.procedure import COMPLAINTS
from yifa.complaints.queries import complaint_page, internal_history, row, search, status_label
from yifa.lib.errors import ActionError
from yifa.lib.masking import mask_phone
from yifa.web.lists import page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


@staff_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs, current = search(complaints_for(user), request.GET.get("status", ""))
    return render(request, "complaints/list.html", {
        "page": complaint_page(qs, page_number(request.GET.get("page"))), "status": current,
        "statuses": [(s, status_label(s)) for s in ComplaintStatus.values], "show_agency": not user.is_agency_staff,
    })


get_complaint = record_loader(access_complaint)


def complaint_context(request: HttpRequest, complaint: Complaint, *, bound: Any = None, bound_step: str = "",
                      error: ActionError | None = None) -> dict[str, Any]:
    files = ComplaintFile.objects.filter(complaint=complaint).select_related("file").order_by("id")
    return row(complaint) | {
        "forms": offered_forms(COMPLAINTS, complaint, request.user, url="complaints:step", bound=bound,
                               bound_step=bound_step),
        "history": internal_history(complaint), "files": list(files), "error": error,
        # The reporter's phone is for the handling agency; others see it masked.
        "phone": complaint.phone if getattr(request.user, "agency_id", None) == complaint.agency_id
        else mask_phone(complaint.phone),
    }


COMPLAINT_PAGE = step_page(COMPLAINTS, template="complaints/detail.html", detail="complaints:detail",
                           load=get_complaint, context=complaint_context)
detail = detail_view(COMPLAINT_PAGE)
step = step_view(COMPLAINT_PAGE)


@staff_required
def evaluation_results(request: HttpRequest) -> HttpResponse:
    """The public evaluation results of the region's cycles (one cycle a page: ?cycle=, else the latest)."""
    user: Any = request.user
    if not (user.is_region_staff or user.is_sysadmin):
        raise PermissionDenied(gettext("公众评议结果由司法行政部门查看。"))
    cycles = EvaluationCycle.objects.select_related("region").order_by("-opens_on", "-id")
    if not user.is_sysadmin:
        cycles = cycles.filter(region__path__startswith=user.region.path)
    listed = list(cycles[:20])
    wanted = request.GET.get("cycle", "")
    cycle = next((c for c in listed if str(c.pk) == wanted), listed[0] if listed else None)
    return render(request, "complaints/results.html", {
        "cycles": listed, "cycle": cycle, "scores": public_scores(cycle) if cycle else []})
