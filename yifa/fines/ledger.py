"""What a payment notice owes on a day: its parts (the fine, or an approved schedule), the
surcharge on each late part, the pauses, and the payments the bank has reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from yifa.fines.surcharge import Part, Pause, Rates, paid_dates, rates_on, surcharge


@dataclass
class Account:
    """One notice's figures, enough to reconcile a payment against it."""

    fine: Decimal
    due_on: dt.date
    schedule: list[Part] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    payments: list[tuple[dt.date, Decimal]] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        return self.schedule or [Part(self.fine, self.due_on)]

    def add_payment(self, day: dt.date, amount: Decimal) -> None:
        self.payments.append((day, amount))

    @property
    def paid(self) -> Decimal:
        return sum((a for _, a in self.payments), Decimal(0))

    def surcharge_on(self, day: dt.date, rates: Rates | None = None) -> Decimal:
        parts = self.parts
        if all(day <= p.due_on for p in parts):  # nothing late yet (most payments): no rates needed
            return Decimal("0.00")
        return surcharge(self.fine, parts, as_of=day, rates=rates or rates_on(parts[0].due_on),
                         paid=paid_dates(parts, self.payments), pauses=self.pauses)

    def outstanding_on(self, day: dt.date, rates: Rates | None = None) -> Decimal:
        """The fine and the surcharge accrued by `day`, less what was paid."""
        return self.fine + self.surcharge_on(day, rates) - self.paid

    def scheduled_by(self, day: dt.date) -> Decimal:
        """What the schedule asks to have been paid by the next due date from `day` (the whole fine
        without a schedule): an instalment paid as approved is a match, not a partial payment."""
        total = Decimal(0)
        for part in self.parts:
            total += part.amount
            if part.due_on >= day:
                break
        return total

    def due_on_day(self, day: dt.date, rates: Rates | None = None) -> Decimal:
        """The instalments due by the next due date and the surcharge accrued, less what was paid."""
        return self.scheduled_by(day) + self.surcharge_on(day, rates) - self.paid


def reference_for(agency_id: int, case_id: int) -> str:
    """A 15-digit reference with ISO 7064 MOD 97-10 check digits: a mistyped digit, or two
    swapped, never matches another notice."""
    base = f"{agency_id % 10**4:04d}{case_id % 10**9:09d}"
    return f"{base}{98 - int(base) * 100 % 97:02d}"


def valid_reference(text: str) -> bool:
    return len(text) == 15 and text.isdigit() and int(text) % 97 == 1


def schedule_total(parts: Sequence[Part]) -> Decimal:
    return sum((p.amount for p in parts), Decimal(0))
