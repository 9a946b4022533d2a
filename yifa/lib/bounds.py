"""Inputs within reason: money, dates and text, each checked by one rule used everywhere.

Every check raises `ActionError` (Chinese and English, naming the field) and returns the value
it accepted, unchanged: nothing is rounded or trimmed silently. The limits are settings (they are
a matter of what the system can store and what is plausible, not of law, so they are not
`LegalParameter` rows): `YIFA_MONEY_MAX`, `YIFA_DATE_PAST_YEARS`, `YIFA_DATE_FUTURE_YEARS`,
`YIFA_PERIOD_MAX_DAYS` (see settings.py).

`pydantic_check(check)` wraps a check for use in a pydantic schema (`AfterValidator`): its refusal
travels as a `PydanticCustomError` of type `REFUSAL` carrying both sentences, which the API's
error handler and the workflow core's input validation turn back into the bilingual message.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from yifa.lib.errors import ActionError, NotFound

T = TypeVar("T")

#: The pydantic error type whose context holds a bilingual refusal ("zh", "en").
REFUSAL = "yifa_refusal"

#: Money columns: DecimalField(max_digits=MONEY_DIGITS, decimal_places=2) everywhere.
MONEY_DIGITS = 14
MONEY_PLACES = 2
#: The largest amount a money column can hold (the configured maximum may not exceed it).
MONEY_CAPACITY = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES) - Decimal("0.01")


def _name(field: str | None, label: str | None) -> tuple[str, str]:
    return (f"“{label or field}”" if (label or field) else "", f"'{field}'" if field else "the value")


# --- money ---------------------------------------------------------------------------------------


def money_max() -> Decimal:
    """The configured largest amount (yuan), never above what a money column holds."""
    return min(Decimal(str(getattr(settings, "YIFA_MONEY_MAX", MONEY_CAPACITY))), MONEY_CAPACITY)


def check_money(value: Any, field: str | None = None, label: str | None = None) -> Decimal:
    """A non-negative amount in yuan with at most two decimal places, at most `money_max()`."""
    zh, en = _name(field, label)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ActionError(f"{zh}不是有效的金额。", f"{en} is not a valid amount.", field=field) from None
    if not amount.is_finite():
        raise ActionError(f"{zh}不是有效的金额。", f"{en} is not a valid amount.", field=field)
    if amount < 0:
        raise ActionError(f"{zh}不能为负数。", f"{en} must not be negative.", field=field)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_PLACES and amount != amount.quantize(Decimal("0.01")):
        raise ActionError(f"{zh}最多保留两位小数（元、角、分），请勿填写更小的单位。",
                          f"{en} may have at most two decimal places (fen).", field=field)
    top = money_max()
    if amount > top:
        raise ActionError(f"{zh}超出允许的最大金额（{top:,.2f}元）。",
                          f"{en} exceeds the largest amount allowed ({top:,.2f} yuan).", field=field)
    return amount


# --- dates ---------------------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def business_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates a record of today's work may bear: some decades back, some years ahead."""
    today = today or timezone.localdate()
    past, future = int(getattr(settings, "YIFA_DATE_PAST_YEARS", 50)), int(getattr(settings, "YIFA_DATE_FUTURE_YEARS", 30))
    return _years_before(today, past), _years_before(today, -future)


def check_business_date(day: dt.date, field: str | None = None, label: str | None = None) -> dt.date:
    """Any date a step or a record bears: within the window around today."""
    first, last = business_window()
    if not first <= day <= last:
        zh, en = _name(field, label)
        raise ActionError(f"{zh}{day.isoformat()}不在合理范围内（{first.isoformat()}至{last.isoformat()}）。",
                          f"{en} {day.isoformat()} is out of range ({first.isoformat()} to {last.isoformat()}).",
                          field=field)
    return day


def check_past_date(day: dt.date, field: str | None = None, label: str | None = None) -> dt.date:
    """The date of something that has happened (an act, its discovery, a registration): not after
    today, and within the window."""
    today = timezone.localdate()
    if day > today:
        zh, en = _name(field, label)
        raise ActionError(f"{zh}{day.isoformat()}晚于今天，已发生的事实不能是将来的日期。",
                          f"{en} {day.isoformat()} is after today; a fact that happened cannot be in the future.",
                          field=field)
    return check_business_date(day, field, label)


def check_birth_date(day: dt.date, field: str | None = None, label: str | None = None) -> dt.date:
    """A birth date: before today and within 150 years."""
    today = timezone.localdate()
    if not _years_before(today, 150) <= day < today:
        zh, en = _name(field, label)
        raise ActionError(f"{zh}{day.isoformat()}不是合理的出生日期（须早于今天且在150年以内）。",
                          f"{en} {day.isoformat()} is not a plausible birth date (before today, within 150 years).",
                          field=field)
    return day


