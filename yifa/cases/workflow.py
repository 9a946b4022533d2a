"""The step executor every case action uses: lock, check, change, record — in one transaction
(yifa.workflow.stepper), with the case's full-process record.

Two people acting on one case: the row is locked (SELECT … FOR UPDATE; SQLite's BEGIN
IMMEDIATE), and a caller holding an older `version` of the case is refused, so only the
first of two concurrent steps succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.utils import timezone

from yifa.cases.models import Case, CaseStep, Status
from yifa.lib.bulk import insert_rows
from yifa.lib.errors import ActionError
from yifa.lib.rows import latest_date
from yifa.workflow.stepper import guarded_step

Guard = Callable[[Case], None]


# The full-process record is written on every step: plain SQL, not the ORM's per-object work.
_STEP_COLUMNS = ["case_id", "step", "from_status", "to_status", "at", "on_date", "actor_id", "note", "data"]


def latest_step_date(case_id: int) -> dt.date | None:
    """The date of the case's latest step (one indexed MAX)."""
    return latest_date(CaseStep, "on_date", case_id=case_id)


def status_label(status: str) -> str:
    return str(Status(status).label)


def run_step(
    case: Case,
    step: str,
    *,
    acting_user: Any,
    allowed_from: Collection[str],
    to_status: str | None,
    on_date: dt.date,
    guards: Iterable[Guard] = (),
    change: Callable[[Case], None] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    step_name: str = "",
) -> Case:
    """One step of a case: `guarded_step` plus the case's own record of it (CaseStep)."""

    def in_order(c: Case) -> None:
        # Steps happen in order: none may be dated before the one recorded last. It runs after
        # the statutory gates, which give the more specific refusal where one applies.
        latest = latest_step_date(c.pk)
        if latest and on_date < latest:
            raise ActionError(f"办理日期不能早于上一环节的日期（{latest}）。",
                              f"A step cannot be dated before the previous one ({latest}).", field="on_date")

    def keep(c: Case, from_status: str) -> None:
        insert_rows(CaseStep, _STEP_COLUMNS, [[c.pk, step, from_status, c.status, timezone.now(), on_date,
                                               getattr(acting_user, "pk", None), note, data or {}]])

    return guarded_step(case, step, acting_user=acting_user, allowed_from=allowed_from, to_status=to_status,
                        guards=[*guards, in_order], change=change, keep_record=keep, step_name=step_name)
