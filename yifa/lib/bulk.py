"""Plain-SQL writes without the ORM's per-object work: bulk rows for generated data (demo,
benchmarks; ids assigned up front, so millions of rows go in minutes), and the one-row inserts
on every action's hot path (audit events, case steps). Callers validate before they insert."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


def next_ids(model: type[models.Model], n: int) -> range:
    """`n` fresh primary keys; the caller holds the transaction (and is the only writer)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608 -- a model's table name, no input
        start = int(cur.fetchone()[0]) + 1
    return range(start, start + n)


def adapter() -> Callable[[Any], Any]:
    """A converter from Python values to what this connection's driver takes (made once per
    batch: looking up `connection.ops` per value costs more than the insert)."""
    ops = connection.ops
    pg = connection.vendor == "postgresql"
    plain = (str, int, bool, type(None), float)

    def adapt(value: Any) -> Any:
        if isinstance(value, plain):
            return value
        if isinstance(value, dt.datetime):
            return ops.adapt_datetimefield_value(value)
        if isinstance(value, dt.date):
            return ops.adapt_datefield_value(value)
        if isinstance(value, Decimal):
            return ops.adapt_decimalfield_value(value, 14, 2)
        if isinstance(value, dict | list):
            return ops.adapt_json_value(value, None) if pg else json.dumps(value, ensure_ascii=False)
        return value

    return adapt


# From this many rows on, PostgreSQL takes them by COPY: one stream instead of a statement per
# row, several times faster for the bulk generators. The one-row inserts on every action's hot
# path stay plain INSERTs (COPY's set-up costs more than it saves there).
COPY_MIN_ROWS = 100


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                adapted: bool = False) -> None:
    """`adapted`: the caller passed every value already as `adapter()` makes it (or a plain str,
    int, bool or None), so the rows go to the driver as they are (a hot loop of 100,000 rows
    spends more on adapting each value again than on the insert)."""
    rows = rows if isinstance(rows, list) else list(rows)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        _copy_rows(model._meta.db_table, names, rows)
        return
    if not adapted:
        adapt = adapter()
        rows = [[adapt(v) for v in row] for row in rows]
    # The model's table, the caller's column names quoted, every value a parameter.
    head = f"INSERT INTO {model._meta.db_table} ({names}) VALUES "  # noqa: S608
    _run_in_chunks(head, "", len(columns), rows)


def _sqlite_rows_per_statement(width: int) -> int:
    """How many rows of `width` values one SQLite statement takes: up to the connection's own
    limit of parameters (32,766 since SQLite 3.32; Django assumes the old 999), at most
    SQLITE_ROWS_PER_STATEMENT."""
    connection.ensure_connection()
    limit = int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // width))


#: Rows per multi-row statement on SQLite. One `INSERT … VALUES (…), (…), …` of a few hundred rows
#: costs about 40% of `executemany` over the same rows (measured with 100,000 bank payments:
#: 0.28 s against 0.70 s): the driver binds and steps one statement instead of resetting and
#: re-binding a statement per row. Beyond ~500 rows the gain is flat.
SQLITE_ROWS_PER_STATEMENT = 500


def _run_in_chunks(head: str, tail: str, width: int, rows: Sequence[Sequence[Any]]) -> None:
    """`head` + "(%s, …), (%s, …), …" + `tail` for as many rows as one statement takes, every
    value a parameter; the statement text of a full chunk is built once."""
    per = _sqlite_rows_per_statement(width) if connection.vendor == "sqlite" else 1000
    one = "(" + ", ".join(["%s"] * width) + ")"
    full = ""
    with connection.cursor() as cur:
        for start in range(0, len(rows), per):
            part = rows[start:start + per]
            if len(part) == per:
                full = full or head + ", ".join([one] * per) + tail
                sql = full
            else:
                sql = head + ", ".join([one] * len(part)) + tail
            cur.execute(sql, list(chain.from_iterable(part)))


