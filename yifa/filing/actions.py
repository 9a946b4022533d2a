"""Writes: opening a filing for a decided major case (the hook), its steps (bodies bound to
yifa.filing.procedure), and the spot checks (draw, record a result). Each in one transaction with
its step record and audit event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases.models import Case, CaseOutcome, CaseStatus
from yifa.filing.access import is_supervisor, runs_checks, spot_checks_for
from yifa.filing.major import FILING_RULE, criterion_for, grounds
from yifa.filing.models import CheckResult, Filing, FilingStatus, SpotCheck, SpotCheckItem
from yifa.filing.procedure import FILING_POLICY, FILINGS
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.randomcheck import rules as draws
from yifa.registry.models import Region
from yifa.workcal.calendar import apply_rule

if TYPE_CHECKING:
    from yifa.accounts.models import User


def open_filing(case: Case, *, acting_user: User | None) -> Filing | None:
    """After the decide step: if the penalty meets the criterion in force for its agency on the
    decision's day, a filing due 15 days later (rule MAJOR_CASE_FILING). Idempotent: a case has
    at most one filing; a case below every threshold gets none."""
    if case.outcome != CaseOutcome.PENALTY or case.decided_on is None:
        return None
    existing = Filing.objects.filter(case=case).first()
    if existing is not None:
        return existing
    criterion = criterion_for(case.agency_id, case.decided_on)
    if criterion is None:
        return None
    found = grounds(case, criterion)
    if not found:
        return None
    due = apply_rule(FILING_RULE, case.decided_on)
    try:
        with transaction.atomic():
            filing = Filing.objects.create(case=case, agency_id=case.agency_id, criterion=criterion, grounds=found,
                                           decided_on=case.decided_on, due=due.deadline.due, due_rule=FILING_RULE)
            FILINGS.log.write(filing.pk, "determine", "", filing.status, case.decided_on, acting_user,
                              "；".join(found), {"criterion": criterion.pk, "due": due.deadline.due})
            FILINGS.refresh_worklist(filing, acting_user=acting_user, step="determine")
            record("filing.determine", filing, acting_user=acting_user, after=snapshot(filing))
    except IntegrityError:  # the hook ran twice at once: the other made it
        return Filing.objects.get(case=case)
    return filing


@FILINGS.performs("submit")
def submit(filing: Filing, *, submitted_on: dt.date, report: str, acting_user: User) -> Filing:
    def gates(f: Filing) -> None:
        if submitted_on < f.decided_on or submitted_on > timezone.localdate():
            raise ActionError("报送日期应在决定日期之后且不晚于今天。",
                              "The submission date must lie between the decision and today.", field="submitted_on")

    def change(f: Filing) -> None:
        f.submitted_on, f.report = submitted_on, report

    return FILINGS.run("submit", filing, acting_user=acting_user, on_date=submitted_on, gates=[gates], change=change,
                       note=report)


@FILINGS.performs("review")
def review(filing: Filing, *, accepted: bool, reviewed_on: dt.date, opinion: str, acting_user: User) -> Filing:
    def gates(f: Filing) -> None:
        if f.submitted_on is None or reviewed_on < f.submitted_on or reviewed_on > timezone.localdate():
            raise ActionError("审查日期应在报送日期之后且不晚于今天。",
                              "The review date must lie between the submission and today.", field="reviewed_on")

    def change(f: Filing) -> None:
        f.reviewed_on, f.opinion = reviewed_on, opinion
        f.status = FilingStatus.ACCEPTED if accepted else FilingStatus.CORRECTION

    return FILINGS.run("review", filing, acting_user=acting_user, on_date=reviewed_on, gates=[gates], change=change,
                       note=opinion, data={"accepted": accepted})


# --- spot checks ---------------------------------------------------------------------------------

MAX_DRAW = 50


def draw_spot_check(*, title: str, closed_from: dt.date, closed_to: dt.date, agencies_n: int, cases_n: int,
                    acting_user: User, seed: str = "") -> SpotCheck:
    """The region's legal office draws `agencies_n` agencies among those with cases closed in the
    period, then `cases_n` of each one's closed cases (yifa.randomcheck.rules: sha256-rank), and
    logs the seed, the method and the candidates' hash, so anyone can repeat the draw."""
    if not is_supervisor(acting_user):
        raise Forbidden.because("只有执法监督机构可以组织抽查", "Only the supervising legal office may run a spot check",
                                FILING_POLICY)
    title = (title or "").strip()
    if len(title) < 2:
        raise ActionError("请填写抽查名称。", "Name the spot check.", field="title")
    if closed_to < closed_from:
        raise ActionError("结案日期区间无效。", "The period ends before it starts.", field="closed_to")
    if not (1 <= agencies_n <= MAX_DRAW and 1 <= cases_n <= MAX_DRAW):
        raise ActionError(f"抽取数量应在1至{MAX_DRAW}之间。", f"Draw between 1 and {MAX_DRAW}.", field="agencies_n")
    region: Region = acting_user.region  # type: ignore[assignment]
    closed = (Case.objects.filter(agency__region__path__startswith=region.path, closed_on__gte=closed_from,
                                  closed_on__lte=closed_to, status__in=[CaseStatus.CLOSED, CaseStatus.ARCHIVED])
              .order_by("pk").values_list("pk", "agency_id"))
    by_agency: dict[int, list[int]] = {}
    ids: list[int] = []
    for pk, agency_id in closed:
        ids.append(pk)
        by_agency.setdefault(agency_id, []).append(pk)
    if not ids:
        raise ActionError("该期间没有已结案件可供抽查。", "No closed cases in the period.", field="closed_from")
    seed = seed or draws.new_seed()
    drawn = spot_draw(seed, by_agency, agencies_n, cases_n)
    with transaction.atomic():
        check = SpotCheck.objects.create(region=region, title=title, closed_from=closed_from, closed_to=closed_to,
                                         agencies_n=agencies_n, cases_n=cases_n, seed=seed, method=draws.METHOD,
                                         candidates_hash=draws.ids_hash(ids), candidates=len(ids),
                                         drawn_on=timezone.localdate(), drawn_by=acting_user)
        SpotCheckItem.objects.bulk_create([SpotCheckItem(check_run=check, case_id=case_id, agency_id=agency_id, rank=i)
                                           for i, (agency_id, case_id) in enumerate(drawn, start=1)])
        record("spotcheck.draw", check, acting_user=acting_user,
               after=snapshot(check) | {"drawn": [c for _, c in drawn]})
    return check


