"""A file review's and a self-inspection's steps, declared once on the workflow core.

File review: score (the assigned reviewer, on the scoring page), confirm (the region's legal
office), send back for rescoring (the legal office). Creating the round writes each file's first
step record, "assign". Self-inspection: submit (the agency; waits on its head), accept or send back
(the legal office). Opening the year's self-inspections writes "open".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.filereview.access import (
    handles_inspection,
    handles_review,
    in_agency,
    inspections_for,
    is_reviewer,
    reviews_for,
    supervises,
)
from yifa.filereview.models import (
    FileReview,
    FileReviewStep,
    InspectionStatus,
    ReviewStatus,
    SelfInspection,
    SelfInspectionStep,
)
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, statuses, ui

R, S = ReviewStatus, InspectionStatus
REVIEW_RULE = "浙江省行政执法案卷评查办法；县司法局年度案卷评查通知"
INSPECTION_RULE = "浙江省行政执法监督办法；县司法局年度行政执法自查通知"


class ScoreIn(BaseModel):
    """The scoring page's marks: item code → {"deduct": points, "veto": bool, "reason": text}."""

    marks: dict[str, dict[str, Any]] = Field(default_factory=dict, title=N_("评分"))


class ReasonIn(BaseModel):
    reason: str = Field(title=N_("退回理由"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class ConfirmIn(BaseModel):
    note: str = Field("", title=N_("确认意见"), max_length=2000, json_schema_extra=ui(widget="textarea"))


class SubmitIn(BaseModel):
    submitted_on: dt.date = Field(title=N_("报送日期"))
    report: str = Field(title=N_("自查报告"), min_length=10, max_length=20000, json_schema_extra=ui(widget="textarea"))


class AcceptIn(BaseModel):
    note: str = Field("", title=N_("验收意见"), max_length=2000, json_schema_extra=ui(widget="textarea"))


def _reviewer(review: FileReview) -> list[int]:
    return [review.reviewer_id]


def _region_of_agency(record: Any) -> int | None:
    return record.agency.region_id


REVIEWER: Actor[Any] = Actor("reviewer", is_reviewer, ("只有被指派的评查人可以评分", "Only the assigned reviewer may score the file",
                                                       REVIEW_RULE), audience=Audience(people=_reviewer))
SUPERVISOR: Actor[Any] = Actor("supervisor", supervises, ("只有本区域的执法监督机构可以办理此环节",
                                                          "Only the region's supervising legal office may take this step",
                                                          REVIEW_RULE),
                               audience=Audience(region_roles=frozenset({Role.SUPERVISOR}), region_of=_region_of_agency))
AGENCY: Actor[Any] = Actor("agency", in_agency, ("只有本机关的工作人员可以报送自查报告",
                                                 "Only the agency's own staff may submit its self-inspection",
                                                 INSPECTION_RULE), audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))


def _review_title(review: FileReview) -> str:
    return f"案卷评查：{review.case.number or review.case.title}"


FILE_REVIEWS: Procedure[FileReview] = Procedure(
    FileReview, log=StepLog(FileReviewStep, "review_id"),
    visible=lambda user, r: reviews_for(user).filter(pk=r.pk).exists(), staff_of=handles_review, steps=[
        Step("score", pgettext_lazy("file review step", "评分"), statuses(R.ASSIGNED), R.SCORED, REVIEWER, ScoreIn),
        Step("confirm", pgettext_lazy("file review step", "确认评查结果"), statuses(R.SCORED), R.CONFIRMED, SUPERVISOR,
             ConfirmIn),
        Step("send_back", pgettext_lazy("file review step", "退回重新评分"), statuses(R.SCORED), R.ASSIGNED, SUPERVISOR,
             ReasonIn, todo=False),
    ], other_labels={"assign": pgettext_lazy("file review step", "抽取并指派")},
    worklist=Worklist("filereview:file", title=_review_title))

SELF_INSPECTIONS: Procedure[SelfInspection] = Procedure(
    SelfInspection, log=StepLog(SelfInspectionStep, "inspection_id"),
    visible=lambda user, s: inspections_for(user).filter(pk=s.pk).exists(), staff_of=handles_inspection, steps=[
        Step("submit", pgettext_lazy("self-inspection step", "报送自查报告"), statuses(S.DUE), S.SUBMITTED, AGENCY,
             SubmitIn, dated_by="submitted_on"),
        Step("accept", pgettext_lazy("self-inspection step", "验收"), statuses(S.SUBMITTED), S.ACCEPTED, SUPERVISOR,
             AcceptIn),
        Step("send_back", pgettext_lazy("self-inspection step", "退回补充"), statuses(S.SUBMITTED), S.DUE, SUPERVISOR,
             ReasonIn, todo=False),
    ], other_labels={"open": pgettext_lazy("self-inspection step", "部署自查")},
    worklist=Worklist("filereview:inspection", title=lambda s: f"{s.year}年度行政执法自查报告", due=lambda s: s.due))
