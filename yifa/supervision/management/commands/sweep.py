"""`yifa sweep [--date YYYY-MM-DD]`: raise, refresh and resolve alerts (预警). Safe to run twice, and
from several workers at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yifa.lib.cliargs import date_arg
from yifa.supervision.sweep import sweep


class Command(BaseCommand):
    help = "执法监督预警扫描 / Sweep the alert rules"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date_arg, default=None, help="as of this day (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        c = sweep(options["date"])
        self.stdout.write(f"新增 {c.created}，重新打开 {c.reopened}，自动解除 {c.resolved}，触发 {c.firing} / "
                          f"created {c.created}, reopened {c.reopened}, resolved {c.resolved}, firing {c.firing}")
