"""The demo's fines ledger and property register: the story cases' fines are paid the only way
Yifa allows (a notice, then the bank's statement), a statement with a line to follow up, and
confiscated goods from seizure to the treasury. Dates are the story's fixed dates."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from yifa.accounts.models import User
from yifa.cases.models import Case, CaseOfficer
from yifa.fines import actions
from yifa.fines.models import PaymentNotice, Property
from yifa.fines.statement import COLUMNS
from yifa.registry.models import Officer

BASE = dt.date(2026, 9, 1)
HEADER = ",".join(COLUMNS) + "\n"


def _statement(lines: list[tuple[str, str, Decimal, dt.date, str]]) -> io.BytesIO:
    body = "".join(f"{ref},{notice},{amount},{day.isoformat()},{payer}\n" for ref, notice, amount, day, payer in lines)
    return io.BytesIO((HEADER + body).encode())


def pay_by_bank(case: Case, paid_on: dt.date, finance: User) -> Case:
    """The case's notice, then the bank's one-line statement paying it in full."""
    notice = actions.issue_notice(case, acting_user=finance)
    actions.import_statement(_statement([(f"DEMO{case.pk:08d}", notice.reference, notice.fine, paid_on, case.party_name)]),
                             name=f"银行回单-{notice.reference}.csv", acting_user=finance)
    case.refresh_from_db()
    return case


def build_fines() -> dict[str, int]:
    finance = User.objects.get(username="shijian_caiwu")
    head = User.objects.get(username="shijian_fuze")
    actions.issue_pending_notices(acting_user=finance)
    agency_id = finance.agency_id
    assert agency_id is not None
    notices = list(PaymentNotice.objects.filter(agency_id=agency_id, fine_paid_on__isnull=True).order_by("pk"))
    lines = [("DEMOX0001", "000000000000000", Decimal("200.00"), BASE + dt.timedelta(days=80), "某某（识别码有误）")]
    if notices:
        n = notices[0]
        lines.insert(0, ("DEMOP0001", n.reference, (n.fine / 2).quantize(Decimal("0.01")), n.due_on, "部分缴纳"))
    actions.import_statement(_statement(lines), name="2026年11月对账单.csv", acting_user=finance)
    _property(finance, head)
    return {"缴款通知（示例）/ payment notices": PaymentNotice.objects.filter(agency_id=agency_id).count(),
            "罚没物品（示例）/ confiscated property": Property.objects.filter(agency_id=agency_id).count()}


def _property(finance: User, head: User) -> None:
    """Goods of the first fined case: kept by an officer who did not handle it; one lot auctioned
    and its proceeds paid into the treasury, one still in custody."""
    agency_id = finance.agency_id
    assert agency_id is not None
    case = Case.objects.filter(agency_id=agency_id, decided_fine__isnull=False).order_by("pk").first()
    crew = sorted(CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True)) if case else []
    keeper = Officer.objects.filter(agency_id=agency_id, status=Officer.Status.ACTIVE).exclude(pk__in=crew).order_by("pk").first()
    if case is None or not crew or keeper is None:
        return
    seizer = Officer.objects.get(pk=crew[0])
    where = "县市场监管局罚没物品仓库"
    sold = actions.register_property(case=case, description="假冒品牌白酒", quantity="36箱", seized_on=BASE + dt.timedelta(days=20),
                                     seized_by=seizer, custodian=keeper, location=where, acting_user=head)
    actions.register_property(case=case, description="无标签散装白酒", quantity="120升", seized_on=BASE + dt.timedelta(days=21),
                              seized_by=seizer, custodian=keeper, location=where, acting_user=head)
    sold = actions.dispose_property(sold, disposal="auction", disposed_on=BASE + dt.timedelta(days=60),
                                    proceeds=Decimal("8600.00"), acting_user=head)
    actions.remit_proceeds(sold, remitted_on=BASE + dt.timedelta(days=63), treasury_ref="浙非税0026001", acting_user=finance)
