"""A major-case filing's steps, declared once on the workflow core.

Filing: submit (the agency's head reports the case to the county legal office, by the due date),
review (the region's legal office: 同意备案, or 责令纠正 with its reasons). The hook that finds a
decided case major creates the filing (yifa.filing.actions.open_filing) and writes its first step
record, "determine".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, Field

from yifa.accounts.models import Role
from yifa.filing.access import agency_head, filings_for, handles, supervises
from yifa.filing.models import Filing, FilingStatus, FilingStep
from yifa.workflow.audience import Audience, Worklist
from yifa.workflow.steps import Actor, Procedure, Step, StepLog, statuses, ui

F = FilingStatus
#: The county's own rule (the source policy); the 15-day period is the county's setting, see filing 0002.
FILING_POLICY = "浦江县人民政府《关于进一步深化和完善行政执法责任制工作的若干意见》（重大案件备案审查制度）"


class SubmitIn(BaseModel):
    submitted_on: dt.date = Field(title=N_("报送日期"), json_schema_extra=ui(today=True))
    report: str = Field(title=N_("报送说明"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


class ReviewIn(BaseModel):
    accepted: bool = Field(title=N_("审查结论"), json_schema_extra=ui(yes=N_("同意备案"), no=N_("责令纠正")))
    reviewed_on: dt.date = Field(title=N_("审查日期"), json_schema_extra=ui(today=True))
    opinion: str = Field(title=N_("审查意见"), min_length=2, max_length=4000, json_schema_extra=ui(widget="textarea"))


def _region_of(filing: Filing) -> int | None:
    return filing.agency.region_id


HEAD: Actor[Any] = Actor("agency_head", agency_head, ("只有本机关负责人可以报送重大案件备案",
                                                      "Only the agency's head may submit a major-case filing",
                                                      FILING_POLICY), audience=Audience(roles=frozenset({Role.AGENCY_HEAD})))
SUPERVISOR: Actor[Any] = Actor("supervisor", supervises, ("只有本区域的执法监督机构可以审查备案",
                                                          "Only the region's supervising legal office may review a filing",
                                                          FILING_POLICY),
                               audience=Audience(region_roles=frozenset({Role.SUPERVISOR}), region_of=_region_of))


def _visible(user: Any, filing: Filing) -> bool:
    return filings_for(user).filter(pk=filing.pk).exists()


def _title(filing: Filing) -> str:
    return f"重大案件备案：{filing.case.number or filing.case.title}"


FILINGS: Procedure[Filing] = Procedure(Filing, log=StepLog(FilingStep, "filing_id"), visible=_visible,
                                       staff_of=handles, steps=[
    Step("submit", pgettext_lazy("filing step", "报送备案"), statuses(F.PENDING, F.CORRECTION), F.SUBMITTED, HEAD,
         SubmitIn, dated_by="submitted_on"),
    Step("review", pgettext_lazy("filing step", "备案审查"), statuses(F.SUBMITTED), None, SUPERVISOR, ReviewIn,
         dated_by="reviewed_on"),
], other_labels={"determine": pgettext_lazy("filing step", "认定为重大案件")},
    worklist=Worklist("filing:detail", title=_title, due=lambda f: f.due))
