"""bench/load.py (issue 14, item 1): reading wrk's report line, and covering every list with a
budget. No timing here: the load run itself is `make load` / `make bench`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_module() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
        assert spec
        assert spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


load = load_module()

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40123/cases/
  2 threads and 16 connections
  Latency Distribution
     50%   12.10ms
  4521 requests in 10.00s, 40.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    452.08
WRK_JSON {"requests": 4521, "bytes": 42048000, "duration_us": 10001000, "p50_us": 12100, "p95_us": 48250, \
"p99_us": 91000, "max_us": 150000, "connect": 0, "read": 1, "write": 0, "status": 3, "timeout": 2}
"""


def test_parse_wrk_reads_the_report_line() -> None:
    got = load.parse_wrk(WRK_OUTPUT)
    assert got["requests"] == 4521
    assert got["rps"] == pytest.approx(452.05, abs=0.01)
    assert (got["p50_ms"], got["p95_ms"], got["p99_ms"], got["max_ms"]) == (12.1, 48.25, 91.0, 150.0)
    assert (got["errors"], got["status_errors"], got["timeouts"]) == (6, 3, 2)


def test_parse_wrk_without_the_report_line_says_so() -> None:
    with pytest.raises(ValueError, match="WRK_JSON"):
        load.parse_wrk("Running 10s test @ http://127.0.0.1:1/\n  0 requests in 10.00s\n")


def test_every_list_with_a_budget_is_loaded() -> None:
    from tests.test_query_budgets import LISTS

    paths = {path.split("?")[0] for _, path, _ in load.ENDPOINTS}
    wanted = {key.removeprefix("GET ") for key in LISTS}
    assert wanted - paths == set()
    assert {"/healthz", "/cases/{case}/"} <= paths


def test_only_keeps_the_baseline_and_the_named_endpoints() -> None:
    assert load.selected("/healthz (again, last)", "api/cases")
    assert load.selected("GET /api/cases (officer)", "/api/cases,/fines/")
    assert not load.selected("/coercion/", "/api/cases,/fines/")
    assert load.selected("/coercion/", "")


def test_aims_and_table_from_figures() -> None:
    def fig(rps: float, p95: float, cpu: float) -> dict[str, float]:
        return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.5, "cpu_ms": cpu, "errors": 0}

    results = {"/healthz": fig(1000, 5, 1.0), "/healthz (again, last)": fig(1000, 5, 1.0),
               "/cases/ (officer: my cases)": fig(200, 40, 4.0), "GET /api/cases (officer)": fig(50, 90, 20.0),
               "/coercion/": {"skipped": "HTTP 403 as officer"}}
    summary = load.aims("sqlite", results)
    assert "p95 ≤ 50 ms on 1 of 2 internal endpoints, ≥ 0.1 of /healthz on 1 of 2" in summary
    assert "the API at 0.25× the page's rate" in summary
    table = load.table({"sqlite": {"results": results}})
    assert "| GET /api/cases (officer) | 50 (0.050) ✗ | 45.0 / 90.0 / 135.0 | 20.0 (0.05) | 0 |" in table
    assert "| /cases/ (officer: my cases) | 200 (0.200) | 20.0 / 40.0 / 60.0 | 4.0 (0.25) | 0 |" in table
    assert "skipped (HTTP 403 as officer)" in table
