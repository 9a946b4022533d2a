"""Enforcement endpoints: the list (scoped), one record with its stored deadlines and steps,
opening enforcement of a served decision, and one POST per declared step (derived from
yifa.enforcement.procedure). Reads go through yifa.enforcement.access ("not yours" = 404);
refusals use the API's error handlers (400/403/404, both languages)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.api.inputs import agency_staff
from yifa.api.steps import add_procedure_endpoints
from yifa.cases.access import cases_for
from yifa.enforcement import actions
from yifa.enforcement.access import access_enforcement, enforcements_for
from yifa.enforcement.models import Enforcement, EnforcementMethod, EnforcementStatus
from yifa.enforcement.procedure import ENFORCEMENT
from yifa.enforcement.queries import enforcement_page, row, steps_of
from yifa.lib.errors import ActionError
from yifa.web.lists import choice_filter, page_number

router = Router(tags=["行政强制执行"])


class EnforcementRow(Schema):
    id: int
    agency_id: int
    case_id: int
    status: EnforcementStatus
    status_label: str
    party_name: str
    obligation: str
    amount: Decimal | None
    opened_on: dt.date
    reminder_served_on: dt.date | None
    reminder_due: dt.date | None = Field(description="催告履行期限（催告书送达后10个工作日）")
    court_from: dt.date | None = Field(description="可申请人民法院强制执行之日（催告书送达10日后）")
    reconsideration_lapses_on: dt.date = Field(description="申请行政复议期限届满日（60日）")
    lawsuit_lapses_on: dt.date = Field(description="提起行政诉讼期限届满日（6个月）")
    court_until: dt.date = Field(description="申请人民法院强制执行的最后一日（期限届满之日起3个月）")
    deadline_state: str = Field(description="overdue（红）/ near（黄）/ normal")
    version: int


class EnforcementPageOut(Schema):
    items: list[EnforcementRow]
    page: int
    has_next: bool


class EnforcementStepOut(Schema):
    id: int
    step: str
    at: dt.datetime
    on_date: dt.date | None
    actor: str
    note: str
    data: dict[str, Any]


class EnforcementOut(EnforcementRow):
    statement_pending: bool
    statement: str
    answer: str
    statement_accepted: bool | None
    decided_on: dt.date | None
    method: EnforcementMethod | None
    power_id: int | None
    applied_on: dt.date | None
    court: str
    complied_on: dt.date | None
    concluded_on: dt.date | None
    steps: list[EnforcementStepOut]


ROW_FIELDS = ("id", "agency_id", "case_id", "status", "party_name", "obligation", "amount", "opened_on",
              "reminder_served_on", "reminder_due", "court_from", "reconsideration_lapses_on", "lawsuit_lapses_on",
              "court_until", "version")
MORE_FIELDS = ("statement_pending", "statement", "answer", "statement_accepted", "decided_on", "power_id",
               "applied_on", "court", "complied_on", "concluded_on")


def row_out(e: Enforcement) -> dict[str, Any]:
    shown = row(e)
    return {name: getattr(e, name) for name in ROW_FIELDS} | {
        "status_label": str(EnforcementStatus(e.status).label), "deadline_state": shown["state"]}


def enforcement_out(e: Enforcement, user: Any = None) -> dict[str, Any]:
    return row_out(e) | {name: getattr(e, name) for name in MORE_FIELDS} | {
        "method": e.method or None,
        "steps": [{"id": s.pk, "step": s.step, "at": s.at, "on_date": s.on_date, "actor": str(s.actor or ""),
                   "note": s.note, "data": s.data} for s in steps_of(e)],
    }


@router.get("", response=EnforcementPageOut, operation_id="list_enforcements")
def list_enforcements(request: HttpRequest, status: str = "", page: int = 1) -> dict[str, Any]:
    """Every enforcement record the user may see, newest first."""
    qs, _ = choice_filter(enforcements_for(request.user), "status", status, EnforcementStatus.values)
    result = enforcement_page(qs, page_number(page))
    return {"items": [row_out(r["item"]) for r in result.rows], "page": result.number, "has_next": result.has_next}


class OpenIn(Schema):
    case_id: int = Field(description="已送达、当事人逾期未履行的本机关行政处罚案件")


@router.post("", response={201: EnforcementOut}, operation_id="open_enforcement")
def open_enforcement(request: HttpRequest, payload: OpenIn) -> HttpStatus[dict[str, Any]]:
    """立项 (ACL 34–35): a served penalty decision not complied with in time; the remedy periods and
    the last day to apply to the court are stored."""
    user = agency_staff(request, "只有执法机关工作人员可以办理强制执行。", "Only an agency's staff may enforce a decision.")
    case = cases_for(user).filter(pk=payload.case_id, agency_id=user.agency_id).first()
    if case is None:
        raise ActionError("所选案件不存在。", "No such case.", field="case_id")
    return HttpStatus(201, enforcement_out(actions.open_enforcement(case, acting_user=user)))


@router.get("/{pk}", response=EnforcementOut, operation_id="get_enforcement")
def get_enforcement(request: HttpRequest, pk: int) -> dict[str, Any]:
    return enforcement_out(access_enforcement(pk, request.user))


STEP_DOCS = {
    "remind": "送达催告书 (ACL 35): after the decision's period ran out; its 10 working days are stored.",
    "statement": "记录陈述申辩 (ACL 36).",
    "answer": "复核陈述申辩 (ACL 36): facts, reasons or evidence that hold are adopted.",
    "decide": "强制执行决定 (ACL 37): the head, after the reminder's period, with the power by law (ACL 13).",
    "apply_court": "申请人民法院强制执行 (ACL 53–54): ten days after the reminder was served, after the remedy "
                   "periods lapse and within three months.",
    "complied": "当事人已履行.",
    "conclude": "执行终结 (ACL 40).",
}
add_procedure_endpoints(router, ENFORCEMENT, load=access_enforcement, out=enforcement_out,
                        path="/{{pk}}/steps/{step}", response=EnforcementOut, operation="enforcement_step_{step}",
                        name="{step}", docs=STEP_DOCS)
