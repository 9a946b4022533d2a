"""The confiscated-property register (issue 10, item 6): seizure, custody by someone other than the
handling officers, disposal with the head's approval, proceeds to the treasury, and the
reconciliation report per agency and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.conftest import client_for, make_officer, make_user
from tests.helpers import assert_unchanged
from tests.test_licensing import SHANGHAI
from yifa.fines import actions
from yifa.fines.models import Property
from yifa.fines.queries import property_report
from yifa.lib.errors import ActionError, Forbidden

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def keeper(agency_a):
    return make_officer(agency_a, "仓管员", 41)


@pytest.fixture
def finance(agency_a):
    return make_user("finance_a", "finance", agency=agency_a)


def register(officer_a, crew_a, keeper, **extra):
    fields = {"case": None, "description": "过期预包装食品", "quantity": "120箱", "seized_on": D(2026, 10, 8),
              "seized_by": crew_a["lead"], "custodian": keeper, "location": "县局罚没物品仓库"} | extra
    return actions.register_property(acting_user=officer_a, **fields)


def test_the_custodian_is_not_a_handling_officer(officer_a, crew_a, keeper):
    with assert_unchanged(), pytest.raises(ActionError, match="保管人员不得由办案人员担任"):
        register(officer_a, crew_a, keeper, custodian=crew_a["lead"])
    item = register(officer_a, crew_a, keeper)
    assert (item.status, item.custodian_id) == (Property.Status.IN_CUSTODY, keeper.pk)


def test_a_case_officer_cannot_keep_the_cases_goods(agency_a, penalty_power, crew_a, officer_a, head_a, keeper):
    from tests.ledger import served_case

    case = served_case(agency_a, penalty_power, crew_a, officer_a, head_a)
    with assert_unchanged(), pytest.raises(ActionError, match="保管"):
        register(officer_a, crew_a, keeper, case=case, seized_by=keeper, custodian=crew_a["colleague"])


def test_disposal_needs_the_head_and_auction_proceeds_go_to_the_treasury(officer_a, crew_a, keeper, head_a, finance):
    item = register(officer_a, crew_a, keeper)
    with assert_unchanged():
        with pytest.raises(Forbidden, match="负责人批准"):
            actions.dispose_property(item, disposal="auction", disposed_on=D(2026, 11, 2), proceeds=Decimal(800),
                                     acting_user=finance)
        with pytest.raises(ActionError, match="变价收入"):
            actions.dispose_property(item, disposal="auction", disposed_on=D(2026, 11, 2), proceeds=None,
                                     acting_user=head_a)
        with pytest.raises(ActionError, match="没有变价收入"):
            actions.dispose_property(item, disposal="destruction", disposed_on=D(2026, 11, 2), proceeds=Decimal(5),
                                     acting_user=head_a)
    item = actions.dispose_property(item, disposal="auction", disposed_on=D(2026, 11, 2), proceeds=Decimal(800),
                                    acting_user=head_a)
    assert item.status == Property.Status.DISPOSED
    with assert_unchanged(), pytest.raises(ActionError, match="缴库凭证号"):
        actions.remit_proceeds(item, remitted_on=D(2026, 11, 5), treasury_ref=" ", acting_user=finance)
    item = actions.remit_proceeds(item, remitted_on=D(2026, 11, 5), treasury_ref="GK2026-0001", acting_user=finance)
    assert (item.status, item.treasury_ref) == (Property.Status.REMITTED, "GK2026-0001")


def test_reconciliation_report_per_agency_and_period(officer_a, crew_a, keeper, head_a, finance, supervisor,
                                                     agency_b, officer_b):
    sold = register(officer_a, crew_a, keeper)
    burnt = register(officer_a, crew_a, keeper, description="假冒卷烟")
    register(officer_a, crew_a, keeper, description="无证药品", seized_on=D(2026, 11, 20))
    register(officer_a, crew_a, keeper, description="去年的物品", seized_on=D(2025, 6, 1))
    actions.dispose_property(sold, disposal="auction", disposed_on=D(2026, 11, 2), proceeds=Decimal(800), acting_user=head_a)
    actions.dispose_property(burnt, disposal="destruction", disposed_on=D(2026, 11, 3), proceeds=None, acting_user=head_a)
    b_keeper, b_officer = make_officer(agency_b, "乙仓管", 51), make_officer(agency_b, "乙执法", 52)
    actions.register_property(case=None, description="乙局物品", quantity="1件", seized_on=D(2026, 10, 1),
                              seized_by=b_officer, custodian=b_keeper, location="乙局仓库", acting_user=officer_b)
    [row_a] = property_report(head_a, D(2026, 10, 1), D(2026, 11, 30))
    assert {k: row_a[k] for k in ("seized", "in_custody", "auctioned", "destroyed", "proceeds", "remitted", "unremitted")} == {
        "seized": 3, "in_custody": 1, "auctioned": 1, "destroyed": 1, "proceeds": Decimal(800),
        "remitted": Decimal(0), "unremitted": Decimal(800)}
    assert len(property_report(supervisor, D(2026, 10, 1), D(2026, 11, 30))) == 2  # the county: both agencies
    actions.remit_proceeds(sold, remitted_on=D(2026, 11, 5), treasury_ref="GK1", acting_user=finance)
    [row_a] = property_report(head_a, D(2026, 10, 1), D(2026, 11, 30))
    assert row_a["unremitted"] == Decimal(0)
    page = client_for(head_a).get("/fines/property/", {"start": "2026-10-01", "end": "2026-11-30"}).content.decode()
    assert "假冒卷烟" in page
    assert "乙局物品" not in page
