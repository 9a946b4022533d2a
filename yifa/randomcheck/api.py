"""Random-inspection endpoints: the directory and the pool (lists and additions), recusals,
plans (list, create, one plan with its draw and inspections, one POST per declared step) and the
inspection of a drawn entity. Reads go through yifa.randomcheck.access ("not yours" = 404);
writes call exactly one yifa.randomcheck.actions function."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.api.inputs import agency_officer, agency_staff, plain
from yifa.api.steps import add_procedure_endpoints
from yifa.inspections.forms import inspection_powers
from yifa.inspections.models import InspectionResult
from yifa.lib.errors import ActionError
from yifa.randomcheck import actions
from yifa.randomcheck.access import access_item, access_plan, entities_for, inspectors_for, plans_for
from yifa.randomcheck.models import Entity, Inspector, Plan, PlanStatus
from yifa.randomcheck.procedure import PLANS
from yifa.randomcheck.queries import entity_page, inspector_page, items_of, plan_page
from yifa.registry.models import Region
from yifa.web.lists import choice_filter, page_number

router = Router(tags=["双随机抽查"])
STAFF_ONLY = ("只有执法机关工作人员可以办理双随机抽查。", "Only an agency's staff may keep random inspections.")


# --- the directory and the pool ----------------------------------------------------------------


class CheckEntityOut(Schema):
    id: int
    agency_id: int
    name: str
    credit_code: str
    sector: str
    region_id: int
    region_name: str
    address: str
    active: bool


class CheckEntityPageOut(Schema):
    items: list[CheckEntityOut]
    page: int
    has_next: bool


def entity_out(e: Entity) -> dict[str, Any]:
    return {"id": e.pk, "agency_id": e.agency_id, "name": e.name, "credit_code": e.credit_code, "sector": e.sector,
            "region_id": e.region_id, "region_name": e.region.name, "address": e.address, "active": e.active}


@router.get("/entities", response=CheckEntityPageOut, operation_id="list_check_entities")
def list_entities(request: HttpRequest, q: str = "", page: int = 1) -> dict[str, Any]:
    """The directory of inspected entities (名录库) the user may see; `q` searches name, sector, code."""
    found = entity_page(entities_for(request.user), q.strip()[:100], page_number(page))
    return {"items": [entity_out(r["entity"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


class CheckEntityIn(Schema):
    name: str = Field(max_length=200)
    credit_code: str = Field(max_length=40, description="统一社会信用代码（校验码须正确）")
    sector: str = Field(max_length=50)
    region_id: int = Field(description="所在区域（本机关管辖区域内）")
    address: str = Field("", max_length=200)


@router.post("/entities", response={201: CheckEntityOut}, operation_id="add_check_entity")
def add_entity(request: HttpRequest, payload: CheckEntityIn) -> HttpStatus[dict[str, Any]]:
    user = agency_staff(request, *STAFF_ONLY)
    region = Region.objects.filter(pk=payload.region_id).first()
    if region is None:
        raise ActionError("所选区域不存在。", "No such region.", field="region_id")
    entity = actions.add_entity(agency=user.agency, name=payload.name, credit_code=payload.credit_code,
                                sector=payload.sector, region=region, address=payload.address, acting_user=user)
    return HttpStatus(201, entity_out(entity))


class CheckInspectorOut(Schema):
    id: int
    agency_id: int
    officer_id: int
    name: str
    certificate_no: str
    valid_until: dt.date
    active: bool


class CheckInspectorPageOut(Schema):
    items: list[CheckInspectorOut]
    page: int
    has_next: bool


def inspector_out(i: Inspector) -> dict[str, Any]:
    return {"id": i.pk, "agency_id": i.agency_id, "officer_id": i.officer_id, "name": i.officer.name,
            "certificate_no": i.officer.certificate_no, "valid_until": i.officer.valid_until, "active": i.active}


@router.get("/inspectors", response=CheckInspectorPageOut, operation_id="list_check_inspectors")
def list_inspectors(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """The pool of inspectors (执法检查人员库) the user may see."""
    found = inspector_page(inspectors_for(request.user), page_number(page))
    return {"items": [inspector_out(r["inspector"]) for r in found.rows], "page": found.number,
            "has_next": found.has_next}


class CheckInspectorIn(Schema):
    officer_id: int = Field(description="本机关持有效执法证件的执法人员")


@router.post("/inspectors", response={201: CheckInspectorOut}, operation_id="add_check_inspector")
def add_inspector(request: HttpRequest, payload: CheckInspectorIn) -> HttpStatus[dict[str, Any]]:
    user = agency_staff(request, *STAFF_ONLY)
    officer = agency_officer(user.agency_id, payload.officer_id, "officer_id")
    return HttpStatus(201, inspector_out(actions.add_inspector(agency=user.agency, officer=officer, acting_user=user)))


class CheckRecusalIn(Schema):
    entity_id: int
    officer_id: int
    reason: str = Field(max_length=200)


class CheckRecusalOut(Schema):
    id: int
    entity_id: int
    officer_id: int
    reason: str


@router.post("/recusals", response={201: CheckRecusalOut}, operation_id="add_check_recusal")
def add_recusal(request: HttpRequest, payload: CheckRecusalIn) -> HttpStatus[dict[str, Any]]:
    """回避: the officer is never drawn for the entity (APL 43)."""
    user = agency_staff(request, *STAFF_ONLY)
    entity = Entity.objects.filter(pk=payload.entity_id, agency_id=user.agency_id).first()
    if entity is None:
        raise ActionError("所选检查对象不存在。", "No such entity.", field="entity_id")
    officer = agency_officer(user.agency_id, payload.officer_id, "officer_id")
    r = actions.add_recusal(entity=entity, officer=officer, reason=payload.reason, acting_user=user)
    return HttpStatus(201, {"id": r.pk, "entity_id": r.entity_id, "officer_id": r.officer_id, "reason": r.reason})


# --- plans -------------------------------------------------------------------------------------


class CheckPlanRow(Schema):
    id: int
    agency_id: int
    title: str
    status: PlanStatus
    sector: str
    starts_on: dt.date
    ends_on: dt.date
    version: int


class CheckPlanPageOut(Schema):
    items: list[CheckPlanRow]
    page: int
    has_next: bool


class CheckPlanItemOut(Schema):
    id: int
    position: int
    entity_id: int
    entity_name: str
    credit_code: str
    inspector_ids: list[int]
    inspection_id: int | None
    result: InspectionResult | None


class CheckPlanOut(CheckPlanRow):
    scope: str
    region_id: int | None
    ratio: Decimal | None
    count: int | None
    inspectors_per_entity: int
    seed: str = Field(description="随机种子（抽取后）")
    method: str = Field(description="抽取方法，如 sha256-rank/1")
    candidate_ids: list[int] = Field(description="候选对象编号（升序）：名录库快照")
    candidates_hash: str = Field(description="候选对象编号的 SHA-256")
    pool_ids: list[int]
    pool_hash: str
    drawn_on: dt.date | None
    published_on: dt.date | None
    items: list[CheckPlanItemOut]


ROW = ("id", "agency_id", "title", "status", "sector", "starts_on", "ends_on", "version")
MORE = ("scope", "region_id", "ratio", "count", "inspectors_per_entity", "seed", "method", "candidate_ids",
        "candidates_hash", "pool_ids", "pool_hash", "drawn_on", "published_on")


def plan_row(p: Plan) -> dict[str, Any]:
    return {k: getattr(p, k) for k in ROW}


def plan_out(p: Plan, user: Any = None) -> dict[str, Any]:
    return plan_row(p) | {k: getattr(p, k) for k in MORE} | {"items": [{
        "id": i.pk, "position": i.position, "entity_id": i.entity_id, "entity_name": i.entity_name,
        "credit_code": i.credit_code, "inspector_ids": [o.pk for o in i.inspectors.all()],
        "inspection_id": i.inspection_id, "result": i.inspection.result if i.inspection else None,
    } for i in items_of(p)]}


@router.get("/plans", response=CheckPlanPageOut, operation_id="list_check_plans")
def list_plans(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    qs, _ = choice_filter(plans_for(request.user), "status", status, PlanStatus.values)
    found = plan_page(qs, page_number(page))
    return {"items": [plan_row(r["plan"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


class CheckPlanIn(Schema):
    title: str = Field(max_length=200)
    scope: str
    sector: str = Field("", max_length=50)
    region_id: int | None = None
    ratio: Decimal | None = Field(None, max_digits=5, decimal_places=2, description="抽查比例（%）；与数量二者选一")
    count: int | None = Field(None, ge=1, le=100_000, description="抽查数量；与比例二者选一")
    inspectors_per_entity: int = Field(2, ge=1, le=10)
    starts_on: dt.date
    ends_on: dt.date


@router.post("/plans", response={201: CheckPlanOut}, operation_id="create_check_plan")
def create_plan(request: HttpRequest, payload: CheckPlanIn) -> HttpStatus[dict[str, Any]]:
    """制定抽查计划: drawn from the agency's own directory and pool only."""
    user = agency_staff(request, *STAFF_ONLY)
    data = payload.model_dump()
    region_id = data.pop("region_id")
    region = Region.objects.filter(pk=region_id).first() if region_id is not None else None
    if region_id is not None and region is None:
        raise ActionError("所选区域不存在。", "No such region.", field="region_id")
    plan = actions.create_plan(agency=user.agency, region=region, acting_user=user, **data)
    return HttpStatus(201, plan_out(plan))


