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
from yifa.accountability.models import Inquiry, InquiryStatus, InquiryStep, Responsible, TermKind
from yifa.accountability.terms import terms_on
from yifa.accounts.models import Role
from yifa.lib.errors import ActionError
from yifa.registry.models import Officer
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Ref, Step, StepLog, statuses, ui

I = InquiryStatus  # noqa: E741
#: The source policy: the county's rules on fault responsibility in administrative enforcement.
POLICY = "行政执法过错责任追究办法（县人民政府，本地配置）"
LINES = ui(widget="lines")


class ProposeIn(BaseModel):
    #: Officers of the agency (a picker, prefilled with those the case's record names).
    officers: list[int] = Field(default_factory=list, title=N_("认定的责任人（执法人员）"))
    #: People the case's record names who are not officers (a head's login, the collective decision).
    responsible: list[int] = Field(default_factory=list, title=N_("认定的其他责任人（办案记录所载）"))
    faults: list[str] = Field(title=N_("过错情形"))
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


def _not_agency_officer(inquiry: Inquiry, pk: Any, field: str) -> ActionError:
    return ActionError(f"所选执法人员（{pk}）不是被追究机关的执法人员。",
                       f"Officer {pk} is not an officer of the agency concerned.", field=field)


#: An officer of the inquiry's agency: the only people the picker offers and the action accepts.
AGENCY_OFFICER = Ref(Officer, lambda inquiry: {"agency_id": inquiry.agency_id}, _not_agency_officer)


def agency_officers(inquiry: Inquiry) -> list[tuple[Any, str]]:
    """Every officer of the agency, by pinyin (one no longer active may still answer for a case)."""
    return [(o.pk, o.name) for o in Officer.objects.filter(agency_id=inquiry.agency_id)
            .order_by("name_key", "name", "pk").only("pk", "name")]


def proposed_others(inquiry: Inquiry) -> list[tuple[Any, str]]:
    """The people the case's record names who are not officers, with their link of the chain."""
    return [(r.pk, f"{r.name}（{r.get_part_display()}）")
            for r in Responsible.objects.filter(inquiry_id=inquiry.pk, officer__isnull=True).order_by("id")]


def fault_types(inquiry: Inquiry) -> list[tuple[Any, str]]:
    return [(t.code, t.name) for t in terms_on(TermKind.FAULT, inquiry.opened_on)]


def proposed(inquiry: Inquiry) -> dict[str, Any]:
    """The picker prefilled with the responsibility the case's record proposes (trace.py)."""
    rows = list(Responsible.objects.filter(inquiry_id=inquiry.pk).values_list("pk", "officer_id"))
    return {"officers": sorted({o for _, o in rows if o is not None}),
            "responsible": [pk for pk, o in rows if o is None]}


def _visible(user: Any, inquiry: Inquiry) -> bool:
    return inquiries_for(user).filter(pk=inquiry.pk).exists()


INQUIRIES: Procedure[Inquiry] = Procedure(Inquiry, log=StepLog(InquiryStep, "inquiry_id"), visible=_visible,
                                          staff_of=handles, steps=[
    Step("propose", pgettext_lazy("inquiry step", "认定责任"), statuses(I.OPENED), I.PROPOSED, INVESTIGATOR, ProposeIn,
         refs={"officers": AGENCY_OFFICER}, initial=proposed,
         choices={"officers": agency_officers, "responsible": proposed_others, "faults": fault_types},
         show={"responsible": lambda i: bool(proposed_others(i))}),
    Step("extend", pgettext_lazy("inquiry step", "延期"), statuses(I.OPENED, I.PROPOSED), None, INVESTIGATOR, ExtendIn,
         todo=False),
    Step("decide", pgettext_lazy("inquiry step", "作出追究决定"), statuses(I.PROPOSED), I.DECIDED, INVESTIGATOR, DecideIn,
         dated_by="decided_on"),
], other_labels={"open": pgettext_lazy("inquiry step", "立项")},
    worklist=Worklist("accountability:inquiry", title=str, due=lambda i: i.due,
                      audience=Audience(roles=frozenset({Role.AGENCY_HEAD}), region_roles=frozenset({Role.SUPERVISOR}),
                                        region_of=_region_of)))
