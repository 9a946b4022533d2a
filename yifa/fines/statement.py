"""Bank statement files: the documented column layout, the whole-file check (any malformed row
rejects the file, with every row's errors in Chinese and English) and the reconciliation of each
line against the payment notices.

Layout (UTF-8, a BOM allowed, comma separated, one header row, one payment per line):

    bank_ref,reference,amount,paid_on,payer
    (or the Chinese header: 银行流水号,缴款识别码,金额,缴款日期,缴款人)

- bank_ref  the bank's transaction number: 1–40 letters, digits or '-'; a number seen before
            (in this file or an earlier one) is a duplicate, never counted twice;
- reference the payment notice's reference (缴款识别码) the party quoted;
- amount    yuan, more than 0, at most two decimal places (no thousands separators);
- paid_on   the day the bank received the money, YYYY-MM-DD, not after today;
- payer     the payer's name as the bank has it (may be empty; at most 100 characters).

Reading is streamed and never held in memory: the file's bytes are hashed, then its rows are
read once, each checked as it is read; the good lines go to reconciliation while the file has no
error, and after an error the rest is only checked (the caller's transaction is rolled back:
nothing of a bad file is kept).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, NamedTuple

from django.utils import timezone

from yifa.lib.bounds import money_max
from yifa.lib.errors import ActionError

COLUMNS = ("bank_ref", "reference", "amount", "paid_on", "payer")
COLUMNS_ZH = ("银行流水号", "缴款识别码", "金额", "缴款日期", "缴款人")
BANK_REF = re.compile(r"^[A-Za-z0-9-]{1,40}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
#: Rows' errors kept for the answer (all are counted; a file of garbage is not echoed whole).
MAX_ERRORS = 200


class Line(NamedTuple):
    """One payment line (a named tuple: made 100,000 times per statement, it costs a third of a
    frozen dataclass)."""

    line: int
    bank_ref: str
    reference: str
    amount: Decimal
    paid_on: dt.date
    payer: str


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.zh, "message_en": self.en}


class StatementRejected(ActionError):
    """The whole file is refused: nothing of it is written. `errors` lists the rows' problems."""

    def __init__(self, errors: list[RowError], total: int) -> None:
        shown = "；".join(f"第{e.line}行 {e.column}：{e.zh}" for e in errors[:5])
        shown_en = "; ".join(f"line {e.line} {e.column}: {e.en}" for e in errors[:5])
        super().__init__(f"对账单有{total}处错误，整个文件未导入：{shown}",
                         f"The statement has {total} error(s); nothing of it was imported: {shown_en}", field="file")
        self.errors, self.total = errors, total


def _text(stream: IO[bytes]) -> io.TextIOWrapper:
    stream.seek(0)
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


#: Distinct day texts remembered while reading (a statement has a few; the cap keeps a file of
#: garbage from growing the memo).
DAY_MEMO = 4096
CONTROL = re.compile(r"[\x00-\x1f]")
OK, BAD_DAY, FUTURE = 0, 1, 2


def _day_status(text: str, today: dt.date) -> int:
    try:
        if not DATE.match(text):
            return BAD_DAY
        day = dt.date.fromisoformat(text)
    except ValueError:
        return BAD_DAY
    return FUTURE if day > today else OK


def _amount_error(n: int, text: str, limit: Decimal) -> RowError | None:
    if not AMOUNT.match(text):
        return RowError(n, "amount", "金额应为正数，最多两位小数", "amount must be a positive number with at most two decimals")
    if not 0 < Decimal(text) <= limit:
        return RowError(n, "amount", "金额须大于0且不超过允许的最大金额", "amount must be above 0 and within the maximum")
    return None


def _day_error(n: int, text: str, today: dt.date, days: dict[str, int]) -> RowError | None:
    status = days.get(text)
    if status is None:
        status = _day_status(text, today)
        if len(days) < DAY_MEMO:
            days[text] = status
    if status == BAD_DAY:
        return RowError(n, "paid_on", "缴款日期应为YYYY-MM-DD格式的有效日期", "paid_on must be a valid YYYY-MM-DD date")
    if status == FUTURE:
        return RowError(n, "paid_on", "缴款日期晚于今天", "paid_on is after today")
    return None


def _check_row(n: int, row: list[str], today: dt.date, limit: Decimal, days: dict[str, int]) -> list[RowError]:
    """The row's errors (none for a good row: nothing is built for it)."""
    if len(row) != len(COLUMNS):
        return [RowError(n, "*", f"应有{len(COLUMNS)}列，实有{len(row)}列", f"expected {len(COLUMNS)} columns, found {len(row)}")]
    bank_ref, reference, amount_text, day_text, payer = (v.strip() for v in row)
    found = (
        None if BANK_REF.match(bank_ref) else
        RowError(n, "bank_ref", "银行流水号应为1至40位字母、数字或“-”", "bank_ref must be 1-40 letters, digits or '-'"),
        None if reference and len(reference) <= 40 else
        RowError(n, "reference", "缴款识别码为空或过长", "reference is empty or too long"),
        _amount_error(n, amount_text, limit),
        _day_error(n, day_text, today, days),
        None if len(payer) <= 100 and not CONTROL.search(payer) else
        RowError(n, "payer", "缴款人过长或含控制字符", "payer is too long or holds control characters"),
    )
    return [e for e in found if e is not None]


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    text = _text(stream)
    reader = csv.reader(text)
    try:
        for row in reader:
            yield reader.line_num, row
    except UnicodeDecodeError:
        raise StatementRejected([RowError(reader.line_num + 1, "*", "文件不是UTF-8编码", "the file is not UTF-8")], 1) from None
    except csv.Error as err:
        raise StatementRejected([RowError(reader.line_num, "*", "CSV格式错误", f"malformed CSV: {err}")], 1) from None
    finally:
        text.detach()  # the caller's file stays open (it was hashed first)


