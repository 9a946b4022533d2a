"""The sweep's schedule (django-q2; yifa.lib.schedules): hourly."""

from __future__ import annotations

from django_q.models import Schedule

from yifa.lib.schedules import Planned
from yifa.supervision.sweep import sweep

SCHEDULES = (Planned("supervision-sweep-hourly", "yifa.supervision.tasks.run_sweep", Schedule.HOURLY),)


def run_sweep() -> str:
    c = sweep()
    return f"created {c.created}, reopened {c.reopened}, resolved {c.resolved}, firing {c.firing}"
