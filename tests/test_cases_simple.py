"""Simple procedure and on-the-spot collection: each gate, and the hand-over deadlines."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.helpers import assert_unchanged
from yifa.cases import simple
from yifa.lib.errors import ActionError

pytestmark = pytest.mark.django_db
D = dt.date
PARTY = {"party_kind": "individual", "party_name": "张三", "party_address": "浦江县浦阳街道某某路2号"}


def on_the_spot(agency_a, penalty_power, crew_a, officer_a, **kw):
    args = {"agency": agency_a, "power": penalty_power, "officers": [crew_a["lead"], crew_a["colleague"]],
            "decided_on": D(2026, 9, 29), "decided_types": ["fine"], "decided_fine": Decimal("50"),
            "facts": "在店门口占道经营。", "acting_user": officer_a, **PARTY}
    return simple.decide_on_the_spot(**(args | kw))


def test_small_fine_decided_and_collected_on_the_spot(agency_a, penalty_power, crew_a, officer_a, head_a):
    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a)
    assert (case.procedure, case.status, case.served_on) == ("simple", "served", D(2026, 9, 29))
    assert (case.stage_rule, case.stage_due) == ("APL_SIMPLE_FILING", D(2026, 10, 8))
    case = simple.collect_on_the_spot(case, amount=Decimal("50"), receipt_no="浙财罚0001234",
                                      collected_on=D(2026, 9, 29), acting_user=officer_a)
    # 2 working days to the agency: 09-30, (10-01..10-07 holiday), 10-08.
    assert (case.stage_rule, case.stage_due, case.paid_on) == ("APL_CASH_TO_AGENCY", D(2026, 10, 8), D(2026, 9, 29))
    case = simple.hand_over_cash(case, handed_on=D(2026, 10, 8), acting_user=officer_a)
    # then 2 more to the bank: 10-09, 10-10 (make-up Saturday).
    assert (case.stage_rule, case.stage_due) == ("APL_AGENCY_TO_BANK", D(2026, 10, 10))
    case = simple.bank_cash(case, banked_on=D(2026, 10, 12), acting_user=head_a)
    assert case.steps.get(step="bank").data["late"] is True
    case = simple.file_with_agency(case, filed_on=D(2026, 10, 12), acting_user=officer_a)
    assert case.steps.get(step="file").data["late"] is True


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"decided_fine": Decimal("201")}, "200"),
        ({"decided_types": ["fine", "confiscate_gains"]}, "第五十一条"),
        ({"decided_types": ["licence_revoke"], "decided_fine": None}, "第五十一条"),
        ({"party_kind": "organisation", "decided_fine": Decimal("3000.01")}, "3000"),
    ],
)
def test_simple_procedure_limits(kw, needle, agency_a, penalty_power, crew_a, officer_a):
    with assert_unchanged(), pytest.raises(ActionError) as err:
        on_the_spot(agency_a, penalty_power, crew_a, officer_a, **kw)
    assert needle in err.value.zh


def test_organisation_may_be_fined_up_to_3000(agency_a, penalty_power, crew_a, officer_a):
    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a, party_kind="organisation",
                       decided_fine=Decimal("3000"))
    assert case.decided_fine == Decimal("3000")


def test_two_certified_officers_needed(agency_a, penalty_power, crew_a, officer_a):
    with assert_unchanged(), pytest.raises(ActionError, match="第四十二条"):
        on_the_spot(agency_a, penalty_power, crew_a, officer_a, officers=[crew_a["lead"]])


def test_large_cash_only_when_hard_to_collect(agency_a, penalty_power, crew_a, officer_a):
    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a, decided_fine=Decimal("150"))
    with assert_unchanged(), pytest.raises(ActionError, match="第六十八条"):
        simple.collect_on_the_spot(case, amount=Decimal("150"), receipt_no="R1", collected_on=D(2026, 9, 29),
                                   acting_user=officer_a)
    case = simple.collect_on_the_spot(case, amount=Decimal("150"), receipt_no="R1", collected_on=D(2026, 9, 29),
                                      hard_to_collect="当事人系外地流动摊贩，事后难以执行", acting_user=officer_a)
    assert case.onspot.receipt_no == "R1"


def test_receipt_required_and_amount_must_match(agency_a, penalty_power, crew_a, officer_a):
    case = on_the_spot(agency_a, penalty_power, crew_a, officer_a)
    with assert_unchanged():
        with pytest.raises(ActionError, match="第七十条"):
            simple.collect_on_the_spot(case, amount=Decimal("50"), receipt_no=" ", collected_on=D(2026, 9, 29),
                                       acting_user=officer_a)
        with pytest.raises(ActionError):
            simple.collect_on_the_spot(case, amount=Decimal("40"), receipt_no="R2", collected_on=D(2026, 9, 29),
                                       acting_user=officer_a)


def test_ordinary_case_cannot_be_collected_on_the_spot(agency_a, penalty_power, crew_a, officer_a):
    from tests.conftest import CASE_FIELDS
    from yifa.cases.actions import register_case

    case = register_case(agency=agency_a, power=penalty_power, acting_user=officer_a, **CASE_FIELDS)
    with pytest.raises(ActionError):
        simple.collect_on_the_spot(case, amount=Decimal("50"), receipt_no="R3", collected_on=D(2026, 9, 29),
                                   acting_user=officer_a)


@pytest.fixture
def label_power(agency_a, penalty_power):
    """A power whose basis (食品安全法第一百二十五条第二款) has the shipped benchmark food.label_flaw:
    a fine of up to 2,000 yuan; with no harm, not corrected and no history, the band is 600–1,400."""
    from yifa.law.models import PowerItem, Provision

    law = penalty_power.penalty_provisions.get().law
    basis = Provision.objects.create(law=law, article=125, label="第一百二十五条第二款")
    power = PowerItem.objects.create(code="330726-SJ-CF-0125", name="对食品标签瑕疵拒不改正的行政处罚",
                                     category="penalty", agency=agency_a, procedure="penalty_simple",
                                     penalty_types=["warning", "fine"])
    power.penalty_provisions.set([basis])
    return power


def test_on_the_spot_fine_is_measured_against_the_benchmark_band(agency_a, label_power, crew_a, officer_a):
    from yifa.discretion.models import Assessment

    org = {"party_kind": "organisation", "party_name": "浦江县某某食品店"}
    # Outside the band (600–1,400) without written reasons: refused, nothing changed.
    with assert_unchanged(), pytest.raises(ActionError) as err:
        on_the_spot(agency_a, label_power, crew_a, officer_a, decided_fine=Decimal("2500"), **org)
    assert (err.value.field, err.value.rule) == ("outside_reasons", "行政处罚法第三十四条；国办发〔2022〕27号")
    assert "600" in err.value.zh
    # The APL 51 limit stays, reasons or not.
    with assert_unchanged(), pytest.raises(ActionError, match="3000"):
        on_the_spot(agency_a, label_power, crew_a, officer_a, decided_fine=Decimal("3500"),
                    outside_reasons="多次拒不改正。", **org)
    # Within the band: decided; the assessment is kept with the decision.
    inside = on_the_spot(agency_a, label_power, crew_a, officer_a, decided_fine=Decimal("1000"), **org)
    a = Assessment.objects.get(case=inside)
    assert (a.benchmark.code, a.tier, a.band_min, a.band_max) == ("food.label_flaw", "ordinary", 600, 1400)
    assert (a.decided, a.outside_band) == (True, False)
    assert inside.steps.get(step="decide_on_the_spot").data["discretion"]["outside_band"] is False
    # Outside with written reasons: decided and flagged for the supervisor.
    outside = on_the_spot(agency_a, label_power, crew_a, officer_a, decided_fine=Decimal("2500"),
                          outside_reasons="经两次责令改正仍拒不改正。", **org)
    flagged = Assessment.objects.get(case=outside)
    assert (flagged.outside_band, flagged.outside_reasons) == (True, "经两次责令改正仍拒不改正。")


def test_warning_on_the_spot_needs_no_band(agency_a, label_power, crew_a, officer_a):
    case = on_the_spot(agency_a, label_power, crew_a, officer_a, decided_types=["warning"], decided_fine=None)
    assert case.status == "served"
    assert not case.assessments.exists()
