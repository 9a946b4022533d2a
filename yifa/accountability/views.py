"""The accountability pages: the list (inquiries; the remedies recorded) and an inquiry's page
(its people as the case's record names them, the catalogue, its steps). Reads through
yifa.accountability.access; writes only through yifa.accountability.actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yifa.accountability import actions  # noqa: F401 -- the steps' bodies
from yifa.accountability.access import access_inquiry, inquiries_for, remedies_for
from yifa.accountability.models import Inquiry
from yifa.accountability.procedure import INQUIRIES
from yifa.accountability.queries import catalogue, history, inquiry_page, people, recent_remedies, status_label
from yifa.lib.errors import ActionError
from yifa.web.lists import page_number
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "accountability/list.html", {
        "page": inquiry_page(inquiries_for(user), page_number(request.GET.get("page"))),
        "remedies": recent_remedies(remedies_for(user))})


get_inquiry = record_loader(access_inquiry)


def inquiry_context(request: HttpRequest, inquiry: Inquiry, *, bound: Any = None, bound_step: str = "",
                    error: ActionError | None = None) -> dict[str, Any]:
    return {"inquiry": inquiry, "status_label": status_label(inquiry.status), "people": people(inquiry),
            "forms": offered_forms(INQUIRIES, inquiry, request.user, url="accountability:inquiry-step", bound=bound,
                                   bound_step=bound_step),
            "history": history(inquiry), "error": error} | catalogue(inquiry)


INQUIRY_PAGE = step_page(INQUIRIES, template="accountability/inquiry.html", detail="accountability:inquiry",
                         load=get_inquiry, context=inquiry_context)
inquiry_detail = detail_view(INQUIRY_PAGE)
inquiry_step = step_view(INQUIRY_PAGE)
