"""Issue 10, item 7 (APL 74; statutes.md §10): fine amounts are never an evaluation indicator.

The rule, as code: no module of Yifa whose name says it evaluates, scores or ranks (evaluation,
ranking, scoring, assessment, kpi, 考核 …) may import the fines ledger or read a fine amount (the
ledger's models, `decided_fine`, `proposed_fine`, `paid_total`, `proceeds`). The check parses every
module of the `yifa` package (AST, not text search), so it holds for modules added later; it is
tested on planted modules, so that it can fail."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent / "yifa"
INDICATOR_WORDS = ("evaluation", "evaluate", "ranking", "rank", "score", "scoring", "assessment", "appraisal", "kpi",
                   "indicator", "performance")
FINE_NAMES = frozenset({"decided_fine", "proposed_fine", "paid_total", "fine", "proceeds", "amount",
                        "PaymentNotice", "BankPayment", "Instalment", "Statement", "Property", "OnSpotCollection"})
LEDGER_MODULES = ("yifa.fines", "yifa.cases.models")


def is_indicator_module(path: Path) -> bool:
    parts = [p.lower() for p in path.relative_to(ROOT.parent).with_suffix("").parts]
    return any(word in part for part in parts for word in INDICATOR_WORDS)


def fine_reads(source: str) -> list[str]:
    """What in `source` reaches fine amounts: imports of the ledger, attribute or name uses."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(LEDGER_MODULES):
            found.append(f"from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(LEDGER_MODULES)]
        elif isinstance(node, ast.Attribute) and node.attr in FINE_NAMES:
            found.append(f".{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split("__")[-1] in FINE_NAMES:
            found.append(repr(node.value))  # a lookup such as "decided_fine" or "case__decided_fine"
    return found


def test_no_evaluation_or_ranking_module_reads_fine_amounts():
    offenders = {str(p.relative_to(ROOT.parent)): reads for p in ROOT.rglob("*.py")
                 if "migrations" not in p.parts and is_indicator_module(p) and (reads := fine_reads(p.read_text("utf-8")))}
    assert offenders == {}, f"fine amounts must never feed an evaluation score or ranking (APL 74): {offenders}"


@pytest.mark.parametrize("source", [
    "from yifa.fines.models import PaymentNotice\n",
    "import yifa.fines.queries\n",
    "def score(case):\n    return case.decided_fine / 1000\n",
    "qs.aggregate(total=Sum('decided_fine'))\n",
    "qs.values('case__decided_fine')\n",
])
def test_the_check_catches_a_module_that_reads_fines(source):
    assert fine_reads(source)


def test_the_check_knows_an_indicator_module_by_its_name():
    assert is_indicator_module(ROOT / "evaluation" / "scores.py")
    assert is_indicator_module(ROOT / "cases" / "ranking.py")
    assert not is_indicator_module(ROOT / "cases" / "actions.py")


def test_the_ledger_itself_is_read_by_nothing_that_ranks():
    """Beyond names: nothing in Yifa that imports the ledger defines a ranking or scoring function."""
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.is_relative_to(ROOT / "fines"):
            continue
        tree = ast.parse(path.read_text("utf-8"))
        imports_ledger = any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("yifa.fines") for n in ast.walk(tree))
        if imports_ledger:
            names = [n.name.lower() for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
            assert not [n for n in names if any(w in n for w in ("score", "rank", "evaluat"))], path


@pytest.mark.django_db
def test_the_evaluation_reads_no_fine_column_and_scores_the_same_whatever_the_fines(cast, agency_a, penalty_power):
    """Issue 12 item 6: the evaluation's indicators (yifa.evaluation) send no SQL naming a fine
    column or a table of the ledger, and an agency's score does not move when its fines do."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import CASE_FIELDS
    from yifa.cases.models import Case
    from yifa.evaluation import actions
    from yifa.evaluation.models import Indicator

    assert {i.code for i in Indicator.objects.all()} >= {"DEADLINES", "PUBLICATION", "PUBLIC"}
    assert not [i for i in Indicator.objects.all() if any(w in i.code.lower() for w in ("fine", "penalt", "amount"))]
    case = Case.objects.create(agency=agency_a, power=penalty_power, created_by=cast["officer_a"],
                               **(CASE_FIELDS | {"status": "decided", "serious": True, "decided_types": ["fine"],
                                                 "decided_fine": Decimal(5000)}))
    Case.objects.filter(pk=case.pk).update(decided_on=timezone.localdate())
    with CaptureQueriesContext(connection) as ctx:
        cycle = actions.compute(region=agency_a.region, year=timezone.localdate().year, acting_user=cast["supervisor"])
    before = {r.agency_id: r.total for r in cycle.results.all()}
    sql = "\n".join(q["sql"] for q in ctx.captured_queries)
    ledger = re.findall(r'"(decided_fine|proposed_fine|paid_total|proceeds|amount|fines_\w+)"', sql)
    assert ledger == [], ledger
    Case.objects.filter(pk=case.pk).update(decided_fine=Decimal(500_000))
    cycle = actions.compute(region=agency_a.region, year=timezone.localdate().year, acting_user=cast["supervisor"])
    assert {r.agency_id: r.total for r in cycle.results.all()} == before
