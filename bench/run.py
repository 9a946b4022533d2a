"""`make bench`: each figure as a ratio against a baseline measured in the same run.

1. registry list API (GET /api/registry/officers, 50 rows, logged in) against a trivial
   Django view (/healthz) served by the same gunicorn;
2. audit appends per second (one event per transaction) against raw SQLite transactions
   inserting one row each;
3. `audit verify` events per second against a bare hashlib loop over the same bytes;
4. discretion-engine evaluations per second against a bare function (bench/discretion.py).
5. bank-statement reconciliation (bench/fines.py) against a plain dict join over the same rows.
6. the alerts sweep and the yearly evaluation (bench/sweep.py, its own database of
   `--sweep-cases` cases) against an indexed range count and a GROUP BY over the cases.

Runs against a fresh demo county in a temporary directory; bounded loops on loopback only.
`--record` rewrites the results table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from databases import Raw, fresh  # bench/databases.py (this script's directory is on the path)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_requests(url: str, n: int, cookie: str = "") -> list[float]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            assert r.status == 200, r.status
        out.append(time.perf_counter() - t0)
    return out


def session_cookie(user: object = None) -> str:
    """A logged-in session for `user` (default: a supervisor), as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from yifa.accounts.models import User

    if user is None:
        user = User.objects.filter(role="supervisor").first() or User.objects.get(is_superuser=True)
    assert isinstance(user, User)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"


@contextlib.contextmanager
def gunicorn() -> Iterator[str]:
    """One gunicorn worker on a free loopback port, up and answering; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "yifa.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def bench_http(n: int) -> dict[str, float]:
    with gunicorn() as base:
        cookie = session_cookie()
        timed_requests(base + "/api/registry/officers", 20, cookie)  # warm up
        trivial = timed_requests(base + "/healthz", n)
        api = timed_requests(base + "/api/registry/officers", n, cookie)
    t, a = statistics.median(trivial), statistics.median(api)
    return {"trivial_ms": t * 1000, "api_ms": a * 1000, "ratio": a / t}


def bench_audit(n: int, workdir: Path) -> dict[str, float]:
    from django.db import transaction

    from yifa.audit.chain import Change, append

    payload = {"name": "食品安全监管科", "duties": "负责食品生产经营日常监督检查" * 3}
    t0 = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            append([Change("unit.update", "registry.Unit", str(i), 1, before=None, after=payload)],
                   actor_id=1, actor="bench")
    audit_rate = n / (time.perf_counter() - t0)

    raw = Raw(workdir, "raw")
    raw.run("CREATE TABLE bench_raw_audit (id {id}, chain TEXT, seq INT, body TEXT, h TEXT)")
    body, h = str(payload), "0" * 64
    execute, begin = raw.conn.execute, raw.begin
    insert = raw.sql("INSERT INTO bench_raw_audit (chain, seq, body, h) VALUES (?, ?, ?, ?)")
    t0 = time.perf_counter()
    for i in range(n):
        execute(begin)
        execute(insert, ("agency:1", i, body, h))
        execute("COMMIT")
    raw_rate = n / (time.perf_counter() - t0)
    raw.close()
    return {"audit_per_s": audit_rate, "raw_per_s": raw_rate, "ratio": audit_rate / raw_rate}


def add_audit_events(n: int, chains: int = 8, per_transaction: int = 1000) -> None:
    """`n` more audit events spread over `chains` agencies' chains, appended in batches (the
    demo's ~11k events are too few to time a verify that starts worker processes)."""
    from django.db import transaction

    from yifa.audit.chain import Change, append

    after = {"name": "食品安全监管科", "duties": "负责食品生产经营日常监督检查" * 3, "n": 1, "ok": True}
    for start in range(0, n, per_transaction):
        with transaction.atomic():
            append([Change("unit.update", "registry.Unit", str(i), 1000 + i % chains, before={"n": i}, after=after)
                    for i in range(start, min(n, start + per_transaction))], actor_id=1, actor="bench")


