"""Scheduled work as reviewed data: each app declares its `Planned` tasks in code, and a
post-migrate step makes django-q2's Schedule rows match them (by name, idempotently).

So the schedule is changed by a commit, not by clicking in the admin, and every database that
is migrated — a fresh install, a restored backup, the test database — runs the same tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Planned:
    name: str  # unique; the Schedule row is found by it
    func: str  # dotted path of a function taking no arguments
    schedule_type: str  # django_q's Schedule.HOURLY, DAILY, MINUTES …
    minutes: int | None = None  # for Schedule.MINUTES


def ensure(planned: Iterable[Planned]) -> int:
    """Create or correct the Schedule rows for `planned`; returns how many were written."""
    from django_q.models import Schedule  # the app registry is ready when this runs

    if Schedule._meta.db_table not in connection.introspection.table_names():
        return 0  # django_q not migrated yet (a partial `migrate app N`): the next migrate does it
    written = 0
    for p in planned:
        wanted = {"func": p.func, "schedule_type": p.schedule_type, "minutes": p.minutes, "repeats": -1}
        row = Schedule.objects.filter(name=p.name).first()
        if row is None:
            Schedule.objects.create(name=p.name, next_run=timezone.now(), **wanted)
        elif any(getattr(row, k) != v for k, v in wanted.items()):
            Schedule.objects.filter(pk=row.pk).update(**wanted)
        else:
            continue
        written += 1
    return written
