"""Which database a benchmark runs on, and the bare connection its baselines use.

`make bench` runs each figure on SQLite (a file in the run's own directory) and on PostgreSQL (a
fresh database on the machine's server, $YIFA_LOAD_PG, default postgres://postgres@127.0.0.1:5432).
A baseline always runs on the same kind of database as the figure it is compared with: a raw
SQLite transaction for SQLite, a raw psycopg transaction on the same PostgreSQL server for
PostgreSQL, so the ratio measures Yifa's own cost and not the difference between databases.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PG_SERVER = os.environ.get("YIFA_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
DATABASES = ("sqlite", "postgres")


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def use(db: str, name: str) -> None:
    """Point this process, and every yifa command it starts, at `db`: SQLite in $YIFA_VAR, or
    the PostgreSQL database `name`, dropped and created afresh (call before django.setup())."""
    if db not in DATABASES:
        raise SystemExit(f"--db: one of {', '.join(DATABASES)}")
    if db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{name}"')
        os.environ["YIFA_DATABASE_URL"] = f"{PG_SERVER}/{name}"
    else:
        os.environ.pop("YIFA_DATABASE_URL", None)


def drop(db: str, name: str) -> None:
    """The PostgreSQL database `name` dropped at the end of a run (nothing to do for SQLite: its
    file goes with the run's directory)."""
    if db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh(db: str, name: str) -> Iterator[None]:
    """`use(db, name)` for the block, the PostgreSQL database dropped after it."""
    use(db, name)
    try:
        yield
    finally:
        drop(db, name)


class Raw:
    """A bare DB-API connection for a baseline, in autocommit mode with explicit transactions:
    SQLite with the pragmas Yifa sets (WAL, synchronous=NORMAL) in its own file under `workdir`,
    or psycopg on the database Yifa uses in this run. Statements are written with `?` and an
    `{id}` placeholder for the key column's type."""

    def __init__(self, workdir: Path, name: str) -> None:
        url = os.environ.get("YIFA_DATABASE_URL")
        self.pg = bool(url)
        self.conn: Any
        if url:
            import psycopg

            self.conn = psycopg.connect(url, autocommit=True)
        else:
            self.conn = sqlite3.connect(workdir / f"{name}.db", isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")

    def sql(self, text: str) -> str:
        """`text` for this database: `?` → `%s`, `{id}` → the auto-numbered key, `{now}` → the time."""
        if self.pg:
            return text.replace("?", "%s").format(id="BIGSERIAL PRIMARY KEY", now="now()")
        return text.format(id="INTEGER PRIMARY KEY", now="datetime('now')")

    def run(self, text: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self.sql(text), params)

    def many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if self.pg:
            with self.conn.cursor() as cur:
                cur.executemany(self.sql(text), rows)
        else:
            self.conn.executemany(self.sql(text), rows)

    @property
    def begin(self) -> str:
        """The statement that opens a transaction. SQLite takes the write lock at BEGIN, as Yifa's
        transactions do (settings.py). The timed loops call `conn.execute` with statements made
        once (a wrapper call or a format per statement would slow the baseline, not Yifa)."""
        return "BEGIN" if self.pg else "BEGIN IMMEDIATE"

    def close(self) -> None:
        self.conn.close()