def _copy_rows(table: str, names: str, rows: list[Sequence[Any]]) -> None:
    """COPY FROM STDIN through psycopg 3, which writes each value in COPY's text format with the
    dumpers it uses for query parameters. This cursor's dumpers are told what `adapter()` does
    for the INSERT path (JSON for dicts and lists, Django's rounding for decimals), so the rows
    go through psycopg's C code untouched and are stored exactly as the INSERT path stores them.
    A JSON value shared by many rows (an audit event's before / after, a step's data) is
    encoded once: `json.dumps` for each row was a fifth of a bank statement's COPY time."""
    from psycopg.types.json import Jsonb

    dumper = _once_json_dumper()
    with connection.cursor() as cur:
        pg = cur.cursor
        for cls in (dict, list, Jsonb):
            pg.adapters.register_dumper(cls, dumper)
        pg.adapters.register_dumper(Decimal, _decimal_dumper())
        with pg.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _once_json_dumper() -> type[Any]:
    """A jsonb dumper that encodes each object once per COPY, keyed by identity (every object
    is held by the rows until the COPY ends, so no identity is reused meanwhile)."""
    from psycopg.types.json import JsonbDumper

    done: dict[int, Any] = {}

    class OnceJsonbDumper(JsonbDumper):
        def dump(self, obj: Any) -> Any:
            found = done.get(id(obj))
            if found is None:
                found = done[id(obj)] = super().dump(obj)
            return found

    return OnceJsonbDumper


def _decimal_dumper() -> type[Any]:
    from psycopg.adapt import Dumper
    from psycopg.postgres import types

    ops = connection.ops

    class DecimalDumper(Dumper):
        oid = types["numeric"].oid

        def dump(self, obj: Any) -> bytes:
            return str(ops.adapt_decimalfield_value(obj, 14, 2)).encode()

    return DecimalDumper


def reset_sequences(*models_: type[models.Model]) -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def refresh_statistics(*models_: type[models.Model]) -> str:
    """After a bulk load, give the planner the new tables' statistics at once rather than when
    autovacuum gets round to them (or never, where it is off): a freshly loaded table is read
    with plans made for an empty one. PostgreSQL: VACUUM ANALYZE (the visibility map lets
    index-only scans skip the heap), or only ANALYZE inside a transaction, where VACUUM cannot
    run; SQLite: ANALYZE. Returns the command run."""
    pg = connection.vendor == "postgresql"
    command = "VACUUM (ANALYZE)" if pg and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cur:
        for model in models_:
            cur.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return command


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                adapted: bool = False) -> None:
    """UPDATE each row by primary key: `rows` are (pk, *values for `columns`), each pk once.
    Without the ORM's CASE WHEN per object (bulk_update builds one expression per object and
    column, slower than the write itself for thousands of rows). SQLite: one UPDATE … FROM
    (VALUES …) per few hundred rows; PostgreSQL: one statement for the batch
    (`_update_from_arrays`). `adapted`: as for `insert_rows`."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    if len({row[0] for row in rows}) != len(rows):
        # PostgreSQL's UPDATE … FROM would keep one of the two values at random (SQLite the
        # last): refused on both, so that no caller depends on either.
        raise ValueError("update_rows: a primary key appears twice in one batch")
    if not adapted:
        adapt = adapter()
        rows = [[row[0], *(adapt(v) for v in row[1:])] for row in rows]
    if connection.vendor == "postgresql":
        _update_from_arrays(model, columns, rows)
        return
    # SQLite: UPDATE … FROM a multi-row VALUES list (SQLite ≥ 3.33), each row found by its key;
    # the list's columns are column1 (the key), column2, … (the SQL names them so).
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    sets = ", ".join(f"{quote(c)} = v.column{i}" for i, c in enumerate(columns, start=2))
    head = f"UPDATE {table} SET {sets} FROM (VALUES "  # noqa: S608 -- names, no input
    tail = f") AS v WHERE {table}.{quote(model._meta.pk.column)} = v.column1"
    _run_in_chunks(head, tail, len(columns) + 1, rows)


def _update_from_arrays(model: type[models.Model], columns: Sequence[str], rows: list[Sequence[Any]]) -> None:
    """One UPDATE … FROM unnest(one array per column): Django's PostgreSQL cursor binds on the
    client, so `executemany` sends, parses and plans one statement per row (about a tenth of a
    millisecond each, most of a bank statement's notices and cases updates)."""
    quote = connection.ops.quote_name
    by_column = {f.column: f for f in model._meta.concrete_fields}
    pk = model._meta.pk.column
    fields = [by_column[pk], *(by_column[c] for c in columns)]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    names = ", ".join(quote(f.column) for f in fields)
    sets = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    table = quote(model._meta.db_table)
    # The model's table and column names quoted, every value inside the array parameters.
    # The keys a second time as `= ANY`, an index condition whatever the statistics: joined to
    # the arrays alone, a table without statistics was read whole for each batch (a hash join).
    sql = (f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) "  # noqa: S608
           f"WHERE {table}.{quote(pk)} = v.{quote(pk)} AND {table}.{quote(pk)} = ANY(%s::{fields[0].db_type(connection)}[])")
    columns_values = [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cur:
        cur.execute(sql, [*columns_values, columns_values[0]])
