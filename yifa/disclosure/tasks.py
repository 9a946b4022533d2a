"""The publication lifecycle's scheduled work (django-q2; yifa.lib.schedules): records whose term
has ended are taken down every day, and records of revoked decisions still up are withdrawn. Safe to run twice at once: a record taken down is no longer
released, and the step's version check refuses the second taker."""

from __future__ import annotations

from django_q.models import Schedule

from yifa.disclosure.actions import sweep_revoked, take_down_expired
from yifa.lib.schedules import Planned

SCHEDULES = (Planned("disclosure-take-down-daily", "yifa.disclosure.tasks.take_down", Schedule.DAILY),)


def take_down() -> str:
    """Records whose term ended come down; records of revoked decisions still up (their automatic
    withdrawal failed) are withdrawn."""
    return f"{take_down_expired()} taken down, {sweep_revoked()} withdrawn"
