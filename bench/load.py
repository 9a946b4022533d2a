"""Yifa under concurrent load (issue 14, item 1): wrk against gunicorn (2 workers, loopback), with
a bulk-generated county of `--cases` cases, on SQLite and on PostgreSQL side by side.

    python bench/load.py [--cases 1000000] [--duration 10] [--connections 16]
                         [--databases sqlite,postgres] [--only SUBSTRING] [--record]

For each database: build (or reuse) a database of `--cases` cases (the demo county, then
`yifa demo --cases N`: COPY and VACUUM ANALYZE on PostgreSQL, then `yifa pgtune` for its tables
and database), start gunicorn with yifa/gunicorn.conf.py and 2 workers, log in as the demo's
officer, agency head, supervisor … (a session cookie given to wrk with -H), and run wrk for
`--duration` seconds on each endpoint: /healthz (the baseline), every internal list page and list
endpoint (the lists of tests/test_query_budgets.py), the case page and the public portal search.
Each endpoint is fetched once first, as the first role for which it answers 200.

Databases are kept for the next run with the same case count: SQLite under
$YIFA_VAR/bench (default var/bench), PostgreSQL as database `yifa_load_<cases>` at
$YIFA_LOAD_PG (default postgres://postgres@127.0.0.1:5432). wrk comes from Debian (`make wrk`);
nothing is downloaded here. `--record` replaces the load section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, ROOT, free_port  # bench/run.py's helpers

LUA = Path(__file__).resolve().parent / "wrk_report.lua"
PG_SERVER = os.environ.get("YIFA_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
SEARCH = urllib.parse.quote("食品")

#: Roles tried in this order for an endpoint that names none (demo logins; supervisor: any).
ROLES = ("officer", "head", "legal", "finance", "admin", "supervisor")
USERS = {"officer": "shijian_zhifa", "head": "shijian_fuze", "legal": "shijian_fazhi",
         "finance": "shijian_caiwu", "admin": "shijian_guanli"}

#: (label, path, role or "" for the first that answers 200). "{case}" is a case of the officer.
ENDPOINTS: list[tuple[str, str, str]] = [
    ("/healthz", "/healthz", "anonymous"),
    ("/cases/ (officer: my cases)", "/cases/", "officer"),
    ("/cases/ (agency head)", "/cases/", "head"),
    ("/cases/all/", "/cases/all/", "head"),
    ("case page /cases/<id>/ (officer)", "/cases/{case}/", "officer"),
    ("GET /api/cases (officer)", "/api/cases", "officer"),
    ("GET /api/cases/mine (officer)", "/api/cases/mine", "officer"),
    ("GET /api/cases (agency head)", "/api/cases", "head"),
    ("home: to-do list (officer)", "/", "officer"),
    ("home: to-do list (agency head)", "/", "head"),
    ("home: to-do list (supervisor)", "/", "supervisor"),
    *[(p, p, "") for p in (
        "/coercion/", "/inspections/", "/licensing/", "/licensing/licences/", "/enforcement/",
        "/randomcheck/", "/randomcheck/entities/", "/randomcheck/inspectors/", "/transfer/",
        "/fines/", "/fines/statements/", "/fines/property/", "/registry/regions/", "/registry/agencies/",
        "/registry/units/", "/registry/posts/", "/registry/officers/", "/registry/laws/",
        "/registry/powers/", "/registry/rules/", "/complaints/manage/", "/complaints/manage/evaluation/",
        "/evaluate/", "/disclosure/", "/notifications/", "/staff/", "/supervision/", "/supervision/alerts/",
        "/filing/", "/filing/criteria/", "/spotchecks/", "/filereview/", "/accountability/", "/evaluation/")],
    *[(f"GET {p}", p, "") for p in (
        "/api/coercion", "/api/inspections", "/api/licensing/applications", "/api/licensing/licences",
        "/api/enforcement", "/api/randomcheck/plans", "/api/randomcheck/entities",
        "/api/randomcheck/inspectors", "/api/registry/regions", "/api/registry/agencies",
        "/api/registry/units", "/api/registry/posts", "/api/registry/officers", "/api/registry/laws",
        "/api/registry/provisions", "/api/registry/provision-versions", "/api/registry/power-items",
        "/api/registry/deadline-rules", "/api/registry/legal-parameters", "/api/complaints",
        "/api/supervision/alerts", "/api/supervision/notices", "/api/filing/filings", "/api/filing/spot-checks",
        "/api/filereview/rounds", "/api/filereview/files", "/api/filereview/self-inspections",
        "/api/evaluation/cycles", "/api/evaluation/corrections", "/api/evaluation/plans",
        "/api/accountability/remedies", "/api/accountability/inquiries")],
    ("public: /portal/decisions/?q=食品", f"/portal/decisions/?q={SEARCH}", "anonymous"),
    ("public: GET /open/decisions?q=食品", f"/open/decisions?q={SEARCH}", "anonymous"),
    ("public: /portal/agencies/", "/portal/agencies/", "anonymous"),
    ("public: /portal/checks/", "/portal/checks/", "anonymous"),
    ("public: /portal/roots/", "/portal/roots/", "anonymous"),
    ("public: /portal/circulars/", "/portal/circulars/", "anonymous"),
]


def parse_wrk(output: str) -> dict[str, float]:
    """The figures of wrk_report.lua's line in wrk's output: req/s, p50/p95/p99/max in ms, errors
    (socket errors and answers other than 2xx/3xx)."""
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            raw = json.loads(line[len("WRK_JSON "):])
            break
    else:
        raise ValueError("no WRK_JSON line in wrk's output (was it run with -s bench/wrk_report.lua?)")
    seconds = raw["duration_us"] / 1e6
    return {"requests": raw["requests"], "rps": raw["requests"] / seconds if seconds else 0.0,
            **{f"{k}_ms": raw[f"{k}_us"] / 1000 for k in ("p50", "p95", "p99", "max")},
            "errors": sum(raw[k] for k in ("connect", "read", "write", "status", "timeout")),
            "status_errors": raw["status"], "timeouts": raw["timeout"]}


def wrk(url: str, cookie: str, connections: int, duration: int) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s", str(LUA)]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 60)
    return parse_wrk(done.stdout)


# --- the databases ------------------------------------------------------------------------------

def store() -> Path:
    base = Path(os.environ["YIFA_VAR"]) / "bench" if os.environ.get("YIFA_VAR") else ROOT / "var" / "bench"
    base.mkdir(parents=True, exist_ok=True)
    return base


def environment(db: str, cases: int) -> dict[str, str]:
    """The environment of every yifa process for database `db` ("sqlite" or "postgres")."""
    var = store() / f"load-{db}-{cases}"
    var.mkdir(exist_ok=True)
    env = {**os.environ, "YIFA_VAR": str(var), "DJANGO_SETTINGS_MODULE": "yifa.settings",
           "YIFA_STATIC_ROOT": str(var / "static")}
    env.pop("YIFA_DEBUG", None)
    if db == "postgres":
        env |= {"YIFA_DATABASE_URL": f"{PG_SERVER}/yifa_load_{cases}", "YIFA_DB_POOL": "1"}
    else:
        env.pop("YIFA_DATABASE_URL", None)
    return env


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def prepare(db: str, cases: int) -> dict[str, Any]:
    """Build the database unless a finished one with `cases` bulk cases is kept; its facts."""
    env = environment(db, cases)
    var = Path(env["YIFA_VAR"])
    marker = var / "ready.json"
    if marker.exists() and ((db == "sqlite" and (var / "yifa.db").exists())
                            or (db == "postgres" and pg_exists(f"yifa_load_{cases}"))):
        facts: dict[str, Any] = json.loads(marker.read_text())
        facts["reused"] = True
        return facts
    marker.unlink(missing_ok=True)
    if db == "sqlite":
        for f in var.glob("yifa.db*"):
            f.unlink()
    else:
        pg_admin(f'DROP DATABASE IF EXISTS "yifa_load_{cases}"')
        pg_admin(f'CREATE DATABASE "yifa_load_{cases}"')
    yifa = str(BIN / "yifa")
    t0 = time.perf_counter()
    subprocess.run([yifa, "migrate", "-v0"], check=True, env=env)
    subprocess.run([yifa, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
    t1 = time.perf_counter()
    subprocess.run([yifa, "demo", "--cases", str(cases)], check=True, env=env)
    t2 = time.perf_counter()
    if db == "postgres":
        subprocess.run([yifa, "pgtune", "--apply"], check=True, env=env, stdout=subprocess.DEVNULL)
    facts = {"cases": cases, "demo_s": round(t1 - t0, 1), "bulk_s": round(t2 - t1, 1),
             "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    marker.write_text(json.dumps(facts))
    return {**facts, "reused": False}


def sessions_main() -> None:
    """In a process with the database's environment: one session per role, and a case of the
    officer's, as JSON on stdout."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count

    from yifa.accounts.models import User
    from yifa.cases.models import Case, CaseOfficer

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    users = {role: User.objects.get(username=name) for role, name in USERS.items()}
    supervisor = User.objects.filter(role="supervisor").first() or User.objects.get(is_superuser=True)
    users["supervisor"] = supervisor
    cookies = {}
    for role, user in users.items():
        s = store_class()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={s.session_key}"
    officer = users["officer"]
    case = CaseOfficer.objects.filter(officer_id=officer.officer_id).order_by("-case_id").values_list("case_id", flat=True)[0]
    head_agency = users["head"].agency_id
    print(json.dumps({"cookies": cookies, "case": case, "cases": Case.objects.count(),
                      "officer_cases": CaseOfficer.objects.filter(officer_id=officer.officer_id).count(),
                      "head_agency_cases": Case.objects.filter(agency_id=head_agency).aggregate(n=Count("id"))["n"]}))


