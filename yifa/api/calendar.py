"""The time-limit calculator as an endpoint."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router

from yifa.api.schemas import DeadlineOut
from yifa.lib.errors import ActionError
from yifa.lib.workdays import DayUnit
from yifa.workcal.calendar import apply_rule, count_days

router = Router(tags=["法定期限"])


@router.get("/deadline", response=DeadlineOut, operation_id="compute_deadline")
def deadline(
    request: HttpRequest, start: dt.date, rule: str | None = None,
    days: int | None = None, unit: DayUnit = DayUnit.WORKING,
) -> DeadlineOut:
    """起算日不计入 / the start day is not counted. Give `rule`, or `days` with `unit`."""
    if rule:
        r = apply_rule(rule, start)  # no such rule in force then: UnknownRule, a refusal naming it
        d = r.deadline
        return DeadlineOut(due=d.due.isoformat(), provisional=d.provisional, calendar_version=d.calendar_version,
                           rule=r.rule.code, citation=r.rule.citation)
    if days is None or days < 0:
        raise ActionError("请给出规则或非负的天数。", "Give a rule or a non-negative number of days.", field="days")
    d = count_days(start, days, unit)
    return DeadlineOut(due=d.due.isoformat(), provisional=d.provisional, calendar_version=d.calendar_version)
