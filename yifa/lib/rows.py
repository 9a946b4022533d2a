"""One row by primary key, locked, and an UPDATE of named columns — the two statements every
guarded step runs — and the gates' small reads (does a row exist, the latest date), without
compiling an ORM query each time.

The ORM spends about a millisecond compiling a 45-column SELECT that SQLite answers in tens
of microseconds. Here the SELECT … FOR UPDATE is compiled once per model and connection (the
ORM's own SQL and converters, so values come back exactly as the ORM would give them) and
reused; the UPDATE uses each field's own `get_db_prep_save`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

_compiled: dict[tuple[type[models.Model], int], tuple[str, Any, list[str], Any]] = {}


def _compile(model: type[models.Model], alias: str) -> tuple[str, Any, list[str], Any]:
    connection = connections[alias]
    key = (model, id(connection))
    found = _compiled.get(key)
    if found is None:
        qs = model._default_manager.using(alias).select_for_update(no_key=True).filter(pk=0).order_by()
        compiler = qs.query.get_compiler(using=alias)
        sql, _params = compiler.as_sql()
        columns = [col for col, _, _ in compiler.select]
        names = [col.target.attname for col in columns]
        found = _compiled[key] = (sql, compiler, names, compiler.get_converters(columns))
    return found


def locked_row(model: type[M], pk: Any) -> M:
    """model.objects.select_for_update(no_key=True).get(pk=pk), compiled once. Raises DoesNotExist."""
    alias = router.db_for_write(model)
    sql, compiler, names, converters = _compile(model, alias)
    with connections[alias].cursor() as cur:
        cur.execute(sql, [pk])
        row = cur.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} {pk}")  # type: ignore[attr-defined]
    values = next(compiler.apply_converters([row], converters)) if converters else row
    return model.from_db(alias, names, values)


def update_columns(obj: models.Model, attnames: list[str]) -> None:
    """UPDATE the row's named columns to the object's values (like save(update_fields=...),
    without signals: the models this serves have none)."""
    if not attnames:
        return
    model = type(obj)
    alias = router.db_for_write(model)
    connection = connections[alias]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    params = [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
    with connection.cursor() as cur:
        # Table and column names from the model's _meta, quoted; every value a parameter.
        cur.execute(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s",  # noqa: S608
                    [*params, obj.pk])
    obj._state.adding, obj._state.db = False, alias


@functools.lru_cache(maxsize=256)
def _where(model: type[models.Model], names: tuple[str, ...], alias: str) -> str:
    qn = connections[alias].ops.quote_name
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return " AND ".join(f"{qn(by_attname[name].column)} = %s" for name in names)


def exists(model: type[models.Model], **equals: Any) -> bool:
    """Whether a row has these column values (attnames: `case_id=…`): the gates' yes/no reads."""
    alias = router.db_for_read(model)
    # Names from the model's _meta, quoted (_where refuses a name that is not a column); values are parameters.
    sql = f"SELECT 1 FROM {connections[alias].ops.quote_name(model._meta.db_table)} WHERE {_where(model, tuple(equals), alias)} LIMIT 1"  # noqa: S608
    with connections[alias].cursor() as cur:
        cur.execute(sql, list(equals.values()))
        return cur.fetchone() is not None


def latest_date(model: type[models.Model], column: str, **equals: Any) -> dt.date | None:
    """MAX of a date column over the matching rows (SQLite hands aggregate dates back as text)."""
    alias = router.db_for_read(model)
    qn = connections[alias].ops.quote_name
    target = next(f.column for f in model._meta.concrete_fields if f.attname == column)
    # Names from the model's _meta, quoted (the column must be one of the model's); values are parameters.
    sql = f"SELECT MAX({qn(target)}) FROM {qn(model._meta.db_table)} WHERE {_where(model, tuple(equals), alias)}"  # noqa: S608
    with connections[alias].cursor() as cur:
        cur.execute(sql, list(equals.values()))
        found = cur.fetchone()[0]
    return dt.date.fromisoformat(found) if isinstance(found, str) else found


