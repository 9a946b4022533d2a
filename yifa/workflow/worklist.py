"""The to-do lists (待办), kept by the workflow core.

`refresh` runs inside every step's transaction (and where a record is created): it rewrites
the record's `WorkItem` rows from what is open now, records the step as done by the person who
took it, and tells the people a record newly waits on (a `Notification` each, and the
`work_arrived` signal on commit). `for_user`, `groups_for_user` and `done_for_user` are the
reads. A procedure without a `Worklist` declaration keeps no items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from yifa.accounts.models import User
from yifa.audit.record import record as audit_record
from yifa.lib.bulk import insert_rows
from yifa.workflow.audience import agency_key, region_key, user_key
from yifa.workflow.models import DoneItem, Notification, WorkItem
from yifa.workflow.signals import work_arrived

if TYPE_CHECKING:
    from yifa.workflow.steps import Procedure

#: Every procedure that keeps to-do items, by record kind ("cases.case" → the procedure).
PROCEDURES: dict[str, Procedure[Any]] = {}


def kind_of(model: Any) -> str:
    return str(model._meta.label_lower)


def register(procedure: Procedure[Any]) -> None:
    PROCEDURES[kind_of(procedure.model)] = procedure


# --- what is open on a record -------------------------------------------------------------------


def pending(procedure: Procedure[Any], record: Any) -> dict[str, list[str]]:
    """Audience key → the steps open to it on `record` now, in declaration order."""
    worklist = procedure.worklist
    if worklist is None:
        return {}
    status = getattr(record, "status", "")
    waiting: dict[str, list[str]] = {}
    keys: dict[int, list[str]] = {}  # each audience asked once (some ask the database)
    for step in procedure.steps.values():
        if not step.todo or status not in step.sources or not step.offer_when(record):
            continue
        audience = step.actor.audience or worklist.audience
        if id(audience) not in keys:
            keys[id(audience)] = audience.keys(record)
        for key in keys[id(audience)]:
            waiting.setdefault(key, []).append(step.name)
    return waiting


def _text(procedure: Procedure[Any], record: Any) -> tuple[str, str]:
    """What an item or a done step is called, and its page."""
    worklist = procedure.worklist
    assert worklist is not None
    return str(worklist.title(record))[:200], reverse(worklist.url_name, kwargs={"pk": record.pk})


def _items(procedure: Procedure[Any], record: Any, now: dt.datetime) -> list[WorkItem]:
    """The record's to-do items as they stand now (unsaved)."""
    assert procedure.worklist is not None
    kind, agency_id = kind_of(procedure.model), getattr(record, "agency_id", None)
    (title, url), due = _text(procedure, record), procedure.worklist.due(record)
    return [WorkItem(kind=kind, record_id=record.pk, audience=key, agency_id=agency_id, step=steps[0], steps=steps,
                     title=title, url=url, due=due, since=now)
            for key, steps in pending(procedure, record).items()]


def refresh(procedure: Procedure[Any], record: Any, *, acting_user: Any = None, step: str = "") -> None:
    """Rewrite `record`'s to-do items (in the caller's transaction); `step`, if given, was just
    taken by `acting_user` and goes on their 已办 list."""
    if procedure.worklist is None:
        return
    kind, now = kind_of(procedure.model), timezone.now()
    before = _delete_items(kind, record.pk)
    rows = WorkItem.objects.bulk_create(_items(procedure, record, now))
    if step and getattr(acting_user, "pk", None):
        title, url = _text(procedure, record)
        DoneItem.objects.create(user=acting_user, kind=kind, record_id=record.pk, step=step, title=title, url=url,
                                at=now)
    _notify([r for r in rows if (r.audience, r.step) not in before], acting_user, procedure.model)


ITEM_COLUMNS = ("kind", "record_id", "audience", "agency_id", "step", "steps", "title", "url", "due", "since")


def refresh_many(procedure: Procedure[Any], records: Sequence[Any]) -> None:
    """`refresh` for many records at once, no step taken (the alerts sweep opening thousands):
    one DELETE, one INSERT, each audience's users read once, in the caller's transaction."""
    if procedure.worklist is None or not records:
        return
    kind, now = kind_of(procedure.model), timezone.now()
    table = WorkItem._meta.db_table
    before: set[tuple[int, str, str]] = set()
    ids = [r.pk for r in records]
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):  # within every database's limit on bound parameters
            chunk = ids[i:i + 500]
            cur.execute(f"DELETE FROM {table} WHERE kind = %s AND record_id IN ({', '.join(['%s'] * len(chunk))}) "  # noqa: S608 -- the model's table name
                        "RETURNING record_id, audience, step", [kind, *chunk])
            before |= {(int(pk), audience, step) for pk, audience, step in cur.fetchall()}
    rows = [item for r in records for item in _items(procedure, r, now)]
    # Plain INSERTs (yifa.lib.bulk): the ORM's per-value work cost more than the writes here.
    insert_rows(WorkItem, ITEM_COLUMNS, [[getattr(i, c) for c in ITEM_COLUMNS] for i in rows])
    _notify([r for r in rows if (r.record_id, r.audience, r.step) not in before], None, procedure.model)


