"""Reading a holiday notice typed as text: one exception per line, "2027-01-01 holiday 元旦".

Shared by `yifa calendar load --file` and the calendar page. `parse_notice` checks the form of
each line; `strict=True` (the web form) also checks each line against the year and the weekday,
so a mistake is reported with its line number before anything is saved.
"""

from __future__ import annotations

import datetime as dt

FILE_HELP = "每行：日期 holiday|workday 说明，如 “2027-01-01 holiday 元旦” / one exception per line"
KINDS = ("holiday", "workday")

Exceptions = dict[dt.date, tuple[bool, str]]


class NoticeError(ValueError):
    """A bad line; `zh` and `en` name the line number."""

    def __init__(self, line: int, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.line = line
        self.zh = zh
        self.en = en


def _parse_line(number: int, parts: list[str]) -> tuple[dt.date, bool, str]:
    try:
        day = dt.date.fromisoformat(parts[0])
        kind = parts[1]
    except (ValueError, IndexError):
        kind = ""
        day = dt.date.min
    if kind not in KINDS:
        raise NoticeError(number, f"第{number}行格式错误", f"line {number}: {FILE_HELP}")
    return day, kind == "workday", parts[2] if len(parts) > 2 else ""


def _check_line(number: int, day: dt.date, is_workday: bool, year: int, seen: Exceptions) -> None:
    if day.year != year:
        raise NoticeError(number, f"第{number}行：{day} 不属于 {year} 年",
                          f"line {number}: {day} is not in {year}")
    if day in seen:
        raise NoticeError(number, f"第{number}行：{day} 重复", f"line {number}: {day} is given twice")
    if is_workday and day.weekday() < 5:
        raise NoticeError(number, f"第{number}行：{day} 是工作日，调休上班日应为周末",
                          f"line {number}: {day} is a weekday; a make-up working day must be a weekend")
    if not is_workday and day.weekday() >= 5:
        raise NoticeError(number, f"第{number}行：{day} 是周末，放假日应为工作日（周末本来休息）",
                          f"line {number}: {day} is a weekend; list only holidays that fall on weekdays")


def parse_notice(text: str, year: int, *, strict: bool = False) -> Exceptions:
    """The exceptions in `text`; blank lines and lines starting with # are skipped."""
    out: Exceptions = {}
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split(maxsplit=2)
        if not parts or parts[0].startswith("#"):
            continue
        day, is_workday, name = _parse_line(number, parts)
        if strict:
            _check_line(number, day, is_workday, year, out)
        out[day] = (is_workday, name.strip())
    return out


def format_notice(exceptions: Exceptions) -> str:
    """The text `parse_notice` reads back, one line per exception in date order."""
    return "\n".join(
        f"{day.isoformat()} {'workday' if w else 'holiday'} {name}".rstrip()
        for day, (w, name) in sorted(exceptions.items())
    )
