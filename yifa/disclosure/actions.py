"""Every write of the publication lifecycle: the draft made from the decision's own data, then
the steps declared in procedure.py (release, withdraw, take down)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yifa.audit.record import record as audit_record
from yifa.audit.record import snapshot
from yifa.cases.models import Case, CaseOutcome, CaseStatus, CaseStep
from yifa.disclosure import search
from yifa.disclosure.content import content_hash
from yifa.disclosure.masking import public_party, scrub
from yifa.disclosure.models import DecisionKind, Publication, PublicationStatus, WithdrawReason
from yifa.disclosure.procedure import PUBLICATIONS
from yifa.law.models import PowerItem
from yifa.lib import pagecache
from yifa.lib.errors import ActionError, Forbidden, refuse
from yifa.licensing.models import LicenceApplication, LicensingOutcome
from yifa.workcal.calendar import apply_rule
from yifa.workcal.parameters import parameter_on
from yifa.workflow.steps import in_agency

if TYPE_CHECKING:
    from yifa.accounts.models import User

Status = PublicationStatus
#: Deadline rules (workcal.DeadlineRule rows, migration disclosure 0002) and the term parameters.
PUBLISH_RULE = "DISCLOSURE_PUBLISH"
WITHDRAW_RULE = "DISCLOSURE_WITHDRAW"
TERM_ORGANISATION = "DISCLOSURE_TERM_ORG"
TERM_PERSON = "DISCLOSURE_TERM_PERSON"
RULE_3S = "国办发〔2018〕118号"


# --- the draft, from the decision --------------------------------------------------------------


def _require_staff(user: Any, record: Any) -> None:
    if not in_agency(user, record):
        raise Forbidden("只有本机关的工作人员可以生成公示草稿。", "Only the agency's own staff may draft its public record.")


def _legal_basis(power: PowerItem) -> str:
    return "；".join(str(p) for p in power.penalty_provisions.select_related("law").order_by("law_id", "article"))


def _money(value: Decimal | None) -> str:
    return f"{value:,.2f}" if value is not None else ""


def draft_from_case(case: Case, *, acting_user: User) -> Publication:
    """The public record of a served penalty decision, from the case as recorded (no re-typing).
    Run again it returns the record already made."""
    _require_staff(acting_user, case)
    existing = Publication.objects.filter(kind=DecisionKind.PENALTY, source_id=case.pk).first()
    if existing is not None:
        return existing
    if case.status not in (CaseStatus.SERVED, CaseStatus.CLOSED, CaseStatus.ARCHIVED) or case.outcome != CaseOutcome.PENALTY:
        raise refuse("只有已送达的行政处罚决定才予以公示", "Only a served penalty decision is published", "行政处罚法第四十八条")
    is_person = case.party_kind == "individual"
    masked = public_party(case.party_name, is_person=is_person)
    clean: dict[str, Any] = {"remove": [case.party_code, case.party_phone, case.party_address] if is_person else
             [case.party_phone, case.party_address], "names": [(case.party_name, masked)] if is_person else []}
    facts_step = case.steps.filter(step__in=("investigate", "decide_on_the_spot")).order_by("-at", "-id").first()
    types = dict(PowerItem.PenaltyType.choices)
    category = "、".join(str(types.get(t, t)) for t in case.decided_types)
    result = "；".join(f"罚款{_money(case.decided_fine)}元" if t == PowerItem.PenaltyType.FINE else str(types.get(t, t))
                      for t in case.decided_types)
    assert case.decided_on is not None
    return _create(case.agency, kind=DecisionKind.PENALTY, source_id=case.pk, acting_user=acting_user,
                   document_number=case.decision_number, title=scrub(case.title, **clean), category=category,
                   facts=scrub(facts_step.note if facts_step else "", **clean), legal_basis=_legal_basis(case.power),
                   party_name=masked, party_is_person=is_person, party_code="" if is_person else case.party_code,
                   result=scrub(result, **clean), decided_on=case.decided_on)


def draft_from_licence(app: LicenceApplication, *, acting_user: User) -> Publication:
    """The public record of a licence granted (ALL 40), from the application as recorded."""
    _require_staff(acting_user, app)
    existing = Publication.objects.filter(kind=DecisionKind.LICENCE, source_id=app.pk).first()
    if existing is not None:
        return existing
    if app.outcome != LicensingOutcome.GRANTED or app.decided_on is None:
        raise refuse("准予行政许可的决定应当予以公开", "A licence granted is published", "行政许可法第四十条")
    is_person = app.applicant_kind == "individual"
    masked = public_party(app.applicant_name, is_person=is_person)
    clean: dict[str, Any] = {"remove": [app.applicant_code, app.applicant_phone, app.applicant_address],
             "names": [(app.applicant_name, masked)] if is_person else []}
    return _create(app.agency, kind=DecisionKind.LICENCE, source_id=app.pk, acting_user=acting_user,
                   document_number="", title=scrub(app.subject or app.power.name, **clean), category=app.power.name,
                   facts=scrub(app.decision_reasons, **clean), legal_basis=_legal_basis(app.power),
                   party_name=masked, party_is_person=is_person, party_code="" if is_person else app.applicant_code,
                   result=str(LicensingOutcome.GRANTED.label), decided_on=app.decided_on)


def _create(agency: Any, *, source_id: int, acting_user: User, **fields: Any) -> Publication:
    due = apply_rule(PUBLISH_RULE, fields["decided_on"])
    with transaction.atomic():
        pub = Publication(agency=agency, source_id=source_id, publish_due=due.deadline.due, publish_rule=PUBLISH_RULE,
                          calendar_version=due.deadline.calendar_version, **fields)
        # Normalised as queries are (NFKC, lower case): the substring check is exact on every database.
        pub.search_text = search.normalise("\n".join([pub.document_number, pub.title, pub.category, pub.facts,
                                                      pub.legal_basis, pub.party_name, pub.party_code, pub.result]))
        pub.full_clean(exclude=["agency"])
        pub.save()
        search.index(pub)
        PUBLICATIONS.log.write(pub.pk, "draft", "", pub.status, fields["decided_on"], acting_user, "", {})
        # The draft is internal (not yet reviewed): its event goes to the agency's chain.
        PUBLICATIONS.refresh_worklist(pub, acting_user=acting_user, step="draft")
        audit_record("publication.draft", pub, acting_user=acting_user, after=snapshot(pub))
    return pub


# --- the steps ---------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_end(pub: Publication) -> dt.date:
    """When the record comes down: 5 years from the decision, 2 for a natural person (parameters)."""
    years = parameter_on(TERM_PERSON if pub.party_is_person else TERM_ORGANISATION, pub.decided_on)
    return add_years(pub.decided_on, int(years))


@PUBLICATIONS.performs("release")
def release(pub: Publication, *, released_on: dt.date, acting_user: User) -> Publication:
    def gates(p: Publication) -> None:
        if released_on < p.decided_on:
            raise ActionError("公开日期早于决定日期。", "Released before the decision was made.", field="released_on")
        if p.kind == DecisionKind.PENALTY and CaseStep.objects.filter(case_id=p.source_id, step="revoke").exists():
            raise refuse("决定已被撤销、变更或确认无效，不再公开", "The decision was revoked, changed or voided: it is "
                         "not published", RULE_3S)

    def change(p: Publication) -> None:
        p.released_on, p.released_hash, p.take_down_on = released_on, content_hash(p), term_end(p)
        pagecache.changed()  # the public pages kept by this process

    return PUBLICATIONS.run("release", pub, acting_user=acting_user, on_date=released_on, gates=[gates], change=change)


@PUBLICATIONS.performs("withdraw")
def withdraw(pub: Publication, *, reason: str, changed_on: dt.date, withdrawn_on: dt.date, explanation: str,
             acting_user: User) -> Publication:
    """A decision revoked, changed or voided: the record is withdrawn (within 3 working days) and
    its URL answers 410 with the public explanation."""

    def gates(p: Publication) -> None:
        if not p.decided_on <= changed_on <= withdrawn_on:
            raise ActionError("撤销、变更或确认无效的日期须在决定日期之后、撤回日期之前。",
                              "The revocation lies between the decision and the withdrawal.", field="changed_on")
        if not explanation.strip():
            raise refuse("撤回须向社会公开说明理由", "A withdrawal is explained to the public", RULE_3S, field="explanation")

    def change(p: Publication) -> None:
        p.withdraw_reason, p.changed_on, p.withdrawn_on, p.explanation = reason, changed_on, withdrawn_on, explanation
        p.withdraw_due = apply_rule(WITHDRAW_RULE, changed_on).deadline.due
        pagecache.changed()

    return PUBLICATIONS.run("withdraw", pub, acting_user=acting_user, on_date=withdrawn_on, gates=[gates],
                            change=change, note=explanation, data={"reason": reason})


def withdraw_revoked(case_id: int, *, acting_user: User, today: dt.date | None = None) -> Publication | None:
    """The case's `revoke` step committed: its released record is withdrawn, dated today, with the
    step's kind, date and public explanation (idempotent: a record not released is left as it is,
    and a draft of a revoked decision is no longer released — see `release`)."""
    step = CaseStep.objects.filter(case_id=case_id, step="revoke").order_by("-at", "-id").first()
    pub = Publication.objects.filter(kind=DecisionKind.PENALTY, source_id=case_id).first()
    if step is None or pub is None or pub.status != Status.RELEASED:
        return None
    today = max(today or timezone.localdate(), step.on_date or pub.decided_on)
    return withdraw(pub, reason=step.data.get("change", WithdrawReason.REVOKED), changed_on=step.on_date or today,
                    withdrawn_on=today, explanation=step.data.get("explanation") or step.note, acting_user=acting_user)


def take_down_expired(today: dt.date | None = None) -> int:
    """The scheduled task: records whose term has ended come down (the system acts, no user)."""
    today = today or timezone.localdate()
    done = 0

    def change(p: Publication) -> None:
        p.taken_down_on = today
        pagecache.changed()

    for pub in Publication.objects.filter(status=Status.RELEASED, take_down_on__lte=today).order_by("id"):
        PUBLICATIONS.run("take_down", pub, acting_user=None,  # type: ignore[arg-type]  # the system acts
                         on_date=today, change=change)
        done += 1
    return done


# --- alerts ------------------------------------------------------------------------------------


def revoked_still_public() -> QuerySet[Publication]:
    """Released records of decisions whose case records a revocation (the automatic withdrawal
    did not happen: its receiver failed) — the alert, and what the daily sweep withdraws."""
    revoked = CaseStep.objects.filter(step="revoke").values("case_id")
    return Publication.objects.filter(status=Status.RELEASED, kind=DecisionKind.PENALTY, source_id__in=revoked)


def overdue(today: dt.date | None = None) -> QuerySet[Publication]:
    """Drafts past their 7 working days, and records of revoked decisions not yet withdrawn: for the alerts."""
    today = today or timezone.localdate()
    return Publication.objects.filter(status=Status.DRAFT, publish_due__lt=today) | revoked_still_public()


def sweep_revoked(today: dt.date | None = None) -> int:
    """The daily sweep behind the receiver: each record of a revoked decision still released is
    withdrawn, by the head who recorded the revocation."""
    done = 0
    for pub in revoked_still_public().order_by("id"):
        step = CaseStep.objects.filter(case_id=pub.source_id, step="revoke").select_related("actor").first()
        if step is not None and step.actor is not None:
            withdraw_revoked(pub.source_id, acting_user=step.actor, today=today)
            done += 1
    return done


def due_soon(today: dt.date, days: int = 2) -> QuerySet[Publication]:
    """Drafts to be released within `days` calendar days (the alert before the deadline is missed)."""
    return Publication.objects.filter(status=Status.DRAFT, publish_due__gte=today,
                                      publish_due__lte=today + dt.timedelta(days=days))
