"""Discretion-engine evaluations per second against a bare Python function computing the same band.

The engine evaluates the shipped benchmark `food.unlicensed` (食品安全法第一百二十二条: below
10,000 yuan of goods 50,000–100,000 yuan, else 10–20 times the goods value) on varied facts and
histories; the baseline is that one benchmark hand-coded as plain ifs and arithmetic. Both must
agree on every evaluation. Aim: ratio ≥ 0.2. Run alone (`python bench/discretion.py`) or from
bench/run.py.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DAY = dt.date(2026, 6, 1)
AGGRAVATING = {"destroyed_evidence", "obstruction", "after_warning", "emergency", "retaliation", "vulnerable"}
MITIGATING = {"reduced_harm", "coerced", "confessed", "cooperated", "minor_age"}
BANDS = {"mitigated": (Decimal("0.5"), Decimal(1)), "lighter": (Decimal(0), Decimal("0.5")),
         "ordinary": (Decimal("0.3"), Decimal("0.7")), "heavier": (Decimal("0.5"), Decimal(1))}


def _yuan(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def bare_band(amount: Decimal, harm: str, corrected: bool, factors: frozenset[str],
              prior: list[dt.date]) -> tuple[str, Decimal, Decimal]:
    """food.unlicensed, hand-coded (the baseline)."""
    since = DAY.replace(year=DAY.year - 2)
    repeats = sum(1 for d in prior if d >= since)
    agg, mit = len(factors & AGGRAVATING), len(factors & MITIGATING)
    if agg or repeats >= 3 or harm == "serious":
        tier = "heavier"
    elif mit >= 2 and corrected and harm in ("none", "slight"):
        tier = "mitigated"
    elif mit or (repeats == 0 and corrected and harm in ("none", "slight")):
        tier = "lighter"
    else:
        tier = "ordinary"
    low, high = (Decimal(50000), Decimal(100000)) if amount < 10000 else (10 * amount, 20 * amount)
    a, z = BANDS[tier]
    if tier == "mitigated":
        return tier, _yuan(low * a), _yuan(low * z)
    return tier, _yuan(low + (high - low) * a), _yuan(low + (high - low) * z)


def samples(n: int) -> list[tuple[Decimal, str, bool, frozenset[str], list[dt.date]]]:
    rng = random.Random(7)  # noqa: S311 - reproducible bench inputs, not secrets
    factors = sorted(AGGRAVATING | MITIGATING)
    return [(Decimal(rng.choice([800, 5000, 9999, 10000, 25000, 120000])), rng.choice(["none", "slight", "ordinary", "serious"]),
             rng.random() < 0.5, frozenset(rng.sample(factors, rng.choice([0, 0, 1, 2]))),
             [DAY - dt.timedelta(days=rng.randint(30, 1200)) for _ in range(rng.choice([0, 0, 1, 3]))])
            for _ in range(n)]


def bench_discretion(n: int = 20_000) -> dict[str, float]:
    from yifa.discretion.engine import Facts, PriorCase, assess, compile_spec
    from yifa.discretion.loader import read_files

    spec = next(e.spec for e in read_files() if e.code == "food.unlicensed")
    bench = compile_spec(spec)
    data = samples(n)
    inputs = [(Facts(amount=a, harm=h, corrected=c, factors=f), [PriorCase("", "", d) for d in p])
              for a, h, c, f, p in data]
    t0 = time.perf_counter()
    engine = [assess(bench, facts, history=history, day=DAY) for facts, history in inputs]
    engine_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bare = [bare_band(*row) for row in data]
    bare_s = time.perf_counter() - t0
    assert [(r.tier, r.band_min, r.band_max) for r in engine] == bare, "engine and baseline disagree"
    return {"engine_per_s": n / engine_s, "bare_per_s": n / bare_s, "ratio": (n / engine_s) / (n / bare_s)}


def row(result: dict[str, float]) -> tuple[str, str, str]:
    return ("discretion-engine evaluations/s vs a bare Python function (same band)",
            f"{result['engine_per_s']:.0f} vs {result['bare_per_s']:.0f}", f"{result['ratio']:.2f} (aim ≥ 0.2)")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yifa.settings")
    import django

    django.setup()
    result = bench_discretion(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
    print("{} | {} | {}".format(*row(result)))
    print(f"ratio: {result['ratio']:.2f}")
