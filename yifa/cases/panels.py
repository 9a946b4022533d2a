"""Panels the apps above cases add to the case page (a remedy's panel from yifa.accountability):
each app hands in a function from its `ready()`, so the case page shows what is recorded against
the case elsewhere without cases importing those apps. A panel function gets the request, the case
and the forms a refused POST bound (by key), and returns its template and context, or None when it
has nothing to show on this case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yifa.cases.models import Case

#: (request, case, bound forms) → {"template": ..., **context} or None.
CasePanel = Callable[[Any, Case, dict[str, Any]], dict[str, Any] | None]
PANELS: list[CasePanel] = []


def add_panel(panel: CasePanel) -> None:
    """Register a panel (idempotent: `ready()` may run more than once in tests)."""
    if panel not in PANELS:
        PANELS.append(panel)


def panels_for(request: Any, case: Case, bound: dict[str, Any]) -> list[dict[str, Any]]:
    return [shown for panel in PANELS if (shown := panel(request, case, bound)) is not None]
