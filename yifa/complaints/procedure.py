"""Handling a complaint or report (投诉举报), declared once on the workflow core: accept or reject
(within 7 working days of receipt), transfer to the competent agency, merge a duplicate, link a
case or an inspection, reply and close (within 60 days of acceptance). The bodies are in
yifa.complaints.actions (bound with `COMPLAINTS.performs`). What the reporter sees of each step is
its `public` text (the step record's data), never the internal note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.cases.models import Case
from yifa.complaints.access import complaints_for, handles
from yifa.complaints.models import Complaint, ComplaintStatus, ComplaintStep
from yifa.inspections.models import Inspection
from yifa.lib.errors import ActionError, refuse
from yifa.registry.models import Agency
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, RecordId, Ref, Step, StepLog, statuses, ui

S = ComplaintStatus
PUBLIC_HELP = N_("投诉举报人可在查询页看到此内容")


class AcceptIn(BaseModel):
    accepted_on: dt.date = Field(title=N_("受理日期"))
    public_text: str = Field("", title=N_("告知投诉举报人"), max_length=500,
                             json_schema_extra=ui(widget="textarea", help=PUBLIC_HELP))


class RejectIn(BaseModel):
    rejected_on: dt.date = Field(title=N_("决定日期"))
    reason: str = Field(title=N_("不予受理的理由"), min_length=2, max_length=500,
                        json_schema_extra=ui(widget="textarea", help=PUBLIC_HELP))


class TransferIn(BaseModel):
    agency: RecordId = Field(title=N_("转交机关"), description="承办机关ID")
    transferred_on: dt.date = Field(title=N_("转交日期"))
    reason: str = Field(title=N_("转交说明"), min_length=2, max_length=500,
                        json_schema_extra=ui(widget="textarea", help=PUBLIC_HELP))


class MergeIn(BaseModel):
    into: RecordId = Field(title=N_("合并至（重复件的原件）"), description="同一机关的另一件投诉举报ID")
    merged_on: dt.date = Field(title=N_("合并日期"))


class LinkIn(BaseModel):
    case: RecordId | None = Field(None, title=N_("关联案件"), description="本机关案件ID")
    inspection: RecordId | None = Field(None, title=N_("关联检查记录"), description="本机关检查记录ID")


class ReplyIn(BaseModel):
    replied_on: dt.date = Field(title=N_("答复日期"))
    reply: str = Field(title=N_("答复意见"), min_length=2, max_length=4000,
                       json_schema_extra=ui(widget="textarea", help=PUBLIC_HELP))


class CloseIn(BaseModel):
    closed_on: dt.date = Field(title=N_("办结日期"))


def _in_agency_only(user: Any, complaint: Complaint) -> bool:
    return bool(user.is_agency_staff and complaint.agency_id is not None and user.agency_id == complaint.agency_id)


#: The handling agency's own staff (accept, reject, merge, link, reply, close).
AGENCY = Actor("agency", _in_agency_only, ("只有承办机关的工作人员可以办理此环节", "Only the handling agency's staff may take this step",
                                           "市场监督管理投诉举报处理暂行办法第十八条"),
               audience=Audience(roles=frozenset({Role.OFFICER})))
#: The handling agency's staff or the region's legal office (transfer: routing).
ROUTER: Actor[Complaint] = Actor("router", lambda user, complaint: True, ("", "", ""), audience=Audience(
    # Only a complaint no agency has yet waits on the region's legal office to route it.
    region_roles=frozenset({Role.SUPERVISOR}), region_of=lambda c: c.region_id if c.agency_id is None else None))


def _not_agency(complaint: Complaint, pk: Any, field: str) -> ActionError:
    return ActionError("所选机关不存在。", "No such agency.", field=field)


def _not_ours(what_zh: str, what_en: str) -> Any:
    def missing(complaint: Complaint, pk: Any, field: str) -> ActionError:
        return refuse(f"所选{what_zh}不属于承办机关", f"The {what_en} is not the handling agency's", field=field)
    return missing


AGENCY_REF = Ref(Agency, lambda c: {}, _not_agency)
SAME_AGENCY = Ref(Complaint, lambda c: {"agency_id": c.agency_id}, _not_ours("投诉举报", "complaint"))
CASE_REF = Ref(Case, lambda c: {"agency_id": c.agency_id}, _not_ours("案件", "case"))
INSPECTION_REF = Ref(Inspection, lambda c: {"agency_id": c.agency_id}, _not_ours("检查记录", "inspection"))


def agency_choices(complaint: Complaint) -> list[tuple[Any, str]]:
    return [(a.pk, a.name) for a in Agency.objects.order_by("name").only("pk", "name")]


def _visible(user: Any, complaint: Complaint) -> bool:
    return complaints_for(user).filter(pk=complaint.pk).exists()


STEPS: list[Step[Complaint]] = [
    Step("accept", pgettext_lazy("complaint step", "受理"), statuses(S.RECEIVED), S.ACCEPTED, AGENCY, AcceptIn,
         dated_by="accepted_on"),
    Step("reject", pgettext_lazy("complaint step", "不予受理"), statuses(S.RECEIVED), S.REJECTED, AGENCY, RejectIn,
         dated_by="rejected_on", todo=False),
    Step("transfer", pgettext_lazy("complaint step", "转交"), statuses(S.RECEIVED, S.ACCEPTED), S.RECEIVED, ROUTER,
         TransferIn, {"agency": AGENCY_REF}, dated_by="transferred_on", choices={"agency": agency_choices}),
    Step("merge", pgettext_lazy("complaint step", "合并重复件"), statuses(S.RECEIVED, S.ACCEPTED), S.MERGED, AGENCY,
         MergeIn, {"into": SAME_AGENCY}, dated_by="merged_on", todo=False),
    Step("link", pgettext_lazy("complaint step", "关联案件或检查"), statuses(S.ACCEPTED), None, AGENCY, LinkIn,
         {"case": CASE_REF, "inspection": INSPECTION_REF}, todo=False),
    Step("reply", pgettext_lazy("complaint step", "答复"), statuses(S.ACCEPTED), S.REPLIED, AGENCY, ReplyIn,
         dated_by="replied_on"),
    Step("close", pgettext_lazy("complaint step", "办结"), statuses(S.REPLIED), S.CLOSED, AGENCY, CloseIn,
         dated_by="closed_on"),
]

COMPLAINTS: Procedure[Complaint] = Procedure(
    Complaint, steps=STEPS, log=StepLog(ComplaintStep, "complaint_id"), visible=_visible, staff_of=handles,
    other_labels={"receive": pgettext_lazy("complaint step", "收到"),
                  "rate": pgettext_lazy("complaint step", "评价办理结果")},
    worklist=Worklist("complaints:detail", title=str, audience=Audience(roles=frozenset({Role.OFFICER})),
                      due=lambda c: c.accept_due if c.status == "received" else c.handle_due),
)
