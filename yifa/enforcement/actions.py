"""Enforcing a penalty decision that was not complied with: opening the record, then one action
per declared step (yifa.enforcement.procedure), each run by the workflow core in one transaction
with its step record and audit event. Every refusal names the article it enforces."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.cases.models import Case, CaseOutcome, CaseStatus
from yifa.enforcement.models import Enforcement, EnforcementStatus, EnforcementStep
from yifa.enforcement.procedure import ENFORCEMENT
from yifa.enforcement.rules import remedy_lapses, reminder_period
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, NotFound, refuse
from yifa.registry import access

if TYPE_CHECKING:
    from yifa.accounts.models import User


def _obligation(case: Case) -> str:
    if case.decided_fine:
        return f"缴纳罚款{case.decided_fine}元（{case.decision_number}）"
    return f"履行行政处罚决定（{case.decision_number}）"


def require_not_complied(case: Case, today: dt.date) -> None:
    """ACL 35, APL 72: enforcement only of a served penalty decision whose period has run out unmet."""
    if case.outcome != CaseOutcome.PENALTY or case.status != CaseStatus.SERVED or case.served_on is None:
        raise refuse("只有已送达的行政处罚决定，当事人逾期不履行的，才能强制执行",
                     "Only a served penalty decision that was not complied with can be enforced",
                     "行政强制法第三十四条、第三十五条")
    if case.paid_on is not None:
        raise refuse("当事人已履行（已缴纳罚款），不能强制执行", "The party has paid", "行政处罚法第七十二条")
    if case.payment_due is not None and today <= case.payment_due:
        raise refuse(f"当事人的履行期限（{case.payment_due}）尚未届满", f"The period to comply ends on {case.payment_due}",
                     "行政强制法第三十五条；行政处罚法第七十二条")


def open_enforcement(case: Case, *, acting_user: User) -> Enforcement:
    """立项: a served penalty decision not complied with in time; its remedy periods and the last
    day to apply to the court are computed once and stored."""
    if not access.scoped(Case, acting_user).filter(pk=case.pk).exists() or not (
            acting_user.is_agency_staff and acting_user.agency_id == case.agency_id):
        raise NotFound()
    today = timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        require_not_complied(locked, today)
        if Enforcement.objects.filter(case=locked).exists():
            raise ActionError("该案已立项强制执行。", "This decision is already being enforced.")
        assert locked.served_on is not None
        lapses = remedy_lapses(locked.served_on)
        item = Enforcement.objects.create(
            agency_id=locked.agency_id, case=locked, party_name=locked.party_name, obligation=_obligation(locked),
            amount=locked.decided_fine, opened_on=today, opened_by=acting_user,
            reconsideration_lapses_on=lapses.reconsideration, lawsuit_lapses_on=lapses.lawsuit,
            court_until=lapses.court_until)
        EnforcementStep.objects.create(enforcement=item, step="open", to_status=item.status, at=timezone.now(),
                                       on_date=today, actor=acting_user)
        ENFORCEMENT.refresh_worklist(item, acting_user=acting_user, step="open")
        record("enforcement.open", item, acting_user=acting_user, after=snapshot(item))
    return item


@ENFORCEMENT.performs("remind")
def serve_reminder(item: Enforcement, *, served_on: dt.date, note: str = "", acting_user: User) -> Enforcement:
    """催告 (ACL 35): in writing, after the decision's period ran out; its 10-day period counted."""

    def gates(e: Enforcement) -> None:
        due = e.case.payment_due or e.case.served_on
        if due is not None and served_on <= due:
            raise refuse(f"履行期限（{due}）届满后才能催告", f"Remind only after the period to comply ({due})",
                         "行政强制法第三十五条", field="served_on")

    def change(e: Enforcement) -> None:
        period = reminder_period(served_on)
        e.reminder_served_on, e.reminder_due, e.court_from = served_on, period.due, period.court_from
        e.calendar_version = period.calendar_version

    return ENFORCEMENT.run("remind", item, acting_user=acting_user, on_date=served_on, gates=[gates], change=change,
                           note=note)


@ENFORCEMENT.performs("statement")
def record_statement(item: Enforcement, *, statement_on: dt.date, statement: str, acting_user: User) -> Enforcement:
    """ACL 36: the party may state and defend; the agency records it in full and must answer it."""

    def gates(e: Enforcement) -> None:
        if not statement.strip():
            raise ActionError("请记录当事人陈述、申辩的内容。", "Record what the party said.", field="statement")
        if e.statement_pending:
            raise refuse("上一次陈述、申辩尚未复核", "The previous statement is not answered yet", "行政强制法第三十六条")

    def change(e: Enforcement) -> None:
        e.statement, e.statement_on, e.statement_pending = statement, statement_on, True
        e.answer, e.statement_accepted = "", None

    return ENFORCEMENT.run("statement", item, acting_user=acting_user, on_date=statement_on, gates=[gates],
                           change=change, note=statement)


