"""The case page's "行政复议/行政诉讼" panel (handed to yifa.cases.panels from `ready()`): the remedies
recorded against the case's decision as the user may see them, each with its effect — the fines
ledger's surcharge paused from–to, and whether it counts in the agency's reversal rate — and, for
whoever may record them, the forms to record a new one and a pending one's outcome."""

from __future__ import annotations

from typing import Any

from yifa.accountability.access import records_remedies, remedies_for
from yifa.accountability.forms import OutcomeForm, RemedyForm
from yifa.accountability.models import REVERSING, Outcome, Remedy
from yifa.cases.models import Case, Status
from yifa.web.i18n import tr

DECIDED = (Status.DECIDED, Status.SERVED, Status.CLOSED, Status.ARCHIVED)


def effect_of(remedy: Remedy) -> dict[str, Any]:
    """What the remedy changes elsewhere: the pause of the surcharge, and the reversal rate."""
    pause = remedy.pause
    return {"paused_from": pause.started_on if pause else None, "paused_to": pause.ended_on if pause else None,
            "reverses": remedy.outcome in REVERSING, "pending": remedy.outcome == Outcome.PENDING}


def remedy_row(remedy: Remedy) -> dict[str, Any]:
    return {"remedy": remedy, "kind_label": tr(remedy.get_kind_display()), "outcome_label": tr(Outcome(remedy.outcome).label),
            **effect_of(remedy)}


def remedies_panel(request: Any, case: Case, bound: dict[str, Any]) -> dict[str, Any] | None:
    user = request.user
    decided = case.status in DECIDED and case.decided_on is not None
    rows = [remedy_row(r) for r in remedies_for(user).filter(case=case).select_related("pause")
            .order_by("filed_on", "id")]
    if not decided and not rows:
        return None
    may = not case.read_grant and records_remedies(user, case)
    pending = any(r["pending"] for r in rows)
    for row in rows:
        key = f"outcome-{row['remedy'].pk}"
        row["form"] = bound.get(key, OutcomeForm(remedy_id=row["remedy"].pk)) if may and row["pending"] else None
    return {"template": "accountability/_remedies.html", "remedy_rows": rows,
            "remedy_form": bound.get("remedy", RemedyForm()) if may and decided and not pending else None,
            "remedy_open": "remedy" in bound}
