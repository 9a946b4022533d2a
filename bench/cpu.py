"""CPU per request of each page and list endpoint, measured in one process (issue 14, item 5).

    python bench/cpu.py [--cases 50000] [--requests 30] [--only SUBSTRING] [--profile SUBSTRING]
                        [--top 30] [--record]

Under wrk the latency of a page is its CPU time multiplied by the queue in front of it, and on a
shared machine wall-clock figures measure the neighbours. So this measures what sets p95: the CPU
one request costs. It builds (or reuses) bench/load.py's SQLite database of `--cases` bulk cases
(the demo county plus `yifa demo --cases N`, kept under $YIFA_VAR/bench/load-sqlite-<N>), then, in
a child process with that database, calls the WSGI application itself (no server, no socket) for
every endpoint of bench/load.py as the same demo login, `--requests` times after three warm-up
calls, and prints per request: CPU ms (time.process_time, median and best — the best is the
steadier figure on a busy machine; SQLite runs in this
process, so its work is included), queries, and the wall ms the database calls took (the Python
side is the rest). `--profile` runs cProfile over the endpoints whose label contains the string
and prints the top functions (own time and cumulative). `--record` writes the table into
docs/benchmarks.md between <!-- cpu --> markers.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import ENDPOINTS, ROLES, environment, prepare  # bench/load.py: the same pages, the same database
from run import ROOT


def wsgi_environ(path: str, cookie: str) -> dict[str, Any]:
    """A GET request as gunicorn would hand it to the application."""
    path_info, _, query = path.partition("?")
    from urllib.parse import unquote

    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": unquote(path_info).encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query, "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT": "text/html,application/json", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def call(app: Callable[..., Any], path: str, cookie: str) -> tuple[int, int]:
    """One request through the WSGI application: its status and the size of its body."""
    got: dict[str, int] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        got["status"] = int(status.split()[0])

    result = app(wsgi_environ(path, cookie), start_response)
    try:
        size = sum(len(chunk) for chunk in result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return got["status"], size


class QueryMeter:
    """Counts the database calls and their wall time (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.count += 1


#: Beyond bench/load.py's endpoints: the case page of a demo case the officer has steps to take on
#: (load.py's case is a bulk case, whose page shows no step form).
EXTRA = [("case page with step forms (officer)", "/cases/{open_case}/", "officer")]


def sessions() -> tuple[dict[str, str], dict[str, int]]:
    """A session cookie per demo role, the officer's most recent case (bench/load.py's) and the
    officer's first demo case waiting to be investigated."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from load import USERS

    from yifa.accounts.models import User
    from yifa.cases.models import CaseOfficer

    users = {role: User.objects.get(username=name) for role, name in USERS.items()}
    users["supervisor"] = User.objects.filter(role="supervisor").first() or User.objects.get(is_superuser=True)
    cookies = {"anonymous": ""}
    for role, user in users.items():
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={s.session_key}"
    mine = CaseOfficer.objects.filter(officer_id=users["officer"].officer_id)
    cases = {"case": mine.order_by("-case_id").values_list("case_id", flat=True)[0],
             "open_case": mine.filter(case__status="opened").order_by("case_id").values_list("case_id", flat=True)[0]}
    return cookies, cases


@contextmanager
def profiled(enabled: bool) -> Iterator[cProfile.Profile | None]:
    if not enabled:
        yield None
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield prof
    finally:
        prof.disable()


def first_role(app: Callable[..., Any], path: str, role: str, cookies: dict[str, str]) -> str | None:
    """The endpoint's role, or the first demo login it answers 200 for (bench/load.py's rule)."""
    for r in [role] if role else list(ROLES):
        if call(app, path, cookies[r])[0] == 200:
            return r
    return None


def measure(app: Callable[..., Any], label: str, path: str, cookie: str, args: argparse.Namespace) -> dict[str, Any]:
    """CPU per request over `args.requests` calls (after 2 warm-up calls), the queries and their time."""
    from django.db import connection

    for _ in range(2):
        call(app, path, cookie)  # warm: templates compiled, reference data cached
    meter = QueryMeter()
    cpu, size = [], 0
    profile = bool(args.profile) and any(p in label for p in args.profile.split(","))
    with connection.execute_wrapper(meter), profiled(profile) as prof:
        for _ in range(args.requests):
            t0 = time.process_time()
            _, size = call(app, path, cookie)
            cpu.append(time.process_time() - t0)
    if profile:
        report(app, label, path, cookie, prof, args)
    return {"median_ms": statistics.median(cpu) * 1000, "mean_ms": statistics.fmean(cpu) * 1000,
            "best_ms": min(cpu) * 1000, "queries": meter.count / args.requests,
            "sql_ms": meter.seconds * 1000 / args.requests, "bytes": size}


def report(app: Callable[..., Any], label: str, path: str, cookie: str, prof: cProfile.Profile | None,
           args: argparse.Namespace) -> None:
    """--profile's output on stderr: the SQL of one request (--sql) and the top functions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if args.sql:
        with CaptureQueriesContext(connection) as seen:
            call(app, path, cookie)
        print(f"SQL {label}: {len(seen)} queries", file=sys.stderr)
        for q in seen.captured_queries:
            print(f"  {q['sql'][:args.sql]}", file=sys.stderr)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(args.top)  # type: ignore[arg-type]
        print(f"PROFILE {label} by {order} ({args.requests} requests)\n{out.getvalue()}", file=sys.stderr,
              flush=True)


