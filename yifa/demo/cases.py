"""Demo cases: one case walked by the real actions into each state, and bulk synthetic cases.

The story cases go through yifa.cases.actions exactly as officers would (so their steps,
deadlines and audit events are real). `bulk_cases(n)` writes many consistent cases fast
for benchmarks: rows in bulk, one register step and one audit event per case.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection, connections, transaction
from django.db.models import Q

from yifa.accounts.models import User
from yifa.audit.chain import Change, append_many
from yifa.audit.models import AuditEvent
from yifa.cases import actions, simple
from yifa.cases.models import Case, CaseOfficer, CaseStep, PartyKind, Procedure, SourceKind, Status
from yifa.demo.bulk_todo import bulk_work_items
from yifa.demo.fines import pay_by_bank
from yifa.discretion import service as benchmarks
from yifa.documents.models import DocumentCounter, DocumentKind
from yifa.documents.numbering import format_number, pattern_for
from yifa.evidence.actions import add_evidence
from yifa.evidence.models import EvidenceKind
from yifa.law.models import PowerItem
from yifa.lib.bulk import insert_rows, next_ids, refresh_statistics, reset_sequences
from yifa.lib.workdays import DayUnit, add_days
from yifa.registry.models import Agency, Officer
from yifa.workcal.calendar import load_calendar, rule_on

D = dt.date
BASE = D(2026, 9, 1)  # fixed, so the demo is the same on every machine and every day


def _day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


class Story:
    """The market-regulation bureau's cases, one per state."""

    def __init__(self) -> None:
        self.officer = User.objects.get(username="shijian_zhifa")
        self.head = User.objects.get(username="shijian_fuze")
        self.reviewer = User.objects.get(username="shijian_fazhi")
        self.finance = User.objects.get(username="shijian_caiwu")
        assert self.head.agency is not None
        assert self.officer.officer is not None
        self.agency: Agency = self.head.agency
        self.colleague = (Officer.objects.filter(agency=self.agency, status="active", is_legal_reviewer=False,
                                                 valid_until__gte=D(2027, 12, 31))
                          .exclude(pk=self.officer.officer.pk).order_by("pk").first())
        # Each case under the power item its title names: the story cases are about food past its
        # shelf life; the on-the-spot fines about prices not marked.
        self.power = self._power("超过保质期的食品")
        self.spot_power = self._spot_power()
        self.chair = (Officer.objects.filter(agency=self.agency, status="active", is_legal_reviewer=False,
                                             valid_until__gte=D(2027, 12, 31))
                      .exclude(pk__in=[self.officer.officer.pk, getattr(self.colleague, "pk", 0)]).order_by("pk").first())

    def _power(self, words: str) -> PowerItem:
        """The agency's penalty power with a fine and its legal basis whose name has `words` (else the
        first such power: a demo built on other data still runs)."""
        found = [p for p in PowerItem.objects.filter(agency=self.agency, category="penalty").order_by("code")
                 if "fine" in p.penalty_types and p.penalty_provisions.exists()]
        if not found:
            raise LookupError("no penalty power with a fine for the demo cases")
        return next((p for p in found if words in p.name), found[0])

    def title(self, party: str, power: PowerItem | None = None) -> str:
        """A case's title from its power item: "<party>涉嫌<the act the item punishes>案"."""
        return f"{party}涉嫌{(power or self.power).name.removeprefix('对').removesuffix('的行政处罚')}案"

    def _spot_power(self) -> PowerItem:
        """For the on-the-spot fines (at most 200 yuan on a person, APL 51): prices not marked, unless
        its basis has a benchmark whose band starts above the simple procedure's limit; then any power
        with a fine and no benchmark; the story power if there is none."""
        marked = self._power("不明码标价")
        if not benchmarks.for_power(marked.pk, BASE):
            return marked
        for p in PowerItem.objects.filter(agency=self.agency, category="penalty").order_by("code"):
            if "fine" in p.penalty_types and p.penalty_provisions.exists() and not benchmarks.for_power(p.pk, BASE):
                return p
        return self.power

    def register(self, n: int, party: str, kind: str = PartyKind.ORGANISATION) -> Case:
        return actions.register_case(
            agency=self.agency, power=self.power, acting_user=self.officer,
            title=self.title(party),
            source=SourceKind.INSPECTION if n % 2 else SourceKind.COMPLAINT, registered_on=_day(n),
            party_kind=kind, party_name=party, party_address=f"浦江县浦阳街道示范路{n}号",
            party_code="", act_ended_on=_day(n - 10), discovered_on=_day(n - 2),
        )

    def opened(self, n: int, party: str, **kw: Any) -> Case:
        c = self.register(n, party, **kw)
        assert self.officer.officer is not None
        assert self.colleague is not None
        crew = [self.officer.officer, self.colleague]
        return actions.open_case(c, opened_on=_day(n + 1), officers=crew, lead=crew[0], acting_user=self.head)

    def investigated(self, n: int, party: str, **kw: Any) -> Case:
        c = self.opened(n, party, **kw)
        # No penalty without evidence (APL 40): the items found on the spot, kept in the file.
        add_evidence(c, kind=EvidenceKind.PHYSICAL, title=f"{party}现场查获的涉案物品", upload=None,
                     description="现场检查时查获，已拍照、登记，实物附卷保存。", collected_on=_day(n + 2),
                     acting_user=self.officer)
        return actions.close_investigation(c, facts=f"经查，{party}存在本案违法行为，证据见卷内。", on_date=_day(n + 15),
                                           acting_user=self.officer)

    def reviewed(self, n: int, party: str, fine: str = "60000", serious: bool = False, **kw: Any) -> Case:
        c = self.investigated(n, party, **kw)
        return actions.review_case(c, opinion="事实清楚，证据确凿，拟予处罚。", proposed_types=["fine"],
                                   proposed_fine=Decimal(fine), serious=serious, on_date=_day(n + 16),
                                   acting_user=self.head)

    def discussed(self, n: int, party: str) -> Case:
        c = self.reviewed(n, party, fine="80000", serious=True)
        c = actions.legal_review(c, passed=True, opinion="同意，建议集体讨论。", on_date=_day(n + 17),
                                 acting_user=self.reviewer)
        return actions.collective_discussion(c, participants=["楼志刚", "副局长甲", "副局长乙"],
                                             conclusion="同意按拟处罚意见处理。", on_date=_day(n + 18), acting_user=self.head)

    def notified(self, n: int, party: str, **kw: Any) -> Case:
        c = self.reviewed(n, party, **kw)
        if c.hearing_right:
            c = actions.legal_review(c, passed=True, opinion="同意。", on_date=_day(n + 17), acting_user=self.reviewer)
        return actions.notify_case(c, notified_on=_day(n + 18), acting_user=self.officer)

    def decided(self, n: int, party: str, **kw: Any) -> Case:
        c = self.notified(n, party, **kw)
        c = actions.waive_rights(c, on_date=_day(n + 19), acting_user=self.officer)
        # The power's benchmark applied before the decision (APL 34): goods worth 5,000 yuan, a
        # first violation, corrected, slight harm → 从轻, 50,000–75,000 yuan.
        for row in benchmarks.for_power(c.power_id, c.act_ended_on)[:1]:
            c = actions.assess_case(c, benchmark=row.code, amount=Decimal("5000"), duration_days=30, harm="slight",
                                    corrected=True, factors=[], on_date=_day(n + 19), acting_user=self.officer)
        return actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=c.proposed_fine,
                                   decided_on=_day(n + 20), reasons="依据法定罚则，在裁量基准内确定罚款数额。",
                                   acting_user=self.head)

    def served(self, n: int, party: str, **kw: Any) -> Case:
        c = self.decided(n, party, **kw)
        assert c.decided_on is not None
        return actions.serve_decision(c, served_on=c.decided_on, method="direct", acting_user=self.officer)

    def closed(self, n: int, party: str, **kw: Any) -> Case:
        c = self.served(n, party, **kw)
        c = pay_by_bank(c, _day(n + 25), self.finance)  # the bank's record, through the fines ledger (APL 67)
        return actions.close_case(c, closed_on=_day(n + 26), acting_user=self.head)

    def build(self) -> int:
        steps: list[Callable[[], Case]] = [
            lambda: self.register(80, "浦江县甲食品店"),
            lambda: actions.decline_case(self.register(70, "浦江县乙超市"), reason="经核查，不属于本机关管辖。",
                                         on_date=_day(71), acting_user=self.head),
            lambda: self.opened(75, "浦江县丙餐饮店"),
            lambda: self.investigated(50, "浦江县丁副食品商行"),
            lambda: self.reviewed(52, "浦江县戊食品有限公司", fine="150000"),
            lambda: actions.legal_review(self.reviewed(54, "浦江县己酒业有限公司", fine="200000"), passed=True,
                                         opinion="事实清楚，依据正确，程序合法。", on_date=_day(71), acting_user=self.reviewer),
            lambda: self.discussed(56, "浦江县寅农贸有限公司"),
            lambda: self.notified(60, "浦江县庚小吃店"),
            lambda: actions.request_hearing(self.notified(58, "浦江县辛食品厂", fine="120000"), requested_on=_day(77),
                                            acting_user=self.officer),
            lambda: self.decided(40, "浦江县壬便利店"),
            lambda: self.served(35, "浦江县癸烘焙坊"),
            lambda: self.closed(10, "浦江县子水果店"),
            lambda: actions.archive_case(self.closed(5, "浦江县丑粮油店"), acting_user=self.officer),
        ]
        for make in steps:
            make()
        self.simple_case()
        return len(steps) + 1

    def simple_case(self) -> Case:
        assert self.officer.officer is not None
        assert self.colleague is not None
        c = simple.decide_on_the_spot(
            agency=self.agency, power=self.spot_power, officers=[self.officer.officer, self.colleague],
            decided_on=_day(82), decided_types=["fine"], decided_fine=Decimal("50"),
            facts="在店门口摆放销售的散装商品未明码标价，当场责令改正。",
            acting_user=self.officer, party_kind=PartyKind.INDIVIDUAL, party_name="王某",
            party_address="浦江县浦阳街道示范路99号",
        )
        return simple.collect_on_the_spot(c, amount=Decimal("50"), receipt_no="浙财罚（浦）0000001",
                                          collected_on=_day(82), acting_user=self.officer)


