"""Licensing hearing (行政许可法 arts. 45–48) across Mid-Autumn and National Day 2026.

Hand-counted 2026 working days (09-25 Mid-Autumn and 10-01..07 off; Sat 10-10 worked; the start
day is not counted):
- accepted Tue 09-22 + 20: 09-23, 24, 28, 29, 30, 10-08, 09, 10, 12..16, 19..23, 26, 27 -> 10-27
- told of the right Thu 09-24 + 5: 09-28, 29, 30, 10-08, 10-09 -> 10-09 (10-10 is the 6th)
- requested Fri 10-09 + 20: 10-10, 12..16, 19..23, 26..30, 11-02..05 -> 11-05
- notice Fri 10-09 + 7: 10-10, 12, 13, 14, 15, 16, 19 -> the hearing on 10-19 at the earliest
- the count stops 10-09..10-19 (both included): 10-09, 10, 12..16, 19 = 8 working days,
  so the decision date 10-27 moves 8 working days: 10-28, 29, 30, 11-02..06 -> 11-06
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import make_power, on, receive, refused
from tests.test_licensing_web import detail_url, step_forms, step_post
from yifa.audit.models import AuditEvent
from yifa.licensing import actions, hearing
from yifa.licensing.models import LicenceApplication, LicenceHearing, LicenceSuspension

pytestmark = pytest.mark.django_db
D = dt.date
ART_45, ART_47, ART_48 = "行政许可法第四十五条", "行政许可法第四十七条", "行政许可法第四十八条"


@pytest.fixture
def power_a(agency_a):
    return make_power(agency_a, "XK-A-009")


@pytest.fixture
def app(power_a, officer_a):
    application = receive(power_a, officer_a, D(2026, 9, 22))
    with on(D(2026, 9, 22)):
        return actions.accept(application, accepted_on=D(2026, 9, 22), acting_user=officer_a)


def notified(app: LicenceApplication, user: Any) -> LicenceApplication:
    with on(D(2026, 9, 24)):
        return hearing.notify_hearing_right(app, notified_on=D(2026, 9, 24), acting_user=user)


def requested(app: LicenceApplication, user: Any) -> LicenceApplication:
    app = notified(app, user)
    with on(D(2026, 10, 9)):
        return hearing.request_hearing(app, "interested", requested_on=D(2026, 10, 9), requester_name="邻居王某",
                                       applicant_notified_on=D(2026, 10, 9), acting_user=user)


def scheduled(app: LicenceApplication, user: Any, presider: Any) -> LicenceApplication:
    app = requested(app, user)
    with on(D(2026, 10, 9)):
        return hearing.schedule_hearing(app, hearing_on=D(2026, 10, 19), notice_on=D(2026, 10, 9), place="第一听证室",
                                        presider=presider, acting_user=user)


def test_request_within_five_working_days_across_the_holidays(app, officer_a):
    assert app.decision_due == D(2026, 10, 27)
    app = notified(app, officer_a)
    h = LicenceHearing.objects.get(application=app)
    assert (h.request_due, h.request_rule) == (D(2026, 10, 9), "ALL_HEARING_REQUEST")
    assert h.request_calendar.startswith("2004-2026@v")
    assert app.status == "accepted"
    with on(D(2026, 10, 10)):  # the make-up Saturday is the sixth working day
        refused(app, lambda: hearing.request_hearing(app, "applicant", requested_on=D(2026, 10, 10),
                                                     requester_name="申请人", applicant_notified_on=D(2026, 10, 10),
                                                     acting_user=officer_a), rule=ART_47, match="五日内")
    with on(D(2026, 10, 9)):
        app = hearing.request_hearing(app, "applicant", requested_on=D(2026, 10, 9), requester_name="申请人",
                                      applicant_notified_on=D(2026, 10, 9), acting_user=officer_a)
    h.refresh_from_db()
    assert app.status == "suspended"
    assert (h.hold_due, h.hold_rule) == (D(2026, 11, 5), "ALL_HEARING_HOLD")
    assert h.suspension is not None
    assert (h.suspension.kind, h.suspension.start, h.suspension.end) == ("hearing", D(2026, 10, 9), None)
    assert app.steps.filter(step="request_hearing").get().data["hold_due"] == "2026-11-05"


def test_request_needs_a_name_and_the_applicant_told(app, officer_a):
    app = notified(app, officer_a)
    with on(D(2026, 10, 8)):
        refused(app, lambda: hearing.request_hearing(app, "applicant", requested_on=D(2026, 10, 8), requester_name="",
                                                     applicant_notified_on=D(2026, 10, 8), acting_user=officer_a),
                rule=ART_47, match="申请听证人")
        refused(app, lambda: hearing.request_hearing(app, "applicant", requested_on=D(2026, 10, 8), requester_name="甲",
                                                     applicant_notified_on=None, acting_user=officer_a),
                rule=ART_45, match="书面告知")


def test_the_right_is_told_once_and_before_the_decision_date(app, officer_a):
    with on(D(2026, 10, 28)):
        refused(app, lambda: hearing.notify_hearing_right(app, notified_on=D(2026, 10, 28), acting_user=officer_a),
                rule=ART_47, match="作出许可决定前")
    app = notified(app, officer_a)
    with on(D(2026, 9, 25)):
        refused(app, lambda: hearing.notify_hearing_right(app, notified_on=D(2026, 9, 25), acting_user=officer_a),
                rule=ART_47, match="已告知")


def test_no_decision_while_the_request_window_is_open(app, officer_a):
    app = notified(app, officer_a)
    with on(D(2026, 10, 9)):
        refused(app, lambda: actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a),
                rule=ART_47, match="申请听证的期限")
    with on(D(2026, 10, 10)):  # nobody asked in time: the agency decides
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 10), acting_user=officer_a)
    assert app.status == "decided"


def test_notice_seven_working_days_ahead_within_twenty_chaired_by_a_non_reviewer(app, officer_a, head_a):
    app = requested(app, officer_a)

    def schedule(day: dt.date, presider: Any) -> Any:
        return lambda: hearing.schedule_hearing(app, hearing_on=day, notice_on=D(2026, 10, 9), place="第一听证室",
                                                presider=presider, acting_user=officer_a)

    with on(D(2026, 10, 9)):
        refused(app, schedule(D(2026, 10, 16), head_a), rule=ART_48, match="七日前")
        refused(app, schedule(D(2026, 11, 6), head_a), rule=ART_47, match="二十日内")
        refused(app, schedule(D(2026, 10, 19), officer_a), rule=ART_48, match="以外的人员")
        app = schedule(D(2026, 10, 19), head_a)()
    h = LicenceHearing.objects.get(application=app)
    assert (h.hearing_on, h.presider, h.place) == (D(2026, 10, 19), head_a, "第一听证室")
    assert app.status == "suspended"


def test_the_hearing_time_is_not_counted(app, officer_a, head_a):
    app = scheduled(app, officer_a, head_a)
    with on(D(2026, 10, 16)):
        refused(app, lambda: hearing.hold_hearing(app, held_on=D(2026, 10, 16), record="记录", acting_user=officer_a),
                rule=ART_48, match="早于")
    with on(D(2026, 10, 19)):
        refused(app, lambda: hearing.hold_hearing(app, held_on=D(2026, 10, 19), record="", acting_user=officer_a),
                rule=ART_48, match="听证笔录")
        app = hearing.hold_hearing(app, held_on=D(2026, 10, 19), record="申请人、利害关系人陈述意见",
                                   acting_user=officer_a)
    assert app.status == "accepted"
    assert (app.decision_due, app.suspended_days) == (D(2026, 11, 6), 8)
    suspension = LicenceSuspension.objects.get(application=app)
    assert (suspension.end, suspension.working_days) == (D(2026, 10, 19), 8)
    h = LicenceHearing.objects.get(application=app)
    assert (h.held_on, h.held_late) == (D(2026, 10, 19), False)
    assert AuditEvent.objects.filter(action="licenceapplication.hold_hearing", object_id=str(app.pk)).count() == 1


def test_a_hearing_suspension_resumes_only_by_holding_it(app, officer_a):
    app = requested(app, officer_a)
    with on(D(2026, 10, 12)):
        refused(app, lambda: actions.resume(app, end=D(2026, 10, 12), acting_user=officer_a), rule=ART_45,
                match="举行听证")


def test_the_hearing_through_the_api(app, officer_a, officer_b, head_a):
    def step(user: Any, name: str, body: dict[str, Any], day: dt.date) -> Any:
        version = LicenceApplication.objects.get(pk=app.pk).version
        with on(day):
            return client_for(user).post(f"/api/licensing/applications/{app.pk}/steps/{name}",
                                         data=json.dumps({"version": version} | body), content_type="application/json")

    with assert_unchanged():
        assert step(officer_b, "notify_hearing_right", {"notified_on": "2026-09-24"}, D(2026, 9, 24)).status_code == 404
    r = step(officer_a, "notify_hearing_right", {"notified_on": "2026-09-24"}, D(2026, 9, 24))
    assert r.status_code == 200, r.content
    assert r.json()["hearing"]["request_due"] == "2026-10-09"
    with assert_unchanged():
        bad = step(officer_a, "request_hearing", {"requested_on": "2026-10-09", "requester_kind": "neighbour"},
                   D(2026, 10, 9))
        assert bad.status_code in (400, 422)
        late = step(officer_a, "request_hearing", {"requested_on": "2026-10-10", "requester_kind": "applicant",
                                                   "requester_name": "甲", "applicant_notified_on": "2026-10-10"},
                    D(2026, 10, 10))
        assert late.status_code == 400
        assert late.json()["rule"] == ART_47
    body = {"requested_on": "2026-10-09", "requester_kind": "applicant", "requester_name": "申请人",
            "applicant_notified_on": "2026-10-09"}
    assert step(officer_a, "request_hearing", body, D(2026, 10, 9)).json()["status"] == "suspended"
    body = {"hearing_on": "2026-10-19", "notice_on": "2026-10-09", "place": "第一听证室", "presider": head_a.pk}
    assert step(officer_a, "schedule_hearing", body, D(2026, 10, 9)).status_code == 200
    out = step(officer_a, "hold_hearing", {"held_on": "2026-10-19", "record": "笔录"}, D(2026, 10, 19)).json()
    assert (out["status"], out["decision_due"], out["hearing"]["held_on"]) == ("accepted", "2026-11-06", "2026-10-19")
    assert out["hearing"]["presider"] == str(head_a)


def test_the_hearing_through_the_pages(app, officer_a, head_a):
    with on(D(2026, 9, 24)):
        assert "notify_hearing_right" in step_forms(client_for(officer_a).get(detail_url(app)).content.decode())
    response = step_post(officer_a, app, "notify_hearing_right", {}, D(2026, 9, 24))
    assert response.status_code == 302
    with on(D(2026, 10, 10)), assert_unchanged():
        late = step_post(officer_a, app, "request_hearing",
                         {"requester_kind": "applicant", "requester_name": "甲", "applicant_notified_on": "2026-10-10"},
                         D(2026, 10, 10))
        assert late.status_code == 400
        assert "行政许可法第四十七条" in late.content.decode()
    with on(D(2026, 10, 9)):
        html = client_for(officer_a).get(detail_url(app)).content.decode()
        assert 'data-testid="hearing"' in html
        assert "2026-10-09" in html
        assert step_forms(html)[-1] == "request_hearing"


def test_a_hearing_held_after_its_twenty_days_is_held_and_flagged(app, officer_a, head_a):
    app = requested(app, officer_a)
    with on(D(2026, 10, 9)):
        app = hearing.schedule_hearing(app, hearing_on=D(2026, 11, 5), notice_on=D(2026, 10, 9), place="第一听证室",
                                       presider=head_a, acting_user=officer_a)
    with on(D(2026, 11, 6)):  # a day after the 20th working day
        app = hearing.hold_hearing(app, held_on=D(2026, 11, 6), record="延期一日举行", acting_user=officer_a)
    h = LicenceHearing.objects.get(application=app)
    assert (h.held_on, h.held_late) == (D(2026, 11, 6), True)
    assert app.steps.get(step="hold_hearing").data["overdue"] is True
    # 10-09 .. 11-06: 2 + 5 + 5 + 5 + 5 = 22 working days not counted; 10-27 + 22 -> 11-26.
    assert (app.suspended_days, app.decision_due) == (22, D(2026, 11, 26))
