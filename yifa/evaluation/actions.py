"""Writes: computing a cycle, manual scores, the cycle's, corrections' and plans' steps (bodies bound
to yifa.evaluation.procedure), creating and revising a plan. Each in one transaction with its
step record and audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.record import record, snapshot
from yifa.evaluation.access import cycles_for, evaluates, heads_agency, plans_for
from yifa.evaluation.indicators import MEASURES, Period, in_force, weighted
from yifa.evaluation.models import (
    MANUAL_KINDS,
    PLAN_PARTS,
    Commendation,
    Correction,
    Cycle,
    CycleStatus,
    GradeBand,
    Indicator,
    ManualScore,
    Plan,
    PlanStatus,
    PlanVersion,
    Result,
)
from yifa.evaluation.procedure import CORRECTIONS, CYCLES, EVALUATION_RULE, PLANS
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.registry.models import Agency, Region

if TYPE_CHECKING:
    from yifa.accounts.models import User


def _may_evaluate(user: Any, region: Region) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.is_region_staff
                and user.region is not None and region.path.startswith(user.region.path))


def bands_in_force(day: dt.date) -> list[GradeBand]:
    from django.db.models import Q

    return list(GradeBand.objects.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day),
                                         effective_from__lte=day).order_by("-min_score", "grade"))


def _results(cycle: Cycle) -> list[Result]:
    """Every agency of the region scored, ranked (score down; ties share a place, listed by name)
    and graded by the bands in force at the year's end."""
    year_end = dt.date(cycle.year, 12, 31)
    period = Period(dt.date(cycle.year, 1, 1), min(cycle.as_of, year_end))
    indicators = in_force(year_end)
    bands = bands_in_force(year_end)
    if not indicators or not bands:
        raise ActionError("该年度没有施行中的考核指标或等次标准。", "No indicators or grade bands are in force for the year.",
                          field="year")
    scored = []
    for agency in Agency.objects.filter(region__path__startswith=cycle.region.path).order_by("name", "pk"):
        parts = [(i, *MEASURES[i.kind](cycle, agency, period, i)) for i in indicators]
        total = weighted([(i, v) for i, v, _ in parts])
        breakdown = [{"code": i.code, "name": i.name, "set": i.indicator_set, "kind": i.kind, "weight": str(i.weight),
                      "citation": i.citation, "value": None if v is None else str(v), "basis": basis}
                     for i, v, basis in parts]
        scored.append((agency, total, breakdown))
    scored.sort(key=lambda s: -s[1])  # stable: agencies of equal score stay in name order
    out, previous, place = [], None, 0
    for n, (agency, total, breakdown) in enumerate(scored, 1):
        place = place if total == previous else n
        previous = total
        band = next((b for b in bands if total >= b.min_score), bands[-1])
        out.append(Result(cycle=cycle, agency=agency, total=total, position=place, grade=band.grade,
                          grade_name=band.name, breakdown=breakdown))
    return out


def compute(*, region: Region, year: int, acting_user: User) -> Cycle:
    """The legal office computes (or, until approved, recomputes) the year's evaluation."""
    if not _may_evaluate(acting_user, region):
        raise Forbidden.because("只有本区域的司法行政部门可以组织考核", "Only the region's legal office runs the evaluation",
                                EVALUATION_RULE)
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise ActionError("考核年度无效。", "The year is not valid.", field="year")
    with transaction.atomic():
        cycle, _ = Cycle.objects.select_for_update().get_or_create(year=year, region=region,
                                                                         defaults={"as_of": today})
        if cycle.status != CycleStatus.COMPUTED:
            raise ActionError("考核结果已审定，不能重新测算。", "The results are approved: they cannot be recomputed.")
        cycle.as_of = today
        cycle.version += 1
        cycle.save(update_fields=["as_of", "version"])
        cycle.results.all().delete()
        results = Result.objects.bulk_create(_results(cycle))
        CYCLES.log.write(cycle.pk, "compute", "", cycle.status, today, acting_user, "",
                         {"agencies": len(results)})
        record("cycle.compute", cycle, acting_user=acting_user,
               after=snapshot(cycle) | {"results": {r.agency_id: str(r.total) for r in results}})
    return cycle


