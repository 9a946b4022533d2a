"""The review pages: /filereview/ (rounds, my files to score, self-inspections; the legal office's
forms), a round (its files, each agency's score), a file review (the scoring sheet; the steps) and a
self-inspection. Reads through yifa.filereview.access; writes only through yifa.filereview.actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from yifa.filereview import actions
from yifa.filereview.access import (
    access_inspection,
    access_review,
    inspections_for,
    is_reviewer,
    is_supervisor,
    reviews_for,
    rounds_for,
)
from yifa.filereview.models import FileReview, ReviewStatus, SelfInspection
from yifa.filereview.procedure import FILE_REVIEWS, SELF_INSPECTIONS
from yifa.filereview.rules import unit_score
from yifa.lib.errors import ActionError, NotFound
from yifa.web.stepforms import offered_forms, step_page
from yifa.web.steps import detail_view, record_loader, step_view
from yifa.web.views_common import staff_required


def _home_context(user: Any, error: ActionError | None = None) -> dict[str, Any]:
    return {"rounds": list(rounds_for(user).select_related("sheet")[:50]),
            "mine": list(FileReview.objects.filter(reviewer_id=user.pk, status=ReviewStatus.ASSIGNED)
                         .select_related("case", "agency")[:50]),
            "inspections": list(inspections_for(user).select_related("agency")[:100]),
            "can_run": is_supervisor(user), "error": error, "year": timezone.localdate().year}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "filereview/home.html", _home_context(request.user))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ActionError("日期格式不正确。", "Not a date.", field="closed_from") from None


@require_POST
@staff_required
def new_round(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not is_supervisor(user):
        raise PermissionDenied(gettext("只有执法监督机构可以组织案卷评查。"))
    p = request.POST
    try:
        count = int(p["count"]) if p.get("count") else None
        ratio = Decimal(p["ratio"]) if p.get("ratio") else None
        rnd = actions.create_round(title=p.get("title", ""), closed_from=_date(p.get("closed_from", "")),
                                   closed_to=_date(p.get("closed_to", "")), count=count, ratio=ratio,
                                   seed=p.get("seed", "").strip(), acting_user=user)
    except (ValueError, InvalidOperation):
        error = ActionError("抽取件数或比例不是数字。", "The number or ratio is not a number.", field="count")
    except ActionError as e:
        error = e
    else:
        return redirect("filereview:round", rnd.pk)
    return render(request, "filereview/home.html", _home_context(user, error), status=error.status)


@staff_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = rounds_for(request.user).filter(pk=pk).select_related("sheet").first()
    if rnd is None:
        raise NotFound()
    files = list(reviews_for(request.user).filter(round=rnd).select_related("case", "agency", "reviewer"))
    units = []
    by_agency: dict[int, list[FileReview]] = {}
    for f in files:
        by_agency.setdefault(f.agency_id, []).append(f)
    for group in by_agency.values():
        scores = [f.score for f in group if f.score is not None and f.status != ReviewStatus.ASSIGNED]
        units.append({"agency": group[0].agency, "files": len(group), "scored": len(scores),
                      "score": unit_score(scores)})
    return render(request, "filereview/round.html", {"round": rnd, "files": files, "units": units})


get_review = record_loader(access_review)
get_inspection = record_loader(access_inspection)


def _history(procedure: Any, steps: Any) -> list[dict[str, Any]]:
    return [{"step": s, "label": procedure.label(s.step)} for s in steps]


def _forms(procedure: Any, record: Any, user: Any, url: str, bound: Any, bound_step: str) -> list[dict[str, Any]]:
    return [f for f in offered_forms(procedure, record, user, url=url, bound=bound, bound_step=bound_step)
            if f["key"] != "score"]


def review_context(request: HttpRequest, review: FileReview, *, bound: Any = None, bound_step: str = "",
                   error: ActionError | None = None) -> dict[str, Any]:
    items = list(review.round.sheet.items.all())
    return {"review": review, "items": [{"item": i, "mark": review.marks.get(i.code, {})} for i in items],
            "can_score": is_reviewer(request.user, review) and review.status == ReviewStatus.ASSIGNED,
            "forms": _forms(FILE_REVIEWS, review, request.user, "filereview:file-step", bound, bound_step),
            "history": _history(FILE_REVIEWS, review.steps.select_related("actor").order_by("at", "id")),
            "error": error}


FILE_PAGE = step_page(FILE_REVIEWS, template="filereview/file.html", detail="filereview:file", load=get_review,
                      context=review_context)
file_detail = detail_view(FILE_PAGE)
_file_step = step_view(FILE_PAGE)


def file_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step == "score":  # scored on its own form (per item), not the generic step form
        raise Http404()
    return _file_step(request, pk, step)


@require_POST
@staff_required
def score_file(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review(pk, request.user)
    marks: dict[str, dict[str, Any]] = {}
    for item in review.round.sheet.items.all():
        deduct, veto = request.POST.get(f"deduct_{item.code}", ""), bool(request.POST.get(f"veto_{item.code}"))
        reason = request.POST.get(f"reason_{item.code}", "")
        if deduct or veto or reason:
            marks[item.code] = {"deduct": deduct or "0", "veto": veto, "reason": reason}
    try:
        review.version = int(request.POST.get("version", ""))
        actions.score(review, marks=marks, acting_user=request.user)
    except ValueError:
        error = ActionError("页面已过期，请刷新后重试。", "The page is stale; reload.")
    except ActionError as e:
        error = e
    else:
        return redirect("filereview:file", review.pk)
    review = get_review(pk, request.user)
    return render(request, "filereview/file.html", review_context(request, review, error=error),
                  status=error.status)


@require_POST
@staff_required
def open_self(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not is_supervisor(user):
        raise PermissionDenied(gettext("只有执法监督机构可以部署自查。"))
    try:
        actions.open_self_inspections(year=int(request.POST.get("year", "")), acting_user=user)
    except ValueError:
        error = ActionError("年度不正确。", "Not a year.", field="year")
    except ActionError as e:
        error = e
    else:
        return redirect("filereview:home")
    return render(request, "filereview/home.html", _home_context(user, error), status=error.status)


def inspection_context(request: HttpRequest, inspection: SelfInspection, *, bound: Any = None, bound_step: str = "",
                       error: ActionError | None = None) -> dict[str, Any]:
    return {"inspection": inspection,
            "forms": offered_forms(SELF_INSPECTIONS, inspection, request.user, url="filereview:inspection-step",
                                   bound=bound, bound_step=bound_step),
            "history": _history(SELF_INSPECTIONS, inspection.steps.select_related("actor").order_by("at", "id")),
            "error": error}


INSPECTION_PAGE = step_page(SELF_INSPECTIONS, template="filereview/inspection.html", detail="filereview:inspection",
                            load=get_inspection, context=inspection_context)
inspection_detail = detail_view(INSPECTION_PAGE)
inspection_step = step_view(INSPECTION_PAGE)


