"""`yifa calendar`: show loaded years, load a year's holiday notice (from a file or the package)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yifa.lib.errors import ActionError
from yifa.workcal.actions import load_year
from yifa.workcal.models import CalendarDay, CalendarYear
from yifa.workcal.seed import exceptions_from_package, source_label

FILE_HELP = "每行：日期 holiday|workday 说明，如 “2027-01-01 holiday 元旦” / one exception per line"


def parse_notice(text: str, year: int) -> dict[dt.date, tuple[bool, str]]:
    out: dict[dt.date, tuple[bool, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split(maxsplit=2)
        if not parts or parts[0].startswith("#"):
            continue
        try:
            day = dt.date.fromisoformat(parts[0])
            kind = parts[1]
            assert kind in ("holiday", "workday")
        except (ValueError, IndexError, AssertionError):
            raise CommandError(f"第{number}行格式错误 / line {number}: {FILE_HELP}") from None
        out[day] = (kind == "workday", parts[2] if len(parts) > 2 else "")
    return out


class Command(BaseCommand):
    help = "节假日安排 / The holiday calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["show", "load"])
        parser.add_argument("year", type=int, nargs="?")
        parser.add_argument("--file", help=FILE_HELP)
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
