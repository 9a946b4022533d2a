"""Legal parameters (thresholds, rates, requirements) as effective-dated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yifa.lib import refcache
from yifa.workcal.dated import version_on, versions_by_code
from yifa.workcal.models import LegalParameter


class UnknownParameter(LookupError):
    pass


def parameter_row(code: str, day: dt.date) -> LegalParameter:
    versions = refcache.cached("legal_parameters", lambda: versions_by_code(LegalParameter.objects.all()))
    row = version_on(versions.get(code, ()), day)
    if row is None:
        raise UnknownParameter(code)
    return row


def parameter_on(code: str, day: dt.date) -> Decimal:
    """The value of parameter `code` in force on `day`."""
    return parameter_row(code, day).value