def bench_verify() -> dict[str, float]:
    """verify (chains in one process per CPU, and in this process alone) against a bare hashlib
    loop over the same bytes: each event's previous hash and stored canonical payload."""
    import hashlib

    from yifa.audit.chain import verify
    from yifa.audit.models import AuditEvent

    rows = AuditEvent.objects.order_by("chain", "seq").values_list("prev_hash", "payload").iterator(chunk_size=5000)
    payloads = [(prev.encode(), body.encode()) for prev, body in rows]
    t0, c0 = time.perf_counter(), cpu_seconds()
    for prev, body in payloads:
        hashlib.sha256(prev + body).hexdigest()
    bare, bare_cpu = len(payloads) / (time.perf_counter() - t0), len(payloads) / (cpu_seconds() - c0)
    out = {"bare_per_s": bare, "cpus": float(os.cpu_count() or 1)}
    for name, workers in (("serial", 1), ("verify", None)):
        t0, c0 = time.perf_counter(), cpu_seconds()
        verdict = verify(workers=workers)
        out[f"{name}_per_s"] = verdict.count / (time.perf_counter() - t0)
        # Events per CPU-second of this process and its workers: what a busy machine does not skew.
        out[f"{name}_cpu_ratio"] = verdict.count / (cpu_seconds() - c0) / bare_cpu
        assert verdict.ok, verdict.problem
        out["events"] = verdict.count
    return {**out, "ratio": out["verify_per_s"] / bare, "serial_ratio": out["serial_per_s"] / bare}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (verify's workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def verify_row(ver: dict[str, float]) -> tuple[str, str, str]:
    return (f"audit verify events/s vs bare hashlib ({ver['events']:.0f} events; {ver['cpus']:.0f} processes, "
            f"and in one: {ver['serial_per_s']:.0f}/s, {ver['serial_ratio']:.2f}; per CPU-second: "
            f"{ver['verify_cpu_ratio']:.2f} parallel, {ver['serial_cpu_ratio']:.2f} in one)",
            f"{ver['verify_per_s']:.0f} vs {ver['bare_per_s']:.0f}", f"{ver['ratio']:.2f} (aim ≥ 0.5)")


def bench_workflow(n_cases: int, workdir: Path) -> dict[str, float]:
    """Penalty-case steps per second (open, investigate, review, notify: four real actions per
    case) against raw SQLite transactions that update one row and insert one."""
    import datetime as dt
    from decimal import Decimal

    from yifa.cases import actions
    from yifa.demo.cases import Story
    from yifa.evidence.actions import add_evidence

    story = Story()
    cases = [story.register(10 + i % 50, f"基准当事人{i}") for i in range(n_cases)]
    for c in cases:  # evidence first (APL 40: no end of investigation without it), outside the timing
        add_evidence(c, kind="physical", title="基准涉案物品", upload=None, acting_user=story.head,
                     collected_on=c.registered_on)
    assert story.officer.officer is not None
    assert story.colleague is not None
    crew = [story.officer.officer, story.colleague]
    t0 = time.perf_counter()
    for i, c in enumerate(cases):
        day = dt.date(2026, 9, 11) + dt.timedelta(days=i % 50)
        c = actions.open_case(c, opened_on=day, officers=crew, lead=crew[0], acting_user=story.head)
        c = actions.close_investigation(c, facts="基准测试事实。", on_date=day + dt.timedelta(days=1),
                                        acting_user=story.officer)
        c = actions.review_case(c, opinion="同意。", proposed_types=["fine"], proposed_fine=Decimal("1000"),
                                serious=False, on_date=day + dt.timedelta(days=2), acting_user=story.head)
        actions.notify_case(c, notified_on=day + dt.timedelta(days=3), acting_user=story.officer)
    steps = 4 * n_cases
    rate = steps / (time.perf_counter() - t0)

    raw = Raw(workdir, "raw-steps")
    raw.run("CREATE TABLE bench_raw_case (id {id}, status TEXT, version INT)")
    raw.run("CREATE TABLE bench_raw_step (id {id}, case_id INT, step TEXT, at TEXT)")
    raw.many("INSERT INTO bench_raw_case (id, status, version) VALUES (?, 'registered', 0)", [(i,) for i in range(n_cases)])
    execute, begin = raw.conn.execute, raw.begin
    update = raw.sql("UPDATE bench_raw_case SET status = 'next', version = version + 1 WHERE id = ?")
    insert = raw.sql("INSERT INTO bench_raw_step (case_id, step, at) VALUES (?, 'step', {now})")
    t0 = time.perf_counter()
    for i in range(steps):
        execute(begin)
        execute(update, (i % n_cases,))
        execute(insert, (i % n_cases,))
        execute("COMMIT")
    raw_rate = steps / (time.perf_counter() - t0)
    raw.close()
    return {"steps_per_s": rate, "raw_per_s": raw_rate, "ratio": rate / raw_rate}


def bench_my_cases(n_cases: int, n_requests: int) -> dict[str, float]:
    """'My cases' page latency (p50/p95 over real requests to gunicorn) with `n_cases` cases in
    the database, for an officer and for an agency head of the busiest agency."""
    from django.db.models import Count

    from yifa.accounts.models import User
    from yifa.cases.models import Case, CaseOfficer
    from yifa.demo.cases import bulk_cases
    from yifa.workflow.models import WorkItem

    t0 = time.perf_counter()
    bulk_cases(n_cases, seed=7)
    generated = time.perf_counter() - t0

    officer = User.objects.get(username="shijian_zhifa")
    head = User.objects.get(username="shijian_fuze")
    out: dict[str, float] = {"cases": Case.objects.count(), "generate_s": generated,
                             "officer_assigned": CaseOfficer.objects.filter(officer_id=officer.officer_id).count(),
                             "head_agency_cases": Case.objects.filter(agency=head.agency).aggregate(n=Count("id"))["n"]}
    supervisor = User.objects.filter(role="supervisor").order_by("pk").first()
    with gunicorn() as base:
        for name, user in (("officer", officer), ("head", head)):
            cookie = session_cookie(user)
            timed_requests(base + "/cases/", 10, cookie)
            times = sorted(timed_requests(base + "/cases/", n_requests, cookie))
            out[f"{name}_p50_ms"] = statistics.median(times) * 1000
            out[f"{name}_p95_ms"] = times[int(len(times) * 0.95) - 1] * 1000
        # The home page: the to-do list read from the workflow core's items (issue 13).
        for name, user in (("officer", officer), ("head", head), ("supervisor", supervisor)):
            cookie = session_cookie(user)
            timed_requests(base + "/", 10, cookie)
            times = sorted(timed_requests(base + "/", n_requests, cookie))
            out[f"home_{name}_p95_ms"] = times[int(len(times) * 0.95) - 1] * 1000
    out["head_todo"] = WorkItem.objects.filter(audience=f"agency:{head.agency_id}:{head.role}").count()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--workflow-cases", type=int, default=250)
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the database for 'my cases' (0: skip)")
    parser.add_argument("--verify-events", type=int, default=200_000, help="audit events added before timing verify")
    parser.add_argument("--only-verify", action="store_true",
                        help="just the audit verify figure, on an empty database (YIFA_DATABASE_URL if set)")
    parser.add_argument("--record", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--fines-rows", type=int, default=100_000,
                        help="bank-statement reconciliation (bench/fines.py, its own database; 0: skip)")
    parser.add_argument("--sweep-cases", type=int, default=200_000,
                        help="alerts sweep and yearly evaluation (bench/sweep.py, its own database; 0: skip; "
                             "docs/benchmarks.md records the 1,000,000 figure)")
    parser.add_argument("--db", default="sqlite", help="sqlite, or postgres (a fresh database yifa_bench_run)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yifa-bench-"))
    os.environ.update({"YIFA_VAR": str(workdir), "DJANGO_SETTINGS_MODULE": "yifa.settings",
                       "YIFA_STATIC_ROOT": str(workdir / "static")})
    with fresh(args.db, "yifa_bench_run"):
        run(args, workdir)


