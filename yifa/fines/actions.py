"""Every write of the fines ledger and the property register: one transaction, a guard, the
validation with a bilingual refusal naming its article, the write and its audit event.

No action records a payment by hand: payments enter only from the bank's statement
(`import_statement`), and the case's payment state is set from it (`cases.actions.settle_from_ledger`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.accounts.models import Role
from yifa.audit.chain import Change, append, append_many
from yifa.audit.record import record, snapshot
from yifa.cases.actions import payment_changes, settle_from_ledger
from yifa.cases.models import Case, CaseOfficer, Status
from yifa.fines import statement as files
from yifa.fines.access import keeps_ledger
from yifa.fines.ledger import Account, reference_for, schedule_total
from yifa.fines.models import BankPayment, Instalment, LedgerPause, PaymentNotice, Property, Statement
from yifa.fines.surcharge import Part, rates_on
from yifa.lib import bounds
from yifa.lib.bulk import adapter, insert_rows, update_rows
from yifa.lib.errors import ActionError, Forbidden, refuse
from yifa.lib.rows import select_in
from yifa.lib.workdays import add_months
from yifa.registry.models import Officer
from yifa.workcal.calendar import apply_rule
from yifa.workcal.parameters import parameter_on

if TYPE_CHECKING:
    from yifa.accounts.models import User

APL67 = "行政处罚法第六十七条"
APL66 = "行政处罚法第六十六条"
SEPARATION = "财政部关于印发《罚没财物管理办法》的通知（财税〔2020〕54号）"
#: Statement lines reconciled per round trip (one locked read of their notices, one insert).
#: 5,000 rather than 2,000: PostgreSQL's keyed reads cost it less per key in bigger arrays (its
#: CPU for a 100,000-row statement 3.5 s → 2.8 s); memory stays bounded by the batch.
BATCH = 5000


# --- guards -------------------------------------------------------------------------------------


def _require_keeper(user: User, agency_id: int | None) -> int:
    """The keeper's own agency id (guarded: finance staff or the head of an agency)."""
    if not keeps_ledger(user) or user.agency_id is None:
        raise Forbidden.because("罚没款台账由本机关罚没财务人员或负责人办理", "Only the agency's finance staff or head keep the fines ledger",
                                APL67)
    if agency_id is not None and user.agency_id != agency_id:
        raise Forbidden.because("只能办理本机关的罚没款台账", "Only your own agency's ledger", APL67)
    return user.agency_id


def _require_head(user: User, agency_id: int, zh: str, en: str, rule: str) -> None:
    if not (getattr(user, "is_agency_staff", False) and user.role == Role.AGENCY_HEAD and user.agency_id == agency_id):
        raise Forbidden.because(zh, en, rule)


def _locked(model: Any, pk: int) -> Any:
    return model.objects.select_for_update(no_key=True).get(pk=pk)


# --- payment notices ----------------------------------------------------------------------------


def _notice_for(case: Case, today: dt.date) -> PaymentNotice:
    if case.status not in (Status.SERVED, Status.CLOSED) or not case.decided_fine or case.served_on is None:
        raise refuse("只有已送达的罚款决定才开具缴款通知", "Only a served fine decision gets a payment notice", APL67)
    if case.paid_on is not None:
        raise refuse("该罚款已缴纳（当场收缴）", "The fine is already paid (collected on the spot)", "行政处罚法第六十八条")
    due = apply_rule("APL_PAYMENT", case.served_on)
    suit_ends = add_months(case.served_on, int(parameter_on("FINE_SUIT_MONTHS", case.served_on)))
    enforce_by = add_months(suit_ends, int(parameter_on("FINE_ENFORCE_MONTHS", suit_ends)))
    return PaymentNotice(case=case, agency_id=case.agency_id, reference=reference_for(case.agency_id, case.pk),
                         fine=case.decided_fine, received_on=case.served_on, due_on=due.deadline.due,
                         due_rule=due.rule.code, enforce_by=enforce_by, issued_on=today)


def issue_notice(case: Case, *, acting_user: User) -> PaymentNotice:
    """缴款通知 for one served fine decision: the reference for the designated bank, the due date
    (15 days from receipt, the APL_PAYMENT rule) and the last day to apply for court enforcement."""
    _require_keeper(acting_user, case.agency_id)
    with transaction.atomic():
        current = _locked(Case, case.pk)
        if PaymentNotice.objects.filter(case_id=case.pk).exists():
            raise ActionError("该案已开具缴款通知。", "This case already has a payment notice.")
        notice = _notice_for(current, timezone.localdate())
        notice.save()
        record("fines.notice.issue", notice, acting_user=acting_user, after=snapshot(notice))
    return notice


