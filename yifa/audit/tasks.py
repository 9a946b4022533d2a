"""The audit chain's scheduled work (run by django-q2's cluster, see yifa.audit.apps).

Several clusters may run the same schedule at once (two servers, or a restart overlapping
the old worker); each task is therefore safe to run concurrently.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError
from django_q.models import Schedule, Task

from yifa.audit.chain import seal, verify
from yifa.audit.models import AuditSeal
from yifa.lib.schedules import Planned

log = logging.getLogger(__name__)

SCHEDULES = (
    Planned("audit-seal-hourly", "yifa.audit.tasks.seal_chains", Schedule.HOURLY),
    Planned("audit-verify-daily", "yifa.audit.tasks.verify_chains", Schedule.DAILY),
)

_ATTEMPTS = 5


def seal_chains() -> str:
    """Seal all chain heads; the hash of the new seal."""
    return seal_retrying().hash


def seal_retrying() -> AuditSeal:
    """A new seal, even when another worker (or a person at the command line) seals at the same time.

    `seal()` is compare-and-set (a seal's prev_hash is unique): when another worker sealed
    first, our insert fails, nothing is written, and we seal again on top of theirs.
    """
    for _ in range(_ATTEMPTS - 1):
        try:
            return seal()
        except IntegrityError:
            log.info("another worker sealed first; sealing again on top of it")
    return seal()


def verify_chains() -> str:
    """Walk every chain; a break fails the task (recorded in django-q's failed tasks) and is logged."""
    verdict = verify()
    if not verdict.ok:
        log.error("audit chain broken after %d good events: %s", verdict.count, verdict.problem)
        raise RuntimeError(f"audit chain broken: {verdict.problem}")
    return f"OK {verdict.count} events"


def last_verification() -> dict[str, object] | None:
    """The last scheduled verification's outcome: when it ended, whether it passed, what it said."""
    found = (Task.objects.filter(func="yifa.audit.tasks.verify_chains").order_by("-stopped")
             .values("stopped", "success", "result").first())
    return dict(found) if found else None
