"""The public portal under concurrent load (issue 11): the decisions search page, a decision's page
and the open data API against a trivial Django view (/healthz) in the same gunicorn, with the
portal's page cache on (a repeated request, as a popular search is) and off (every request
searched, read and rendered); the CPU each costs in-process; the CSV export's rate and peak memory
at two sizes (constant memory: the peak must not grow with the rows).

    python bench/portal.py [--decisions 1000000] [--db sqlite|postgres] [--duration 10]
                           [--connections 16] [--keep] [--drop] [--cpu-only]

The database of `--decisions` released decisions and their search tokens is bulk-inserted
(yifa.lib.bulk: COPY on PostgreSQL; the token table's indexes are built after the rows), no demo.
With `--keep` it is kept for the next run with the same count (SQLite under var/bench/, PostgreSQL
as database yifa_portal_<count> at $YIFA_LOAD_PG); `--drop` deletes it. Load: wrk (`make wrk`)
against gunicorn as deployed (yifa/gunicorn.conf.py, 2 workers), as bench/load.py drives it, on
loopback only.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import PG_SERVER, cpu_seconds, pg_admin, pg_exists, status, wrk  # bench/load.py's wrk helpers
from load import gunicorn as deployed
from run import BIN, ROOT

PARTIES = ["浦江县{}食品店", "浦江县{}餐饮有限公司", "浦江县{}超市", "浦江县{}农贸市场经营部"]
WORDS = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "丑", "寅", "卯"]
BATCH = 10_000


# --- the database -------------------------------------------------------------------------------


@contextlib.contextmanager
def indexes_after(table: str) -> Iterator[None]:
    """Drop `table`'s secondary indexes, and on PostgreSQL its foreign-key triggers, for the load;
    build them again after it (one sort instead of a hundred million index insertions). The rows
    are valid by construction."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
                        [table, "%_pkey"])
        else:
            cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                        [table])
        found = cur.fetchall()
        for name, _ in found:
            cur.execute(f'DROP INDEX "{name}"')
        if connection.vendor == "postgresql":
            cur.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')  # the superuser of the bench server
    yield
    with connection.cursor() as cur:
        for _, sql in found:
            cur.execute(sql)
        if connection.vendor == "postgresql":
            cur.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER ALL')


