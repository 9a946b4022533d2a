"""The alerts sweep and the yearly evaluation over many cases (issue 12).

1. `yifa sweep` when nothing changed (aim ≤ 2 s at one million cases, by scanning only due dates
   in range) and when 1% of the open cases changed, against a bare indexed range count over the
   same column (cases.stage_due) in the same run; the time of each rule.
2. The county's yearly evaluation (评议考核) computed end to end (yifa.evaluation.actions.compute:
   every agency, every indicator) against one GROUP BY over the cases table the indicators read.

    .venv/bin/python bench/sweep.py [--cases 1000000] [--from DIR] [--keep] [--db sqlite|postgres]

A fresh database in a temporary directory: `yifa migrate`, the demo county, then the bulk cases
(yifa.demo.cases.bulk_cases, the generator `make bench` uses). `--from DIR` copies the database of
an earlier run's directory instead (`--keep` keeps it; generating a million cases takes minutes),
then migrates it. The first sweep (which opens every alert the generated data fires) is reported
but is not the aim's figure. `bench/run.py` runs this with `--cases 200000` (its `--sweep-cases`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from databases import drop, use  # bench/databases.py (this script's directory is on the path)

BIN = Path(sys.executable).parent
TODAY = dt.date(2026, 11, 25)  # the bulk generator's default "today"
TOP = 8  # rules listed by name in the breakdown; the rest summed


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The median time of `repeat` runs, and the result of the median run."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t0, result))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} cores"


def breakdown(seconds: dict[str, float]) -> str:
    ranked = sorted(seconds.items(), key=lambda kv: -kv[1])
    named = ", ".join(f"{code} {s * 1000:.0f}" for code, s in ranked[:TOP])
    rest = sum(s for _, s in ranked[TOP:])
    return f"{named}; the other {len(ranked) - TOP} together {rest * 1000:.0f} (ms)"


def bench_sweep(n_cases: int) -> list[tuple[str, str]]:
    from django.db import connection

    from yifa.cases.models import OPEN_STATUSES, Case
    from yifa.supervision.models import Alert
    from yifa.supervision.sweep import sweep

    t0 = time.perf_counter()
    first = sweep(TODAY)
    first_s = time.perf_counter() - t0
    alerts = Alert.objects.count()

    def count_in_range() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM cases_case WHERE stage_due BETWEEN %s AND %s",
                        [TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=3)])
            return int(cur.fetchone()[0])

    baseline, in_range = timed(count_in_range)
    unchanged, quiet = timed(lambda: sweep(TODAY))
    # 1% of the open cases change: their stage falls due yesterday (they now fire "stage overdue",
    # and those that fired "stage near" resolve).
    open_ids = list(Case.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
                    .values_list("id", flat=True)[: n_cases // 100])
    Case.objects.filter(pk__in=open_ids).update(stage_due=TODAY - dt.timedelta(days=1))
    t0 = time.perf_counter()
    changed = sweep(TODAY)
    changed_s = time.perf_counter() - t0
    return [
        ("cases", f"{Case.objects.count():,}"),
        ("first sweep (opens every alert)", f"{first_s:.1f} s, {alerts:,} alerts ({first})"),
        ("sweep, nothing changed (median of 3)", f"{unchanged:.2f} s (aim ≤ 2 s)"),
        ("  per rule", breakdown(quiet.seconds)),
        (f"bare indexed range count over stage_due ({in_range:,} rows)", f"{baseline * 1000:.1f} ms"),
        ("ratio (sweep / range count)", f"{unchanged / baseline:.0f}×"),
        (f"sweep, 1% of open cases changed ({len(open_ids):,})", f"{changed_s:.2f} s ({changed})"),
        ("  per rule", breakdown(changed.seconds)),
    ]


def bench_evaluation() -> list[tuple[str, str]]:
    """The county's cycle for the bulk cases' year, computed as the legal office does it, and the
    same cases counted per agency by one GROUP BY over the columns the case indicators read."""
    from django.db import connection

    from yifa.accounts.models import User
    from yifa.evaluation.actions import compute
    from yifa.evaluation.models import Cycle, Result
    from yifa.registry.models import Agency

    supervisor = User.objects.filter(role="supervisor", region__isnull=False).order_by("pk").first()
    assert supervisor is not None, "the demo county has a legal office"
    region = supervisor.region
    assert region is not None
    year = TODAY.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def run() -> Cycle:
        Cycle.objects.filter(year=year, region=region).update(status="computed")  # recomputable
        return compute(region=region, year=year, acting_user=supervisor)

    def group_by() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT agency_id, COUNT(*), SUM(CASE WHEN decided_on > decision_due THEN 1 ELSE 0 END) "
                        "FROM cases_case WHERE decision_due BETWEEN %s AND %s GROUP BY agency_id", [start, end])
            return len(cur.fetchall())

    computed, cycle = timed(run)
    baseline, groups = timed(group_by)
    agencies = Agency.objects.filter(region__path__startswith=region.path).count()
    return [
        (f"yearly evaluation {year}, {region.name}: {agencies} agencies, {Result.objects.filter(cycle=cycle).count()} "
         "results (compute, median of 3)", f"{computed:.2f} s"),
        (f"one GROUP BY agency over cases_case.decision_due in {year} ({groups} groups)", f"{baseline * 1000:.0f} ms"),
        ("ratio (evaluation / GROUP BY)", f"{computed / baseline:.0f}×"),
    ]


def prepare(args: argparse.Namespace) -> tuple[Path, float | None]:
    workdir = Path(tempfile.mkdtemp(prefix="yifa-bench-sweep-"))
    os.environ.update({"YIFA_VAR": str(workdir), "DJANGO_SETTINGS_MODULE": "yifa.settings"})
    if args.db == "postgres" and args.source:
        raise SystemExit("--from copies a SQLite database; with --db postgres the cases are generated")
    use(args.db, "yifa_bench_sweep")
    if args.source:
        for name in ("yifa.db", "secret_key", "audit-keys"):
            src = Path(args.source) / name
            if src.is_dir():
                shutil.copytree(src, workdir / name)
            elif src.exists():
                shutil.copy2(src, workdir / name)
        subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
        return workdir, None
    subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
    subprocess.run([str(BIN / "yifa"), "demo"], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from yifa.demo.cases import bulk_cases

    t0 = time.perf_counter()
    bulk_cases(args.cases, seed=11, today=TODAY)
    return workdir, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--from", dest="source", help="copy the database of this directory instead of generating")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (its database)")
    parser.add_argument("--db", default="sqlite", help="sqlite, or postgres (a fresh database yifa_bench_sweep)")
    args = parser.parse_args()
    workdir, generated = prepare(args)
    import django

    django.setup()
    from django.db import connection

    try:
        rows = [("database", f"{connection.vendor}, {load()} at the start")]
        if generated is not None:
            rows.append(("generated", f"{args.cases:,} cases in {generated:.0f} s"))
        # The evaluation first: it reads the cases as generated (the sweep's 1% change moves dates).
        rows += bench_evaluation()
        rows += bench_sweep(args.cases)
        rows.append(("machine at the end", load()))
        print("| measure | figures |\n|---|---|")
        for a, b in rows:
            print(f"| {a} | {b} |")
    finally:
        if args.keep:
            print(f"kept {workdir}" + (" and the database yifa_bench_sweep" if args.db == "postgres" else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            drop(args.db, "yifa_bench_sweep")


if __name__ == "__main__":
    main()
