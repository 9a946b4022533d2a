"""Writes: creating a review round (sample, assignment), scoring, confirming and sending back a file
review; opening the year's self-inspections, submitting, accepting, sending one back. Each in one
transaction with its step records and audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.record import record, snapshot
from yifa.cases.models import Case, Status
from yifa.filereview import rules
from yifa.filereview.access import is_supervisor
from yifa.filereview.models import (
    FileReview,
    ReviewRound,
    ScoreSheet,
    SelfInspection,
    SelfInspectionRule,
)
from yifa.filereview.procedure import FILE_REVIEWS, INSPECTION_RULE, REVIEW_RULE, SELF_INSPECTIONS
from yifa.lib.errors import ActionError, Forbidden
from yifa.randomcheck.rules import ids_hash, new_seed
from yifa.registry.models import Agency

if TYPE_CHECKING:
    from yifa.accounts.models import User

REVIEWER_ROLES = (Role.LEGAL_REVIEWER, Role.OFFICER)


def sheet_on(day: dt.date) -> ScoreSheet:
    sheet = ScoreSheet.objects.filter(effective_from__lte=day).order_by("-effective_from", "-id").first()
    if sheet is None:
        raise ActionError("没有施行中的评查标准。", "No scoring sheet is in force.")
    return sheet


def _agencies(user: User) -> list[Agency]:
    assert user.region is not None  # a supervisor is region staff
    return list(Agency.objects.filter(region__path__startswith=user.region.path).order_by("pk"))


def _check_round(title: str, closed_from: dt.date, closed_to: dt.date, count: int | None, ratio: Decimal | None,
                 acting_user: User) -> str:
    if not is_supervisor(acting_user):
        raise Forbidden.because("只有执法监督机构可以组织案卷评查", "Only the legal office may run a case-file review",
                                REVIEW_RULE)
    title = (title or "").strip()
    if len(title) < 2:
        raise ActionError("请填写评查活动名称。", "Give the review round a title.", field="title")
    if closed_to < closed_from:
        raise ActionError("结案期间的止日不能早于起日。", "The period ends before it starts.", field="closed_to")
    if (count is None) == (ratio is None):
        raise ActionError("请填写每机关抽取件数或抽取比例（二者之一）。", "Give either a number per agency or a ratio.",
                          field="count")
    if (count is not None and not 1 <= count <= 100) or (ratio is not None and not 0 < ratio <= 100):
        raise ActionError("抽取件数应为1至100件，比例应在0至100%之间。", "Draw 1 to 100 files, or a ratio of 0 to 100%.",
                          field="count")
    return title


def _assign_all(seed: str, drawn: dict[int, dict[str, Any]], agencies: list[Agency],
                acting_user: User) -> tuple[list[tuple[int, int, int]], dict[str, list[int]]]:
    """Each drawn case's reviewer: a legal reviewer of another agency, else an officer of one."""
    staff = list(acting_user.__class__.objects.filter(agency__in=agencies, is_active=True, role__in=REVIEWER_ROLES)
                 .order_by("pk").values_list("pk", "agency_id", "role"))
    by_agency: dict[int, set[int]] = {}
    for pk, agency_id, _role in staff:
        by_agency.setdefault(agency_id, set()).add(pk)
    pools: dict[str, list[int]] = {str(role): [pk for pk, _a, r in staff if r == role] for role in REVIEWER_ROLES}
    plan: list[tuple[int, int, int]] = []
    for agency_id, entry in drawn.items():
        for case_id in entry["drawn"]:
            own = by_agency.get(agency_id, set())
            reviewer = next((r for role in REVIEWER_ROLES
                             if (r := rules.assign(seed, case_id, pools[str(role)], own)) is not None), None)
            if reviewer is None:
                raise ActionError("没有其他机关的法制审核员或执法人员可以担任评查人。",
                                  "No legal reviewer or officer of another agency is available to review.")
            plan.append((agency_id, case_id, reviewer))
    return plan, pools