def issue_pending_notices(*, acting_user: User) -> int:
    """A notice for each of the agency's served, unpaid fine decisions that has none yet."""
    agency_id = _require_keeper(acting_user, None)
    pending = Case.objects.filter(agency_id=agency_id, status=Status.SERVED, decided_fine__gt=0,
                                  paid_on__isnull=True, payment_notice__isnull=True).order_by("pk")
    today, made = timezone.localdate(), []
    with transaction.atomic():
        for case in pending.select_for_update(no_key=True, of=("self",)):
            notice = _notice_for(case, today)
            notice.save()
            made.append(notice)
        append([Change("fines.notice.issue", PaymentNotice._meta.label, str(n.pk), n.agency_id, None, snapshot(n))
                for n in made], actor_id=acting_user.pk, actor=str(acting_user))
    return len(made)


# --- pauses, deferral and instalments -------------------------------------------------------------


def record_pause(notice: PaymentNotice, *, kind: str, started_on: dt.date, acting_user: User) -> LedgerPause:
    """A reconsideration or lawsuit accepted: the surcharge is not counted from that day (APL 73(3))."""
    _require_keeper(acting_user, notice.agency_id)
    return open_pause(notice, kind=kind, started_on=started_on, acting_user=acting_user)


def open_pause(notice: PaymentNotice, *, kind: str, started_on: dt.date, acting_user: User) -> LedgerPause:
    """The pause itself, for a caller that has guarded the write already: `record_pause` (the
    ledger's keeper) or yifa.accountability's remedy actions (whoever may record the remedy — its
    legal staff, the region's legal office — also pauses what the remedy suspends)."""
    bounds.check_past_date(started_on, "started_on")
    if kind not in LedgerPause.Kind.values:
        raise ActionError("请选择行政复议或行政诉讼。", "Choose reconsideration or lawsuit.", field="kind")
    with transaction.atomic():
        current = _locked(PaymentNotice, notice.pk)
        if started_on < current.received_on:
            raise ActionError("受理日期早于收到决定书的日期。", "Accepted before the decision was received.", field="started_on")
        if current.pauses.filter(ended_on__isnull=True).exists():
            raise ActionError("已有未终结的复议或诉讼。", "A reconsideration or lawsuit is already pending.", field="kind")
        if current.pauses.filter(ended_on__gte=started_on).exists():
            raise ActionError("与已登记的期间重叠。", "It overlaps a recorded period.", field="started_on")
        pause = LedgerPause.objects.create(notice=current, kind=kind, started_on=started_on)
        record("fines.pause.start", pause, acting_user=acting_user, after=snapshot(pause), agency_id=current.agency_id)
    return pause


def end_pause(pause: LedgerPause, *, ended_on: dt.date, acting_user: User) -> LedgerPause:
    _require_keeper(acting_user, pause.notice.agency_id)
    return close_pause(pause, ended_on=ended_on, acting_user=acting_user)


def close_pause(pause: LedgerPause, *, ended_on: dt.date, acting_user: User) -> LedgerPause:
    """The pause's end, for a caller that has guarded the write already (see `open_pause`)."""
    notice = pause.notice
    bounds.check_past_date(ended_on, "ended_on")
    with transaction.atomic():
        current = _locked(LedgerPause, pause.pk)
        if current.ended_on is not None:
            raise ActionError("该期间已终结。", "This period has already ended.")
        if ended_on < current.started_on:
            raise ActionError("终结日期早于受理日期。", "It ends before it started.", field="ended_on")
        current.ended_on = ended_on
        current.save(update_fields=["ended_on"])
        record("fines.pause.end", current, acting_user=acting_user, before={"ended_on": None},
               after={"ended_on": ended_on.isoformat()}, agency_id=notice.agency_id)
    return current


