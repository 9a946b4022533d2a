"""PostgreSQL settings for Yifa's production server: an OLTP load of short list queries from a
few hundred officers on a small machine (2 cores, 24 GiB; docs/benchmarks.md).

Three kinds of statement, from the least to the most reaching (`yifa pgtune`):

- per table: larger statistics samples for the hot columns, whose values are skewed (one
  bureau holds most of a county's cases, most cases are in a few states), so the planner
  estimates an agency's or an officer's rows from a sample that sees them;
- per database (`ALTER DATABASE <this one> SET`): the planner settings any session may set,
  applied to Yifa's database only and taking effect for new connections;
- per server (`ALTER SYSTEM`, superuser, for the whole server and every database on it):
  memory, autovacuum and the parallel-worker ceiling. Printed always, run only on request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import connection

# A larger sample than the default 100 where a list filters or joins; ANALYZE reads 300 rows
# per unit, so 1000 samples 300,000 rows of a table (a second or two on a million cases).
STATISTICS_TARGET = 1000
HOT_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases.Case": ("agency", "status", "stage_due", "power"),
    "cases.CaseOfficer": ("officer", "case"),
    "audit.AuditEvent": ("agency_id", "object_id"),
    "registry.Officer": ("agency", "status"),
    "licensing.LicenceApplication": ("agency", "status"),
}


@dataclass(frozen=True)
class Setting:
    name: str
    value: str
    why: str


# Settings any session may set, so ALTER DATABASE applies them to this database alone.
DATABASE_SETTINGS = [
    # Each "my cases" request started a parallel worker on 2 cores: 65 req/s with, 153 without
    # (issue 14). Short index scans gain nothing from a worker and lose its start-up.
    Setting("max_parallel_workers_per_gather", "0", "no parallel workers for short OLTP queries"),
    Setting("jit", "off", "compiling a query costs more than Yifa's short queries run"),
    Setting("random_page_cost", "1.1", "SSD storage: a random page costs about as much as a sequential one"),
    Setting("effective_cache_size", "16GB", "the OS page cache of a 24 GiB machine holds the working set"),
    Setting("work_mem", "32MB", "sorts and hashes of a list page stay in memory"),
]

# Server-wide: ALTER SYSTEM (superuser), for every database of the server. shared_buffers needs
# a restart; the others a reload (SELECT pg_reload_conf(), run after them).
SYSTEM_SETTINGS = [
    Setting("autovacuum", "on", "without it a loaded table is never vacuumed nor analysed"),
    Setting("autovacuum_vacuum_scale_factor", "0.05", "vacuum a big table after 5% of its rows changed, not 20%"),
    Setting("autovacuum_analyze_scale_factor", "0.02", "fresh statistics after 2% changed, not 10%"),
    Setting("max_parallel_workers_per_gather", "0", "as per database, for every database of the server"),
    Setting("max_parallel_workers", "2", "never more parallel workers than cores"),
    Setting("shared_buffers", "6GB", "a quarter of memory (needs a restart)"),
    Setting("effective_cache_size", "16GB", "as per database"),
    Setting("maintenance_work_mem", "1GB", "faster VACUUM and index builds"),
    Setting("checkpoint_completion_target", "0.9", "spread checkpoint writes"),
    Setting("max_wal_size", "4GB", "fewer forced checkpoints during bulk loads"),
    Setting("random_page_cost", "1.1", "as per database"),
    Setting("jit", "off", "as per database"),
]


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def statistics_statements() -> list[str]:
    qn = connection.ops.quote_name
    out = []
    for label, fields in HOT_COLUMNS.items():
        model = apps.get_model(label)
        for name in fields:
            column = model._meta.get_field(name).column  # type: ignore[union-attr]
            out.append(f"ALTER TABLE {qn(model._meta.db_table)} ALTER COLUMN {qn(column)} "
                       f"SET STATISTICS {STATISTICS_TARGET}")
    return out


def analyze_statements() -> list[str]:
    """The new targets count from the next ANALYZE: take it now."""
    qn = connection.ops.quote_name
    return [f"ANALYZE {qn(apps.get_model(label)._meta.db_table)}" for label in HOT_COLUMNS]


def database_statements(database: str) -> list[str]:
    qn = connection.ops.quote_name
    return [f"ALTER DATABASE {qn(database)} SET {s.name} = {_quote_literal(s.value)}" for s in DATABASE_SETTINGS]


def system_statements() -> list[str]:
    return [f"ALTER SYSTEM SET {s.name} = {_quote_literal(s.value)}" for s in SYSTEM_SETTINGS] + [
        "SELECT pg_reload_conf()"]


def current_database() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT current_database()")
        return str(cur.fetchone()[0])


def plan(*, system: bool) -> list[str]:
    """What `--apply` runs, in order; ALTER SYSTEM only with `system`."""
    out = statistics_statements() + analyze_statements() + database_statements(current_database())
    return out + (system_statements() if system else [])


def run(statements: list[str]) -> None:
    """Each statement on its own (ALTER SYSTEM cannot run inside a transaction block)."""
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def autovacuum_on() -> bool:
    with connection.cursor() as cur:
        cur.execute("SHOW autovacuum")
        return str(cur.fetchone()[0]) == "on"
