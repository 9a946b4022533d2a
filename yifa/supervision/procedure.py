"""An alert's and a supervision notice's steps, declared once on the workflow core.

Alert: acknowledge (the agency), resolve (the agency or the supervisor, saying how), dismiss (the
supervisor, with a reason). Notice: answer (the agency, by the deadline), send back (the
supervisor: the answer does not do), close (the supervisor). Sending a notice creates it
(yifa.supervision.actions.send_notice) and writes its first step record, "send".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.supervision.access import alerts_for, handles, in_agency, notices_for, supervises
from yifa.supervision.models import Alert, AlertStatus, AlertStep, Notice, NoticeStatus, NoticeStep
from yifa.supervision.rules import BY_CODE
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, statuses, ui

A, NS = AlertStatus, NoticeStatus
SUPERVISION_RULE = "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见"


class AcknowledgeIn(BaseModel):
    note: str = Field("", title=N_("说明"), max_length=1000, json_schema_extra=ui(widget="textarea"))


class ResolveIn(BaseModel):
    note: str = Field(title=N_("整改情况"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class DismissIn(BaseModel):
    reason: str = Field(title=N_("排除理由"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class AnswerIn(BaseModel):
    answered_on: dt.date = Field(title=N_("答复日期"))
    answer: str = Field(title=N_("答复内容"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


class ReturnIn(BaseModel):
    due: dt.date = Field(title=N_("新的答复期限"))
    reason: str = Field(title=N_("退回理由"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class CloseNoticeIn(BaseModel):
    closed_on: dt.date = Field(title=N_("办结日期"))


def _responsible(record: Any) -> list[int]:
    """The person an alert names as responsible (the case's creator …), if any."""
    person = getattr(record, "person_id", None)
    return [person] if person else []


#: An alert waits on the person responsible and on the agency's head (who answers for the
#: agency); a notice on the head.
RESPONSIBLE = Audience(roles=frozenset({Role.AGENCY_HEAD}), people=_responsible)

def _alert_title(alert: Alert) -> str:
    """The rule's name, not its code (a person reads the list)."""
    rule = BY_CODE.get(alert.rule)
    return f"预警：{rule.name if rule else alert.rule}"


AGENCY: Actor[Any] = Actor("agency", in_agency, ("只有被预警（督办）机关的工作人员可以办理此环节",
                                                 "Only the agency's own staff may take this step", SUPERVISION_RULE),
                           audience=RESPONSIBLE)
SUPERVISOR: Actor[Any] = Actor("supervisor", supervises, ("只有本区域的执法监督机构可以办理此环节",
                                                          "Only the region's supervising legal office may take this step",
                                                          SUPERVISION_RULE))
EITHER: Actor[Any] = Actor("agency_or_supervisor", handles, ("只有被预警机关或执法监督机构可以办理此环节",
                                                             "Only the agency or the supervising office may take this step",
                                                             SUPERVISION_RULE), audience=RESPONSIBLE)


def _alert_visible(user: Any, alert: Alert) -> bool:
    return alerts_for(user).filter(pk=alert.pk).exists()


def _notice_visible(user: Any, notice: Notice) -> bool:
    return notices_for(user).filter(pk=notice.pk).exists()


ALERTS: Procedure[Alert] = Procedure(Alert, log=StepLog(AlertStep, "alert_id"), visible=_alert_visible,
                                     staff_of=handles, in_order=False, steps=[
    Step("acknowledge", pgettext_lazy("alert step", "确认"), statuses(A.OPEN), A.ACKNOWLEDGED, AGENCY, AcknowledgeIn),
    Step("resolve", pgettext_lazy("alert step", "整改解除"), statuses(A.OPEN, A.ACKNOWLEDGED), A.RESOLVED, EITHER,
         ResolveIn),
    Step("dismiss", pgettext_lazy("alert step", "排除"), statuses(A.OPEN, A.ACKNOWLEDGED), A.DISMISSED, SUPERVISOR,
         DismissIn, todo=False),
], other_labels={"sweep_resolve": pgettext_lazy("alert step", "条件消失自动解除")},
    worklist=Worklist("supervision:alert", title=lambda a: _alert_title(a), due=lambda a: a.due))

NOTICES: Procedure[Notice] = Procedure(Notice, log=StepLog(NoticeStep, "notice_id"), visible=_notice_visible,
                                       staff_of=handles, steps=[
    Step("answer", pgettext_lazy("notice step", "答复"), statuses(NS.SENT), NS.ANSWERED, AGENCY, AnswerIn,
         dated_by="answered_on"),
    Step("send_back", pgettext_lazy("notice step", "退回重新答复"), statuses(NS.ANSWERED), NS.SENT, SUPERVISOR,
         ReturnIn, todo=False),
    Step("close", pgettext_lazy("notice step", "办结"), statuses(NS.ANSWERED), NS.CLOSED, SUPERVISOR, CloseNoticeIn,
         dated_by="closed_on"),
], other_labels={"send": pgettext_lazy("notice step", "督办")},
    worklist=Worklist("supervision:notice", title=str, due=lambda n: n.due,
                      # The answer waits on the agency's head; the closing on the region's legal office.
                      audience=Audience(roles=frozenset({Role.AGENCY_HEAD}))))
