"""Django's SQLite backend, with one change: the conversion of each statement from Django's
"%s" parameters to SQLite's "?" is remembered per statement text.

Django runs a regular expression over every statement's text on every execution. For the
usual query that costs microseconds; for a multi-row INSERT of a few hundred rows
(`yifa.lib.bulk`) it is a millisecond a statement, which made up a tenth of a 100,000-row bank
statement's import. The conversion depends on the text alone, so a cache is exact. Used as the
ENGINE when the database is SQLite (yifa/settings.py); `connection.vendor` is still "sqlite".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db.backends.sqlite3 import base

#: Statement texts remembered (a page runs a few dozen distinct ones; the bulk writers a handful).
CACHED_STATEMENTS = 512


@lru_cache(maxsize=CACHED_STATEMENTS)
def _qmark(query: str) -> str:
    """Django's own conversion ("format" style to "qmark"), computed once per text."""
    return str(base.FORMAT_QMARK_REGEX.sub("?", query)).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: Sequence[str] | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)  # type: ignore[misc,no-any-return]  # not in django-stubs


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=SQLiteCursorWrapper)


__all__ = ["DatabaseWrapper"]