def approve_schedule(notice: PaymentNotice, *, parts: Sequence[tuple[dt.date, Decimal]], approved_on: dt.date,
                     acting_user: User) -> list[Instalment]:
    """暂缓或者分期缴纳 (APL 66): on the party's application, approved by the head; one part is a
    deferral. The parts add up to the fine and fall due in order, none before the notice's due
    date; a new approval replaces the schedule before it (the history is in the audit chain)."""
    _require_head(acting_user, notice.agency_id, "暂缓或分期缴纳罚款须经行政机关负责人批准",
                  "Deferral or instalments need the agency head's approval", APL66)
    bounds.check_past_date(approved_on, "approved_on")
    if not parts:
        raise ActionError("请填写缴纳计划。", "Give the schedule.", field="parts")
    schedule = [Part(bounds.check_money(a, "parts"), d) for d, a in parts]
    with transaction.atomic():
        current = _locked(PaymentNotice, notice.pk)
        _check_schedule(current, schedule)
        before = [{"due_on": i.due_on.isoformat(), "amount": str(i.amount)} for i in current.instalments.all()]
        current.instalments.all().delete()
        made = Instalment.objects.bulk_create([
            Instalment(notice=current, seq=n, due_on=p.due_on, amount=p.amount, approved_on=approved_on,
                       approved_by=acting_user) for n, p in enumerate(schedule, 1)])
        record("fines.schedule.approve", current, acting_user=acting_user, before={"schedule": before},
               after={"schedule": [{"due_on": p.due_on.isoformat(), "amount": str(p.amount)} for p in schedule],
                      "approved_on": approved_on.isoformat()})
    return made


def _check_schedule(notice: PaymentNotice, schedule: list[Part]) -> None:
    if notice.fine_paid_on is not None:
        raise ActionError("罚款已缴清，无需暂缓或分期。", "The fine is paid; nothing to defer.")
    if schedule_total(schedule) != notice.fine:
        raise refuse(f"各期金额之和应等于罚款金额{notice.fine}元", f"The parts must add up to the fine ({notice.fine} yuan)",
                     APL66, field="parts")
    dues = [p.due_on for p in schedule]
    if dues != sorted(dues) or len(set(dues)) != len(dues) or dues[0] < notice.due_on:
        raise refuse("各期到期日应依次在后，且不早于原缴款期限", "Due dates must follow one another, none before the original due date",
                     APL66, field="parts")
    if any(p.amount <= 0 for p in schedule):
        raise ActionError("每期金额应大于0。", "Each part must be above 0.", field="parts")


# --- bank statements: the only way payments enter -----------------------------------------------


def import_statement(stream: IO[bytes], *, name: str, acting_user: User) -> Statement:
    """Import a bank statement (layout: yifa.fines.statement) and reconcile every line against the
    agency's notices: matched, partial, overpaid, unmatched or duplicate. Any malformed row
    rejects the whole file (StatementRejected, with each row's errors) and nothing of it is kept.
    Streams the file, read once, and works set by set, in one transaction: per batch of lines
    one read of the bank numbers already entered, one locked read of the notices quoted (plain
    rows, no model objects), their schedules, pauses and earlier payments only where a line
    needs them, one insert of the payments, one update of the notices and one of the cases
    settled. The rows are checked as they are read (yifa.fines.statement.read): a bad row stops
    the reconciliation, the rest of the file is still checked for the answer, and the whole
    transaction is rolled back."""
    agency_id = _require_keeper(acting_user, None)
    digest = files.sha256(stream)
    with transaction.atomic():
        st = Statement.objects.create(agency_id=agency_id, sha256=digest, name=name[:200], rows=0,
                                      imported_by=acting_user)
        ctx = _Context(st, acting_user)
        batch: list[files.Line] = []
        for line in files.read(stream):
            batch.append(line)
            if len(batch) == BATCH:
                _reconcile(ctx, batch)
                batch = []
        if batch:
            _reconcile(ctx, batch)
        totals = ctx.totals
        st.rows = sum(totals.values())
        st.summary = {str(k): totals[k] for k in sorted(totals)}
        st.save(update_fields=["rows", "summary"])
        # The audit chain head last (docs/architecture.md, "Lock order"): the statement, then the
        # case payments it entered, read back in chunks (memory stays flat).
        record("fines.statement.import", st, acting_user=acting_user,
               after={"sha256": digest, "name": st.name, "rows": st.rows, "summary": st.summary})
        _audit_settlements(st, acting_user)
    return st


