"""Bank-statement reconciliation (issue 10, item 5): a 100,000-row statement imported through the
fines ledger (`fines.actions.import_statement`: whole-file check, then reconciliation streamed in
batches, payments written in bulk, the cases paid in full settled and audited) against a plain
dictionary join over the same rows (CSV parsed, each line looked up by reference and classified).

Reports the ratio (aim ≥ 0.1), the import's wall time (aim < 10 s) and the peak memory the import
adds, for 20,000 and 100,000 rows: streaming keeps it flat (constant memory).

    .venv/bin/python bench/fines.py [--rows 100000] [--notices 20000] [--db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from databases import fresh  # bench/databases.py (this script's directory is on the path)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAID_ON = dt.date(2026, 10, 9)


def world(n_notices: int) -> tuple[object, list[tuple[str, Decimal]]]:
    """An agency with `n_notices` served fine decisions and their notices (bulk, untimed)."""
    from yifa.accounts.models import User
    from yifa.cases.models import Case
    from yifa.fines.ledger import reference_for
    from yifa.fines.models import PaymentNotice
    from yifa.law.models import PowerItem
    from yifa.lib.workdays import add_months
    from yifa.registry.models import Agency, Region

    county = Region.objects.create(code="330726", name="浦江县", level="county")
    agency = Agency.objects.create(name="浦江县市场监督管理局", short_name="浦市监", kind="statutory", region=county,
                                   qualification_basis="组织法", parent_government="浦江县人民政府", uscc="11330726MB12345673")
    power = PowerItem.objects.create(code="BENCH-1", name="基准职权", category="penalty", agency=agency,
                                     procedure="penalty_ordinary")
    finance = User.objects.create_user(username="bench_finance", password=None, role="finance", agency=agency)
    served = dt.date(2026, 9, 30)
    cases = Case.objects.bulk_create([Case(
        agency=agency, power=power, title=f"基准案件{i}", source="inspection", registered_on=dt.date(2026, 9, 1),
        party_kind="organisation", party_name=f"当事人{i}", act_ended_on=dt.date(2026, 8, 1),
        discovered_on=dt.date(2026, 8, 2), status="served", decided_fine=Decimal(1000 + i % 9000),
        decided_on=dt.date(2026, 9, 29), served_on=served, payment_due=dt.date(2026, 10, 15),
        stage_due=dt.date(2026, 10, 15), stage_rule="APL_PAYMENT", created_by=finance) for i in range(n_notices)],
        batch_size=2000)
    if cases[0].pk is None:  # SQLite before returning ids: read them back
        cases = list(Case.objects.order_by("pk"))
    PaymentNotice.objects.bulk_create([PaymentNotice(
        case_id=c.pk, agency=agency, reference=reference_for(agency.pk, c.pk), fine=c.decided_fine, received_on=served,
        due_on=dt.date(2026, 10, 15), due_rule="APL_PAYMENT", enforce_by=add_months(served, 9), issued_on=served)
        for c in cases], batch_size=2000)
    notices = list(PaymentNotice.objects.order_by("pk").values_list("reference", "fine"))
    return finance, notices


def write_statement(path: Path, rows: int, notices: list[tuple[str, Decimal]], seed: int, prefix: str) -> None:
    """Each notice paid in a few parts (the last one settles it); about 2% unmatched references
    and 1% duplicated bank numbers."""
    rnd = random.Random(seed)  # noqa: S311 -- test data, not secrets
    parts = max(rows // len(notices), 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["bank_ref", "reference", "amount", "paid_on", "payer"])
        for i in range(rows):
            ref, fine = notices[(i // parts) % len(notices)]
            roll = rnd.random()
            if roll < 0.02:
                ref = f"{rnd.randrange(10**14, 10**15)}"
            bank_ref = f"{prefix}{i - 1:08d}" if roll > 0.99 and i else f"{prefix}{i:08d}"
            out.writerow([bank_ref, ref, f"{(fine / parts).quantize(Decimal('0.01'))}", PAID_ON.isoformat(), "某某公司"])


def dict_join(path: Path, notices: list[tuple[str, Decimal]]) -> dict[str, int]:
    """The baseline: the same rows, parsed and joined to a dict of notices, classified."""
    fines = dict(notices)
    paid: dict[str, Decimal] = {}
    seen: set[str] = set()
    counts = {"matched": 0, "partial": 0, "overpaid": 0, "unmatched": 0, "duplicate": 0}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for bank_ref, ref, amount_text, day_text, _payer in reader:
            amount, _day = Decimal(amount_text), dt.date.fromisoformat(day_text)
            if bank_ref in seen:
                counts["duplicate"] += 1
                continue
            seen.add(bank_ref)
            fine = fines.get(ref)
            if fine is None:
                counts["unmatched"] += 1
                continue
            left = fine - paid.get(ref, Decimal(0))
            paid[ref] = paid.get(ref, Decimal(0)) + amount
            counts["matched" if amount == left else "partial" if amount < left else "overpaid"] += 1
    return counts


def timed_import(path: Path, finance: object, *, trace: bool = False) -> tuple[float, int, dict[str, int]]:
    """The import's wall time, or (traced, slower) its peak Python memory."""
    from yifa.fines.actions import import_statement

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    with path.open("rb") as f:
        st = import_statement(f, name=path.name, acting_user=finance)  # type: ignore[arg-type]
    took = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return took, peak, st.summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=20_000)
    parser.add_argument("--db", default="sqlite", help="sqlite, or postgres (a fresh database yifa_bench_fines)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="yifa-bench-fines-"))
    os.environ.update({"YIFA_VAR": str(workdir), "DJANGO_SETTINGS_MODULE": "yifa.settings"})
    with fresh(args.db, "yifa_bench_fines"):
        run(args, workdir)


def run(args: argparse.Namespace, workdir: Path) -> None:
    subprocess.run([str(BIN / "yifa"), "migrate", "-v0"], check=True)
    import django

    django.setup()
    # The timed statement's notices, and two smaller sets for the memory runs (disjoint, so the
    # timed import reconciles exactly what the dict join does).
    finance, all_notices = world(args.notices + args.notices // 2)
    notices, spare = all_notices[: args.notices], all_notices[args.notices:]
    sizes = (args.rows // 10, args.rows // 2)
    peaks = []
    for k, (size, part) in enumerate(zip(sizes, (spare[: len(spare) // 5], spare[len(spare) // 5:]), strict=True)):
        path = workdir / f"memory{k}.csv"
        write_statement(path, size, part, 10 + k, f"M{k}")
        peaks.append(timed_import(path, finance, trace=True)[1])
    big = workdir / "statement.csv"
    write_statement(big, args.rows, notices, 2, "B")
    t0 = time.perf_counter()
    baseline = dict_join(big, notices)
    plain = time.perf_counter() - t0
    took, _, summary = timed_import(big, finance)
    from django.db import connection

    print(f"| database | {connection.vendor} |")
    print(f"| statement rows | {args.rows} (notices {args.notices}) |")
    print(f"| import + reconcile | {took:.2f} s ({args.rows / took:,.0f} rows/s; aim < 10 s) |")
    print(f"| plain dict join | {plain:.3f} s ({args.rows / plain:,.0f} rows/s) |")
    print(f"| ratio (dict join time / import time) | {plain / took:.3f} (aim ≥ 0.1) |")
    print(f"| peak traced memory of an import: {sizes[0]} rows / {sizes[1]} rows | "
          f"{peaks[0] / 2**20:.1f} MB / {peaks[1] / 2**20:.1f} MB |")
    print(f"| max RSS of the whole run | {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB |")
    print(f"| outcomes (import) | {summary} |")
    print(f"| outcomes (dict join) | {baseline} |")
    print(f"| same outcomes | {summary == {k: v for k, v in baseline.items() if v}} |")


if __name__ == "__main__":
    main()
