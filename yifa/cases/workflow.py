"""The step executor every case action uses: lock, check, change, record — in one transaction.

Two people acting on one case: the row is locked (SELECT … FOR UPDATE; SQLite's BEGIN
IMMEDIATE), and a caller holding an older `version` of the case is refused, so only the
first of two concurrent steps succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases.models import Case, CaseStep, Status
from yifa.lib.errors import ActionError

Guard = Callable[[Case], None]


def refuse(zh: str, en: str, rule: str = "", field: str | None = None) -> ActionError:
    """A refusal that names the rule: "…（行政处罚法第四十二条）"."""
    return ActionError(f"{zh}（{rule}）" if rule else zh, f"{en} ({rule})" if rule else en, field=field, rule=rule or None)


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
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.version != case.version:
            raise ActionError("案件已被他人更新，请刷新后重试。", "Someone else has updated this case; reload and try again.")
        if current.status not in allowed_from:
            raise ActionError(
                f"案件当前为“{status_label(current.status)}”，不能{step_name or step}。",
                f"The case is '{current.status}'; '{step}' is not possible now.",
            )
        for guard in guards:
            guard(current)
        # Steps happen in order: none may be dated before the one recorded last (the statutory
        # gates above give the more specific refusal where one applies).
        latest = current.steps.order_by("-on_date").values_list("on_date", flat=True).first()
        if latest and on_date < latest:
            raise ActionError(f"办理日期不能早于上一环节的日期（{latest}）。",
                              f"A step cannot be dated before the previous one ({latest}).", field="on_date")
        before = snapshot(current)
        if change is not None:
            change(current)
        from_status = current.status
        if to_status is not None:
            current.status = to_status
        current.version += 1
        current.save()
        CaseStep.objects.create(
            case=current, step=step, from_status=from_status, to_status=current.status, at=timezone.now(),
            on_date=on_date, actor=acting_user, note=note, data=data or {},
        )
        after = snapshot(current)
        record(f"case.{step}", current, acting_user=acting_user,
               before={k: v for k, v in before.items() if after.get(k) != v},
               after={k: v for k, v in after.items() if before.get(k) != v} | {"step": step})
    return current
