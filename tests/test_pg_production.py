"""PostgreSQL as production runs it: bulk rows by COPY stored exactly as by INSERT, statistics
refreshed after a bulk load, the connection pool switch and `yifa pgtune`.

The PostgreSQL tests run when the suite runs on PostgreSQL (YIFA_DATABASE_URL set), as in CI's
last pass; on SQLite they are skipped and the SQLite side of each feature is tested instead."""

from __future__ import annotations

import datetime as dt
import threading
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


AWKWARD_TEXT = ["", " padded ", "tab\there", "new\nline", "back\\slash", r"\N", "中文，全角（括号）", "emoji 🙂", "quote ' \" ,"]


@on_pg
@pytest.mark.django_db
def test_copy_stores_what_insert_stores(monkeypatch):
    """COPY's text format has its own escaping (tabs, newlines, backslashes, \\N for NULL): the
    same rows through COPY and through INSERT read back identical, JSON and time stamps included."""
    at = dt.datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=dt.UTC)
    rows = [("copy-test", k + 1, at + dt.timedelta(seconds=k), None, text, "case.x", "cases.Case", str(k), None,
             {"text": text, "n": k, "nested": [1, None, True, {"k": text}]} if k % 3 else None, [text, k],
             "0" * 64, f"{k:064x}", f'{{"seq":{k + 1}}}')
            for k, text in enumerate(AWKWARD_TEXT * 20)]
    columns = ("chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id", "agency_id",
               "before", "after", "prev_hash", "hash", "payload")

    def write() -> list[tuple[Any, ...]]:
        bulk.insert_rows(AuditEvent, columns, rows)
        return _content(AuditEvent.objects.filter(chain="copy-test"), "seq")

    by_copy, copy_inserts = _inserted(monkeypatch, 100, write)
    by_insert, insert_inserts = _inserted(monkeypatch, 10**9, write)
    assert (copy_inserts, insert_inserts) == (0, 1)  # each path really ran
    assert len(by_copy) == len(rows)
    assert by_copy == by_insert
    assert by_copy[2][9] == {"text": "tab\there", "n": 2, "nested": [1, None, True, {"k": "tab\there"}]}
    assert by_copy[5][4] == r"\N"  # a backslash-N string, not NULL


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


# --- the connection pool switch ------------------------------------------------------------

POOL_PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
db = settings.DATABASES["default"]
out = {"conn_max_age": db["CONN_MAX_AGE"], "pool": db.get("OPTIONS", {}).get("pool")}
if sys.argv[1:] == ["connect"]:
    for _ in range(3):
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        connection.close()  # with the pool: back to the pool, not closed
    out["pool_class"] = type(connection.pool).__name__
    out["stats"] = connection.pool.get_stats()