def check_period(count: int, field: str | None = "days") -> int:
    """A number of days to count: not negative, at most `YIFA_PERIOD_MAX_DAYS` (ten years by
    default: no statutory period comes near, and counting working days costs a loop per day)."""
    top = int(getattr(settings, "YIFA_PERIOD_MAX_DAYS", 3660))
    if not 0 <= count <= top:
        raise ActionError(f"天数须在0至{top}之间。", f"The number of days must be between 0 and {top}.", field=field)
    return count


# --- text ----------------------------------------------------------------------------------------

#: Layout characters a multi-line text may hold; every other control character is refused.
LAYOUT = frozenset("\t\n\r")


def text_problem(value: str) -> tuple[str, str] | None:
    """Why `value` cannot be stored as text (zh, en), or None: a lone surrogate (not a character,
    and not encodable) or a control character other than tab and line breaks (NUL, ESC, BEL…:
    invisible, they corrupt exports, terminals and PostgreSQL's text type)."""
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return "含有无效字符（孤立代理项）", "contains an invalid character (a lone surrogate)"
        if ch not in LAYOUT and unicodedata.category(ch) == "Cc":
            return f"含有不可见的控制字符（U+{ord(ch):04X}）", f"contains an invisible control character (U+{ord(ch):04X})"
    return None


def check_text(value: T, field: str | None = None, label: str | None = None) -> T:
    """Strings (also inside lists and dicts) free of control characters and lone surrogates."""
    for text in _strings(value):
        problem = text_problem(text)
        if problem:
            zh, en = _name(field, label)
            raise ActionError(f"{zh}{problem[0]}。", f"{en} {problem[1]}.", field=field)
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    return []


# --- in pydantic schemas -------------------------------------------------------------------------


def pydantic_check(check: Callable[..., T]) -> Callable[[Any], T]:
    """`check` as a pydantic after-validator: a refusal becomes a `REFUSAL` error with both sentences."""

    def run(value: Any) -> T:
        try:
            return check(value)
        except ActionError as err:
            raise PydanticCustomError(REFUSAL, err.en, {"zh": err.zh, "en": err.en}) from None

    return run


def refusal_of(error: dict[str, Any], field: str, title: str) -> ActionError | None:
    """The bilingual refusal a pydantic error carries (from `pydantic_check`), naming `title`."""
    if error.get("type") != REFUSAL:
        return None
    ctx = error.get("ctx") or {}
    label = f"“{title}”" if title else ""
    return ActionError(f"{label}{ctx.get('zh', '')}", f"'{field}': {ctx.get('en', '')}", field=field or None)


#: An amount of money in a pydantic schema: checked by `check_money` (bilingual refusals).
Money = Annotated[Decimal, BeforeValidator(pydantic_check(check_money)),
                  WithJsonSchema({"type": "string", "format": "decimal", "pattern": r"^\d{1,12}(\.\d{1,2})?$",
                                  "description": "元，最多两位小数 / yuan, at most two decimal places"})]


def refuse_bad_text(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """A `pre_save` guard on every Yifa model: no text column is written with a control character
    or a lone surrogate, whichever form, API, importer or command it came from (the refusal
    rolls back the action's transaction, so nothing is written)."""
    if raw or not sender.__module__.startswith("yifa."):
        return
    for f in sender._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField | models.JSONField):
            value = getattr(instance, f.attname)
            if value:
                check_text(value, f.name, str(f.verbose_name))


#: The last page number a list answers (far beyond any real list; a larger number would only
#: overflow the database's OFFSET).
PAGE_MAX = 1_000_000


def check_page(page: int, field: str | None = "page") -> int:
    if not 1 <= page <= PAGE_MAX:
        raise ActionError(f"页码须在1至{PAGE_MAX}之间。", f"The page number must be between 1 and {PAGE_MAX}.", field=field)
    return page


#: The largest id a database column holds (64-bit); a longer number in a URL names nothing.
ID_MAX = 2**63 - 1


def _too_large(part: str) -> bool:
    return part.isascii() and part.isdigit() and (len(part) > 19 or int(part) > ID_MAX)


class QueryGuard:
    """Middleware: a query string (search words, filters, page numbers) with a control character
    is refused (400, both languages) before any view sees it — PostgreSQL cannot even compare
    text holding NUL, so a `?q=%00` would otherwise fail inside the query. A record id in the path
    too large for any column is "no such record" (404), not an overflow in the database driver."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(_too_large(part) for part in request.path.split("/")):
            missing = NotFound()
            if request.path.startswith("/api/"):
                return JsonResponse(missing.as_dict(), status=404)
            raise Http404(missing.zh)
        for key, values in request.GET.lists():
            try:
                check_text([key, *values], key)
            except ActionError as err:
                if request.path.startswith("/api/"):
                    return JsonResponse(err.as_dict(), status=400)
                return HttpResponseBadRequest(f"{err.zh}\n{err.en}\n", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