def build_story_cases() -> int:
    with transaction.atomic():
        return Story().build()


# --- bulk synthetic cases -----------------------------------------------------------------

BULK_STATUSES = [(Status.REGISTERED, 5), (Status.OPENED, 30), (Status.INVESTIGATED, 10), (Status.NOTIFIED, 10),
                 (Status.DECIDED, 5), (Status.SERVED, 10), (Status.CLOSED, 20), (Status.ARCHIVED, 10)]


def _crews() -> list[tuple[Agency, list[int], list[PowerItem]]]:
    out = []
    powers: dict[int, list[PowerItem]] = {}
    for p in PowerItem.objects.filter(category="penalty").only("id", "agency_id", "name"):
        powers.setdefault(p.agency_id, []).append(p)
    officers: dict[int, list[int]] = {}
    for agency_id, pk in Officer.objects.filter(status="active").values_list("agency_id", "pk"):
        officers.setdefault(agency_id, []).append(pk)
    for agency in Agency.objects.filter(Q(pk__in=powers.keys())):
        if len(officers.get(agency.pk, [])) >= 2:
            out.append((agency, officers[agency.pk], powers[agency.pk]))
    return out


def _chunks(n: int, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(n, start + size))


class CaseNumbers:
    """立案号 for bulk cases from the same counters as the actions use (no gap, no repeat).

    The numbers of a chunk are taken in memory while its rows are made; the chunk's transaction
    then checks, under the counters' lock, that nobody else took one since (`claim`)."""

    def __init__(self) -> None:
        self.kind = DocumentKind.objects.get(code="case_opening")
        self.last: dict[tuple[int, int], int] = self._read(locked=False)
        self.patterns: dict[int, str] = {}

    def _read(self, *, locked: bool) -> dict[tuple[int, int], int]:
        counters = DocumentCounter.objects.filter(kind=self.kind).order_by("pk")
        if locked:
            counters = counters.select_for_update()
        return {(c.agency_id, c.year): c.last for c in counters}

    def take(self, agency: Agency, day: dt.date) -> str:
        key = (agency.pk, day.year)
        self.last[key] = n = self.last.get(key, 0) + 1
        if agency.pk not in self.patterns:
            self.patterns[agency.pk] = pattern_for(agency, self.kind)
        return format_number(self.patterns[agency.pk], agency, self.kind, day.year, n)

    def claim(self, before: dict[tuple[int, int], int], after: dict[tuple[int, int], int]) -> None:
        """In a chunk's transaction (before its audit events: the lock order is counters, then
        chain heads): lock the counters, check they still stand where the chunk's numbering began,
        and move them to where it ended."""
        if self._read(locked=True) != before:
            raise RuntimeError("立案号计数器在批量生成期间被他人改动 / case-number counters moved during the bulk load")
        for (agency_id, year), last in after.items():
            if before.get((agency_id, year)) != last:
                DocumentCounter.objects.update_or_create(agency_id=agency_id, kind=self.kind, year=year,
                                                         defaults={"last": last})


