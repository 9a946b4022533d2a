"""Legal parameters (thresholds, rates, requirements) as effective-dated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yifa.workcal.dated import in_force
from yifa.workcal.models import LegalParameter


class UnknownParameter(LookupError):
    pass


def parameter_row(code: str, day: dt.date) -> LegalParameter:
    row = in_force(LegalParameter.objects.filter(code=code), day).first()
    if row is None:
        raise UnknownParameter(code)
    return row


def parameter_on(code: str, day: dt.date) -> Decimal:
    """The value of parameter `code` in force on `day`."""
    return parameter_row(code, day).value
