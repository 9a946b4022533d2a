"""The licensing workflow (行政许可法), one action per step.

Each step is declared once in yifa.licensing.procedure (statuses, who may act, inputs, the
input that dates it); here is its body, bound with `LICENSING.performs`: the gates and the
change, run by the workflow core's executor (`LICENSING.run`: lock the application, refuse a
stale caller, check the statutory gates, change it, keep the step's LicenceStep and the audit
event — in one transaction). A refusal raises ActionError in Chinese and English naming the
article, and changes nothing. Every step is dated by its input, never by the server's today.

All licensing periods are working days (ALL art. 82): every deadline comes from
yifa.workcal.calendar (apply_rule / count_days) and is stored with its rule and the calendar
version used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from yifa.audit.record import record, snapshot
from yifa.law.models import PowerItem
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.lib.idcodes import canonical_party_fields
from yifa.lib.workdays import DayUnit
from yifa.licensing import access
from yifa.licensing.models import (
    ApplicantKind,
    ApplicationKind,
    Handling,
    Licence,
    LicenceApplication,
    LicenceExtension,
    LicenceHearing,
    LicenceStep,
    LicenceSuspension,
    Outcome,
    Status,
)
from yifa.licensing.procedure import ART_32, ART_38, ART_42, ART_44, ART_45, ART_47, LICENSING
from yifa.registry.access import scoped
from yifa.workcal.calendar import apply_rule, count_days, load_calendar, rule_on
from yifa.workflow.steps import jsonable

ART_2 = "行政许可法第二条"
ART_42_2 = "行政许可法第四十二条第二款"
ART_50 = "行政许可法第五十条"

#: Renewal: apply this many (calendar) days before expiry, as data (see Licence.renewal_due).
RENEWAL_LEAD_RULE = "ALL_RENEWAL_LEAD"
#: The decision period and its extension, alone or handled together (ALL art. 42).
DECISION_RULES = {False: ("ALL_DECISION", "ALL_DECISION_EXTENSION"),
                  True: ("ALL_JOINT_DECISION", "ALL_JOINT_EXTENSION")}

if TYPE_CHECKING:
    from yifa.accounts.models import User


# ----- helpers -------------------------------------------------------------------------------

def _require_actor(user: Any, agency_id: int) -> None:
    """Receiving (a new record, not a step): the licensing staff of the agency."""
    if not access.may_act(user, agency_id):
        raise Forbidden("只有本机关的行政许可工作人员可以办理该申请。",
                        "Only the licensing staff of the agency may handle this application.")


def _receive_step(app: LicenceApplication, step: str, *, acting_user: User | None, on: dt.date, note: str = "",
                  data: dict[str, Any] | None = None, before: dict[str, Any] | None = None,
                  from_status: str = "") -> None:
    """The step record and audit event of what is not a step of the procedure on an existing
    record: receiving an application, and the system's deemed acceptance."""
    actor = acting_user if getattr(acting_user, "pk", None) else None
    LicenceStep.objects.create(
        application=app, step=step, from_status=from_status, to_status=app.status, at=timezone.now(),
        on_date=on, actor=actor, note=note, data=jsonable(data or {}),
    )
    LICENSING.refresh_worklist(app, acting_user=actor, step=step)
    record(f"licence_application.{step}", app, acting_user=acting_user, before=before, after=snapshot(app))


def _set_completeness(app: LicenceApplication, received_on: dt.date) -> None:
    rd = apply_rule("ALL_COMPLETENESS", received_on)
    app.received_on = received_on
    app.completeness_due = rd.deadline.due
    app.completeness_rule = rd.rule.code
    app.completeness_calendar = rd.deadline.calendar_version


def is_joint(app: LicenceApplication) -> bool:
    """Unified, joint or centralised handling (ALL art. 26): 45 + 15 working days (art. 42(2))."""
    return app.handling != Handling.SINGLE


def _set_accepted(app: LicenceApplication, accepted_on: dt.date, *, deemed: bool) -> None:
    rd = apply_rule(DECISION_RULES[is_joint(app)][0], accepted_on)
    app.status = Status.ACCEPTED
    app.accepted_on = accepted_on
    app.deemed_accepted = deemed
    app.decision_due = rd.deadline.due
    app.decision_rule = rd.rule.code
    app.decision_calendar = rd.deadline.calendar_version


