"""Scheduled work (django-q2, database broker): the audit seal runs by itself, and several
workers at once never fork the seal chain (compare-and-set)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import IntegrityError, transaction
from django_q.models import Schedule
from django_q.tasks import async_task

from tests.test_concurrency_processes import database_url, run_processes
from yifa.audit.chain import seal, verify
from yifa.audit.models import AuditSeal
from yifa.audit.record import record
from yifa.audit.tasks import SCHEDULES, seal_chains, verify_chains
from yifa.lib.schedules import ensure


def test_the_schedule_rows_exist_after_migrate(db):
    rows = {s.name: (s.func, s.schedule_type, s.repeats) for s in Schedule.objects.all()}
    assert rows["audit-seal-hourly"] == ("yifa.audit.tasks.seal_chains", Schedule.HOURLY, -1)
    assert rows["audit-verify-daily"] == ("yifa.audit.tasks.verify_chains", Schedule.DAILY, -1)


def test_ensure_is_idempotent_and_puts_an_edited_row_back(db):
    assert ensure(SCHEDULES) == 0  # migrate already wrote them
    Schedule.objects.filter(name="audit-seal-hourly").update(func="os.system", repeats=0)
    Schedule.objects.filter(name="audit-verify-daily").delete()
    assert ensure(SCHEDULES) == 2
    assert ensure(SCHEDULES) == 0
    row = Schedule.objects.get(name="audit-seal-hourly")
    assert (row.func, row.repeats) == ("yifa.audit.tasks.seal_chains", -1)
    assert Schedule.objects.filter(name="audit-verify-daily").count() == 1


def audited_write(user) -> None:
    with transaction.atomic():
        record("test.touch", user, acting_user=user)


def test_the_scheduled_function_through_django_q_makes_a_seal(db, officer_a):
    audited_write(officer_a)
    before = AuditSeal.objects.count()
    task_id = async_task("yifa.audit.tasks.seal_chains", sync=True)
    assert task_id
    assert AuditSeal.objects.count() == before + 1
    newest = AuditSeal.objects.order_by("-id").first()
    assert newest is not None
    assert newest.heads
    assert verify().ok
    assert verify_chains().startswith("OK")


def test_a_second_seal_on_the_same_predecessor_is_refused(db):
    first = seal()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditSeal.objects.create(at=first.at, heads={}, prev_hash=first.prev_hash, hash="f" * 64)
    assert AuditSeal.objects.count() == 1


def test_seal_chains_seals_again_when_another_worker_sealed_first(db, monkeypatch):
    """The retry path: the first attempt loses the race (as on PostgreSQL), the second wins."""
    import yifa.audit.tasks as tasks

    calls = []

    def racing_seal() -> AuditSeal:
        calls.append(1)
        if len(calls) == 1:
            seal()  # "the other worker" seals first …
            with transaction.atomic():  # … and our insert on the same predecessor fails
                last = AuditSeal.objects.order_by("-id").first()
                assert last is not None
                AuditSeal.objects.create(at=last.at, heads={}, prev_hash=last.prev_hash, hash="e" * 64)
        return seal()

    monkeypatch.setattr(tasks, "seal", racing_seal)
    seal_chains()
    assert len(calls) == 2
    assert AuditSeal.objects.count() == 2
    assert verify().ok


SEALER = r"""
import sys, time
import django
django.setup()
from yifa.audit.tasks import seal_chains
start_at = float(sys.argv[1])
while time.time() < start_at:
    time.sleep(0.005)
print(" ".join(seal_chains()[:8] for _ in range(int(sys.argv[2]))))
"""


@pytest.mark.django_db(transaction=True)
def test_four_workers_sealing_at_once_keep_one_seal_chain(officer_a):
    audited_write(officer_a)
    outs = run_processes(SEALER, [["5"] for _ in range(4)])
    assert sum(len(o.split()) for o in outs) == 20
    seals = list(AuditSeal.objects.order_by("id"))
    assert len(seals) == 20
    assert len({s.prev_hash for s in seals}) == 20  # no fork: every seal has its own predecessor
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_real_qcluster_runs_the_seal_by_itself(officer_a, tmp_path):
    """`yifa qcluster` (what `make run` starts) runs the due hourly seal without anyone typing a command.

    The cluster's own scheduler looks at the Schedule rows every 30 s; to keep this test short,
    that one look is taken here (django_q's `scheduler()`, which queues the due task on the
    database broker), and the real worker process runs it."""
    from django_q.scheduler import scheduler

    audited_write(officer_a)
    Schedule.objects.filter(name="audit-verify-daily").delete()  # only the seal, to keep the run short
    scheduler()
    assert not AuditSeal.objects.exists()  # queued, not run
    env = {**os.environ, "YIFA_DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "yifa.settings"}
    env.pop("YIFA_TESTING", None)
    proc = subprocess.Popen([sys.executable, "-m", "yifa", "qcluster"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "qcluster.log").open("w"))
    try:
        deadline = time.monotonic() + 25
        while not AuditSeal.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert AuditSeal.objects.exists(), (tmp_path / "qcluster.log").read_text()[-3000:]
    assert Schedule.objects.get(name="audit-seal-hourly").next_run > AuditSeal.objects.get().at
    assert verify().ok