def set_manual_score(cycle: Cycle, *, agency: Agency, indicator_code: str, value: Any, note: str = "",
                     acting_user: User) -> ManualScore:
    """A score given by hand (file review, reversal rate …) before approval; recompute to apply."""
    if not cycles_for(acting_user).filter(pk=cycle.pk).exists():
        raise NotFound()
    if not evaluates(acting_user, cycle):
        raise Forbidden.because("只有本区域的司法行政部门可以评分", "Only the region's legal office scores", EVALUATION_RULE)
    if cycle.status != CycleStatus.COMPUTED:
        raise ActionError("考核结果已审定，不能再评分。", "The results are approved: no more scores.")
    if not agency.region.path.startswith(cycle.region.path):
        raise ActionError("该单位不在本次考核范围内。", "The agency is not in this evaluation.", field="agency")
    kinds = set(Indicator.objects.filter(code=indicator_code).values_list("kind", flat=True))
    if not kinds & MANUAL_KINDS:
        raise ActionError("该指标由系统计算，不能人工评分。", "This indicator is computed, not scored by hand.",
                          field="indicator_code")
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        score = Decimal(-1)
    if not Decimal(0) <= score <= Decimal(100):
        raise ActionError("得分应在0至100之间。", "A score is between 0 and 100.", field="value")
    with transaction.atomic():
        row, _ = ManualScore.objects.update_or_create(cycle=cycle, agency=agency, indicator_code=indicator_code,
                                                      defaults={"value": score, "note": note[:500]})
        record("cycle.manual_score", cycle, acting_user=acting_user,
               after={"agency": agency.pk, "indicator": indicator_code, "value": str(score)})
    return row


@CYCLES.performs("approve")
def approve(cycle: Cycle, *, note: str = "", acting_user: User) -> Cycle:
    return CYCLES.run("approve", cycle, acting_user=acting_user, on_date=timezone.localdate(), note=note)


def circular(cycle: Cycle, title: str, results: list[Result]) -> str:
    lines = [title, "", f"根据{EVALUATION_RULE}，现将{cycle.year}年度考核结果通报如下："]
    lines += [f"{r.position}. {r.agency.name}  {r.total}分  {r.grade_name}" for r in results]
    return "\n".join(lines)


@CYCLES.performs("publish")
def publish(cycle: Cycle, *, published_on: dt.date, title: str, acting_user: User) -> Cycle:
    """Publish the circular (通报): commendations and criticisms with a correction deadline, as
    the grade bands in force say."""
    bands = {b.grade: b for b in bands_in_force(dt.date(cycle.year, 12, 31))}
    results = list(cycle.results.select_related("agency").order_by("position", "agency__name"))

    def change(c: Cycle) -> None:
        c.published_on, c.circular_title, c.circular_text = published_on, title, circular(c, title, results)

    def follow_up() -> None:
        for r in results:
            band = bands.get(r.grade)
            if band is None:
                continue
            if band.commend:
                Commendation.objects.create(cycle=cycle, agency=r.agency,
                                            text=f"{r.agency.name}在{cycle.year}年度考核中被评为{r.grade_name}，予以通报表扬。")
            if band.criticise:
                _criticise(cycle, r, published_on + dt.timedelta(days=band.correction_days), acting_user)

    return CYCLES.run("publish", cycle, acting_user=acting_user, on_date=published_on, change=change,
                      before_audit=follow_up)


def _criticise(cycle: Cycle, result: Result, due: dt.date, acting_user: User) -> Correction:
    text = (f"{result.agency.name}在{cycle.year}年度考核中为{result.grade_name}（{result.total}分），予以通报批评，"
            f"限于{due:%Y年%m月%d日}前改正并报告整改情况。")
    c = Correction.objects.create(cycle=cycle, agency=result.agency, text=text, due=due)
    CORRECTIONS.log.write(c.pk, "criticise", "", c.status, cycle.published_on, acting_user, text, {"due": due})
    CORRECTIONS.refresh_worklist(c, acting_user=acting_user, step="criticise")
    record("correction.criticise", c, acting_user=acting_user, after=snapshot(c))
    return c


@CORRECTIONS.performs("report")
def report(correction: Correction, *, reported_on: dt.date, report: str, acting_user: User) -> Correction:
    def change(c: Correction) -> None:
        c.report, c.reported_on = report, reported_on

    return CORRECTIONS.run("report", correction, acting_user=acting_user, on_date=reported_on, note=report,
                           change=change)


