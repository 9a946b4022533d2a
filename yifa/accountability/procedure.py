"""A fault-responsibility inquiry's steps, declared once on the workflow core: opened (by the legal
office, yifa.accountability.actions.open_inquiry, step "open") → proposed (the investigator confirms
the responsible people the case's own record names, and the fault types) → decided (the sanction or
exemption of each), with an extension (30 days, once) on the side. It waits on the region's legal
office and on the agency's head."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accountability.access import handles, inquiries_for, investigates
from yifa.accountability.models import Inquiry, InquiryStatus, InquiryStep
from yifa.accounts.models import Role
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, statuses, ui

I = InquiryStatus  # noqa: E741
#: The source policy: the county's rules on fault responsibility in administrative enforcement.
POLICY = "行政执法过错责任追究办法（县人民政府，本地配置）"
LINES = ui(widget="lines")


class ProposeIn(BaseModel):
    confirm: list[str] = Field(title=N_("认定的责任人（编号，每行一个）"), json_schema_extra=LINES)
    faults: list[str] = Field(title=N_("过错情形（编码，每行一个）"), json_schema_extra=LINES)
    findings: str = Field(title=N_("责任认定意见"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


class ExtendIn(BaseModel):
    reason: str = Field(title=N_("延期理由"), min_length=2, max_length=2000, json_schema_extra=ui(widget="textarea"))


class DecideIn(BaseModel):
    decided_on: dt.date = Field(title=N_("决定日期"))
    decisions: list[str] = Field(title=N_("追究方式或免责情形（责任人编号:编码，每行一个）"), json_schema_extra=LINES)


def _region_of(inquiry: Any) -> int | None:
    return int(inquiry.agency.region_id)


LEGAL_OFFICE = Audience(region_roles=frozenset({Role.SUPERVISOR}), region_of=_region_of)
INVESTIGATOR: Actor[Any] = Actor("investigator", investigates, (
    "只有本区域的法制机构可以办理过错责任追究", "Only the region's legal office may conduct a fault inquiry", POLICY),
    audience=Audience(roles=frozenset({Role.AGENCY_HEAD}), region_roles=frozenset({Role.SUPERVISOR}),
                      region_of=_region_of))


def _visible(user: Any, inquiry: Inquiry) -> bool:
    return inquiries_for(user).filter(pk=inquiry.pk).exists()


INQUIRIES: Procedure[Inquiry] = Procedure(Inquiry, log=StepLog(InquiryStep, "inquiry_id"), visible=_visible,
                                          staff_of=handles, steps=[
    Step("propose", pgettext_lazy("inquiry step", "认定责任"), statuses(I.OPENED), I.PROPOSED, INVESTIGATOR, ProposeIn),
    Step("extend", pgettext_lazy("inquiry step", "延期"), statuses(I.OPENED, I.PROPOSED), None, INVESTIGATOR, ExtendIn,
         todo=False),
    Step("decide", pgettext_lazy("inquiry step", "作出追究决定"), statuses(I.PROPOSED), I.DECIDED, INVESTIGATOR, DecideIn,
         dated_by="decided_on"),
], other_labels={"open": pgettext_lazy("inquiry step", "立项")},
    worklist=Worklist("accountability:inquiry", title=str, due=lambda i: i.due,
                      audience=Audience(roles=frozenset({Role.AGENCY_HEAD}), region_roles=frozenset({Role.SUPERVISOR}),
                                        region_of=_region_of)))
