"""Licensing's scheduled work (django-q2, as yifa.audit.tasks): once a day, what the law makes
happen when the agency does not act — deemed acceptance (ALL art. 32) and deemed renewal (ALL
art. 50). Both sweeps are compare-and-set per row: safe when two workers run them at once."""

from __future__ import annotations

from django.utils import timezone
from django_q.models import Schedule

from yifa.lib.schedules import Planned
from yifa.licensing import actions

SCHEDULES = (Planned("licensing-deemed-daily", "yifa.licensing.tasks.deem_daily", Schedule.DAILY),)


def deem_daily() -> str:
    today = timezone.localdate()
    accepted = actions.deem_accepted_if_overdue(today)
    renewed = actions.deem_renewals_granted(today)
    return f"deemed accepted: {accepted}; deemed renewed: {renewed}"
