"""The public portal under concurrent load: the decisions search page and the open data API
against a trivial Django view (/healthz) in the same gunicorn, and the CSV export's rate and
peak memory at two sizes (constant memory: the peak must not grow with the rows).

    python bench/portal.py [--decisions 5000] [--connections 16] [--requests 400]

Runs in a fresh temporary directory (SQLite; YIFA_DATABASE_URL for PostgreSQL), on loopback only,
bounded: the decisions are bulk-inserted with their bigram tokens (no demo build).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, gunicorn  # bench/run.py's server helpers

PARTIES = ["浦江县{}食品店", "浦江县{}餐饮有限公司", "浦江县{}超市", "浦江县{}农贸市场经营部"]
WORDS = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", "丑", "寅", "卯"]


def generate(n: int) -> None:
    """`n` released decisions of one agency, with their search tokens, in batches of plain-SQL
    inserts (yifa.lib.bulk: ids assigned up front), then ANALYZE."""
    from django.db import transaction

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
    token_id = 1
    for first in range(0, n, 5000):
        with transaction.atomic():
            ids = next_ids(Publication, min(n, first + 5000) - first)
            pubs, tokens = [], []
            for pk, i in zip(ids, range(first, min(n, first + 5000)), strict=True):
                party = PARTIES[i % 4].format(WORDS[i % 14] + WORDS[(i // 14) % 14] + str(i))
                number, title = f"浦市监罚〔2025〕{i + 1}号", f"{party}未取得许可经营食品案"
                facts, result = f"{party}在经营场所销售超过保质期的食品{i % 97}件。", f"罚款{1000 + i % 50000}元"
                decided = start + dt.timedelta(days=i % 600)
                text = normalise("\n".join([number, title, facts, party, result]))
                pubs.append((pk, agency.pk, "penalty", i + 1, "released", 1, number, title, "罚款", facts,
                             "《中华人民共和国食品安全法》第一百二十四条", party, False, "", result, decided, text,
                             start, "DISCLOSURE_PUBLISH", "", start, "", "", ""))
                for t in tokens_of(text):
                    tokens.append((token_id, pk, t, decided))
                    token_id += 1
            insert_rows(Publication, columns, pubs)
            insert_rows(SearchToken, ("id", "publication_id", "token", "decided_on"), tokens)
    reset_sequences(Publication, SearchToken)
    refresh_statistics(Publication, SearchToken)


def load(url: str, connections: int, requests: int) -> dict[str, float]:
    """`requests` GETs over `connections` threads: requests per second and p50/p95 latency."""

    def one(_: int) -> float:
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
            assert r.status == 200, r.status
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        times = sorted(pool.map(one, range(requests)))
    return {"rps": requests / (time.perf_counter() - t0), "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000}


def csv_measure(limit: int | None) -> tuple[float, float, int]:
    """Rows per second and peak Python memory (MB) of the CSV generator over `limit` rows."""
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yifa-bench-portal-"))
    os.environ.update({"YIFA_VAR": str(workdir), "DJANGO_SETTINGS_MODULE": "yifa.settings",
                       "YIFA_STATIC_ROOT": str(workdir / "static")})
    subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
    import django

    django.setup()
    t0 = time.perf_counter()
    generate(args.decisions)
    print(f"{args.decisions} decisions generated in {time.perf_counter() - t0:.0f} s")
    common = urllib.parse.quote("食品店")  # a quarter of the records
    rare = urllib.parse.quote(PARTIES[1].format(WORDS[7] + WORDS[3]))  # one party name in 196
    searches = [("portal list page, no words", "/portal/decisions/"),
                ("portal search page (食品店: ¼ match)", f"/portal/decisions/?q={common}"),
                ("portal search page (a party name: 1/196 match)", f"/portal/decisions/?party={rare}"),
                ("open data API search (食品店)", f"/open/decisions?q={common}"),
                ("open data API search (a party name)", f"/open/decisions?party={rare}")]
    with gunicorn() as base:
        for _, path in [("", "/healthz"), *searches]:
            load(base + path, 2, 20)  # warm up
        trivial = load(base + "/healthz", args.connections, args.requests)
        measured = [(name, load(base + path, args.connections, args.requests)) for name, path in searches]
    _, half_peak, half_rows = csv_measure(args.decisions // 2)
    rate, peak, rows = csv_measure(None)
    print("| measure | figures | ratio |\n|---|---|---|")
    print(f"| trivial view, {args.connections} connections | {trivial['rps']:.0f} req/s, p95 {trivial['p95_ms']:.1f} ms | 1 |")
    for name, r in measured:
        print(f"| {name}, {args.decisions} decisions | {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
              f"p95 {r['p95_ms']:.1f} ms | {r['rps'] / trivial['rps']:.2f} (aim ≥ 0.5; p95 ≤ 50 ms) |")
    print(f"| CSV export | {rate:.0f} rows/s; peak {half_peak:.1f} MB at {half_rows} rows, {peak:.1f} MB at {rows} | "
          f"{peak / max(half_peak, 0.001):.2f} (constant memory: ≈ 1) |")


if __name__ == "__main__":
    main()
