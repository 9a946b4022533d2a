"""Faults: a process killed (-9) in the middle of a write, and a database that cannot be written.

A real process is stopped inside its transaction — after part of its rows, and their audit
events, are written — by a pause the worker puts around the audit chain's `append` (test code
only: nothing in Yifa waits for a test). Afterwards every table is as before, the chain
verifies, and the same operation run again succeeds."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import CASE_FIELDS, client_for
from tests.helpers import assert_unchanged, snapshot
from tests.test_concurrency_processes import database_url
from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.registry.models import Agency, Unit

WORKER = r"""
import pathlib, sys, time
import django
django.setup()
import yifa.audit.chain as chain, yifa.audit.record as record, yifa.demo.build as build, yifa.demo.cases as cases
signal_file, pause_at, mode, args = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
original, calls = chain.append, [0]

def pausing(*a, **kw):
    events = original(*a, **kw)
    calls[0] += 1
    if calls[0] == pause_at:  # rows and their audit events written, transaction still open
        signal_file.write_text(str(calls[0]))
        time.sleep(600)
    return events

for module in (record, build, cases):
    module.append = pausing

from django.core.management import call_command
if mode == "step":
    import datetime as dt
    from yifa.accounts.models import User
    from yifa.cases.actions import open_case
    from yifa.cases.models import Case
    from yifa.registry.models import Officer
    crew = list(Officer.objects.filter(pk__in=[int(x) for x in args[1].split(",")]).order_by("pk"))
    open_case(Case.objects.get(pk=int(args[0])), opened_on=dt.date(2026, 9, 2), officers=crew, lead=crew[0],
              acting_user=User.objects.get(username="head_a"))
elif mode == "import":
    call_command("import_registry", "units", args[0], "--user", "head_a")
else:
    call_command("demo", "--if-empty")
