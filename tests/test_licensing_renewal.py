"""Renewal (行政许可法 art. 50) and joint handling (art. 42(2)), rules as data.

Hand-counted 2026 working days (10-01..07 off, Sat 10-10 worked; the start day not counted):
- joint handling accepted Wed 09-30 + 45: 20 working days reach 11-03 (tests/test_licensing.py),
  then 11-04..06, 09..13, 16..20, 23..27, 30, 12-01..04 (25 more), 12-07, 12-08 -> 12-08
- + 15 with approval: 12-09..11, 14..18, 21..25, 28, 29 -> 12-29
- renewal: a licence to 2026-12-31 must be applied for 30 calendar days before: 12-01
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import client_for
from tests.helpers import assert_unchanged
from tests.test_licensing import make_power, on, receive, refused
from yifa.audit.models import AuditEvent
from yifa.licensing import actions
from yifa.licensing.models import Licence, LicenceApplication, LicenceExtension
from yifa.workcal.models import DeadlineRule

pytestmark = pytest.mark.django_db
D = dt.date
ART_42_2, ART_50 = "行政许可法第四十二条第二款", "行政许可法第五十条"
EXPIRY = D(2026, 12, 31)


@pytest.fixture
def power_a(agency_a):
    return make_power(agency_a, "XK-A-050")


# ----- joint handling (art. 42(2)) -----------------------------------------------------------------

def test_the_rules_ship_as_data_with_their_citation():
    rows = {r.code: r for r in DeadlineRule.objects.filter(code__in=[
        "ALL_JOINT_DECISION", "ALL_JOINT_EXTENSION", "ALL_HEARING_NOTICE", "ALL_RENEWAL_LEAD"])}
    assert {c: (r.count, r.unit) for c, r in rows.items()} == {
        "ALL_JOINT_DECISION": (45, "working"), "ALL_JOINT_EXTENSION": (15, "working"),
        "ALL_HEARING_NOTICE": (7, "working"), "ALL_RENEWAL_LEAD": (30, "calendar")}
    assert "第四十二条第二款" in rows["ALL_JOINT_DECISION"].citation
    assert "第五十条" in rows["ALL_RENEWAL_LEAD"].citation


def test_joint_handling_has_45_working_days_and_15_more_with_the_governments_approval(power_a, officer_a, head_a):
    app = receive(power_a, officer_a, D(2026, 9, 29), handling="joint")
    with on(D(2026, 9, 30)):
        app = actions.accept(app, accepted_on=D(2026, 9, 30), acting_user=officer_a)
    assert (app.decision_due, app.decision_rule) == (D(2026, 12, 8), "ALL_JOINT_DECISION")
    with on(D(2026, 12, 1)):
        refused(app, lambda: actions.extend_review(app, "需三部门会审", on_date=D(2026, 12, 1), acting_user=head_a),
                rule=ART_42_2, match="本级人民政府负责人")
        app = actions.extend_review(app, "需三部门会审", on_date=D(2026, 12, 1), approved_by="县长 张某",
                                    acting_user=head_a)
    assert (app.decision_due, app.decision_rule) == (D(2026, 12, 29), "ALL_JOINT_DECISION+ALL_JOINT_EXTENSION")
    assert app.steps.get(step="extend_review").data["approved_by"] == "县长 张某"


def test_an_agency_alone_keeps_twenty(power_a, officer_a):
    app = receive(power_a, officer_a, D(2026, 9, 29))
    with on(D(2026, 9, 30)):
        app = actions.accept(app, accepted_on=D(2026, 9, 30), acting_user=officer_a)
    assert (app.handling, app.decision_due, app.decision_rule) == ("single", D(2026, 11, 3), "ALL_DECISION")


def test_joint_handling_through_the_api(power_a, officer_a):
    body = {"power_id": power_a.pk, "applicant_kind": "organisation", "applicant_name": "浦江县联合餐饮有限公司",
            "received_on": "2026-09-29", "handling": "centralised"}
    with on(D(2026, 9, 29)):
        client = client_for(officer_a)
        with assert_unchanged():
            bad = client.post("/api/licensing/applications", data=json.dumps(body | {"handling": "shared"}),
                              content_type="application/json")
            assert bad.status_code in (400, 422)
        out = client.post("/api/licensing/applications", data=json.dumps(body), content_type="application/json")
    assert out.status_code == 201, out.content
    assert out.json()["handling"] == "centralised"


# ----- renewal (art. 50) ----------------------------------------------------------------------------

def issued(power: Any, user: Any, valid_to: dt.date = EXPIRY, number: str = "JY-R-1") -> Licence:
    app = receive(power, user, D(2026, 9, 29))
    with on(D(2026, 10, 9)):
        app = actions.accept(app, accepted_on=D(2026, 10, 9), acting_user=user)
        app = actions.decide(app, "granted", decided_on=D(2026, 10, 9), acting_user=user)
        return actions.issue_licence(app, number=number, valid_to=valid_to, issued_on=D(2026, 10, 9),
                                     acting_user=user)


RENEWAL_DAY = D(2026, 11, 20)


def renewal(licence: Licence, user: Any, day: dt.date = RENEWAL_DAY) -> LicenceApplication:
    with on(day):
        return actions.apply_renewal(licence, materials=["延续申请书"], received_on=day, acting_user=user)


def test_the_renewal_lead_time_is_data(power_a, officer_a):
    licence = issued(power_a, officer_a)
    assert (licence.renewal_due, licence.renewal_rule) == (D(2026, 12, 1), "ALL_RENEWAL_LEAD")
    # A local rule asking for 60 days, in force from 2026-10-01, governs licences issued after it.
    DeadlineRule.objects.create(code="ALL_RENEWAL_LEAD", name="延续申请（地方规定）", count=60, unit="calendar",
                                trigger="许可有效期届满之日", citation="某省条例第十条", effective_from=D(2026, 10, 1))
    later = issued(make_power(power_a.agency, "XK-A-051"), officer_a, D(2027, 3, 1), "JY-R-2")
    assert later.renewal_due == D(2026, 12, 31)
    with on(D(2027, 1, 4)):
        refused(later.application, lambda: actions.apply_renewal(later, received_on=D(2027, 1, 4),
                                                                  acting_user=officer_a),
                rule=ART_50, match="60日前")


def test_a_granted_renewal_extends_the_same_licence(power_a, officer_a):
    licence = issued(power_a, officer_a)
    app = renewal(licence, officer_a)
    with on(D(2026, 11, 23)):
        app = actions.accept(app, accepted_on=D(2026, 11, 23), acting_user=officer_a)
        app = actions.decide(app, "granted", decided_on=D(2026, 11, 23), acting_user=officer_a)
        refused(app, lambda: actions.issue_licence(app, issued_on=D(2026, 11, 23), valid_to=EXPIRY,
                                                   acting_user=officer_a), rule=ART_50, match="晚于原有效期")
        renewed = actions.issue_licence(app, issued_on=D(2026, 11, 23), valid_to=D(2031, 12, 31),
                                        acting_user=officer_a)
    assert renewed.pk == licence.pk
    assert Licence.objects.count() == 1
    renewed.refresh_from_db()
    assert (renewed.number, renewed.valid_to, renewed.renewal_due) == ("JY-R-1", D(2031, 12, 31), D(2031, 12, 1))
    ext = LicenceExtension.objects.get(licence=licence)
    assert (ext.previous_valid_to, ext.valid_to, ext.deemed) == (EXPIRY, D(2031, 12, 31), False)
    assert AuditEvent.objects.filter(action="licence.renew", object_id=str(licence.pk)).count() == 1


def test_a_renewal_not_decided_by_the_expiry_is_deemed_granted(power_a, officer_a):
    licence = issued(power_a, officer_a)
    app = renewal(licence, officer_a)
    with on(D(2026, 11, 23)):
        app = actions.accept(app, accepted_on=D(2026, 11, 23), acting_user=officer_a)
    with on(D(2027, 1, 1)):
        refused(app, lambda: actions.decide(app, "refused", reasons="不符合条件", decided_on=D(2027, 1, 1),
                                            acting_user=officer_a), rule=ART_50, match="视为准予延续")
        call_command("licensing_sweep", "--date", "2026-12-31")  # the expiry day itself is still in time
        assert not LicenceExtension.objects.exists()
        call_command("licensing_sweep", "--date", "2027-01-01")
        call_command("licensing_sweep", "--date", "2027-01-02")  # a second run finds nothing
    app.refresh_from_db()
    licence.refresh_from_db()
    assert (app.status, app.outcome, app.deemed_granted) == ("issued", "granted", True)
    # Another term as long as the first: 2026-10-09 .. 12-31 is 83 days.
    assert licence.valid_to == EXPIRY + dt.timedelta(days=83)
    ext = LicenceExtension.objects.get(licence=licence)
    assert (ext.deemed, ext.previous_valid_to, ext.on_date) == (True, EXPIRY, EXPIRY)
    assert "第五十条第二款" in ext.citation
    assert app.steps.filter(step="deemed_renewed").count() == 1
    with on(D(2027, 1, 2)):
        got = client_for(officer_a).get(f"/api/licensing/licences/{licence.pk}").json()
        assert got["extensions"][0]["deemed"] is True
        page = client_for(officer_a).get(f"/licensing/licences/{licence.pk}/").content.decode()
        assert 'data-testid="extensions"' in page


def test_a_decided_renewal_is_not_deemed(power_a, officer_a):
    licence = issued(power_a, officer_a)
    app = renewal(licence, officer_a)
    with on(D(2026, 11, 23)):
        app = actions.accept(app, accepted_on=D(2026, 11, 23), acting_user=officer_a)
        actions.decide(app, "refused", reasons="不符合条件", decided_on=D(2026, 11, 23), acting_user=officer_a)
    assert actions.deem_renewals_granted(D(2027, 1, 1)) == 0
    licence.refresh_from_db()
    assert licence.valid_to == EXPIRY


def test_joint_handling_through_the_receiving_page(power_a, officer_a):
    from django.urls import reverse

    form = {"power": power_a.pk, "applicant_kind": "organisation", "applicant_name": "浦江县联合餐饮有限公司",
            "received_on": "2026-09-29", "materials": "申请书", "handling": "joint"}
    with on(D(2026, 9, 29)):
        client = client_for(officer_a)
        with assert_unchanged():
            assert client.post(reverse("licensing:new"), form | {"handling": "shared"}).status_code == 400
        response = client.post(reverse("licensing:new"), form)
        assert response.status_code == 302
        app = LicenceApplication.objects.get()
        assert app.handling == "joint"
        assert 'data-testid="handling"' in client.get(reverse("licensing:detail", args=[app.pk])).content.decode()


def test_the_daily_sweep_is_scheduled_and_deems(power_a, officer_a):
    from django_q.models import Schedule

    from yifa.licensing.tasks import deem_daily

    row = Schedule.objects.get(name="licensing-deemed-daily")
    assert (row.func, row.schedule_type, row.repeats) == ("yifa.licensing.tasks.deem_daily", Schedule.DAILY, -1)
    licence = issued(power_a, officer_a)
    renewal(licence, officer_a)
    with on(D(2027, 1, 1)):
        assert deem_daily() == "deemed accepted: 1; deemed renewed: 1"
    licence.refresh_from_db()
    assert licence.valid_to > EXPIRY
