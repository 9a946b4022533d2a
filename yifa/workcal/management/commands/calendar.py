"""`yifa calendar`: show loaded years, load a year's holiday notice (from a file or the package)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.errors import ActionError
from yifa.workcal import notice
from yifa.workcal.actions import load_year
from yifa.workcal.models import CalendarDay, CalendarYear
from yifa.workcal.seed import exceptions_from_package, source_label


def parse_notice(text: str, year: int) -> dict[dt.date, tuple[bool, str]]:
    try:
        return notice.parse_notice(text, year)
    except notice.NoticeError as err:
        raise CommandError(f"{err.zh} / {err.en}") from None


class Command(BaseCommand):
    help = "节假日安排 / The holiday calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["show", "load"])
        parser.add_argument("year", type=int, nargs="?")
        parser.add_argument("--file", help=notice.FILE_HELP)
        parser.add_argument("--source", default="", help="来源，如 国办发明电〔2026〕X号")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "show":
            self._show(opts["year"])
            return
        year = opts["year"]
        if not year:
            raise CommandError("请指定年份 / Give the year.")
        if opts["file"]:
            days = parse_notice(Path(opts["file"]).read_text(encoding="utf-8"), year)
            source = opts["source"] or Path(opts["file"]).name
        else:
            days, source = exceptions_from_package(year), source_label()
            if not days:
                raise CommandError(f"chinese-calendar 没有 {year} 年的数据，请用 --file / no data for {year}")
        try:
            entry = load_year(year, days, source, acting_user=None)
        except ActionError as err:
            raise CommandError(f"{err.zh} / {err.en}") from None
        self.stdout.write(f"{year}: {len(days)} exceptions loaded (v{entry.version})")

    def _show(self, year: int | None) -> None:
        if year is None:
            for y in CalendarYear.objects.all():
                self.stdout.write(f"{y.year} v{y.version} {y.source}")
            return
        for d in CalendarDay.objects.filter(date__year=year):
            self.stdout.write(f"{d.date} {'workday' if d.is_workday else 'holiday'} {d.name}")
