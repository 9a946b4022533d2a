"""Legal parameters (thresholds, rates, requirements) as effective-dated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from yifa.lib import refcache
from yifa.lib.errors import ActionError
from yifa.workcal.dated import version_on, versions_by_code
from yifa.workcal.models import LegalParameter


class UnknownParameter(ActionError, LookupError):
    """No version of a legal parameter is in force on the day asked about: a refusal (400) that
    names the parameter, never a crash."""

    def __init__(self, code: str, day: dt.date) -> None:
        super().__init__(f"{day.isoformat()}没有施行中的法定参数“{code}”，无法办理该日期的事项；请核对日期或由法制机构录入该参数。",
                         f"No legal parameter '{code}' is in force on {day.isoformat()}; check the date, or have the "
                         f"legal office enter the parameter.", field=None)
        self.code, self.day = code, day


def parameter_row(code: str, day: dt.date) -> LegalParameter:
    versions = refcache.cached("legal_parameters", lambda: versions_by_code(LegalParameter.objects.all()))
    row = version_on(versions.get(code, ()), day)
    if row is None:
        raise UnknownParameter(code, day)
    return row


def parameter_on(code: str, day: dt.date) -> Decimal:
    """The value of parameter `code` in force on `day`."""
    return parameter_row(code, day).value
