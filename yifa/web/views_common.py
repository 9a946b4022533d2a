"""What every internal page shares: the staff guard, record lookup, and scoped lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from yifa.lib.errors import NotFound
from yifa.lib.htmlrows import filter_options
from yifa.registry import access
from yifa.web.i18n import tr

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]

PAGE_SIZE = 50


def staff_required(view: View) -> View:
    """Anonymous users go to the login page; signed-in non-staff (the public) get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_staff_user(request.user):
            raise PermissionDenied(gettext("内部系统仅供执法人员使用。"))
        return view(request, *args, **kwargs)

    return login_required(guarded)


def get_record(model: type[M], pk: Any, user: Any) -> M:
    """A record the user may see; "not yours" is the same 404 as "missing"."""
    try:
        return access.access_record(model, pk, user)
    except NotFound:
        raise Http404(gettext("记录不存在。")) from None


Choices = list[tuple[str, str]]
Text = str | Promise  # a gettext_lazy label is shown in the page language


@dataclass(frozen=True)
class Filter:
    """A ?param= select on a list page; values outside `choices` are ignored."""

    param: str
    label: Text
    lookup: str
    choices: Callable[[ListScope], Choices]


@dataclass(frozen=True)
class Listing:
    model: type[models.Model]
    title: Text
    table: str
    search: tuple[str, ...]
    search_hint: Text
    filters: tuple[Filter, ...] = ()
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    create_url: str | None = None
    annotate: dict[str, Any] = field(default_factory=dict)
    #: The columns the table prints, where a record has many more (`QuerySet.only`): the rest is
    #: neither read nor made into attributes. Every field the rows print must be listed.
    only: tuple[str, ...] = ()
    #: Writes the table's rows for the page's records (yifa.web.registry_rows): the template
    #: prints them as one value instead of looping over the records.
    rows: Callable[[Sequence[Any]], SafeString] | None = None


class ListScope:
    """Who is looking at a list page, and the agencies they may see: read once (with their
    regions, which the edit policy compares) for the page's agency filter and its "新增" button."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def agencies(self) -> list[Any]:
        return list(access.visible_agencies(self.user).select_related("region").order_by("name"))


def static_choices(choices: Any) -> Callable[[ListScope], Choices]:
    return lambda scope: [(str(value), str(tr(label))) for value, label in choices]


def agency_choices(scope: ListScope) -> Choices:
    return [(str(a.pk), a.name) for a in scope.agencies]


def _filtered(listing: Listing, request: HttpRequest, scope: ListScope) -> tuple[QuerySet[Any], list[dict[str, Any]]]:
    qs = access.scoped(listing.model, request.user)
    if listing.related:
        qs = qs.select_related(*listing.related)
    if listing.only:
        qs = qs.only(*listing.only)
    if listing.annotate:
        qs = qs.annotate(**listing.annotate)
    if listing.order:
        qs = qs.order_by(*listing.order)
    filters = []
    for flt in listing.filters:
        choices = flt.choices(scope)
        value = request.GET.get(flt.param, "")
        if value not in {v for v, _ in choices}:
            value = ""
        if value:
            qs = qs.filter(**{flt.lookup: value})
        filters.append({"param": flt.param, "label": flt.label, "choices": choices, "value": value,
                        "options": filter_options(choices, value)})
    q = request.GET.get("q", "").strip()
    if q:
        cond = Q()
        for name in listing.search:
            cond |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(cond)
    return qs, filters


def list_page(request: HttpRequest, listing: Listing) -> HttpResponse:
    scope = ListScope(request.user)
    qs, filters = _filtered(listing, request, scope)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    records = list(page.object_list)  # read once: the template's test of the page reuses them
    context = {
        "listing": listing, "page_obj": page, "filters": filters,
        "rows": listing.rows(records) if listing.rows else "",
        "q": request.GET.get("q", "").strip(), "table_template": listing.table,
        "can_create": bool(listing.create_url) and can_create_any(request.user, listing.model, scope.agencies),
        "scope": scope,
    }
    headers = request.headers
    partial = headers.get("HX-Request") and not headers.get("HX-History-Restore-Request")
    template = listing.table if partial else "registry/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def editable_agencies(user: Any, model: type[models.Model]) -> list[Any]:
    """Agencies in which `user` may create a `model` record (per the access policy); their regions
    read in the same query (the policy compares region paths)."""
    agencies = access.visible_agencies(user).select_related("region")
    return [a for a in agencies if access.can_edit(user, model(agency=a))]


def can_create_any(user: Any, model: type[models.Model], agencies: Iterable[Any] | None = None) -> bool:
    """Whether there is one such agency (stops at the first); `agencies`: the user's visible
    agencies with their regions where the caller has read them already."""
    if agencies is None:
        agencies = access.visible_agencies(user).select_related("region")
    return any(access.can_edit(user, model(agency=a)) for a in agencies)
