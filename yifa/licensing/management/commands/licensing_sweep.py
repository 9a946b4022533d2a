"""`yifa licensing_sweep [--date YYYY-MM-DD]`: what the law makes happen when the agency does not act
— applications left without a correction notice count as accepted (ALL art. 32), renewals not
decided by the licence's expiry are deemed granted (ALL art. 50). Safe to run twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from yifa.licensing import actions


class Command(BaseCommand):
    help = "逾期视为受理、视为准予延续 / Deemed acceptance and deemed renewal (ALL arts. 32, 50)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="as of this day (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        accepted = actions.deem_accepted_if_overdue(today)
        renewed = actions.deem_renewals_granted(today)
        self.stdout.write(f"deemed accepted: {accepted}; deemed renewed: {renewed}")
