"""The alerts sweep over many cases (issue 12): `yifa sweep` when nothing changed (aim ≤ 2 s at
one million cases, by scanning only due dates in range) and when 1% of the open cases changed,
against a bare indexed range count over the same column (cases.stage_due) in the same run.

    .venv/bin/python bench/sweep.py [--cases 1000000]

A fresh database in a temporary directory: `yifa migrate`, the demo county, then the bulk cases
(yifa.demo.cases.bulk_cases, the generator `make bench` uses). The first sweep (which opens every
alert the generated data fires) is reported but is not the aim's figure.
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
from pathlib import Path

BIN = Path(sys.executable).parent
TODAY = dt.date(2026, 11, 25)  # the bulk generator's default "today"


def timed(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yifa-bench-sweep-"))
    os.environ.update({"YIFA_VAR": str(workdir), "DJANGO_SETTINGS_MODULE": "yifa.settings"})
    subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
    subprocess.run([str(BIN / "yifa"), "demo"], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    from yifa.cases.models import OPEN_STATUSES, Case
    from yifa.demo.cases import bulk_cases
    from yifa.supervision.models import Alert
    from yifa.supervision.sweep import sweep

    t0 = time.perf_counter()
    bulk_cases(args.cases, seed=11, today=TODAY)
    generated = time.perf_counter() - t0
    t0 = time.perf_counter()
    first = sweep(TODAY)
    first_s = time.perf_counter() - t0
    alerts = Alert.objects.count()

    def count_in_range() -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM cases_case WHERE stage_due BETWEEN %s AND %s",
                        [TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=3)])
            cur.fetchone()

    baseline = timed(count_in_range)
    unchanged = timed(lambda: sweep(TODAY))
    # 1% of the open cases change: their stage falls due yesterday (they now fire).
    open_ids = list(Case.objects.filter(status__in=OPEN_STATUSES).values_list("id", flat=True)[: args.cases // 100])
    Case.objects.filter(pk__in=open_ids).update(stage_due=TODAY - dt.timedelta(days=1))
    t0 = time.perf_counter()
    changed = sweep(TODAY)
    changed_s = time.perf_counter() - t0
    print(f"| cases | {Case.objects.count():,} (generated in {generated:.0f} s) |")
    print(f"| first sweep (opens every alert) | {first_s:.1f} s, {alerts:,} alerts ({first}) |")
    print(f"| sweep, nothing changed | {unchanged:.2f} s (aim ≤ 2 s) |")
    print(f"| bare indexed range count over stage_due | {baseline * 1000:.1f} ms |")
    print(f"| ratio (sweep / range count) | {unchanged / baseline:.0f}× |")
    print(f"| sweep, 1% of open cases changed ({len(open_ids):,}) | {changed_s:.2f} s ({changed}) |")


if __name__ == "__main__":
    main()
