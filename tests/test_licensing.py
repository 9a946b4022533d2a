"""Licensing workflow (行政许可法): every gate refuses with its article and changes nothing;
deadlines in working days across the 2026 National Day holidays (Oct 1–7 off, Sat Oct 10 worked).

Hand-counted 2026 dates used below (the start day is not counted):
- received Tue 09-29 + 5 working days: 09-30, 10-08, 10-09, 10-10 (Sat, make-up), 10-12 -> 10-12
- accepted Wed 09-30 + 20 working days: 10-08, 09, 10, 12..16, 19..23, 26..30, 11-02, 11-03 -> 11-03
- received/deemed accepted 09-29 + 20: 09-30 is day 1, ... -> 11-02
- 11-03 + 10 working days (extension): 11-04..06, 09..13, 16, 17 -> 11-17
- decided Fri 10-09 + 10 working days (certificate): 10-10, 12..16, 19..22 -> 10-22
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.helpers import assert_unchanged
from yifa.audit.models import AuditEvent
from yifa.lib.errors import ActionError, Forbidden, NotFound
from yifa.licensing import actions
from yifa.licensing.models import Licence, LicenceApplication, LicenceStep

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2026, 9, 29)
ACCEPTED = D(2026, 9, 30)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def on(day: dt.date, hour: int = 10) -> Iterator[None]:
    with time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=False):
        yield


def valid_uscc() -> str:
    from yifa.lib.idcodes import uscc_check_char

    first17 = "91330726MA2B3C4D5"
    return first17 + uscc_check_char(first17)


def make_power(agency: Any, code: str, category: str = "licensing") -> Any:
    from yifa.law.models import PowerItem

    procedure = "licensing" if category == "licensing" else "penalty_ordinary"
    return PowerItem.objects.create(code=code, name=f"{code} 食品经营许可", category=category, agency=agency,
                                    procedure=procedure)


@pytest.fixture
def power_a(agency_a):
    return make_power(agency_a, "XK-A-001")


@pytest.fixture
def head_b(agency_b):
    from tests.conftest import make_user

    return make_user("head_b", "agency_head", agency=agency_b)


def receive(power: Any, user: Any, day: dt.date = RECEIVED, **extra: Any) -> LicenceApplication:
    data = {"applicant_kind": "organisation", "applicant_name": "浦江县好味道餐饮有限公司",
            "applicant_code": valid_uscc(), "materials": ["申请书", "营业执照"]} | extra
    with on(day):
        return actions.receive_application(power=power, received_on=day, acting_user=user, **data)


def accepted(power: Any, user: Any, day: dt.date = ACCEPTED) -> LicenceApplication:
    app = receive(power, user, day)
    with on(day):
        return actions.accept(app, accepted_on=day, acting_user=user)




def refused(app: LicenceApplication, call: Any, *, rule: str | None, match: str,
            error: type[ActionError] = ActionError) -> ActionError:
    with assert_unchanged():
        with pytest.raises(error, match=match) as info:
            call()
        assert info.value.rule == rule
        assert info.value.zh
        assert info.value.en
        assert info.value.zh != info.value.en
    return info.value


# ----- deadlines across the holidays ---------------------------------------------------------------

def test_receive_stores_completeness_deadline_across_national_day(power_a, officer_a):
    app = receive(power_a, officer_a)
    assert app.received_on == D(2026, 9, 29)
    assert app.status == "received"
    assert app.completeness_due == D(2026, 10, 12)
    assert app.completeness_rule == "ALL_COMPLETENESS"
    assert app.completeness_calendar.startswith("2004-2026@v")
    step = app.steps.get()
    assert step.step == "receive"
    assert step.actor == officer_a
    assert step.data["completeness_due"] == "2026-10-12"
    assert AuditEvent.objects.filter(action="licence_application.receive", object_id=str(app.pk)).count() == 1


def test_accept_sets_decision_deadline_twenty_working_days(power_a, officer_a):
    app = accepted(power_a, officer_a, D(2026, 9, 30))
    assert app.status == "accepted"
    assert app.accepted_on == D(2026, 9, 30)
    assert not app.deemed_accepted
    # 17 working days after 09-30 is 10-29; the 20th is 11-03 (see the module docstring).
    assert app.decision_due == D(2026, 11, 3)
    assert app.decision_rule == "ALL_DECISION"
    assert LicenceApplication.objects.filter(decision_due=D(2026, 11, 3)).count() == 1


def test_grant_then_certificate_deadline_and_licence(power_a, officer_a):
    app = accepted(power_a, officer_a, D(2026, 9, 30))
    with on(D(2026, 10, 9)):
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a)
    assert app.status == "decided"
    assert app.outcome == "granted"
    assert not app.decided_late
    assert app.certificate_due == D(2026, 10, 22)
    assert app.certificate_rule == "ALL_CERTIFICATE"
    with on(D(2026, 10, 22)):
        licence = actions.issue_licence(app, number="JY13307260001", valid_to=D(2031, 10, 21),
                                        issued_on=D(2026, 10, 22), acting_user=officer_a)
    assert licence.valid_from == D(2026, 10, 22)
    assert licence.holder_name == app.applicant_name
    # Art. 50: 30 calendar days before expiry (a date, not an agency working period).
    assert licence.renewal_due == D(2031, 9, 21)
    app.refresh_from_db()
    assert app.status == "issued"
    assert list(app.steps.values_list("step", flat=True)) == ["receive", "accept", "decide", "issue_licence"]
    assert app.steps.get(step="issue_licence").data["overdue"] is False
    assert AuditEvent.objects.filter(action="licence.create", object_id=str(licence.pk)).exists()


# ----- completeness (art. 32) ---------------------------------------------------------------------

def test_correction_lists_everything_and_restarts_on_resubmission(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 10, 12)):  # the last day of the period
        app = actions.request_correction(app, ["食品安全管理制度", " 平面布局图 ", "食品安全管理制度"],
                                         notified_on=D(2026, 10, 12), acting_user=officer_a)
    assert app.status == "correction_requested"
    assert app.missing_items == ["食品安全管理制度", "平面布局图"]
    assert app.steps.get(step="request_correction").data["missing_items"] == app.missing_items
    with on(D(2026, 10, 16)):
        app = actions.receive_correction(app, materials=["平面布局图"], received_on=D(2026, 10, 16), acting_user=officer_a)
    assert app.status == "received"
    assert app.received_on == D(2026, 10, 16)
    assert app.completeness_due == D(2026, 10, 23)  # 19, 20, 21, 22, 23
    assert "平面布局图" in app.materials


def test_second_notice_cannot_add_items_not_told_the_first_time(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        app = actions.request_correction(app, ["平面布局图", "健康证明"], notified_on=D(2026, 9, 30), acting_user=officer_a)
    with on(D(2026, 10, 8)):
        app = actions.receive_correction(app, received_on=D(2026, 10, 8), acting_user=officer_a)
    with on(D(2026, 10, 9)):
        err = refused(app, lambda: actions.request_correction(app, ["健康证明", "消毒设施清单"],
                                                              notified_on=D(2026, 10, 9), acting_user=officer_a),
                      rule="行政许可法第三十二条", match="一次告知")
        assert "消毒设施清单" in err.zh
        # Still missing from the first notice: allowed.
        app = actions.request_correction(app, ["健康证明"], notified_on=D(2026, 10, 9), acting_user=officer_a)
    assert app.missing_items == ["健康证明"]


def test_correction_after_the_five_days_is_refused(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 10, 13)):
        err = refused(app, lambda: actions.request_correction(app, ["平面布局图"],
                                                              notified_on=D(2026, 10, 13), acting_user=officer_a),
                      rule="行政许可法第三十二条", match="即为受理")
    assert "2026年10月12日" in err.zh


def test_correction_must_list_something(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        refused(app, lambda: actions.request_correction(app, ["  "], notified_on=D(2026, 9, 30), acting_user=officer_a),
                rule="行政许可法第三十二条", match="一次列明")


def test_late_explicit_acceptance_dates_back_to_receipt(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 10, 20)):
        app = actions.accept(app, accepted_on=D(2026, 10, 20), acting_user=officer_a)
    assert app.accepted_on == D(2026, 9, 29)
    assert app.deemed_accepted
    assert app.decision_due == D(2026, 11, 2)


def test_deemed_acceptance_sweep_is_idempotent(power_a, officer_a):
    app = receive(power_a, officer_a)
    on_time = receive(power_a, officer_a, D(2026, 10, 9))  # due 10-16: not yet overdue
    with on(D(2026, 10, 12)):
        assert actions.deem_accepted_if_overdue(D(2026, 10, 12)) == 0  # the last day is still in time
    with on(D(2026, 10, 13)):
        assert actions.deem_accepted_if_overdue(D(2026, 10, 13)) == 1
        events, steps = AuditEvent.objects.count(), LicenceStep.objects.count()
        assert actions.deem_accepted_if_overdue(D(2026, 10, 13)) == 0
        assert (AuditEvent.objects.count(), LicenceStep.objects.count()) == (events, steps)
    app.refresh_from_db()
    on_time.refresh_from_db()
    assert app.status == "accepted"
    assert app.deemed_accepted
    assert app.accepted_on == D(2026, 9, 29)
    assert app.decision_due == D(2026, 11, 2)
    assert app.decision_rule == "ALL_DECISION"
    step = app.steps.get(step="deemed_accepted")
    assert step.actor is None
    assert "第三十二条" in step.note
    assert on_time.status == "received"


def test_sweep_skips_applications_with_a_correction_notice(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        actions.request_correction(app, ["平面布局图"], notified_on=D(2026, 9, 30), acting_user=officer_a)
    assert actions.deem_accepted_if_overdue(D(2026, 10, 20)) == 0
    app.refresh_from_db()
    assert app.status == "correction_requested"


# ----- extension (art. 42) -------------------------------------------------------------------------

def test_head_extends_once_by_ten_working_days(power_a, officer_a, head_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 11, 2)):
        app = actions.extend_review(app, "需现场核查经营场所", on_date=D(2026, 11, 2), acting_user=head_a)
    assert app.decision_due == D(2026, 11, 17)
    assert app.extended
    assert app.extension_approver == head_a
    assert app.decision_rule == "ALL_DECISION+ALL_DECISION_EXTENSION"
    with on(D(2026, 11, 3)):
        refused(app, lambda: actions.extend_review(app, "再次延长", on_date=D(2026, 11, 3), acting_user=head_a),
                rule="行政许可法第四十二条", match="只能延长一次")


def test_extension_by_a_non_head_is_refused(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 20)):
        refused(app, lambda: actions.extend_review(app, "材料复杂", on_date=D(2026, 10, 20), acting_user=officer_a),
                rule="行政许可法第四十二条", match="负责人批准", error=Forbidden)


def test_extension_by_another_agencys_head_is_not_found(power_a, officer_a, head_b):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 20)):
        refused(app, lambda: actions.extend_review(app, "材料复杂", on_date=D(2026, 10, 20), acting_user=head_b), rule=None,
                match="记录不存在", error=NotFound)


def test_extension_needs_reasons_and_time_left(power_a, officer_a, head_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 20)):
        refused(app, lambda: actions.extend_review(app, "  ", on_date=D(2026, 10, 20), acting_user=head_a),
                rule="行政许可法第四十二条", match="理由")
    with on(D(2026, 11, 4)):
        refused(app, lambda: actions.extend_review(app, "材料复杂", on_date=D(2026, 11, 4), acting_user=head_a),
                rule="行政许可法第四十二条", match="已于2026年11月03日届满")


# ----- time not counted (art. 45) --------------------------------------------------------------------

def test_expert_review_is_excluded_from_the_count(power_a, officer_a):
    app = accepted(power_a, officer_a)  # due 11-03
    with on(D(2026, 10, 12)):
        app = actions.suspend_for(app, "expert", applicant_notified_on=D(2026, 10, 12), reason="组织专家评审",
                                  start=D(2026, 10, 12), acting_user=officer_a)
    assert app.status == "suspended"
    assert app.decision_due == D(2026, 11, 3)
    with on(D(2026, 10, 16)):
        app = actions.resume(app, end=D(2026, 10, 16), acting_user=officer_a)
    # 10-12..10-16: 5 working days not counted -> 11-04, 05, 06, 09, 10.
    assert app.decision_due == D(2026, 11, 10)
    assert app.suspended_days == 5
    assert app.status == "accepted"
    suspension = app.suspensions.get()
    assert (suspension.start, suspension.end, suspension.working_days) == (D(2026, 10, 12), D(2026, 10, 16), 5)
    assert app.steps.get(step="resume").data["excluded_working_days"] == 5
    # A second one over a weekend: Fri 10-16 is taken, so start Mon 10-19 .. Tue 10-20 = 2 days.
    with on(D(2026, 10, 16)):
        refused(app, lambda: actions.suspend_for(app, "testing", applicant_notified_on=D(2026, 10, 16),
                                                 start=D(2026, 10, 16), acting_user=officer_a),
                rule="行政许可法第四十五条", match="次日")
    with on(D(2026, 10, 19)):
        app = actions.suspend_for(app, "testing", applicant_notified_on=D(2026, 10, 19), start=D(2026, 10, 19),
                                  acting_user=officer_a)
    with on(D(2026, 10, 20)):
        app = actions.resume(app, end=D(2026, 10, 20), acting_user=officer_a)
    assert app.decision_due == D(2026, 11, 12)
    assert app.suspended_days == 7


def test_suspension_over_the_holidays_counts_only_working_days(power_a, officer_a):
    app = accepted(power_a, officer_a, D(2026, 9, 28))  # due: 9-29, 9-30, 10-08 ... -> 10-30
    assert app.decision_due == D(2026, 10, 30)
    with on(D(2026, 9, 30)):
        app = actions.suspend_for(app, "hearing", applicant_notified_on=D(2026, 9, 30), start=D(2026, 9, 30),
                                  acting_user=officer_a)
    with on(D(2026, 10, 9)):
        app = actions.resume(app, end=D(2026, 10, 9), acting_user=officer_a)
    # 9-30, 10-08, 10-09 are the only working days from 9-30 to 10-09.
    assert app.suspended_days == 3
    assert app.decision_due == D(2026, 11, 4)


def test_suspension_needs_the_applicant_told(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 12)):
        refused(app, lambda: actions.suspend_for(app, "hearing", applicant_notified_on=None,
                                                 start=D(2026, 10, 12), acting_user=officer_a),
                rule="行政许可法第四十五条", match="书面告知")
        refused(app, lambda: actions.suspend_for(app, "hearing", applicant_notified_on=D(2026, 10, 13),
                                                 start=D(2026, 10, 12), acting_user=officer_a),
                rule="行政许可法第四十五条", match="书面告知")
        refused(app, lambda: actions.suspend_for(app, "lunch", applicant_notified_on=D(2026, 10, 12),
                                                 start=D(2026, 10, 12), acting_user=officer_a), rule=None, match="事由")


def test_no_decision_while_suspended(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 12)):
        app = actions.suspend_for(app, "testing", applicant_notified_on=D(2026, 10, 12), start=D(2026, 10, 12),
                                  acting_user=officer_a)
        refused(app, lambda: actions.decide(app, "granted", decided_on=D(2026, 10, 12), acting_user=officer_a),
                rule="行政许可法第四十五条", match="恢复计算期限")


# ----- decision (art. 38, 42) and certificate (art. 44) -----------------------------------------------

def test_refusal_needs_reasons(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 20)):
        refused(app, lambda: actions.decide(app, "refused", reasons=" ",
                                            decided_on=D(2026, 10, 20), acting_user=officer_a),
                rule="行政许可法第三十八条", match="说明理由")
        app = actions.decide(app, "refused", reasons="经营场所与住宅未有效隔离", decided_on=D(2026, 10, 20), acting_user=officer_a)
    assert app.outcome == "refused"
    assert app.certificate_due is None
    with on(D(2026, 10, 21)):
        refused(app, lambda: actions.issue_licence(app, number="JY1", valid_to=D(2031, 1, 1),
                                                   issued_on=D(2026, 10, 21), acting_user=officer_a),
                rule="行政许可法第四十四条", match="不能颁发")


def test_late_decision_is_made_and_flagged(power_a, officer_a):
    app = accepted(power_a, officer_a)  # due 11-03
    with on(D(2026, 11, 5)):
        app = actions.decide(app, "granted", decided_on=D(2026, 11, 5), acting_user=officer_a)
    assert app.decided_late
    assert app.certificate_due == D(2026, 11, 19)
    data = app.steps.get(step="decide").data
    assert data["overdue"] is True
    assert data["overdue_working_days"] == 2
    assert data["decision_due"] == "2026-11-03"


def test_cannot_decide_before_acceptance_or_twice(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        refused(app, lambda: actions.decide(app, "granted", decided_on=D(2026, 9, 30), acting_user=officer_a),
                rule="行政许可法第四十二条", match="不能作出许可决定")
        app = actions.accept(app, accepted_on=D(2026, 9, 30), acting_user=officer_a)
        app = actions.decide(app, "granted", decided_on=D(2026, 9, 30), acting_user=officer_a)
        refused(app, lambda: actions.decide(app, "refused", reasons="x",
                                            decided_on=D(2026, 9, 30), acting_user=officer_a),
                rule="行政许可法第四十二条", match="已作出决定")


def test_licence_number_is_unique_per_agency(power_a, officer_a, officer_b, agency_b):
    first = accepted(power_a, officer_a)
    second = accepted(power_a, officer_a)
    with on(D(2026, 10, 9)):
        first = actions.decide(first, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a)
        second = actions.decide(second, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a)
        actions.issue_licence(first, number="JY001", valid_to=D(2031, 10, 8),
                              issued_on=D(2026, 10, 9), acting_user=officer_a)
        refused(second, lambda: actions.issue_licence(second, number="JY001", valid_to=D(2031, 10, 8),
                                                      issued_on=D(2026, 10, 9), acting_user=officer_a),
                rule=None, match="已在本机关使用")
    # The same number in another agency is fine.
    other = accepted(make_power(agency_b, "XK-B-001"), officer_b)
    with on(D(2026, 10, 9)):
        other = actions.decide(other, "granted", decided_on=D(2026, 10, 9), acting_user=officer_b)
        licence = actions.issue_licence(other, number="JY001", valid_to=D(2031, 10, 8),
                                        issued_on=D(2026, 10, 9), acting_user=officer_b)
    assert licence.agency_id == agency_b.pk


def test_late_certificate_is_issued_and_flagged(power_a, officer_a):
    app = accepted(power_a, officer_a)
    with on(D(2026, 10, 9)):
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a)
    with on(D(2026, 10, 23)):
        actions.issue_licence(app, number="JY002", valid_to=D(2031, 10, 22),
                              issued_on=D(2026, 10, 23), acting_user=officer_a)
    assert LicenceStep.objects.get(application=app, step="issue_licence").data["overdue"] is True


# ----- renewal (art. 50) -------------------------------------------------------------------------------

def _issued(power: Any, user: Any, valid_to: dt.date) -> Licence:
    app = accepted(power, user)
    with on(D(2026, 10, 9)):
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=user)
        return actions.issue_licence(app, number="JY100", valid_to=valid_to, issued_on=D(2026, 10, 9), acting_user=user)


def test_renewal_too_late_is_refused(power_a, officer_a):
    licence = _issued(power_a, officer_a, D(2027, 12, 31))
    assert licence.renewal_due == D(2027, 12, 1)
    before = (LicenceApplication.objects.count(), AuditEvent.objects.count())
    with on(D(2027, 12, 2)), pytest.raises(ActionError, match="30日前") as info:
        actions.apply_renewal(licence, received_on=D(2027, 12, 2), acting_user=officer_a)
    assert info.value.rule == "行政许可法第五十条"
    assert (LicenceApplication.objects.count(), AuditEvent.objects.count()) == before


def test_renewal_on_the_last_day_opens_a_renewal_application(power_a, officer_a):
    licence = _issued(power_a, officer_a, D(2027, 12, 31))
    with on(D(2027, 12, 1)):
        app = actions.apply_renewal(licence, materials=["延续申请书"], received_on=D(2027, 12, 1), acting_user=officer_a)
        with pytest.raises(ActionError, match="正在办理"):
            actions.apply_renewal(licence, received_on=D(2027, 12, 1), acting_user=officer_a)
    assert app.kind == "renewal"
    assert app.renewal_of == licence
    assert app.status == "received"
    assert app.applicant_name == licence.holder_name
    assert app.completeness_due == D(2027, 12, 8)


# ----- who may act -------------------------------------------------------------------------------------

def test_outsiders_get_not_found_and_supervisor_is_refused(power_a, officer_a, officer_b, supervisor, citizen):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        for user in (officer_b, citizen, None):
            refused(app, lambda u=user: actions.accept(app,
                                                       accepted_on=D(2026, 9, 30), acting_user=u),
                    rule=None, match="记录不存在",
                    error=NotFound)
        refused(app, lambda: actions.accept(app, accepted_on=D(2026, 9, 30), acting_user=supervisor), rule=None,
                match="只有本机关的工作人员", error=Forbidden)
    from yifa.licensing.access import applications_for

    assert list(applications_for(supervisor)) == [app]
    assert not applications_for(officer_b).exists()


def test_receive_guards(power_a, officer_a, officer_b, agency_a):
    penalty = make_power(agency_a, "CF-A-001", category="penalty")
    count = (LicenceApplication.objects.count(), AuditEvent.objects.count())
    with on(D(2026, 9, 29)):
        with pytest.raises(ActionError, match="不是行政许可事项") as info:
            actions.receive_application(power=penalty, applicant_kind="individual", applicant_name="张三",
                                        received_on=D(2026, 9, 29), acting_user=officer_a)
        assert info.value.rule == "行政许可法第二条"
        with pytest.raises(NotFound):
            actions.receive_application(power=power_a, applicant_kind="individual", applicant_name="张三",
                                        received_on=D(2026, 9, 29), acting_user=officer_b)
        with pytest.raises(ActionError, match="校验码"):
            actions.receive_application(power=power_a, applicant_kind="individual", applicant_name="张三",
                                        applicant_code="330726198001010012",
                                        received_on=D(2026, 9, 29), acting_user=officer_a)
        with pytest.raises(ActionError, match="申请人名称"):
            actions.receive_application(power=power_a, applicant_kind="organisation", applicant_name=" ",
                                        received_on=D(2026, 9, 29), acting_user=officer_a)
    assert (LicenceApplication.objects.count(), AuditEvent.objects.count()) == count


# ----- the workflow core: dates from the inputs, versions ------------------------------------------

def test_steps_are_dated_by_their_inputs_not_the_server_day(power_a, officer_a):
    """Entered late (the server's day is 11-20), every step keeps the day the law dates it by."""
    with on(D(2026, 11, 20)):
        app = actions.receive_application(power=power_a, received_on=RECEIVED, acting_user=officer_a,
                                          applicant_kind="organisation", applicant_name="浦江县好味道餐饮有限公司")
        app = actions.accept(app, accepted_on=ACCEPTED, acting_user=officer_a)
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=officer_a)
        licence = actions.issue_licence(app, number="JY9", issued_on=D(2026, 10, 22), valid_to=D(2031, 10, 21),
                                        acting_user=officer_a)
    assert (app.received_on, app.completeness_due) == (RECEIVED, D(2026, 10, 12))
    assert (app.accepted_on, app.decision_due, app.decided_on) == (ACCEPTED, D(2026, 11, 3), D(2026, 10, 9))
    assert not app.decided_late
    assert app.certificate_due == D(2026, 10, 22)
    assert (licence.issued_on, licence.valid_from) == (D(2026, 10, 22), D(2026, 10, 22))
    assert list(app.steps.values_list("step", "on_date")) == [
        ("receive", RECEIVED), ("accept", ACCEPTED), ("decide", D(2026, 10, 9)), ("issue_licence", D(2026, 10, 22))]
    assert LicenceStep.objects.get(step="issue_licence").data["overdue"] is False


