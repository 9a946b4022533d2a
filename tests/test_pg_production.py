"""PostgreSQL as production runs it: bulk rows by COPY stored exactly as by INSERT, statistics
refreshed after a bulk load, the connection pool switch and `yifa pgtune`.

The PostgreSQL tests run when the suite runs on PostgreSQL (YIFA_DATABASE_URL set), as in CI's
last pass; on SQLite they are skipped and the SQLite side of each feature is tested instead."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test.utils import CaptureQueriesContext

from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.cases.models import Case, CaseOfficer, CaseStep
from yifa.demo.cases import bulk_cases
from yifa.lib import bulk

on_pg = pytest.mark.skipif("__import__('django.db').db.connection.vendor != 'postgresql'",
                           reason="PostgreSQL only (YIFA_DATABASE_URL)")
on_sqlite = pytest.mark.skipif("__import__('django.db').db.connection.vendor != 'sqlite'", reason="SQLite only")


class _Rollback(Exception):
    pass


def _content(rows: models.QuerySet[Any], *order: str) -> list[tuple[Any, ...]]:
    """Every row's every column but the sequence-made id, in a stable order."""
    columns = [f.attname for f in rows.model._meta.concrete_fields if not f.primary_key]
    return list(rows.order_by(*order).values_list(*columns))


def _inserted(monkeypatch: pytest.MonkeyPatch, copy_min_rows: int, write: Any) -> tuple[Any, int]:
    """Run `write()` with COPY from `copy_min_rows` rows on; read back what it stored and roll it
    back. Also returns how many INSERT statements went through Django's cursor."""
    monkeypatch.setattr(bulk, "COPY_MIN_ROWS", copy_min_rows)
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            stored = write()
            raise _Rollback
    except _Rollback:
        pass
    return stored, sum("INSERT INTO" in q["sql"] for q in queries.captured_queries)


AWKWARD_TEXT = ["", "tab\there", "new\nline", "back\\slash", r"\N", "中文，全角（括号）", "emoji 🙂", "quote ' \" ,"]


@on_pg
@pytest.mark.django_db
def test_copy_stores_what_insert_stores(monkeypatch):
    """COPY's text format has its own escaping (tabs, newlines, backslashes, \\N for NULL): the
    same rows through COPY and through INSERT read back identical, JSON and time stamps included."""
    at = dt.datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=dt.UTC)
    rows = [("copy-test", k + 1, at + dt.timedelta(seconds=k), None, text, "case.x", "cases.Case", str(k), None,
             {"text": text, "n": k, "nested": [1, None, True, {"k": text}]} if k % 3 else None, [text, k],
             "0" * 64, f"{k:064x}")
            for k, text in enumerate(AWKWARD_TEXT * 20)]
    columns = ("chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id", "agency_id",
               "before", "after", "prev_hash", "hash")

    def write() -> list[tuple[Any, ...]]:
        bulk.insert_rows(AuditEvent, columns, rows)
        return _content(AuditEvent.objects.filter(chain="copy-test"), "seq")

    by_copy, copy_inserts = _inserted(monkeypatch, 100, write)
    by_insert, insert_inserts = _inserted(monkeypatch, 10**9, write)
    assert (copy_inserts, insert_inserts) == (0, 1)  # each path really ran
    assert len(by_copy) == len(rows)
    assert by_copy == by_insert
    assert by_copy[1][9] == {"text": "tab\there", "n": 1, "nested": [1, None, True, {"k": "tab\there"}]}
    assert by_copy[4][4] == r"\N"  # a backslash-N string, not NULL


@on_pg
@pytest.mark.django_db
def test_bulk_cases_by_copy_are_the_insert_paths_cases(monkeypatch):
    """The same seed at the same moment writes the same cases, crews, steps and audit events
    (hashes included) whether PostgreSQL takes them by COPY or by INSERT."""
    call_command("demo", "--seed", "5", stdout=StringIO())

    def write() -> dict[str, list[tuple[Any, ...]]]:
        with time_machine.travel(dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC), tick=False):
            bulk_cases(150, seed=3, chunk=120)
        assert verify().ok
        return {"cases": _content(Case.objects, "id"), "crews": _content(CaseOfficer.objects, "case_id", "officer_id"),
                "steps": _content(CaseStep.objects, "case_id", "step", "at"),
                "events": _content(AuditEvent.objects, "chain", "seq")}

    by_copy, copy_inserts = _inserted(monkeypatch, 100, write)
    by_insert, insert_inserts = _inserted(monkeypatch, 10**9, write)
    # The first chunk's four bulk writes (cases, crews, steps, events: 120+ rows each) went by
    # COPY; the second chunk's 30 cases by INSERT either way.
    assert insert_inserts - copy_inserts == 4
    for table in by_copy:
        assert by_copy[table] == by_insert[table], table
    assert len(by_copy["cases"]) == Case.objects.count() + 150


@on_pg
@pytest.mark.django_db(transaction=True)
def test_bulk_cases_end_with_vacuum_analyze():
    call_command("demo", "--seed", "5", stdout=StringIO())
    call_command("demo", "--cases", "300", "--seed", "9", stdout=StringIO())
    with connection.cursor() as cur:
        # Only VACUUM sets pages all-visible; only ANALYZE fills pg_stats.
        cur.execute("SELECT relallvisible FROM pg_class WHERE relname = 'cases_case'")
        assert cur.fetchone()[0] > 0
        cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'cases_case' AND attname = 'agency_id'")
        assert cur.fetchone()[0] == 1


@pytest.mark.django_db
def test_statistics_refreshed_inside_a_transaction():
    """Inside a transaction (VACUUM cannot run there) the refresh is ANALYZE on either database."""
    with transaction.atomic():
        assert bulk.refresh_statistics(Case) == "ANALYZE"


@on_sqlite
@pytest.mark.django_db
def test_bulk_cases_analyze_on_sqlite():
    call_command("demo", "--seed", "5", stdout=StringIO())
    call_command("demo", "--cases", "300", "--seed", "9", stdout=StringIO())
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
        assert cur.fetchone()[0] > 0