@router.get("/plans/{pk}", response=CheckPlanOut, operation_id="get_check_plan")
def get_plan(request: HttpRequest, pk: int) -> dict[str, Any]:
    return plan_out(access_plan(pk, request.user))


add_procedure_endpoints(router, PLANS, load=access_plan, out=plan_out, path="/plans/{{pk}}/steps/{step}",
                        response=CheckPlanOut, operation="check_plan_step_{step}", name="{step}", docs={
                            "draw": "随机抽取: the seed (given, or 128 random bits) and method are recorded with the "
                                    "ordered candidates and their SHA-256; recusals respected.",
                            "publish": "公开: the agency head publishes the plan and its results."})


class CheckInspectionIn(Schema):
    power_id: int = Field(description="检查事项（本机关的行政检查或行政处罚职权事项）")
    inspected_on: dt.date
    place: str = Field(max_length=200)
    findings: str
    result: InspectionResult


@router.post("/items/{pk}/inspection", response={201: CheckPlanOut}, operation_id="record_check_inspection")
def record_inspection(request: HttpRequest, pk: int, payload: CheckInspectionIn) -> HttpStatus[dict[str, Any]]:
    """记录检查 of a drawn entity by its drawn inspectors, within the plan's period; answers with the plan."""
    item = access_item(pk, request.user)
    user = agency_staff(request, *STAFF_ONLY)
    power = inspection_powers(user.agency_id).filter(pk=payload.power_id).first()
    if power is None:
        raise ActionError("检查事项不属于本机关职权（行政处罚法第十七条）", "Not this agency's power (行政处罚法第十七条)",
                          field="power_id", rule="行政处罚法第十七条")
    actions.record_plan_inspection(item, power=power, inspected_on=payload.inspected_on, place=payload.place,
                                   findings=payload.findings, result=plain(payload.result), acting_user=user)
    return HttpStatus(201, plan_out(access_plan(item.plan_id, user)))
