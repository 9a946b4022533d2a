"""The surcharge calculator as an endpoint (the same function as `yifa surcharge` and the page)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from yifa.fines.surcharge import calculate, rates_on
from yifa.lib import bounds
from yifa.workcal.parameters import parameter_row

router = Router(tags=["罚没款"])


class SurchargeOut(Schema):
    surcharge: str
    days_late: int
    daily_percent: str
    cap_percent: str
    citation: str


@router.get("/surcharge", response=SurchargeOut, operation_id="compute_fine_surcharge")
def surcharge(request: HttpRequest, fine: bounds.Money, due: dt.date, paid: dt.date) -> SurchargeOut:
    """加处罚款 (APL 72(1)): `fine` × the daily rate × days after `due` up to `paid`, capped at the
    fine. 例 / e.g. fine=5000, due=2026-03-17, paid=2026-04-10 → 3600.00."""
    amount = calculate(fine, due, paid)
    rates = rates_on(due)
    return SurchargeOut(surcharge=f"{amount:.2f}", days_late=max((paid - due).days, 0),
                        daily_percent=f"{rates.daily_percent:.2f}", cap_percent=f"{rates.cap_percent:.2f}",
                        citation=parameter_row("FINE_SURCHARGE_RATE", due).citation)
