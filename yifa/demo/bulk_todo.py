"""To-do items for bulk-generated cases, written set-based (INSERT … SELECT per status and
audience) instead of one record at a time: a million cases get theirs in seconds.

It reads the penalty procedure's declaration (which steps wait on whom in each status), as the
workflow core does, but without the per-record `offer_when` conditions: the generated cases are
plain enough (no hearings, no sent-back investigations) for the first step of each audience to
be the one a real step would have left. `yifa worklist rebuild` is the exact, slower way.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from yifa.cases.models import Case
from yifa.cases.procedure import PENALTY
from yifa.lib.bulk import refresh_statistics
from yifa.workflow.models import WorkItem

_COLUMNS = "kind, record_id, audience, agency_id, step, steps, title, url, due, since"


def _waiting_by_status() -> dict[str, list[tuple[str, list[str], frozenset[str]]]]:
    """Status → [(audience kind "crew" or "roles", steps, roles)], in declaration order."""
    out: dict[str, dict[tuple[str, frozenset[str]], list[str]]] = {}
    for step in PENALTY.steps.values():
        if not step.todo:
            continue
        audience = step.actor.audience or (PENALTY.worklist.audience if PENALTY.worklist else None)
        if audience is None:
            continue
        key = ("crew", frozenset()) if audience.people is not None else ("roles", audience.roles)
        if not audience.roles and audience.people is None:
            continue
        for status in step.sources:
            out.setdefault(status, {}).setdefault(key, []).append(step.name)
    return {s: [(k, steps, roles) for (k, roles), steps in by.items()] for s, by in out.items()}


def bulk_work_items(first_id: int, last_id: int) -> int:
    """The to-do items of the cases with ids in [first_id, last_id]. Returns the rows written."""
    url = reverse("cases:detail", kwargs={"pk": 0})
    prefix, suffix = url.split("0", 1)[0], url.rsplit("0", 1)[1]
    title = "SUBSTR(CASE WHEN c.number = '' THEN '（未立案）' ELSE c.number END || ' ' || c.title, 1, 200)"
    # A parameter reaches PostgreSQL as text; the column is jsonb.
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    written = 0
    table = WorkItem._meta.db_table
    with connection.cursor() as cur:
        for status, groups in _waiting_by_status().items():
            for kind, steps, roles in groups:
                common = (f"'cases.case', c.id, {{audience}}, c.agency_id, %s, {json_param}, {title}, "
                          f"%s || c.id || %s, c.stage_due, %s")
                params: list[Any] = [steps[0], json.dumps(steps), prefix, suffix, timezone.now()]
                if kind == "crew":
                    sql = (f"INSERT INTO {table} ({_COLUMNS}) SELECT "  # noqa: S608 -- table names, no input
                           + common.format(audience="'user:' || u.id")
                           + f" FROM {Case._meta.db_table} c JOIN cases_caseofficer co ON co.case_id = c.id "
                           "AND co.recused = %s JOIN accounts_user u ON u.officer_id = co.officer_id "
                           "WHERE c.id BETWEEN %s AND %s AND c.status = %s")
                    cur.execute(sql, [*params, False, first_id, last_id, status])
                    written += cur.rowcount
                for role in sorted(roles):
                    sql = (f"INSERT INTO {table} ({_COLUMNS}) SELECT "  # noqa: S608 -- table names, no input
                           + common.format(audience="'agency:' || c.agency_id || ':' || %s")
                           + f" FROM {Case._meta.db_table} c WHERE c.id BETWEEN %s AND %s AND c.status = %s")
                    cur.execute(sql, [role, *params, first_id, last_id, status])
                    written += cur.rowcount
    refresh_statistics(WorkItem)
    return written