def _delete_items(kind: str, record_id: int) -> set[tuple[str, str]]:
    """The record's items deleted, and what they were, in one statement (DELETE … RETURNING:
    SQLite ≥ 3.35 and PostgreSQL)."""
    table = WorkItem._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE kind = %s AND record_id = %s RETURNING audience, step",  # noqa: S608 -- the model's table name
                    [kind, record_id])
        return {(audience, step) for audience, step in cur.fetchall()}


def _notify(arrived: list[WorkItem], acting_user: Any, model: Any) -> None:
    """A notification to everyone a record newly waits on (not to the person who just acted)."""
    if not arrived:
        return
    acting = getattr(acting_user, "pk", None)
    told: list[tuple[WorkItem, list[int]]] = []
    users: dict[str, list[int]] = {}  # each audience's users read once
    for item in arrived:
        if item.audience not in users:
            users[item.audience] = _user_ids(item.audience)
        ids = [pk for pk in users[item.audience] if pk != acting]
        if ids:
            told.append((item, ids))
    insert_rows(Notification, ["user_id", "kind", "record_id", "step", "title", "url", "due", "created_at"],
                [[pk, item.kind, item.record_id, item.step, item.title, item.url, item.due, item.since]
                 for item, ids in told for pk in ids])
    for item, ids in told:
        transaction.on_commit(lambda item=item, ids=ids: work_arrived.send_robust(  # type: ignore[misc]
            sender=model, user_ids=ids, item=item) and None)


def _user_ids(audience: str) -> list[int]:
    parts = audience.split(":")
    active = User.objects.filter(is_active=True)
    if parts[0] == "user":
        return [int(parts[1])]
    if parts[0] == "agency":
        return list(active.filter(agency_id=int(parts[1]), role=parts[2]).values_list("id", flat=True))
    if parts[0] == "region":
        return list(active.filter(region_id=int(parts[1]), role=parts[2]).values_list("id", flat=True))
    return []


def rebuild(procedure: Procedure[Any], records: Iterable[Any]) -> int:
    """Recompute the items of `records` (after bulk loads or a change outside the steps); no
    notifications. Returns the number of items written."""
    written = 0
    for record in records:
        with transaction.atomic():
            _delete_items(kind_of(procedure.model), record.pk)
            written += len(WorkItem.objects.bulk_create(_items(procedure, record, timezone.now())))
    return written


# --- the reads ----------------------------------------------------------------------------------


def audience_keys(user: Any) -> list[str]:
    """The keys a user's to-do list is made of: the person, their role in their agency or region."""
    if not getattr(user, "is_authenticated", False):
        return []
    keys = [user_key(user.pk)]
    if getattr(user, "agency_id", None):
        keys.append(agency_key(user.agency_id, user.role))
    if getattr(user, "region_id", None):
        keys.append(region_key(user.region_id, user.role))
    return keys


#: The columns a to-do list shows (the JSON of open steps and the audience stay in the table).
LIST_FIELDS = ("id", "kind", "record_id", "step", "title", "url", "due")


def for_user(user: Any, *, limit: int = 50) -> list[WorkItem]:
    """What waits on `user`, the most pressing deadline first (none last)."""
    keys = audience_keys(user)
    if not keys:
        return []
    rows = WorkItem.objects.filter(audience__in=keys).only(*LIST_FIELDS).order_by("due", "id")
    dated = list(rows.filter(due__isnull=False)[:limit])
    if len(dated) < limit:
        dated += list(rows.filter(due__isnull=True)[: limit - len(dated)])
    return _one_per_record(dated)


def _one_per_record(items: list[WorkItem]) -> list[WorkItem]:
    # A record waiting on the person and on their role shows once.
    seen: set[tuple[str, int]] = set()
    kept = []
    for item in items:
        if (item.kind, item.record_id) not in seen:
            seen.add((item.kind, item.record_id))
            kept.append(item)
    return kept


@dataclass(frozen=True)
class Group:
    kind: str
    step: str
    count: int
    overdue: int
    near: int


def groups_for_user(user: Any, today: dt.date, near: dt.date) -> list[Group]:
    """The counts by what to do (kind and step), with how many are overdue or due soon."""
    keys = audience_keys(user)
    if not keys:
        return []
    rows = (WorkItem.objects.filter(audience__in=keys).values("kind", "step")
            .annotate(n=Count("id"), overdue=Count("id", filter=Q(due__lt=today)),
                      near=Count("id", filter=Q(due__gte=today, due__lte=near)))
            .order_by("kind", "step"))
    return [Group(r["kind"], r["step"], r["n"], r["overdue"], r["near"]) for r in rows]


def waiting_on(model: Any, pk: int) -> list[WorkItem]:
    """Whom a record waits on now (its page's hand-off line)."""
    return list(WorkItem.objects.filter(kind=kind_of(model), record_id=pk).order_by("id"))


def done_for_user(user: Any, *, limit: int = 20) -> list[DoneItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(DoneItem.objects.filter(user_id=user.pk).order_by("-id")[:limit])


def step_label(kind: str, step: str) -> Any:
    procedure = PROCEDURES.get(kind)
    return procedure.label(step) if procedure else step


def kind_label(kind: str) -> str:
    procedure = PROCEDURES.get(kind)
    return procedure.noun[0] if procedure else kind


def mark_read(user: Any) -> int:
    """The user's notifications marked read (theirs only: the filter is the guard), with its
    audit event, in one transaction."""
    with transaction.atomic():
        n = Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
        if n:
            audit_record("notification.read", user, acting_user=user, after={"read": n})
    return n
