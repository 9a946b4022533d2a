"""Reads for the pages: histories, a cycle's results, the lists."""

from __future__ import annotations

from typing import Any

from yifa.evaluation.models import CorrectionStep, CycleStep, PlanStep, Result
from yifa.evaluation.procedure import CORRECTIONS, CYCLES, PLANS


def _history(model: Any, procedure: Any, **owner: Any) -> list[dict[str, Any]]:
    steps = model.objects.filter(**owner).select_related("actor").order_by("at", "id")
    return [{"label": procedure.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]


def cycle_history(cycle: Any) -> list[dict[str, Any]]:
    return _history(CycleStep, CYCLES, cycle=cycle)


def correction_history(correction: Any) -> list[dict[str, Any]]:
    return _history(CorrectionStep, CORRECTIONS, correction=correction)


def plan_history(plan: Any) -> list[dict[str, Any]]:
    return _history(PlanStep, PLANS, plan=plan)


def results(cycle: Any) -> list[Result]:
    return list(Result.objects.filter(cycle=cycle).select_related("agency").order_by("position", "agency__name"))
