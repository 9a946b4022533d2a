"""Paying a fine the only way Yifa allows: a notice, then the bank's statement (罚缴分离, APL 67).
Shared by the fines tests and the case tests that need a paid case."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from tests.conftest import CASE_FIELDS

D = dt.date
HEADER = "bank_ref,reference,amount,paid_on,payer\n"


def statement(*lines: tuple[str, str, str, str] | str) -> io.BytesIO:
    """A statement file: each line (bank_ref, reference, amount, paid_on) or a raw text line."""
    body = "".join(line + "\n" if isinstance(line, str) else ",".join(line) + ",浦江县某某食品店\n" for line in lines)
    return io.BytesIO((HEADER + body).encode())


def pay(case: Any, paid_on: dt.date, finance: Any, amount: Decimal | None = None, bank_ref: str = "") -> Any:
    """Issue the case's notice (if none) and import a one-line statement paying it; the case re-read."""
    from yifa.fines import actions
    from yifa.fines.models import PaymentNotice

    notice = PaymentNotice.objects.filter(case=case).first() or actions.issue_notice(case, acting_user=finance)
    line = (bank_ref or f"B{case.pk:06d}{paid_on:%m%d}", notice.reference, str(amount or notice.fine), paid_on.isoformat())
    actions.import_statement(statement(line), name="bank.csv", acting_user=finance)
    case.refresh_from_db()
    return case


SERVED_ON = D(2026, 9, 30)


def served_case(agency: Any, power: Any, crew: Any, officer: Any, head: Any, fine: Decimal = Decimal("5000"),
                served_on: dt.date = SERVED_ON, **fields: Any) -> Any:
    """A fine decision served on `served_on` (decided the day before), through the case actions."""
    from yifa.cases import actions
    from yifa.evidence.actions import add_evidence

    c = actions.register_case(agency=agency, power=power, acting_user=officer, **(CASE_FIELDS | fields))
    c = actions.open_case(c, opened_on=D(2026, 9, 2), officers=[crew["lead"], crew["colleague"]], lead=crew["lead"],
                          acting_user=head)
    add_evidence(c, kind="physical", title="涉案预包装食品", upload=None, acting_user=officer,
                 description="现场查获", collected_on=D(2026, 9, 10))
    c = actions.close_investigation(c, facts="当事人未取得许可经营预包装食品。", on_date=D(2026, 9, 20), acting_user=officer)
    c = actions.review_case(c, opinion="事实清楚。", proposed_types=["fine"], proposed_fine=fine, serious=False,
                            on_date=D(2026, 9, 21), acting_user=head)
    c = actions.notify_case(c, notified_on=D(2026, 9, 22), acting_user=officer)
    c = actions.decide_case(c, outcome="penalty", decided_types=["fine"], decided_fine=fine, decided_on=D(2026, 9, 29),
                            reasons="依据食品安全法第一百二十二条。", acting_user=head)
    return actions.serve_decision(c, served_on=served_on, method="direct", acting_user=officer)
