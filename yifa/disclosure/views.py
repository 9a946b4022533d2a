"""The agency's review of its public records: the list (drafts first, the overdue marked) and a
record's page with the steps open to the user (release, withdraw), on the workflow core's forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yifa.disclosure.access import access_publication, publications_for
from yifa.disclosure.models import Publication, PublicationStatus
from yifa.disclosure.procedure import PUBLICATIONS
from yifa.lib.errors import ActionError
from yifa.web.lists import page_number, page_of
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required

COLUMNS = ("id", "agency__name", "kind", "status", "title", "party_name", "decided_on", "publish_due", "released_on")


@staff_required
def publication_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = publications_for(request.user).order_by("status", "publish_due", "-id").values(*COLUMNS)

    def row(r: dict[str, Any]) -> dict[str, Any]:
        overdue = r["status"] == PublicationStatus.DRAFT and r["publish_due"] < today
        return r | {"overdue": overdue, "status_label": PublicationStatus(r["status"]).label}

    return render(request, "disclosure/list.html", {"page": page_of(qs, page_number(request.GET.get("page")), row)})


def context(request: HttpRequest, pub: Publication, *, bound: Any = None, bound_step: str = "",
            error: ActionError | None = None) -> dict[str, Any]:
    forms = offered_forms(PUBLICATIONS, pub, request.user, url="disclosure:step", bound=bound, bound_step=bound_step)
    steps = [{"step": s, "label": PUBLICATIONS.label(s.step), "actor": s.actor or "系统"}
             for s in pub.steps.select_related("actor").order_by("at", "id")]
    return {"pub": pub, "forms": forms, "timeline": steps, "error": error, "error_step": bound_step,
            "overdue": pub.status == PublicationStatus.DRAFT and pub.publish_due < timezone.localdate()}


PAGE = step_page(PUBLICATIONS, template="disclosure/detail.html", detail="disclosure:detail",
                 load=record_loader(access_publication), context=context)
detail = detail_view(PAGE)
step = step_view(PAGE)