print("DONE", calls[0])
"""


def worker(tmp_path: Path, pause_at: int, mode: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "YIFA_DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "yifa.settings"}
    env.pop("YIFA_TESTING", None)
    return subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path / "paused"), str(pause_at), mode, *args],
                            env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_midway(tmp_path: Path, pause_at: int, mode: str, *args: str) -> None:
    """Run the operation in a process, wait until it is inside its transaction, kill -9 it."""
    proc = worker(tmp_path, pause_at, mode, *args)
    deadline = time.monotonic() + 25
    while not (tmp_path / "paused").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    paused = (tmp_path / "paused").exists()
    proc.send_signal(signal.SIGKILL)
    _out, err = proc.communicate(timeout=10)
    assert paused, f"the worker never reached its pause: {err[-2000:]}"
    assert proc.returncode == -signal.SIGKILL


def run_to_the_end(tmp_path: Path, mode: str, *args: str) -> str:
    proc = worker(tmp_path, 0, mode, *args)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-3000:]
    return out


def chain_verifies() -> None:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)  # `yifa audit verify`: exits 1 on a break
    assert out.getvalue().startswith("OK")
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_kill_during_a_workflow_step(tmp_path, agency_a, penalty_power, crew_a, officer_a, head_a):
    from yifa.cases.actions import register_case
    from yifa.cases.models import CaseStep, Status

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    crew = f"{crew_a['lead'].pk},{crew_a['colleague'].pk}"
    before = snapshot()

    kill_midway(tmp_path, 1, "step", str(case.pk), crew)

    assert snapshot() == before  # no case change, no step record, no audit event
    chain_verifies()
    assert "DONE" in run_to_the_end(tmp_path, "step", str(case.pk), crew)
    case.refresh_from_db()
    assert case.status == Status.OPENED
    assert CaseStep.objects.filter(case=case, step="open").count() == 1
    chain_verifies()


def units_file(path: Path, agency: Agency, names: list[str]) -> Path:
    from yifa.transfer.kinds import UNITS

    wb = Workbook()
    ws = wb.active
    ws.append(UNITS.headers)
    values = {"执法主体统一社会信用代码": agency.uscc, "执法主体": agency.name}
    for name in names:
        ws.append([{**values, "名称": name, "职责": f"{name}职责"}.get(h) for h in UNITS.headers])
    wb.save(path)
    return path


@pytest.mark.django_db(transaction=True)
def test_kill_during_a_bulk_import(tmp_path, agency_a, head_a):
    names = [f"第{i}科" for i in range(1, 9)]
    path = units_file(tmp_path / "units.xlsx", agency_a, names)
    before = snapshot()

    kill_midway(tmp_path, 3, "import", str(path))  # after the third of eight rows

    assert snapshot() == before
    chain_verifies()
    assert "新增8条" in run_to_the_end(tmp_path, "import", str(path))
    assert sorted(Unit.objects.filter(agency=agency_a).values_list("name", flat=True)) == sorted(names)
    assert AuditEvent.objects.filter(action="unit.create").count() == 8
    chain_verifies()


@pytest.mark.django_db(transaction=True)
def test_kill_during_demo_generation(tmp_path):
    before = snapshot()

    kill_midway(tmp_path, 100, "demo")  # the county is built; its stories are being walked through

    assert snapshot() == before  # nothing of it: `--if-empty` will build it again
    assert not Agency.objects.exists()
    chain_verifies()
    out = run_to_the_end(tmp_path, "demo")
    assert "DONE" in out
    assert "演示数据已生成" in out
    assert Agency.objects.exists()
    chain_verifies()


# --- a database that cannot be written -------------------------------------------------


@contextmanager
def read_only() -> Iterator[None]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA query_only = ON")  # SQLITE_READONLY, as for a read-only file
        else:
            cur.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("PRAGMA query_only = OFF" if connection.vendor == "sqlite"
                        else "SET default_transaction_read_only = off")


@contextmanager
def full() -> Iterator[None]:
    if connection.vendor != "sqlite":
        pytest.skip("a full disk is simulated with SQLite's max_page_count")
    with connection.cursor() as cur:
        cur.execute("VACUUM")  # no free pages left inside the file …
        cur.execute("PRAGMA page_count")
        pages = cur.fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")  # … and none may be added: SQLITE_FULL
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("PRAGMA max_page_count = 1073741823")


MESSAGE_ZH = "数据库只读或已满"
BIG = "检查" * 20000  # needs many new pages


@pytest.mark.parametrize("fault", [read_only, full])
@pytest.mark.django_db(transaction=True)
def test_an_unwritable_database_answers_503_in_both_languages_and_writes_nothing(fault, agency_a, head_a):
    api, web = client_for(head_a), client_for(head_a)
    with assert_unchanged(), fault():
        r = api.post("/api/registry/units", json.dumps({"agency_id": agency_a.pk, "name": "法制科", "duties": BIG}),
                     content_type="application/json")
        assert r.status_code == 503
        body = r.json()
        assert MESSAGE_ZH in body["message"]
        assert "read-only or full" in body["message_en"]
        page = web.post(reverse("registry:unit-new"), {"agency": agency_a.pk, "name": "法制科", "duties": BIG})
        assert page.status_code == 503
        html = page.content.decode()
        assert MESSAGE_ZH in html
        assert "nothing was saved" in html
        assert "no-store" in page["Cache-Control"]
    assert not Unit.objects.filter(name="法制科").exists()
    # once writable again, the same request succeeds
    ok = api.post("/api/registry/units", json.dumps({"agency_id": agency_a.pk, "name": "法制科", "duties": BIG}),
                  content_type="application/json")
    assert ok.status_code in (200, 201), ok.content
    chain_verifies()


@pytest.mark.django_db(transaction=True)
def test_a_workflow_step_on_an_unwritable_database_is_refused_whole(agency_a, penalty_power, crew_a, officer_a, head_a):
    from yifa.cases.actions import register_case

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    payload = {"version": case.version, "opened_on": "2026-09-02", "lead": crew_a["lead"].pk,
               "officers": [crew_a["lead"].pk, crew_a["colleague"].pk]}
    head = client_for(head_a)
    with assert_unchanged(), read_only():
        r = head.post(f"/api/cases/{case.pk}/steps/open", json.dumps(payload),
                                    content_type="application/json")
        assert r.status_code == 503, r.content
    chain_verifies()
