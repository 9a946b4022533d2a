"""Reads of licence applications and licences for a user, shared by the pages (views.py) and thenAPI (api.py): filters, list pages, the running period and its colour, the applicant as the usernmay see them. views and api import from here, never from each other."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import DateField, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy

from yifa.licensing import access
from yifa.licensing.models import (
    ApplicantKind,
    ApplicationKind,
    Licence,
    LicenceApplication,
    Outcome,
    Status,
)
from yifa.web import lists
from yifa.web.i18n import tr
from yifa.web.lists import Page, choice_filter, page_of, text_search
from yifa.web.parties import party_view

# --- the running deadline ----------------------------------------------------------------------


#: Which stored deadline runs in which status; a suspended count shows its date, paused.
DUE_FIELDS: dict[str, str] = {
    Status.RECEIVED: "completeness_due",
    Status.ACCEPTED: "decision_due",
    Status.SUSPENDED: "decision_due",
    Status.DECIDED: "certificate_due",
}


DUE_LABELS = {
    "completeness_due": gettext_lazy("补正告知期限"),
    "decision_due": gettext_lazy("许可决定期限"),
    "certificate_due": gettext_lazy("颁发证件期限"),
}


#: The same, as an SQL expression: lists are ordered by it (most urgent first, none last).
RUNNING_DUE = DbCase(
    When(status=Status.RECEIVED, then=F("completeness_due")),
    When(status__in=[Status.ACCEPTED, Status.SUSPENDED], then=F("decision_due")),
    When(status=Status.DECIDED, outcome=Outcome.GRANTED, then=F("certificate_due")),
    default=Value(None), output_field=DateField(),
)


def running_due(app: LicenceApplication) -> tuple[str, dt.date | None]:
    """(the field, its date) of the deadline running now, or ("", None)."""
    name = DUE_FIELDS.get(app.status, "")
    if name == "certificate_due" and app.outcome != Outcome.GRANTED:
        name = ""
    return name, getattr(app, name) if name else None


def deadline_state(app: LicenceApplication, today: dt.date) -> str:
    """The running deadline's colour, as on "my cases" (yifa.web.lists.deadline_state). A
    suspended count does not run (ALL art. 45): its date is shown, not coloured."""
    if app.status == Status.SUSPENDED:
        return "normal"
    return lists.deadline_state([running_due(app)[1]], today)


def applicant_of(app: LicenceApplication, user: Any) -> dict[str, Any]:
    """What this user sees of an applicant (yifa.web.parties): a person's home address is masked
    like the code, an organisation's seat is not."""
    return party_view(user, name=app.applicant_name, kind_label=tr(ApplicantKind(app.applicant_kind).label),
                      code=app.applicant_code, phone=app.applicant_phone, address=app.applicant_address,
                      home_address=app.applicant_kind == ApplicantKind.INDIVIDUAL)


def status_label(status: str) -> Any:
    return tr(Status(status).label) if status in Status.values else status


def row(app: LicenceApplication, today: dt.date) -> dict[str, Any]:
    name, due = running_due(app)
    return {
        "app": app, "due": due, "due_label": DUE_LABELS.get(name, ""), "state": deadline_state(app, today),
        "paused": app.status == Status.SUSPENDED, "status_label": status_label(app.status),
        "kind_label": tr(ApplicationKind(app.kind).label) if app.kind in ApplicationKind.values else app.kind,
    }


#: The search box: applicant, subject or licensing item (not the identity number: that would reveal it).
SEARCHED = ("applicant_name", "subject", "power__name", "power__code")


LICENCE_SEARCHED = ("number", "holder_name", "application__power__name")


def filtered(user: Any, status: str, q: str) -> tuple[QuerySet[LicenceApplication], str]:
    qs, status = choice_filter(access.applications_for(user), "status", status, Status.values)
    return text_search(qs, q, SEARCHED), status


def application_page(qs: QuerySet[LicenceApplication], number: int) -> Page:
    """One page without COUNT(*): most urgent running deadline first, none last."""
    ordered = (qs.select_related("agency", "power").annotate(running_due=RUNNING_DUE)
               .order_by(F("running_due").asc(nulls_last=True), "-received_on", "-pk"))
    today = timezone.localdate()
    return page_of(ordered, number, lambda a: row(a, today))


def licence_search(qs: QuerySet[Licence], q: str) -> QuerySet[Licence]:
    return text_search(qs, q, LICENCE_SEARCHED)


def licence_state(licence: Licence, today: dt.date) -> str:
    """"expired", or the renewal date's colour while the licence is in force."""
    if licence.valid_to < today:
        return "expired"
    return lists.deadline_state([licence.renewal_due], today)


def licence_page(qs: QuerySet[Licence], number: int) -> Page:
    today = timezone.localdate()
    return page_of(qs.select_related("agency", "application__power").order_by("valid_to", "pk"), number,
                   lambda lic: {"licence": lic, "state": licence_state(lic, today)})


def holder_of(licence: Licence, user: Any) -> dict[str, Any]:
    original = licence.application
    return party_view(user, name=licence.holder_name, code=licence.holder_code, phone=original.applicant_phone,
                      address=original.applicant_address,
                      home_address=original.applicant_kind == ApplicantKind.INDIVIDUAL)
