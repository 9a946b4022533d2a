"""The steps of an evaluation cycle, a correction (限期整改) and an implementation plan, declared
once on the workflow core.

Cycle: approve (the legal office or the county leader) → publish as a circular (the legal office).
Computing creates the cycle (yifa.evaluation.actions.compute, step record "compute").
Correction: report (the agency, by the deadline) → close (the legal office) or send back.
Plan: submit (the agency head) → file (the legal office / efficiency office) or return with
comments → revise (a new version) → submit again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.evaluation.access import (
    approves,
    corrections_for,
    cycles_for,
    evaluates,
    handles,
    heads_agency,
    in_agency,
    oversees,
    plans_for,
)
from yifa.evaluation.models import (
    PLAN_CITATION,
    Correction,
    CorrectionStatus,
    CorrectionStep,
    Cycle,
    CycleStatus,
    CycleStep,
    Plan,
    PlanStatus,
    PlanStep,
)
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, statuses, ui

C, CS, P = CycleStatus, CorrectionStatus, PlanStatus
EVALUATION_RULE = "浦江县人民政府关于深化和完善行政执法责任制的通知（2005）四；法治政府建设实施纲要"


class ApproveIn(BaseModel):
    note: str = Field("", title=N_("审定意见"), max_length=2000, json_schema_extra=ui(widget="textarea"))


class PublishIn(BaseModel):
    published_on: dt.date = Field(title=N_("通报日期"))
    title: str = Field(title=N_("通报标题"), min_length=2, max_length=200)


class ReportIn(BaseModel):
    reported_on: dt.date = Field(title=N_("报告日期"))
    report: str = Field(title=N_("整改情况"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


class SendBackIn(BaseModel):
    reason: str = Field(title=N_("退回理由"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class CloseIn(BaseModel):
    closed_on: dt.date = Field(title=N_("完成日期"))


class SubmitIn(BaseModel):
    note: str = Field("", title=N_("报送说明"), max_length=2000, json_schema_extra=ui(widget="textarea"))


class FileIn(BaseModel):
    filed_on: dt.date = Field(title=N_("备案日期"))


class ReturnIn(BaseModel):
    comments: str = Field(title=N_("审查意见"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


def _cycle_staff(user: Any, cycle: Cycle) -> bool:
    return approves(user, cycle)


def _cycle_visible(user: Any, cycle: Cycle) -> bool:
    return cycles_for(user).filter(pk=cycle.pk).exists()


APPROVER: Actor[Any] = Actor("approver", approves, ("只有本区域的司法行政部门或县领导可以审定考核结果",
                                                    "Only the region's legal office or leader may approve the results",
                                                    EVALUATION_RULE))
EVALUATOR: Actor[Any] = Actor("evaluator", evaluates, ("只有本区域的司法行政部门可以办理此环节",
                                                       "Only the region's legal office may take this step",
                                                       EVALUATION_RULE))

CYCLES: Procedure[Cycle] = Procedure(Cycle, log=StepLog(CycleStep, "cycle_id"), visible=_cycle_visible,
                                     staff_of=_cycle_staff, steps=[
    Step("approve", pgettext_lazy("evaluation step", "审定"), statuses(C.COMPUTED), C.APPROVED, APPROVER, ApproveIn),
    Step("publish", pgettext_lazy("evaluation step", "通报"), statuses(C.APPROVED), C.PUBLISHED, EVALUATOR, PublishIn,
         dated_by="published_on"),
], other_labels={"compute": pgettext_lazy("evaluation step", "测算")})


AGENCY: Actor[Any] = Actor("agency", in_agency, ("只有被通报单位的工作人员可以报告整改情况",
                                                 "Only the agency's own staff may report the correction",
                                                 EVALUATION_RULE),
                           audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))
#: The region's legal office, waited on for the closing of a correction and the filing of a plan.
LEGAL_OFFICE = Audience(region_roles=frozenset({Role.SUPERVISOR}), region_of=lambda r: r.agency.region_id)

OVERSEER: Actor[Any] = Actor("overseer", oversees, ("只有本区域的司法行政部门或效能办可以办理此环节",
                                                    "Only the region's legal or efficiency office may take this step",
                                                    EVALUATION_RULE), audience=LEGAL_OFFICE)


def _correction_visible(user: Any, c: Correction) -> bool:
    return corrections_for(user).filter(pk=c.pk).exists()


CORRECTIONS: Procedure[Correction] = Procedure(
    Correction, log=StepLog(CorrectionStep, "correction_id"), visible=_correction_visible, staff_of=handles, steps=[
        Step("report", pgettext_lazy("correction step", "报告整改情况"), statuses(CS.OPEN), CS.ANSWERED, AGENCY, ReportIn,
             dated_by="reported_on"),
        Step("send_back", pgettext_lazy("correction step", "退回继续整改"), statuses(CS.ANSWERED), CS.OPEN, OVERSEER,
             SendBackIn, todo=False),
        Step("close", pgettext_lazy("correction step", "整改完成"), statuses(CS.ANSWERED), CS.CLOSED, OVERSEER, CloseIn,
             dated_by="closed_on"),
    ], other_labels={"criticise": pgettext_lazy("correction step", "通报批评")},
    worklist=Worklist("evaluation:correction", title=lambda c: "限期整改：考核通报批评", due=lambda c: c.due,
                      audience=Audience(roles=frozenset({Role.AGENCY_HEAD}))))


HEAD: Actor[Any] = Actor("head", heads_agency, ("只有本单位负责人可以报送实施方案",
                                                "Only the agency's head may submit the plan", PLAN_CITATION),
                         audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))
REVIEWER: Actor[Any] = Actor("reviewer", oversees, ("只有本区域的司法行政部门或效能办可以审查备案",
                                                    "Only the region's legal or efficiency office may review the plan",
                                                    PLAN_CITATION), audience=LEGAL_OFFICE)


def _plan_visible(user: Any, plan: Plan) -> bool:
    return plans_for(user).filter(pk=plan.pk).exists()


PLANS: Procedure[Plan] = Procedure(Plan, log=StepLog(PlanStep, "plan_id"), visible=_plan_visible, staff_of=handles,
                                   in_order=False, steps=[
    Step("submit", pgettext_lazy("plan step", "报送备案"), statuses(P.DRAFT, P.RETURNED), P.SUBMITTED, HEAD, SubmitIn,
         rule=PLAN_CITATION),
    Step("file", pgettext_lazy("plan step", "备案"), statuses(P.SUBMITTED), P.FILED, REVIEWER, FileIn,
         dated_by="filed_on", rule=PLAN_CITATION),
    Step("return", pgettext_lazy("plan step", "退回修改"), statuses(P.SUBMITTED), P.RETURNED, REVIEWER, ReturnIn,
         rule=PLAN_CITATION),
], other_labels={"draft": pgettext_lazy("plan step", "起草"), "revise": pgettext_lazy("plan step", "修订")},
    worklist=Worklist("evaluation:plan", title=str, due=lambda p: None,
                      audience=Audience(roles=frozenset({Role.AGENCY_HEAD}))))