def test_a_step_dated_before_the_previous_one_is_refused(power_a, officer_a):
    app = accepted(power_a, officer_a)  # accepted 09-30
    with on(D(2026, 10, 20)):
        refused(app, lambda: actions.decide(app, "granted", decided_on=D(2026, 9, 29), acting_user=officer_a),
                rule=None, match="不能早于上一环节")


def test_a_future_receipt_is_refused(power_a, officer_a):
    with on(RECEIVED), pytest.raises(ActionError, match="不能晚于今日"):
        actions.receive_application(power=power_a, received_on=D(2026, 9, 30), applicant_kind="organisation",
                                    applicant_name="浦江县好味道餐饮有限公司", acting_user=officer_a)
    assert not LicenceApplication.objects.exists()


def test_every_step_bumps_the_version_and_a_stale_caller_is_refused(power_a, officer_a):
    app = receive(power_a, officer_a)
    assert app.version == 0
    stale = LicenceApplication.objects.get(pk=app.pk)
    with on(D(2026, 9, 30)):
        app = actions.request_correction(app, ["平面布局图"], notified_on=D(2026, 9, 30), acting_user=officer_a)
        assert app.version == 1
        refused(app, lambda: actions.accept(stale, accepted_on=D(2026, 9, 30), acting_user=officer_a), rule=None,
                match="已被他人更新")


def test_the_deemed_acceptance_sweep_bumps_the_version(power_a, officer_a):
    app = receive(power_a, officer_a)
    assert actions.deem_accepted_if_overdue(D(2026, 10, 13)) == 1
    assert LicenceApplication.objects.get(pk=app.pk).version == 1
    with on(D(2026, 10, 13)):  # a page showing the application as received is refused
        refused(app, lambda: actions.accept(app, accepted_on=D(2026, 10, 13), acting_user=officer_a), rule=None,
                match="已被他人更新")


def test_status_refusals_cite_the_steps_article(power_a, officer_a):
    app = receive(power_a, officer_a)
    with on(D(2026, 9, 30)):
        err = refused(app, lambda: actions.resume(app, end=D(2026, 9, 30), acting_user=officer_a),
                      rule="行政许可法第四十五条", match="不能恢复计算期限")
    assert "已收到申请" in err.zh