def measure_main(args: argparse.Namespace) -> None:
    """In the child (the database's environment): every endpoint, JSON lines on stdout."""
    import django

    django.setup()
    from yifa.wsgi import application

    cookies, cases = sessions()
    for label, raw_path, role in [*ENDPOINTS[:5], *EXTRA, *ENDPOINTS[5:]]:
        if args.only and not any(o in label for o in args.only.split(",")):
            continue
        path = raw_path.format(**cases)
        r = first_role(application, path, role, cookies)
        if r is None:
            print(json.dumps({"label": label, "skipped": "no login answered 200"}), flush=True)
            continue
        row = {"label": label, "role": r, **measure(application, label, path, cookies[r], args)}
        print(json.dumps(row, ensure_ascii=False), flush=True)


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| endpoint | CPU ms/req (median) | best | queries | SQL ms | KiB |", "|---|---|---|---|---|---|"]
    for row in rows:
        if "skipped" in row:
            lines.append(f"| {row['label']} | skipped ({row['skipped']}) | — | — | — | — |")
            continue
        role = f" [{row['role']}]" if row["role"] != "anonymous" and "(" not in row["label"] else ""
        mark = " ✗" if row["median_ms"] > 5 and not row["label"].startswith(("/healthz", "public")) else ""
        lines.append(f"| {row['label']}{role} | {row['median_ms']:.1f}{mark} | {row['best_ms']:.1f} | "
                     f"{row['queries']:.0f} | {row['sql_ms']:.1f} | {row['bytes'] / 1024:.0f} |")
    return "\n".join(lines)


def record(text: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    body = doc.read_text(encoding="utf-8")
    block = f"<!-- cpu -->\n{text}\n<!-- /cpu -->"
    if "<!-- cpu -->" not in body:
        raise SystemExit("docs/benchmarks.md has no <!-- cpu --> section to replace")
    doc.write_text(re.sub(r"<!-- cpu -->.*<!-- /cpu -->", lambda _: block, body, flags=re.S), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000, help="bulk cases in the database")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per endpoint")
    parser.add_argument("--only", default="", help="only endpoints whose label contains one of these (comma-separated)")
    parser.add_argument("--profile", default="", help="cProfile the endpoints whose label contains one of these")
    parser.add_argument("--top", type=int, default=30, help="functions shown per profile")
    parser.add_argument("--sql", type=int, default=0, metavar="CHARS",
                        help="with --profile: print the SQL of one request, each query cut to CHARS")
    parser.add_argument("--record", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_main(args)
        return
    started = time.time()
    facts = prepare("sqlite", args.cases)
    env = environment("sqlite", args.cases)
    child = subprocess.Popen([sys.executable, __file__, "--measure", *sys.argv[1:]], env=env,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    rows = []
    for line in child.stdout:
        row = json.loads(line)
        rows.append(row)
        shown = row.get("skipped") or f"{row['median_ms']:.1f} ms CPU (best {row['best_ms']:.1f}) ({row['queries']:.0f} queries, {row['sql_ms']:.1f} ms SQL)"
        print(f"{row['label']}: {shown}", flush=True)
    if child.wait():
        raise SystemExit(f"the measuring process failed ({child.returncode})")
    load = os.getloadavg()
    head = (f"`python bench/cpu.py --cases {args.cases} --requests {args.requests}` — "
            f"{facts['cases']:,} bulk cases on SQLite plus the demo county, the WSGI application called "
            f"in one process, {args.requests} requests per endpoint after 2 warm-up calls; run "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, load average "
            f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} at its end. ✗: over item 5's 5 ms (internal endpoints).")
    text = f"{head}\n\n{table(rows)}"
    print(text)
    if args.record:
        record(text)


if __name__ == "__main__":
    main()
