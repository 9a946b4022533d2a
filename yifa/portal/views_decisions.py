"""Decisions: the list and search, a decision's page (410 with the public explanation once it is
withdrawn or taken down), its proof against the audit roots, and the open data (CSV and its data
dictionary)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from html import escape
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from yifa.disclosure.access import public_or_gone
from yifa.disclosure.content import PUBLIC_FIELDS
from yifa.disclosure.models import DecisionKind, Publication, PublicationStatus
from yifa.disclosure.proof import proof_of
from yifa.portal import queries
from yifa.web.lists import page_number

PAGE_SIZE = 50


def result_items(rows: list[dict[str, Any]], lang: str) -> SafeString:
    """The result list's items, made in Python with one format string, every value escaped
    (html.escape: & < > " '): fifty rows through the template engine cost more than the search."""
    link = reverse("portal:decision", args=[0])[:-2]  # ".../decisions/" + id + "/"
    party_label = gettext("当事人")
    return mark_safe("\n".join(  # noqa: S308 -- every value below is escaped
        ITEM.format(*(escape(str(v)) for v in (
            link, r["id"], lang, r["title"], r["document_number"] or "—", r["agency__name"], r["decided_on"].isoformat(),
            party_label, r["party_name"], f"（{r['party_code']}）" if r["party_code"] else "", r["result"])))
        for r in rows))


ITEM = ('<li class="decision"><h2><a href="{0}{1}/{2}">{3}</a></h2><p class="meta"><span>{4}</span> · <span>{5}</span> · '
        '<time datetime="{6}">{6}</time></p><p>{7}：{8}{9} · {10}</p></li>')


@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    filters = queries.DecisionFilter.from_query(request.GET)
    number = page_number(request.GET.get("page"))
    rows, has_next = queries.decision_page(filters, number, PAGE_SIZE)
    items = result_items(rows, "?lang=en" if (get_language() or "").startswith("en") else "")
    others = request.GET.copy()
    others.pop("page", None)
    return render(request, "portal/decisions.html", {
        "rows": rows, "items": items, "number": number, "first": (number - 1) * PAGE_SIZE + 1, "has_next": has_next, "filters": filters, "query": others.urlencode(),
        "agencies": queries.agencies().values("id", "name"), "kinds": DecisionKind.choices})


def _found(pk: int) -> Publication:
    pub = public_or_gone(pk)
    if pub is None:
        raise Http404(gettext("没有这条公示信息。"))
    return pub


def gone(request: HttpRequest, pub: Publication) -> HttpResponse:
    """410: the record was withdrawn (with its public explanation) or its term ended."""
    return render(request, "portal/gone.html", {"pub": pub}, status=410)


@require_safe
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _found(pk)
    if pub.status != PublicationStatus.RELEASED:
        return gone(request, pub)
    return render(request, "portal/decision.html", {"pub": pub})


@require_safe
def decision_proof(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _found(pk)
    if pub.status != PublicationStatus.RELEASED:
        return gone(request, pub)
    return JsonResponse(proof_of(pub), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The data dictionary: each published field, what it means, and the stable URLs."""
    fields = [(name, str(getattr(Publication._meta.get_field("agency" if name == "agency_id" else name),
                                 "verbose_name", name))) for name in PUBLIC_FIELDS]
    return render(request, "portal/open_data.html", {"fields": fields, "as_of": timezone.localdate()})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(as_of: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read UTF-8
    yield writer.writerow([*PUBLIC_FIELDS, "agency_name", "as_of"])
    rows: Any = (queries.decisions(queries.DecisionFilter()).values_list(*PUBLIC_FIELDS, "agency__name")
                 .iterator(chunk_size=2000))
    for row in rows:
        yield writer.writerow([*row, as_of])


@require_safe
def decisions_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every released decision, streamed in constant memory (a server-side cursor, chunks of rows)."""
    as_of = timezone.localdate().isoformat()
    response = StreamingHttpResponse(_csv_rows(as_of), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="yifa-decisions-{as_of}.csv"'
    response["X-Data-As-Of"] = as_of
    return response