print(json.dumps(out))
"""


def _probe(env: dict[str, str], *args: str) -> dict[str, Any]:
    import json
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items() if not k.startswith("YIFA_DB_POOL")}
    environ |= {"DJANGO_SETTINGS_MODULE": "yifa.settings", "YIFA_CONN_MAX_AGE": "60"} | env
    done = subprocess.run([sys.executable, "-c", POOL_PROBE, *args], env=environ, capture_output=True, text=True,
                          timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pool_switch_sets_django_pool_and_no_persistent_connections():
    url = "postgres://yifa@127.0.0.1:5432/yifa"  # settings only: nothing connects
    on = _probe({"YIFA_DATABASE_URL": url, "YIFA_DB_POOL": "1", "YIFA_DB_POOL_MIN": "2", "YIFA_DB_POOL_MAX": "6"})
    assert on == {"conn_max_age": 0, "pool": {"min_size": 2, "max_size": 6, "timeout": 10.0}}
    off = _probe({"YIFA_DATABASE_URL": url})
    assert off == {"conn_max_age": 60, "pool": None}


def test_pool_switch_leaves_sqlite_alone(tmp_path):
    out = _probe({"YIFA_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "YIFA_DB_POOL": "1"})
    assert out == {"conn_max_age": 60, "pool": None}


@on_pg
def test_pool_serves_connections_on_postgresql():
    from django.conf import settings

    # The server's maintenance database, which exists wherever the server does (SELECT 1 only).
    db = settings.DATABASES["default"]
    login = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    out = _probe({"YIFA_DATABASE_URL": url, "YIFA_DB_POOL": "1", "YIFA_DB_POOL_MAX": "3"}, "connect")
    assert out["pool_class"] == "ConnectionPool"
    assert out["pool"]["max_size"] == 3
    # Three requests' connections were lent and given back: the pool connected once, or twice when
    # its background filler (min_size) raced the first request; without it, three connections.
    assert out["stats"]["requests_num"] == 3
    assert out["stats"]["connections_num"] <= 2


# --- yifa pgtune ---------------------------------------------------------------------------


class _Recorder:
    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.sql.append(sql)
        return execute(sql, params, many, context)


@on_pg
@pytest.mark.django_db
def test_pgtune_apply_sets_this_database_and_statistics_never_the_server():
    rec = _Recorder()
    out = StringIO()
    with connection.execute_wrapper(rec):
        call_command("pgtune", "--apply", stdout=out, stderr=StringIO())
    assert not [s for s in rec.sql if "ALTER SYSTEM" in s or "pg_reload_conf" in s]
    assert "ALTER SYSTEM" not in out.getvalue().split("statements run")[0]
    with connection.cursor() as cur:
        cur.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'cases_case'::regclass "
                    "AND attname IN ('agency_id', 'status') ORDER BY attname")
        assert [r[0] for r in cur.fetchall()] == [1000, 1000]
        cur.execute("SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                    "WHERE d.datname = current_database() AND s.setrole = 0")
        config = cur.fetchone()[0]
    assert "max_parallel_workers_per_gather=0" in config
    assert "jit=off" in config


@on_pg
@pytest.mark.django_db
def test_pgtune_prints_everything_and_changes_nothing():
    rec = _Recorder()
    out = StringIO()
    with connection.execute_wrapper(rec):
        call_command("pgtune", stdout=out)
    assert all(s.lstrip().upper().startswith("SELECT") or s.startswith("SHOW") for s in rec.sql), rec.sql
    text = out.getvalue()
    assert "ALTER SYSTEM SET max_parallel_workers_per_gather = '0';" in text
    assert "ALTER SYSTEM SET autovacuum = 'on';" in text
    assert f'ALTER DATABASE "{connection.settings_dict["NAME"]}" SET max_parallel_workers_per_gather = \'0\';' in text
    assert 'ALTER TABLE "cases_case" ALTER COLUMN "agency_id" SET STATISTICS 1000;' in text


@on_pg
@pytest.mark.django_db
def test_pgtune_system_only_with_apply():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--apply"):
        call_command("pgtune", "--system", stdout=StringIO())


@on_sqlite
@pytest.mark.django_db
def test_pgtune_refuses_sqlite_politely():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("pgtune", "--apply", stdout=StringIO())


def _numbered_cases() -> int:
    return Case.objects.exclude(number="").count()


def _counted_numbers() -> int:
    from yifa.documents.models import DocumentCounter

    return sum(DocumentCounter.objects.filter(kind__code="case_opening").values_list("last", flat=True))


@on_pg
@pytest.mark.django_db(transaction=True)
def test_bulk_cases_write_each_chunk_on_a_second_connection(monkeypatch):
    """On PostgreSQL each chunk's transaction runs on the writer thread while the next chunk is
    made; the result is a whole, verifiable load with every case number taken once."""
    from yifa.demo import cases as demo_cases

    call_command("demo", "--seed", "5", stdout=StringIO())
    cases_before, numbered_before, counted_before = Case.objects.count(), _numbered_cases(), _counted_numbers()
    threads: list[str] = []
    write = demo_cases._write_chunk

    def recording(chunk: Any, numbers: Any) -> None:
        threads.append(threading.current_thread().name)
        write(chunk, numbers)

    monkeypatch.setattr(demo_cases, "_write_chunk", recording)
    bulk_cases(150, seed=3, chunk=40)
    assert len(threads) == 4
    assert all(name.startswith("bulk-cases") for name in threads)
    assert Case.objects.count() == cases_before + 150
    numbers = list(Case.objects.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))  # no number twice
    assert _counted_numbers() - counted_before == _numbered_cases() - numbered_before  # no gap
    assert verify().ok
    assert not [t for t in threading.enumerate() if t.name.startswith("bulk-cases")]


@on_pg
@pytest.mark.django_db(transaction=True)
def test_a_failed_chunk_stops_the_bulk_load_and_keeps_the_chunks_before_it(monkeypatch):
    from yifa.demo import cases as demo_cases

    call_command("demo", "--seed", "5", stdout=StringIO())
    cases_before, counted_before = Case.objects.count(), _counted_numbers()
    calls = []
    write = demo_cases._write_chunk

    def failing_third(chunk: Any, numbers: Any) -> None:
        calls.append(chunk.ids)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        write(chunk, numbers)

    monkeypatch.setattr(demo_cases, "_write_chunk", failing_third)
    with pytest.raises(RuntimeError, match="disk full"):
        bulk_cases(150, seed=3, chunk=40)
    assert Case.objects.count() == cases_before + 80  # two whole chunks, nothing of the third
    written = Case.objects.filter(pk__gte=calls[0].start, pk__lt=calls[1].stop)
    assert written.count() == 80
    # The numbers made for the failed chunk (and the one made beside it) were never claimed.
    assert _counted_numbers() - counted_before == written.exclude(number="").count()
    assert verify().ok
    assert not [t for t in threading.enumerate() if t.name.startswith("bulk-cases")]


@pytest.mark.django_db
def test_bulk_case_numbers_refuse_counters_moved_by_someone_else():
    from yifa.demo.cases import CaseNumbers
    from yifa.documents.models import DocumentCounter

    call_command("demo", "--seed", "5", stdout=StringIO())
    numbers = CaseNumbers()
    before = dict(numbers.last)
    counter = DocumentCounter.objects.filter(kind=numbers.kind).order_by("pk").first()
    assert counter is not None
    counter.last += 1  # another writer took a number after the bulk load read the counters
    counter.save()
    with transaction.atomic(), pytest.raises(RuntimeError, match="counters moved"):
        numbers.claim(before, before)
    assert DocumentCounter.objects.get(pk=counter.pk).last == counter.last