@CORRECTIONS.performs("send_back")
def send_back(correction: Correction, *, reason: str, acting_user: User) -> Correction:
    return CORRECTIONS.run("send_back", correction, acting_user=acting_user, on_date=timezone.localdate(), note=reason)


@CORRECTIONS.performs("close")
def close(correction: Correction, *, closed_on: dt.date, acting_user: User) -> Correction:
    return CORRECTIONS.run("close", correction, acting_user=acting_user, on_date=closed_on,
                           change=lambda c: setattr(c, "closed_on", closed_on))


# --- implementation plans ---


def _clean_parts(parts: Mapping[str, str]) -> dict[str, str]:
    """All seven parts, each written (the policy lists them; a plan missing one is not a plan)."""
    clean = {key: (parts.get(key) or "").strip() for key, _ in PLAN_PARTS}
    missing = [name for key, name in PLAN_PARTS if len(clean[key]) < 2]
    if missing:
        raise ActionError(f"实施方案缺少以下内容：{'、'.join(missing)}。", f"The plan lacks {len(missing)} of its seven parts.",
                          field="parts")
    if any(len(v) > 20000 for v in clean.values()):
        raise ActionError("内容过长。", "A part is too long.", field="parts")
    return clean


def draft_plan(*, year: int, parts: Mapping[str, str], acting_user: User) -> Plan:
    """The agency (its head or admin) writes the year's plan: version 1."""
    agency = getattr(acting_user, "agency", None)
    if agency is None or acting_user.role not in (Role.AGENCY_HEAD, Role.AGENCY_ADMIN):
        raise Forbidden.because("只有本单位负责人或管理员可以编写实施方案", "Only the agency's head or admin writes the plan",
                                EVALUATION_RULE)
    clean = _clean_parts(parts)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(agency=agency, year=year)
            PlanVersion.objects.create(plan=plan, number=1, parts=clean, written_at=timezone.now(),
                                       written_by=acting_user)
            PLANS.log.write(plan.pk, "draft", "", plan.status, timezone.localdate(), acting_user, "", {"number": 1})
            PLANS.refresh_worklist(plan, acting_user=acting_user, step="draft")
            record("plan.draft", plan, acting_user=acting_user, after=snapshot(plan))
    except IntegrityError:
        raise ActionError("本年度的实施方案已存在，请修订。", "The year's plan exists: revise it.", field="year") from None
    return plan


def revise_plan(plan: Plan, *, parts: Mapping[str, str], acting_user: User) -> PlanVersion:
    """A new version while drafting or after the plan came back with comments."""
    if not plans_for(acting_user).filter(pk=plan.pk).exists():
        raise NotFound()
    if not heads_agency(acting_user, plan):
        raise Forbidden.because("只有本单位负责人或管理员可以修订实施方案", "Only the agency's head or admin revises the plan",
                                EVALUATION_RULE)
    clean = _clean_parts(parts)
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
            raise ActionError("实施方案已报送或已备案，不能修订。", "The plan is submitted or filed: it cannot be revised.")
        number = (current.texts.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        text = PlanVersion.objects.create(plan=current, number=number, parts=clean, written_at=timezone.now(),
                                          written_by=acting_user)
        current.version += 1
        current.save(update_fields=["version"])
        PLANS.log.write(current.pk, "revise", current.status, current.status, timezone.localdate(), acting_user, "",
                        {"number": number})
        record("plan.revise", current, acting_user=acting_user, after={"number": number})
    return text


@PLANS.performs("submit")
def submit(plan: Plan, *, note: str = "", acting_user: User) -> Plan:
    return PLANS.run("submit", plan, acting_user=acting_user, on_date=timezone.localdate(), note=note)


@PLANS.performs("file")
def file(plan: Plan, *, filed_on: dt.date, acting_user: User) -> Plan:
    return PLANS.run("file", plan, acting_user=acting_user, on_date=filed_on,
                     change=lambda p: setattr(p, "filed_on", filed_on))


@PLANS.performs("return")
def return_plan(plan: Plan, *, comments: str, acting_user: User) -> Plan:
    return PLANS.run("return", plan, acting_user=acting_user, on_date=timezone.localdate(), note=comments)
