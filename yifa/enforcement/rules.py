"""The periods of enforcement, from rules and parameters stored as data (each with its citation):

- the reminder's period: `ACL_REMINDER` (10 working days, ACL 35, 54, 69) from its service;
- the court may be applied to from the day after `ACL_COURT_FILING` (10 working days after the
  reminder was served, ACL 54);
- the party's remedies lapse: reconsideration `APL_RECONSIDERATION` (60 days from receipt of the
  decision, 行政复议法 20), lawsuit `ENF_LAWSUIT_MONTHS` (6 months, 行政诉讼法 46);
- the court application within `ENF_COURT_APPLICATION_MONTHS` (3 months, ACL 53) after they lapse.

A period counted in months ends on the corresponding day of the last month, or on its last day
where it has none (民法典 202); a period whose last day is not a working day ends on the next
working day (民法典 203; statutes.md §1) — applied here to the month periods and the calendar-day
period alike (idempotent: a rule that already rolls over is not moved again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yifa.lib.workdays import add_months
from yifa.workcal.calendar import apply_rule
from yifa.workcal.remedies import (
    COURT_MONTHS,
    LAWSUIT_MONTHS,
    RECONSIDERATION_RULE,
    RemedyLapses,
    remedy_lapses,
    roll_over,
)

REMINDER_RULE = "ACL_REMINDER"
COURT_FILING_RULE = "ACL_COURT_FILING"
__all__ = [
    "COURT_MONTHS",
    "LAWSUIT_MONTHS",
    "RECONSIDERATION_RULE",
    "RemedyLapses",
    "add_months",
    "remedy_lapses",
    "reminder_period",
    "roll_over",
]  # the remedies are computed once, in yifa.workcal.remedies


@dataclass(frozen=True)
class ReminderPeriod:
    due: dt.date
    court_from: dt.date
    calendar_version: str


def reminder_period(served_on: dt.date) -> ReminderPeriod:
    """The reminder's period (working days) and the first day the court may be applied to: the day
    after the 10 days (ACL 54: "催告书送达十日后")."""
    reminder = apply_rule(REMINDER_RULE, served_on).deadline
    filing = apply_rule(COURT_FILING_RULE, served_on).deadline
    return ReminderPeriod(reminder.due, filing.due + dt.timedelta(days=1), reminder.calendar_version)
