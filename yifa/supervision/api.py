"""Supervision endpoints (/api/supervision): alerts and supervision notices — the lists (scoped by
yifa.supervision.access: an agency's staff their agency's, the region's legal office its region's),
one record with its steps, the supervisor's notice about an alert, and one POST per declared step
(derived from yifa.supervision.procedure). "Not yours" = 404; refusals use the API's error handlers
(400/403/404, both languages), with nothing changed."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus
from pydantic import Field

from yifa.accounts.requests import signed_in
from yifa.api.inputs import IdFilter
from yifa.api.schemas import StepOut, steps_out
from yifa.api.steps import add_procedure_endpoints
from yifa.supervision import actions
from yifa.supervision.access import access_alert, access_notice, alerts_for, notices_for
from yifa.supervision.models import Alert, AlertStatus, AlertStep, Notice, NoticeStatus, NoticeStep
from yifa.supervision.procedure import ALERTS, NOTICES
from yifa.supervision.queries import alert_page, notice_status_label, row, rule_name, search
from yifa.web.lists import choice_filter, page_number, page_of

router = Router(tags=["执法监督：预警与督办"])


# --- alerts ------------------------------------------------------------------------------------


class SupervisionAlertRow(Schema):
    id: int
    rule: str = Field(description="预警规则编码 (yifa.supervision.rules)")
    rule_name: str
    severity: str = Field(description="yellow（黄色预警）/ red（红色预警）")
    severity_label: str
    record_type: str = Field(description="被预警记录的类型，如 cases.Case")
    record_id: int
    agency_id: int
    agency_name: str
    due: dt.date | None
    status: AlertStatus
    status_label: str
    citation: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    version: int


class SupervisionAlertPageOut(Schema):
    items: list[SupervisionAlertRow]
    page: int
    has_next: bool


class SupervisionAlertOut(SupervisionAlertRow):
    rule_version: int
    rule_effective_from: dt.date
    evidence: dict[str, Any] = Field(description="触发事实")
    resolved_at: dt.datetime | None
    dismiss_reason: str
    notice_ids: list[int] = Field(description="就此预警发出的督办通知")
    steps: list[StepOut]


ALERT_ROW = ("id", "rule", "severity", "record_type", "record_id", "agency_id", "due", "status", "citation",
             "first_seen", "last_seen", "version")


def alert_row(a: Alert) -> dict[str, Any]:
    shown = row(a)
    return {name: getattr(a, name) for name in ALERT_ROW} | {
        "rule_name": shown["rule_name"], "severity_label": str(shown["severity_label"]),
        "status_label": str(shown["status_label"]), "agency_name": shown["agency_name"]}


def alert_out(a: Alert, user: Any = None) -> dict[str, Any]:
    return alert_row(a) | {
        "rule_version": a.rule_version, "rule_effective_from": a.rule_effective_from, "evidence": a.evidence,
        "resolved_at": a.resolved_at, "dismiss_reason": a.dismiss_reason,
        "notice_ids": list(Notice.objects.filter(alert=a).order_by("id").values_list("id", flat=True)),
        "steps": steps_out(AlertStep, alert=a)}


def load_alert(pk: Any, user: Any) -> Alert:
    """The alert through the access policy, with what its answer prints."""
    alert = access_alert(pk, user)
    return Alert.objects.select_related("agency__region").get(pk=alert.pk)


def _agency(qs: QuerySet[Any], agency_id: int | None) -> QuerySet[Any]:
    """Narrowed to one agency (within what the user may see anyway)."""
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


@router.get("/alerts", response=SupervisionAlertPageOut, operation_id="list_supervision_alerts")
def list_alerts(request: HttpRequest, status: str = "", rule: str = "", agency_id: IdFilter | None = None,
                page: int = 1) -> dict[str, Any]:
    """The alerts the user may see (their agency's; the region's for the legal office), most recently
    seen first; `status` and `rule` filter by a known value (anything else is ignored)."""
    qs, _, _ = search(_agency(alerts_for(request.user), agency_id), status, rule)
    found = alert_page(qs, page_number(page))
    return {"items": [alert_row(r["alert"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/alerts/{pk}", response=SupervisionAlertOut, operation_id="get_supervision_alert")
def get_alert(request: HttpRequest, pk: int) -> dict[str, Any]:
    return alert_out(load_alert(pk, request.user))


# --- notices -----------------------------------------------------------------------------------


class SupervisionNoticeIn(Schema):
    text: str = Field(description="督办事项", max_length=4000)
    due: dt.date = Field(description="答复期限（今天起一年内）")


class SupervisionNoticeRow(Schema):
    id: int
    alert_id: int
    agency_id: int
    agency_name: str
    text: str
    sent_on: dt.date
    due: dt.date
    status: NoticeStatus
    status_label: str
    version: int


class SupervisionNoticePageOut(Schema):
    items: list[SupervisionNoticeRow]
    page: int
    has_next: bool


class SupervisionNoticeOut(SupervisionNoticeRow):
    rule: str
    rule_name: str
    answer: str
    answered_on: dt.date | None
    sent_by: str
    steps: list[StepOut]


NOTICE_ROW = ("id", "alert_id", "agency_id", "text", "sent_on", "due", "status", "version")
NOTICE_COLUMNS = (*NOTICE_ROW, "agency__name")


def notice_row(n: Notice) -> dict[str, Any]:
    return {name: getattr(n, name) for name in NOTICE_ROW} | {
        "agency_name": n.agency.name, "status_label": str(notice_status_label(n.status))}


def notice_out(n: Notice, user: Any = None) -> dict[str, Any]:
    return notice_row(n) | {"rule": n.alert.rule, "rule_name": rule_name(n.alert.rule), "answer": n.answer,
                            "answered_on": n.answered_on, "sent_by": str(n.sent_by),
                            "steps": steps_out(NoticeStep, notice=n)}


def load_notice(pk: Any, user: Any) -> Notice:
    notice = access_notice(pk, user)
    return Notice.objects.select_related("agency__region", "alert", "sent_by").get(pk=notice.pk)


@router.post("/alerts/{pk}/notices", response={201: SupervisionNoticeOut}, operation_id="send_supervision_notice")
def send_notice(request: HttpRequest, pk: int, payload: SupervisionNoticeIn) -> HttpStatus[dict[str, Any]]:
    """督办: the region's legal office sends a supervision notice about an open alert to its agency."""
    notice = actions.send_notice(load_alert(pk, request.user), text=payload.text, due=payload.due,
                                 acting_user=signed_in(request))
    return HttpStatus(201, notice_out(load_notice(notice.pk, request.user)))


