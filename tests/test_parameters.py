"""Legal parameters are dated data with citations; requirements are measured against them."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import client_for
from yifa.registry.models import Officer, TrainingRecord
from yifa.registry.requirements import reviewer_share_measure, training_measure
from yifa.workcal.models import LegalParameter
from yifa.workcal.parameters import UnknownParameter, parameter_on, parameter_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "value", "article"),
    [
        ("SIMPLE_FINE_MAX_INDIVIDUAL", "200", "第五十一条"),
        ("SIMPLE_FINE_MAX_ORGANISATION", "3000", "第五十一条"),
        ("ONSPOT_COLLECTION_MAX", "100", "第六十八条"),
        ("HEARING_FINE_INDIVIDUAL", "10000", "第六十三条"),
        ("HEARING_FINE_ORGANISATION", "100000", "第六十三条"),
        ("LATE_SURCHARGE_RATE", "3", "第七十二条"),
        ("LIMITATION_YEARS", "2", "第三十六条"),
        ("LIMITATION_YEARS_SERIOUS", "5", "第三十六条"),
        ("TRAINING_HOURS_PER_YEAR", "60", ""),
        ("LEGAL_REVIEWER_MIN_SHARE", "5", "118号"),
    ],
)
def test_shipped_parameters_and_citations(code, value, article):
    row = parameter_row(code, dt.date(2026, 11, 25))
    assert row.value == Decimal(value)
    assert article in row.citation


def test_parameters_are_effective_dated():
    old = parameter_row("HEARING_FINE_INDIVIDUAL", dt.date(2026, 1, 1))
    LegalParameter.objects.filter(pk=old.pk).update(effective_to=dt.date(2026, 12, 31))
    LegalParameter.objects.create(code="HEARING_FINE_INDIVIDUAL", name="较大数额（修订）", value=Decimal("20000"),
                                  unit="元", citation="假设的地方修订", effective_from=dt.date(2027, 1, 1))
    assert parameter_on("HEARING_FINE_INDIVIDUAL", dt.date(2026, 12, 31)) == Decimal("10000")
    assert parameter_on("HEARING_FINE_INDIVIDUAL", dt.date(2027, 1, 1)) == Decimal("20000")
    with pytest.raises(UnknownParameter):
        parameter_on("SIMPLE_FINE_MAX_INDIVIDUAL", dt.date(2021, 7, 14))


def test_training_hours_against_the_requirement(officer_record_a):
    for hours in ("40", "16"):
        TrainingRecord.objects.create(officer=officer_record_a, year=2026, course="专题培训", hours=Decimal(hours),
                                      completed_on=dt.date(2026, 6, 1))
    m = training_measure(officer_record_a, 2026)
    assert (m.actual, m.required, m.met) == (Decimal("56"), Decimal("60"), False)
    TrainingRecord.objects.create(officer=officer_record_a, year=2026, course="补训", hours=Decimal("4"),
                                  completed_on=dt.date(2026, 11, 1))
    assert training_measure(officer_record_a, 2026).met is True
    assert training_measure(officer_record_a, 2025).actual == 0


def test_reviewer_share(agency_a, officer_record_a):
    assert reviewer_share_measure(agency_a, dt.date(2026, 11, 25)).met is False
    Officer.objects.filter(pk=officer_record_a.pk).update(is_legal_reviewer=True)
    m = reviewer_share_measure(agency_a, dt.date(2026, 11, 25))
    assert (m.actual, m.required, m.met) == (Decimal("100.0"), Decimal("5"), True)


def test_parameters_api_for_staff_only(officer_a, citizen):
    body = client_for(officer_a).get("/api/registry/legal-parameters", {"code": "ONSPOT_COLLECTION_MAX"}).json()
    assert body["count"] == 1
    assert body["items"][0]["value"] == "100.00"
    assert client_for(citizen).get("/api/registry/legal-parameters").status_code == 403
