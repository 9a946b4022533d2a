"""Indicators computed from Yifa's own records, for one agency over one year up to a day.

Each function returns (value 0–100 or None where there is nothing to measure, the counts it rests
on). Case rows are counted (`COUNT(*)`), never loaded: no fine amount is read, and none can be an
input (APL 74; tests/test_fines_not_indicators.py checks the module and the SQL it sends). The case
models are named through the app registry, not imported: this module must not import the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from yifa.complaints.evaluation import public_scores
from yifa.complaints.models import Complaint, EvaluationCycle
from yifa.disclosure.models import Publication
from yifa.evaluation.models import Cycle, Indicator, IndicatorKind, ManualScore
from yifa.registry.models import Agency, Officer, TrainingRecord
from yifa.workcal.parameters import UnknownParameter, parameter_on

HUNDRED = Decimal(100)
#: Case statuses in which a case is still being handled (a passed stage deadline is a breach).
HANDLING = ("registered", "opened", "investigated", "reviewed", "legal_reviewed", "discussed", "notified", "hearing")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive: the year's end, or the day computed on if earlier


def two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate(good: int, total: int) -> Decimal | None:
    return None if total == 0 else two(HUNDRED * good / total)


Measured = tuple[Decimal | None, dict[str, Any]]


def deadlines(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Cases whose decision was due in the period, decided by then; and cases still in hand whose
    stage deadline passed in the period (each a breach)."""
    case = apps.get_model("cases", "Case")
    due = Q(decision_due__gte=period.start, decision_due__lt=period.end)
    stage = Q(status__in=HANDLING, stage_due__gte=period.start, stage_due__lt=period.end)
    population = case.objects.filter(Q(agency=agency) & (due | stage))
    late = (due & (Q(decided_on__isnull=True) | Q(decided_on__gt=F("decision_due")))) | stage
    # One pass over the agency's rows (indexes (agency, decision_due) and (agency, status, stage_due)).
    counts = population.aggregate(total=Count("pk"), breaches=Count("pk", filter=late))
    total, breaches = counts["total"], counts["breaches"]
    return rate(total - breaches, total), {"total": total, "breaches": breaches}


def legal_review(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Major (serious) decisions in the period that went through legal review first."""
    case, step = apps.get_model("cases", "Case"), apps.get_model("cases", "CaseStep")
    major = case.objects.filter(agency=agency, serious=True, decided_on__range=(period.start, period.end))
    reviewed = major.filter(Exists(step.objects.filter(case=OuterRef("pk"), step="legal_review")))
    total, good = major.count(), reviewed.count()
    return rate(good, total), {"total": total, "reviewed": good}


def publication(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Decisions due for publication in the period, released by their due date."""
    due = Publication.objects.filter(agency=agency, publish_due__range=(period.start, period.end))
    on_time = due.filter(released_on__isnull=False, released_on__lte=F("publish_due"))
    total, good = due.count(), on_time.count()
    return rate(good, total), {"total": total, "on_time": good}


def complaints(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Complaints due to be handled in the period, closed by their deadline."""
    due = Complaint.objects.filter(agency=agency, handle_due__range=(period.start, period.end))
    on_time = due.filter(closed_on__isnull=False, closed_on__lte=F("handle_due"))
    total, good = due.count(), on_time.count()
    return rate(good, total), {"total": total, "on_time": good}


def certificates(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Officers put on cases in the period who held a valid certificate that day."""
    assignment = apps.get_model("cases", "CaseOfficer")
    put_on = assignment.objects.filter(case__agency=agency, assigned_on__range=(period.start, period.end))
    valid = Q(officer__status=Officer.Status.ACTIVE, officer__valid_from__lte=F("assigned_on"),
              officer__valid_until__gte=F("assigned_on"))
    # One query from the agency's cases: counted apart, the valid ones were read from the active
    # officers of every agency, every assignment of the county once per agency.
    counts = put_on.aggregate(total=Count("pk"), good=Count("pk", filter=valid))
    total, good = counts["total"], counts["good"]
    return rate(good, total), {"total": total, "valid": good}


def training(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """Each certified officer's training hours in the year against the target (capped at 100 %)."""
    target = indicator.target or _required_hours(cycle.year)
    officers = list(Officer.objects.filter(agency=agency, status=Officer.Status.ACTIVE).values_list("pk", flat=True))
    if not officers or target <= 0:
        return None, {"officers": len(officers)}
    hours = dict(TrainingRecord.objects.filter(officer__in=officers, year=cycle.year).values("officer")
                 .annotate(h=Sum("hours")).values_list("officer", "h"))
    parts = [min(Decimal(hours.get(pk) or 0) / target, Decimal(1)) for pk in officers]
    return two(HUNDRED * sum(parts, Decimal(0)) / len(parts)), {"officers": len(officers), "target": str(target)}


def _required_hours(year: int) -> Decimal:
    try:
        return parameter_on("TRAINING_HOURS_PER_YEAR", dt.date(year, 12, 31))
    except UnknownParameter:
        return Decimal(0)


def public(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """The public evaluation (评议) of the year closing last in the cycle's region."""
    survey = (EvaluationCycle.objects.filter(region=cycle.region, closes_on__year=cycle.year)
              .order_by("-closes_on", "-id").first())
    if survey is None:
        return None, {}
    row = next((s for s in public_scores(survey) if s.agency_id == agency.pk), None)
    if row is None or row.score is None:
        return None, {"survey": survey.pk}
    return two(Decimal(row.score)), {"survey": survey.pk, "answers": row.answers}


def manual(cycle: Cycle, agency: Agency, period: Period, indicator: Indicator) -> Measured:
    """A score given by hand (file review, reversals, others): None until given."""
    given = ManualScore.objects.filter(cycle=cycle, agency=agency, indicator_code=indicator.code).first()
    return (None, {}) if given is None else (two(given.value), {"manual": True})


MEASURES: dict[str, Callable[[Cycle, Agency, Period, Indicator], Measured]] = {
    IndicatorKind.DEADLINES: deadlines,
    IndicatorKind.LEGAL_REVIEW: legal_review,
    IndicatorKind.PUBLICATION: publication,
    IndicatorKind.COMPLAINTS: complaints,
    IndicatorKind.CERTIFICATES: certificates,
    IndicatorKind.TRAINING: training,
    IndicatorKind.PUBLIC: public,
    IndicatorKind.FILE_REVIEW: manual,
    IndicatorKind.REVERSAL: manual,
    IndicatorKind.MANUAL: manual,
}


def in_force(day: dt.date) -> list[Indicator]:
    """The indicators (with their weights) in force on `day`."""
    return list(Indicator.objects.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day),
                                         effective_from__lte=day).order_by("code"))


def weighted(parts: list[tuple[Indicator, Decimal | None]]) -> Decimal:
    """The weighted mean over the indicators measured (a weight without a measure is set aside,
    not scored zero: an agency with no complaints is not punished for it)."""
    weights = sum((i.weight for i, v in parts if v is not None), Decimal(0))
    if weights == 0:
        return Decimal("0.00")
    return two(sum((i.weight * v for i, v in parts if v is not None), Decimal(0)) / weights)
