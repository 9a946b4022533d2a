"""A per-process cache of whole public answers (the portal's decision pages and the open data's
decisions): a repeated search, page or record is answered from memory instead of being searched,
read and rendered again.

Correctness:
- An entry is valid for one version of the published data. The version is a number the owner
  of that data hands in (`use_version`, called by yifa.portal.apps: the newest publication step's
  id — every release, withdrawal and take-down writes one, in the step's own transaction). A
  process re-reads it at most every CHECK_EVERY seconds, so another process's change shows within
  that time; Cache-Control already lets a reverse proxy keep a public page for MAX_AGE.
- In this process a write clears the cache at once (`changed`, called inside the writer's
  transaction) and again once the transaction ends: until then the version is re-read on every
  access (the writer's uncommitted step is visible to its own connection; a rollback is seen as a
  version that differs from the one remembered).
- Every entry also expires after MAX_AGE seconds, whatever the version: what the version does
  not track (an agency renamed in another process, the date an answer states) is at most that old.
- Bounded by bytes (least recently used first out); an answer larger than an eighth of the budget
  is not kept. Imports nothing of Yifa.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

#: Seconds between checks of the shared version (another process's writes show within this).
CHECK_EVERY = 1.0
#: Seconds an entry lives at most (the portal's Cache-Control max-age).
MAX_AGE = 300.0
#: Bytes of answers kept per process by default (settings.YIFA_PAGE_CACHE_BYTES; 0 turns it off).
DEFAULT_BYTES = 32 * 1024 * 1024
#: Bytes counted per entry beyond its body (key, headers, bookkeeping; an estimate).
OVERHEAD = 400


@dataclass(frozen=True)
class Answer:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    born: float


_lock = threading.RLock()
_entries: OrderedDict[Hashable, Answer] = OrderedDict()


class _State:
    version: object = None
    checked = float("-inf")
    dirty = False
    bytes = 0
    budget = DEFAULT_BYTES


_state = _State()
_version: dict[str, Callable[[], object]] = {}


def use_version(read: Callable[[], object]) -> None:
    """Hand in the shared version: `read()` returns the published data's current version."""
    _version["read"] = read


def set_budget(size: int) -> None:
    with _lock:
        _state.budget = max(0, size)
        _evict()


def enabled() -> bool:
    return _state.budget > 0


def _check() -> None:
    from django.db import connection

    now = time.monotonic()
    if not _state.dirty and now - _state.checked < CHECK_EVERY:
        return
    read = _version.get("read")
    version = read() if read is not None else None
    if version != _state.version:
        _clear_entries()
        _state.version = version
    _state.checked = now
    if not connection.in_atomic_block:  # the writer's transaction has ended either way
        _state.dirty = False


def get(key: Hashable) -> Answer | None:
    """The answer kept under `key` for the current version, if any and not older than MAX_AGE."""
    with _lock:
        _check()
        found = _entries.get(key)
        if found is None:
            return None
        if time.monotonic() - found.born > MAX_AGE:
            _drop(key)
            return None
        _entries.move_to_end(key)
        return found


def put(key: Hashable, status: int, content: bytes, headers: tuple[tuple[str, str], ...], etag: str) -> None:
    """Keep an answer (made after `get` found none, so for the version current then)."""
    size = len(content) + OVERHEAD
    if size * 8 > _state.budget:
        return
    with _lock:
        _drop(key)
        _entries[key] = Answer(status, content, headers, etag, time.monotonic())
        _state.bytes += size
        _evict()


def _drop(key: Hashable) -> None:
    old = _entries.pop(key, None)
    if old is not None:
        _state.bytes -= len(old.content) + OVERHEAD


def _evict() -> None:
    while _entries and _state.bytes > _state.budget:
        _drop(next(iter(_entries)))


def _clear_entries() -> None:
    _entries.clear()
    _state.bytes = 0


def clear() -> None:
    """Forget everything; the next access re-reads the version."""
    with _lock:
        _clear_entries()
        _state.version, _state.checked, _state.dirty = None, float("-inf"), False


def changed(**_: object) -> None:
    """The published data was written here (also a signal receiver): clear now, re-read the
    version until the writer's transaction has ended, and clear again once it commits."""
    from django.db import transaction

    with _lock:
        _clear_entries()
        _state.dirty = True
    transaction.on_commit(clear)


def size() -> tuple[int, int]:
    """(entries, bytes) kept: for tests and the benchmark."""
    with _lock:
        return len(_entries), _state.bytes
