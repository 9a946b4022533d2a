"""The publication lifecycle, declared once on the workflow core (yifa.workflow.steps):

    draft ──release──▶ released ──withdraw──▶ withdrawn      (decision revoked, changed, voided)
                          └──────take_down──▶ taken_down     (term over: the scheduled task)

The draft is made from the case by `actions.draft_from_case` (no re-typing). The public chain:
the steps' audit events go to the `public` audit chain, whose events carry only published data,
so that anyone may be shown the chain segment from a record's release to a signed root.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.disclosure.models import Publication, PublicationStatus, PublicationStep, WithdrawReason
from yifa.registry.access import scoped
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, in_agency, statuses, ui

Status = PublicationStatus
PUBLIC_CHAIN = "public"
TEXT = ui(widget="textarea")


class ReleaseIn(BaseModel):
    released_on: dt.date = Field(title=N_("公开日期"))


class WithdrawIn(BaseModel):
    reason: WithdrawReason = Field(title=N_("撤回原因"))
    changed_on: dt.date = Field(title=N_("决定撤销、变更或确认无效的日期"))
    withdrawn_on: dt.date = Field(title=N_("撤回日期"))
    explanation: str = Field(title=N_("公开说明"), min_length=1, max_length=2000, json_schema_extra=TEXT)


def _visible(user: Any, pub: Publication) -> bool:
    return scoped(Publication, user).filter(pk=pub.pk).exists()


HEAD: Actor[Publication] = Actor("head", lambda u, p: u.role in (Role.AGENCY_HEAD, Role.AGENCY_ADMIN), (
    "公示内容须经本机关负责人或管理员审核后公开", "The agency head or admin reviews a record before it is released",
    "国办发〔2018〕118号"), audience=Audience(roles=frozenset({Role.AGENCY_HEAD, Role.AGENCY_ADMIN})))
#: Only the scheduled task takes a record down; it acts as no user (run directly, not as an action).
NOBODY: Actor[Publication] = Actor("system", lambda u, p: False, (
    "公示期满由系统自动撤下", "Records are taken down by the system when their term ends", "国办发〔2018〕118号"),
    audience=Audience())

S = pgettext_lazy
STEPS = [
    Step("release", S("publication step", "审核公开"), statuses(Status.DRAFT), Status.RELEASED, HEAD, ReleaseIn,
         dated_by="released_on", rule="国办发〔2018〕118号"),
    Step("withdraw", S("publication step", "撤回"), statuses(Status.RELEASED), Status.WITHDRAWN, HEAD, WithdrawIn,
         dated_by="withdrawn_on", rule="国办发〔2018〕118号", todo=False),
    Step("take_down", S("publication step", "期满撤下"), statuses(Status.RELEASED), Status.TAKEN_DOWN, NOBODY, todo=False),
]

PUBLICATIONS: Procedure[Publication] = Procedure(
    Publication, steps=STEPS, log=StepLog(PublicationStep, "publication_id"), visible=_visible,
    staff_of=in_agency, other_labels={"draft": S("publication step", "生成公示草稿")}, audit_chain=PUBLIC_CHAIN,
    worklist=Worklist("disclosure:detail", title=str, due=lambda p: p.publish_due if p.status == Status.DRAFT else None),
)