class _Chunk(NamedTuple):
    """One transaction's rows, made in memory."""

    ids: range
    cases: list[tuple[Any, ...]]
    crews: list[tuple[Any, ...]]
    steps: list[tuple[Any, ...]]
    changes: list[Change]
    numbers_before: dict[tuple[int, int], int]
    numbers_after: dict[tuple[int, int], int]


def _write_chunk(chunk: _Chunk, numbers: CaseNumbers) -> None:
    with transaction.atomic():
        numbers.claim(chunk.numbers_before, chunk.numbers_after)
        if next_ids(Case, 1).start != chunk.ids.start:
            raise RuntimeError("批量生成期间有其他案件写入 / other cases were written during the bulk load")
        insert_rows(Case, CASE_COLUMNS, chunk.cases)
        insert_rows(CaseOfficer, ("case_id", "officer_id", "is_lead", "assigned_on", "recused", "recusal_reason"),
                    chunk.crews)
        insert_rows(CaseStep, ("case_id", "step", "from_status", "to_status", "at", "on_date", "actor_id", "note",
                               "data"), chunk.steps)
        append_many(chunk.changes, actor_id=None, actor="demo")


class _ChunkWriter:
    """Writes each chunk in its own transaction while the caller makes the next one.

    On PostgreSQL the chunk goes to a second thread with its own connection, so the server's work
    on one chunk (COPY, index upkeep) runs beside the Python work on the next (about half of a
    million cases' time each, docs/benchmarks.md). Inline when the caller already holds a
    transaction (a second connection would not see its rows) and on SQLite (one file, one
    writer). One chunk at most waits, so memory stays two chunks whatever `n` is."""

    def __init__(self, numbers: CaseNumbers) -> None:
        self.numbers = numbers
        threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="bulk-cases") if threaded else None
        self.pending: Future[None] | None = None

    def put(self, chunk: _Chunk) -> None:
        if self.pool is None:
            _write_chunk(chunk, self.numbers)
            return
        self.wait()
        self.pending = self.pool.submit(_write_chunk, chunk, self.numbers)

    def wait(self) -> None:
        """The chunk in flight written (its error raised here)."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        if self.pool is None:
            return
        try:
            self.wait()
        finally:
            self.pool.submit(connections.close_all).result()  # the thread's own connection
            self.pool.shutdown()


CASE_COLUMNS = (
    "id", "agency_id", "power_id", "procedure", "status", "title", "number", "source", "source_detail",
    "registered_on", "party_kind", "party_name", "party_code", "party_address", "party_phone", "act_ended_on",
    "discovered_on", "safety_harm", "serious", "opened_on", "decision_due", "decision_extended_days", "stage_due",
    "stage_rule", "calendar_version", "proposed_types", "hearing_right", "notice_round", "hearing_waived", "outcome",
    "decided_types", "decision_number", "service_method", "version", "created_by_id",
)


def bulk_cases(n: int, *, seed: int = 1, today: dt.date | None = None, chunk: int = 50000) -> int:
    """Write `n` synthetic cases with consistent dates, two officers each once opened, a register
    step and an audit event per case, then refresh the planner's statistics of the tables written
    (VACUUM ANALYZE on PostgreSQL). Returns the number written."""
    rng = random.Random(seed)  # noqa: S311 -- seeded for the same demo every time; nothing secret
    crews = _crews()
    if not crews:
        raise LookupError("no agency with penalty powers and two active officers: run `yifa demo` first")
    cal = load_calendar()
    today = today or D(2026, 11, 25)
    creator = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    assert creator is not None
    statuses = [s for s, w in BULK_STATUSES for _ in range(w)]
    rolls = rule_on("APL_DECISION", today).rolls_over  # as apply_rule counts it (holiday roll-over)
    decision_due = {d: add_days(d, 90, DayUnit.CALENDAR, cal, rolls_over=rolls).due for d in
                    (today - dt.timedelta(days=k) for k in range(0, 410))}
    numbers = CaseNumbers()
    first_id = next_ids(Case, 1).start
    writer = _ChunkWriter(numbers)
    try:
        for part in _chunks(n, chunk):
            ids = range(first_id + part.start, first_id + part.stop)
            numbers_before = dict(numbers.last)
            cases: list[tuple[Any, ...]] = []
            crews_rows: list[tuple[Any, ...]] = []
            steps: list[tuple[Any, ...]] = []
            changes: list[Change] = []
            now = dt.datetime.now(dt.UTC)
            for case_id, i in zip(ids, part, strict=True):
                agency, officer_ids, powers = crews[rng.randrange(len(crews))]
                status = statuses[rng.randrange(len(statuses))]
                open_now = status not in (Status.CLOSED, Status.ARCHIVED)
                # Open cases are mostly within their 90 days; finished ones go back over a year.
                registered = today - dt.timedelta(days=rng.randrange(1, 100) if open_now else rng.randrange(30, 400))
                opened = None if status == Status.REGISTERED else registered + dt.timedelta(days=rng.randrange(0, 3))
                due = decision_due.get(opened) if opened else None
                number = numbers.take(agency, opened) if opened else ""
                power = powers[rng.randrange(len(powers))]
                cases.append((
                    case_id, agency.pk, power.pk, Procedure.ORDINARY, status, f"{power.name[:60]}（批量{seed}-{i}）",
                    number, SourceKind.INSPECTION, "", registered, PartyKind.ORGANISATION, f"批量当事人{i}", "",
                    "浦江县", "", registered - dt.timedelta(days=5), registered, False, False, opened, due, 0,
                    due if open_now else None, "APL_DECISION" if due and open_now else "", cal.version if due else "",
                    [], False, 0, False, "", [], "", "", 0, creator.pk,
                ))
                if opened:
                    for k, officer_id in enumerate(rng.sample(officer_ids, 2)):
                        crews_rows.append((case_id, officer_id, k == 0, opened, False, ""))
                steps.append((case_id, "register", "", status, now, registered, creator.pk, "", {"bulk": True}))
                changes.append(Change("case.bulk_create", "cases.Case", str(case_id), agency.pk,
                                      after={"status": status, "registered_on": registered.isoformat()}))
            writer.put(_Chunk(ids, cases, crews_rows, steps, changes, numbers_before, dict(numbers.last)))
    finally:
        writer.close()
    last_id = first_id + n - 1
    reset_sequences(Case, CaseOfficer, CaseStep)
    if n:
        bulk_work_items(first_id, last_id)  # the to-do lists of the cases written (set-based)
    refresh_statistics(Case, CaseOfficer, CaseStep, AuditEvent, DocumentCounter)
    return n
