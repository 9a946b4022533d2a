"""Open data: a paged, filterable JSON API of the released decisions (django-ninja), with its
own OpenAPI document at /open/openapi.json and docs at /open/docs. No login; GET only; stable
URLs (/open/decisions, /open/decisions/{pk})."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.responses import Status

from yifa.disclosure.access import public_or_gone
from yifa.disclosure.models import DecisionKind, PublicationStatus
from yifa.portal import queries

open_api = NinjaAPI(title="依法 Yifa 开放数据 / Open data", version="1", urls_namespace="open",
                    description="行政处罚、行政许可决定公示数据 / Published penalty and licensing decisions")


class OpenDecisionRow(Schema):
    id: int
    kind: DecisionKind
    agency_id: int
    agency_name: str = Field(alias="agency__name")
    document_number: str
    title: str
    category: str
    party_name: str = Field(description="个人姓名已部分隐去 / an individual's name is partly hidden")
    party_code: str = Field(description="统一社会信用代码（个人为空）/ credit code (empty for individuals)")
    result: str
    decided_on: dt.date


class OpenDecision(OpenDecisionRow):
    agency_name: str
    facts: str
    legal_basis: str
    released_on: dt.date | None


class OpenDecisionPage(Schema):
    as_of: dt.date
    page: int
    page_size: int
    has_next: bool
    items: list[OpenDecisionRow]


class OpenDecisionQuery(Schema):
    q: str = Field("", max_length=60, description="关键词（案件名称、事实、文号等）/ keywords")
    party: str = Field("", max_length=60, description="当事人名称或统一社会信用代码 / party name or credit code")
    agency: int | None = Field(None, ge=1, le=2**62)
    kind: DecisionKind | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=100)


class OpenGone(Schema):
    message: str
    message_en: str
    status: PublicationStatus
    explanation: str
    withdrawn_on: dt.date | None


class OpenNotFound(Schema):
    message: str
    message_en: str


@open_api.get("/decisions", response=OpenDecisionPage, auth=None, tags=["open data"])
def open_decisions(request: HttpRequest, filters: Query[OpenDecisionQuery]) -> dict[str, Any]:
    wanted = queries.DecisionFilter(q=filters.q, party=filters.party, agency=filters.agency,
                                    kind=filters.kind.value if filters.kind else "",
                                    decided_from=filters.decided_from, decided_to=filters.decided_to)
    rows, has_next = queries.decision_page(wanted, filters.page, filters.page_size)
    return {"as_of": timezone.localdate(), "page": filters.page, "page_size": filters.page_size,
            "has_next": has_next, "items": rows}


@open_api.get("/decisions/{pk}", response={200: OpenDecision, 404: OpenNotFound, 410: OpenGone}, auth=None,
              tags=["open data"])
def open_decision(request: HttpRequest, pk: int) -> Any:
    pub = public_or_gone(pk) if 0 < pk < 2**62 else None
    if pub is None:
        return Status(404, {"message": "没有这条公示信息。", "message_en": "No such published decision."})
    if pub.status != PublicationStatus.RELEASED:
        return Status(410, {"message": "该决定已撤回或公示期满撤下。", "message_en": "Withdrawn or taken down.",
                     "status": pub.status, "explanation": pub.explanation, "withdrawn_on": pub.withdrawn_on})
    return Status(200, {**{f: getattr(pub, f) for f in OpenDecision.model_fields if hasattr(pub, f)},
                        "agency_name": pub.agency.name})
