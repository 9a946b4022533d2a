"""The licensing hearing (行政许可法 arts. 46–48), four steps of the LICENSING declaration.

Told of the right (art. 47), the applicant or an interested party asks within 5 working days;
the agency holds the hearing within 20 working days of the request, having told them the time
and place at least 7 working days before (art. 48(1)(1)), chaired by someone who did not review
the application (art. 48(1)(3)). From the request until the hearing is held the decision period
does not run (art. 45): a LicenceSuspension of kind "hearing", and the applicant is told. All
periods are working days (art. 82), from DeadlineRule rows, stored with rule and calendar version.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from yifa.lib.errors import ActionError
from yifa.licensing.actions import end_suspension
from yifa.licensing.models import LicenceApplication, LicenceHearing, LicenceSuspension, SuspensionKind
from yifa.licensing.procedure import ART_45, ART_47, ART_48, LICENSING
from yifa.workcal.calendar import apply_rule

if TYPE_CHECKING:
    from yifa.accounts.models import User

#: The steps of the review whose takers may not chair the hearing (art. 48(1)(3)).
REVIEW_STEPS = ("accept", "request_correction", "notify_hearing_right", "extend_review", "suspend")


def _hearing(app: LicenceApplication) -> LicenceHearing:
    return LicenceHearing.objects.select_for_update(no_key=True).get(application=app)


@LICENSING.performs("notify_hearing_right")
def notify_hearing_right(application: LicenceApplication, *, notified_on: dt.date, note: str = "",
                         acting_user: User) -> LicenceApplication:
    """Tell the applicant and interested parties of their right to a hearing; 5 working days to ask."""
    data: dict[str, Any] = {}

    def gates(app: LicenceApplication) -> None:
        assert app.accepted_on is not None
        assert app.decision_due is not None
        if LicenceHearing.objects.filter(application=app).exists():
            raise ActionError("已告知听证权利。", "The right to a hearing has already been told.", rule=ART_47)
        if not app.accepted_on <= notified_on <= app.decision_due:
            raise ActionError("应当在受理后、作出许可决定前告知听证权利。",
                              "The right to a hearing is told after acceptance and before the decision.",
                              field="notified_on", rule=ART_47)

    def change(app: LicenceApplication) -> None:
        rd = apply_rule("ALL_HEARING_REQUEST", notified_on)
        LicenceHearing.objects.create(application=app, right_notified_on=notified_on, request_due=rd.deadline.due,
                                      request_rule=rd.rule.code, request_calendar=rd.deadline.calendar_version)
        data.update(request_due=rd.deadline.due, rule=rd.rule.code, calendar_version=rd.deadline.calendar_version)

    return LICENSING.run("notify_hearing_right", application, acting_user=acting_user, on_date=notified_on,
                         gates=[gates], change=change, note=note, data=data)


@LICENSING.performs("request_hearing")
def request_hearing(application: LicenceApplication, requester_kind: str, *, requested_on: dt.date,
                    requester_name: str = "", applicant_notified_on: dt.date | None = None, note: str = "",
                    acting_user: User) -> LicenceApplication:
    """A request within 5 working days of the notice: the hearing is due within 20 working days and
    the count stops from the day of the request (the applicant is told, art. 45)."""
    name = requester_name.strip()
    data: dict[str, Any] = {"requester_kind": requester_kind, "requester_name": name}

    def gates(app: LicenceApplication) -> None:
        hearing = LicenceHearing.objects.get(application=app)
        if requested_on > hearing.request_due:
            raise ActionError(
                f"申请听证的期限已于{hearing.request_due:%Y年%m月%d日}届满（被告知听证权利之日起五日内）。",
                f"The hearing had to be requested by {hearing.request_due} (5 working days from the notice).",
                field="requested_on", rule=ART_47)
        if requested_on < hearing.right_notified_on:
            raise ActionError("申请听证日期不能早于告知听证权利日期。",
                              "The request cannot precede the notice of the right.", field="requested_on",
                              rule=ART_47)
        if not name:
            raise ActionError("请填写申请听证人。", "Name who requests the hearing.", field="requester_name",
                              rule=ART_47)
        if applicant_notified_on is None or applicant_notified_on < requested_on:
            raise ActionError("听证所需时间不计入期限的，应当书面告知申请人；请填写告知日期。",
                              "The applicant must be told in writing that the hearing's time is not counted; "
                              "give the date they were told.", field="applicant_notified_on", rule=ART_45)

    def change(app: LicenceApplication) -> None:
        assert applicant_notified_on is not None
        hearing = _hearing(app)
        rd = apply_rule("ALL_HEARING_HOLD", requested_on)
        hearing.suspension = LicenceSuspension.objects.create(
            application=app, kind=SuspensionKind.HEARING, reason=f"{name}申请听证", start=requested_on,
            applicant_notified_on=applicant_notified_on)
        hearing.requested_on, hearing.requester_kind, hearing.requester_name = requested_on, requester_kind, name
        hearing.hold_due, hearing.hold_rule = rd.deadline.due, rd.rule.code
        hearing.hold_calendar = rd.deadline.calendar_version
        hearing.save()
        data.update(hold_due=hearing.hold_due, rule=rd.rule.code, calendar_version=hearing.hold_calendar,
                    suspension=hearing.suspension.pk, applicant_notified_on=applicant_notified_on)

    return LICENSING.run("request_hearing", application, acting_user=acting_user, on_date=requested_on,
                         gates=[gates], change=change, note=note, data=data)


def _reviewers(app: LicenceApplication) -> set[int]:
    return set(app.steps.filter(step__in=REVIEW_STEPS).exclude(actor=None).values_list("actor_id", flat=True))


@LICENSING.performs("schedule_hearing")
def schedule_hearing(application: LicenceApplication, *, hearing_on: dt.date, notice_on: dt.date, place: str = "",
                     presider: Any = None, acting_user: User) -> LicenceApplication:
    """Fix the time and place, told at least 7 working days before, within the 20 working days."""
    place = place.strip()
    data: dict[str, Any] = {"hearing_on": hearing_on, "place": place}

    def gates(app: LicenceApplication) -> None:
        hearing = LicenceHearing.objects.get(application=app)
        assert hearing.hold_due is not None
        if hearing_on > hearing.hold_due:
            raise ActionError(
                f"应当在收到听证申请之日起二十日内（{hearing.hold_due:%Y年%m月%d日}前）组织听证。",
                f"The hearing must be held within 20 working days of the request (by {hearing.hold_due}).",
                field="hearing_on", rule=ART_47)
        earliest = apply_rule("ALL_HEARING_NOTICE", notice_on).deadline.due
        if hearing_on < earliest:
            raise ActionError(
                f"应当于举行听证的七日前通知听证时间、地点；{notice_on:%Y年%m月%d日}通知的，最早于{earliest:%Y年%m月%d日}举行。",
                f"The time and place are told 7 working days ahead; told on {notice_on}, the hearing is on "
                f"{earliest} at the earliest.", field="hearing_on", rule=ART_48)
        if not place:
            raise ActionError("请填写听证地点。", "Give the place of the hearing.", field="place", rule=ART_48)
        if presider is None:
            raise ActionError("请指定听证主持人。", "Name who presides.", field="presider", rule=ART_48)
        if presider.pk in _reviewers(app):
            raise ActionError("听证主持人应当是审查该行政许可申请的工作人员以外的人员。",
                              "The hearing is chaired by someone who did not review the application.",
                              field="presider", rule=ART_48)

    def change(app: LicenceApplication) -> None:
        hearing = _hearing(app)
        hearing.hearing_on, hearing.notice_on, hearing.place, hearing.presider = hearing_on, notice_on, place, presider
        hearing.save()
        data["presider"] = presider.pk

    return LICENSING.run("schedule_hearing", application, acting_user=acting_user, on_date=notice_on,
                         gates=[gates], change=change, data=data)


@LICENSING.performs("hold_hearing")
def hold_hearing(application: LicenceApplication, *, held_on: dt.date, record: str = "",
                 acting_user: User) -> LicenceApplication:
    """The hearing held (late is recorded and flagged): the count resumes, the hearing's working days
    added to the decision period; the decision rests on the record (art. 48(2))."""
    record = record.strip()
    data: dict[str, Any] = {}

    def gates(app: LicenceApplication) -> None:
        hearing = LicenceHearing.objects.get(application=app)
        assert hearing.hearing_on is not None
        if held_on < hearing.hearing_on:
            raise ActionError("听证不能早于通知的听证日期举行。", "The hearing cannot be held before the day told.",
                              field="held_on", rule=ART_48)
        if not record:
            raise ActionError("请记录听证笔录要点；许可决定应当根据听证笔录作出。",
                              "Record the hearing; the decision rests on the hearing record.", field="record",
                              rule=ART_48)

    def change(app: LicenceApplication) -> None:
        hearing = _hearing(app)
        assert hearing.hold_due is not None
        assert hearing.suspension is not None
        hearing.held_on, hearing.record, hearing.held_late = held_on, record, held_on > hearing.hold_due
        hearing.save()
        suspension = LicenceSuspension.objects.select_for_update(no_key=True).get(pk=hearing.suspension.pk)
        data.update(end_suspension(app, suspension, held_on), hold_due=hearing.hold_due, overdue=hearing.held_late)

    return LICENSING.run("hold_hearing", application, acting_user=acting_user, on_date=held_on, gates=[gates],
                         change=change, note=record, data=data)
