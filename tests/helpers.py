"""Shared test helpers.

`assert_unchanged` is the one "a refused request changes nothing" check:

    with assert_unchanged():
        response = client.post(...)
    assert response.status_code == 400

It snapshots every table of every yifa app (their many-to-many tables included; the audit log,
chain heads and seals are yifa.audit's), each as its row count and a SHA-256 over all its rows
read in primary-key order, and fails after the block naming each table that changed. Only
login bookkeeping is left out (a refused request may still log its user in): Django's session
table and django-axes' tables, which are not yifa tables, and the user's `last_login` column.
Extra callables (e.g. the files on disk) are compared too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import models

LOGIN_COLUMNS = {("accounts.User", "last_login")}


def yifa_models() -> list[type[models.Model]]:
    """Every table a yifa action can write: all yifa apps' models and their m2m tables."""
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.app_config.name.startswith("yifa.") and m._meta.managed and not m._meta.proxy]


def table_digest(model: type[models.Model]) -> tuple[int, str]:
    """(row count, SHA-256 of every row, all columns, ordered by primary key)."""
    columns = [f.attname for f in model._meta.concrete_fields if (model._meta.label, f.attname) not in LOGIN_COLUMNS]
    digest, count = hashlib.sha256(), 0
    for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
        digest.update(repr(row).encode())
        digest.update(b"\x00")
        count += 1
    return count, digest.hexdigest()


def snapshot() -> dict[str, tuple[int, str]]:
    return {m._meta.db_table: table_digest(m) for m in yifa_models()}


@contextmanager
def assert_unchanged(*extra: Callable[[], Any]) -> Iterator[None]:
    """Assert that the block leaves every yifa table (and each `extra()` value) as it was."""
    before, before_extra = snapshot(), [f() for f in extra]
    yield
    after, after_extra = snapshot(), [f() for f in extra]
    changed = {t: (before[t][0], after[t][0]) for t in before if before[t] != after[t]}
    assert not changed, f"tables changed (rows before, after): {changed}"
    assert after_extra == before_extra
