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

from yifa.lib import workdays
from yifa.lib.workdays import add_months
from yifa.workcal.calendar import apply_rule, load_calendar
from yifa.workcal.parameters import parameter_on

REMINDER_RULE = "ACL_REMINDER"
COURT_FILING_RULE = "ACL_COURT_FILING"
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


def remedy_lapses(decision_served_on: dt.date) -> RemedyLapses:
    """When the party's reconsideration and lawsuit periods lapse, and the last day to apply to the
    court (3 months after the later of the two lapses)."""
    reconsideration = roll_over(apply_rule(RECONSIDERATION_RULE, decision_served_on).deadline.due)
    lawsuit = roll_over(add_months(decision_served_on, int(parameter_on(LAWSUIT_MONTHS, decision_served_on))))
    lapsed = max(reconsideration, lawsuit)
    court_until = roll_over(add_months(lapsed, int(parameter_on(COURT_MONTHS, lapsed))))
    return RemedyLapses(reconsideration, lawsuit, court_until)


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
