"""Major-case filing and spot-check endpoints (/api/filing): the filings (scoped by
yifa.filing.access: the agency's own, the region's for its legal office), one filing with its steps,
one POST per declared step (submit, review — derived from yifa.filing.procedure); the spot checks
(the region's, or those that drew the agency — with only its own cases), one check with its drawn
cases, the legal office's draw and the result of one drawn case. "Not yours" = 404; refusals use
the API's error handlers (400/403/404, both languages), with nothing changed."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import IdFilter
from yifa.api.schemas import StepOut, steps_out
from yifa.api.steps import add_procedure_endpoints
from yifa.filing import actions
from yifa.filing.access import access_filing, access_spot_check, filings_for, spot_checks_for, spot_items_for
from yifa.filing.models import CheckResult, Filing, FilingStatus, FilingStep, SpotCheck, SpotCheckItem
from yifa.filing.procedure import FILINGS
from yifa.filing.queries import filing_page, result_label, row, search, spot_items, spot_page
from yifa.lib.errors import NotFound
from yifa.web.lists import page_number

router = Router(tags=["重大案件备案与案卷抽查"])


# --- filings -----------------------------------------------------------------------------------


class MajorFilingRow(Schema):
    id: int
    agency_id: int
    agency_name: str
    case_id: int
    case_number: str
    case_title: str
    decided_on: dt.date
    due: dt.date = Field(description="备案期限（决定之日起15日，MAJOR_CASE_FILING）")
    overdue: bool
    status: FilingStatus
    status_label: str
    version: int


class MajorFilingPageOut(Schema):
    items: list[MajorFilingRow]
    page: int
    has_next: bool


class MajorFilingOut(MajorFilingRow):
    grounds: list[str] = Field(description="认定为重大案件的理由")
    criterion_id: int
    due_rule: str
    submitted_on: dt.date | None
    report: str
    reviewed_on: dt.date | None
    opinion: str
    steps: list[StepOut]


def filing_row(f: Filing) -> dict[str, Any]:
    shown = row(f)
    return {"id": f.pk, "agency_id": f.agency_id, "agency_name": f.agency.name, "case_id": f.case_id,
            "case_number": f.case.number or "", "case_title": f.case.title, "decided_on": f.decided_on, "due": f.due,
            "overdue": shown["overdue"], "status": f.status, "status_label": str(shown["status_label"]),
            "version": f.version}


def filing_out(f: Filing, user: Any = None) -> dict[str, Any]:
    return filing_row(f) | {"grounds": [str(g) for g in f.grounds], "criterion_id": f.criterion_id,
                            "due_rule": f.due_rule, "submitted_on": f.submitted_on, "report": f.report,
                            "reviewed_on": f.reviewed_on, "opinion": f.opinion, "steps": steps_out(FilingStep, filing=f)}


def load_filing(pk: Any, user: Any) -> Filing:
    filing = access_filing(pk, user)
    return Filing.objects.select_related("agency__region", "case").get(pk=filing.pk)


@router.get("/filings", response=MajorFilingPageOut, operation_id="list_major_filings")
def list_filings(request: HttpRequest, status: str = "", agency_id: IdFilter | None = None, page: int = 1) -> dict[str, Any]:
    """The major-case filings the user may see, the earliest due first; `status` filters."""
    qs, _ = search(filings_for(request.user), status)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    found = filing_page(qs, page_number(page))
    return {"items": [filing_row(r["filing"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/filings/{pk}", response=MajorFilingOut, operation_id="get_major_filing")
def get_filing(request: HttpRequest, pk: int) -> dict[str, Any]:
    return filing_out(load_filing(pk, request.user))


add_procedure_endpoints(router, FILINGS, load=load_filing, out=filing_out, path="/filings/{{pk}}/steps/{step}",
                        response=MajorFilingOut, operation="major_filing_step_{step}", name="filing_{step}", docs={
                            "submit": "报送备案 (the agency's head), with the report.",
                            "review": "备案审查 (the region's legal office): accepted = 同意备案, else 责令纠正.",
                        })


# --- spot checks ---------------------------------------------------------------------------------


class SpotCheckRow(Schema):
    id: int
    region_id: int
    title: str
    closed_from: dt.date
    closed_to: dt.date
    agencies_n: int
    cases_n: int
    drawn_on: dt.date


class SpotCheckPageOut(Schema):
    items: list[SpotCheckRow]
    page: int
    has_next: bool


class SpotCheckItemOut(Schema):
    id: int
    rank: int
    agency_id: int
    agency_name: str
    case_id: int
    case_number: str
    case_title: str
    result: str = Field(description="''（待检查）/ sound（合格）/ flawed（存在问题）")
    result_label: str
    finding: str
    checked_on: dt.date | None


class SpotCheckOut(SpotCheckRow):
    seed: str = Field(description="随机种子：与方法、候选案件一起可重现抽取")
    method: str
    candidates_hash: str = Field(description="候选案件编号（升序）的 SHA-256")
    candidates: int
    items: list[SpotCheckItemOut] = Field(description="抽中的案件（机关工作人员只见本机关的）")


SPOT_ROW = ("id", "region_id", "title", "closed_from", "closed_to", "agencies_n", "cases_n", "drawn_on")


def spot_row(c: SpotCheck) -> dict[str, Any]:
    return {name: getattr(c, name) for name in SPOT_ROW}


def spot_item_out(i: SpotCheckItem) -> dict[str, Any]:
    return {"id": i.pk, "rank": i.rank, "agency_id": i.agency_id, "agency_name": i.agency.name, "case_id": i.case_id,
            "case_number": i.case.number or "", "case_title": i.case.title, "result": i.result,
            "result_label": str(result_label(i.result)), "finding": i.finding, "checked_on": i.checked_on}


def spot_out(c: SpotCheck, user: Any) -> dict[str, Any]:
    return spot_row(c) | {"seed": c.seed, "method": c.method, "candidates_hash": c.candidates_hash,
                          "candidates": c.candidates,
                          "items": [spot_item_out(r["item"]) for r in spot_items(c, spot_items_for(user))]}


@router.get("/spot-checks", response=SpotCheckPageOut, operation_id="list_spot_checks")
def list_spot_checks(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """The spot checks the user may see (the region's; for an agency, those that drew its cases), newest first."""
    found = spot_page(spot_checks_for(request.user).only(*SPOT_ROW), page_number(page))
    return {"items": [spot_row(r["check"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


class SpotCheckIn(Schema):
    title: str = Field(max_length=100)
    closed_from: dt.date = Field(description="结案日期自")
    closed_to: dt.date = Field(description="结案日期至")
    agencies_n: int = Field(description="抽取机关数（1–50）")
    cases_n: int = Field(description="每机关抽取案件数（1–50）")
    seed: str = Field("", max_length=64, description="随机种子（空则由系统生成）")


@router.post("/spot-checks", response={201: SpotCheckOut}, operation_id="draw_spot_check")
def draw_spot_check(request: HttpRequest, payload: SpotCheckIn) -> HttpStatus[dict[str, Any]]:
    """抽查 (the region's legal office): agencies with cases closed in the period, then closed cases of each,
    drawn by sha256-rank from the seed; the seed, method and candidates' hash are kept."""
    user = signed_in(request)
    check = actions.draw_spot_check(acting_user=user, **payload.dict())
    return HttpStatus(201, spot_out(access_spot_check(check.pk, user), user))


@router.get("/spot-checks/{pk}", response=SpotCheckOut, operation_id="get_spot_check")
def get_spot_check(request: HttpRequest, pk: int) -> dict[str, Any]:
    return spot_out(access_spot_check(pk, request.user), request.user)


class SpotCheckResultIn(Schema):
    result: CheckResult = Field(description="sound（合格）/ flawed（存在问题，须写明意见）")
    finding: str = Field("", max_length=4000, description="检查意见")


@router.post("/spot-checks/items/{pk}/result", response=SpotCheckOut, operation_id="record_spot_check_result")
def record_result(request: HttpRequest, pk: int, payload: SpotCheckResultIn) -> dict[str, Any]:
    """检查结果 (the legal office running the check) of one drawn case (`pk`: the drawn item)."""
    user = signed_in(request)
    item = spot_items_for(user).filter(pk=pk).select_related("check_run__region").first()
    if item is None:
        raise NotFound()
    actions.record_result(item, result=str(payload.result.value), finding=payload.finding, acting_user=user)
    return spot_out(access_spot_check(item.check_run_id, user), user)

