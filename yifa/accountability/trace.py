"""Who the case's own record names at each link of its approval chain (reads only): the handling
officers (the case's officers, not recused, and whoever took investigate or notify), the reviewer
(who took legal_review), the approver (the head who took decide) and the collective decision
(whoever recorded discuss). The investigator confirms among them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yifa.accountability.models import Part
from yifa.accounts.models import User
from yifa.cases.models import Case, CaseOfficer, CaseStep

#: The case step whose actor answers for each link.
STEP_PARTS = {"investigate": Part.HANDLING, "notify": Part.HANDLING, "legal_review": Part.REVIEWER,
              "decide": Part.APPROVER, "discuss": Part.COLLECTIVE}


@dataclass
class Proposed:
    part: str
    name: str
    user_id: int | None = None
    officer_id: int | None = None
    trace: list[dict[str, Any]] = field(default_factory=list)


def trace_responsibility(case: Case) -> list[Proposed]:
    found: dict[tuple[str, Any], Proposed] = {}
    logins = {u.officer_id: u for u in User.objects.filter(officer__case_assignments__case=case).distinct()}
    for a in CaseOfficer.objects.filter(case=case, recused=False).select_related("officer").order_by("-is_lead", "pk"):
        login = logins.get(a.officer_id)
        p = found.setdefault((Part.HANDLING, ("o", a.officer_id)), Proposed(
            Part.HANDLING, a.officer.name, login.pk if login else None, a.officer_id))
        p.trace.append({"step": "assign", "on": a.assigned_on.isoformat(), "lead": a.is_lead})
    steps = (CaseStep.objects.filter(case=case, step__in=STEP_PARTS, actor__isnull=False)
             .select_related("actor", "actor__officer").order_by("at", "pk"))
    for s in steps:
        part, actor = STEP_PARTS[s.step], s.actor
        assert actor is not None
        key = (part, ("o", actor.officer_id) if actor.officer_id else ("u", actor.pk))
        name = actor.officer.name if actor.officer is not None else actor.display_name or actor.username
        p = found.setdefault(key, Proposed(part, name, actor.pk, actor.officer_id))
        p.user_id = p.user_id or actor.pk
        p.trace.append({"step": s.step, "on": s.on_date.isoformat(), "actor": actor.pk})
    return list(found.values())
