"""Fast audit verify: each event's stored payload is hashed as stored, and its columns are still
checked against it (in SQL, with an exact Python check behind), in parallel processes when it can.

Any edited column, an edited payload, or a payload rewritten and rehashed without its columns is
caught; the SQL check vouches for every untouched event (else verify would be slow again); a
parallel walk gives the serial walk's verdict."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import F

from yifa.audit import chain as audit_chain
from yifa.audit.chain import Change, append, canonical_text, check_chain, event_fields, verify
from yifa.audit.models import AuditEvent

CHAIN = "agency:7"


def make_history() -> None:
    """Ten events on agency 7's chain, four on agency 8's and two on the global one, with
    before/after of every JSON kind (nested, lists, numbers, non-ASCII, null)."""
    with transaction.atomic():
        for i in range(10):
            append([Change("unit.update", "registry.Unit", str(i), 7,
                           before={"name": f"第{i}科", "z": [1, 2.5, None], "a": {"y": True, "b": "x"}},
                           after={"name": f"第{i}科（改）", "n": i, "when": dt.date(2026, 1, i + 1)})],
                   actor_id=i or None, actor=f"officer{i}")
        append([Change("unit.create", "registry.Unit", str(i), 8, after={"i": i}) for i in range(4)],
               actor_id=1, actor="head")
        append([Change("law.create", "law.Law", "1", None, after={"title": "行政处罚法"}),
                Change("law.delete", "law.Law", "2", None, before={"title": "旧法"})], actor_id=None, actor="")


def raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params)


def event(seq: int, chain: str = CHAIN):
    return AuditEvent.objects.filter(chain=chain, seq=seq)


def assert_caught(seq: int, *words: str, chain: str = CHAIN) -> None:
    verdict = verify(workers=1)
    assert not verdict.ok
    assert f"{chain}#{seq}:" in verdict.problem
    for word in words:
        assert word in verdict.problem


COLUMN_EDITS = {
    "action": lambda q: q.update(action="unit.delete"),
    "actor": lambda q: q.update(actor="someone else"),
    "actor_id": lambda q: q.update(actor_id=999),
    "actor_id to null": lambda q: q.update(actor_id=None),
    "object_type": lambda q: q.update(object_type="registry.Agency"),
    "object_id": lambda q: q.update(object_id="999"),
    "agency_id": lambda q: q.update(agency_id=8),
    "at by a microsecond": lambda q: q.update(at=F("at") + dt.timedelta(microseconds=1)),
    "at by an hour": lambda q: q.update(at=F("at") - dt.timedelta(hours=1)),
    "before, one value": lambda q: q.update(before={"name": "伪造", "z": [1, 2.5, None], "a": {"y": True, "b": "x"}}),
    "before, nested value": lambda q: q.update(before={"name": "第4科", "z": [1, 2.5, None], "a": {"y": False, "b": "x"}}),
    "before to null": lambda q: q.update(before=None),
    "after, key added": lambda q: q.update(after={"name": "第4科（改）", "n": 4, "when": "2026-01-05", "x": 1}),
    "after, number": lambda q: q.update(after={"name": "第4科（改）", "n": 5, "when": "2026-01-05"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edit", COLUMN_EDITS.values(), ids=COLUMN_EDITS.keys())
def test_a_changed_column_of_any_kind_is_caught(edit):
    make_history()
    assert verify(workers=1).ok
    edit(event(5))
    assert_caught(5, "columns differ", "altered")


@pytest.mark.django_db
def test_a_column_edited_as_raw_json_text_is_caught():
    make_history()
    raw("UPDATE audit_auditevent SET after = %s WHERE chain = %s AND seq = 2", ['{"name": "伪造"}', CHAIN])
    assert_caught(2, "altered")


@pytest.mark.django_db
def test_the_sql_check_vouches_for_every_untouched_event_and_for_no_edited_one():
    """Else every event would take the slow Python path (or an edit would slip through SQL)."""
    make_history()
    event(3).update(actor="someone else")
    sql = f"SELECT seq, {audit_chain._same_sql()} FROM audit_auditevent WHERE chain = %s ORDER BY seq"  # noqa: S608
    with connection.cursor() as cur:
        cur.execute(sql, [CHAIN])
        same = {seq: bool(s) for seq, s in cur.fetchall()}
    assert same == {seq: seq != 3 for seq in range(1, 11)}


@pytest.mark.django_db
def test_the_same_content_spelled_differently_is_no_false_alarm():
    """Older rows' JSON (keys unsorted, spaces) fail the SQL comparison; the exact check passes them."""
    make_history()
    raw("UPDATE audit_auditevent SET after = %s WHERE chain = %s AND seq = 1",
        ['{"when": "2026-01-01", "n": 0, "name": "第0科（改）"}', CHAIN])
    assert verify(workers=1).ok