def _clean_items(items: Iterable[str] | None) -> list[str]:
    seen: list[str] = []
    for item in items or []:
        text = str(item).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days from `first` through `last`, both included (0 if last < first)."""
    calendar = load_calendar()
    days, day = 0, first
    while day <= last:
        days += calendar.is_workday(day)
        day += dt.timedelta(days=1)
    return days


# ----- receiving and completeness (art. 32) ----------------------------------------------------

def _check_applicant(kind: str, name: str) -> None:
    if kind not in ApplicantKind.values:
        raise ActionError("申请人类型无效。", "Unknown applicant kind.", field="applicant_kind")
    if not name.strip():
        raise ActionError("请填写申请人名称。", "Give the applicant's name.", field="applicant_name")


def _new_application(
    power: PowerItem, data: dict[str, Any], *, received_on: dt.date, acting_user: User,
    kind: str = ApplicationKind.NEW, renewal_of: Licence | None = None,
) -> LicenceApplication:
    if received_on > timezone.localdate():
        raise ActionError("收到申请材料的日期不能晚于今日。", "The application cannot be received in the future.",
                          field="received_on")
    app = LicenceApplication(
        agency_id=power.agency_id, power=power, kind=kind, renewal_of=renewal_of, status=Status.RECEIVED,
        created_by=acting_user, **data,
    )
    _set_completeness(app, received_on)
    app.save()
    _receive_step(app, "receive", acting_user=acting_user, on=received_on,
                  data={"materials": app.materials, "completeness_due": app.completeness_due,
                        "rule": app.completeness_rule, "calendar_version": app.completeness_calendar})
    return app


def receive_application(
    *, power: PowerItem | int, received_on: dt.date, applicant_kind: str, applicant_name: str,
    applicant_code: str = "", applicant_address: str = "", applicant_phone: str = "", subject: str = "",
    materials: Iterable[str] | None = None, handling: str = Handling.SINGLE, acting_user: User,
) -> LicenceApplication:
    """Register an application received on `received_on`; the 5-working-day completeness period starts.
    `handling`: by this agency alone, or unified, joint or centralised handling (ALL arts. 26, 42(2))."""
    power_pk = power.pk if isinstance(power, PowerItem) else power
    try:
        item = scoped(PowerItem, acting_user).get(pk=power_pk)
    except (PowerItem.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    _require_actor(acting_user, item.agency_id)
    if item.category != PowerItem.Category.LICENSING:
        raise ActionError("该事项不是行政许可事项。", "This power item is not a licensing item.",
                          field="power", rule=ART_2)
    if not item.is_active:
        raise ActionError("该许可事项已停止实施。", "This licensing item is no longer in force.",
                          field="power", rule=ART_2)
    _check_applicant(applicant_kind, applicant_name)
    if handling not in Handling.values:
        raise ActionError("办理方式无效。", "Unknown way of handling.", field="handling", rule=ART_42_2)
    data = canonical_party_fields({
        "applicant_kind": applicant_kind, "applicant_name": applicant_name.strip(), "applicant_code": applicant_code,
        "applicant_address": applicant_address.strip(), "applicant_phone": applicant_phone,
        "subject": subject.strip(), "materials": _clean_items(materials),
    }, "applicant") | {"handling": handling}
    with transaction.atomic():
        return _new_application(item, data, received_on=received_on, acting_user=acting_user)


def _notified_items(app: LicenceApplication) -> list[str] | None:
    """Everything told missing in earlier correction notices (None if there was none)."""
    notices = list(app.steps.filter(step="request_correction").values_list("data", flat=True))
    if not notices:
        return None
    return [item for data in notices for item in data.get("missing_items", [])]


@LICENSING.performs("request_correction")
def request_correction(application: LicenceApplication, missing_items: list[str], *, notified_on: dt.date,
                       note: str = "", acting_user: User) -> LicenceApplication:
    """Tell the applicant, at once, everything missing (within the completeness period)."""
    items = _clean_items(missing_items)

    def gates(app: LicenceApplication) -> None:
        if notified_on > app.completeness_due:
            raise ActionError(
                f"补正告知期限已于{app.completeness_due:%Y年%m月%d日}届满；逾期不告知的，自收到申请材料之日起即为受理，"
                "不能再要求补正。",
                f"The period for a correction notice ended on {app.completeness_due}; the application counts as "
                "accepted from the day it was received.", field="missing_items", rule=ART_32,
            )
        if not items:
            raise ActionError("请一次列明需要补正的全部内容。", "List everything that is missing, all at once.",
                              field="missing_items", rule=ART_32)
        earlier = _notified_items(app)
        if earlier is not None:
            new = [item for item in items if item not in earlier]
            if new:
                raise ActionError(
                    f"需补正的内容应当一次告知，不能追加此前未告知的材料：{'、'.join(new)}。",
                    f"Everything missing must be listed at once; these were not in the earlier notice: "
                    f"{', '.join(new)}.", field="missing_items", rule=ART_32,
                )

    def change(app: LicenceApplication) -> None:
        app.missing_items = items
        data["completeness_due"] = app.completeness_due

    data: dict[str, Any] = {"missing_items": items}
    return LICENSING.run("request_correction", application, acting_user=acting_user, on_date=notified_on,
                         gates=[gates], change=change, note=note, data=data)


@LICENSING.performs("receive_correction")
def receive_correction(application: LicenceApplication, *, received_on: dt.date, materials: list[str] | None = None,
                       note: str = "", acting_user: User) -> LicenceApplication:
    """The applicant handed in the missing materials: received again, a new completeness period runs
    from the day they were received."""
    given = _clean_items(materials)
    data: dict[str, Any] = {"materials": given}

    def change(app: LicenceApplication) -> None:
        app.materials = _clean_items([*app.materials, *given])
        _set_completeness(app, received_on)
        data.update(completeness_due=app.completeness_due, rule=app.completeness_rule,
                    calendar_version=app.completeness_calendar)

    return LICENSING.run("receive_correction", application, acting_user=acting_user, on_date=received_on,
                         change=change, note=note, data=data)


@LICENSING.performs("accept")
def accept(application: LicenceApplication, *, accepted_on: dt.date, note: str = "",
           acting_user: User) -> LicenceApplication:
    """Accept (受理) on `accepted_on`; the 20-working-day decision period starts.

    Accepted after the completeness period ran out, the application already counted as accepted
    from the day its materials were received (art. 32), and the period runs from that day.
    """
    data: dict[str, Any] = {}

    def change(app: LicenceApplication) -> None:
        late = accepted_on > app.completeness_due
        _set_accepted(app, app.received_on if late else accepted_on, deemed=late)
        data.update(accepted_on=app.accepted_on, deemed=late, decision_due=app.decision_due, rule=app.decision_rule,
                    calendar_version=app.decision_calendar)

    return LICENSING.run("accept", application, acting_user=acting_user, on_date=accepted_on, change=change,
                         note=note, data=data)


def deem_accepted_if_overdue(today: dt.date, *, acting_user: User | None = None) -> int:
    """Applications left without a correction notice past the completeness period count as accepted
    from the day received (art. 32). Compare-and-set per row: safe to run twice or concurrently.

    A sweep of the system, not a step anyone takes (no actor, no caller's version): it stays out
    of the procedure's executor, but bumps the version so a page showing the old state is refused."""
    overdue = list(LicenceApplication.objects.filter(status=Status.RECEIVED, completeness_due__lt=today)
                   .values_list("pk", flat=True))
    done = 0
    for pk in overdue:
        with transaction.atomic():
            app = LicenceApplication.objects.get(pk=pk)
            before = snapshot(app)
            _set_accepted(app, app.received_on, deemed=True)
            changed = LicenceApplication.objects.filter(
                pk=pk, status=Status.RECEIVED, completeness_due__lt=today,
            ).update(status=app.status, accepted_on=app.accepted_on, deemed_accepted=True,
                     decision_due=app.decision_due, decision_rule=app.decision_rule,
                     decision_calendar=app.decision_calendar, version=F("version") + 1)
            if not changed:
                continue
            app.refresh_from_db()
            _receive_step(app, "deemed_accepted", acting_user=acting_user, on=today, before=before,
                          from_status=Status.RECEIVED,
                          note="逾期未告知补正，自收到申请材料之日起即为受理（行政许可法第三十二条）",
                          data={"accepted_on": app.accepted_on, "decision_due": app.decision_due,
                                "rule": app.decision_rule, "calendar_version": app.decision_calendar})
            done += 1
    return done


# ----- review: extension (art. 42) and time not counted (art. 45) ------------------------------

@LICENSING.performs("extend_review")
def extend_review(application: LicenceApplication, reasons: str = "", *, on_date: dt.date, approved_by: str = "",
                  acting_user: User) -> LicenceApplication:
    """The head approves on `on_date`, once, 10 more working days, with written reasons told to the
    applicant (the step's actor: yifa.licensing.procedure.HEAD). Handled jointly (art. 42(2)): 15
    more, approved by the head of the people's government at that level, whom the head records."""
    reasons, approved_by = reasons.strip(), approved_by.strip()
    data: dict[str, Any] = {"approved_by": approved_by} if approved_by else {}

    def gates(app: LicenceApplication) -> None:
        if app.extended:
            raise ActionError("许可决定期限只能延长一次。", "The decision period can be extended only once.",
                              rule=ART_42_2 if is_joint(app) else ART_42)
        if is_joint(app) and not approved_by:
            raise ActionError("统一、联合、集中办理的，延长期限须经本级人民政府负责人批准；请填写批准人。",
                              "Joint handling: the extension needs the approval of the head of the people's "
                              "government at that level; name them.", field="approved_by", rule=ART_42_2)
        if not reasons:
            raise ActionError("请写明延长期限的理由（应告知申请人）。",
                              "Give the written reasons for the extension (they are told to the applicant).",
                              field="reasons", rule=ART_42)
        assert app.decision_due is not None
        if on_date > app.decision_due:
            raise ActionError(
                f"许可决定期限已于{app.decision_due:%Y年%m月%d日}届满，不能再批准延长。",
                f"The decision period ended on {app.decision_due}; it can no longer be extended.", rule=ART_42,
            )

    def change(app: LicenceApplication) -> None:
        assert app.decision_due is not None
        base, extension = DECISION_RULES[is_joint(app)]
        rd = apply_rule(extension, app.decision_due)
        app.decision_due = rd.deadline.due
        app.decision_rule = f"{base}+{rd.rule.code}"
        app.decision_calendar = rd.deadline.calendar_version
        app.extended, app.extension_reasons = True, reasons
        app.extension_approver, app.extended_on = acting_user, on_date
        data.update(decision_due=app.decision_due, rule=rd.rule.code, calendar_version=app.decision_calendar)

    return LICENSING.run("extend_review", application, acting_user=acting_user, on_date=on_date, gates=[gates],
                         change=change, note=reasons, data=data)


@LICENSING.performs("suspend")
def suspend_for(application: LicenceApplication, kind: str, *, start: dt.date, applicant_notified_on: dt.date | None,
                reason: str = "", acting_user: User) -> LicenceApplication:
    """Stop the count from `start` for a hearing, testing or expert review; the applicant is told."""
    reason = reason.strip()
    data: dict[str, Any] = {"kind": kind, "start": start, "applicant_notified_on": applicant_notified_on}

    def gates(app: LicenceApplication) -> None:
        assert app.decision_due is not None
        assert app.accepted_on is not None
        if applicant_notified_on is None or not (app.accepted_on <= applicant_notified_on <= start):
            raise ActionError("所需时间不计入期限的，应当书面告知申请人；请填写告知日期。",
                              "The applicant must be told in writing; give the date they were told.",
                              field="applicant_notified_on", rule=ART_45)
        if start > app.decision_due:
            raise ActionError(
                f"许可决定期限已于{app.decision_due:%Y年%m月%d日}届满，不能再中止计算。",
                f"The decision period ended on {app.decision_due}; the count can no longer be stopped.", rule=ART_45,
            )
        if app.suspensions.filter(end__gte=start).exists():
            raise ActionError("该日已计入上一次不计时时间，请于次日起算。",
                              "That day is already inside an earlier suspension; start the day after.", rule=ART_45)

    def change(app: LicenceApplication) -> None:
        assert applicant_notified_on is not None
        suspension = LicenceSuspension.objects.create(
            application=app, kind=kind, reason=reason, start=start, applicant_notified_on=applicant_notified_on,
        )
        data["suspension"] = suspension.pk

    return LICENSING.run("suspend", application, acting_user=acting_user, on_date=start, gates=[gates],
                         change=change, note=reason, data=data)


def end_suspension(app: LicenceApplication, suspension: LicenceSuspension, end: dt.date) -> dict[str, Any]:
    """Close `suspension` on `end`: its working days (start and end included) move the decision date."""
    days = working_days_between(suspension.start, end)
    suspension.end, suspension.working_days = end, days
    suspension.save()
    assert app.decision_due is not None
    moved = count_days(app.decision_due, days, DayUnit.WORKING)
    app.decision_due, app.decision_calendar = moved.due, moved.calendar_version
    app.suspended_days += days
    return {"kind": suspension.kind, "suspension": suspension.pk, "excluded_working_days": days,
            "decision_due": app.decision_due, "calendar_version": app.decision_calendar}


@LICENSING.performs("resume")
def resume(application: LicenceApplication, *, end: dt.date, note: str = "", acting_user: User) -> LicenceApplication:
    """End the running suspension on `end`: its working days (start and end included) move the decision date."""
    data: dict[str, Any] = {}

    def change(app: LicenceApplication) -> None:
        suspension = app.suspensions.select_for_update(no_key=True).get(end__isnull=True)
        if hasattr(suspension, "hearing"):
            raise ActionError("听证期间的计时在举行听证后恢复，请办理“举行听证”。",
                              "The count stopped for a hearing resumes when the hearing is held.", rule=ART_45)
        if end < suspension.start:
            raise ActionError("恢复日期不能早于中止计算的开始日期。", "The count cannot resume before it stopped.",
                              field="end", rule=ART_45)
        data.update(end_suspension(app, suspension, end))

    return LICENSING.run("resume", application, acting_user=acting_user, on_date=end, change=change, note=note,
                         data=data)


# ----- decision (art. 38, 42) and certificate (art. 44) ----------------------------------------

def require_hearing_window_closed(app: LicenceApplication, decided_on: dt.date) -> None:
    """Told of the right to a hearing, the applicant and interested parties have their 5 working
    days to ask before the decision (ALL art. 47)."""
    hearing = LicenceHearing.objects.filter(application=app).first()
    if hearing and hearing.requested_on is None and decided_on <= hearing.request_due:
        raise ActionError(
            f"申请听证的期限至{hearing.request_due:%Y年%m月%d日}，期限届满前不能作出许可决定。",
            f"The hearing may be requested until {hearing.request_due}; no decision before then.",
            field="decided_on", rule=ART_47)


def require_renewal_not_lapsed(app: LicenceApplication, decided_on: dt.date) -> None:
    """A renewal not decided by the licence's expiry is already deemed granted (ALL art. 50)."""
    if app.kind != ApplicationKind.RENEWAL or app.renewal_of is None:
        return
    expiry = app.renewal_of.valid_to
    if decided_on > expiry:
        raise ActionError(
            f"许可有效期已于{expiry:%Y年%m月%d日}届满，届满前未作出延续决定的，视为准予延续。",
            f"The licence expired on {expiry} without a decision: the renewal is deemed granted.",
            field="decided_on", rule=ART_50)


@LICENSING.performs("decide")
def decide(application: LicenceApplication, outcome: str, *, decided_on: dt.date, reasons: str = "",
           acting_user: User) -> LicenceApplication:
    """Grant or refuse on `decided_on`. Refusal needs written reasons. A late decision is still made,
    and flagged."""
    reasons = reasons.strip()
    data: dict[str, Any] = {"outcome": outcome}

    def gates(app: LicenceApplication) -> None:
        if app.status == Status.SUSPENDED:
            raise ActionError("听证、检验检测或专家评审尚未结束，请先恢复计算期限后再作出决定。",
                              "The hearing, testing or expert review is still running; resume first.", rule=ART_45)
        if outcome == Outcome.REFUSED and not reasons:
            raise ActionError("作出不予行政许可决定，应当说明理由。", "A refusal must state its reasons.",
                              field="reasons", rule=ART_38)
        require_hearing_window_closed(app, decided_on)
        require_renewal_not_lapsed(app, decided_on)

    def change(app: LicenceApplication) -> None:
        assert app.decision_due is not None
        late = decided_on > app.decision_due
        app.outcome, app.decision_reasons = outcome, reasons
        app.decided_on, app.decided_late = decided_on, late
        data.update(decision_due=app.decision_due, overdue=late)
        if late:
            data["overdue_working_days"] = working_days_between(app.decision_due + dt.timedelta(days=1), decided_on)
        if outcome == Outcome.GRANTED:
            rd = apply_rule("ALL_CERTIFICATE", decided_on)
            app.certificate_due, app.certificate_rule = rd.deadline.due, rd.rule.code
            app.certificate_calendar = rd.deadline.calendar_version
            data.update(certificate_due=app.certificate_due, rule=rd.rule.code,
                        calendar_version=app.certificate_calendar)

    return LICENSING.run("decide", application, acting_user=acting_user, on_date=decided_on, gates=[gates],
                         change=change, note=reasons, data=data)


@LICENSING.performs("issue_licence")
def issue_licence(application: LicenceApplication, *, number: str = "", issued_on: dt.date, valid_to: dt.date,
                  valid_from: dt.date | None = None, acting_user: User) -> Licence:
    """Issue, on `issued_on`, the certificate of a granted application (valid from that day unless
    `valid_from` says otherwise). Late issue is still made (the holder is owed it), and flagged
    overdue in the step record. A granted renewal extends the licence it renews to `valid_to`
    (the same licence and number: not a new one, ALL art. 50)."""
    number = number.strip()
    start = valid_from or issued_on
    data: dict[str, Any] = {"number": number, "valid_from": start, "valid_to": valid_to}
    issued: list[Licence] = []

    def gates(app: LicenceApplication) -> None:
        if app.outcome != Outcome.GRANTED:
            raise ActionError("不予行政许可的申请不能颁发许可证件。", "A refused application gets no licence.",
                              rule=ART_44)
        if app.renewal_of is not None:
            if valid_to <= app.renewal_of.valid_to:
                raise ActionError("延续后的有效期应晚于原有效期。", "The renewed licence must run beyond the old expiry.",
                                  field="valid_to", rule=ART_50)
            return
        if not number:
            raise ActionError("请填写许可证编号。", "Give the licence number.", field="number", rule=ART_44)
        if Licence.objects.filter(agency_id=app.agency_id, number=number).exists():
            raise ActionError(f"许可证编号“{number}”已在本机关使用。",
                              f"Licence number {number} is already used in this agency.", field="number")
        if valid_to <= start:
            raise ActionError("有效期截止日期应晚于起始日期。", "The licence must end after it starts.", field="valid_to")

    def change(app: LicenceApplication) -> None:
        licence = _renew(app, valid_to, issued_on, acting_user) if app.renewal_of else _new_licence(
            app, number, issued_on, start, valid_to, acting_user)
        assert app.certificate_due is not None
        data.update(licence=licence.pk, number=licence.number, renewal_due=licence.renewal_due,
                    certificate_due=app.certificate_due, overdue=issued_on > app.certificate_due)
        issued.append(licence)

    LICENSING.run("issue_licence", application, acting_user=acting_user, on_date=issued_on, gates=[gates],
                  change=change, data=data)
    return issued[0]


def _set_renewal_due(licence: Licence, day: dt.date) -> None:
    """The last day to apply for renewal: the lead time in force on `day` before the expiry (art. 50)."""
    rule = rule_on(RENEWAL_LEAD_RULE, day)
    licence.renewal_due, licence.renewal_rule = licence.valid_to - dt.timedelta(days=rule.count), rule.code


def _new_licence(app: LicenceApplication, number: str, issued_on: dt.date, start: dt.date, valid_to: dt.date,
                 acting_user: User) -> Licence:
    licence = Licence(agency_id=app.agency_id, application=app, number=number, holder_name=app.applicant_name,
                      holder_code=app.applicant_code, issued_on=issued_on, valid_from=start, valid_to=valid_to)
    _set_renewal_due(licence, issued_on)
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError:
        raise ActionError(f"许可证编号“{number}”已在本机关使用。",
                          f"Licence number {number} is already used in this agency.", field="number") from None
    record("licence.create", licence, acting_user=acting_user, after=snapshot(licence))
    return licence


def _renew(app: LicenceApplication, valid_to: dt.date, on: dt.date, acting_user: User | None, *,
           deemed: bool = False) -> Licence:
    """Extend the licence `app` renews to `valid_to`, kept as a LicenceExtension with its citation."""
    assert app.renewal_of_id is not None
    licence = Licence.objects.select_for_update(no_key=True).get(pk=app.renewal_of_id)
    before = snapshot(licence)
    extension = LicenceExtension.objects.create(
        licence=licence, application=app, previous_valid_to=licence.valid_to, valid_to=valid_to, on_date=on,
        deemed=deemed, citation="《行政许可法》第五十条第二款" if deemed else "《行政许可法》第五十条",
    )
    licence.valid_to = valid_to
    _set_renewal_due(licence, on)
    licence.save(update_fields=["valid_to", "renewal_due", "renewal_rule"])
    record("licence.renew", licence, acting_user=acting_user, before=before,
           after=snapshot(licence) | {"extension": extension.pk, "deemed": deemed})
    return licence


# ----- renewal (art. 50) -------------------------------------------------------------------------

def apply_renewal(licence: Licence | int, *, received_on: dt.date, materials: Iterable[str] | None = None,
                  acting_user: User) -> LicenceApplication:
    """Register the holder's application to renew, received on `received_on`, which must be at least
    the lead time (30 days, data: ALL_RENEWAL_LEAD) before expiry."""
    pk = licence.pk if isinstance(licence, Licence) else licence
    with transaction.atomic():
        current = access.access_licence(pk, acting_user, for_update=True)
        _require_actor(acting_user, current.agency_id)
        if received_on > current.renewal_due:
            days = (current.valid_to - current.renewal_due).days
            raise ActionError(
                f"应当在许可有效期届满{days}日前（{current.renewal_due:%Y年%m月%d日}前）提出延续申请，已逾期。",
                f"A renewal must be applied for at least {days} days before expiry (by {current.renewal_due}).",
                field="received_on", rule=ART_50,
            )
        pending = current.renewal_applications.exclude(status__in=[Status.DECIDED, Status.ISSUED])
        if pending.exists():
            raise ActionError("该许可已有正在办理的延续申请。", "A renewal of this licence is already pending.",
                              rule=ART_50)
        original = current.application
        data = {
            "applicant_kind": original.applicant_kind, "applicant_name": current.holder_name,
            "applicant_code": current.holder_code, "applicant_address": original.applicant_address,
            "applicant_phone": original.applicant_phone, "subject": f"延续 {current.number}",
            "materials": _clean_items(materials), "handling": original.handling,
        }
        return _new_application(original.power, data, received_on=received_on, acting_user=acting_user,
                                kind=ApplicationKind.RENEWAL, renewal_of=current)


#: A renewal still waiting for its decision.
UNDECIDED = (Status.RECEIVED, Status.CORRECTION_REQUESTED, Status.ACCEPTED, Status.SUSPENDED)


def deem_renewals_granted(today: dt.date, *, acting_user: User | None = None) -> int:
    """Renewals applied for in time and not decided by the licence's expiry are deemed granted (ALL
    art. 50(2)): the licence runs on for another term as long as the one it had, recorded as deemed
    with the citation. A sweep of the system (like deem_accepted_if_overdue): compare-and-set per
    row, safe to run twice or concurrently."""
    due = list(LicenceApplication.objects.filter(kind=ApplicationKind.RENEWAL, status__in=UNDECIDED,
                                                 renewal_of__valid_to__lt=today).values_list("pk", flat=True))
    done = 0
    for pk in due:
        with transaction.atomic():
            app = LicenceApplication.objects.select_for_update(no_key=True).get(pk=pk)
            licence = app.renewal_of
            if app.status not in UNDECIDED or licence is None or licence.valid_to >= today:
                continue
            done += _deem_granted(app, licence, acting_user)
    return done


def _deem_granted(app: LicenceApplication, licence: Licence, acting_user: User | None) -> int:
    before, from_status = snapshot(app), app.status
    expiry = licence.valid_to
    # The law does not fix the renewed term; a renewal continues the licence as it was, so the
    # same length of term again (as the sector rules on renewal provide).
    term = licence.valid_to - licence.valid_from
    open_suspension = app.suspensions.filter(end__isnull=True).first()
    if open_suspension is not None:
        open_suspension.end = expiry
        open_suspension.save(update_fields=["end"])
    app.status, app.outcome, app.deemed_granted = Status.ISSUED, Outcome.GRANTED, True
    app.decided_on = expiry
    app.decision_reasons = "许可有效期届满前未作出是否准予延续的决定，视为准予延续（行政许可法第五十条第二款）"
    app.version += 1
    app.save()
    renewed = _renew(app, expiry + term, expiry, acting_user, deemed=True)
    _receive_step(app, "deemed_renewed", acting_user=acting_user, on=expiry, before=before, from_status=from_status,
                  note=app.decision_reasons,
                  data={"licence": renewed.pk, "previous_valid_to": expiry, "valid_to": renewed.valid_to,
                        "rule": ART_50})
    return 1
