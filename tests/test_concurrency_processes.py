"""Several OS processes on one database at once (SQLite here, PostgreSQL in CI): two people
acting on one case cannot both succeed, and document numbers and audit chains stay whole."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.conftest import CASE_FIELDS

WORKER = r"""
import os, sys, time
import django
django.setup()
from yifa.lib.errors import ActionError
start_at, mode = float(sys.argv[1]), sys.argv[2]
while time.time() < start_at:
    time.sleep(0.005)
if mode == "open":
    from yifa.accounts.models import User
    from yifa.cases.actions import open_case
    from yifa.cases.models import Case
    from yifa.registry.models import Officer
    import datetime as dt
    case = Case.objects.get(pk=int(sys.argv[3]))
    head = User.objects.get(username="head_a")
    crew = list(Officer.objects.filter(pk__in=[int(x) for x in sys.argv[4].split(",")]).order_by("pk"))
    try:
        open_case(case, opened_on=dt.date(2026, 9, 2), officers=crew, lead=crew[0], acting_user=head)
        print("OK")
    except ActionError as err:
        print("REFUSED", err.en)
else:
    from yifa.documents.models import DocumentKind
    from yifa.documents.numbering import allocate_number
    from yifa.registry.models import Agency
    agency, kind = Agency.objects.get(pk=int(sys.argv[3])), DocumentKind.objects.get(code="penalty_decision")
    print(" ".join(str(allocate_number(agency, kind, 2026)) for _ in range(10)))
"""


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def run_processes(worker: str, args_per_worker: list[list[str]], **env: str) -> list[str]:
    """Each process runs `worker` (Python source: argv[1] is the shared start time, then its own
    arguments): all import Django first, then start together. Their outputs, in order."""
    environ = {**os.environ, "YIFA_DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "yifa.settings", **env}
    environ.pop("YIFA_TESTING", None)
    start_at = str(time.time() + 4.0)
    procs = [subprocess.Popen([sys.executable, "-c", worker, start_at, *a], env=environ, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for a in args_per_worker]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.strip())
    return outs


def run_workers(args_per_worker: list[list[str]]) -> list[str]:
    return run_processes(WORKER, args_per_worker)


@pytest.mark.django_db(transaction=True)
def test_only_one_of_four_processes_opens_the_case(agency_a, penalty_power, crew_a, officer_a, head_a):
    from yifa.audit.chain import verify
    from yifa.cases.actions import register_case
    from yifa.cases.models import CaseOfficer, CaseStep

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    crew = f"{crew_a['lead'].pk},{crew_a['colleague'].pk}"
    outs = run_workers([["open", str(case.pk), crew] for _ in range(4)])
    assert sorted(o.split()[0] for o in outs) == ["OK", "REFUSED", "REFUSED", "REFUSED"], outs
    case.refresh_from_db()
    assert case.status == "opened"
    assert case.version == 1
    assert CaseStep.objects.filter(case=case, step="open").count() == 1
    assert CaseOfficer.objects.filter(case=case).count() == 2
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_document_numbers_from_four_processes_have_no_gap(agency_a):
    outs = run_workers([["number", str(agency_a.pk)] for _ in range(4)])
    numbers = sorted(int(n) for out in outs for n in out.split())
    assert numbers == list(range(1, 41))