def create_round(*, title: str, closed_from: dt.date, closed_to: dt.date, count: int | None = None,
                 ratio: Decimal | None = None, seed: str = "", acting_user: User) -> ReviewRound:
    """The region's legal office samples closed/archived cases of each agency (N each or a
    percentage) and assigns each to a reviewer of another agency — legal reviewers first, officers
    when no legal reviewer is free. Reproducible from the recorded seed (yifa.filereview.rules)."""
    title = _check_round(title, closed_from, closed_to, count, ratio, acting_user)
    today = timezone.localdate()
    sheet = sheet_on(today)
    seed = seed or new_seed()
    agencies = _agencies(acting_user)
    candidates: dict[int, list[int]] = {a.pk: [] for a in agencies}
    for agency_id, pk in (Case.objects.filter(agency__in=agencies, status__in=(Status.CLOSED, Status.ARCHIVED),
                                              closed_on__gte=closed_from, closed_on__lte=closed_to)
                          .order_by("pk").values_list("agency_id", "pk")):
        candidates[agency_id].append(pk)
    drawn = rules.sample(seed, candidates, ratio=ratio, count=count)
    plan, pools = _assign_all(seed, drawn, agencies, acting_user)
    if not plan:
        raise ActionError("该期间内没有可抽取的已结案案件。", "No closed case in that period to draw.", field="closed_from")
    draw = {"agencies": {str(k): v for k, v in drawn.items()},
            "pools": {role: ids_hash(pks) for role, pks in pools.items()}}
    with transaction.atomic():
        region = acting_user.region
        assert region is not None
        rnd = ReviewRound.objects.create(region=region, title=title, sheet=sheet, closed_from=closed_from,
                                         closed_to=closed_to, count=count, ratio=ratio, seed=seed,
                                         method=rules.METHOD, draw=draw, created_by=acting_user, created_on=today)
        for agency_id, case_id, reviewer in plan:
            review = FileReview.objects.create(round=rnd, case_id=case_id, agency_id=agency_id,
                                               region=region, reviewer_id=reviewer)
            FILE_REVIEWS.log.write(review.pk, "assign", "", review.status, today, acting_user, "", {})
            FILE_REVIEWS.refresh_worklist(review, acting_user=acting_user, step="assign")
        record("reviewround.create", rnd, acting_user=acting_user, after=snapshot(rnd))
    return rnd


def _points(value: Any, item: Any) -> Decimal:
    try:
        points = Decimal(str(value or 0))
    except InvalidOperation:
        raise ActionError(f"“{item.text}”的扣分不是数字。", f"The deduction for {item.code} is not a number.",
                          field="marks") from None
    if points < 0 or points > item.max_points:
        raise ActionError(f"“{item.text}”的扣分应在0至{item.max_points}分之间。",
                          f"The deduction for {item.code} must be between 0 and {item.max_points}.", field="marks")
    return points


def evaluate(review: FileReview, marks: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], Decimal, bool, str]:
    """The marks checked against the round's sheet: kept marks, score, vetoed, grade."""
    items = {i.code: i for i in review.round.sheet.items.all()}
    unknown = set(marks) - set(items)
    if unknown:
        raise ActionError("评分中有不属于本评查标准的项目。", f"Unknown items: {sorted(unknown)}.", field="marks")
    kept: dict[str, Any] = {}
    deductions: list[Decimal] = []
    vetoed = False
    for code, mark in marks.items():
        item, reason = items[code], str(mark.get("reason") or "").strip()
        veto = bool(mark.get("veto"))
        if veto and not item.veto:
            raise ActionError(f"“{item.text}”不是否决项。", f"{code} is not a veto item.", field="marks")
        points = Decimal(0) if item.veto else _points(mark.get("deduct"), item)
        if (veto or points) and len(reason) < 2:
            raise ActionError(f"“{item.text}”扣分或否决须写明理由。", f"Give the reason for {code}.", field="marks")
        if veto or points:
            kept[code] = {"deduct": str(points), "veto": veto, "reason": reason}
            deductions.append(points)
            vetoed = vetoed or veto
    score = rules.file_score(deductions, vetoed)
    bands = [(b.name, b.min_score, b.passes) for b in review.round.sheet.bands.all()]
    return kept, score, vetoed, rules.grade(score, vetoed, bands)


