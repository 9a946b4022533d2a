"""One lock order everywhere: record row → number counters → audit chain head.

Two kinds of test. The unit tests trace the statements an action runs and check the order in
which it takes the three kinds of lock (opening a case, making a numbered document). The
concurrency tests put many writers of one agency to work at once — threads, and OS processes as
in test_concurrency_processes — opening cases (case row → 立案号 counter → chain head), making
numbered documents, adding evidence, taking emergency measures and editing the registry: if any
path took the locks in another order, PostgreSQL would abort one with "deadlock detected" and
SQLite would time out. Each writer must succeed or get the clean "someone else updated"
refusal; numbers have no gap or duplicate; the audit chain verifies.

Runs on whichever database the suite targets (SQLite in `make test`, PostgreSQL in CI).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, transaction

from tests.conftest import CASE_FIELDS
from tests.test_concurrency_processes import run_processes

VIDEO = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64  # an MP4 header: enough for the type check
FAKE_PDF = b"%PDF-1.4\n% lock-order test\n"
STALE = "Someone else has updated this case; reload and try again."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_pdf_renderer(monkeypatch):
    """Documents without the CJK font and the seconds of PDF rendering: the .docx is filled and
    stored for real, the PDF is a stub (still attached in its own audited transaction)."""
    from yifa.documents import render

    monkeypatch.setattr(render, "cjk_font", lambda: "Noto Sans CJK SC")
    monkeypatch.setattr(render, "docx_to_pdf", lambda docx, title="": FAKE_PDF)


# --- which lock, in which order ------------------------------------------------------------


class LockTrace:
    """Every statement the connection runs, reduced to the locks it takes:
    "begin" (SQLite's BEGIN IMMEDIATE: the database write lock), "record" (a locked read of a
    record row: SELECT … FOR NO KEY UPDATE; on SQLite, which drops the clause, the same reads),
    "counter" (the number counter's UPDATE … RETURNING) and "head" (the chain head's read)."""

    def __init__(self, record_reads: set[str]) -> None:
        from yifa.audit.models import ChainHead
        from yifa.documents.models import DocumentCounter

        self.record_reads = record_reads
        self.head_table, self.counter_table = ChainHead._meta.db_table, DocumentCounter._meta.db_table
        self.locks: list[str] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        kind = self.kind_of(sql)
        if kind:
            self.locks.append(kind)
        return execute(sql, params, many, context)

    def kind_of(self, sql: str) -> str | None:
        text = " ".join(sql.split())
        if text.upper().startswith("BEGIN"):
            return "begin" if "IMMEDIATE" in text.upper() else "begin (deferred)"
        if text.startswith("SELECT") and f"FROM {self.head_table} " in text:
            return "head"
        if text.startswith("UPDATE") and self.counter_table in text:
            return "counter"
        if " FOR UPDATE" in text and self.head_table not in text:
            # PostgreSQL checks foreign keys at COMMIT (Django makes them DEFERRABLE INITIALLY
            # DEFERRED), taking FOR KEY SHARE on the parent rows after the chain head: a record
            # lock that conflicts with that (FOR UPDATE) can deadlock; FOR NO KEY UPDATE cannot.
            return "record FOR UPDATE (conflicts with deferred foreign-key checks)"
        if text in self.record_reads or " FOR NO KEY UPDATE" in text:
            return "record"
        return None


def locked_reads(*objs: Any) -> set[str]:
    """The SQL of the two locked reads the actions use (`rows.locked_row`, the stepper's, and
    `select_for_update(no_key=True).get`), for these rows' models, as the connection sends it
    (on SQLite, which has no row locks, the plain SELECT)."""
    from yifa.lib.rows import locked_row

    seen: list[str] = []

    def keep(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(" ".join(sql.split()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        for obj in objs:
            with transaction.atomic():
                locked_row(type(obj), obj.pk)
                type(obj).objects.select_for_update(no_key=True).get(pk=obj.pk)
    return {s for s in seen if s.startswith("SELECT")}


@contextmanager
def trace(record_reads: set[str]) -> Iterator[LockTrace]:
    recorder = LockTrace(record_reads)
    with connection.execute_wrapper(recorder):
        yield recorder


def transactions(locks: list[str]) -> list[list[str]]:
    """The locks per transaction (on SQLite each starts with "begin"), repeats dropped: the
    first time each lock is taken is what matters."""
    if connection.vendor == "sqlite":
        assert locks, locks
        assert locks[0] == "begin", locks  # the action's transaction is BEGIN IMMEDIATE
        parts: list[list[str]] = []
        for lock in locks:
            if lock.startswith("begin"):
                assert lock == "begin", locks
                parts.append([])
            elif lock not in parts[-1]:
                parts[-1].append(lock)
        return parts
    firsts: list[str] = []
    for lock in locks:
        if lock not in firsts:
            firsts.append(lock)
    return [firsts]


def assert_in_order(locks: list[str]) -> None:
    """Within each transaction: no record lock after a counter or the head, no counter after the head."""
    rank = {"record": 0, "counter": 1, "head": 2}
    for part in transactions(locks):
        ranks = [rank[lock] for lock in part]
        assert ranks == sorted(ranks), part


@pytest.mark.django_db(transaction=True)
def test_opening_a_case_locks_the_case_then_the_counter_then_the_chain_head(agency_a, penalty_power, crew_a,
                                                                             officer_a, head_a):
    from yifa.cases.actions import open_case, register_case

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    reads = locked_reads(case)
    with trace(reads) as t:
        open_case(case, opened_on=dt.date(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                  lead=crew_a["lead"], acting_user=head_a)
    assert transactions(t.locks) == [["record", "counter", "head"]], t.locks
    assert_in_order(t.locks)


@pytest.mark.django_db(transaction=True)
def test_making_a_document_locks_the_case_then_the_counter_then_the_chain_head(agency_a, penalty_power, crew_a,
                                                                               officer_a, head_a):
    from yifa.cases.actions import open_case, register_case
    from yifa.documents.actions import generate_document
    from yifa.documents.models import Document

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    case = open_case(case, opened_on=dt.date(2026, 9, 2), officers=[crew_a["lead"], crew_a["colleague"]],
                     lead=crew_a["lead"], acting_user=head_a)
    generate_document(case, "prior_notice", acting_user=head_a)  # a first one, so a Document row exists
    reads = locked_reads(case, Document.objects.get())
    with trace(reads) as t:
        doc = generate_document(case, "prior_notice", acting_user=head_a)
    assert doc.serial == 2
    assert doc.pdf_id is not None
    # The numbered .docx in one transaction; the PDF attached in a second (document row → head).
    expected = [["record", "counter", "head"], ["record", "head"]]
    assert transactions(t.locks) == (expected if connection.vendor == "sqlite" else [["record", "counter", "head"]])
    assert_in_order(t.locks)


def test_the_trace_sees_an_order_violation():
    """The checker itself: a head before a counter, or a counter before a record lock, fails."""
    for bad in (["begin", "head", "counter"], ["begin", "counter", "record"]):
        locks = bad if connection.vendor == "sqlite" else bad[1:]
        with pytest.raises(AssertionError):
            assert_in_order(locks)


# --- many writers on one agency at once -------------------------------------------------------

NUMBER = re.compile(r"〔(\d{4})〕(\d+)号$")


def setup_agency(agency_a: Any, penalty_power: Any, crew_a: Any, officer_a: Any, head_a: Any,
                 to_open: int, opened: int) -> tuple[list[Any], list[Any]]:
    """`to_open` registered cases, and `opened` cases opened already (to make documents on)."""
    from yifa.cases.actions import open_case, register_case

    crew = [crew_a["lead"], crew_a["colleague"]]
    cases = [register_case(agency=agency_a, power=penalty_power, acting_user=officer_a,
                           **(CASE_FIELDS | {"title": f"锁顺序案{i}"})) for i in range(to_open + opened)]
    done = [open_case(c, opened_on=dt.date(2026, 9, 2), officers=crew, lead=crew[0], acting_user=head_a)
            for c in cases[to_open:]]
    return cases[:to_open], done


def check_agency(agency: Any, opened_cases: int, expect: dict[str, int]) -> None:
    """Numbers without gap or duplicate; counts consistent with the audit; the chain verifies."""
    from yifa.audit.chain import verify
    from yifa.audit.models import AuditEvent
    from yifa.cases.models import Case, CaseStep
    from yifa.documents.models import Document, DocumentCounter

    opened = Case.objects.filter(agency=agency, status="opened")
    assert opened.count() == opened_cases
    assert CaseStep.objects.filter(case__agency=agency, step="open").count() == opened_cases
    serials: dict[tuple[str, int], list[int]] = {}
    for number in opened.values_list("number", flat=True):
        found = NUMBER.search(number)
        assert found, number
        serials.setdefault(("case_opening", int(found[1])), []).append(int(found[2]))
    for code, year, serial in Document.objects.filter(agency=agency, serial__isnull=False).values_list(
            "kind__code", "year", "serial"):
        serials.setdefault((code, year), []).append(serial)
    counters = {(c.kind.code, c.year): c.last for c in DocumentCounter.objects.filter(agency=agency)}
    for key, numbers in serials.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (key, sorted(numbers))
        assert counters.get(key) == len(numbers), (key, counters)
    chain = f"agency:{agency.pk}"
    seqs = list(AuditEvent.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    actions = Counter(AuditEvent.objects.filter(chain=chain).values_list("action", flat=True))
    for action, n in expect.items():
        assert actions[action] == n, (action, actions)
    verdict = verify()
    assert verdict.ok, verdict.problem
    assert verdict.count == AuditEvent.objects.count()


@pytest.mark.django_db(transaction=True)
def test_many_writers_on_one_agency_never_deadlock(  # noqa: C901 - one scenario of ten writers, read top to bottom
        agency_a, penalty_power, crew_a, officer_a, head_a, supervisor):
    """Ten threads on agency A at once: each registered case is opened by two of them (one wins,
    one is refused as stale), the others make numbered documents on opened cases, add evidence,
    take emergency measures with the officers whose registry records are being edited, and
    create units. No deadlock, no "database is locked": every writer succeeds or is refused cleanly."""
    from yifa.cases.actions import open_case
    from yifa.cases.models import Case
    from yifa.coercion.actions import take_emergency_measure
    from yifa.coercion.models import Measure
    from yifa.documents.actions import generate_document
    from yifa.evidence.actions import add_evidence
    from yifa.evidence.models import Evidence
    from yifa.lib.errors import ActionError
    from yifa.registry.actions import create_record, update_record
    from yifa.registry.models import Officer, Unit

    to_open, opened = setup_agency(agency_a, penalty_power, crew_a, officer_a, head_a, to_open=5, opened=2)
    crew = [crew_a["lead"], crew_a["colleague"]]
    tasks: list[list[tuple[str, Callable[[], Any]]]] = [[] for _ in range(10)]

    def opener(case_pk: int) -> Callable[[], Any]:
        stale = Case.objects.get(pk=case_pk)  # each thread its own copy, read before anyone opens
        return lambda: open_case(stale, opened_on=dt.date(2026, 9, 2), officers=crew, lead=crew[0],
                                 acting_user=head_a)

    for i, case in enumerate(to_open):  # two different threads race for each case
        tasks[i % 5].append(("open", opener(case.pk)))
        tasks[5 + (i + 2) % 5].append(("open", opener(case.pk)))
    for w in range(10):
        target = opened[w % 2]
        if w % 3 == 0:
            tasks[w].append(("document", lambda t=target: generate_document(t, "prior_notice", acting_user=head_a)))
        if w % 3 == 1:
            tasks[w].append(("evidence", lambda t=target, w=w: add_evidence(
                t, kind="documentary", title=f"进货单据{w}", upload=None, acting_user=head_a)))
        if w % 4 == 0:
            tasks[w].append(("measure", lambda w=w: take_emergency_measure(
                agency=agency_a, kind="seizure", items=f"涉案食品{w}箱", reason="涉嫌违法", party_name="浦江县某某食品店",
                started_on=dt.date(2026, 9, 29), officers=crew, av_record=VIDEO,
                emergency_reason="当事人正在转移涉案食品", acting_user=officer_a,
                carried_out_at=dt.datetime(2026, 9, 29, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))))))
        if w % 4 == 1:
            tasks[w].append(("officer", lambda w=w: update_record(
                Officer.objects.get(pk=crew[w % 2].pk), {"issuing_authority": f"浙江省人民政府{w}"},
                acting_user=supervisor)))
        tasks[w].append(("unit", lambda w=w: create_record(Unit, {"agency": agency_a, "name": f"锁顺序{w}"},
                                                           acting_user=supervisor)))
    start = threading.Barrier(10, timeout=30)

    def work(w: int) -> list[tuple[str, str]]:
        try:
            start.wait()
            done = []
            for what, task in tasks[w]:
                try:
                    task()
                    done.append((what, "ok"))
                except ActionError as err:  # anything else (a deadlock, "database is locked") fails the test
                    done.append((what, err.en))
            return done
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = [r for batch in pool.map(work, range(10)) for r in batch]
    outcomes = Counter(results)
    assert outcomes[("open", "ok")] == 5, outcomes
    assert outcomes[("open", STALE)] == 5, outcomes
    assert all(r == "ok" for what, r in results if what != "open"), outcomes
    made = Counter(what for what, _ in results)
    assert Unit.objects.filter(name__startswith="锁顺序").count() == made["unit"]
    assert Evidence.objects.filter(case__agency=agency_a).count() == made["evidence"]
    assert Measure.objects.filter(agency=agency_a, status="in_force").count() == made["measure"]
    check_agency(agency_a, opened_cases=7, expect={
        "case.open": 7, "document.generate": made["document"], "document.pdf": made["document"],
        "evidence.add": made["evidence"], "measure.propose": made["measure"], "measure.execute": made["measure"],
        "unit.create": made["unit"],
    })


WORKER = r"""
import datetime as dt, json, os, sys, time
import django
django.setup()
from yifa.documents import render
render.cjk_font = lambda: "Noto Sans CJK SC"
render.docx_to_pdf = lambda docx, title="": b"%PDF-1.4\n% lock-order test\n"
from yifa.accounts.models import User
from yifa.cases.actions import open_case
from yifa.cases.models import Case
from yifa.documents.actions import generate_document
from yifa.evidence.actions import add_evidence
from yifa.lib.errors import ActionError
from yifa.registry.actions import create_record
from yifa.registry.models import Officer, Unit
start_at, worker, spec = float(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
head, supervisor = User.objects.get(username="head_a"), User.objects.get(username="supervisor")
crew = list(Officer.objects.filter(pk__in=spec["crew"]).order_by("pk"))
stale = {pk: Case.objects.get(pk=pk) for pk in spec["open"]}
opened = [Case.objects.get(pk=pk) for pk in spec["opened"]]
while time.time() < start_at:
    time.sleep(0.005)
out = []
def attempt(what, fn):
    try:
        fn()
        out.append([what, "ok"])
    except ActionError as err:
        out.append([what, err.en])
for i, pk in enumerate(spec["open"]):
    attempt("open", lambda: open_case(stale[pk], opened_on=dt.date(2026, 9, 2), officers=crew, lead=crew[0],
                                      acting_user=head))
    target = opened[(worker + i) % len(opened)]
    attempt("document", lambda: generate_document(target, "prior_notice", acting_user=head))
    attempt("evidence", lambda: add_evidence(target, kind="documentary", title=f"单据{worker}-{i}", upload=None,
                                             acting_user=head))
    attempt("unit", lambda: create_record(Unit, {"agency_id": crew[0].agency_id, "name": f"锁顺序p{worker}-{i}"},
                                          acting_user=supervisor))
print(json.dumps(out))
"""


@pytest.mark.django_db(transaction=True)
def test_three_processes_on_one_agency_never_deadlock(agency_a, penalty_power, crew_a, officer_a, head_a,
                                                      supervisor, tmp_path):
    """The same on separate OS processes (separate SQLite connections and file locks): each
    registered case is raced for by two processes, and between openings each makes a numbered
    document, adds evidence and creates a unit."""
    from yifa.evidence.models import Evidence
    from yifa.registry.models import Unit

    to_open, opened = setup_agency(agency_a, penalty_power, crew_a, officer_a, head_a, to_open=3, opened=2)
    ids = [c.pk for c in to_open]
    crew = [crew_a["lead"].pk, crew_a["colleague"].pk]
    specs = [{"open": [ids[w], ids[(w + 1) % 3]], "opened": [c.pk for c in opened], "crew": crew} for w in range(3)]
    outs = run_processes(WORKER, [[str(w), json.dumps(spec)] for w, spec in enumerate(specs)], var=tmp_path)
    results = [tuple(r) for out in outs for r in json.loads(out.splitlines()[-1])]
    outcomes = Counter(results)
    assert outcomes[("open", "ok")] == 3, outcomes
    assert outcomes[("open", STALE)] == 3, outcomes
    assert all(r == "ok" for what, r in results if what != "open"), outcomes
    assert Unit.objects.filter(name__startswith="锁顺序p").count() == 6
    assert Evidence.objects.filter(case__agency=agency_a).count() == 6
    check_agency(agency_a, opened_cases=5, expect={
        "case.open": 5, "document.generate": 6, "document.pdf": 6, "evidence.add": 6, "unit.create": 6,
    })