def spot_draw(seed: str, by_agency: dict[int, list[int]], agencies_n: int, cases_n: int) -> list[tuple[int, int]]:
    """(agency, case) pairs in draw order: a pure function of the seed and the candidates."""
    agencies = draws.draw_entities(seed, sorted(by_agency), agencies_n)
    return [(a, c) for a in agencies for c in draws.draw_entities(f"{seed}|agency|{a}", sorted(by_agency[a]), cases_n)]


def record_result(item: SpotCheckItem, *, result: str, finding: str, acting_user: User) -> SpotCheckItem:
    """The legal office records what it found in one drawn case."""
    check = item.check_run
    if not spot_checks_for(acting_user).filter(pk=check.pk).exists():
        raise NotFound()
    if not runs_checks(acting_user, check):
        raise Forbidden.because("只有组织抽查的执法监督机构可以记录检查结果",
                                "Only the legal office running the check may record results", FILING_POLICY)
    if result not in (CheckResult.SOUND, CheckResult.FLAWED):
        raise ActionError("请选择检查结果。", "Choose a result.", field="result")
    finding = (finding or "").strip()
    if result == CheckResult.FLAWED and len(finding) < 2:
        raise ActionError("存在问题的，请写明检查意见。", "Say what is wrong.", field="finding")
    with transaction.atomic():
        before = snapshot(item)
        item.result, item.finding = result, finding
        item.checked_on, item.checked_by = timezone.localdate(), acting_user
        item.save(update_fields=["result", "finding", "checked_on", "checked_by"])
        record("spotcheck.result", item, acting_user=acting_user, before=before, after=snapshot(item))
    return item


__all__: list[Any] = ["draw_spot_check", "open_filing", "record_result", "review", "submit"]
