"""Evaluation endpoints (/api/evaluation): evaluation cycles (the region's for its staff; for an
agency's staff the published cycles over it) with their results, and one POST per declared step
(approve, publish); corrections (限期整改: the agency's own, the region's) and implementation plans
(实施方案) with their steps (report / send back / close; submit / file / return — derived from
yifa.evaluation.procedure). "Not yours" = 404; refusals use the API's error handlers
(400/403/404, both languages), with nothing changed. Computing a cycle, manual scores and writing a
plan's text stay on the pages (/evaluation/)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from yifa.api.inputs import IdFilter, YearFilter
from yifa.api.schemas import StepOut, steps_out
from yifa.api.steps import add_procedure_endpoints
from yifa.evaluation.access import access_correction, access_plan, corrections_for, cycles_for, plans_for
from yifa.evaluation.models import (
    PLAN_PARTS,
    Correction,
    CorrectionStatus,
    CorrectionStep,
    Cycle,
    CycleStatus,
    CycleStep,
    Plan,
    PlanStatus,
    PlanStep,
    PlanVersion,
)
from yifa.evaluation.procedure import CORRECTIONS, CYCLES, PLANS
from yifa.evaluation.queries import results
from yifa.lib.errors import NotFound
from yifa.web.i18n import tr
from yifa.web.lists import choice_filter, page_number, page_of

router = Router(tags=["评议考核"])


def _label(choices: Any, value: str) -> str:
    return str(tr(choices(value).label)) if value in choices.values else value


# --- cycles --------------------------------------------------------------------------------------


class EvaluationCycleRow(Schema):
    id: int
    year: int
    region_id: int
    region_name: str
    as_of: dt.date = Field(description="测算基准日")
    status: CycleStatus
    status_label: str
    circular_title: str
    published_on: dt.date | None
    version: int


class EvaluationCyclePageOut(Schema):
    items: list[EvaluationCycleRow]
    page: int
    has_next: bool


class EvaluationResultOut(Schema):
    agency_id: int
    agency_name: str
    total: Decimal
    position: int = Field(description="名次（同分同名次）")
    grade: str
    grade_name: str
    breakdown: list[dict[str, Any]] = Field(description="各指标：编码、名称、权重、得分（从不含罚没金额）")


class EvaluationCycleOut(EvaluationCycleRow):
    circular_text: str
    results: list[EvaluationResultOut]
    steps: list[StepOut]


CYCLE_ROW = ("id", "year", "region_id", "as_of", "status", "circular_title", "published_on", "version")


def cycle_row(c: Cycle) -> dict[str, Any]:
    return {name: getattr(c, name) for name in CYCLE_ROW} | {
        "region_name": c.region.name, "status_label": _label(CycleStatus, c.status)}


def cycle_out(c: Cycle, user: Any = None) -> dict[str, Any]:
    return cycle_row(c) | {
        "circular_text": c.circular_text,
        "results": [{"agency_id": r.agency_id, "agency_name": r.agency.name, "total": r.total, "position": r.position,
                     "grade": r.grade, "grade_name": r.grade_name, "breakdown": list(r.breakdown)}
                    for r in results(c)],
        "steps": steps_out(CycleStep, cycle=c)}


def load_cycle(pk: Any, user: Any) -> Cycle:
    try:
        return cycles_for(user).select_related("region").get(pk=int(pk))
    except (Cycle.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@router.get("/cycles", response=EvaluationCyclePageOut, operation_id="list_evaluation_cycles")
def list_cycles(request: HttpRequest, status: str = "", year: YearFilter | None = None, page: int = 1) -> dict[str, Any]:
    """The evaluation cycles the user may see, newest year first."""
    qs, _ = choice_filter(cycles_for(request.user), "status", status, CycleStatus.values)
    if year is not None:
        qs = qs.filter(year=year)
    ordered = qs.only(*CYCLE_ROW, "region__name").order_by("-year", "-id")
    found = page_of(ordered, page_number(page), lambda c: {"cycle": c})
    return {"items": [cycle_row(r["cycle"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/cycles/{pk}", response=EvaluationCycleOut, operation_id="get_evaluation_cycle")
def get_cycle(request: HttpRequest, pk: int) -> dict[str, Any]:
    return cycle_out(load_cycle(pk, request.user))


add_procedure_endpoints(router, CYCLES, load=load_cycle, out=cycle_out, path="/cycles/{{pk}}/steps/{step}",
                        response=EvaluationCycleOut, operation="evaluation_cycle_step_{step}",
                        name="evaluation_cycle_{step}", docs={
                            "approve": "审定 (the region's legal office or the county leader).",
                            "publish": "通报 (the region's legal office): the circular; commendations and "
                                       "criticisms with their correction deadlines follow from the grades.",
                        })


# --- corrections ---------------------------------------------------------------------------------


class EvaluationCorrectionRow(Schema):
    id: int
    cycle_id: int
    agency_id: int
    agency_name: str
    text: str = Field(description="批评及整改要求")
    due: dt.date = Field(description="整改期限")
    status: CorrectionStatus
    status_label: str
    version: int


class EvaluationCorrectionPageOut(Schema):
    items: list[EvaluationCorrectionRow]
    page: int
    has_next: bool


class EvaluationCorrectionOut(EvaluationCorrectionRow):
    report: str
    reported_on: dt.date | None
    closed_on: dt.date | None
    steps: list[StepOut]


CORRECTION_ROW = ("id", "cycle_id", "agency_id", "text", "due", "status", "version")


def correction_row(c: Correction) -> dict[str, Any]:
    return {name: getattr(c, name) for name in CORRECTION_ROW} | {
        "agency_name": c.agency.name, "status_label": _label(CorrectionStatus, c.status)}


def correction_out(c: Correction, user: Any = None) -> dict[str, Any]:
    return correction_row(c) | {"report": c.report, "reported_on": c.reported_on,
                                "closed_on": c.closed_on, "steps": steps_out(CorrectionStep, correction=c)}


def load_correction(pk: Any, user: Any) -> Correction:
    found = access_correction(pk, user)
    return Correction.objects.select_related("agency__region").get(pk=found.pk)


@router.get("/corrections", response=EvaluationCorrectionPageOut, operation_id="list_evaluation_corrections")
def list_corrections(request: HttpRequest, status: str = "", agency_id: IdFilter | None = None,
                     page: int = 1) -> dict[str, Any]:
    """The corrections the user may see, the earliest deadline first."""
    qs, _ = choice_filter(corrections_for(request.user), "status", status, CorrectionStatus.values)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    ordered = qs.select_related("agency").only(*CORRECTION_ROW, "agency__name").order_by("due", "id")
    found = page_of(ordered, page_number(page), lambda c: {"correction": c})
    return {"items": [correction_row(r["correction"]) for r in found.rows], "page": found.number,
            "has_next": found.has_next}


@router.get("/corrections/{pk}", response=EvaluationCorrectionOut, operation_id="get_evaluation_correction")
def get_correction(request: HttpRequest, pk: int) -> dict[str, Any]:
    return correction_out(load_correction(pk, request.user))


add_procedure_endpoints(router, CORRECTIONS, load=load_correction, out=correction_out,
                        path="/corrections/{{pk}}/steps/{step}", response=EvaluationCorrectionOut,
                        operation="evaluation_correction_step_{step}", name="evaluation_correction_{step}", docs={
                            "report": "报告整改情况 (the agency's staff), by the deadline.",
                            "send_back": "退回继续整改 (the region's legal or efficiency office), with the reason.",
                            "close": "整改完成 (the region's legal or efficiency office).",
                        })


# --- implementation plans -------------------------------------------------------------------------


class ImplementationPlanRow(Schema):
    id: int
    agency_id: int
    agency_name: str
    year: int
    status: str = Field(description="draft（起草中）/ submitted（已报送）/ filed（已备案）/ returned（退回修改）")
    status_label: str
    filed_on: dt.date | None
    version: int


class ImplementationPlanPageOut(Schema):
    items: list[ImplementationPlanRow]
    page: int
    has_next: bool


class ImplementationPlanPartOut(Schema):
    code: str
    name: str
    text: str


class ImplementationPlanTextOut(Schema):
    number: int
    written_at: dt.datetime
    parts: list[ImplementationPlanPartOut] = Field(description="实施方案的七个部分")


class ImplementationPlanOut(ImplementationPlanRow):
    texts: list[ImplementationPlanTextOut] = Field(description="各版本，最新在前")
    steps: list[StepOut]


PLAN_ROW = ("id", "agency_id", "year", "status", "filed_on", "version")


def plan_row(p: Plan) -> dict[str, Any]:
    return {name: getattr(p, name) for name in PLAN_ROW} | {
        "agency_name": p.agency.name, "status_label": _label(PlanStatus, p.status)}


def plan_out(p: Plan, user: Any = None) -> dict[str, Any]:
    texts = PlanVersion.objects.filter(plan=p).order_by("-number")
    return plan_row(p) | {
        "texts": [{"number": t.number, "written_at": t.written_at,
                   "parts": [{"code": code, "name": name, "text": str(t.parts.get(code, ""))}
                             for code, name in PLAN_PARTS]} for t in texts],
        "steps": steps_out(PlanStep, plan=p)}


def load_plan(pk: Any, user: Any) -> Plan:
    found = access_plan(pk, user)
    return Plan.objects.select_related("agency__region").get(pk=found.pk)


@router.get("/plans", response=ImplementationPlanPageOut, operation_id="list_implementation_plans")
def list_plans(request: HttpRequest, status: str = "", year: YearFilter | None = None, page: int = 1) -> dict[str, Any]:
    """The implementation plans the user may see, newest year first."""
    qs, _ = choice_filter(plans_for(request.user), "status", status, PlanStatus.values)
    if year is not None:
        qs = qs.filter(year=year)
    ordered = qs.select_related("agency").only(*PLAN_ROW, "agency__name").order_by("-year", "agency_id", "id")
    found = page_of(ordered, page_number(page), lambda p: {"plan": p})
    return {"items": [plan_row(r["plan"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/plans/{pk}", response=ImplementationPlanOut, operation_id="get_implementation_plan")
def get_plan(request: HttpRequest, pk: int) -> dict[str, Any]:
    return plan_out(load_plan(pk, request.user))


add_procedure_endpoints(router, PLANS, load=load_plan, out=plan_out, path="/plans/{{pk}}/steps/{step}",
                        response=ImplementationPlanOut, operation="implementation_plan_step_{step}",
                        name="implementation_plan_{step}", docs={
                            "submit": "报送备案 (the agency's head or administrator).",
                            "file": "备案 (the region's legal or efficiency office).",
                            "return": "退回修改 (the region's legal or efficiency office), with comments.",
                        })
