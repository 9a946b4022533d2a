"""The party's remedy periods after a decision is served, computed once for every caller (the
enforcement of a decision, and the documents that tell the party its dates):

- reconsideration: rule `APL_RECONSIDERATION` (60 days from receipt, 行政复议法 20);
- lawsuit: parameter `ENF_LAWSUIT_MONTHS` (6 months, 行政诉讼法 46);
- the court application: `ENF_COURT_APPLICATION_MONTHS` (3 months, ACL 53) after both lapse.

A period counted in months ends on the corresponding day of the last month, or on its last day
where it has none (民法典 202); a last day that is not a working day moves to the next working day
(民法典 203) — idempotent for a rule that already rolls over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yifa.lib import workdays
from yifa.lib.workdays import add_months
from yifa.workcal.calendar import apply_rule, load_calendar
from yifa.workcal.parameters import parameter_on

RECONSIDERATION_RULE = "APL_RECONSIDERATION"
LAWSUIT_MONTHS = "ENF_LAWSUIT_MONTHS"
COURT_MONTHS = "ENF_COURT_APPLICATION_MONTHS"


def roll_over(day: dt.date) -> dt.date:
    """A last day that is not a working day moves to the next working day (民法典 203)."""
    return workdays.roll_over(day, load_calendar()).due


@dataclass(frozen=True)
class RemedyLapses:
    reconsideration: dt.date
    lawsuit: dt.date
    court_until: dt.date
    #: The periods as the law states them (for the documents' words): 60 (days), 6 (months).
    reconsideration_days: int = 60
    lawsuit_months: int = 6


def remedy_lapses(decision_served_on: dt.date) -> RemedyLapses:
    """When the party's reconsideration and lawsuit periods lapse, and the last day to apply to the
    court (3 months after the later of the two lapses)."""
    rule = apply_rule(RECONSIDERATION_RULE, decision_served_on)
    reconsideration = roll_over(rule.deadline.due)
    months = int(parameter_on(LAWSUIT_MONTHS, decision_served_on))
    lawsuit = roll_over(add_months(decision_served_on, months))
    lapsed = max(reconsideration, lawsuit)
    court_until = roll_over(add_months(lapsed, int(parameter_on(COURT_MONTHS, lapsed))))
    return RemedyLapses(reconsideration, lawsuit, court_until, rule.rule.count, months)