@FILE_REVIEWS.performs("score")
def score(review: FileReview, *, marks: dict[str, dict[str, Any]], acting_user: User) -> FileReview:
    kept, total, vetoed, grade = evaluate(review, marks)

    def change(r: FileReview) -> None:
        r.marks, r.score, r.vetoed, r.grade = kept, total, vetoed, grade

    return FILE_REVIEWS.run("score", review, acting_user=acting_user, on_date=timezone.localdate(),
                            note=f"{total}分（{grade}）", change=change, data={"score": str(total), "grade": grade})


@FILE_REVIEWS.performs("confirm")
def confirm(review: FileReview, *, note: str = "", acting_user: User) -> FileReview:
    return FILE_REVIEWS.run("confirm", review, acting_user=acting_user, on_date=timezone.localdate(), note=note)


@FILE_REVIEWS.performs("send_back")
def send_back_review(review: FileReview, *, reason: str, acting_user: User) -> FileReview:
    return FILE_REVIEWS.run("send_back", review, acting_user=acting_user, on_date=timezone.localdate(), note=reason)


def rule_on(day: dt.date) -> SelfInspectionRule:
    rule = SelfInspectionRule.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rule is None:
        raise ActionError("没有施行中的自查要求。", "No self-inspection rule is in force.")
    return rule


def open_self_inspections(*, year: int, acting_user: User) -> list[SelfInspection]:
    """The legal office opens the year's self-inspection for every agency of its region (those that
    already have one are left as they are): the checklist and due date from the rule in force."""
    if not is_supervisor(acting_user):
        raise Forbidden.because("只有执法监督机构可以部署自查", "Only the legal office may open self-inspections",
                                INSPECTION_RULE)
    today = timezone.localdate()
    if not today.year - 1 <= year <= today.year:
        raise ActionError("只能部署本年度或上一年度的自查。", "Only this year's or last year's.", field="year")
    rule = rule_on(dt.date(year, 12, 31))
    due = dt.date(year + (rule.due_month < 7), rule.due_month, rule.due_day)
    created: list[SelfInspection] = []
    with transaction.atomic():
        have = set(SelfInspection.objects.filter(year=year).values_list("agency_id", flat=True))
        for agency in _agencies(acting_user):
            if agency.pk in have:
                continue
            s = SelfInspection.objects.create(agency=agency, year=year, due=due, checklist=rule.checklist,
                                              citation=rule.citation)
            SELF_INSPECTIONS.log.write(s.pk, "open", "", s.status, today, acting_user, "", {"due": due})
            SELF_INSPECTIONS.refresh_worklist(s, acting_user=acting_user, step="open")
            record("selfinspection.open", s, acting_user=acting_user, after=snapshot(s))
            created.append(s)
    return created


@SELF_INSPECTIONS.performs("submit")
def submit(inspection: SelfInspection, *, submitted_on: dt.date, report: str, acting_user: User) -> SelfInspection:
    if submitted_on > timezone.localdate():
        raise ActionError("报送日期不能晚于今天。", "The date cannot be in the future.", field="submitted_on")

    def change(s: SelfInspection) -> None:
        s.report, s.submitted_on = report, submitted_on

    return SELF_INSPECTIONS.run("submit", inspection, acting_user=acting_user, on_date=submitted_on, change=change)


@SELF_INSPECTIONS.performs("accept")
def accept(inspection: SelfInspection, *, note: str = "", acting_user: User) -> SelfInspection:
    return SELF_INSPECTIONS.run("accept", inspection, acting_user=acting_user, on_date=timezone.localdate(), note=note)


@SELF_INSPECTIONS.performs("send_back")
def send_back_inspection(inspection: SelfInspection, *, reason: str, acting_user: User) -> SelfInspection:
    return SELF_INSPECTIONS.run("send_back", inspection, acting_user=acting_user, on_date=timezone.localdate(),
                                note=reason)
