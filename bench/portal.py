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
    """`n` released decisions of one agency, with their search tokens, in batches."""
    from django.db import transaction

    from yifa.disclosure.models import Publication, SearchToken
    from yifa.disclosure.search import normalise, tokens_of
    from yifa.registry.models import Agency, Region

    region = Region.objects.create(code="330726", name="浦江县", level="county")
    agency = Agency.objects.create(name="浦江县市场监督管理局", short_name="浦市监", kind="statutory",
                                   qualification_basis="法定", region=region, parent_government="浦江县人民政府",
                                   uscc="11330726002000000X")
    start = dt.date(2025, 1, 1)
    for first in range(0, n, 2000):
        with transaction.atomic():
            pubs = []
            for i in range(first, min(n, first + 2000)):
                party = PARTIES[i % 4].format(WORDS[i % 14] + WORDS[(i // 14) % 14] + str(i))
                pub = Publication(agency=agency, kind="penalty", source_id=i + 1, status="released",
                                  document_number=f"浦市监罚〔2025〕{i + 1}号", title=f"{party}未取得许可经营食品案",
                                  category="罚款", facts=f"{party}在经营场所销售超过保质期的食品{i % 97}件。",
                                  legal_basis="《中华人民共和国食品安全法》第一百二十四条", party_name=party,
                                  result=f"罚款{1000 + i % 50000}元", decided_on=start + dt.timedelta(days=i % 600),
                                  publish_due=start, publish_rule="DISCLOSURE_PUBLISH", released_on=start)
                pub.search_text = normalise("\n".join([pub.document_number, pub.title, pub.facts, pub.party_name, pub.result]))
                pubs.append(pub)
            Publication.objects.bulk_create(pubs)
            SearchToken.objects.bulk_create([SearchToken(publication=p, token=t) for p in pubs
                                             for t in tokens_of(p.search_text)], batch_size=5000)


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
    query = urllib.parse.quote("食品店")
    with gunicorn() as base:
        for path in ("/healthz", f"/portal/decisions/?q={query}", f"/open/decisions?q={query}"):
            load(base + path, 2, 20)  # warm up
        trivial = load(base + "/healthz", args.connections, args.requests)
        page = load(base + f"/portal/decisions/?q={query}", args.connections, args.requests)
        api = load(base + f"/open/decisions?q={query}", args.connections, args.requests)
    _, half_peak, half_rows = csv_measure(args.decisions // 2)
    rate, peak, rows = csv_measure(None)
    print("| measure | figures | ratio |\n|---|---|---|")
    print(f"| trivial view, {args.connections} connections | {trivial['rps']:.0f} req/s, p95 {trivial['p95_ms']:.1f} ms | 1 |")
    for name, r in (("portal search page (食品店)", page), ("open data API search", api)):
        print(f"| {name}, {args.decisions} decisions | {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, "
              f"p95 {r['p95_ms']:.1f} ms | {r['rps'] / trivial['rps']:.2f} (aim ≥ 0.5; p95 ≤ 50 ms) |")
    print(f"| CSV export | {rate:.0f} rows/s; peak {half_peak:.1f} MB at {half_rows} rows, {peak:.1f} MB at {rows} | "
          f"{peak / max(half_peak, 0.001):.2f} (constant memory: ≈ 1) |")


if __name__ == "__main__":
    main()
