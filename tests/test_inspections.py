"""Inspection records, and a suspected violation registered as a case without re-entry."""

import datetime as dt

import pytest

from yifa.audit.models import AuditEvent
from yifa.cases.models import Case
from yifa.inspections.actions import access_inspection, record_inspection, register_case_from
from yifa.lib.errors import ActionError, NotFound

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def inspection(agency_a, penalty_power, crew_a, officer_a):
    return record_inspection(
        agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 29), officers=[crew_a["lead"], crew_a["colleague"]],
        party_name="浦江县某某食品店", place="浦江县浦阳街道某某路1号", findings="店内销售的酸奶已超过保质期。",
        result="suspected", acting_user=officer_a,
    )


def test_suspected_violation_becomes_a_linked_case(inspection, penalty_power, officer_a):
    case = register_case_from(inspection, power=penalty_power, acting_user=officer_a, party_kind="organisation",
                              party_address="浦江县浦阳街道某某路1号", act_ended_on=D(2026, 9, 29))
    inspection.refresh_from_db()
    assert inspection.case == case
    assert case.source == "inspection"
    assert case.party_name == "浦江县某某食品店"
    assert "超过保质期" in case.source_detail
    before = (Case.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ActionError):
        register_case_from(inspection, power=penalty_power, acting_user=officer_a, party_kind="organisation",
                           party_address="x", act_ended_on=D(2026, 9, 29))
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_two_certified_officers_and_outsiders(agency_a, penalty_power, crew_a, officer_a, officer_b, inspection):
    with pytest.raises(ActionError, match="第四十二条"):
        record_inspection(agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 29), officers=[crew_a["lead"]],
                          party_name="x", place="y", findings="z", result="compliant", acting_user=officer_a)
    with pytest.raises(NotFound):
        access_inspection(inspection.pk, officer_b)
    with pytest.raises(NotFound):
        register_case_from(inspection, power=penalty_power, acting_user=officer_b, party_kind="organisation",
                           party_address="x", act_ended_on=D(2026, 9, 29))
    assert access_inspection(inspection.pk, officer_a) == inspection
