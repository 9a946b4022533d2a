"""Certificate status rules: who may change it, which moves are allowed, the expiry sweep."""

import datetime as dt

import pytest
import time_machine

from yifa.audit.models import AuditEvent
from yifa.lib.errors import ActionError, Forbidden
from yifa.registry.actions import change_officer_status, expire_certificates
from yifa.registry.models import Officer

pytestmark = pytest.mark.django_db


def test_revoked_never_comes_back(officer_record_a, supervisor):
    change_officer_status(officer_record_a, "revoked", "调离执法岗位", acting_user=supervisor)
    with pytest.raises(ActionError, match="不能由"):
        change_officer_status(officer_record_a, "active", "恢复", acting_user=supervisor)
    officer_record_a.refresh_from_db()
    assert officer_record_a.status == "revoked"
    assert officer_record_a.status_history.count() == 1


def test_reason_required_and_agency_head_refused(officer_record_a, supervisor, head_a):
    with pytest.raises(ActionError, match="原因"):
        change_officer_status(officer_record_a, "suspended", "  ", acting_user=supervisor)
    with pytest.raises(Forbidden):
        change_officer_status(officer_record_a, "suspended", "考试未通过", acting_user=head_a)
    officer_record_a.refresh_from_db()
    assert officer_record_a.status == "active"
    assert not AuditEvent.objects.exists()


def test_supervisor_of_another_county_is_refused(officer_record_a, other_county):
    from tests.conftest import make_user

    outsider = make_user("sup_other", "supervisor", region=other_county)
    with pytest.raises(Forbidden):
        change_officer_status(officer_record_a, "suspended", "x", acting_user=outsider)


@time_machine.travel(dt.datetime(2029, 1, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_expiry_sweep_is_idempotent(officer_record_a, officer_record_b):
    Officer.objects.filter(pk=officer_record_b.pk).update(valid_until=dt.date(2030, 1, 1))
    assert expire_certificates(dt.date(2029, 1, 2)) == 1
    assert expire_certificates(dt.date(2029, 1, 2)) == 0
    officer_record_a.refresh_from_db()
    assert officer_record_a.status == "expired"
    assert not officer_record_a.may_act_on(dt.date(2029, 1, 2))
    assert AuditEvent.objects.filter(action="officer.status").count() == 1


def test_may_act_only_within_validity(officer_record_a):
    assert officer_record_a.may_act_on(dt.date(2026, 11, 25))
    assert not officer_record_a.may_act_on(dt.date(2023, 12, 31))


def test_training_hours_are_credited_and_audited(officer_record_a, head_a, officer_a):
    from decimal import Decimal

    from yifa.registry.actions import add_training

    add_training(officer_record_a, course="行政处罚法专题", hours=Decimal("8"), completed_on=dt.date(2026, 5, 1),
                 acting_user=head_a)
    with pytest.raises(ActionError):
        add_training(officer_record_a, course="x", hours=Decimal("0"), completed_on=dt.date(2026, 5, 1),
                     acting_user=head_a)
    with pytest.raises(Forbidden):
        add_training(officer_record_a, course="x", hours=Decimal("2"), completed_on=dt.date(2026, 5, 1),
                     acting_user=officer_a)
    assert [t.hours for t in officer_record_a.training.filter(year=2026)] == [Decimal("8.0")]
    assert AuditEvent.objects.filter(action="trainingrecord.create").count() == 1
