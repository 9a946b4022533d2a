"""Inspection plans (抽查计划), declared once on the workflow core: the random draw and the
publication. The bodies are in yifa.randomcheck.actions (bound with `PLANS.performs`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.randomcheck.models import Plan, PlanStatus, PlanStep
from yifa.registry import access
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import ANY_STAFF, Actor, Procedure, Step, StepLog, in_agency, statuses


class DrawIn(BaseModel):
    drawn_on: dt.date = Field(title=N_("抽取日期"))
    seed: str = Field("", title=N_("随机种子（不填则由系统生成）"), max_length=64,
                      description="随机种子；不填则由系统生成 128 位随机数。同一种子与同一名录库快照得出同一结果")


class PublishIn(BaseModel):
    published_on: dt.date = Field(title=N_("公开日期"))


HEAD: Actor[Plan] = Actor("head", lambda u, p: u.role == Role.AGENCY_HEAD, (
    "抽查计划和结果由行政机关负责人批准公开", "The agency head publishes the plan and its results",
    "国办发〔2015〕58号"), audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))


def _visible(user: Any, plan: Plan) -> bool:
    return access.scoped(Plan, user).filter(pk=plan.pk).exists()


P = pgettext_lazy
STEPS: list[Step[Plan]] = [
    Step("draw", P("plan step", "随机抽取"), statuses(PlanStatus.DRAFT), PlanStatus.DRAWN, ANY_STAFF, DrawIn,
         dated_by="drawn_on"),
    Step("publish", P("plan step", "公开计划和结果"), statuses(PlanStatus.DRAWN), PlanStatus.PUBLISHED, HEAD, PublishIn,
         dated_by="published_on"),
]

PLANS: Procedure[Plan] = Procedure(
    Plan, steps=STEPS, log=StepLog(PlanStep, "plan_id"), visible=_visible, staff_of=in_agency,
    other_labels={"create": P("plan step", "制定计划"), "inspect": P("plan step", "记录检查")},
    worklist=Worklist("randomcheck:detail", title=str, due=lambda p: p.ends_on, audience=Audience(roles=frozenset({Role.OFFICER}))),
)
