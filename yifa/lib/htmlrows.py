"""Rows of list pages written in Python: what a template loop printed, without the template
engine's per-value work (variable lookup, filter chain, localisation, escape).

A list of fifty rows with half a dozen values each spent most of its page's CPU in that loop
(docs/benchmarks.md, "CPU per request"). A page that prints its rows through these helpers must
print exactly what its loop printed: every value goes through `escaped` (the template's
autoescape rule), dates through `ymd` / `ymd_hm` (the `|date` formats the pages use, which have
no localised part).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe


def escaped(value: Any) -> str:
    """`conditional_escape` without its lazy-argument wrapper (which cost more than the escaping
    itself, several times a row): safe HTML as it is, anything else as `escape` writes it."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def html_row(template: str, *values: Any, **named: Any) -> str:
    """`format_html(template, ...)` for one row of many: each value escaped."""
    return template.format(*map(escaped, values), **{k: escaped(v) for k, v in named.items()})


def html_fragment(template: str, *values: Any, **named: Any) -> SafeString:
    """`html_row` as safe HTML, for a piece that goes into a row (it is not escaped again)."""
    return mark_safe(html_row(template, *values, **named))  # noqa: S308 -- values escaped


def joined(rows: Iterable[str]) -> SafeString:
    """The rows as one safe value for the template."""
    return mark_safe("".join(rows))  # noqa: S308 -- each row is html_row's (values escaped)


def ymd(day: Any) -> str:
    """`|date:"Y-m-d"`: the date's digits ("" for none, as the filter prints)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if day else ""


def ymd_hm(moment: Any) -> str:
    """`|date:"Y-m-d H:i"` of a stored (aware) moment, in the current time zone as the template
    shows it ("" for none)."""
    if not moment:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{ymd(moment)} {moment.hour:02d}:{moment.minute:02d}"


def filter_options(choices: Sequence[tuple[Any, Any]], chosen: Any) -> SafeString:
    """The `<option>`s of a list filter after its "all" option."""
    return joined(html_row('<option value="{}"{}>{}</option>', value, " selected" if value == chosen else "", label)
                  for value, label in choices)
