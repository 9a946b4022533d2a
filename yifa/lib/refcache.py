"""A per-process cache of reference data (legal parameters, deadline rules, the calendar,
document kinds and numbering patterns, region names), so that a workflow step does not
re-read tables that change a few times a year.

Correctness:
- In this process, saving or deleting any cached model clears the cache at once (signals,
  connected in yifa.workcal.apps, call `changed`), and again when the transaction commits.
- Other processes learn of a change through one counter row (`workcal.ReferenceVersion`),
  bumped by the same signals inside the writer's transaction. A process re-reads the counter
  at most every CHECK_EVERY seconds, so another process's change is seen within that time:
  effective-dated law is entered ahead of its start date, so a second's delay is harmless.
  The counter is read and bumped by functions the owner of that row hands in (`use_counter`,
  called by yifa.workcal.apps): this module imports nothing of Yifa.
- A writer that rolls back leaves the counter unchanged, but this process may have re-read rows
  inside that transaction. After a local write the cache therefore re-reads the counter on
  every access until it is outside any transaction: the counter it remembers is the bumped,
  uncommitted one, which differs from the committed one, so it reloads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Seconds between checks of the shared counter (another process's writes show within this).
CHECK_EVERY = 1.0

_lock = threading.RLock()
_entries: dict[str, Any] = {}
_state: dict[str, Any] = {"version": None, "checked": float("-inf"), "dirty": False}
_counter: dict[str, Callable[[], Any]] = {}


def use_counter(read: Callable[[], int], bump: Callable[[], None]) -> None:
    """Hand in the shared counter: `read()` its committed value (0 if none), `bump()` it by one
    inside the caller's transaction."""
    _counter.update(read=read, bump=bump)


def _read_version() -> int:
    read = _counter.get("read")
    return read() if read is not None else 0


def _check() -> None:
    from django.db import connection

    now = time.monotonic()
    if not _state["dirty"] and now - _state["checked"] < CHECK_EVERY:
        return
    version = _read_version()
    if version != _state["version"]:
        _entries.clear()
        _state["version"] = version
    _state["checked"] = now
    if not connection.in_atomic_block:  # the writer's transaction has ended either way
        _state["dirty"] = False


def cached(key: str, load: Callable[[], T]) -> T:
    """The value under `key`, loaded once per version of the reference data."""
    with _lock:
        _check()
        if key not in _entries:
            _entries[key] = load()
        return _entries[key]  # type: ignore[no-any-return]


K = TypeVar("K")


def memoised(table: str, key: K, compute: Callable[[K], T]) -> T:
    """compute(key), remembered under `table` for as long as the reference data it was computed
    from is unchanged (per-key memo inside one cache entry)."""
    memo: dict[Any, Any] = cached(table, dict)
    if key not in memo:
        memo[key] = compute(key)
    return memo[key]  # type: ignore[no-any-return]


def clear() -> None:
    """Forget everything; the next access re-reads the counter and the data."""
    with _lock:
        _entries.clear()
        _state.update(version=None, checked=float("-inf"), dirty=False)


def changed(**_: Any) -> None:
    """Signal receiver: a cached model was written here. Clear now, bump the shared counter in
    the writer's transaction, and clear again once it commits."""
    from django.db import transaction

    clear()
    _state["dirty"] = True
    bump = _counter.get("bump")
    if bump is not None:
        bump()
    transaction.on_commit(clear)


