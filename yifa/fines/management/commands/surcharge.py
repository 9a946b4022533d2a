"""`yifa surcharge --fine 5000 --due 2026-03-17 --paid 2026-04-10` → 3600.00 (APL 72(1))."""

from __future__ import annotations

import datetime as dt
from decimal import InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.fines.surcharge import Part, rates_on, surcharge
from yifa.lib.bounds import check_money
from yifa.lib.cliargs import date_arg
from yifa.lib.errors import ActionError


def _pause(text: str) -> tuple[dt.date, dt.date | None]:
    start, _, end = text.partition(":")
    return date_arg(start), date_arg(end) if end else None


class Command(BaseCommand):
    help = ("加处罚款计算 / Late-payment surcharge.\n"
            "罚款金额 × 每日3% × 逾期天数（不超过罚款金额；复议、诉讼期间不计）/ "
            "fine × 3% per day late, capped at the fine, paused periods excluded.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fine", required=True, help="罚款金额（元） / the fine (yuan)")
        parser.add_argument("--due", required=True, type=date_arg, help="缴款期限 / the due date (YYYY-MM-DD)")
        parser.add_argument("--paid", required=True, type=date_arg, help="缴款日期 / the day paid (YYYY-MM-DD)")
        parser.add_argument("--pause", action="append", type=_pause, default=[],
                            help="复议或诉讼期间 START:END（可重复） / a paused period START:END (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fine = check_money(options["fine"], "fine")
            amount = surcharge(fine, [Part(fine, options["due"])], as_of=options["paid"], rates=rates_on(options["due"]),
                               pauses=options["pause"])
        except (InvalidOperation, ActionError) as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"{amount:.2f}")