class _Notice:
    """The columns of a payment notice reconciliation reads and writes (a plain row: building
    model objects for thousands of notices per batch cost more than the reconciliation)."""

    __slots__ = ("case_id", "due_on", "fine", "fine_paid_on", "paid_total", "pk", "touched")

    def __init__(self, pk: int, case_id: int, fine: Decimal, due_on: dt.date, paid_total: Decimal,
                 fine_paid_on: dt.date | None) -> None:
        self.pk, self.case_id, self.fine, self.due_on = pk, case_id, fine, due_on
        self.paid_total, self.fine_paid_on, self.touched = paid_total, fine_paid_on, False


class _Context:
    """One import's state across its batches: the statement, the counts, and whether the agency
    has any schedules or pauses at all (most have none: their queries are skipped)."""

    def __init__(self, st: Statement, user: User) -> None:
        self.st, self.user, self.totals = st, user, Counter[str]()
        self.schedules = Instalment.objects.filter(notice__agency_id=st.agency_id).exists()
        self.pauses = LedgerPause.objects.filter(notice__agency_id=st.agency_id).exists()
        self.adapt = adapter()
        self.days: dict[dt.date, Any] = {}
        self.rates: dict[int, Any] = {}

    def day(self, day: dt.date) -> Any:
        found = self.days.get(day)
        if found is None:
            found = self.days[day] = self.adapt(day)
        return found


def _accounts(ctx: _Context, notices: dict[str, _Notice], batch: list[files.Line]) -> dict[int, Account]:
    """The accounts of the notices whose lines need more than "the fine less what was paid": a
    line paid after the due date (the surcharge), or any notice where the agency has schedules.
    The others (most) are reconciled from the notice's own columns."""
    if ctx.schedules:
        wanted = list(notices.values())
    else:
        late = {ln.reference for ln in batch if ln.reference in notices and ln.paid_on > notices[ln.reference].due_on}
        wanted = [notices[ref] for ref in late]
    if not wanted:
        return {}
    by_id = {n.pk: Account(n.fine, n.due_on) for n in wanted}
    ids = list(by_id)
    if ctx.schedules:
        for notice_id, amount, due_on in Instalment.objects.filter(notice_id__in=ids).order_by(
                "notice_id", "seq").values_list("notice_id", "amount", "due_on"):
            by_id[notice_id].schedule.append(Part(amount, due_on))
    if ctx.pauses:
        for notice_id, started_on, ended_on in LedgerPause.objects.filter(notice_id__in=ids).values_list(
                "notice_id", "started_on", "ended_on"):
            by_id[notice_id].pauses.append((started_on, ended_on))
    paid_before = [n.pk for n in wanted if n.paid_total]  # no payment entered yet: nothing to read
    if paid_before:
        paid = BankPayment.objects.filter(notice_id__in=paid_before, unique_ref__isnull=False).exclude(
            outcome=BankPayment.Outcome.UNMATCHED).values_list("notice_id", "paid_on", "amount")
        for notice_id, day, amount in paid:
            by_id[notice_id].payments.append((day, amount))
    return by_id


PAYMENT_COLUMNS = ["statement_id", "notice_id", "line", "bank_ref", "reference", "amount", "paid_on", "payer",
                   "outcome", "settles", "unique_ref"]
NOTICE_COLUMNS = ("id", "reference", "case_id", "fine", "due_on", "paid_total", "fine_paid_on")
MATCHED, PARTIAL, OVERPAID = (str(o.value) for o in
                              (BankPayment.Outcome.MATCHED, BankPayment.Outcome.PARTIAL, BankPayment.Outcome.OVERPAID))
UNMATCHED, DUPLICATE = str(BankPayment.Outcome.UNMATCHED.value), str(BankPayment.Outcome.DUPLICATE.value)


def _notices(agency_id: int, references: set[str]) -> dict[str, _Notice]:
    """The agency's notices quoted in a batch, locked, as plain rows by reference."""
    rows = select_in(PaymentNotice, NOTICE_COLUMNS, "reference", references, lock=True, agency_id=agency_id)
    return {ref: _Notice(pk, case_id, fine, due_on, paid_total, fine_paid_on)
            for pk, ref, case_id, fine, due_on, paid_total, fine_paid_on in rows}


