"""Case-file review endpoints (/api/filereview): review rounds (the region's; for an agency the rounds
with a file it may see), each with its agency scores; file reviews (the reviewed agency's, the
assigned reviewer's, the region's) with their marks and one POST per declared step (score, confirm,
send back — derived from yifa.filereview.procedure); year-end self-inspections and their steps
(submit, accept, send back). The legal office's writes — a new round, the year's self-inspections —
call exactly one yifa.filereview.actions function. "Not yours" = 404; refusals use the API's error
handlers (400/403/404, both languages), with nothing changed."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import IdFilter, YearFilter
from yifa.api.schemas import StepOut, steps_out
from yifa.api.steps import add_procedure_endpoints
from yifa.filereview import actions
from yifa.filereview.access import access_inspection, access_review, inspections_for, reviews_for, rounds_for
from yifa.filereview.models import (
    FileReview,
    FileReviewStep,
    InspectionStatus,
    ReviewRound,
    ReviewStatus,
    SelfInspection,
    SelfInspectionStep,
)
from yifa.filereview.procedure import FILE_REVIEWS, SELF_INSPECTIONS
from yifa.filereview.rules import unit_score
from yifa.lib.errors import NotFound
from yifa.web.i18n import tr
from yifa.web.lists import choice_filter, page_number, page_of

router = Router(tags=["案卷评查与年度自查"])


def _label(choices: Any, value: str) -> str:
    return str(tr(choices(value).label)) if value in choices.values else value


# --- review rounds ---------------------------------------------------------------------------------


class ReviewRoundRow(Schema):
    id: int
    region_id: int
    title: str
    sheet_id: int
    closed_from: dt.date
    closed_to: dt.date
    count: int | None = Field(description="每机关抽取件数（与比例二者之一）")
    ratio: Decimal | None = Field(description="抽取比例（%）")
    created_on: dt.date


class ReviewRoundPageOut(Schema):
    items: list[ReviewRoundRow]
    page: int
    has_next: bool


class ReviewUnitScore(Schema):
    agency_id: int
    agency_name: str
    files: int
    scored: int
    score: Decimal | None = Field(description="单位得分：已评分案卷的平均分")


class ReviewRoundOut(ReviewRoundRow):
    sheet_name: str
    seed: str = Field(description="随机种子：与方法一起可重现抽样和指派")
    method: str
    draw: dict[str, Any] = Field(description="各机关候选案卷摘要和抽中的案件；评查人库摘要")
    file_ids: list[int] = Field(description="本活动中您可见的案卷评查")
    units: list[ReviewUnitScore]


ROUND_ROW = ("id", "region_id", "title", "sheet_id", "closed_from", "closed_to", "count", "ratio", "created_on")


def round_row(r: ReviewRound) -> dict[str, Any]:
    return {name: getattr(r, name) for name in ROUND_ROW}


def round_out(r: ReviewRound, user: Any) -> dict[str, Any]:
    files = list(reviews_for(user).filter(round=r).select_related("agency").order_by("agency_id", "id"))
    by_agency: dict[int, list[FileReview]] = {}
    for f in files:
        by_agency.setdefault(f.agency_id, []).append(f)
    units = []
    for group in by_agency.values():
        scores = [f.score for f in group if f.score is not None and f.status != ReviewStatus.ASSIGNED]
        units.append({"agency_id": group[0].agency_id, "agency_name": group[0].agency.name, "files": len(group),
                      "scored": len(scores), "score": unit_score(scores)})
    return round_row(r) | {"sheet_name": r.sheet.name, "seed": r.seed, "method": r.method, "draw": r.draw,
                           "file_ids": [f.pk for f in files], "units": units}


def load_round(pk: int, user: Any) -> ReviewRound:
    found = rounds_for(user).filter(pk=pk).select_related("sheet").first()
    if found is None:
        raise NotFound()
    return found


@router.get("/rounds", response=ReviewRoundPageOut, operation_id="list_review_rounds")
def list_rounds(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """The review rounds the user may see, newest first."""
    qs = rounds_for(request.user).only(*ROUND_ROW).order_by("-created_on", "-id")
    found = page_of(qs, page_number(page), lambda r: {"round": r})
    return {"items": [round_row(r["round"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


class ReviewRoundIn(Schema):
    title: str = Field(max_length=200)
    closed_from: dt.date = Field(description="结案起")
    closed_to: dt.date = Field(description="结案止")
    count: int | None = Field(None, description="每机关抽取件数（1–100），或：")
    ratio: Decimal | None = Field(None, max_digits=5, decimal_places=2, description="抽取比例（%，0–100）")
    seed: str = Field("", max_length=64, description="随机种子（空则由系统生成）")


@router.post("/rounds", response={201: ReviewRoundOut}, operation_id="create_review_round")
def create_round(request: HttpRequest, payload: ReviewRoundIn) -> HttpStatus[dict[str, Any]]:
    """评查活动 (the region's legal office): closed cases sampled per agency, each assigned to a reviewer
    of another agency; reproducible from the recorded seed."""
    user = signed_in(request)
    rnd = actions.create_round(acting_user=user, **payload.dict())
    return HttpStatus(201, round_out(load_round(rnd.pk, user), user))


@router.get("/rounds/{pk}", response=ReviewRoundOut, operation_id="get_review_round")
def get_round(request: HttpRequest, pk: int) -> dict[str, Any]:
    return round_out(load_round(pk, request.user), request.user)


# --- file reviews ---------------------------------------------------------------------------------


class FileReviewRow(Schema):
    id: int
    round_id: int
    agency_id: int
    agency_name: str
    case_id: int
    case_number: str
    case_title: str
    reviewer: str
    status: ReviewStatus
    status_label: str
    score: Decimal | None
    grade: str
    vetoed: bool
    version: int


class FileReviewPageOut(Schema):
    items: list[FileReviewRow]
    page: int
    has_next: bool


class FileReviewItemOut(Schema):
    code: str
    text: str
    max_points: Decimal
    veto: bool = Field(description="否决项")
    citation: str
    deduct: Decimal | None = Field(description="扣分（未扣分为空）")
    vetoed: bool
    reason: str


class FileReviewOut(FileReviewRow):
    sheet_id: int
    items: list[FileReviewItemOut] = Field(description="评查标准的各项及评分（score 的 marks 以 code 为键）")
    steps: list[StepOut]


FILE_COLUMNS = ("id", "round_id", "agency_id", "case_id", "reviewer_id", "status", "score", "grade", "vetoed",
                "version", "agency__name", "case__number", "case__title", "reviewer__display_name",
                "reviewer__username")


def file_row(f: FileReview) -> dict[str, Any]:
    return {"id": f.pk, "round_id": f.round_id, "agency_id": f.agency_id, "agency_name": f.agency.name,
            "case_id": f.case_id, "case_number": f.case.number or "", "case_title": f.case.title,
            "reviewer": str(f.reviewer), "status": f.status, "status_label": _label(ReviewStatus, f.status),
            "score": f.score, "grade": f.grade, "vetoed": f.vetoed, "version": f.version}


def file_out(f: FileReview, user: Any = None) -> dict[str, Any]:
    items = []
    for item in f.round.sheet.items.all():
        mark = f.marks.get(item.code, {})
        items.append({"code": item.code, "text": item.text, "max_points": item.max_points, "veto": item.veto,
                      "citation": item.citation, "deduct": Decimal(mark["deduct"]) if mark.get("deduct") else None,
                      "vetoed": bool(mark.get("veto")), "reason": str(mark.get("reason", ""))})
    return file_row(f) | {"sheet_id": f.round.sheet_id, "items": items, "steps": steps_out(FileReviewStep, review=f)}


def load_file(pk: Any, user: Any) -> FileReview:
    review = access_review(pk, user)
    return FileReview.objects.select_related("agency__region", "case", "reviewer", "round__sheet").get(pk=review.pk)


@router.get("/files", response=FileReviewPageOut, operation_id="list_file_reviews")
def list_files(request: HttpRequest, status: str = "", round_id: IdFilter | None = None, mine: bool = False,
               page: int = 1) -> dict[str, Any]:
    """The file reviews the user may see (the reviewed agency's, those assigned to the user, the
    region's); `mine` keeps those the user is to score or has scored, `round_id` one round's."""
    user: Any = request.user
    qs: QuerySet[FileReview] = reviews_for(user)
    qs, _ = choice_filter(qs, "status", status, ReviewStatus.values)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if mine:
        qs = qs.filter(reviewer_id=user.pk)
    ordered = qs.select_related("agency", "case", "reviewer").only(*FILE_COLUMNS).order_by("-round_id", "agency_id", "id")
    found = page_of(ordered, page_number(page), lambda f: {"file": f})
    return {"items": [file_row(r["file"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/files/{pk}", response=FileReviewOut, operation_id="get_file_review")
def get_file(request: HttpRequest, pk: int) -> dict[str, Any]:
    return file_out(load_file(pk, request.user))


add_procedure_endpoints(router, FILE_REVIEWS, load=load_file, out=file_out, path="/files/{{pk}}/steps/{step}",
                        response=FileReviewOut, operation="file_review_step_{step}", name="file_review_{step}", docs={
                            "score": "评分 (the assigned reviewer): `marks` = item code → {deduct, veto, reason}; "
                                     "the score is 100 minus the deductions, 0 on a veto.",
                            "confirm": "确认评查结果 (the region's legal office).",
                            "send_back": "退回重新评分 (the region's legal office), with the reason.",
                        })


# --- self-inspections -----------------------------------------------------------------------------


class SelfInspectionRow(Schema):
    id: int
    agency_id: int
    agency_name: str
    year: int
    due: dt.date
    submitted_on: dt.date | None
    status: str = Field(description="due（待报送）/ submitted（已报送）/ accepted（已验收）")
    status_label: str
    version: int


class SelfInspectionPageOut(Schema):
    items: list[SelfInspectionRow]
    page: int
    has_next: bool


class SelfInspectionOut(SelfInspectionRow):
    checklist: list[dict[str, Any]] = Field(description="自查事项")
    citation: str
    report: str
    steps: list[StepOut]


INSPECTION_ROW = ("id", "agency_id", "year", "due", "submitted_on", "status", "version")


def inspection_row(s: SelfInspection) -> dict[str, Any]:
    return {name: getattr(s, name) for name in INSPECTION_ROW} | {
        "agency_name": s.agency.name, "status_label": _label(InspectionStatus, s.status)}


def inspection_out(s: SelfInspection, user: Any = None) -> dict[str, Any]:
    return inspection_row(s) | {"checklist": list(s.checklist), "citation": s.citation, "report": s.report,
                                "steps": steps_out(SelfInspectionStep, inspection=s)}


def load_inspection(pk: Any, user: Any) -> SelfInspection:
    found = access_inspection(pk, user)
    return SelfInspection.objects.select_related("agency__region").get(pk=found.pk)


@router.get("/self-inspections", response=SelfInspectionPageOut, operation_id="list_self_inspections")
def list_inspections(request: HttpRequest, status: str = "", year: YearFilter | None = None, page: int = 1) -> dict[str, Any]:
    """The year-end self-inspections the user may see (the agency's own; the region's), newest year first."""
    qs, _ = choice_filter(inspections_for(request.user), "status", status, InspectionStatus.values)
    if year is not None:
        qs = qs.filter(year=year)
    ordered = qs.select_related("agency").only(*INSPECTION_ROW, "agency__name").order_by("-year", "agency_id", "id")
    found = page_of(ordered, page_number(page), lambda s: {"inspection": s})
    return {"items": [inspection_row(r["inspection"]) for r in found.rows], "page": found.number,
            "has_next": found.has_next}


class SelfInspectionsOpenIn(Schema):
    year: int = Field(description="年度（本年度或上一年度）")


@router.post("/self-inspections", response={201: list[SelfInspectionRow]}, operation_id="open_self_inspections")
def open_inspections(request: HttpRequest, payload: SelfInspectionsOpenIn) -> HttpStatus[list[dict[str, Any]]]:
    """部署自查 (the region's legal office): the year's self-inspection for each agency of the region that has
    none yet, with the checklist and the due date of the rule in force; answers those opened."""
    user = signed_in(request)
    opened = actions.open_self_inspections(year=payload.year, acting_user=user)
    rows = SelfInspection.objects.filter(pk__in=[s.pk for s in opened]).select_related("agency").order_by("agency_id")
    return HttpStatus(201, [inspection_row(s) for s in rows])


@router.get("/self-inspections/{pk}", response=SelfInspectionOut, operation_id="get_self_inspection")
def get_inspection(request: HttpRequest, pk: int) -> dict[str, Any]:
    return inspection_out(load_inspection(pk, request.user))


add_procedure_endpoints(router, SELF_INSPECTIONS, load=load_inspection, out=inspection_out,
                        path="/self-inspections/{{pk}}/steps/{step}", response=SelfInspectionOut,
                        operation="self_inspection_step_{step}", name="self_inspection_{step}", docs={
                            "submit": "报送自查报告 (the agency's staff).",
                            "accept": "验收 (the region's legal office).",
                            "send_back": "退回补充 (the region's legal office), with the reason.",
                        })