@ENFORCEMENT.performs("answer")
def answer_statement(item: Enforcement, *, answered_on: dt.date, accepted: bool, answer: str,
                     acting_user: User) -> Enforcement:
    """ACL 36: facts, reasons or evidence that hold must be adopted."""

    def gates(e: Enforcement) -> None:
        if not e.statement_pending:
            raise ActionError("没有待复核的陈述、申辩。", "No statement awaits an answer.")
        if not answer.strip():
            raise ActionError("请写明复核意见。", "Give the answer.", field="answer")

    def change(e: Enforcement) -> None:
        e.answer, e.statement_accepted, e.statement_pending = answer, accepted, False

    return ENFORCEMENT.run("answer", item, acting_user=acting_user, on_date=answered_on, gates=[gates],
                           change=change, note=answer, data={"accepted": accepted})


def _statement_answered(e: Enforcement) -> None:
    """ACL 36: the party's statement is answered first, and one that held stops enforcement."""
    if e.statement_pending:
        raise refuse("当事人的陈述、申辩尚未复核", "The party's statement must be answered first",
                     "行政强制法第三十六条")
    if e.statement_accepted:
        raise refuse("当事人陈述、申辩成立并已采纳，不能强制执行", "The party's statement was accepted",
                     "行政强制法第三十六条")


@ENFORCEMENT.performs("decide")
def decide_enforcement(item: Enforcement, *, decided_on: dt.date, power: PowerItem, method: str, reasons: str,
                       acting_user: User) -> Enforcement:
    """强制执行决定 (ACL 37), by an agency the law gives the power (ACL 13)."""

    def gates(e: Enforcement) -> None:
        assert e.reminder_due is not None
        if decided_on <= e.reminder_due:
            raise refuse(f"催告期限（{e.reminder_due}）届满后当事人仍不履行的，才能作出强制执行决定",
                         f"Decide only after the reminder's period ({e.reminder_due}) has run out",
                         "行政强制法第三十七条", field="decided_on")
        if not reasons.strip():
            raise ActionError("请写明强制执行的理由和依据。", "Give the reasons and the legal basis.", field="reasons")

    def change(e: Enforcement) -> None:
        e.decided_on, e.power, e.method = decided_on, power, method

    return ENFORCEMENT.run("decide", item, acting_user=acting_user, on_date=decided_on,
                           gates=[_statement_answered, gates], change=change, note=reasons,
                           data={"method": method, "power": power.pk})


@ENFORCEMENT.performs("apply_court")
def apply_to_court(item: Enforcement, *, applied_on: dt.date, court: str, acting_user: User) -> Enforcement:
    """申请人民法院强制执行 (ACL 53–55): at least 10 days after the reminder was served, once the
    party's reconsideration and lawsuit periods have lapsed, and within 3 months after."""

    def gates(e: Enforcement) -> None:
        assert e.court_from is not None
        if applied_on < e.court_from:
            raise refuse(f"催告书送达十日后当事人仍未履行的，才能申请（自{e.court_from}起）",
                         f"Apply only from {e.court_from}, ten days after the reminder was served",
                         "行政强制法第五十四条", field="applied_on")
        if applied_on <= e.lawsuit_lapses_on:
            raise refuse(f"当事人申请行政复议、提起行政诉讼的期限（至{e.lawsuit_lapses_on}）届满后才能申请",
                         f"Apply only after the reconsideration and lawsuit periods lapse ({e.lawsuit_lapses_on})",
                         "行政强制法第五十三条", field="applied_on")
        if applied_on > e.court_until:
            raise refuse(f"应当自期限届满之日起三个月内（{e.court_until}前）申请",
                         f"The application was due by {e.court_until}", "行政强制法第五十三条", field="applied_on")
        if not court.strip():
            raise ActionError("请填写受理法院。", "Name the court.", field="court")

    def change(e: Enforcement) -> None:
        e.applied_on, e.court = applied_on, court

    return ENFORCEMENT.run("apply_court", item, acting_user=acting_user, on_date=applied_on,
                           gates=[_statement_answered, gates], change=change, note=court)


@ENFORCEMENT.performs("complied")
def record_compliance(item: Enforcement, *, complied_on: dt.date, note: str = "", acting_user: User) -> Enforcement:
    """The party performed (ACL 40(1) ends enforcement once the obligation is met)."""

    def change(e: Enforcement) -> None:
        e.complied_on = complied_on

    return ENFORCEMENT.run("complied", item, acting_user=acting_user, on_date=complied_on, change=change, note=note)


@ENFORCEMENT.performs("conclude")
def conclude(item: Enforcement, *, concluded_on: dt.date, note: str, acting_user: User) -> Enforcement:
    """执行完毕或者终结 (ACL 40): the result recorded."""

    def gates(e: Enforcement) -> None:
        if not note.strip():
            raise ActionError("请写明执行结果。", "Record the result.", field="note")

    def change(e: Enforcement) -> None:
        e.concluded_on = concluded_on

    return ENFORCEMENT.run("conclude", item, acting_user=acting_user, on_date=concluded_on, gates=[gates],
                           change=change, note=note)


__all__ = ["EnforcementStatus"]
