"""`yifa deadline`: the legal time-limit calculator on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.cliargs import date_arg
from yifa.lib.workdays import DayUnit, Deadline
from yifa.workcal.calendar import UnknownRule, apply_rule, count_days
from yifa.workcal.models import DeadlineRule


class Command(BaseCommand):
    help = "计算法定期限（起算日不计入）/ Compute a legal deadline (the start day is not counted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=date_arg, help="起算事件发生之日 YYYY-MM-DD")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--working-days", type=int)
        group.add_argument("--calendar-days", type=int)
        group.add_argument("--rule", help="法定时限规则编码（见 --list）")
        group.add_argument("--list", action="store_true", help="列出法定时限规则")

    def handle(self, *args: Any, **opts: Any) -> None:
        self._verbosity = int(opts["verbosity"])
        if opts["list"]:
            for rule in DeadlineRule.objects.order_by("code", "effective_from"):
                self.stdout.write(str(rule))
            return
        if not opts["start"]:
            raise CommandError("请用 --from 指定起算日 / Give the start date with --from.")
        start: dt.date = opts["start"]
        if opts["rule"]:
            try:
                result = apply_rule(opts["rule"], start)
            except UnknownRule:
                raise CommandError(f"没有在该日有效的规则：{opts['rule']} / No such rule in force then.") from None
            self._print(result.deadline, f"{result.rule.name}，{result.rule.citation}")
            return
        for key, unit in (("working_days", DayUnit.WORKING), ("calendar_days", DayUnit.CALENDAR)):
            if opts[key] is not None:
                if opts[key] < 0:
                    raise CommandError("天数不能为负数 / The count must not be negative.")
                self._print(count_days(start, opts[key], unit), "")
                return
        raise CommandError("请指定 --working-days、--calendar-days 或 --rule / Say how to count.")

    def _print(self, deadline: Deadline, note: str) -> None:
        self.stdout.write(deadline.due.isoformat())
        if deadline.provisional:
            self.stderr.write("暂定：该年度节假日安排尚未载入，仅按周末计算 / provisional: that year's calendar is not loaded")
        if note and self._verbosity >= 2:
            self.stderr.write(note)
