"""One pattern for every registry endpoint set: list, detail, create, update.

Reads go through the access policy (lists scoped, "not yours" = 404); writes go
through the registry actions, so the API can do nothing the UI cannot.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import AfterValidator

from yifa.accounts.requests import signed_in
from yifa.api.inputs import plain
from yifa.lib.bounds import check_page, pydantic_check
from yifa.lib.errors import ActionError
from yifa.registry import access, actions


@dataclass
class Endpoint:
    model: type[models.Model]
    path: str
    out: type[Schema]
    create_in: type[Schema] | None = None
    update_in: type[Schema] | None = None
    search: Sequence[str] = ()
    filters: dict[str, str] = field(default_factory=dict)  # query parameter -> lookup
    related: Sequence[str] = ()


def _fields(model: type[models.Model], payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split input into column values (foreign keys by `<name>_id`) and many-to-many lists."""
    data: dict[str, Any] = {}
    m2m: dict[str, Any] = {}
    for name, given in payload.items():
        value = plain(given)  # an enum member (a penalty type) as the value stored
        f: Any = model._meta.get_field(name)
        if f.many_to_many:
            if value is not None:  # a patch's null leaves the links as they are
                m2m[f.name] = value
        elif value is None and f.blank and not f.null:
            data[f.attname] = ""  # an omitted optional text is empty, not NULL
        else:
            data[f.attname] = value
    return data, m2m


class Pages(PageNumberPagination):
    """Page numbers within reason: a page past the end is empty, an absurd one a refusal (422)
    rather than an OFFSET the database cannot hold."""

    class Input(Schema):
        page: Annotated[int, AfterValidator(pydantic_check(check_page))] = Field(1, json_schema_extra={"minimum": 1})
        page_size: int | None = Field(None, ge=1, le=500)


def _id_filter(param: str, lookup: str, value: str) -> dict[str, Any]:
    """A filter naming a record by id (`…_id`) takes digits only: anything else is a refusal."""
    if lookup.endswith("_id") and not value.isdigit():
        raise ActionError(f"参数“{param}”须为记录编号（数字）。", f"The parameter '{param}' must be a record id (digits).",
                          field=param)
    return {lookup: value}


def _filtered(ep: Endpoint, qs: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
    q = request.GET.get("q", "").strip()
    if q and ep.search:
        cond = Q()
        for lookup in ep.search:
            cond |= Q(**{f"{lookup}__icontains": q})
        qs = qs.filter(cond)
    for param, lookup in ep.filters.items():
        if value := request.GET.get(param):
            qs = qs.filter(**_id_filter(param, lookup, value))
    qs = qs.select_related(*ep.related) if ep.related else qs
    return qs.prefetch_related(*_many_to_many_shown(ep))


def _many_to_many_shown(ep: Endpoint) -> list[str]:
    """The many-to-many fields the output prints (a power item's provisions): read for the whole
    page in one query each, not once per row."""
    shown = ep.out.model_fields
    return [f.name for f in ep.model._meta.many_to_many if f.name in shown]


def register(router: Router, ep: Endpoint) -> None:
    tag = str(ep.model._meta.verbose_name)
    name = str(ep.model._meta.model_name)

    @router.get(f"/{ep.path}", response=list[ep.out], tags=[tag], operation_id=f"list_{name}")  # type: ignore[name-defined]
    @paginate(Pages, page_size=50)
    def list_records(request: HttpRequest, q: str = "") -> QuerySet[Any]:
        return _filtered(ep, access.scoped(ep.model, request.user), request).order_by("pk")

    @router.get(f"/{ep.path}/{{pk}}", response=ep.out, tags=[tag], operation_id=f"get_{name}")
    def get_record(request: HttpRequest, pk: int) -> models.Model:
        return access.access_record(ep.model, pk, request.user)

    if ep.create_in is not None:
        _register_writes(router, ep, tag, name)


def _register_writes(router: Router, ep: Endpoint, tag: str, name: str) -> None:
    create_in: Any = ep.create_in
    update_in: Any = ep.update_in

    @router.post(f"/{ep.path}", response={201: ep.out}, tags=[tag], operation_id=f"create_{name}")
    def create(request: HttpRequest, payload: create_in) -> Status[models.Model]:  # type: ignore[valid-type]
        data, m2m = _fields(ep.model, payload.dict())
        return Status(201, actions.create_record(ep.model, data, acting_user=signed_in(request), m2m=m2m))

    @router.patch(f"/{ep.path}/{{pk}}", response=ep.out, tags=[tag], operation_id=f"update_{name}")
    def update(request: HttpRequest, pk: int, payload: update_in) -> models.Model:  # type: ignore[valid-type]
        obj = access.access_record(ep.model, pk, request.user)
        data, m2m = _fields(ep.model, payload.dict(exclude_unset=True))
        return actions.update_record(obj, data, acting_user=signed_in(request), m2m=m2m)


Resolver = Callable[[Any, dict[str, Any]], Any]