def _reconcile(ctx: _Context, batch: list[files.Line]) -> None:
    st_id, totals, days = ctx.st.pk, ctx.totals, ctx.days
    seen = _known_bank_refs({ln.bank_ref for ln in batch})
    notices = _notices(ctx.st.agency_id, {ln.reference for ln in batch})
    accounts = _accounts(ctx, notices, batch)
    rows: list[tuple[Any, ...]] = []
    settled: list[tuple[int, dt.date]] = []
    for ln in batch:
        line_no, bank_ref, reference, amount, paid_on, payer = ln
        notice = notices.get(reference)
        settles, notice_id = False, None
        unique: str | None = bank_ref
        if bank_ref in seen:
            outcome, unique = DUPLICATE, None
        elif notice is None:
            outcome = UNMATCHED
        else:
            account = accounts.get(notice.pk) if accounts else None
            if account is None:
                outcome, settles = _classify_simple(amount, notice)
            else:
                outcome, settles = _classify(ln, notice, account, ctx.rates)
            notice_id, notice.touched = notice.pk, True
            notice.paid_total += amount
            if settles:
                notice.fine_paid_on = paid_on
                settled.append((notice.case_id, paid_on))
        seen.add(bank_ref)
        totals[outcome] += 1
        rows.append((st_id, notice_id, line_no, bank_ref, reference, amount, days.get(paid_on) or ctx.day(paid_on), payer,
                     outcome, settles, unique))
    insert_rows(BankPayment, PAYMENT_COLUMNS, rows, adapted=True)
    update_rows(PaymentNotice, ["paid_total", "fine_paid_on"],
                [(n.pk, n.paid_total, n.fine_paid_on and ctx.day(n.fine_paid_on)) for n in notices.values() if n.touched],
                adapted=True)
    if settled:
        settle_from_ledger(settled, acting_user=ctx.user, data={"statement": st_id})


def _known_bank_refs(refs: set[str]) -> set[str]:
    """The bank numbers among `refs` already entered."""
    return {row[0] for row in select_in(BankPayment, ["unique_ref"], "unique_ref", refs)}


def _classify_simple(amount: Decimal, notice: _Notice) -> tuple[str, bool]:
    """A line paid by the due date on a notice without a schedule (most lines): it owes the fine
    less what was paid (the notice's running total), no surcharge."""
    fine_left = notice.fine - notice.paid_total
    settles = notice.fine_paid_on is None and fine_left > 0 and amount >= fine_left
    if amount > fine_left:
        return OVERPAID, settles
    return (MATCHED if amount == fine_left else PARTIAL), settles


def _classify(ln: files.Line, notice: _Notice, account: Account, rates: dict[int, Any]) -> tuple[str, bool]:
    paid = account.paid
    fine_left = notice.fine - paid
    if not account.schedule and ln.paid_on <= account.due_on:
        # Paid by the due date, no schedule: nothing late, no surcharge to work out.
        owed = due_now = fine_left
    else:
        rate = rates.get(notice.pk)
        if rate is None:
            rate = rates[notice.pk] = rates_on(notice.due_on)
        owed = account.outstanding_on(ln.paid_on, rate)
        due_now = account.due_on_day(ln.paid_on, rate)
    account.add_payment(ln.paid_on, ln.amount)
    settles = notice.fine_paid_on is None and fine_left > 0 and ln.amount >= fine_left
    if ln.amount > owed:
        return OVERPAID, settles
    if ln.amount in (owed, due_now):
        return MATCHED, settles
    return PARTIAL, settles


def _audit_settlements(st: Statement, user: User, chunk: int = 1000) -> None:
    rows = BankPayment.objects.filter(statement=st, settles=True).values_list(
        "notice__case_id", "notice__agency_id", "paid_on").order_by("pk")
    data = {"statement": st.pk}
    buffer: list[tuple[int, int, dt.date]] = []
    for row in rows.iterator(chunk_size=chunk):
        buffer.append(row)
        if len(buffer) == chunk:
            append_many(payment_changes(buffer, data), actor_id=user.pk, actor=str(user))
            buffer = []
    if buffer:
        append_many(payment_changes(buffer, data), actor_id=user.pk, actor=str(user))


# --- confiscated property --------------------------------------------------------------------------