def sha256(stream: IO[bytes]) -> str:
    """The file's SHA-256 (its bytes as uploaded)."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    return digest.hexdigest()


def read(stream: IO[bytes]) -> Iterator[Line]:
    """The file's payment lines, streamed, each checked as it is read. Lines are handed out while
    the file has no error; after one, the rest is only checked, and at the end `StatementRejected`
    is raised with every row's errors (the first MAX_ERRORS; all are counted). The caller runs in
    one transaction, so a rejected file leaves nothing behind however far it got."""
    today = timezone.localdate()
    rows = _rows(stream)
    header = next(rows, None)
    if header is None or tuple(c.strip() for c in header[1]) not in (COLUMNS, COLUMNS_ZH):
        raise StatementRejected([RowError(1, "*", f"首行应为列名：{','.join(COLUMNS)}", f"the first row must be the header: {','.join(COLUMNS)}")], 1)
    limit, fast = money_max(), _FastCheck(today)
    good, days = _GOOD_ROW.fullmatch, fast.days
    make = tuple.__new__  # Line(...) goes through a Python-level __new__: ten times the cost
    errors: list[RowError] = []
    total = count = 0
    for n, row in rows:
        if not row:
            continue
        count += 1
        # The common row inline (100,000 of them); `fast.line` for any other.
        if len(row) == 5 and good(_SEP.join(row)):
            bank_ref, reference, amount_text, day_text, payer = row
            day, amount = days.get(day_text) or fast.day(day_text), Decimal(amount_text)
            line = make(Line, (n, bank_ref, reference, amount, day, payer)) if day and 0 < amount <= limit else None
        else:
            line = fast.line(n, row, limit)
        if line is not None:
            if not total:
                yield line
            continue
        found = _check_row(n, row, today, limit, fast.statuses)
        total += len(found)
        if len(errors) < MAX_ERRORS:
            errors.extend(found[: MAX_ERRORS - len(errors)])
    if total:
        raise StatementRejected(errors, total)
    if not count:
        raise StatementRejected([RowError(2, "*", "对账单没有缴款记录", "the statement has no payment lines")], 1)


#: A good row as most files have it, its five values joined by U+001F: ASCII digits, nothing to
#: strip, no control character. A row it does not match takes the careful way (`_FastCheck.line`),
#: so it may only be stricter than the rules above, never looser.
_SEP = "\x1f"
_GOOD_ROW = re.compile(
    r"[A-Za-z0-9-]{1,40}\x1f"  # bank_ref
    r"[^\x1f\s](?:[^\x1f]{0,38}[^\x1f\s])?\x1f"  # reference: 1-40 characters, none to strip
    r"[0-9]{1,12}(?:\.[0-9]{1,2})?\x1f"  # amount
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}\x1f"  # paid_on (a real day, not after today: checked after)
    r"(?:[^\x00-\x1f\s](?:[^\x00-\x1f]{0,98}[^\x00-\x1f\s])?)?")  # payer: 0-100, none to strip


class _FastCheck:
    """A good row made into its `Line` with the fewest steps (a statement has 100,000 of them);
    any doubt → None, and `_check_row` says what is wrong (or that nothing is)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.days: dict[str, dt.date | None] = {}  # a statement has few distinct days: each parsed once
        self.statuses: dict[str, int] = {}  # the slow path's own memo
        self.good = _GOOD_ROW.fullmatch

    def day(self, text: str) -> dt.date | None:
        if text in self.days:
            return self.days[text]
        found = None
        if _day_status(text, self.today) == OK:
            found = dt.date.fromisoformat(text)
        if len(self.days) < DAY_MEMO:
            self.days[text] = found
        return found

    def line(self, n: int, row: list[str], limit: Decimal) -> Line | None:
        if len(row) != len(COLUMNS):
            return None
        if self.good(_SEP.join(row)):
            bank_ref, reference, amount_text, day_text, payer = row
        else:
            bank_ref, reference, amount_text, day_text, payer = (v.strip() for v in row)
            if not (BANK_REF.match(bank_ref) and reference and len(reference) <= 40 and AMOUNT.match(amount_text)
                    and len(payer) <= 100 and not CONTROL.search(payer)):
                return None
        day = self.day(day_text)
        amount = Decimal(amount_text)
        if day is None or not 0 < amount <= limit:
            return None
        return Line(n, bank_ref, reference, amount, day, payer)