def cpu_seconds(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master's worker processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14, 15)
    return total


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """gunicorn as deployed (yifa/gunicorn.conf.py, 2 workers) on a free loopback port: its base
    URL and the master's pid."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "yifa" / "gunicorn.conf.py"), "yifa.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2"], stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def status(url: str, cookie: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=60) as r:
            r.read()
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def run_database(db: str, args: argparse.Namespace) -> dict[str, Any]:
    facts = prepare(db, args.cases)
    env = environment(db, args.cases)
    got = subprocess.run([sys.executable, __file__, "--sessions"], env=env, check=True, capture_output=True, text=True)
    info = json.loads(got.stdout.strip().splitlines()[-1])
    cookies: dict[str, str] = info["cookies"]
    results: dict[str, dict[str, Any]] = {}
    with gunicorn(env, Path(env["YIFA_VAR"]) / "gunicorn.log") as (base, master):
        # /healthz first and again last: the machine is shared, its load moves during a run.
        for label, path, role in [*ENDPOINTS, ("/healthz (again, last)", "/healthz", "anonymous")]:
            if not selected(label, args.only):
                continue
            url = base + path.format(case=info["case"])
            tried = [role] if role else list(ROLES)
            for r in tried:
                cookie = "" if r == "anonymous" else cookies[r]
                code = status(url, cookie)
                if code == 200:
                    break
            if code != 200:
                results[label] = {"skipped": f"HTTP {code} as {'/'.join(tried)}"}
                print(f"[{db}] {label}: skipped (HTTP {code})", flush=True)
                continue
            for _ in range(3):
                status(url, cookie)  # warm both workers' caches a little
            cpu0 = cpu_seconds(master)
            figures = wrk(url, cookie, args.connections, args.duration)
            # Worker CPU per request: what the shared machine's load does not inflate.
            figures["cpu_ms"] = (cpu_seconds(master) - cpu0) * 1000 / max(figures["requests"], 1)
            results[label] = {**figures, "role": r}
            print(f"[{db}] {label} as {r}: {figures['rps']:.0f} req/s, p95 {figures['p95_ms']:.1f} ms, "
                  f"{figures['cpu_ms']:.1f} ms CPU/request, errors {figures['errors']:.0f}", flush=True)
    return {"facts": facts, "info": {k: v for k, v in info.items() if k != "cookies"}, "results": results}


def table(runs: dict[str, dict[str, Any]]) -> str:
    """One row per endpoint, one column group per database: req/s (ratio to /healthz in the same
    run: the mean of its first and last measurement), p50/p95/p99, the gunicorn workers' CPU per
    request and errors; ✗ marks a p95 over 50 ms or a ratio under 0.1 (internal pages)."""
    dbs = list(runs)
    head = "| endpoint | " + " | ".join(f"{d}: req/s (× /healthz) | {d}: p50 / p95 / p99 ms | {d}: CPU ms/req | {d}: errors"
                                        for d in dbs) + " |"
    lines = [head, "|---|" + "---|---|---|---|" * len(dbs)]
    labels = [label for label, _, _ in [*ENDPOINTS, ("/healthz (again, last)", "", "")]
              if any(label in r["results"] for r in runs.values())]
    for label in labels:
        cells = []
        for d in dbs:
            res = runs[d]["results"].get(label)
            base = baseline(runs[d]["results"])
            if not res:
                cells += ["—", "—", "—", "—"]
            elif "skipped" in res:
                cells += [f"skipped ({res['skipped']})", "—", "—", "—"]
            else:
                ratio = res["rps"] / base if base else 0
                miss = not label.startswith(("/healthz", "public")) and (res["p95_ms"] > 50 or ratio < 0.1)
                cells += [f"{res['rps']:,.0f} ({ratio:.3f}){' ✗' if miss else ''}",
                          f"{res['p50_ms']:.1f} / {res['p95_ms']:.1f} / {res['p99_ms']:.1f}",
                          cpu_cell(res, runs[d]["results"]), f"{res['errors']:.0f}"]
        role = next((r["results"][label].get("role") for r in runs.values() if "role" in r["results"].get(label, {})), "")
        shown = f" [{role}]" if role and role != "anonymous" and "(" not in label else ""
        lines.append(f"| {label}{shown} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_cell(res: dict[str, Any], results: dict[str, dict[str, Any]]) -> str:
    """The workers' CPU ms per request, and in brackets /healthz's CPU per request over it: the
    throughput ratio the endpoint would have if CPU were the only limit (steady on a busy machine)."""
    base = results.get("/healthz", {}).get("cpu_ms") or 0
    cpu = res.get("cpu_ms") or 0
    return f"{cpu:.1f} ({base / cpu:.2f})" if cpu and base else f"{cpu:.1f}"


def aims(db: str, results: dict[str, dict[str, Any]]) -> str:
    """The aims of issue 14 over one database's internal endpoints, in a sentence."""
    base = baseline(results)
    internal = {k: v for k, v in results.items() if "rps" in v and not k.startswith(("/healthz", "public"))}
    p95 = sum(1 for v in internal.values() if v["p95_ms"] <= 50)
    ratio = sum(1 for v in internal.values() if base and v["rps"] / base >= 0.1)
    mine, api = results.get("/cases/ (officer: my cases)", {}), results.get("GET /api/cases (officer)", {})
    both = ""
    if "rps" in mine and "rps" in api:
        both = (f"; GET /api/cases {api['rps']:.0f} req/s against the 'my cases' page's {mine['rps']:.0f} "
                f"(the API at {api['rps'] / mine['rps']:.2f}× the page's rate, aim ≥ 0.5); CPU per request "
                f"{api['cpu_ms']:.1f} against {mine['cpu_ms']:.1f} ms")
    return (f"{db}: p95 ≤ 50 ms on {p95} of {len(internal)} internal endpoints, ≥ 0.1 of /healthz on "
            f"{ratio} of {len(internal)}{both}")


def baseline(results: dict[str, dict[str, Any]]) -> float:
    """/healthz req/s of a run: the mean of its first and last measurement."""
    rates = [results[k]["rps"] for k in ("/healthz", "/healthz (again, last)") if "rps" in results.get(k, {})]
    return sum(rates) / len(rates) if rates else 0.0


def record(text: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    body = doc.read_text(encoding="utf-8")
    block = f"<!-- load -->\n{text}\n<!-- /load -->"
    if "<!-- load -->" in body:
        body = re.sub(r"<!-- load -->.*<!-- /load -->", lambda _: block, body, flags=re.S)
    else:
        body = body.replace("\n## Reading the figures", f"\n## Under load (`python bench/load.py`)\n\n{block}\n\n## Reading the figures", 1)
    doc.write_text(body, encoding="utf-8")


def selected(label: str, only: str) -> bool:
    """Whether `--only` keeps an endpoint (/healthz always runs: the baseline)."""
    return not only or label.startswith("/healthz") or any(o in label for o in only.split(","))


def reachable(databases: list[str], reused: list[str]) -> list[str]:
    """`databases` without PostgreSQL if its server does not answer (the SQLite side still runs)."""
    if "postgres" in databases and "postgres" not in reused:
        try:
            pg_exists("postgres")
        except Exception as exc:
            print(f"PostgreSQL at {PG_SERVER} not reachable ({exc.__class__.__name__}): SQLite only", flush=True)
            return [db for db in databases if db != "postgres"]
    return databases


def main() -> None:
    if "--sessions" in sys.argv:
        sessions_main()
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000, help="bulk cases in each database")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--only", default="", help="only endpoints whose label contains one of these (comma-separated)")
    parser.add_argument("--record", action="store_true", help="replace the load section of docs/benchmarks.md")
    parser.add_argument("--reuse", default="", metavar="DBS",
                        help="take these databases' figures from their last run instead of measuring again")
    parser.add_argument("--build-only", action="store_true", help="only build (or check) the databases")
    args = parser.parse_args()
    if args.build_only:
        for db in args.databases.split(","):
            print(db, prepare(db, args.cases), flush=True)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make wrk` (Debian's package, via apt)")
    databases = reachable(args.databases.split(","), args.reuse.split(","))
    args.databases = ",".join(databases)
    measured_dbs = [db for db in databases if db not in args.reuse.split(",")]
    count = sum(1 for label, _, _ in ENDPOINTS if selected(label, args.only)) + 1
    print(f"load run: {count} endpoints × {len(measured_dbs)} database(s) × {args.duration} s of wrk "
          f"(about {count * len(measured_dbs) * (args.duration + 1) / 60:.0f} min), plus building any "
          f"database of {args.cases:,} cases not kept from an earlier run", flush=True)
    load_before = os.getloadavg()
    started = time.time()
    runs = {}
    for db in args.databases.split(","):
        kept = store() / f"load-result-{db}-{args.cases}.json"
        if db in args.reuse.split(",") and kept.exists():
            runs[db] = json.loads(kept.read_text())  # measured by an earlier run (its own load average)
            runs[db]["facts"]["earlier_run"] = True
        else:
            begun = time.gmtime()
            runs[db] = run_database(db, args)
            runs[db]["load"] = [round(x, 1) for x in os.getloadavg()]
            runs[db]["measured"] = f"{time.strftime('%Y-%m-%d %H:%M', begun)}–{time.strftime('%H:%M UTC', time.gmtime())}"
            kept.write_text(json.dumps(runs[db], ensure_ascii=False))
    load_after = os.getloadavg()
    out = table(runs)
    notes = []
    for db, run in runs.items():
        f, i = run["facts"], run["info"]
        how = (f"built {f.get('built', '')} in {f['demo_s'] + f['bulk_s']:.0f} s, {f['bulk_s']:.0f} s of it the bulk "
               f"cases{', kept since' if f.get('reused') else ''}")
        when = f", measured {run['measured']}" if run.get("measured") else ""
        when += " (figures kept from that run)" if f.get("earlier_run") else ""
        notes.append(f"{db}: {i['cases']:,} cases ({how}); the officer is on {i['officer_cases']:,}, the head's agency "
                     f"has {i['head_agency_cases']:,}; load average {'/'.join(map(str, run.get('load', [])))} at its end{when}")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started))
    measured = all(not run["facts"].get("earlier_run") for run in runs.values())
    head = (f"`python bench/load.py --cases {args.cases} --duration {args.duration}` — wrk, "
            f"{args.connections} connections, {args.duration} s per endpoint, gunicorn with 2 workers "
            f"(yifa/gunicorn.conf.py, access log on), PostgreSQL through the connection pool (YIFA_DB_POOL=1). "
            + (f"Run {stamp}; load average (1/5/15 min) {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f} "
               f"before, {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} after, on the shared 2-core "
               f"machine; {time.time() - started:.0f} s in all." if measured else
               "On the shared 2-core machine; each database's run and load average below.")
            + "\n\n" + "\n".join(f"- {n}" for n in notes))
    summary = "\n".join(f"- aims, {aims(db, run['results'])}" for db, run in runs.items())
    text = f"{head}\n{summary}\n\n{out}"
    print(text)
    (store() / "load-last.json").write_text(json.dumps(runs, ensure_ascii=False, indent=1))
    if args.record:
        record(text)


if __name__ == "__main__":
    main()
