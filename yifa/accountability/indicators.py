"""What the accountability records feed elsewhere (reads only): the reversal rate of an agency's
decisions (复议纠错率/诉讼败诉率) and the sanctions its officers received, for the evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yifa.accountability.models import REVERSING, Inquiry, InquiryStatus, Outcome, Remedy, Responsible


@dataclass(frozen=True)
class Reversal:
    concluded: int
    reversed: int

    @property
    def rate(self) -> Decimal | None:
        """Reversed ÷ concluded (None: nothing concluded in the period)."""
        return (Decimal(self.reversed) / self.concluded).quantize(Decimal("0.0001")) if self.concluded else None


def reversal_rate(agency: Any, period: tuple[dt.date, dt.date]) -> Reversal:
    """The agency's remedies concluded in [start, end]: how many changed, revoked or confirmed
    unlawful the decision."""
    start, end = period
    qs = Remedy.objects.filter(agency_id=getattr(agency, "pk", agency), concluded_on__range=(start, end)).exclude(
        outcome=Outcome.PENDING)
    return Reversal(qs.count(), qs.filter(outcome__in=REVERSING).count())


def sanctions_in(agency: Any, period: tuple[dt.date, dt.date]) -> int:
    """Sanctions decided against the agency's people in [start, end] (exemptions do not count)."""
    start, end = period
    return (Responsible.objects.filter(inquiry__agency_id=getattr(agency, "pk", agency),
                                       inquiry__status=InquiryStatus.DECIDED,
                                       inquiry__decided_on__range=(start, end))
            .exclude(sanction="").count())


__all__ = ["Inquiry", "Reversal", "reversal_rate", "sanctions_in"]
