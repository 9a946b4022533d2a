"""Command-line argument types whose errors say what is wrong with the value given."""

from __future__ import annotations

import argparse
import datetime as dt
import re

_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_arg(value: str) -> dt.date:
    """A date written YYYY-MM-DD: "2026-02-30 不是有效日期" rather than a bare format hint."""
    text = value.strip()
    if not _SHAPE.match(text):
        raise argparse.ArgumentTypeError(
            f"“{value}”不是日期，请写作 年-月-日，如 2026-03-17 / “{value}” is not a date: write it as 2026-03-17")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} 不是有效日期 / {text} is not a valid date") from None
