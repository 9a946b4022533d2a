"""Reading benchmarks for a case: the version in force on a day, compiled once per content."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from yifa.discretion.engine import Compiled, compile_spec
from yifa.discretion.models import Benchmark
from yifa.law.models import Provision
from yifa.lib.errors import refuse


def in_force(day: dt.date) -> Any:
    return Benchmark.objects.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)


def for_power(power_id: int, day: dt.date) -> list[Benchmark]:
    """The benchmarks in force on `day` for a power item: those whose penalty provision is one of
    the item's legal bases (罚则) — the same law, and the same article, paragraph or item, or one
    of them containing the other (第一百二十二条 covers 第一百二十二条第一款). A power item with
    such a benchmark is decided only after the benchmark was applied (APL 34)."""
    basis = [f"《{law}》{label}" for law, label in
             Provision.objects.filter(basis_of_powers=power_id).values_list("law__name", "label")]
    if not basis:
        return []
    return [row for row in in_force(day).order_by("code", "-effective_from")
            if any(row.penalty_citation.startswith(b) or b.startswith(row.penalty_citation) for b in basis)]


def benchmark_on(code: str, day: dt.date) -> Benchmark:
    """The benchmark `code` in force on `day` (the law in force at the time of the act, APL 37)."""
    row = in_force(day).filter(code=code).order_by("-effective_from").first()
    if row is None:
        raise refuse(f"{day}没有有效的裁量基准“{code}”", f"No benchmark {code!r} in force on {day}",
                     "行政处罚法第三十四条", field="benchmark")
    return row


#: Compiled specs by content digest (a reloaded benchmark has a new digest and compiles afresh).
_COMPILED: dict[str, Compiled] = {}


def compiled(row: Benchmark) -> Compiled:
    found = _COMPILED.get(row.digest)
    if found is None:
        found = _COMPILED[row.digest] = compile_spec(row.spec)
    return found


def benchmark_choices(day: dt.date) -> list[tuple[str, str]]:
    rows = in_force(day).order_by("sector", "code").values_list("code", "sector_name", "violation")
    return [(code, f"{sector}：{violation}") for code, sector, violation in rows]


def factor_choices(day: dt.date) -> list[tuple[str, str]]:
    """Every aggravating and mitigating factor the benchmarks in force name."""
    found: dict[str, str] = {}
    for spec in in_force(day).values_list("spec", flat=True):
        for group, prefix in (("aggravating", "从重"), ("mitigating", "从轻/减轻")):
            for code, label in (spec.get(group) or {}).items():
                found.setdefault(code, f"{prefix}：{label}")
    return sorted(found.items())
