"""Random inspections made public (双随机、一公开): the published plans, each with what was drawn
(entities and inspectors, with the seed and method to repeat the draw) and the results so far."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from yifa.randomcheck.published import plan_summaries, published_plan
from yifa.web.lists import page_number

PAGE_SIZE = 50


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    number = page_number(request.GET.get("page"))
    found = plan_summaries(offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
    return render(request, "portal/plans.html", {"plans": found[:PAGE_SIZE], "number": number,
                                                 "has_next": len(found) > PAGE_SIZE})


@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = published_plan(pk)
    if found is None:
        raise Http404(gettext("没有这个已公布的抽查计划。"))
    return render(request, "portal/plan.html", {"plan": found})
