"""The golden cases shipped in each benchmark file (facts → expected tier and band), run by the
tests (one test per case, generated from the files) and by `yifa benchmarks check`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from yifa.discretion.engine import Compiled, Facts, PriorCase, assess, compile_spec
from yifa.discretion.loader import Entry
from yifa.lib.errors import ActionError

#: The day a golden case is evaluated on unless it names one (`on:`): cases never depend on today.
GOLDEN_DAY = dt.date(2026, 6, 1)


def facts_of(data: Mapping[str, Any]) -> Facts:
    amount = data.get("amount")
    return Facts(amount=None if amount is None else Decimal(str(amount)),
                 duration_days=int(data.get("duration_days", 0)), harm=str(data.get("harm", "none")),
                 corrected=bool(data.get("corrected", False)), factors=frozenset(data.get("factors") or ()))


def history_of(dates: Any) -> list[PriorCase]:
    return [PriorCase(f"（历史案件{i + 1}）", "（其他机关）", dt.date.fromisoformat(str(d))) for i, d in enumerate(dates or ())]


def outcome(bench: Compiled, case: Mapping[str, Any]) -> tuple[str, Any]:
    """(tier, band as [low, high] of whole yuan or None), or ("error", field) for a refusal."""
    day = dt.date.fromisoformat(str(case["on"])) if case.get("on") else GOLDEN_DAY
    try:
        rec = assess(bench, facts_of(case.get("facts") or {}), history=history_of(case.get("history")), day=day)
    except ActionError as exc:
        return "error", exc.field
    band = None if rec.band_min is None else [int(rec.band_min), int(rec.band_max or 0)]
    return rec.tier, band


def expected(case: Mapping[str, Any]) -> tuple[str, Any]:
    if "error" in case:
        return "error", case["error"]
    return str(case["tier"]), case.get("band")


def failures(entry: Entry) -> list[str]:
    bench = compile_spec(entry.spec)
    found = []
    for case in entry.spec.get("golden") or []:
        got, want = outcome(bench, case), expected(case)
        if got != want:
            found.append(f"{entry.file} {entry.code} “{case.get('name', '')}”: expected {want}, got {got}")
    return found
