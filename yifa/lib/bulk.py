"""Plain-SQL writes without the ORM's per-object work: bulk rows for generated data (demo,
benchmarks; ids assigned up front, so millions of rows go in minutes), and the one-row inserts
on every action's hot path (audit events, case steps). Callers validate before they insert."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
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


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # The model's table, the caller's column names quoted, every value a parameter.
    sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})"  # noqa: S608
    adapt = adapter()
    with connection.cursor() as cur:
        cur.executemany(sql, [[adapt(v) for v in row] for row in rows])


def reset_sequences(*models_: type[models.Model]) -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