def run(args: argparse.Namespace, workdir: Path) -> None:
    yifa = [str(BIN / "yifa")]
    subprocess.run([*yifa, "migrate", "-v0"], check=True)
    if args.only_verify:
        only_verify(args.verify_events)
        return
    subprocess.run([*yifa, "demo"], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    http = bench_http(args.requests)
    audit = bench_audit(args.appends, workdir)
    add_audit_events(args.verify_events)
    ver = bench_verify()
    flow = bench_workflow(args.workflow_cases, workdir)
    from discretion import bench_discretion  # bench/discretion.py (about a second)
    from discretion import row as discretion_row

    # Before the million cases: the engine allocates as it goes, and after the bulk load every
    # collection of the garbage collector walks this process's larger heap (0.33 against 0.9).
    benchmarks = bench_discretion()
    mine = bench_my_cases(args.cases, args.requests // 2) if args.cases else None
    raw_db = "PostgreSQL" if args.db == "postgres" else "SQLite"
    rows = [
        ("registry list API (50 officers) vs trivial view, median latency", f"{http['api_ms']:.2f} ms vs {http['trivial_ms']:.2f} ms", f"{http['ratio']:.2f}× slower"),
        (f"audit appends/s vs raw {raw_db} transactions/s", f"{audit['audit_per_s']:.0f} vs {audit['raw_per_s']:.0f}", f"{audit['ratio']:.2f}"),
        verify_row(ver),
        (f"penalty-case workflow steps/s vs raw {raw_db} update+insert transactions/s", f"{flow['steps_per_s']:.0f} vs {flow['raw_per_s']:.0f}", f"{flow['ratio']:.3f}"),
        discretion_row(benchmarks),
    ]
    if mine:
        rows.append((f"'my cases' page with {mine['cases']:.0f} cases (generated in {mine['generate_s']:.0f} s): "
                     f"officer with {mine['officer_assigned']:.0f} assigned / head of an agency with "
                     f"{mine['head_agency_cases']:.0f}, p50 / p95",
                     f"officer {mine['officer_p50_ms']:.1f} / {mine['officer_p95_ms']:.1f} ms; "
                     f"head {mine['head_p50_ms']:.1f} / {mine['head_p95_ms']:.1f} ms", "aim: p95 ≤ 50 ms"))
        rows.append((f"home page (to-do list) with {mine['cases']:.0f} cases: officer / head (its agency's role list "
                     f"holds {mine['head_todo']:.0f} items) / supervisor, p95",
                     f"{mine['home_officer_p95_ms']:.1f} / {mine['home_head_p95_ms']:.1f} / "
                     f"{mine['home_supervisor_p95_ms']:.1f} ms", "aim: p95 ≤ 50 ms"))
    table = "| measure | figures | ratio |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    print(table)
    if args.fines_rows:  # a fresh database of its own: prints its own table
        subprocess.run([sys.executable, str(ROOT / "bench" / "fines.py"), "--rows", str(args.fines_rows),
                        "--db", args.db], check=True)
    if args.sweep_cases:  # likewise
        subprocess.run([sys.executable, str(ROOT / "bench" / "sweep.py"), "--cases", str(args.sweep_cases),
                        "--db", args.db], check=True)
    if args.record:
        record(args.db, table)


def record(db: str, table: str) -> None:
    """This database's results table, written between its markers in docs/benchmarks.md."""
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = (f"<!-- results {db} -->\nLast run: {stamp}, `make bench` ({db}) on the 2-core development machine, "
             f"load average {os.getloadavg()[0]:.1f} at the end.\n\n{table}\n<!-- /results {db} -->")
    doc.write_text(re.sub(rf"<!-- results {db} -->.*<!-- /results {db} -->", lambda _: block, text, flags=re.S),
                   encoding="utf-8")


def only_verify(n: int) -> None:
    import django

    django.setup()
    from django.db import connection

    add_audit_events(n)
    ver = bench_verify()
    print(f"| {connection.vendor} | " + " | ".join(verify_row(ver)) + " |")


if __name__ == "__main__":
    main()
