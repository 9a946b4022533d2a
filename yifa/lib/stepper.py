"""A guarded state change for any record with `status` and `version` columns.

Lock the row, refuse a caller holding an older version (two people, one record: only the
first wins), check the status and the gates, change, bump the version, keep the step's own
record and the audit event — in one transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from yifa.audit.record import record, snapshot
from yifa.lib.errors import ActionError
from yifa.lib.rows import locked_row, update_columns

if TYPE_CHECKING:
    from yifa.accounts.models import User

M = TypeVar("M", bound=models.Model)


def guarded_step(
    obj: M,
    step: str,
    *,
    acting_user: User | None,
    allowed_from: Collection[str],
    to_status: str | None,
    guards: Iterable[Callable[[M], None]] = (),
    change: Callable[[M], None] | None = None,
    keep_record: Callable[[M, str], None],
    step_name: str = "",
) -> M:
    model = type(obj)
    noun_zh, noun_en = str(model._meta.verbose_name), str(model._meta.model_name)
    with transaction.atomic():
        current = locked_row(model, obj.pk)
        if current.version != obj.version:  # type: ignore[attr-defined]
            raise ActionError(f"{noun_zh}已被他人更新，请刷新后重试。",
                              f"Someone else has updated this {noun_en}; reload and try again.")
        status = current.status  # type: ignore[attr-defined]
        if status not in allowed_from:
            field: Any = model._meta.get_field("status")
            label = dict(field.choices or []).get(status, status)
            raise ActionError(f"{noun_zh}当前为“{label}”，不能{step_name or step}。",
                              f"The {noun_en} is '{status}'; '{step}' is not possible now.")
        for guard in guards:
            guard(current)
        # Copies of mutable values (JSON lists/dicts), so a change made in place still shows.
        before = {k: copy.deepcopy(v) if isinstance(v, list | dict) else v for k, v in snapshot(current).items()}
        if change is not None:
            change(current)
        if to_status is not None:
            current.status = to_status  # type: ignore[attr-defined]
        current.version += 1  # type: ignore[attr-defined]
        after = snapshot(current)
        changed = [k for k, v in after.items() if before.get(k) != v]
        # Only the changed columns: the same row, a much shorter UPDATE on a wide table.
        columns = {f.attname for f in model._meta.concrete_fields}
        update_columns(current, [k for k in changed if k in columns])
        keep_record(current, status)
        record(f"{model._meta.model_name}.{step}", current, acting_user=acting_user,
               before={k: before[k] for k in changed},
               after={k: after[k] for k in changed} | {"step": step})
    return current
