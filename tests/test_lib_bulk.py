"""yifa.lib.bulk's UPDATE by primary key and yifa.lib.rows' keyed read, on whichever database the
suite runs (SQLite by default; PostgreSQL with YIFA_DATABASE_URL): one UPDATE … FROM (VALUES …)
per few hundred rows on SQLite, one UPDATE … FROM unnest(arrays) per batch on PostgreSQL, the same
rows changed; and multi-row INSERTs cut into statements the driver takes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from yifa.cases.models import Case
from yifa.lib import bulk
from yifa.lib.rows import select_in

pytestmark = pytest.mark.django_db
D = dt.date
M = Decimal
COLUMNS = ["paid_on", "decided_fine", "stage_rule", "stage_due", "version", "decided_types", "penalty_effects"]


@pytest.fixture
def cases(agency_a, penalty_power, officer_a):
    return [Case.objects.create(
        agency=agency_a, power=penalty_power, title=f"案件{i}", source="inspection", registered_on=D(2026, 9, 1),
        party_kind="organisation", party_name=f"当事人{i}", act_ended_on=D(2026, 8, 1), discovered_on=D(2026, 8, 2),
        status="served", decided_fine=M(1000 + i),
        stage_rule="APL_PAYMENT", stage_due=D(2026, 10, 15), created_by=officer_a) for i in range(4)]


def _stored(*pks: int) -> list[tuple[object, ...]]:
    return [Case.objects.filter(pk=pk).values_list(*COLUMNS).get() for pk in pks]


@pytest.mark.parametrize("adapted", [False, True])
def test_update_rows_sets_each_rows_own_values(cases, adapted):
    a, b, c, d = cases
    rows = [(a.pk, D(2026, 10, 9), M("12.30"), "", None, 3, ["fine"], {"fine": "罚款", "n": [1, None]}),
            (b.pk, None, M("0.01"), "引号'\"与\\反斜杠", D(2026, 11, 1), 7, [], None)]
    if adapted:
        adapt = bulk.adapter()
        rows = [(pk, *(adapt(v) for v in values)) for pk, *values in rows]
    bulk.update_rows(Case, COLUMNS, rows, adapted=adapted)
    assert _stored(a.pk, b.pk) == [(D(2026, 10, 9), M("12.30"), "", None, 3, ["fine"], {"fine": "罚款", "n": [1, None]}),
                                   (None, M("0.01"), "引号'\"与\\反斜杠", D(2026, 11, 1), 7, [], None)]
    # The rows not named are untouched.
    assert _stored(c.pk, d.pk) == [(None, M(1002), "APL_PAYMENT", D(2026, 10, 15), c.version, [], c.penalty_effects),
                                   (None, M(1003), "APL_PAYMENT", D(2026, 10, 15), d.version, [], d.penalty_effects)]


def test_update_rows_is_one_statement_per_batch(cases):
    rows = [(c.pk, D(2026, 10, 9)) for c in cases]
    with CaptureQueriesContext(connection) as queries:
        bulk.update_rows(Case, ["paid_on"], rows)
    updates = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert len(updates) == 1
    assert ("unnest(" if connection.vendor == "postgresql" else "FROM (VALUES") in updates[0]
    assert set(Case.objects.values_list("paid_on", flat=True)) == {D(2026, 10, 9)}


def test_update_rows_over_several_statements_sets_every_row(cases, monkeypatch):
    """On SQLite a batch longer than one statement takes is cut (here 3 rows a statement, so
    4 rows make a full statement and a short one); each row keeps its own values."""
    monkeypatch.setattr(bulk, "SQLITE_ROWS_PER_STATEMENT", 3)
    rows = [(c.pk, M(f"{i}.5"), f"规则{i}") for i, c in enumerate(cases)]
    with CaptureQueriesContext(connection) as queries:
        bulk.update_rows(Case, ["decided_fine", "stage_rule"], rows)
    updates = [q for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert len(updates) == (1 if connection.vendor == "postgresql" else 2)
    assert [Case.objects.values_list("decided_fine", "stage_rule").get(pk=c.pk) for c in cases] == [
        (M(f"{i}.5"), f"规则{i}") for i in range(4)]


def test_update_rows_refuses_a_key_twice_and_changes_nothing(cases):
    a = cases[0]
    with pytest.raises(ValueError, match="twice"), transaction.atomic():
        bulk.update_rows(Case, ["decided_fine"], [(a.pk, M(1)), (a.pk, M(2))])
    assert _stored(a.pk)[0][1] == M(1000)


def test_update_rows_with_no_rows_runs_nothing(cases):
    with CaptureQueriesContext(connection) as queries:
        bulk.update_rows(Case, ["paid_on"], [])
    assert queries.captured_queries == []


def test_select_in_checks_the_equal_columns_and_the_nulls(cases, agency_b):
    a, b, c, _d = cases
    Case.objects.filter(pk=b.pk).update(status="closed")
    Case.objects.filter(pk=c.pk).update(paid_on=D(2026, 10, 9))
    rows = select_in(Case, ("id", "decided_fine"), "id", [x.pk for x in cases[:3]] + [10**9],
                     nulls={"paid_on": True}, status="served")
    assert rows == [[a.pk, M(1000)]]
    assert select_in(Case, ("id",), "id", [a.pk], agency_id=agency_b.pk) == []


def _index_conditions(plan: object) -> list[str]:
    """Every index condition (and recheck) in an EXPLAIN (FORMAT JSON) plan."""
    found: list[str] = []
    if isinstance(plan, dict):
        found += [v for k, v in plan.items() if k in ("Index Cond", "Recheck Cond")]
        for v in plan.values():
            found += _index_conditions(v)
    elif isinstance(plan, list):
        for v in plan:
            found += _index_conditions(v)
    return found


def test_select_in_looks_rows_up_by_the_in_columns_index_only(cases):
    """The checked columns are no index condition on either database (`+col` on SQLite, `(col =
    %s) IS TRUE` on PostgreSQL): without statistics the planners ANDed a whole status or agency
    index to the few keys wanted."""
    with CaptureQueriesContext(connection) as queries:
        select_in(Case, ("id",), "id", [c.pk for c in cases], lock=True, status="served", agency_id=cases[0].agency_id)
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # A handful of rows is read whole; made to choose an index, the planner shows which.
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cur.fetchone()[0]
            conditions = _index_conditions(json.loads(raw) if isinstance(raw, str) else raw)
            assert conditions
            assert all("status" not in c and "agency_id" not in c for c in conditions)
        else:
            cur.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cur.fetchall())
            assert "PRIMARY KEY" in plan or "INTEGER PRIMARY KEY" in plan
            assert "status" not in plan
            assert "agency" not in plan


def test_insert_rows_in_several_statements_keeps_every_value(cases, monkeypatch):
    """Multi-row INSERTs: a full statement of rows, then a short one; NULLs, quotes, JSON and
    decimals stored as the ORM stores them, on both paths (the PostgreSQL COPY from 100 rows)."""
    from yifa.cases.models import CaseStep

    monkeypatch.setattr(bulk, "SQLITE_ROWS_PER_STATEMENT", 4)
    a = cases[0]
    columns = ["case_id", "step", "from_status", "to_status", "at", "on_date", "actor_id", "note", "data"]
    at = dt.datetime(2026, 10, 9, 8, 30, tzinfo=dt.UTC)
    rows = [[a.pk, "payment", "served", "served", at, D(2026, 10, 1 + i), None if i % 2 else a.created_by_id,
             f"注'\"{i}", {"n": i, "v": ["1.50", None]} if i % 3 else {}] for i in range(6)]
    for count in (6, 120):  # 120: PostgreSQL's COPY path
        CaseStep.objects.filter(case=a).delete()
        many = [[*row[:7], f"{row[7]}-{k}", row[8]] for k in range(count // 6) for row in rows]
        with CaptureQueriesContext(connection) as queries:
            bulk.insert_rows(CaseStep, columns, many)
        stored = list(CaseStep.objects.filter(case=a).order_by("pk").values_list("on_date", "actor_id", "note", "data"))
        assert stored == [(row[5], row[6], row[7], row[8]) for row in many]
        if connection.vendor == "sqlite":
            assert len([q for q in queries.captured_queries if "INSERT" in q["sql"]]) == -(-count // 4)