@functools.lru_cache(maxsize=64)
def _select_in(model: type[models.Model], names: tuple[str, ...], column: str, equals: tuple[str, ...],
               nulls: tuple[tuple[str, bool], ...], lock: bool, alias: str) -> tuple[str, list[_Conversion]]:
    """The SELECT … WHERE … IN ( without its marks, and the ORM's converters for the selected
    columns."""
    connection = connections[alias]
    qn = connection.ops.quote_name
    compiler = model._default_manager.using(alias).values_list(*names).query.get_compiler(using=alias)
    compiler.as_sql()  # sets up the select list
    columns = [col for col, _, _ in compiler.select]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    # The IN column is the one looked up (by its index); the others are only checked, written
    # `+col` on SQLite so that it (no statistics) does not walk their index instead: an agency's
    # 30,000 notices for each batch of a statement, where the quoted references' unique index
    # finds the 400 it needs. PostgreSQL has no `+` for text; `(col = %s) IS TRUE` keeps the
    # same rows and is no index condition: without statistics (a table freshly loaded, or
    # autovacuum off) it ANDed the bitmap of every served case's status entry — dead ones of
    # earlier batches' updates included — to the few ids wanted, 46 ms a batch.
    pg = connection.vendor == "postgresql"
    check = "({} = %s) IS TRUE AND " if pg else "+{} = %s AND "
    where = "".join(check.format(qn(by_attname[n].column)) for n in equals)
    where += "".join(f"{qn(by_attname[n].column)} IS {'' if null else 'NOT '}NULL AND " for n, null in nulls)
    suffix = ""
    if lock and connection.features.has_select_for_update:
        suffix = " " + connection.ops.for_update_sql(no_key=connection.features.has_select_for_no_key_update)
    # Names from the model's _meta, quoted; every value a parameter.
    # The values as one parameter: PostgreSQL takes an array, SQLite a JSON array it reads in C
    # (thousands of parameters, each bound, and Django's rewriting of each mark, cost more).
    values = "= ANY(%s)" if pg else "IN (SELECT value FROM json_each(%s))"
    sql = (f"SELECT {', '.join(qn(by_attname[n].column) for n in names)} FROM {qn(model._meta.db_table)} "  # noqa: S608
           f"WHERE {where}{qn(by_attname[column].column)} {values}{suffix}")
    conversions = [_Conversion(pos, convs, expression, isinstance(expression.output_field, models.DecimalField))
                   for pos, (convs, expression) in compiler.get_converters(columns).items()]
    return sql, conversions


class _Conversion(NamedTuple):
    pos: int
    converters: list[Any]
    expression: Any
    #: Its results may be shared between rows: a Decimal is immutable, and turning SQLite's float
    #: into one (15 digits, quantized) costs more than the look-up (a statement's thousands of
    #: notices have few distinct amounts).
    shared: bool


#: Distinct values remembered per shared column and call.
_MEMO = 4096


def select_in(model: type[models.Model], names: Collection[str], column: str, values: Collection[Any], *,
              lock: bool = False, nulls: Mapping[str, bool] | None = None, **equals: Any) -> list[list[Any]]:
    """`model.objects.filter(**equals, <column>__in=values).values_list(*names)`, found by the
    index of `column` (the `equals` and `nulls` — column: IS NULL or not — only checked), locked
    (FOR NO KEY UPDATE) when asked, and its rows as the ORM converts them, without the ORM
    resolving each of the thousands of IN values one by one (a tenth of a bank statement's import)."""
    if not values:
        return []
    alias = router.db_for_write(model) if lock else router.db_for_read(model)
    connection = connections[alias]
    sql, conversions = _select_in(model, tuple(names), column, tuple(equals), tuple(sorted((nulls or {}).items())),
                                  lock, alias)
    with connection.cursor() as cur:
        cur.execute(sql, [*equals.values(), list(values) if connection.vendor == "postgresql" else json.dumps(list(values))])
        rows = [list(row) for row in cur.fetchall()]
    for pos, converters, expression, shared in conversions:
        memo: dict[Any, Any] = {}
        for row in rows:
            value = row[pos]
            if shared and value in memo:
                row[pos] = memo[value]
                continue
            for convert in converters:
                value = convert(value, expression, connection)
            if shared and len(memo) < _MEMO:
                memo[row[pos]] = value
            row[pos] = value
    return rows