def record(i: int, start: dt.date) -> tuple[str, str, str, str, str, dt.date]:
    """The i-th decision: number, title, facts, party, result, date (a party name is shared by 1 in 196)."""
    party = PARTIES[i % 4].format(WORDS[i % 14] + WORDS[(i // 14) % 14] + str(i))
    return (f"浦市监罚〔2025〕{i + 1}号", f"{party}未取得许可经营食品案",
            f"{party}在经营场所销售超过保质期的食品{i % 97}件。", party, f"罚款{1000 + i % 50000}元",
            start + dt.timedelta(days=i % 600))


def generate(n: int) -> None:
    """`n` released decisions of one agency with their search tokens (about 100 each), in batches
    of plain-SQL inserts (yifa.lib.bulk: ids assigned up front), then ANALYZE."""
    from django.db import connection, transaction

    from yifa.disclosure.models import Publication, SearchToken
    from yifa.disclosure.search import normalise, tokens_of
    from yifa.lib.bulk import insert_rows, next_ids, refresh_statistics, reset_sequences
    from yifa.registry.models import Agency, Region

    region = Region.objects.create(code="330726", name="浦江县", level="county")
    agency = Agency.objects.create(name="浦江县市场监督管理局", short_name="浦市监", kind="statutory",
                                   qualification_basis="法定", region=region, parent_government="浦江县人民政府",
                                   uscc="11330726002000000X")
    start = dt.date(2025, 1, 1)
    columns = ("id", "agency_id", "kind", "source_id", "status", "version", "document_number", "title", "category",
               "facts", "legal_basis", "party_name", "party_is_person", "party_code", "result", "decided_on",
               "search_text", "publish_due", "publish_rule", "calendar_version", "released_on", "released_hash",
               "withdraw_reason", "explanation")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous = OFF")  # a generated database: rebuilt, not recovered
    token_id, basis, began = 1, "《中华人民共和国食品安全法》第一百二十四条", time.monotonic()
    with indexes_after(SearchToken._meta.db_table):
        for first in range(0, n, BATCH):
            with transaction.atomic():
                ids = next_ids(Publication, min(n, first + BATCH) - first)
                pubs, tokens = [], []
                for pk, i in zip(ids, range(first, min(n, first + BATCH)), strict=True):
                    number, title, facts, party, result, decided = record(i, start)
                    text = normalise("\n".join([number, title, facts, party, result]))
                    day = decided.isoformat()
                    pubs.append((pk, agency.pk, "penalty", i + 1, "released", 1, number, title, "罚款", facts, basis,
                                 party, False, "", result, day, text, "2025-01-01", "DISCLOSURE_PUBLISH", "",
                                 "2025-01-01", "", "", ""))
                    for t in tokens_of(text):
                        tokens.append((token_id, pk, t, day))
                        token_id += 1
                insert_rows(Publication, columns, pubs, adapted=True)
                insert_rows(SearchToken, ("id", "publication_id", "token", "decided_on"), tokens, adapted=True)
            if first // BATCH % 10 == 0:
                print(f"  {first + BATCH:,} decisions, {token_id - 1:,} tokens, {time.monotonic() - began:.0f} s",
                      flush=True)
        print(f"  building the token indexes ({time.monotonic() - began:.0f} s)", flush=True)
    reset_sequences(Publication, SearchToken)
    refresh_statistics(Publication, SearchToken)
    if connection.vendor == "postgresql":
        subprocess.run([str(BIN / "yifa"), "pgtune", "--apply"], check=True, stdout=subprocess.DEVNULL)


def environment(db: str, n: int, keep: bool) -> dict[str, str]:
    var = (ROOT / "var" / "bench" / f"portal-{db}-{n}") if keep else Path(tempfile.mkdtemp(prefix="yifa-bench-portal-"))
    var.mkdir(parents=True, exist_ok=True)
    env = {"YIFA_VAR": str(var), "DJANGO_SETTINGS_MODULE": "yifa.settings", "YIFA_STATIC_ROOT": str(var / "static")}
    if db == "postgres":
        env |= {"YIFA_DATABASE_URL": f"{PG_SERVER}/yifa_portal_{n}", "YIFA_DB_POOL": "1"}
    return env


def prepare(db: str, n: int, keep: bool) -> dict[str, Any]:
    """Build the database unless a finished one of `n` decisions is kept; its facts."""
    var = Path(os.environ["YIFA_VAR"])
    marker = var / "ready.json"
    if marker.exists() and (db == "sqlite" or pg_exists(f"yifa_portal_{n}")):
        return {**json.loads(marker.read_text()), "reused": True}
    if db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "yifa_portal_{n}"')
        pg_admin(f'CREATE DATABASE "yifa_portal_{n}"')
    else:
        for f in var.glob("yifa.db*"):
            f.unlink()
    subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
    t0 = time.perf_counter()
    generate(n)
    facts = {"decisions": n, "generate_s": round(time.perf_counter() - t0), "load": os.getloadavg()[0],
             "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if keep:
        marker.write_text(json.dumps(facts))
    return {**facts, "reused": False}


def drop(db: str, n: int) -> None:
    if db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "yifa_portal_{n}"')
    shutil.rmtree(os.environ["YIFA_VAR"], ignore_errors=True)


# --- what is measured ---------------------------------------------------------------------------


def endpoints() -> list[tuple[str, str]]:
    from yifa.disclosure.models import Publication

    common = urllib.parse.quote("食品店")  # a quarter of the records
    rare = urllib.parse.quote(PARTIES[1].format(WORDS[7] + WORDS[3]))  # one party name in 196
    newest = Publication.objects.order_by("-id").values_list("id", flat=True).first()
    return [("portal list page, no words", "/portal/decisions/"),
            ("portal search page (食品店: ¼ match)", f"/portal/decisions/?q={common}"),
            ("portal search page (a party name: 1/196 match)", f"/portal/decisions/?party={rare}"),
            ("decision page", f"/portal/decisions/{newest}/"),
            ("open data API search (食品店)", f"/open/decisions?q={common}"),
            ("open data API search (a party name)", f"/open/decisions?party={rare}"),
            ("open data API record", f"/open/decisions/{newest}")]


def cpu_in_process(paths: list[tuple[str, str]], profile: bool) -> dict[str, dict[str, float]]:
    """CPU (time.process_time) per request through Django's test client, in this process: made
    (page cache cleared before each) and kept (the same request again)."""
    from django.test import Client

    from yifa.lib import pagecache

    client, found = Client(HTTP_HOST="127.0.0.1"), {}
    for label, path in [("trivial view (/healthz)", "/healthz"), *paths]:
        client.get(path)
        made = []
        for _ in range(20):
            pagecache.clear()
            t0 = time.process_time()
            assert client.get(path).status_code == 200, path
            made.append(time.process_time() - t0)
        t0 = time.process_time()
        for _ in range(200):
            client.get(path)
        kept = (time.process_time() - t0) / 200
        found[label] = {"made_ms": sorted(made)[len(made) // 2] * 1000, "kept_ms": kept * 1000}
        print(f"  {label}: made {found[label]['made_ms']:.2f} ms, kept {found[label]['kept_ms']:.2f} ms CPU", flush=True)
    if profile:
        for label, path in paths[1:3]:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(20):
                pagecache.clear()
                client.get(path)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(14)
            print(f"--- cProfile, {label}, 20 requests made (tottime) ---\n{out.getvalue()}", flush=True)
    return found


def under_load(paths: list[tuple[str, str]], cache_bytes: int, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """wrk on each path against gunicorn as deployed (2 workers); /healthz first and last."""
    env = {**os.environ, "YIFA_PAGE_CACHE_BYTES": str(cache_bytes)}
    env.pop("YIFA_DEBUG", None)
    found: dict[str, dict[str, Any]] = {}
    with deployed(env, Path(os.environ["YIFA_VAR"]) / "gunicorn.log") as (base, master):
        for label, path in [("/healthz", "/healthz"), *paths, ("/healthz (again, last)", "/healthz")]:
            for _ in range(4):
                assert status(base + path, "") == 200, path
            cpu0 = cpu_seconds(master)
            figures = wrk(base + path, "", args.connections, args.duration)
            figures["cpu_ms"] = (cpu_seconds(master) - cpu0) * 1000 / max(figures["requests"], 1)
            found[label] = figures
            print(f"  [cache {'on' if cache_bytes else 'off'}] {label}: {figures['rps']:.0f} req/s, "
                  f"p95 {figures['p95_ms']:.1f} ms, {figures['cpu_ms']:.2f} ms CPU/request, errors "
                  f"{figures['errors']:.0f}", flush=True)
    return found


def csv_measure(limit: int | None) -> tuple[float, float, int]:
    """Rows per second and peak Python memory (MB) of the CSV generator over `limit` rows
    (tracemalloc on: the rate is a third of the untraced one)."""
    from yifa.portal import views_decisions

    tracemalloc.start()
    t0, rows = time.perf_counter(), 0
    for _ in views_decisions._csv_rows("2026-01-01"):
        rows += 1
        if limit and rows > limit:
            break
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return rows / elapsed, peak, rows


def csv_rate() -> tuple[float, int]:
    """Rows per second of the whole export, untraced."""
    from yifa.portal import views_decisions

    t0, rows = time.perf_counter(), 0
    for _ in views_decisions._csv_rows("2026-01-01"):
        rows += 1
    return rows / (time.perf_counter() - t0), rows


def report(args: argparse.Namespace, facts: dict[str, Any], cpu: dict[str, dict[str, float]],
           loads: dict[str, dict[str, dict[str, Any]]], csv: list[Any]) -> str:
    lines = [f"`python bench/portal.py --decisions {args.decisions} --db {args.db}` — {facts}; load average "
             f"{'/'.join(f'{x:.1f}' for x in os.getloadavg())} at the end (shared 2-core machine).", "",
             "| measure | CPU/request in-process, made / kept | wrk, cache off: req/s, p95, ratio | "
             "wrk, cache on: req/s, p95, ratio |", "|---|---|---|---|"]
    base = {k: (v["/healthz"]["rps"] + v["/healthz (again, last)"]["rps"]) / 2 for k, v in loads.items()}
    labels = ["/healthz", *[label for label, _ in endpoints()]]
    for label in labels:
        c = cpu.get("trivial view (/healthz)" if label == "/healthz" else label, {})
        cells = []
        for mode in ("off", "on"):
            r = loads.get(mode, {}).get(label)
            cells.append(f"{r['rps']:.0f}, {r['p95_ms']:.1f} ms, {r['rps'] / base[mode]:.2f} ({r['cpu_ms']:.2f} ms CPU)"
                         if r else "—")
        cpu_cell = f"{c['made_ms']:.2f} / {c['kept_ms']:.2f} ms" if c else "—"
        lines.append(f"| {label} | {cpu_cell} | {cells[0]} | {cells[1]} |")
    if csv:
        (_half_rate, half_peak, half_rows), (_, peak, rows), (rate, total) = csv
        lines.append(f"\nCSV export: {rate:,.0f} rows/s over all {total:,} rows (untraced); peak traced memory "
                     f"{half_peak:.1f} MB at {half_rows:,} rows, {peak:.1f} MB at {rows:,} "
                     f"(ratio {peak / max(half_peak, 0.001):.2f}: constant memory ≈ 1).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=5000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per endpoint")
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run (var/bench/)")
    parser.add_argument("--drop", action="store_true", help="only delete a kept database")
    parser.add_argument("--cpu-only", action="store_true", help="in-process CPU and profile only, no wrk")
    parser.add_argument("--no-csv", action="store_true")
    parser.add_argument("--no-cpu", action="store_true", help="no in-process CPU measurement (wrk and CSV only)")
    args = parser.parse_args()
    os.environ.update(environment(args.db, args.decisions, args.keep or args.drop))
    if args.drop:
        drop(args.db, args.decisions)
        return
    if not args.cpu_only and not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make wrk` (Debian's package, via apt)")
    import django

    django.setup()
    facts = prepare(args.db, args.decisions, args.keep)
    print(f"database: {facts}", flush=True)
    paths = endpoints()
    cpu = {} if args.no_cpu else cpu_in_process(paths, profile=True)
    loads = {} if args.cpu_only else {mode: under_load(paths, size, args)
                                      for mode, size in (("off", 0), ("on", 32 * 1024 * 1024))}
    csv = [] if args.no_csv or args.cpu_only else [
        csv_measure(min(args.decisions // 10, 100_000)), csv_measure(min(args.decisions // 5, 200_000)), csv_rate()]
    print(report(args, facts, cpu, loads, csv))
    if not args.keep:
        drop(args.db, args.decisions)


if __name__ == "__main__":
    main()
