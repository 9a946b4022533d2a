"""Public pages: the portal's home, the agencies directory, an agency's page and its annual
statistics. No login; GET only; what they show is published (yifa.portal.queries)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from yifa.portal import queries


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {})


@require_safe
def agencies(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/agencies.html", {"agencies": queries.agencies()})


@require_safe
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.agency(pk)
    if found is None:
        raise Http404(gettext("没有这个执法主体。"))
    last_year = timezone.localdate().year - 1
    return render(request, "portal/agency.html", {
        "agency": found, "powers": queries.powers_of(found), "officers": queries.officers_of(found),
        "years": range(last_year, last_year - 5, -1)})


@require_safe
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.agency(pk)
    if found is None:
        raise Http404(gettext("没有这个执法主体。"))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    if not 2000 <= year < 2200 or not queries.statistics_published(year, today):
        raise Http404(gettext("该年度的统计尚未公布（每年1月31日前公布上一年度统计）。"))
    return render(request, "portal/statistics.html", {"agency": found, "stats": queries.statistics(found, year)})
