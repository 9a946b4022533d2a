"""Golden cases, one test each, generated from the benchmark files themselves: adding a benchmark
file (or a case to one) adds tests, no code. Each case is facts → the expected tier and band."""

from __future__ import annotations

import pytest

from yifa.discretion.engine import compile_spec
from yifa.discretion.golden import expected, outcome
from yifa.discretion.loader import Entry, read_files

ENTRIES = read_files()
CASES = [(entry, case) for entry in ENTRIES for case in entry.spec.get("golden") or []]


@pytest.mark.parametrize(("entry", "case"), CASES,
                         ids=[f"{e.code}:{c.get('name', i)}" for i, (e, c) in enumerate(CASES)])
def test_golden_case(entry: Entry, case: dict) -> None:
    assert outcome(compile_spec(entry.spec), case) == expected(case)


def test_every_benchmark_ships_golden_cases() -> None:
    assert len(ENTRIES) >= 30
    assert all(entry.spec.get("golden") for entry in ENTRIES), [e.code for e in ENTRIES if not e.spec.get("golden")]
    sectors = {e.spec["sector"] for e in ENTRIES}
    assert {"food", "advertising", "product_quality", "fire", "environment"} <= sectors


def test_every_no_penalty_entry_has_a_golden_case_granting_it() -> None:
    listed = [e for e in ENTRIES if e.spec["no_penalty"]]
    assert listed
    for entry in listed:
        assert any(c.get("tier") == "no_penalty" for c in entry.spec["golden"]), entry.code
        # … and one where the party's history (or the facts) keeps it out
        assert any(c.get("tier") not in (None, "no_penalty") for c in entry.spec["golden"]), entry.code
