"""The discretion benchmark at the penalty decision (APL 34; 国办发〔2022〕27号).

`assess` (the procedure's `assess` step) runs the engine on the facts the officer records, with the
party's same-type history read here in cases (yifa.cases.history), and keeps an Assessment: the
tier, the band and the explanation. `check_decision` measures the decision against the latest
one: a decision outside the band needs written reasons and a passed legal review, and is flagged
(`Assessment.outside_band`, which the supervisor side queries).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from yifa.audit.record import record
from yifa.cases import rules
from yifa.cases.history import same_type_history, years_before
from yifa.cases.models import Case, Outcome
from yifa.discretion import service
from yifa.discretion.engine import Facts, Recommendation, assess
from yifa.discretion.models import Assessment, Benchmark
from yifa.lib.errors import refuse

if TYPE_CHECKING:
    from yifa.accounts.models import User


def recommend(case: Case, *, benchmark: str, amount: Decimal | None, duration_days: int, harm: str,
              corrected: bool, factors: list[str], on_date: dt.date) -> tuple[Benchmark, Recommendation]:
    """The benchmark in force when the act ended (APL 37) applied to the facts and the history:
    same-type cases decided from the look-back's start up to the day of the assessment."""
    day = case.act_ended_on
    row = service.benchmark_on(benchmark, day)
    bench = service.compiled(row)
    history = same_type_history(case, row.code, since=years_before(day, bench.lookback_years), until=on_date)
    facts = Facts(amount=amount, duration_days=duration_days, harm=str(harm), corrected=corrected,
                  factors=frozenset(factors))
    return row, assess(bench, facts, history=history, day=day)


def new_assessment(case: Case, row: Benchmark, rec: Recommendation, facts: dict[str, Any], on_date: dt.date,
                   acting_user: User) -> Assessment:
    return Assessment.objects.create(
        case=case, agency_id=case.agency_id, benchmark=row, facts=facts, tier=rec.tier, band_min=rec.band_min,
        band_max=rec.band_max, explanation=rec.explain(), assessed_on=on_date, created_by=acting_user)


def audit(action: str, a: Assessment, acting_user: User) -> None:
    record(action, a, acting_user=acting_user, agency_id=a.agency_id, after={
        "case": a.case_id, "benchmark": a.benchmark.code, "tier": a.tier,
        "band": [str(a.band_min or ""), str(a.band_max or "")], "decided": a.decided,
        "outside_band": a.outside_band, "outside_reasons": a.outside_reasons})


def latest(case: Case) -> Assessment | None:
    return Assessment.objects.filter(case_id=case.pk).select_related("benchmark").order_by("-id").first()


def within(a: Assessment, outcome: str, fine: Decimal | None) -> bool:
    """Whether the decision follows the recommendation: no penalty where it says none; otherwise a
    fine within the band (or none where the band has no fine)."""
    if outcome == Outcome.NO_PENALTY:
        return a.tier == "no_penalty"
    if a.tier == "no_penalty":
        return False
    if a.band_min is None or a.band_max is None:
        return not fine
    return fine is not None and a.band_min <= fine <= a.band_max


def require_assessed(case: Case) -> None:
    """A power item with a benchmark in force when the act ended: the benchmark must have been
    applied (the `assess` step) before the decision (APL 34: the benchmark is followed)."""
    found = service.for_power(case.power_id, case.act_ended_on)
    if found:
        codes = "、".join(row.code for row in found[:5])
        raise refuse(f"该职权事项有裁量基准（{codes}），作出处罚决定前须先适用裁量基准",
                     f"This power item has a discretion benchmark ({codes}): apply it (the assess step) "
                     "before deciding", "行政处罚法第三十四条")


def check_decision(case: Case, outcome: str, fine: Decimal | None, outside_reasons: str,
                   day: dt.date) -> tuple[Assessment | None, bool]:
    """(the latest assessment, whether the decision lies outside it); refuses a penalty or
    no-penalty decision on a power item with a benchmark that was never applied, and a decision
    outside the band without written reasons or without a passed legal review."""
    a = latest(case)
    if outcome not in (Outcome.PENALTY, Outcome.NO_PENALTY):
        return a, False
    if a is None:
        require_assessed(case)
        return None, False
    if within(a, outcome, fine):
        return a, False
    if not outside_reasons.strip():
        raise refuse(f"决定超出裁量基准建议（{a.get_tier_display()}），须书面说明理由",
                     "A decision outside the benchmark needs written reasons", "国办发〔2022〕27号；行政处罚法第三十四条",
                     field="outside_reasons")
    if not rules.legal_review_passed(case, since=rules.hearing_held_on(case), until=day):
        raise refuse("决定超出裁量基准的，须经法制审核通过", "A decision outside the benchmark needs a passed legal review",
                     "行政处罚法第五十八条；国办发〔2022〕27号")
    return a, True


def mark_decided(a: Assessment, fine: Decimal | None, outside: bool, reasons: str) -> None:
    a.decided, a.decided_fine, a.outside_band = True, fine, outside
    a.outside_reasons = reasons.strip() if outside else ""
    a.save(update_fields=["decided", "decided_fine", "outside_band", "outside_reasons"])


class AtDecision:
    """The decide step's part: a gate (check_decision), the change (the assessment marked decided,
    its explanation put into the step record's data) and the audit event for the assessment."""

    def __init__(self, outcome: str, fine: Decimal | None, outside_reasons: str, day: dt.date,
                 data: dict[str, Any], acting_user: User) -> None:
        self.outcome, self.fine, self.outside_reasons, self.day = outcome, fine, outside_reasons, day
        self.data, self.acting_user = data, acting_user
        self.assessment: Assessment | None = None
        self.outside = False

    def gate(self, case: Case) -> None:
        self.assessment, self.outside = check_decision(case, self.outcome, self.fine, self.outside_reasons, self.day)

    def change(self, case: Case) -> None:
        a = self.assessment
        if a is not None:  # the explanation is stored with the decision (its step record)
            mark_decided(a, self.fine, self.outside, self.outside_reasons)
            self.data["discretion"] = a.explanation | {"outside_band": self.outside,
                                                       "outside_reasons": a.outside_reasons}

    def audit(self) -> None:
        if self.assessment is not None:
            audit("discretion.decided", self.assessment, self.acting_user)