@router.get("/notices", response=SupervisionNoticePageOut, operation_id="list_supervision_notices")
def list_notices(request: HttpRequest, status: str = "", agency_id: IdFilter | None = None, page: int = 1) -> dict[str, Any]:
    """The supervision notices the user may see, the earliest answer deadline first."""
    qs, _ = choice_filter(_agency(notices_for(request.user), agency_id), "status", status, NoticeStatus.values)
    found = page_of(qs.select_related("agency").only(*NOTICE_COLUMNS).order_by("due", "id"), page_number(page),
                    lambda n: {"notice": n})
    return {"items": [notice_row(r["notice"]) for r in found.rows], "page": found.number, "has_next": found.has_next}


@router.get("/notices/{pk}", response=SupervisionNoticeOut, operation_id="get_supervision_notice")
def get_notice(request: HttpRequest, pk: int) -> dict[str, Any]:
    return notice_out(load_notice(pk, request.user))


add_procedure_endpoints(router, ALERTS, load=load_alert, out=alert_out, path="/alerts/{{pk}}/steps/{step}",
                        response=SupervisionAlertOut, operation="supervision_alert_step_{step}",
                        name="alert_{step}", docs={
                            "acknowledge": "确认 (the agency's staff): the alert is seen.",
                            "resolve": "整改解除 (the agency or the legal office), saying what was done.",
                            "dismiss": "排除 (the legal office), with the reason.",
                        })
add_procedure_endpoints(router, NOTICES, load=load_notice, out=notice_out, path="/notices/{{pk}}/steps/{step}",
                        response=SupervisionNoticeOut, operation="supervision_notice_step_{step}",
                        name="notice_{step}", docs={
                            "answer": "答复 (the agency's staff), by the deadline.",
                            "send_back": "退回重新答复 (the legal office), with a new deadline.",
                            "close": "办结 (the legal office).",
                        })
