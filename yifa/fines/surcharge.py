"""The late-payment surcharge (加处罚款, APL 72(1)): a share of the fine per day late, capped at a
share of the fine, not counted while a reconsideration or lawsuit is pending (APL 73(3)).

Pure functions of dates and Decimals; the rate and the cap come from LegalParameter rows
(`FINE_SURCHARGE_RATE`, `FINE_SURCHARGE_CAP`) through `rates_on`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yifa.lib import bounds
from yifa.workcal.parameters import parameter_on

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

#: (first day, last day or None while pending): days on which no surcharge is counted.
Pause = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Part:
    """One amount with its due date: the whole fine, or one instalment of an approved schedule."""

    amount: Decimal
    due_on: dt.date


@dataclass(frozen=True)
class Rates:
    """Percent of the part per day late; the cap as a percent of the whole fine."""

    daily_percent: Decimal
    cap_percent: Decimal


def rates_on(day: dt.date) -> Rates:
    """The surcharge rate and cap in force on `day` (APL 72(1), as data)."""
    return Rates(parameter_on("FINE_SURCHARGE_RATE", day), parameter_on("FINE_SURCHARGE_CAP", day))


def late_days(due_on: dt.date, until: dt.date, pauses: Iterable[Pause] = ()) -> int:
    """Calendar days after `due_on` up to and including `until`, less the paused days."""
    if until <= due_on:
        return 0
    first, days = due_on + dt.timedelta(days=1), (until - due_on).days
    for start, end in pauses:
        lo, hi = max(start, first), min(end or until, until)
        if hi >= lo:
            days -= (hi - lo).days + 1
    return max(days, 0)


def paid_dates(parts: Sequence[Part], payments: Iterable[tuple[dt.date, Decimal]]) -> list[dt.date | None]:
    """The day each part was paid in full: payments, in date order, settle the parts in order."""
    left = [p.amount for p in parts]
    done: list[dt.date | None] = [None] * len(parts)
    i = 0
    for day, amount in sorted(payments):
        while amount > 0 and i < len(parts):
            used = min(amount, left[i])
            left[i] -= used
            amount -= used
            if left[i] == 0:
                done[i] = day
                i += 1
    return done


def surcharge(fine: Decimal, parts: Sequence[Part], *, as_of: dt.date, rates: Rates,
              paid: Sequence[dt.date | None] | None = None, pauses: Iterable[Pause] = ()) -> Decimal:
    """The surcharge owed on `as_of`: each part accrues from its due date until it was paid in full
    (or `as_of`), at the daily rate of that part; the total is capped at the cap share of the fine."""
    pauses = list(pauses)
    paid = list(paid) if paid is not None else [None] * len(parts)
    total = Decimal(0)
    for part, paid_on in zip(parts, paid, strict=True):
        until = min(paid_on, as_of) if paid_on else as_of
        total += part.amount * rates.daily_percent / HUNDRED * late_days(part.due_on, until, pauses)
    cap = fine * rates.cap_percent / HUNDRED
    return min(total, cap).quantize(CENT, rounding=ROUND_HALF_UP)


def calculate(fine: Decimal, due_on: dt.date, paid_on: dt.date) -> Decimal:
    """The calculator (`yifa surcharge`, the page, the API): one fine, one due date, paid on a day."""
    fine = bounds.check_money(fine, "fine")
    bounds.check_business_date(due_on, "due")
    bounds.check_business_date(paid_on, "paid")
    return surcharge(fine, [Part(fine, due_on)], as_of=paid_on, rates=rates_on(due_on))
