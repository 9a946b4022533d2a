"""Writes: the alert and notice steps (bodies bound to yifa.supervision.procedure) and sending a
supervision notice. Each in one transaction with its step record and audit event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.supervision.access import alerts_for, supervises
from yifa.supervision.models import ACTIVE, Alert, Notice
from yifa.supervision.procedure import ALERTS, NOTICES, SUPERVISION_RULE

if TYPE_CHECKING:
    from yifa.accounts.models import User


@ALERTS.performs("acknowledge")
def acknowledge(alert: Alert, *, note: str = "", acting_user: User) -> Alert:
    return ALERTS.run("acknowledge", alert, acting_user=acting_user, on_date=timezone.localdate(), note=note)


@ALERTS.performs("resolve")
def resolve(alert: Alert, *, note: str, acting_user: User) -> Alert:
    return ALERTS.run("resolve", alert, acting_user=acting_user, on_date=timezone.localdate(), note=note,
                      change=lambda a: setattr(a, "resolved_at", timezone.now()))


@ALERTS.performs("dismiss")
def dismiss(alert: Alert, *, reason: str, acting_user: User) -> Alert:
    def change(a: Alert) -> None:
        a.dismiss_reason = reason
        a.resolved_at = timezone.now()

    return ALERTS.run("dismiss", alert, acting_user=acting_user, on_date=timezone.localdate(), note=reason,
                      change=change)


@NOTICES.performs("answer")
def answer(notice: Notice, *, answered_on: dt.date, answer: str, acting_user: User) -> Notice:
    def change(n: Notice) -> None:
        n.answer, n.answered_on = answer, answered_on

    return NOTICES.run("answer", notice, acting_user=acting_user, on_date=answered_on, note=answer, change=change)


@NOTICES.performs("send_back")
def send_back(notice: Notice, *, due: dt.date, reason: str, acting_user: User) -> Notice:
    today = timezone.localdate()
    if due < today:
        raise ActionError("新的答复期限不能早于今天。", "The new deadline cannot be in the past.", field="due")
    return NOTICES.run("send_back", notice, acting_user=acting_user, on_date=today, note=reason,
                       change=lambda n: setattr(n, "due", due), data={"due": due})


@NOTICES.performs("close")
def close(notice: Notice, *, closed_on: dt.date, acting_user: User) -> Notice:
    return NOTICES.run("close", notice, acting_user=acting_user, on_date=closed_on)


def send_notice(alert: Alert, *, text: str, due: dt.date, acting_user: User) -> Notice:
    """The region's legal office sends a supervision notice (督办) about an open alert to its agency."""
    if not alerts_for(acting_user).filter(pk=alert.pk).exists():
        raise NotFound()
    if not supervises(acting_user, alert):
        raise Forbidden.because("只有本区域的执法监督机构可以督办", "Only the region's supervising legal office may send a notice",
                     SUPERVISION_RULE)
    text = (text or "").strip()
    if len(text) < 2:
        raise ActionError("请填写督办事项。", "Say what the agency is to do.", field="text")
    today = timezone.localdate()
    if due < today:
        raise ActionError("答复期限不能早于今天。", "The deadline cannot be in the past.", field="due")
    if due > today + dt.timedelta(days=366):
        raise ActionError("答复期限不能超过一年。", "The deadline cannot be more than a year ahead.", field="due")
    if alert.status not in ACTIVE:
        raise ActionError("该预警已解除或排除，无需督办。", "The alert is resolved or dismissed: nothing to supervise.")
    with transaction.atomic():
        notice = Notice.objects.create(alert=alert, agency_id=alert.agency_id, text=text, sent_on=today, due=due,
                                       sent_by=acting_user)
        NOTICES.log.write(notice.pk, "send", "", notice.status, today, acting_user, text, {"due": due})
        record("notice.send", notice, acting_user=acting_user, after=snapshot(notice))
    return notice


def open_notice_count(alert: Alert) -> int:
    return Notice.objects.filter(alert=alert).exclude(status="closed").count()


__all__: list[Any] = ["acknowledge", "answer", "close", "dismiss", "resolve", "send_back", "send_notice"]
