"""Is a decided case major (重大案件)? The criterion in force on the decision's day for its agency
(or the county default), and the thresholds the case meets, in words. Pure reads, no writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from yifa.filing.models import MajorCriterion
from yifa.workcal.dated import in_force

#: The deadline rule (workcal.DeadlineRule, seeded by filing 0002) for filing a major case.
FILING_RULE = "MAJOR_CASE_FILING"


def criterion_for(agency_id: int, day: dt.date) -> MajorCriterion | None:
    """The agency's own criterion in force on `day`, else the county default's."""
    rows = list(in_force(MajorCriterion.objects.filter(agency_id__in=[agency_id]), day)[:1]) or list(
        in_force(MajorCriterion.objects.filter(agency__isnull=True), day)[:1])
    return rows[0] if rows else None


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}元"


def grounds(case: Any, criterion: MajorCriterion) -> list[str]:
    """The thresholds of `criterion` that the decided penalty meets (empty: not major)."""
    found: list[str] = []
    fine = case.decided_fine or Decimal(0)
    limit = criterion.fine_organisation if case.party_kind == "organisation" else criterion.fine_individual
    if limit is not None and fine >= limit:
        found.append(f"罚款{_yuan(fine)}，不低于{_yuan(limit)}")
    confiscated = (case.decided_gains or Decimal(0)) + (case.decided_property_value or Decimal(0))
    if criterion.confiscation_value is not None and confiscated and confiscated >= criterion.confiscation_value:
        found.append(f"没收违法所得和非法财物价值{_yuan(confiscated)}，不低于{_yuan(criterion.confiscation_value)}")
    kinds = [k for k in (case.decided_types or []) if k in set(criterion.kinds)]
    if kinds:
        found.append("处罚种类：" + "、".join(kinds))
    return found