@pytest.mark.django_db
def test_a_chain_of_many_unvouched_rows_is_walked_with_the_python_check(monkeypatch):
    """Events written before the JSON columns were key-sorted: after a few, the whole chain is
    checked in Python (no query per row), still exactly."""
    monkeypatch.setattr(audit_chain, "_UNVOUCHED_LIMIT", 2)
    make_history()
    for seq in range(1, 8):
        raw("UPDATE audit_auditevent SET before = %s WHERE chain = %s AND seq = %s",
            [f'{{"z": [1, 2.5, null], "name": "第{seq - 1}科", "a": {{"b": "x", "y": true}}}}', CHAIN, seq])
    walked = []
    monkeypatch.setattr(audit_chain, "_slow_batches", lambda c, f=audit_chain._slow_batches: walked.append(c) or f(c))
    assert verify(workers=1).ok
    # PostgreSQL compares as jsonb, which key order and spacing do not change: nothing to redo.
    assert walked == ([CHAIN] if connection.vendor == "sqlite" else [])
    event(6).update(actor="someone else")
    assert_caught(6, "columns differ")


@pytest.mark.django_db
def test_a_changed_payload_is_caught():
    make_history()
    ev = event(6).get()
    event(6).update(payload=ev.payload.replace("officer5", "officer9"))
    assert_caught(6, "does not match its hash", "altered")


@pytest.mark.django_db
def test_a_payload_rewritten_and_rehashed_without_its_columns_is_caught():
    """The hash chain holds (payload and every later hash redone); only the column check sees it."""
    make_history()
    running = event(6).get().prev_hash
    for ev in AuditEvent.objects.filter(chain=CHAIN, seq__gte=6).order_by("seq"):
        fields = event_fields(ev)
        if ev.seq == 6:
            fields["after"] = {**fields["after"], "name": "伪造"}
        ev.payload, ev.prev_hash = canonical_text(fields), running
        ev.hash = running = hashlib.sha256((running + ev.payload).encode()).hexdigest()
        ev.save(update_fields=["payload", "prev_hash", "hash"])
    assert_caught(6, "columns differ")


@pytest.mark.django_db
def test_a_payload_that_is_not_json_is_reported_not_a_crash():
    """PostgreSQL cannot even cast it for the SQL comparison: the chain is walked again with the
    comparison in Python, and the event is named. (The JSON columns themselves cannot hold
    malformed JSON: both databases refuse it.)"""
    make_history()
    event(4).update(payload="{not json")
    assert_caught(4, "altered")
    assert verify(workers=1).count == 3  # the good events before it


@pytest.mark.django_db
def test_the_migration_fills_payloads_that_hash_to_the_stored_hashes():
    make_history()
    written = dict(AuditEvent.objects.values_list("pk", "payload"))
    AuditEvent.objects.update(payload="")
    assert not verify(workers=1).ok
    migration = import_module("yifa.audit.migrations.0004_event_payload")
    migration.BATCH = 3  # several batches
    migration.fill(apps, SimpleNamespace(connection=connection))  # all fill uses of a schema editor
    assert dict(AuditEvent.objects.values_list("pk", "payload")) == written
    assert verify(workers=1).ok


# --- parallel processes ---------------------------------------------------------------------

TAMPERINGS = {
    "none": lambda: None,
    "column": lambda: event(2, "agency:8").update(actor="x"),
    "payload": lambda: event(9).update(payload="{}"),
    "deleted": lambda: event(2, "global").delete(),
    "tail": lambda: event(10).delete(),
    "two chains": lambda: (event(3, "agency:8").update(action="x"), event(7).update(action="y")),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_parallel_verification_gives_the_serial_verdict(tamper):
    make_history()
    tamper()
    assert audit_chain._can_fork(2)  # committed data, a file or server database: it really forks
    assert verify(workers=2) == verify(workers=1)


@pytest.mark.django_db(transaction=True)
def test_workers_use_their_own_connections_and_leave_the_parent_s_working():
    make_history()
    assert verify(workers=2).ok
    assert verify(workers=2).count == 16
    assert AuditEvent.objects.count() == 16  # the parent's connection still works


@pytest.mark.django_db
def test_inside_a_transaction_chains_are_walked_here():
    """Other processes could not see uncommitted events: no fork inside a transaction."""
    make_history()
    assert not audit_chain._can_fork(2)
    assert verify(workers=2).count == 16
    assert check_chain(CHAIN).count == 10


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_worker_walks_alone(monkeypatch):
    """django-q2 runs tasks in daemonic processes, which may not have children: the scheduled
    verification walked into "daemonic processes are not allowed to have children"."""
    import multiprocessing

    make_history()
    assert audit_chain._can_fork(2)
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True)
    assert not audit_chain._can_fork(2)
    assert verify(workers=2).ok
