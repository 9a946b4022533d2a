"""Reads the pages share: the dashboard's counts, the alert list, labels, histories."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from yifa.supervision.models import ACTIVE, Alert, AlertStatus, AlertStep, Notice, NoticeStatus, NoticeStep, Severity
from yifa.supervision.procedure import ALERTS, NOTICES
from yifa.supervision.rules import BY_CODE
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, page_of

LIST_COLUMNS = ("id", "rule", "severity", "record_type", "record_id", "agency__name", "due", "status", "first_seen",
                "last_seen", "citation", "version")


def rule_name(code: str) -> str:
    """The rule's name in the page language (each rule carries both)."""
    rule = BY_CODE.get(code)
    if rule is None:
        return code
    return rule.name_en if (get_language() or "").startswith("en") else rule.name


def status_label(value: str) -> Any:
    return tr(AlertStatus(value).label) if value in AlertStatus.values else value


def severity_label(value: str) -> Any:
    return tr(Severity(value).label) if value in Severity.values else value


def notice_status_label(value: str) -> Any:
    return tr(NoticeStatus(value).label) if value in NoticeStatus.values else value


def row(a: Alert) -> dict[str, Any]:
    return {"alert": a, "rule_name": rule_name(a.rule), "status_label": status_label(a.status),
            "severity_label": severity_label(a.severity), "agency_name": a.agency.name}


def search(qs: QuerySet[Alert], status: str, rule: str) -> tuple[QuerySet[Alert], str, str]:
    qs, status = choice_filter(qs, "status", status, AlertStatus.values)
    qs, rule = choice_filter(qs, "rule", rule, list(BY_CODE))
    return qs, status, rule


def alert_page(qs: QuerySet[Alert], number: int) -> Page:
    return page_of(qs.select_related("agency").only(*LIST_COLUMNS).order_by("-last_seen", "-id"), number, row)


def dashboard(alerts: QuerySet[Alert], notices: QuerySet[Notice]) -> dict[str, Any]:
    """Open alerts by agency and rule (counts), and the notices past their deadline unanswered."""
    grouped = (alerts.filter(status__in=ACTIVE).values("agency_id", "agency__name", "rule", "severity")
               .annotate(n=Count("id")).order_by("agency__name", "agency_id", "rule"))
    by_agency: dict[int, dict[str, Any]] = {}
    for g in grouped:
        entry = by_agency.setdefault(g["agency_id"], {"agency": g["agency__name"], "agency_id": g["agency_id"],
                                                       "total": 0, "red": 0, "rules": []})
        entry["total"] += g["n"]
        entry["red"] += g["n"] if g["severity"] == Severity.RED else 0
        entry["rules"].append({"code": g["rule"], "name": rule_name(g["rule"]), "n": g["n"],
                               "severity": g["severity"]})
    overdue = list(notices.filter(status=NoticeStatus.SENT, due__lt=timezone.localdate())
                   .select_related("agency").only("id", "due", "sent_on", "text", "agency__name", "alert_id", "status")
                   .order_by("due", "id")[:50])
    return {"agencies": list(by_agency.values()), "overdue_notices": overdue}


def alert_history(alert: Alert) -> list[dict[str, Any]]:
    steps = AlertStep.objects.filter(alert=alert).select_related("actor").order_by("at", "id")
    return [{"label": ALERTS.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]


def notice_history(notice: Notice) -> list[dict[str, Any]]:
    steps = NoticeStep.objects.filter(notice=notice).select_related("actor").order_by("at", "id")
    return [{"label": NOTICES.label(s.step), "step": s, "actor": s.actor or "—", "text": s.note} for s in steps]
