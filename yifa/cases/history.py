"""The party's history of same-type violations, for the discretion engine (APL 33: "first"
violation; repeats as an aggravating factor).

Matched by the party's canonical code (credit code or resident ID, yifa.lib.idcodes: stored in one
form, so equal codes are the same party) across EVERY agency of the deployment — deliberately not
through `access.scoped`: eligibility for no penalty must not depend on which agency found the
earlier act. What leaves here is only what the officer may see of another agency's case: its
number, the agency's name and the decision date (yifa.discretion.engine.PriorCase).
"""

from __future__ import annotations

import datetime as dt

from yifa.cases.models import Case, Outcome
from yifa.discretion.engine import PriorCase
from yifa.discretion.models import Assessment

#: Outcomes that found the act established (a no-penalty decision still records a violation).
FOUND = (Outcome.PENALTY, Outcome.NO_PENALTY)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def same_type_history(case: Case, benchmark_code: str, *, since: dt.date, until: dt.date) -> list[PriorCase]:
    """Decided cases of the same party under the same benchmark, decided in [since, until]."""
    if not case.party_code:
        return []
    rows = (Assessment.objects
            .filter(benchmark__code=benchmark_code, decided=True, case__party_code=case.party_code,
                    case__outcome__in=FOUND, case__decided_on__gte=since, case__decided_on__lte=until)
            .exclude(case_id=case.pk)
            .order_by("case__decided_on", "case_id")
            .values_list("case_id", "case__decision_number", "case__number", "case__agency__name", "case__decided_on"))
    seen: dict[int, PriorCase] = {}
    for case_id, decision_number, number, agency, decided_on in rows:
        if decided_on is not None:  # filtered on it above; the column itself is nullable
            seen.setdefault(case_id, PriorCase(decision_number or number, agency, decided_on))
    return list(seen.values())