def register_property(*, case: Case | None, description: str, quantity: str, seized_on: dt.date, seized_by: Officer,
                      custodian: Officer, location: str, acting_user: User) -> Property:
    """登记罚没物品: seized by an officer, kept by a custodian who is not the handling officer
    (执罚与保管分离, 财税〔2020〕54号)."""
    agency_id = acting_user.agency_id
    if not getattr(acting_user, "is_agency_staff", False) or agency_id is None:
        raise Forbidden("只有执法机关的工作人员可以登记罚没物品。", "Only an agency's staff register confiscated property.")
    bounds.check_past_date(seized_on, "seized_on")
    if not description.strip() or not quantity.strip() or not location.strip():
        raise ActionError("请填写物品名称、数量和保管地点。", "Give the item, its quantity and where it is kept.", field="description")
    for officer, field in ((seized_by, "seized_by"), (custodian, "custodian")):
        if officer.agency_id != agency_id:
            raise refuse("执法人员不是本机关的人员", "The officer is not this agency's", "行政处罚法第四十二条", field=field)
    if case is not None and case.agency_id != agency_id:
        raise ActionError("案件不是本机关的案件。", "The case is not this agency's.", field="case")
    handlers = {seized_by.pk} | (set(CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True)) if case else set())
    if custodian.pk in handlers:
        raise refuse("保管人员不得由办案人员担任（执罚与保管分离）", "The custodian may not be a handling officer",
                     SEPARATION, field="custodian")
    with transaction.atomic():
        item = Property.objects.create(agency_id=agency_id, case=case, description=description.strip(),
                                       quantity=quantity.strip(), seized_on=seized_on, seized_by=seized_by,
                                       custodian=custodian, location=location.strip())
        record("fines.property.register", item, acting_user=acting_user, after=snapshot(item))
    return item


def dispose_property(item: Property, *, disposal: str, disposed_on: dt.date, proceeds: Decimal | None,
                     acting_user: User) -> Property:
    """处置 with the head's approval: an auction has proceeds; destruction has none; a transfer
    (to another authority) has none."""
    _require_head(acting_user, item.agency_id, "处置罚没物品须经行政机关负责人批准", "Disposal needs the agency head's approval",
                  SEPARATION)
    bounds.check_past_date(disposed_on, "disposed_on")
    if disposal not in Property.Disposal.values:
        raise ActionError("请选择处置方式。", "Choose how it is disposed of.", field="disposal")
    if disposal == Property.Disposal.AUCTION:
        if proceeds is None or bounds.check_money(proceeds, "proceeds") <= 0:
            raise refuse("拍卖应登记变价收入", "An auction records its proceeds", SEPARATION, field="proceeds")
    elif proceeds:
        raise ActionError("销毁或移交的物品没有变价收入。", "Destruction or transfer has no proceeds.", field="proceeds")
    with transaction.atomic():
        current = _locked(Property, item.pk)
        if current.status != Property.Status.IN_CUSTODY:
            raise ActionError("该物品已处置。", "It has already been disposed of.")
        if disposed_on < current.seized_on:
            raise ActionError("处置日期早于扣押日期。", "Disposed of before it was seized.", field="disposed_on")
        before = snapshot(current)
        current.status, current.disposal, current.disposed_on = Property.Status.DISPOSED, disposal, disposed_on
        current.proceeds = proceeds if disposal == Property.Disposal.AUCTION else None
        if current.proceeds is None:  # nothing to remit
            current.status = Property.Status.REMITTED
        current.save()
        record("fines.property.dispose", current, acting_user=acting_user, before=before, after=snapshot(current))
    return current


def remit_proceeds(item: Property, *, remitted_on: dt.date, treasury_ref: str, acting_user: User) -> Property:
    """变价收入全额缴入国库 (APL 74; 财税〔2020〕54号), recorded by finance staff."""
    _require_keeper(acting_user, item.agency_id)
    bounds.check_past_date(remitted_on, "remitted_on")
    if not treasury_ref.strip():
        raise refuse("请填写缴库凭证号", "Give the treasury receipt number", "行政处罚法第七十四条", field="treasury_ref")
    with transaction.atomic():
        current = _locked(Property, item.pk)
        if current.status != Property.Status.DISPOSED or current.proceeds is None:
            raise ActionError("只有已拍卖、未缴库的物品需要缴库。", "Only auctioned, unremitted items are remitted.")
        if current.disposed_on and remitted_on < current.disposed_on:
            raise ActionError("缴库日期早于处置日期。", "Remitted before it was disposed of.", field="remitted_on")
        before = snapshot(current)
        current.status, current.remitted_on, current.treasury_ref = Property.Status.REMITTED, remitted_on, treasury_ref.strip()
        current.save()
        record("fines.property.remit", current, acting_user=acting_user, before=before, after=snapshot(current))
    return current
