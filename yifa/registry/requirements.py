"""Yearly requirements on officers and agencies, measured against the legal parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from yifa.registry.models import Agency, Officer
from yifa.workcal.parameters import UnknownParameter, parameter_on


@dataclass(frozen=True)
class Measure:
    actual: Decimal
    required: Decimal | None  # None: no parameter in force, nothing to compare with

    @property
    def met(self) -> bool | None:
        return None if self.required is None else self.actual >= self.required


def _required(code: str, day: dt.date) -> Decimal | None:
    try:
        return parameter_on(code, day)
    except UnknownParameter:
        return None


def training_measure(officer: Officer, year: int) -> Measure:
    """Hours of training in `year` against the yearly requirement in force at its end."""
    hours = officer.training.filter(year=year).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return Measure(hours, _required("TRAINING_HOURS_PER_YEAR", dt.date(year, 12, 31)))


def reviewer_share_measure(agency: Agency, day: dt.date) -> Measure:
    """Qualified legal reviewers as a percentage of the agency's certified officers (3S: ≥ 5%)."""
    active = agency.officers.filter(status=Officer.Status.ACTIVE)
    total = active.count()
    reviewers = active.filter(is_legal_reviewer=True).count()
    share = (Decimal(reviewers) * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
    return Measure(share, _required("LEGAL_REVIEWER_MIN_SHARE", day))
